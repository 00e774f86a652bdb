from django.urls import reverse

from tests.factories import StaffFactory
from tickets.workspace import SavedView

from .factories import SavedViewFactory

QUEUE = reverse("backoffice:queue")


def test_save_the_current_filters_under_a_name(staff_client, case_worker):
    query = "view=all&priority=high&after=abc&evil=1"
    response = staff_client.post(reverse("backoffice:saved_view_add"), {"name": "Dringend", "query": query})
    assert response.status_code == 302
    saved = SavedView.objects.get(user=case_worker)
    assert (saved.name, saved.query) == ("Dringend", "view=all&priority=high")
    page = staff_client.get(QUEUE).content.decode()
    assert '<a href="?view=all&amp;priority=high"' in page and "Dringend" in page


def test_saving_the_same_name_again_replaces_the_filters(staff_client, case_worker):
    url = reverse("backoffice:saved_view_add")
    staff_client.post(url, {"name": "Meins", "query": "view=all"})
    staff_client.post(url, {"name": "Meins", "query": "view=overdue"})
    assert list(SavedView.objects.values_list("query", flat=True)) == ["view=overdue"]


def test_a_view_without_a_name_is_not_saved(staff_client):
    response = staff_client.post(reverse("backoffice:saved_view_add"), {"name": " ", "query": "view=all"})
    assert response.status_code == 302
    assert not SavedView.objects.exists()


def test_only_my_own_views_are_listed_and_deletable(staff_client, case_worker):
    mine = SavedViewFactory(user=case_worker, name="Meine Sicht")
    theirs = SavedViewFactory(user=StaffFactory(), name="Fremde Sicht")
    page = staff_client.get(QUEUE).content.decode()
    assert "Meine Sicht" in page and "Fremde Sicht" not in page
    assert staff_client.post(reverse("backoffice:saved_view_delete", args=[theirs.pk])).status_code == 404
    assert staff_client.post(reverse("backoffice:saved_view_delete", args=[mine.pk])).status_code == 302
    assert list(SavedView.objects.all()) == [theirs]
