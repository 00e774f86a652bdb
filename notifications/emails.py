"""Rendering an e-mail in its recipient's language, and the headers that make replies thread."""

from dataclasses import dataclass
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.template.loader import select_template
from django.utils import translation


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def mail_domain() -> str:
    """Our domain for Message-IDs, taken from the sender address so replies come back to us."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def new_message_id() -> str:
    return make_msgid(domain=mail_domain())


def thread_root_id(ticket) -> str:
    """The Message-ID every mail about a ticket replies to: derived from the reference, so it needs no
    storage and a mail client groups all of them into one conversation."""
    return f"<ticket-{ticket.reference}@{mail_domain()}>"


def thread_headers(ticket) -> dict[str, str]:
    headers = {"Message-ID": new_message_id()}
    if ticket is not None:
        root = thread_root_id(ticket)
        headers.update({"In-Reply-To": root, "References": root})
    return headers


def render(*, template: str, language: str, subject: str, context: dict) -> Rendered:
    """Render text and HTML of `emails/<template>` (or the generic notice) in `language`. The caller
    translates `subject` and the context strings under the same language."""
    with translation.override(language):
        ctx = {"company": settings.COMPANY, "LANGUAGE_CODE": language, "subject": subject, **context}
        text = select_template([f"emails/{template}.txt", "emails/notice.txt"]).render(ctx)
        html = select_template([f"emails/{template}.html", "emails/notice.html"]).render(ctx)
    ticket = context.get("ticket")
    subject = " ".join(subject.split())
    if ticket is not None and f"[{ticket.reference}]" not in subject:
        subject = f"[{ticket.reference}] {subject}"
    return Rendered(subject=subject[:300], text=text.strip() + "\n", html=html)
