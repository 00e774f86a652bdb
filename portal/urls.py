from django.urls import path

from . import board, feedback, jobs, legal, my_data, processes, report, signin, tickets, views
from . import help as help_pages
from .certificates import urlpatterns as certificates_urlpatterns
from .consent import urlpatterns as consent_urlpatterns
from .contract_changes import urlpatterns as contract_changes_urlpatterns
from .contract_changes_consent import urlpatterns as contract_consent_urlpatterns
from .inspection_booking import urlpatterns as inspection_booking_urlpatterns
from .installable import urlpatterns as installable_urlpatterns
from .letting import urlpatterns as letting_urlpatterns
from .modification import urlpatterns as modification_urlpatterns
from .notice import urlpatterns as notice_urlpatterns
from .nuisance import urlpatterns as nuisance_urlpatterns
from .payments import urlpatterns as payments_urlpatterns
from .permits import urlpatterns as permits_urlpatterns
from .privacy_export import urlpatterns as privacy_export_urlpatterns
from .subscriptions import urlpatterns as subscriptions_urlpatterns
from .swaps import urlpatterns as swaps_urlpatterns

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("anmelden/", signin.login_request, name="login"),
    path("anmelden/gesendet/", signin.login_sent, name="login_sent"),
    path("anmelden/link/<str:token>/", signin.link, name="link"),
    path("abmelden/", signin.logout_view, name="logout"),
    path("melden/", report.choose, name="report"),
    path("melden/angaben/", report.details, name="report_details"),
    path("melden/gemeldet/<ref:reference>/", report.done, name="report_done"),
    path("meldungen/", tickets.my_tickets, name="my_tickets"),
    path("meldungen/<ref:reference>/", tickets.ticket_detail, name="ticket"),
    path("meldungen/<ref:reference>/antworten/", tickets.ticket_reply, name="ticket_reply"),
    path("meldungen/<ref:reference>/benachrichtigung/", tickets.ticket_tracking, name="ticket_tracking"),
    path("meldungen/<ref:reference>/kommentar/", tickets.ticket_comment, name="ticket_comment"),
    path("meldungen/<ref:reference>/betrifft-mich/", tickets.ticket_affected, name="ticket_affected"),
    path("meldungen/<ref:reference>/bewertung/", feedback.feedback, name="feedback"),
    path("haus/", tickets.building_tickets, name="building_tickets"),
    path("vorgaenge/", processes.my_processes, name="processes"),
    path("vorgaenge/<ref:reference>/", processes.process_detail, name="process"),
    path("auftraege/", jobs.jobs, name="jobs"),
    path("auftraege/<ref:reference>/", jobs.job, name="job"),
    path("auftraege/<ref:reference>/<str:step>/", jobs.job_step, name="job_step"),
    path("aushang/", board.notices, name="notices"),
    path("dokumente/", board.documents, name="documents"),
    path("dokumente/<int:pk>/", board.document_download, name="document"),
    path("meine-daten/", my_data.my_data, name="my_data"),
    path("meine-daten/telefon/", my_data.phone_change, name="phone_change"),
    path("meine-daten/e-mail/", my_data.email_change, name="email_change"),
    path("meine-daten/e-mail/bestaetigen/<str:token>/", my_data.email_confirm, name="email_confirm"),
    path("meine-daten/bankverbindung/", my_data.bank_change, name="bank_change"),
    path("meine-daten/name/", my_data.name_change, name="name_change"),
    path("anhang/<int:pk>/", tickets.attachment, name="attachment"),
    path("anhang/<int:pk>/vorschau/", tickets.attachment, {"thumbnail": True}, name="attachment_thumb"),
]

# Hilfe & FAQ and the legal pages every footer links to: open without signing in.
urlpatterns += [
    path("melden/geholfen/", help_pages.helped, name="report_helped"),
    path("hilfe/", help_pages.help_index, name="help"),
    path("hilfe/<slug:slug>/", help_pages.article_page, name="help_article"),
    path("impressum/", legal.legal_page, {"kind": "imprint"}, name="imprint"),
    path("datenschutz/", legal.legal_page, {"kind": "privacy"}, name="privacy"),
    path("barrierefreiheit/", legal.legal_page, {"kind": "accessibility"}, name="accessibility"),
]
# Zahlungen: payment requests with their QR code, payment method and SEPA mandate (payments.py).
urlpatterns += payments_urlpatterns
# Meine Daten herunterladen (privacy_export.py).
urlpatterns += privacy_export_urlpatterns
# The portal on a phone's home screen: manifest and service worker (installable.py).
urlpatterns += installable_urlpatterns
# Kündigung der Wohnung (notice.py) and the co-tenants' consent by link (consent.py).
urlpatterns += notice_urlpatterns + consent_urlpatterns
# Nachbarschaftsstörung (nuisance.py) and bauliche Veränderung (modification.py), with their letters.
urlpatterns += nuisance_urlpatterns + modification_urlpatterns
# Termine zur Wohnungsabnahme und die Protokolle (inspection_booking.py).
urlpatterns += inspection_booking_urlpatterns
# Mein Mietvertrag: name, co-tenants, contact person, and everyone's consent by link (contract_changes*.py).
urlpatterns += contract_changes_urlpatterns + contract_consent_urlpatterns
# Mietvertrag: the new tenant reads and signs the tenancy agreement (letting.py).
urlpatterns += letting_urlpatterns
# Zusatzleistungen: the offer, booking, notice and the letters (subscriptions.py).
urlpatterns += subscriptions_urlpatterns
# Wohnungstausch: the application, its state, the partner's link (swaps.py).
urlpatterns += swaps_urlpatterns
# Bescheinigungen: the tenant asks for a certificate and reads the ones asked for (portal/certificates.py).
urlpatterns += certificates_urlpatterns
# Erlaubnisse: Untervermietung and Tierhaltung, asked for and followed (permits.py).
urlpatterns += permits_urlpatterns
