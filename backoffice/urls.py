from django.urls import include, path

from . import (
    account,
    approvals,
    calendar,
    confidential,
    duplicates,
    intake,
    mailbox,
    notices,
    people,
    print_batches,
    reports,
    saved_views,
    textblocks,
    twofactor,
)
from .views import queue, signin, ticket

app_name = "backoffice"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("anmelden/", signin.signin, name="signin"),
    path("abmelden/", signin.signout, name="signout"),
    path("export.csv", queue.export, name="export"),
    path("sammelaktion/", queue.bulk, name="bulk"),
    path("meldungen/<str:reference>/", ticket.ticket_page, name="ticket"),
    path("meldungen/<str:reference>/status/", ticket.move, name="move"),
    path("meldungen/<str:reference>/freigabe/", ticket.release, name="release"),
    path("meldungen/<str:reference>/nachricht/", ticket.message, name="message"),
    path("meldungen/<str:reference>/zuweisen/", ticket.assign, name="assign"),
    path("meldungen/<str:reference>/prioritaet/", ticket.priority, name="priority"),
    path("meldungen/<str:reference>/wiedervorlage/", ticket.follow_up, name="follow_up"),
    path("", include(print_batches.urlpatterns)),
    path("", include(calendar.urlpatterns)),
    path("", include(textblocks.urlpatterns)),
    path("", include(notices.urlpatterns)),
    path("", include(saved_views.urlpatterns)),
    path("", include(account.urlpatterns)),
    path("", include(approvals.urlpatterns)),
    path("", include(people.urlpatterns)),
    path("", include(intake.urlpatterns)),
    path("", include(mailbox.urlpatterns)),
    path("", include(confidential.urlpatterns)),
    path("", include(duplicates.urlpatterns)),
    path("", include(twofactor.urlpatterns)),
    path("", include(reports.urlpatterns)),
]
