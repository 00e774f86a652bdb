"""The rating page: opening it records nothing; a POST rates, a second POST edits; 14 days after the
first rating it is closed; a low rating opens a follow-up once; anyone but the reporter gets 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Feedback
from tests.factories import TicketFactory
from tickets.models import FollowUp

GOOD = {"score": "5", "effort": "1", "punctuality": "4", "tidiness": "", "comment": "Schnell und sauber."}


@pytest.fixture
def job(tenant, unit):
    return TicketFactory(reporter=tenant, unit=unit, property=unit.building.property, status="done")


@pytest.fixture
def tenant_client(client, tenant):
    client.force_login(tenant.user)
    return client


def url(ticket) -> str:
    return reverse("portal:feedback", args=[ticket.reference])


def test_opening_the_link_records_nothing(tenant_client, job):
    response = tenant_client.get(url(job))
    assert response.status_code == 200
    assert "Wie zufrieden sind Sie mit dem Ergebnis?" in response.content.decode()
    assert not Feedback.objects.exists()


def test_post_records_and_a_second_post_edits(tenant_client, job):
    assert tenant_client.post(url(job), GOOD).status_code == 302
    tenant_client.post(url(job), {**GOOD, "score": "4", "comment": "Doch nicht ganz."})
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.effort, feedback.punctuality, feedback.tidiness) == (4, 1, 4, None)
    assert feedback.comment == "Doch nicht ganz."


def test_fourteen_days_after_the_first_rating_it_is_closed(tenant_client, job, tenant):
    feedback = Feedback.objects.create(ticket=job, party=tenant, score=3, effort=3)
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=timezone.now() - dt.timedelta(days=14, minutes=1)
    )

    response = tenant_client.post(url(job), GOOD)

    assert response.status_code == 200
    assert "Frist ist abgelaufen" in response.content.decode()
    assert Feedback.objects.get().score == 3


def test_a_low_rating_opens_one_follow_up(tenant_client, job):
    tenant_client.post(url(job), {**GOOD, "score": "1"})
    tenant_client.post(url(job), {**GOOD, "score": "2"})
    follow_up = FollowUp.objects.get()
    assert follow_up.ticket == job and "1/5" in follow_up.note
    assert Feedback.objects.get().follow_up == follow_up


def test_a_missing_answer_is_shown_and_nothing_stored(tenant_client, job):
    response = tenant_client.post(url(job), {**GOOD, "score": ""})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_another_persons_link_is_404(client, other_tenant, job):
    client.force_login(other_tenant.user)
    assert client.get(url(job)).status_code == 404
    assert client.post(url(job), GOOD).status_code == 404
    assert not Feedback.objects.exists()


def test_an_unfinished_job_is_404(tenant_client, job):
    job.status = "in_progress"
    job.save()
    assert tenant_client.get(url(job)).status_code == 404


def test_the_ticket_page_offers_the_rating_once_done(tenant_client, job):
    response = tenant_client.get(reverse("portal:ticket", args=[job.reference]))
    assert response.status_code == 200
    assert url(job) in response.content.decode()
