"""Every report page answers with a fixed number of queries whatever the data, offers its tables as CSV,
and is only for those who may see reports."""

import pytest
from django.urls import reverse

from tests.reports.conftest import make_jobs

# Queries per page at 1 and at 50 jobs: session and user, the permission checks, the menu's counts, the
# transaction around the report's settings (BEGIN, set_config, COMMIT) and the report's own aggregates.
# Two pages add one at most with other data: phases a second percentile pass once several teams have
# tickets, hot spots the names of properties once a common area repeats (bench/reports.py: 13 and 15).
# Phases first reads the rollup's counts, which decide between exact percentiles and the hour buckets.
QUERIES = {
    "": 16,
    "volumes": 13,
    "backlog": 11,
    "phases": 12,
    "hotspots": 14,
    "contractors": 13,
    "satisfaction": 16,
}


def url(slug: str) -> str:
    return reverse("backoffice:report", args=[slug]) if slug else reverse("backoffice:reports")


@pytest.mark.parametrize("slug", QUERIES)
@pytest.mark.parametrize("jobs", [1, 50])
def test_each_page_runs_a_fixed_number_of_queries(lead_client, slug, jobs, django_assert_num_queries):
    make_jobs(jobs)
    lead_client.get(url(slug))  # the menu's permission cache
    with django_assert_num_queries(QUERIES[slug]):
        response = lead_client.get(url(slug))
    assert response.status_code == 200


def test_figures_reach_the_pages(lead_client):
    make_jobs(4)
    contractors = lead_client.get(reverse("backoffice:report", args=["contractors"])).context["page"]
    row = contractors.tables[0].rows[0]
    assert row[1] == 4  # jobs
    assert row[2] == 3.0  # acceptance: released 2 h after the report, accepted 3 h later
    phases = lead_client.get(reverse("backoffice:report", args=["phases"])).context["page"]
    assert phases.tables[0].rows[0][0] == "bis zur ersten Antwort"
    satisfaction = lead_client.get(reverse("backoffice:report", args=["satisfaction"])).context["page"]
    assert dict(satisfaction.summary)["Bewertungen"] == 4


def test_csv_download(lead_client):
    make_jobs(2)
    response = lead_client.get(reverse("backoffice:report", args=["volumes"]), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Meldungen je Zeitraum" in text and "Zeitraum;neu;erledigt" in text


def test_a_case_worker_without_the_permission_gets_404(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("backoffice:reports")).status_code == 404


def test_a_bad_period_is_explained_not_a_500(lead_client):
    response = lead_client.get(
        reverse("backoffice:report", args=["volumes"]), {"von": "2025-05-01", "bis": "2025-01-01"}
    )
    assert response.status_code == 200
    assert "„von“ liegt nach „bis“." in response.content.decode()


def test_the_quality_check_is_recorded_per_job(lead_client):
    job = make_jobs(1, days_ago=5)[0]
    page = lead_client.get(reverse("backoffice:report_quality"))
    assert page.status_code == 200 and job.reference in page.content.decode()
    url = reverse("backoffice:report_quality_record", args=[job.reference])
    lead_client.post(url, {"result": "2", "note": "Silikonfuge unsauber"})
    lead_client.post(url, {"result": "4", "passed": "on", "note": "nachgebessert"})
    job.quality_check.refresh_from_db()
    assert (job.quality_check.result, job.quality_check.passed, job.quality_check.note) == (
        4,
        True,
        "nachgebessert",
    )
    assert lead_client.get(url).status_code == 405
