"""Reading real incoming mail (stdlib `email`, policy.default): the text a person wrote, whatever the
character set or HTML, its attachments (including what Outlook hides in winmail.dat and what a forward
carries), and whether it is automatic mail or a delivery report. Mail is whatever a sending program made
of it: what is kept as text loses NULs and control characters, a header the standard parser chokes on is
read raw, and nesting stops at a fixed depth."""

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
# NUL and the other control characters (but tab and newline) break databases and terminals; lone
# surrogates are undecodable bytes that `surrogateescape` let through.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# A mail inside a mail inside a mail...: deeper than this is kept in the raw mail only.
MAX_DEPTH = 20
TRACE_HEADERS = {"received-spf", "authentication-results"}
BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr"}


@dataclass
class Part:
    """An attached file. `filename` is the sender's name for it, cleaned, for display only."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Authentication:
    """What the receiving mail server found about the sender (first Received-SPF and
    Authentication-Results: servers put theirs on top, above anything the sender wrote)."""

    spf: str = ""
    dkim: str = ""
    dmarc: str = ""
    dmarc_domain: str = ""
    spf_domain: str = ""
    dkim_domains: list[str] = field(default_factory=list)
    text: str = ""

    def vouches_for(self, address: str) -> bool:
        """True when the server confirmed that mail from this address's domain really came from there."""
        domain = address.rpartition("@")[2].lower()
        if not domain:
            return False
        if self.dmarc == "pass" and self.dmarc_domain in {"", domain}:
            return True
        if self.dkim == "pass" and any(_aligned(d, domain) for d in self.dkim_domains):
            return True
        return self.spf == "pass" and _aligned(self.spf_domain, domain)


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
    # Every address the mail was sent to (To, Cc, Delivered-To, X-Original-To): a reply token is one.
    recipients: list[str] = field(default_factory=list)
    authentication: Authentication = field(default_factory=Authentication)

    @property
    def content_hash(self) -> str:
        """What the sender wrote, not how it travelled: the same mail by webhook and by IMAP is equal, and
        so is one whose subject a list or forwarder tagged on the way."""
        digest = hashlib.sha256()
        for value in (self.sender, self.text):
            digest.update(value.encode("utf-8", "replace") + b"\0")
        for part in self.attachments:
            digest.update(hashlib.sha256(part.data).digest())
        return digest.hexdigest()


def parse_bytes(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def clean_text(value: str) -> str:
    return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(value: str) -> str:
    return " ".join(clean_text(value).split())


def clean_address(value: str) -> str:
    """The bare address of a From-like header, or "" for anything that is not one (CR/LF, spaces)."""
    address = parseaddr(clean_line(value))[1].lower()
    return address if address.count("@") == 1 and not any(c.isspace() for c in address) else ""


def parse(message: EmailMessage, *, depth: int = 0) -> ParsedMail:
    """Everything the inbox needs from one message (an EmailMessage with policy.default, such as
    anymail's AnymailInboundMessage or the result of `parse_bytes`)."""
    sender_address = clean_address(_header(message, "From"))
    subject = _header(message, "Subject")
    text, attachments = _content(message, depth=depth)
    parsed = ParsedMail(
        message_id=_header(message, "Message-ID")[:255],
        sender=sender_address,
        subject=subject,
        text=clean_text(text).strip(),
        in_reply_to=_header(message, "In-Reply-To"),
        references=_header(message, "References"),
        attachments=attachments,
        recipients=_recipients(message),
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
        value = str(message.get(name) or "")
    except Exception:  # a header so broken that even the lenient parser gives up on it
        log.warning("Unreadable %s header in incoming mail, read raw", name, exc_info=True)
        value = next((str(v) for n, v in message.raw_items() if n.lower() == name.lower()), "")
    return clean_line(value)


def _recipients(message: EmailMessage) -> list[str]:
    values = []
    for name in ("To", "Cc", "Delivered-To", "X-Original-To"):
        values.extend(_header(message, name).split(","))
    return [address for value in values if (address := clean_address(value))]


def authentication(headers: list[tuple[str, str]]) -> Authentication:
    """Read the receiving server's verdict from trace headers, in the order the mail carries them."""
    found = Authentication()
    spf_line = next((clean_line(v) for n, v in headers if n.lower() == "received-spf"), "")
    results = next((clean_line(v) for n, v in headers if n.lower() == "authentication-results"), "")
    if spf_line:
        found.spf = spf_line.split(None, 1)[0].lower()[:20]
        envelope = re.search(r"envelope-from=\"?<?([^\s\";>]+)", spf_line, re.I)
        found.spf_domain = envelope.group(1).rpartition("@")[2].lower() if envelope else ""
    if results:
        spf = re.search(r"\bspf=(\w+)(?:[^;]*smtp\.mailfrom=\"?<?([^\s\";>]+))?", results, re.I)
        if spf and not found.spf:
            found.spf = spf.group(1).lower()
            found.spf_domain = (spf.group(2) or "").rpartition("@")[2].lower()
        dkim = re.findall(r"\bdkim=(\w+)[^;]*?header\.[di]=@?([^\s;]+)", results, re.I)
        passed = [domain.rpartition("@")[2].lower() for result, domain in dkim if result.lower() == "pass"]
        found.dkim = "pass" if passed else (dkim[0][0].lower() if dkim else "")
        found.dkim_domains = passed
        dmarc = re.search(r"\bdmarc=(\w+)(?:[^;]*?header\.from=([^\s;]+))?", results, re.I)
        found.dmarc = dmarc.group(1).lower() if dmarc else ""
        found.dmarc_domain = (dmarc.group(2) or "").lower() if dmarc else ""
    found.text = "\n".join(line for line in (spf_line, results) if line)[:2000]
    return found


def trace_headers(message: EmailMessage) -> list[tuple[str, str]]:
    return [(n, str(v)) for n, v in message.raw_items() if n.lower() in TRACE_HEADERS]


def _aligned(domain: str, sender_domain: str) -> bool:
    return bool(domain) and (sender_domain == domain or sender_domain.endswith("." + domain))


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
    if isinstance(payload, str):  # a part whose structure the parser could not follow
        payload = payload.encode("utf-8", "surrogateescape")
    try:
        charset = (part.get_content_charset() or "us-ascii").lower()
    except Exception:  # a Content-Type whose parameters do not parse
        charset = "utf-8"
    if charset in CP1252_ALIASES:
        charset = "cp1252"
    # A wrong or unknown label: most such mail is UTF-8, the rest mostly Windows-1252; nothing the sender
    # wrote is dropped.
    for candidate in (charset, "utf-8", "cp1252"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
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


def _content(message: EmailMessage, *, depth: int) -> tuple[str, list[Part]]:
    body = message.get_body(preferencelist=("plain", "html"))
    texts: list[str] = []
    if body is not None:
        content = decode_text(body)
        texts.append(html_to_text(content) if body.get_content_type() == "text/html" else content)
    attachments: list[Part] = []
    for part in _leaves(message, depth=depth):
        if part is body:
            continue
        _collect(part, texts, attachments, depth=depth)
    return "\n\n".join(t.strip() for t in texts if t.strip()), attachments


def _leaves(message: EmailMessage, *, depth: int, files_only: bool = False):
    """Every non-multipart part, not descending into attached mails (those are read on their own). Of
    the alternatives of one text only one is read; images inside the others (Outlook puts inline
    pictures only into the HTML alternative) are still kept."""
    if depth > MAX_DEPTH:
        log.warning("Incoming mail nested deeper than %s levels; the rest is in the raw mail", MAX_DEPTH)
    elif message.get_content_type() == "multipart/alternative":
        children = list(message.iter_parts())
        plain = [c for c in children if c.get_content_type() == "text/plain"]
        chosen = plain[0] if plain else children[-1] if children else None
        for child in children:
            yield from _leaves(child, depth=depth + 1, files_only=files_only or child is not chosen)
    elif message.is_multipart():
        for child in message.iter_parts():
            yield from _leaves(child, depth=depth + 1, files_only=files_only)
    elif not (files_only and message.get_content_maintype() == "text"):
        yield message


def _collect(part: EmailMessage, texts: list[str], attachments: list[Part], *, depth: int) -> None:
    ctype = part.get_content_type()
    filename = _filename(part)
    if ctype == "message/rfc822" and depth < MAX_DEPTH:
        inner = part.get_payload()[0] if isinstance(part.get_payload(), list) else part.get_content()
        forwarded = parse(inner, depth=depth + 1)
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
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    attachments.append(Part(filename=filename or _default_name(ctype), content_type=ctype, data=data))


def _filename(part: EmailMessage) -> str:
    """The sender's name for a file, fit for display: no path, no control characters, not too long."""
    try:
        name = part.get_filename() or ""
    except Exception:  # broken RFC 2231 parameters
        log.warning("Unreadable attachment name in incoming mail", exc_info=True)
        name = ""
    name = clean_line(name).replace("\\", "/").rpartition("/")[2].strip(". ")
    return name[:120]


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
        name = clean_line(name).replace("\\", "/").rpartition("/")[2].strip(". ")[:120] or "anhang.bin"
        attachments.append(Part(filename=name, content_type=_guess_type(name), data=item.data))


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
