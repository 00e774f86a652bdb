"""What a reply to a tenant is framed with: one greeting and one closing, the writer's signature, and the
footer of the writer, their team or the company.

The reply's text owns greeting and closing: a text block brings its own salutation and closing, and a
case worker who writes one keeps it. The e-mail (or letter) adds the house greeting or closing only where
the text has none, so a tenant never reads "Dear Ms Muster" twice."""

# How greetings and closings begin in German, English and Dutch (compared in lower case).
GREETINGS = (
    "sehr geehrte",
    "guten tag",
    "guten morgen",
    "hallo",
    "liebe ",
    "lieber ",
    "moin",
    "dear ",
    "hello",
    "good morning",
    "good afternoon",
    "geachte",
    "beste ",
    "goedendag",
    "goedemiddag",
    "goedemorgen",
    "hoi ",
)
CLOSINGS = (
    "mit freundlichen grüßen",
    "mit freundlichen grüssen",
    "freundliche grüße",
    "freundliche grüsse",
    "viele grüße",
    "beste grüße",
    "herzliche grüße",
    "kind regards",
    "best regards",
    "yours sincerely",
    "regards",
    "met vriendelijke groet",
    "vriendelijke groet",
    "hartelijke groet",
    "groeten",
)
# A closing stands near the end: a signature of up to this many lines may follow it.
CLOSING_WITHIN_LAST = 6


def _lines(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


def has_greeting(text: str) -> bool:
    lines = _lines(text)
    return bool(lines) and lines[0].startswith(GREETINGS)


def has_closing(text: str) -> bool:
    return any(line.startswith(CLOSINGS) for line in _lines(text)[-CLOSING_WITHIN_LAST:])


def footer_for(user, team) -> str:
    """The writer's own footer, else their team's (the ticket's team), else "" for the company's."""
    for source in (user, team):
        footer = (getattr(source, "mail_footer", "") or "").strip()
        if footer:
            return footer
    return ""


def signature_of(user, body: str) -> str:
    """The writer's signature, unless the text already ends with it (typed or pasted by hand)."""
    signature = (getattr(user, "signature", "") or "").strip()
    if not signature or body.rstrip().endswith(signature):
        return ""
    return signature
