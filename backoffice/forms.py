"""Forms of the back-office: sign-in, the queue's filters and bulk actions, the ticket page's actions.
Every ticket form carries the version the case worker saw, so a change in between is caught."""

import datetime as dt
from collections.abc import Iterable

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalogs.models import Priority
from estate.fields import IntegerField, LineField, SearchField, TextField
from estate.models import Contractor, Party, Property
from tickets.models import Channel, Message
from tickets.status import Status
from tickets.workspace import StandardAttachment

from .keyset import SORTS, InvalidCursor, decode_cursor


class SignInForm(forms.Form):
    username = LineField(label=_("Benutzername"), max_length=150)
    password = forms.CharField(label=_("Passwort"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class PlainSelect(forms.Select):
    """A select rendered in Python: Django renders each option through a template, which costs
    milliseconds per page for the queue's few hundred options (contractors, colleagues)."""

    # (empty label or None, the options' HTML): a shared list rendered once (share_staff_list).
    shared_options: tuple[str | None, str] | None = None

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        if self.shared_options is not None:
            options = self._shared(selected)
        else:
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (key, mark_safe(" selected") if str(key) in selected else "", label)  # noqa: S308 - a constant
                    for key, label in self.choices
                ),
            )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)

    def _shared(self, selected: set[str]) -> str:
        """The shared options with the selected ones marked, as the loop above writes them."""
        empty_label, options = self.shared_options
        if empty_label is not None:
            options = format_html('<option value="">{}</option>', empty_label) + options
        for key in selected:
            option = format_html('<option value="{}">', key)
            options = options.replace(option, option[:-1] + " selected>", 1)
        return mark_safe(options)  # noqa: S308 - built with format_html, values escaped


class _ListIterator(forms.models.ModelChoiceIterator):
    # Django reads choices through a server-side cursor (DECLARE ... WITH HOLD on PostgreSQL), three round
    # trips for a list of a few dozen rows; one plain SELECT is several times cheaper on every page.
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        shared = getattr(self.field, "shared_objects", None)
        for obj in shared if shared is not None else list(self.queryset):
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = _ListIterator
    widget = PlainSelect


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _ListIterator


def staff_users():
    return User.objects.filter(is_staff=True, is_active=True).order_by("last_name", "first_name")


class StaffChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


def share_staff_list(page_forms: Iterable[forms.Form]) -> None:
    """The staff and contractor selects of one page (release, assign, each follow-up's hand-over) show the
    cached lists (backoffice.choices), not a query each. A form sent back is checked against the
    database as always."""
    from .choices import colleagues, contractors, queue_choices

    lists = staff = companies = None
    for form in page_forms:
        if form.is_bound:
            continue
        for field in form.fields.values():
            if isinstance(field, StaffChoiceField):
                kind = "staff"
            elif isinstance(field, ModelChoiceField) and field.queryset.model is Contractor:
                kind = "contractor"
            else:
                continue
            lists = queue_choices() if lists is None else lists
            if type(field.widget) is PlainSelect:
                # The options' HTML as rendered once for everyone: no objects to build, nothing to escape.
                field.widget.shared_options = (field.empty_label, lists[f"{kind}_options"])
            elif kind == "staff":
                staff = colleagues() if staff is None else staff
                field.shared_objects = staff
            else:
                companies = contractors() if companies is None else companies
                field.shared_objects = companies


class QueueFilterForm(forms.Form):
    VIEWS = [
        ("mine", _("Meine Meldungen")),
        ("team", _("Mein Team")),
        ("unassigned", _("Nicht zugewiesen")),
        ("overdue", _("Überfällig")),
        ("follow_up", _("Wiedervorlage heute")),
        ("all", _("Alle")),
    ]
    OPEN, ANY = "", "any"
    STATUSES = [(OPEN, _("alle offenen")), *Status.choices, (ANY, _("alle, auch abgeschlossene"))]
    SORT_CHOICES = [
        ("due", _("Fälligkeit")),
        ("priority", _("Priorität")),
        ("created", _("Neueste zuerst")),
    ]

    view = forms.ChoiceField(label=_("Ansicht"), choices=VIEWS, required=False)
    q = SearchField(label=_("Suche"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    # Filled from the cached lists in __init__ (backoffice.choices); checked against them, not by a query.
    category = forms.TypedChoiceField(label=_("Kategorie"), coerce=int, required=False)
    group = forms.TypedChoiceField(label=_("Katalog-Gruppe"), coerce=int, required=False)
    property = LineField(label=_("Liegenschaft (Nummer)"), max_length=20, required=False)
    priority = forms.ChoiceField(
        label=_("Priorität"), choices=[("", _("alle")), *Priority.choices], required=False
    )
    contractor = forms.TypedChoiceField(label=_("Handwerker"), coerce=int, required=False)
    process = forms.ChoiceField(label=_("Vorgang"), required=False)
    channel = forms.ChoiceField(
        label=_("Eingangskanal"), choices=[("", _("alle")), *Channel.choices], required=False
    )
    created_from = forms.DateField(
        label=_("gemeldet ab"), required=False, widget=forms.DateInput({"type": "date"})
    )
    created_to = forms.DateField(
        label=_("gemeldet bis"), required=False, widget=forms.DateInput({"type": "date"})
    )
    due_from = forms.DateField(label=_("fällig ab"), required=False, widget=forms.DateInput({"type": "date"}))
    due_to = forms.DateField(label=_("fällig bis"), required=False, widget=forms.DateInput({"type": "date"}))
    sort = forms.ChoiceField(label=_("Sortierung"), choices=SORT_CHOICES, required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .choices import queue_choices  # it renders with this module's select

        choices = queue_choices()
        every = [("", _("alle"))]
        for name, source in (("category", "categories"), ("group", "groups"), ("contractor", "contractors")):
            self.fields[name].choices = every + choices[source]
        self.fields["process"].choices = [
            *every,
            (self.ANY, _("jeder Vorgang")),
            *((str(pk), label) for pk, label in choices["process_templates"]),
        ]
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = PlainSelect(choices=field.choices)

    def clean_view(self) -> str:
        return self.cleaned_data["view"] or "mine"

    def clean_sort(self) -> str:
        return self.cleaned_data["sort"] or "due"

    def clean_property(self) -> Property | None:
        code = self.cleaned_data["property"].strip()
        if not code:
            return None
        prop = Property.objects.filter(code__iexact=code).first()
        if prop is None:
            raise forms.ValidationError(_("Eine Liegenschaft mit dieser Nummer gibt es nicht."))
        return prop

    def clean(self) -> dict:
        data = super().clean()
        for start, end in (("created_from", "created_to"), ("due_from", "due_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("Das Ende liegt vor dem Anfang."))
        data["sort"] = effective_sort(data)
        if self.data.get("sort", "") not in ("", data["sort"]):
            # The select shows the order the list is in.
            self.data = self.data.copy()
            self.data["sort"] = data["sort"]
        if data.get("after") and "sort" in data:
            try:
                data["cursor"] = decode_cursor(data["after"], SORTS[data["sort"]])
            except InvalidCursor:
                self.add_error(
                    None, _("Die Seitenangabe ist ungültig. Bitte beginnen Sie auf der ersten Seite.")
                )
        return data


def effective_sort(data: dict) -> str:
    """The order a queue page is listed in. A date range sorts by its own date: read in that date's order
    from its index, a range stays fast at any size, where another order sorts every ticket of the range
    first. A word as common as "Heizung" matches tens of thousands of tickets and urgency does not follow
    words, so no index reads them in priority order: a search lists by due time instead."""
    if data.get("created_from") or data.get("created_to"):
        return "created"
    searching_by_priority = bool((data.get("q") or "").strip()) and data.get("sort") == "priority"
    if data.get("due_from") or data.get("due_to") or searching_by_priority:
        return "due"
    return data.get("sort") or "due"


class BulkForm(forms.Form):
    ACTIONS = [("assign", _("Zuweisen an")), ("status", _("Status ändern auf"))]

    action = forms.ChoiceField(label=_("Aktion"), choices=ACTIONS)
    tickets = forms.MultipleChoiceField(label=_("Meldungen"), choices=[])
    assignee = StaffChoiceField(
        label=_("Sachbearbeitung"), queryset=staff_users(), required=False, empty_label=_("– Person –")
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *Status.choices], required=False)
    reason = LineField(label=_("Begründung"), max_length=2000, required=False)
    next = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each value is "<id>:<version>", so a ticket changed since the list was shown is not overwritten.
        self.fields["tickets"].choices = [(v, v) for v in self.data.getlist("tickets")] if self.data else []

    def clean_tickets(self) -> list[tuple[int, int]]:
        pairs = []
        for value in self.cleaned_data["tickets"]:
            ticket_id, _sep, version = value.partition(":")
            if not (ticket_id.isdigit() and version.isdigit()):
                raise forms.ValidationError(_("Die Auswahl ist ungültig."))
            pairs.append((int(ticket_id), int(version)))
        return pairs

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", _("Bitte wählen Sie einen Status."))
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("Bitte wählen Sie aus, wem die Meldungen zugewiesen werden."))
        return data


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The newest timeline row the case worker saw: the conflict page shows what came after it.
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StatusForm(VersionedForm):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    reason = TextField(
        label=_("Begründung"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )


class ReleaseForm(VersionedForm):
    TARGETS = [
        ("contractor", _("Handwerker")),
        ("staff", _("Kollegin / Kollege")),
        ("caretaker", _("Hauswart")),
    ]

    target = forms.ChoiceField(label=_("Freigeben an"), choices=TARGETS, widget=forms.RadioSelect)
    contractor = ModelChoiceField(
        label=_("Handwerker"),
        queryset=Contractor.objects.filter(active=True),
        required=False,
        empty_label="—",
    )
    colleague = StaffChoiceField(
        label=_("Kollegin / Kollege"), queryset=staff_users(), required=False, empty_label="—"
    )
    caretaker = ModelChoiceField(
        label=_("Hauswart"), queryset=Party.objects.none(), required=False, empty_label="—"
    )
    contractor_may_progress = forms.BooleanField(
        label=_("Handwerker meldet Beginn und Erledigung selbst"), required=False, initial=True
    )
    note = TextField(
        label=_("Hinweis zum Auftrag"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, caretakers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if caretakers is not None:
            self.fields["caretaker"].queryset = caretakers

    @staticmethod
    def proposal(ticket) -> dict:
        """The form's choice preset to whom a workflow rule proposed on the ticket, for its release."""
        if ticket.caretaker_id is not None:
            return {"target": "caretaker", "caretaker": ticket.caretaker_id}
        if ticket.contractor_id is not None:
            return {
                "target": "contractor",
                "contractor": ticket.contractor_id,
                "contractor_may_progress": ticket.contractor_may_progress,
            }
        return {}

    def clean(self) -> dict:
        data = super().clean()
        target = data.get("target")
        field = {"contractor": "contractor", "staff": "colleague", "caretaker": "caretaker"}.get(target)
        if field and not data.get(field):
            self.add_error(field, _("Bitte wählen Sie aus, an wen die Arbeit geht."))
        return data


class AssignForm(VersionedForm):
    assignee = StaffChoiceField(
        label=_("Sachbearbeitung"), queryset=staff_users(), required=False, empty_label=_("– niemand –")
    )
    reason = LineField(label=_("Anlass (optional)"), max_length=2000, required=False)


class MessageForm(VersionedForm):
    KINDS = [
        (Message.Kind.PUBLIC, _("Antwort an Mieter")),
        (Message.Kind.INTERNAL, _("Interne Notiz")),
        (Message.Kind.PHONE, _("Telefonnotiz")),
    ]

    kind = forms.ChoiceField(label=_("Art"), choices=KINDS)
    body = TextField(label=_("Text"), max_length=20_000, widget=forms.Textarea({"rows": 8}))
    caller = LineField(label=_("Anrufer"), max_length=200, required=False)
    direction = forms.ChoiceField(
        label=_("Richtung"), choices=[("", "—"), *Message.Direction.choices], required=False
    )
    duration_minutes = IntegerField(label=_("Dauer (Min.)"), min_value=0, max_value=600, required=False)
    # The ticket page shows the cached list (backoffice.ticket_lists); a form sent back reads the table.
    standard_attachments = ModelMultipleChoiceField(
        label=_("Standardanhänge beifügen"),
        queryset=StandardAttachment.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("standard_attachments") and data.get("kind") == Message.Kind.PHONE:
            self.add_error("standard_attachments", _("Eine Telefonnotiz hat keine Anhänge."))
        if data.get("kind") == Message.Kind.PHONE and not data.get("caller", "").strip():
            self.add_error("caller", _("Bitte geben Sie an, wer angerufen hat bzw. wen Sie angerufen haben."))
        return data


class PriorityForm(VersionedForm):
    priority = forms.ChoiceField(label=_("Priorität"), choices=Priority.choices)
    due_at = forms.DateTimeField(
        label=_("Fällig am"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = LineField(label=_("Begründung"), max_length=2000)


class FollowUpForm(VersionedForm):
    due_on = forms.DateField(label=_("Wiedervorlage am"), widget=forms.DateInput({"type": "date"}))
    note = LineField(label=_("Notiz"), max_length=500, required=False)
    # For a colleague, a follow-up is a task for her (tickets.services.follow_up_add).
    owner = StaffChoiceField(
        label=_("Für"), queryset=staff_users(), required=False, empty_label=_("mich selbst")
    )

    def clean_due_on(self) -> dt.date:
        from django.utils import timezone

        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Eine Wiedervorlage liegt in der Zukunft oder heute."))
        return due_on
