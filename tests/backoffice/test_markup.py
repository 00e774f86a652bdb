"""The main back-office pages are well-formed HTML: every tag closed by its own end tag, in order, no
paragraph around a block, no id twice (a label would name another field). Browsers repair such markup
silently and differently, and what they build then (an aside swallowed by a section, a form cut short) is
not what screen readers or the layout expect. Also: the current menu entry is marked on each page."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from notifications.models import InboundMail
from tests.factories import (
    ChangeRequestFactory,
    FollowUpFactory,
    MessageFactory,
    PartyFactory,
    TicketFactory,
)

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A <p> ends where one of these starts; the template then has a stray </p> or a paragraph it didn't mean.
BLOCKS = {
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section",
    "table", "ul",
}  # fmt: skip


class MarkupChecker(HTMLParser):
    """Strict where HTML is forgiving: no end tag left out, none out of order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.ids: set[str] = set()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        line = self.getpos()[0]
        if tag in BLOCKS and any(name == "p" for name, _line in self.open):
            self.problems.append(f"line {line}: <{tag}> inside an open <p>")
        if (element_id := dict(attrs).get("id")) is not None:
            if element_id in self.ids:
                self.problems.append(f'line {line}: id="{element_id}" twice')
            self.ids.add(element_id)
        if tag not in VOID:
            self.open.append((tag, line))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        # Inside SVG (the 2FA QR code) "<path/>" is XML and fine.
        in_foreign = any(name in {"svg", "math"} for name, _line in self.open)
        if tag not in VOID and not in_foreign:
            self.problems.append(f"line {self.getpos()[0]}: <{tag}/> is not a void element")

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag in VOID:
            self.problems.append(f"line {line}: </{tag}> for a void element")
        elif not self.open:
            self.problems.append(f"line {line}: </{tag}> with nothing open")
        elif self.open[-1][0] != tag:
            opened, at = self.open[-1]
            self.problems.append(f"line {line}: </{tag}> closes <{opened}> from line {at}")
            if any(name == tag for name, _line in self.open):
                # Recover as a browser would, so one mistake is reported once.
                while self.open.pop()[0] != tag:
                    pass
        else:
            self.open.pop()

    def check(self, html: str) -> list[str]:
        self.feed(html)
        self.close()
        return self.problems + [f"<{tag}> from line {line} never closed" for tag, line in self.open]


def markup_problems(html: str) -> list[str]:
    return MarkupChecker().check(re.sub(r"<!DOCTYPE[^>]*>", "", html, flags=re.IGNORECASE))


def test_the_checker_finds_a_mismatched_and_an_unclosed_tag():
    assert markup_problems("<aside><p>x</p></section>") == [
        "line 1: </section> closes <aside> from line 1",
        "<aside> from line 1 never closed",
    ]
    assert markup_problems("<div><br><input name=a><p>ok</p></div>") == []
    assert markup_problems('<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>') == []
    assert markup_problems("<p><div>x</div></p>") == ["line 1: <div> inside an open <p>"]
    assert markup_problems('<input id="a">\n<input id="a">') == ['line 2: id="a" twice']


@pytest.fixture
def main_pages(case_worker) -> dict[str, str]:
    case_worker.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_reports", "change_noticepost", "change_textblock"])
    )
    person = PartyFactory(first_name="Erika", last_name="Mustermann", email="erika@example.org")
    ticket = TicketFactory(reporter=person, assignee=case_worker)
    MessageFactory(ticket=ticket)
    FollowUpFactory(ticket=ticket, owner=case_worker, note="Rückruf")
    ChangeRequestFactory(party=person)
    InboundMail.objects.create(
        message_id="<markup@example.org>", from_address="nachbar@example.org", subject="Müll im Hof"
    )
    return {
        "queue": reverse("backoffice:queue"),
        "follow-ups": reverse("backoffice:queue") + "?view=follow_up",
        "ticket": reverse("backoffice:ticket", args=[ticket.reference]),
        "person": reverse("backoffice:person", args=[person.pk]),
        "mailbox": reverse("backoffice:mailbox"),
        "calendar": reverse("backoffice:calendar"),
        "approvals": reverse("backoffice:approvals"),
        "reports": reverse("backoffice:reports"),
        "account": reverse("backoffice:account"),
        "two-factor": reverse("backoffice:twofactor_setup"),
        "intake": reverse("backoffice:intake"),
        "people": reverse("backoffice:people") + "?q=Mustermann",
        "knowledge": reverse("backoffice:knowledge"),
        "notices": reverse("backoffice:notices"),
        "notice-new": reverse("backoffice:notice_new"),
        "text-blocks": reverse("backoffice:text_blocks"),
        "text-block-new": reverse("backoffice:text_block_new"),
    }


PAGES = [
    "queue", "follow-ups", "ticket", "person", "mailbox", "calendar", "approvals", "reports", "account",
    "two-factor", "intake", "people", "knowledge", "notices", "notice-new", "text-blocks", "text-block-new",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_main_page_is_well_formed_and_marks_its_menu_entry(staff_client, main_pages, name):
    response = staff_client.get(main_pages[name])
    assert response.status_code == 200
    html = response.content.decode()
    assert markup_problems(html) == []
    menu = html.split('<nav aria-label="Hauptnavigation">', 1)[1].split("</nav>", 1)[0]
    account = html.split('<form class="bo-signout"', 1)[1].split("</form>", 1)[0]
    assert (menu + account).count("aria-current=") == 1


def test_the_queue_is_the_page_and_a_ticket_is_below_it(staff_client, main_pages):
    queue = staff_client.get(main_pages["queue"]).content.decode()
    ticket = staff_client.get(main_pages["ticket"]).content.decode()
    assert '<a href="/backoffice/" aria-current="page">Arbeitskorb</a>' in queue
    assert '<a href="/backoffice/" aria-current="true">Arbeitskorb</a>' in ticket
