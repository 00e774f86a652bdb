"""The terms of a payment arrangement as a form: the tenant's proposal in the portal, staff's entry after a
call and their counter-proposal in the back-office. Every rule is payments.schedule's; this only gives
each field its label and its German message."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from estate.fields import TextField
from estate.models import Party

from . import schedule
from .models import PaymentPlan

TERMS = ("amount", "count", "first_due", "interval")


class TermsForm(forms.Form):
    amount = forms.CharField(
        label=_("Betrag (€)"),
        max_length=20,
        help_text=_("Der offene Betrag, den Sie in Raten zahlen möchten, z. B. 600,00"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Bitte geben Sie den Betrag an.")},
    )
    count = forms.CharField(
        label=_("Anzahl der Raten"),
        max_length=5,
        help_text=format_lazy(_("Höchstens {max} Raten"), max=schedule.MAX_INSTALMENTS),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Bitte geben Sie die Anzahl der Raten an.")},
    )
    first_due = forms.CharField(
        label=_("Erste Rate am"),
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Bitte geben Sie das Datum der ersten Rate an.")},
    )
    interval = forms.ChoiceField(
        label=_("Zahlungsrhythmus"),
        choices=PaymentPlan.Interval.choices,
        initial=PaymentPlan.Interval.MONTHLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie, wie oft Sie zahlen möchten."),
            "invalid_choice": _("Bitte wählen Sie, wie oft Sie zahlen möchten."),
        },
    )
    note = TextField(
        label=_("Bemerkung"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        try:
            data["terms"] = schedule.clean_terms(**{name: data.get(name) for name in TERMS})
        except ValidationError as invalid:
            for name, messages in invalid.message_dict.items():
                if name not in self.errors:  # a field's own message (required) stands alone
                    for message in messages:
                        self.add_error(name, message)
        return data


class StaffTermsForm(TermsForm):
    """The same terms as staff enter them for a tenant (a new agreement or a counter-proposal): the help
    speaks about the tenant by name, not to them."""

    def __init__(self, *args, party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        name = {"name": party.display_name}
        self.fields["amount"].help_text = (
            gettext("Der offene Betrag, den %(name)s in Raten zahlen soll, z. B. 600,00") % name
        )
        if self.prefix == "counter":  # the counter-proposal's note goes to the tenant with it
            self.fields["note"].label = gettext("Begründung für %(name)s") % name
