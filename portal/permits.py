"""Erlaubnisse in the portal: the tenant asks for permission to sublet (§ 553 BGB) or to keep an animal,
and follows the request: our decision, its conditions or reason, the letter in Meine Dokumente and the
permission in force. Co-tenants of the contract see the request too. Rules and checks: permits.services."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.fields import LineField, NameField, TextField
from estate.models import Document
from notifications.process_mail.permits import DOCUMENT_KIND
from permits import services
from permits.models import Animal, Permit, Size
from permits.standard import ANIMAL, SUBLET
from processes import access
from tickets.errors import TicketError

from .access import current_party, resident_required

SMALL = "small_animal"  # Kleintiere in Käfig oder Aquarium: no permission needed, no request


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubletForm(forms.Form):
    subtenant_name = NameField(
        label=gettext_lazy("Name der Untermietpartei"),
        help_text=gettext_lazy("Die Person, die bei Ihnen einziehen soll."),
        error_messages={"required": gettext_lazy("Bitte nennen Sie den Namen der Untermietpartei.")},
    )
    rooms = LineField(
        label=gettext_lazy("Räume"),
        help_text=gettext_lazy(
            "Welche Räume soll sie nutzen? z. B. „das kleine Zimmer, Küche und Bad gemeinsam“"
        ),
        error_messages={"required": gettext_lazy("Bitte nennen Sie die Räume.")},
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Beginn"),
        widget=_date_input(),
        error_messages={"required": gettext_lazy("Bitte nennen Sie den Beginn.")},
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Ende"),
        help_text=gettext_lazy("Leer lassen, wenn die Untervermietung nicht befristet ist."),
        required=False,
        widget=_date_input(),
    )
    reason = TextField(
        label=gettext_lazy("Ihr Grund (berechtigtes Interesse)"),
        help_text=gettext_lazy(
            "Warum möchten Sie untervermieten? z. B. ein Auslandsaufenthalt, weniger Einkommen, eine "
            "Partnerin oder ein Partner, der einzieht."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Bitte nennen Sie Ihren Grund.")},
    )
    with_household = forms.TypedChoiceField(
        label=gettext_lazy("Zieht sie mit eigenem Haushalt ein (z. B. mit Kind)?"),
        choices=[("nein", gettext_lazy("nein")), ("ja", gettext_lazy("ja"))],
        coerce=lambda value: value == "ja",
        initial="nein",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte sagen Sie, ob sie mit eigenem Haushalt einzieht.")},
    )

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Der Beginn liegt in der Vergangenheit."))
        return day

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Das Ende liegt vor dem Beginn."))
        return data


ANIMAL_CHOICES = [
    (Animal.DOG.value, gettext_lazy("Hund")),
    (Animal.CAT.value, gettext_lazy("Katze")),
    (Animal.OTHER.value, gettext_lazy("anderes Tier (z. B. Frettchen, Papagei, Schlange)")),
    (
        SMALL,
        gettext_lazy("Kleintier in Käfig, Terrarium oder Aquarium (z. B. Hamster, Wellensittich, Fische)"),
    ),
]


class AnimalForm(forms.Form):
    animal = forms.ChoiceField(
        label=gettext_lazy("Tierart"),
        choices=ANIMAL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte wählen Sie, welches Tier Sie halten möchten.")},
    )
    description = LineField(
        label=gettext_lazy("Rasse oder Beschreibung"),
        help_text=gettext_lazy("z. B. „Labrador-Mischling, 3 Jahre“"),
        error_messages={
            "required": gettext_lazy("Bitte nennen Sie die Rasse oder beschreiben Sie das Tier.")
        },
    )
    count = forms.IntegerField(
        label=gettext_lazy("Anzahl"),
        min_value=1,
        max_value=services.MAX_ANIMALS,
        initial=1,
        error_messages={
            "required": gettext_lazy("Bitte geben Sie die Anzahl an."),
            "min_value": gettext_lazy("Bitte geben Sie mindestens 1 an."),
            "max_value": gettext_lazy("Höchstens %(limit_value)s Tiere je Antrag."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    size = forms.ChoiceField(
        label=gettext_lazy("Größe"),
        choices=[("", "—"), *Size.choices],
        required=False,
        help_text=gettext_lazy("Bei Hunden bitte immer angeben."),
    )
    reason = TextField(
        label=gettext_lazy("Möchten Sie uns noch etwas sagen?"),
        help_text=gettext_lazy("z. B. Hundeschule besucht, Hundehaftpflicht vorhanden, Assistenzhund."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def is_small_animal(self) -> bool:
        return self.is_bound and self.data.get("animal") == SMALL

    def clean(self):
        data = super().clean()
        if data.get("animal") == Animal.DOG and not data.get("size"):
            self.add_error("size", _("Bitte geben Sie an, wie groß der Hund ist."))
        return data


def _started(request: HttpRequest, process) -> HttpResponse:
    messages.success(request, _("Ihr Antrag ist eingegangen. Wir entscheiden innerhalb der genannten Frist."))
    return redirect("portal:permit", process.ticket.reference)


@resident_required
def sublet_request(request: HttpRequest) -> HttpResponse:
    """Untervermietung beantragen."""
    form = SubletForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                process = services.request_sublet(party=current_party(request), **data)
            except TicketError as error:
                form.add_error(None, str(error.message))
            else:
                return _started(request, process)
        status = 400
    return render(request, "portal/permits/sublet_request.html", {"form": form}, status=status)


@resident_required
def animal_request(request: HttpRequest) -> HttpResponse:
    """Tierhaltung beantragen; a small animal in a cage or tank needs no permission: no request opens."""
    form = AnimalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_small_animal:
            return render(
                request, "portal/permits/animal_request.html", {"form": AnimalForm(), "small": True}
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                process = services.request_animal(
                    party=current_party(request),
                    animal=data["animal"],
                    description=data["description"],
                    count=data["count"],
                    size=data["size"],
                    reason=data["reason"],
                )
            except TicketError as error:
                form.add_error(None, str(error.message))
            else:
                return _started(request, process)
        status = 400
    return render(request, "portal/permits/animal_request.html", {"form": form}, status=status)


def _day(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@resident_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    process = access.process_seen_by(reference, request.user)
    if process is None or not services.is_permit(process):
        raise Http404
    facts = services.request_of(process)
    step = services.decision_step(process)
    party = current_party(request)
    context = {
        "process": process,
        "ticket": process.ticket,
        "sublet": process.template.code == SUBLET,
        "facts": facts,
        "valid_from": _day(facts.get("valid_from", "")),
        "valid_until": _day(facts.get("valid_until", "")),
        "animal_label": Animal(facts["animal"]).label if facts.get("animal") in Animal.values else "",
        "size_label": Size(facts["size"]).label if facts.get("size") in Size.values else "",
        "decision": services.decision_of(process),
        "decision_due": step.due_at if step is not None and step.state == "active" else None,
        "permit": Permit.objects.filter(process=process).first(),
        "steps": access.visible_steps(process, request.user),
        "kept_letters": list(
            Document.objects.filter(party=party, kind=DOCUMENT_KIND, title__contains=process.ticket.reference)
        ),
        "today": timezone.localdate(),
    }
    return render(request, "portal/permits/detail.html", context)


urlpatterns = [
    path("erlaubnis/untervermietung/", sublet_request, name="permit_sublet"),
    path("erlaubnis/tierhaltung/", animal_request, name="permit_animal"),
    path("erlaubnis/<ref:reference>/", detail, name="permit"),
]

# The report wizard's catalog items lead here (portal.process_forms).
FORMS = {SUBLET: "portal:permit_sublet", ANIMAL: "portal:permit_animal"}
