"""The ticket page's empty forms come from kept skeletons (backoffice.form_renderer.from_skeleton): their
HTML must be exactly what Django renders for the same form, whatever the values, and a form the skeleton
cannot fill is rendered as before."""

import datetime as dt
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.translation import override

from backoffice.calendar import AppointmentForm
from backoffice.duplicates import RelatedTicketForm
from backoffice.follow_ups import FollowUpChangeForm, TitleForm
from backoffice.form_renderer import FAST, _form, from_skeleton
from backoffice.forms import (
    AssignForm,
    FollowUpForm,
    MessageForm,
    PriorityForm,
    ReleaseForm,
    StatusForm,
    share_staff_list,
)
from backoffice.watchers import WatcherForm
from estate.models import Party
from tests.factories import ContractorFactory, PartyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _fast(make):
    form = make()
    form.renderer = FAST
    share_staff_list([form])
    return form


def _tags(html: str) -> str:
    """The markup without the whitespace between tags, which the fast renderer leaves out."""
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)).strip()


def _three(make):
    """The form as the page rendered it before (field by field), from its skeleton when building it,
    and from the kept skeleton."""
    return str(_form(_fast(make).get_context())), from_skeleton(_fast(make)), from_skeleton(_fast(make))


@pytest.fixture
def people():
    colleague = StaffFactory(first_name="Jana", last_name="Kollegin <b>")
    StaffFactory(first_name="Omar", last_name="Bauer")
    contractor = ContractorFactory(name="Sanitär & Söhne")
    caretaker = PartyFactory(first_name="Kai", last_name="Hauswart")
    return colleague, contractor, caretaker


def _cases(colleague, contractor, caretaker):
    version = {"version": 7, "seen": 123}
    later = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    caretakers = Party.objects.filter(pk=caretaker.pk)
    return {
        "title": lambda: TitleForm(initial={**version, "title": 'Heizung "kalt" <script>'}),
        "title, empty": lambda: TitleForm(initial={"version": 1, "seen": None, "title": ""}),
        "priority": lambda: PriorityForm(initial={**version, "priority": "high", "due_at": later}),
        "priority, no due time": lambda: PriorityForm(
            initial={**version, "priority": "normal", "due_at": None}
        ),
        "assign": lambda: AssignForm(initial={**version, "assignee": colleague.pk}),
        "assign, nobody": lambda: AssignForm(initial={**version, "assignee": None}),
        "reject": lambda: StatusForm(initial={**version, "to": "rejected"}),
        "follow-up": lambda: FollowUpForm(initial=version),
        "related": lambda: RelatedTicketForm(initial=version),
        "watcher": lambda: WatcherForm(),
        "appointment": lambda: AppointmentForm(
            initial={
                "kind": "visit",
                "title": "Termin & mehr",
                "starts_at": later,
                "ends_at": later,
                "user": colleague,
            }
        ),
        "follow-up change": lambda: FollowUpChangeForm(initial={**version, "action": "done"}, prefix="wv12"),
        "release to a contractor": lambda: ReleaseForm(
            initial={
                **version,
                "target": "contractor",
                "contractor": contractor.pk,
                "contractor_may_progress": True,
            },
            caretakers=caretakers,
        ),
        "release to the caretaker": lambda: ReleaseForm(
            initial={
                **version,
                "target": "caretaker",
                "caretaker": caretaker.pk,
                "contractor_may_progress": False,
            },
            caretakers=caretakers,
        ),
    }


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_ticket_page_form_from_its_skeleton_is_what_django_renders(people, language):
    with override(language):
        for name, make in _cases(*people).items():
            expected, built, reused = _three(make)
            assert built == expected, name
            assert reused == expected, name
            django = make()
            django.renderer = DjangoTemplates()
            assert _tags(reused) == _tags(django.as_div()), name


def test_ids_of_each_form_stay_its_own(people):
    """The page gives each form its own ids (auto_id): the skeleton of one is not the other's."""
    first, second = TitleForm(initial={"version": 1}), TitleForm(initial={"version": 1})
    first.auto_id, second.auto_id = "title-%s", "other-%s"
    for form in (first, second):
        form.renderer = FAST
    assert 'id="title-title"' in from_skeleton(first)
    assert 'id="other-title"' in from_skeleton(second)


def test_a_form_with_data_or_an_unknown_widget_is_rendered_as_before():
    sent = TitleForm({"version": "x", "title": "neu"})
    sent.renderer = FAST
    assert from_skeleton(sent) is None
    message = MessageForm(initial={"version": 1})  # check boxes for the standard attachments
    message.renderer = FAST
    assert from_skeleton(message) is None


def test_a_select_in_python_is_what_django_writes_character_for_character():
    class Grouped(forms.Form):
        plain = forms.ChoiceField(choices=[("", "—"), ("a", 'A "und" <b>'), ("b", "B & C")])
        grouped = forms.ChoiceField(
            choices=[("", "—"), ("Gruppe <x>", [("1", "eins"), ("2", "zwei")]), ("3", "drei")],
            required=False,
        )
        several = forms.MultipleChoiceField(choices=[("1", "eins"), ("2", "zwei"), ("3", "drei")])

    message = MessageForm(initial={"kind": "internal", "direction": "in"})
    grouped = Grouped(initial={"plain": "b", "grouped": "2", "several": ["1", "3"]})
    for form in (message, grouped):
        for name in ("kind", "direction") if form is message else ("plain", "grouped", "several"):
            form.renderer = FAST
            fast = str(form[name])
            form.renderer = DjangoTemplates()
            assert fast == str(form[name]), name
