from django.urls import include, path

from . import (
    account,
    approvals,
    calendar,
    confidential,
    duplicates,
    follow_ups,
    intake,
    knowledge,
    mailbox,
    notice,
    notices,
    people,
    print_batches,
    privacy,
    process_list,
    processes,
    reports,
    saved_views,
    tasks,
    textblocks,
    ticket_answers,
    twofactor,
    watchers,
)
from .certificates import urlpatterns as certificates_urlpatterns
from .contract_changes import urlpatterns as contract_changes_urlpatterns
from .inspections import urlpatterns as inspections_urlpatterns
from .letting import urlpatterns as letting_urlpatterns
from .payments import urlpatterns as payments_urlpatterns
from .permits import urlpatterns as permits_urlpatterns
from .process_cases import urlpatterns as process_cases_urlpatterns
from .subscriptions import urlpatterns as subscriptions_urlpatterns
from .swaps import urlpatterns as swaps_urlpatterns
from .views import queue, signin, ticket

app_name = "backoffice"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("anmelden/", signin.signin, name="signin"),
    path("abmelden/", signin.signout, name="signout"),
    path("export.csv", queue.export, name="export"),
    path("sammelaktion/", queue.bulk, name="bulk"),
    path("meldungen/<ref:reference>/", ticket.ticket_page, name="ticket"),
    path("meldungen/<ref:reference>/status/", ticket.move, name="move"),
    path("meldungen/<ref:reference>/freigabe/", ticket.release, name="release"),
    path("meldungen/<ref:reference>/nachricht/", ticket.message, name="message"),
    path("meldungen/<ref:reference>/zuweisen/", ticket.assign, name="assign"),
    path("meldungen/<ref:reference>/prioritaet/", ticket.priority, name="priority"),
    path("meldungen/<ref:reference>/wiedervorlage/", ticket.follow_up, name="follow_up"),
    path(
        "meldungen/<ref:reference>/wiedervorlage/<int:pk>/",
        follow_ups.follow_up_change,
        name="follow_up_change",
    ),
    path("meldungen/<ref:reference>/titel/", follow_ups.title, name="title"),
    path("meldungen/<ref:reference>/angaben/iban/", ticket.reveal_iban, name="ticket_iban"),
    path("", include(ticket_answers.urlpatterns)),
    path("", include(print_batches.urlpatterns)),
    path("", include(notice.urlpatterns)),
    path("", include(calendar.urlpatterns)),
    path("", include(textblocks.urlpatterns)),
    path("", include(notices.urlpatterns)),
    path("", include(saved_views.urlpatterns)),
    path("", include(account.urlpatterns)),
    path("", include(approvals.urlpatterns)),
    path("", include(people.urlpatterns)),
    path("", include(privacy.urlpatterns)),
    path("", include(intake.urlpatterns)),
    path("", include(mailbox.urlpatterns)),
    path("", include(confidential.urlpatterns)),
    path("", include(duplicates.urlpatterns)),
    path("", include(twofactor.urlpatterns)),
    path("", include(reports.urlpatterns)),
    path("", include(knowledge.urlpatterns)),
    path("", include(watchers.urlpatterns)),
    path("", include(tasks.urlpatterns)),
    path("", include(process_list.urlpatterns)),
    path("", include(processes.urlpatterns)),
    path("", include(inspections_urlpatterns)),
    path("", include(process_cases_urlpatterns)),
    path("", include(payments_urlpatterns)),
    path("", include(subscriptions_urlpatterns)),
    path("", include(certificates_urlpatterns)),
    path("", include(contract_changes_urlpatterns)),
    path("", include(letting_urlpatterns)),
    path("", include(swaps_urlpatterns)),
    path("", include(permits_urlpatterns)),
]
