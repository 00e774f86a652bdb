"""Tierhaltung: a small animal needs no permission (the form says so and opens nothing); a dog is asked
for, refused with a reason on the generic process page only with that reason, or granted with a condition
("Hundehaftpflicht nachweisen") and kept as the tenant's letter; the report wizard's item opens the form."""

import pytest
from django.urls import reverse

from catalogs.models import CatalogItem
from estate.models import Document
from permits.models import Permit
from processes.models import Process
from tests.letters.pdftools import page_texts

from .conftest import client_for

pytestmark = pytest.mark.django_db

DOG = {
    "animal": "dog",
    "description": "Labrador-Mischling, 3 Jahre",
    "count": "1",
    "size": "medium",
    "reason": "Er war in der Hundeschule.",
}


def test_a_small_animal_needs_no_permission_and_opens_nothing(tenant):
    client = client_for(tenant.user)
    answer = client.post(reverse("portal:permit_animal"), {"animal": "small_animal"})
    assert answer.status_code == 200
    assert "Dafür brauchen Sie keine Erlaubnis." in answer.content.decode()
    assert not Process.objects.exists()


def test_a_dog_granted_with_conditions_is_kept_as_a_letter(
    tenant, case_worker, django_capture_on_commit_callbacks
):
    client = client_for(tenant.user)
    assert client.post(reverse("portal:permit_animal"), DOG).status_code == 302
    process = Process.objects.get(template__code="tierhaltung")
    reference = process.ticket.reference
    assert "Labrador-Mischling" in client.get(reverse("portal:permit", args=[reference])).content.decode()
    staff = client_for(case_worker)
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff.post(
            reverse("backoffice:permit_decide", args=[reference]),
            {
                "version": process.version,
                "outcome": "yes_with_conditions",
                "conditions": "Bitte weisen Sie uns eine Hundehaftpflichtversicherung nach.",
            },
        )
    assert answer.status_code == 302
    permit = Permit.objects.get(process=process)
    assert (permit.kind, permit.animal, permit.size, permit.surcharge) == ("animal", "dog", "medium", None)
    document = Document.objects.get(party=tenant, kind="erlaubnis")
    pdf = client.get(reverse("portal:document", args=[document.pk]))
    text = " ".join(" ".join(page_texts(b"".join(pdf.streaming_content))).split())
    assert "Erlaubnis zur Tierhaltung" in text
    assert "Hund" in text and "Labrador-Mischling" in text
    assert "Hundehaftpflichtversicherung nach" in text
    page = client.get(reverse("portal:permit", args=[reference])).content.decode()
    assert "erteilt mit Auflagen" in page and "Hundehaftpflichtversicherung" in page


def test_a_refusal_on_the_generic_process_page_needs_its_reason(tenant, case_worker):
    client_for(tenant.user).post(reverse("portal:permit_animal"), {**DOG, "animal": "cat", "size": ""})
    process = Process.objects.get(template__code="tierhaltung")
    staff = client_for(case_worker)
    url = reverse("backoffice:process_step", args=[process.ticket.reference, "decision"])
    refused = staff.post(url, {"version": process.version, "outcome": "no", "note": ""})
    assert refused.status_code in (400, 409)
    process.refresh_from_db()
    assert process.current_step.template.code == "decision"
    done = staff.post(
        url, {"version": process.version, "outcome": "no", "note": "Im Haus gilt ein Katzenverbot."}
    )
    assert done.status_code == 302
    process.refresh_from_db()
    assert process.outcome == "no" and not Permit.objects.exists()


def test_the_report_wizards_items_open_the_forms(tenant):
    from portal.places import report_places

    client = client_for(tenant.user)
    place = report_places(tenant)[0]
    for code, name in (
        ("VA-UNTERVERMIETUNG", "portal:permit_sublet"),
        ("VA-TIERHALTUNG", "portal:permit_animal"),
    ):
        item = CatalogItem.objects.select_related("group__category").get(code=code)
        assert item.tenant_selectable and item.group.name_de == "Erlaubnisse"
        groups = client.get(
            reverse("portal:report"), {"place": place.key, "category": item.group.category_id}
        )
        assert "Erlaubnisse" in groups.content.decode()
        answer = client.get(
            reverse("portal:report"),
            {"place": place.key, "category": item.group.category_id, "group": item.group_id, "item": item.pk},
        )
        assert answer.status_code == 302 and answer["Location"] == reverse(name)


def test_the_admin_lists_the_templates_and_the_permits(admin_client, tenant, case_worker):
    client_for(tenant.user).post(reverse("portal:permit_animal"), DOG)
    process = Process.objects.get()
    from permits import services
    from tickets.actors import Actor

    services.decide(process, actor=Actor.for_user(case_worker), outcome="yes")
    templates = admin_client.get(reverse("admin:processes_processtemplate_changelist")).content.decode()
    assert "Untervermietung" in templates and "Tierhaltung" in templates
    permits = admin_client.get(reverse("admin:permits_permit_changelist"))
    assert permits.status_code == 200 and "Labrador-Mischling" in permits.content.decode()
    permit = Permit.objects.get()
    assert admin_client.get(reverse("admin:permits_permit_change", args=[permit.pk])).status_code == 200


def test_an_animal_permit_never_carries_an_untermietzuschlag(tenant, case_worker):
    """The surcharge belongs to a sublet: the service drops it from an animal permit whatever page (or
    caller) sends one."""
    from decimal import Decimal

    from permits import services
    from tickets.actors import Actor

    process = services.request_animal(party=tenant, animal="cat", description="Hauskatze", count=1)
    services.decide(
        process,
        actor=Actor.for_user(case_worker),
        outcome="yes_with_conditions",
        conditions="Bitte halten Sie die Katze in der Wohnung.",
        surcharge=Decimal("25.00"),
    )
    assert Permit.objects.get(process=process).surcharge is None
