"""Neue Meldung: a case worker files a ticket for someone who called, came to the counter or wrote a
letter (or whose e-mail waits in the mailbox). Find the person, then one screen: place, catalog item
(the portal's rules for the property), description, channel, priority. A complainant who is not in our
master data is taken by name and contact; the person complained about can be named."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogs.models import CatalogItem, Priority
from estate.fields import EmailField, LineField, NameField, PhoneField, TextField
from estate.models import Ownership, Party, Property, Tenancy
from estate.text import clean_line
from notifications.intake import intake_create
from notifications.models import InboundMail
from tickets.actors import Actor
from tickets.errors import TicketError
from tickets.models import Channel, CommonArea

from .access import staff_required
from .people import person_search

CHANNELS = [
    (Channel.PHONE, gettext_lazy("Telefon")),
    (Channel.COUNTER, gettext_lazy("Persönlich am Empfang")),
    (Channel.LETTER, gettext_lazy("Brief")),
    (Channel.EMAIL, gettext_lazy("E-Mail")),
]


class IntakeForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Wo?"), required=False)
    common_area = forms.ChoiceField(label=gettext_lazy("Gemeinschaftsfläche"), required=False)
    location_note = LineField(label=gettext_lazy("Ort genauer"), max_length=200, required=False)
    item = forms.TypedChoiceField(label=gettext_lazy("Anliegen"), coerce=int)
    description = TextField(
        label=gettext_lazy("Beschreibung"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    channel = forms.ChoiceField(label=gettext_lazy("Eingangskanal"), choices=CHANNELS, initial=Channel.PHONE)
    priority = forms.ChoiceField(
        label=gettext_lazy("Priorität"),
        required=False,
        choices=[("", gettext_lazy("wie im Katalog vorgesehen")), *Priority.choices],
    )
    reporter_name = NameField(label=gettext_lazy("Name"), max_length=200, required=False)
    reporter_phone = PhoneField(label=gettext_lazy("Telefon"), required=False)
    reporter_email = EmailField(label=gettext_lazy("E-Mail"), required=False)
    subject_party = forms.TypedChoiceField(
        label=gettext_lazy("Beschwerde über (optional)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, prop: Property, party: Party | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.prop, self.party = prop, party
        units = _units_of(party, prop) if party else []
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [("", _("keine Wohnung (Gemeinschaftsfläche)"))] + [
            (str(u.pk), str(u)) for u in units
        ]
        self.fields["common_area"].choices = [("", "—")] + [c for c in CommonArea.choices if c[0]]
        items = CatalogItem.objects.for_property(prop).select_related("group__category")
        self.items = {i.pk: i for i in items}
        grouped: dict[str, list] = {}
        for item in self.items.values():
            group = f"{item.group.category} › {item.group}"
            grouped.setdefault(group, []).append((item.pk, item.staff_label or item.label))
        self.fields["item"].choices = [("", "—")] + list(grouped.items())
        residents = Party.objects.residents_of(prop.pk).order_by("last_name", "first_name")
        self.fields["subject_party"].choices = [("", "—")] + [
            (p.pk, p.display_name) for p in residents if party is None or p.pk != party.pk
        ]
        if party is None:
            self.fields["reporter_name"].required = True

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("common_area"):
            self.add_error("common_area", _("Bitte wählen Sie die Wohnung oder eine Gemeinschaftsfläche."))
        if self.party is None and not (data.get("reporter_phone") or data.get("reporter_email")):
            self.add_error("reporter_phone", _("Bitte geben Sie Telefon oder E-Mail für Rückfragen an."))
        return data


def _units_of(party: Party, prop: Property) -> list:
    homes = Tenancy.objects.current().filter(party=party, unit__building__property=prop)
    owned = Ownership.objects.current().filter(party=party, unit__building__property=prop)
    return [
        r.unit for r in [*homes.select_related("unit__building"), *owned.select_related("unit__building")]
    ]


def _properties_of(party: Party) -> list[Property]:
    return list(Property.objects.of_party(party).order_by("code"))


def _pending_mail(request: HttpRequest) -> InboundMail | None:
    pk = request.GET.get("mail", "")
    if not (pk.isascii() and pk.isdigit()):
        return None
    return get_object_or_404(InboundMail.objects.select_related("party"), pk=pk, ticket=None, filed_by=None)


def _search_page(request: HttpRequest) -> HttpResponse:
    text = clean_line(request.GET.get("q"), max_length=100)
    context = {"q": text, "people": list(person_search(text)) if text else [], "for_intake": True}
    if request.headers.get("HX-Request") == "true":
        return render(request, "backoffice/people/_results.html", context)
    return render(request, "backoffice/intake/search.html", context)


def _choose_property(request: HttpRequest, party: Party | None) -> tuple[Property | None, list[Property]]:
    wanted = clean_line(request.GET.get("liegenschaft"), max_length=20)
    if party is not None:
        options = _properties_of(party)
        chosen = next((p for p in options if str(p.pk) == wanted), options[0] if options else None)
        return chosen, options
    return (Property.objects.filter(code__iexact=wanted).first() if wanted else None), []


def _initial(mail: InboundMail | None) -> dict:
    if mail is None:
        return {}
    return {
        "description": mail.body_text or mail.subject,
        "channel": Channel.EMAIL,
        "reporter_email": mail.from_address,
    }


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    mail = _pending_mail(request)
    person = request.GET.get("person", "")
    party = mail.party if mail and mail.party_id else None
    if party is None and person.isascii() and person.isdigit():
        party = get_object_or_404(Party, pk=person)
    without_party = party is None and (request.GET.get("ohne") == "1" or mail is not None)
    if party is None and not without_party:
        return _search_page(request)
    prop, options = _choose_property(request, party)
    context = {"party": party, "mail": mail, "prop": prop, "options": options, "without_party": without_party}
    if prop is None:
        if request.method == "POST":
            raise Http404
        return render(request, "backoffice/intake/form.html", context)
    form = IntakeForm(request.POST or None, prop=prop, party=party, initial=_initial(mail))
    if request.method == "POST" and form.is_valid():
        try:
            ticket = _create(request, form, mail)
        except TicketError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Meldung %(ref)s ist erfasst.") % {"ref": ticket.reference})
            return HttpResponseRedirect(reverse("backoffice:ticket", args=[ticket.reference]))
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/intake/form.html", {**context, "form": form}, status=status)


def _create(request: HttpRequest, form: IntakeForm, mail: InboundMail | None):
    data = form.cleaned_data
    return intake_create(
        actor=Actor.for_user(request.user),
        item=form.items[data["item"]],
        prop=form.prop,
        unit=form.units.get(data["unit"]) if data["unit"] else None,
        common_area=data["common_area"],
        location_note=data["location_note"],
        description=data["description"],
        channel=data["channel"],
        priority=data["priority"],
        reporter=form.party,
        reporter_name=data["reporter_name"],
        reporter_email=data["reporter_email"],
        reporter_phone=data["reporter_phone"],
        subject_party=Party.objects.filter(pk=data["subject_party"]).first()
        if data["subject_party"]
        else None,
        mail=mail,
    )


urlpatterns = [path("neu/", intake, name="intake")]
