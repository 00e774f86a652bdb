"""The forms of a contract change, the same for the tenant in the portal and for staff entering it for
them: fields and their German messages only; every rule is contracts.requests'."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from estate.fields import EmailField, LineField, NameField, PhoneField
from tickets.uploads import UploadRefused

from .models import ContactPerson, ContractChange
from .proof import clean_proofs


class ProofInput(forms.FileInput):
    allow_multiple_selected = True


class ProofField(forms.FileField):
    """A marriage certificate or other proof: PDFs and photos, each through the upload checks."""

    widget = ProofInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        try:
            return clean_proofs(files)
        except UploadRefused as refused:
            raise ValidationError(str(refused.message)) from refused


def _date(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Bitte geben Sie ein gültiges Datum ein."),
            "required": _("Bitte geben Sie das Datum an."),
        },
    )


class NameChangeForm(forms.Form):
    last_name = NameField(
        label=_("Neuer Nachname"),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Bitte geben Sie den neuen Nachnamen an.")},
    )
    first_name = NameField(
        label=_("Neuer Vorname"),
        required=False,
        help_text=_("Nur wenn sich auch der Vorname ändert."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    proof = ProofField(
        label=_("Nachweis (z. B. Heiratsurkunde)"),
        help_text=_("PDF, JPEG oder PNG, höchstens drei Dateien."),
        error_messages={"required": _("Bitte laden Sie einen Nachweis hoch, z. B. die Heiratsurkunde.")},
        widget=ProofInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class MoveInForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("Wer zieht ein?"),
        choices=ContractChange.Relation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie die Beziehung.")},
    )
    # How the Nachtrag and the letters name and greet the person (Frau / Herr, else neutrally).
    salutation = forms.ChoiceField(
        label=_("Anrede"),
        choices=[("", _("keine Angabe")), ("Frau", _("Frau")), ("Herr", _("Herr"))],
        required=False,
    )
    first_name = NameField(
        label=_("Vorname"), error_messages={"required": _("Bitte geben Sie den Vornamen an.")}
    )
    last_name = NameField(
        label=_("Nachname"), error_messages={"required": _("Bitte geben Sie den Nachnamen an.")}
    )
    email = EmailField(
        label=_("E-Mail-Adresse der Person"),
        help_text=_("Sie erhält einen Link, mit dem sie der Aufnahme in den Mietvertrag zustimmt."),
        error_messages={"required": _("Bitte geben Sie die E-Mail-Adresse der Person an.")},
    )
    birth_date = _date(_("Geburtsdatum"), required=False)
    effective_date = _date(_("Ab wann?"))


class MoveOutForm(forms.Form):
    leaving = forms.TypedChoiceField(
        label=_("Wer scheidet aus dem Mietvertrag aus?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie die Person.")},
    )
    effective_date = _date(_("Zu welchem Datum?"))

    def __init__(self, *args, tenants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaving"].choices = [(p.pk, p.display_name) for p in tenants]


class ContactForm(forms.Form):
    name = LineField(
        label=_("Name der Person"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie den Namen der Person an.")},
    )
    scope = forms.ChoiceField(
        label=_("Wofür ist die Person zuständig?"),
        choices=ContactPerson.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, wofür die Person zuständig ist.")},
    )
    basis = forms.ChoiceField(
        label=_("Grundlage"),
        choices=ContactPerson.Basis.choices,
        help_text=_("Eine Vollmacht oder einen Betreuerausweis sehen wir uns bei Bedarf an."),
    )
    street = LineField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postcode = LineField(label=_("PLZ"), max_length=10, required=False)
    city = LineField(label=_("Ort"), max_length=100, required=False)
    email = EmailField(label=_("E-Mail"), required=False)
    phone = PhoneField(label=_("Telefon"), required=False)
