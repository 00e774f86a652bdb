"""The admin in German throughout: our German catalog supplies what Django 6.1's and django-otp's lack; and
Dutch where Django's Dutch has a gap, which would otherwise show the German fallback."""

import pytest

from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_the_action_select_of_a_list_is_german(admin_client):
    CategoryFactory()  # the actions show above a list that has rows
    html = admin_client.get("/admin/catalogs/category/").content.decode()
    assert ">– Bitte wählen –</option>" in html
    assert ">Ausführen</button>" in html
    assert "Select an option" not in html and ">Run<" not in html


def test_the_second_factor_devices_have_german_names(admin_client):
    index = admin_client.get("/admin/").content.decode()
    assert "TOTP-Geräte" in index and "Zwei-Faktor-Anmeldung" in index
    assert "TOTP devices" not in index and "Otp_Totp" not in index
    page = admin_client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "TOTP-Gerät" in page.split("</title>")[0]


def test_staff_who_chose_english_get_django_s_english(admin_client, admin_user):
    admin_user.language = "en"
    admin_user.save(update_fields=["language"])
    CategoryFactory()
    html = admin_client.get("/admin/catalogs/category/").content.decode()
    assert ">- Select an option -</option>" in html and ">Run</button>" in html
    assert "TOTP devices" in admin_client.get("/admin/").content.decode()


def test_the_admin_s_date_picker_and_selector_speak_german(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    assert '"Heute (%(date)s)"' in script and '"Alle %s ausw\\u00e4hlen"' in script


def test_dutch_staff_do_not_get_german_where_django_has_no_dutch(admin_client, admin_user):
    """Django falls back to the site's language, German, for what its Dutch catalog lacks."""
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])
    CategoryFactory()
    html = admin_client.get("/admin/catalogs/category/").content.decode()
    assert ">– Maak een keuze –</option>" in html and "Bitte wählen" not in html
    assert '"Vandaag (%(date)s)"' in admin_client.get("/admin/jsi18n/").content.decode()
