"""Bewertung: the reporter rates a finished job. Opening the page (from the status e-mail or the ticket
page) records nothing, as mail scanners open links; only the form's POST does. Another person's ticket,
a job not finished, or a process's ticket (no repair to rate: processes.access.may_rate) answers 404."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from processes.access import may_rate
from reports.feedback import FeedbackClosed, feedback_record
from reports.models import Feedback

from .access import current_party, resident_required, visible_ticket

RESULT = [(5, gettext_lazy("5 – sehr gut")), (4, "4"), (3, "3"), (2, "2"), (1, gettext_lazy("1 – schlecht"))]
EFFORT = [
    (1, gettext_lazy("1 – sehr leicht")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, gettext_lazy("5 – sehr mühsam")),
]
CRAFT = [("", gettext_lazy("keine Angabe")), *RESULT]


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Wie zufrieden sind Sie mit dem Ergebnis?"),
        choices=RESULT,
        coerce=int,
        widget=forms.RadioSelect,
    )
    effort = forms.TypedChoiceField(
        label=gettext_lazy("Wie leicht war es für Sie, das Anliegen erledigt zu bekommen?"),
        choices=EFFORT,
        coerce=int,
        widget=forms.RadioSelect,
    )
    punctuality = forms.TypedChoiceField(
        label=gettext_lazy("Pünktlichkeit des Handwerkers"),
        choices=CRAFT,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    tidiness = forms.TypedChoiceField(
        label=gettext_lazy("Sauberkeit des Handwerkers"),
        choices=CRAFT,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Möchten Sie uns noch etwas sagen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@resident_required
def feedback(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = visible_ticket(request, reference)
    party = current_party(request)
    if not may_rate(ticket, party):
        raise Http404
    given = Feedback.objects.filter(ticket=ticket).first()
    closed = given is not None and not given.is_editable()
    form = None
    if request.method == "POST" and not closed:
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback_record(ticket=ticket, party=party, **form.cleaned_data)
            except FeedbackClosed:
                closed = True
            else:
                messages.success(request, _("Danke für Ihre Bewertung!"))
                return redirect("portal:feedback", reference=ticket.reference)
    elif request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    if form is None and not closed:
        initial = {}
        if given is not None:
            initial = {
                f: getattr(given, f) for f in ("score", "effort", "punctuality", "tidiness", "comment")
            }
        form = FeedbackForm(initial=initial)
    status = 400 if form is not None and form.is_bound else 200
    return render(
        request,
        "portal/feedback.html",
        {"ticket": ticket, "form": None if closed else form, "given": given, "closed": closed},
        status=status,
    )
