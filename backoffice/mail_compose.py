"""Writing mail from the mailbox: a new mail (to a person of the master data, found by name or e-mail,
or to any address), a reply to a mail that came in, a forward of a ticket message. Text blocks are
inserted by a button of their own, so the page works without JavaScript; signature, footer and the
house greeting are added when the mail is sent (notifications.mail_out)."""

import uuid

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estate.fields import EmailField, LineField, SearchField, TextField
from estate.models import Party
from notifications.mail_out import Draft, mail_send, text_block_fill
from notifications.models import InboundMail
from tickets.models import Message, Ticket
from tickets.workspace import StandardAttachment, TextBlock

from .access import staff_required

PARTY_HITS = 10


class ComposeForm(forms.Form):
    to = EmailField(label=gettext_lazy("An"))
    party = forms.ModelChoiceField(queryset=Party.objects.all(), required=False, widget=forms.HiddenInput)
    reference = LineField(label=gettext_lazy("Zu Meldung (optional)"), max_length=20, required=False)
    subject = LineField(label=gettext_lazy("Betreff"), max_length=250)
    body = TextField(label=gettext_lazy("Text"), max_length=20_000, widget=forms.Textarea({"rows": 12}))
    text_block = forms.ModelChoiceField(
        label=gettext_lazy("Textbaustein"),
        queryset=TextBlock.objects.filter(active=True),
        required=False,
        empty_label=gettext_lazy("– keiner –"),
    )
    standard_attachments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Standardanhänge beifügen"),
        queryset=StandardAttachment.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    send_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["body"].required = False
        self.fields["subject"].required = False

    def clean(self) -> dict:
        data = super().clean()
        reference = data.get("reference")
        data["ticket"] = None
        if reference:
            data["ticket"] = Ticket.objects.visible_to(self.user).filter(reference=reference).first()
            if data["ticket"] is None:
                self.add_error("reference", _("Keine Meldung mit dieser Nummer gefunden."))
        party = data.get("party")
        if party is not None and data.get("to") and (party.email or "").lower() != data["to"].lower():
            # The address was changed by hand: the mail goes to that address, not to the person.
            data["party"] = None
        if data.get("party") is None and data.get("to"):
            data["party"] = Party.objects.filter(email__iexact=data["to"]).first()
        return data


def _start(request: HttpRequest) -> tuple[dict, InboundMail | None, Message | None]:
    """What the form starts with: a reply, a forward, a person picked from the search, or nothing."""
    initial: dict = {"send_key": uuid.uuid4()}
    answers = forwards = None
    if request.GET.get("reply", "").isdigit():
        answers = get_object_or_404(InboundMail.objects.defer("raw"), pk=request.GET["reply"])
        initial |= {"to": answers.from_address, "party": answers.party_id, "subject": _re(answers.subject)}
        initial["body"] = _quoted(answers.body_text)
        if answers.ticket_id:
            initial["reference"] = answers.ticket.reference
    elif request.GET.get("forward", "").isdigit():
        forwards = get_object_or_404(
            Message.objects.filter(ticket__in=Ticket.objects.visible_to(request.user)).select_related(
                "ticket__item"
            ),
            pk=request.GET["forward"],
        )
        initial["subject"] = f"WG: [{forwards.ticket.reference}] {forwards.ticket.title_display}"[:250]
        initial["body"] = "\n\n" + _("----- Weitergeleitete Nachricht -----") + "\n" + forwards.body
    if request.GET.get("party", "").isdigit():
        party = get_object_or_404(Party, pk=request.GET["party"])
        initial |= {"to": party.email, "party": party.pk}
    if request.GET.get("ticket"):
        initial["reference"] = request.GET["ticket"][:20]
    return initial, answers, forwards


def _re(subject: str) -> str:
    return subject if subject.lower().startswith(("re:", "aw:")) else f"AW: {subject}"[:250]


def _quoted(text: str) -> str:
    return "\n\n" + "\n".join(f"> {line}" for line in text.splitlines()[:200])


def _parties(query: str):
    if not query:
        return []
    found = Party.objects.filter(
        Q(email__icontains=query) | Q(last_name__icontains=query) | Q(first_name__icontains=query)
    )
    return list(found.exclude(email="").order_by("last_name", "first_name")[:PARTY_HITS])


@staff_required
def compose(request: HttpRequest) -> HttpResponse:
    initial, answers, forwards = _start(request)
    if request.method == "POST":
        form = ComposeForm(request.POST, user=request.user)
        if form.is_valid() and "insert" in request.POST:
            return _with_block(request, form, answers, forwards)
        if form.is_valid() and _complete(form):
            data = form.cleaned_data
            draft = Draft(
                address=data["to"],
                subject=data["subject"],
                body=data["body"],
                party=data["party"],
                ticket=data["ticket"],
                answers=answers,
                forwards=forwards,
                standard_attachments=tuple(data["standard_attachments"]),
            )
            mail_send(draft=draft, user=request.user, key=str(data["send_key"]))
            messages.success(request, _("Die E-Mail an %(to)s ist versandt.") % {"to": data["to"]})
            if forwards is not None:
                return HttpResponseRedirect(reverse("backoffice:ticket", args=[forwards.ticket.reference]))
            return HttpResponseRedirect(reverse("backoffice:mailbox"))
    else:
        form = ComposeForm(initial=initial, user=request.user)
    search = SearchField(required=False).clean(request.GET.get("q", ""))
    context = {
        "form": form,
        "answers": answers,
        "forwards": forwards,
        "q": search,
        "parties": _parties(search),
    }
    return render(request, "backoffice/mailbox/compose.html", context)


def _complete(form: ComposeForm) -> bool:
    for field in ("subject", "body"):
        if not form.cleaned_data.get(field, "").strip():
            form.add_error(field, _("Dieses Feld ist zwingend erforderlich."))
    return form.is_valid()


def _with_block(request, form: ComposeForm, answers, forwards) -> HttpResponse:
    """The chosen text block inserted above what is written, filled for the ticket or the person."""
    data = form.cleaned_data
    block = data.get("text_block")
    if block is None:
        raise Http404()
    text = text_block_fill(block, user=request.user, ticket=data["ticket"], party=data["party"])
    values = form.data.copy()
    values["body"] = (text + "\n" + data.get("body", "")).strip()
    values.pop("text_block", None)
    fresh = ComposeForm(initial=None, data=values, user=request.user)
    context = {"form": fresh, "answers": answers, "forwards": forwards, "q": "", "parties": []}
    return render(request, "backoffice/mailbox/compose.html", context)


urlpatterns = [path("postfach/neu/", compose, name="mailbox_compose")]
