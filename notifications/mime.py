"""Reading real incoming mail (stdlib `email`, policy.default): the text a person wrote, whatever the
character set or HTML, its attachments (including what Outlook hides in winmail.dat and what a forward
carries), and whether it is automatic mail or a delivery report."""

import hashlib
import logging
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html import unescape
from html.parser import HTMLParser

import nh3

log = logging.getLogger(__name__)

# Mail clients label Windows-1252 text as ISO-8859-1 (or send it unlabelled); browsers read these labels
# as Windows-1252 too, which turns 0x80 into "€" rather than a control character.
CP1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252"}
AUTOMATIC_PRECEDENCE = {"bulk", "auto_reply", "junk", "list"}
# Outlook's and Exchange's own subject prefixes for out-of-office replies (they often set no header).
AUTO_REPLY_SUBJECTS = re.compile(r"^\s*(automatische antwort|automatic reply|abwesenheitsnotiz)\s*:", re.I)
DAEMONS = ("mailer-daemon@", "postmaster@")
BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr"}


@dataclass
class Part:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str
    sender: str
    subject: str
    text: str
    in_reply_to: str = ""
    references: str = ""
    attachments: list[Part] = field(default_factory=list)
    is_automatic: bool = False
    # Delivery-status reports: the addresses that failed and the Message-ID of our mail that bounced.
    is_bounce: bool = False
    failed_recipients: list[str] = field(default_factory=list)
    bounced_message_id: str = ""


def parse_bytes(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def parse(message: EmailMessage) -> ParsedMail:
    """Everything the inbox needs from one message (an EmailMessage with policy.default, such as
    anymail's AnymailInboundMessage or the result of `parse_bytes`)."""
    sender = _header(message, "From")
    sender_address = parseaddr(sender)[1].lower()
    subject = _header(message, "Subject")
    text, attachments = _content(message)
    parsed = ParsedMail(
        message_id=_header(message, "Message-ID"),
        sender=sender_address,
        subject=" ".join(subject.split()),
        text=text.strip(),
        in_reply_to=_header(message, "In-Reply-To"),
        references=_header(message, "References"),
        attachments=attachments,
    )
    if message.get_content_type() == "multipart/report":
        parsed.is_bounce = message.get_param("report-type", "").lower() == "delivery-status"
        parsed.failed_recipients, parsed.bounced_message_id = _delivery_status(message)
    parsed.is_automatic = parsed.is_bounce or _is_automatic(message, sender_address, parsed.subject)
    if not parsed.message_id:
        # Without a Message-ID the same mail from the webhook and from IMAP must still be stored once:
        # what the sender wrote is the same on both paths, the transport headers are not.
        digest = hashlib.sha256(
            "\0".join([sender_address, _header(message, "Date"), parsed.subject, parsed.text]).encode()
        ).hexdigest()
        parsed.message_id = f"<{digest[:40]}@inbound.invalid>"
    return parsed


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header so broken that even the lenient parser gives up on it
        log.warning("Unreadable %s header in incoming mail", name, exc_info=True)
        raw = message.get_all(name, failobj=[""])
        value = raw[0] if raw else ""
    return str(value or "").strip()


def _is_automatic(message: EmailMessage, sender: str, subject: str) -> bool:
    auto_submitted = _header(message, "Auto-Submitted").lower() or "no"
    return (
        auto_submitted != "no"
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or _header(message, "Precedence").lower() in AUTOMATIC_PRECEDENCE
        or sender.startswith(DAEMONS)
        or bool(AUTO_REPLY_SUBJECTS.match(subject))
    )


def decode_text(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "us-ascii").lower()
    if charset in CP1252_ALIASES:
        charset = "cp1252"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        # A wrong or unknown label: most such mail is UTF-8, and nothing the sender wrote is dropped.
        return payload.decode("utf-8", errors="replace")


def html_to_text(html: str) -> str:
    """Sanitise (scripts, styles and their content go) and reduce to the text a reader would see."""
    clean = nh3.clean(html, tags=BLOCK_TAGS | {"a", "span", "b", "i", "strong", "em", "td", "th", "ul", "ol"})
    reader = _TextReader()
    reader.feed(clean)
    reader.close()
    lines = [" ".join(line.split()) for line in "".join(reader.chunks).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.chunks.append("\n- ")
        elif tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS and tag not in {"br", "li"}:
            self.chunks.append("\n")

    def handle_data(self, data):
        self.chunks.append(unescape(data))


def _content(message: EmailMessage) -> tuple[str, list[Part]]:
    body = message.get_body(preferencelist=("plain", "html"))
    texts: list[str] = []
    if body is not None:
        content = decode_text(body)
        texts.append(html_to_text(content) if body.get_content_type() == "text/html" else content)
    attachments: list[Part] = []
    for part in _leaves(message):
        if part is body:
            continue
        _collect(part, texts, attachments)
    return "\n\n".join(t.strip() for t in texts if t.strip()), attachments


def _leaves(message: EmailMessage, *, files_only: bool = False):
    """Every non-multipart part, not descending into attached mails (those are read on their own). Of
    the alternatives of one text only one is read; images inside the others (Outlook puts inline
    pictures only into the HTML alternative) are still kept."""
    if message.get_content_type() == "multipart/alternative":
        children = list(message.iter_parts())
        plain = [c for c in children if c.get_content_type() == "text/plain"]
        chosen = plain[0] if plain else children[-1] if children else None
        for child in children:
            yield from _leaves(child, files_only=files_only or child is not chosen)
    elif message.is_multipart():
        for child in message.iter_parts():
            yield from _leaves(child, files_only=files_only)
    elif not (files_only and message.get_content_maintype() == "text"):
        yield message


def _collect(part: EmailMessage, texts: list[str], attachments: list[Part]) -> None:
    ctype = part.get_content_type()
    filename = part.get_filename() or ""
    if ctype == "message/rfc822":
        inner = part.get_payload()[0] if isinstance(part.get_payload(), list) else part.get_content()
        forwarded = parse(inner)
        texts.append(
            "---------- Weitergeleitete Nachricht ----------\n"
            f"Von: {forwarded.sender}\nBetreff: {forwarded.subject}\n\n{forwarded.text}"
        )
        attachments.extend(forwarded.attachments)
        return
    if ctype in {"message/delivery-status", "text/rfc822-headers"} or part.is_multipart():
        return
    if filename.lower() == "winmail.dat" or ctype == "application/ms-tnef":
        _read_tnef(part, texts, attachments)
        return
    is_attachment = part.get_content_disposition() == "attachment" or filename
    if ctype in {"text/plain", "text/html"} and not is_attachment:
        # A second text part (Apple Mail splits a body around an inline image): keep it.
        text = decode_text(part)
        texts.append(html_to_text(text) if ctype == "text/html" else text)
        return
    data = part.get_payload(decode=True) or b""
    attachments.append(Part(filename=filename or _default_name(ctype), content_type=ctype, data=data))


def _default_name(ctype: str) -> str:
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(ctype, "bin")
    return f"anhang.{extension}"


def _read_tnef(part: EmailMessage, texts: list[str], attachments: list[Part]) -> None:
    """Outlook's winmail.dat: its body and files, or the file itself where it cannot be read."""
    from tnefparse import TNEF

    data = part.get_payload(decode=True) or b""
    try:
        tnef = TNEF(data)
    except Exception:
        log.warning("Unreadable winmail.dat kept as it is", exc_info=True)
        attachments.append(Part(filename="winmail.dat", content_type="application/ms-tnef", data=data))
        return
    if tnef.body:
        texts.append(tnef.body if isinstance(tnef.body, str) else tnef.body.decode("cp1252", "replace"))
    elif tnef.htmlbody:
        html = tnef.htmlbody if isinstance(tnef.htmlbody, str) else tnef.htmlbody.decode("cp1252", "replace")
        texts.append(html_to_text(html))
    for item in tnef.attachments:
        name = item.long_filename() or "anhang.bin"
        name = name.decode("cp1252", "replace") if isinstance(name, bytes) else name
        attachments.append(Part(filename=name.strip("\x00"), content_type=_guess_type(name), data=item.data))


def _guess_type(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _delivery_status(message: EmailMessage) -> tuple[list[str], str]:
    failed: list[str] = []
    original_id = ""
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            for block in part.get_payload():
                action = str(block.get("Action", "")).strip().lower()
                recipient = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
                if recipient and action in {"failed", ""}:
                    address = recipient.split(";", 1)[-1].strip()
                    failed.extend(a for _, a in getaddresses([address]) if a)
        elif ctype in {"message/rfc822", "text/rfc822-headers"} and not original_id:
            original_id = _original_message_id(part)
    return [a.lower() for a in failed], original_id


def _original_message_id(part: EmailMessage) -> str:
    if part.get_content_type() == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) else payload
        return str(inner.get("Message-ID") or "").strip()
    match = re.search(r"^Message-ID:\s*(<[^>]+>)", decode_text(part), re.I | re.M)
    return match.group(1) if match else ""
