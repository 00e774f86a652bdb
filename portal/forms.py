"""The report form: the catalog item's extra questions, then description, photos and contact wishes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogs.models import CatalogItem, ExtraField
from catalogs.questions import asks_for_appointment, asks_for_photos, is_paperwork
from estate.fields import DecimalField, IbanField, LineField, TextField
from estate.iban import normalise_iban
from tickets.models import CommonArea, Visibility
from tickets.uploads import MAX_PHOTOS

from .photos import PhotosField


def extra_form_field(field: ExtraField) -> forms.Field:
    common = {"label": field.label, "required": field.required}
    kind = ExtraField.Kind
    if field.kind == kind.LONG_TEXT:
        return TextField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)
    if field.kind == kind.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in field.choice_list]], **common)
    if field.kind == kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if field.kind == kind.NUMBER:
        return DecimalField(max_digits=12, decimal_places=2, **common)
    if field.kind == kind.IBAN:
        return IbanField(
            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
            **common,
        )
    if field.kind == kind.YES_NO:
        return forms.TypedChoiceField(choices=[("", "—"), ("yes", _("Ja")), ("no", _("Nein"))], **common)
    return LineField(max_length=300, **common)


class ReportForm(forms.Form):
    # No area is preselected: a tenant who skips the question is asked again, not filed under a guess.
    common_area = forms.ChoiceField(
        label=_("Wo genau?"),
        choices=[("", _("Bitte wählen")), *[c for c in CommonArea.choices if c[0]]],
        required=False,
        error_messages={"required": _("Bitte wählen Sie, wo es ist.")},
    )
    description = TextField(
        label=_("Beschreibung"),
        help_text=_("Was ist passiert? Wo genau? Seit wann?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Bitte beschreiben Sie kurz, was passiert ist.")},
    )
    photos = PhotosField(
        label=_("Fotos"), help_text=_("Bis zu %(n)d Fotos (JPEG, PNG oder WebP).") % {"n": MAX_PHOTOS}
    )
    availability = TextField(
        label=_("Wann sind Sie für einen Termin erreichbar?"),
        help_text=_("z. B. werktags ab 16 Uhr"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
    phone_consent = forms.BooleanField(
        label=_("Der Handwerksbetrieb darf mich für einen Termin anrufen."), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Wer darf die Meldung sehen?"),
        choices=[
            (Visibility.PRIVATE, _("Nur ich und die Verwaltung")),
            (Visibility.PUBLIC, _("Alle Bewohnerinnen und Bewohner des Hauses")),
        ],
        widget=forms.RadioSelect,
        initial=Visibility.PRIVATE,
        required=False,
    )
    is_anonymous = forms.BooleanField(
        label=_("Meinen Namen bei einer öffentlichen Meldung nicht anzeigen"), required=False
    )

    def __init__(self, *args, item: CatalogItem, common_area: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.extra_keys: list[tuple[str, ExtraField]] = []
        if not common_area:
            del self.fields["common_area"]
        else:
            self.fields["common_area"].required = True
        if not item.may_be_public:
            del self.fields["visibility"]
            del self.fields["is_anonymous"]
        if not asks_for_photos(item):
            del self.fields["photos"]
        if not asks_for_appointment(item):
            del self.fields["availability"]
            del self.fields["phone_consent"]
        if is_paperwork(item):
            # Not a repair: no "what happened?"; the extra questions usually say it all.
            description = self.fields["description"]
            description.label = _("Möchten Sie uns noch etwas mitteilen?")
            description.help_text = ""
            description.required = False
        for field in item.extra_fields.all():
            name = f"x_{field.key}"
            self.fields[name] = extra_form_field(field)
            self.extra_keys.append((name, field))
        # The item's extra questions come first: they are what the case worker needs most.
        order = [name for name, _field in self.extra_keys]
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        if self.item.requires_photo and not data.get("photos") and "photos" not in self.errors:
            self.add_error("photos", _("Bitte fügen Sie mindestens ein Foto hinzu."))
        return data

    @property
    def description_value(self) -> str:
        """What the tenant wrote; a desk matter sent without words is described by its item."""
        return self.cleaned_data.get("description", "").strip() or self.item.name_de

    def answers(self) -> dict:
        result = {}
        for name, field in self.extra_keys:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if field.kind == ExtraField.Kind.IBAN:
                value = normalise_iban(value)
            result[field.key] = str(value)
        return result

    @property
    def visibility_value(self) -> str:
        return self.cleaned_data.get("visibility") or Visibility.PRIVATE
