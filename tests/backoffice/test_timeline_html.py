"""The timeline's HTML is written in Python (backoffice.timeline.render) for speed: it must be exactly
what the template loop it replaced wrote, kept here as the reference."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.translation import override

from backoffice.timeline import Entry, render
from tickets.models import Attachment, Message

pytestmark = pytest.mark.django_db

TEMPLATE = """{% load i18n %}<ol class="timeline">
{% for entry in entries %}
  <li class="{% if entry.message %}message kind-{{ entry.message.kind }}{% else %}event{% endif %}{% if not entry.is_public %} internal{% endif %}">
    <p class="meta"><time datetime="{{ entry.when|date:'c' }}">{{ entry.when|date:"d.m.Y H:i" }}</time> · {{ entry.who|default:_("System") }}{% if not entry.is_public %} · <span class="badge">{% translate "intern" %}</span>{% endif %}</p>
    <p class="title">{{ entry.title }}</p>
    {% for line in entry.lines %}<p>{{ line }}</p>{% endfor %}
    {% if entry.attachment %}<p><a href="{% url 'portal:attachment' entry.attachment.pk %}">{{ entry.attachment.original_name }}</a> <small>({{ entry.attachment.size|filesizeformat }})</small></p>{% endif %}
    {% if entry.message %}
      {% if entry.message.kind == "phone" %}<p class="phone">{{ entry.message.caller }}{% if entry.message.direction %} · {{ entry.message.get_direction_display }}{% endif %}{% if entry.message.duration_minutes is not None %} · {% blocktranslate count minutes=entry.message.duration_minutes %}{{ minutes }} Minute{% plural %}{{ minutes }} Minuten{% endblocktranslate %}{% endif %}</p>{% endif %}
      <div class="body">{{ entry.message.body|linebreaksbr }}</div>
      <p class="actions"><a href="{% url 'backoffice:mailbox_compose' %}?forward={{ entry.message.pk }}">{% translate "Per E-Mail weiterleiten" %}</a></p>
    {% endif %}
  </li>
{% empty %}
  <li>{% translate "Noch keine Einträge." %}</li>
{% endfor %}
</ol>
"""  # noqa: E501 - the template as it was


def _entries() -> list[Entry]:
    at = timezone.now().replace(microsecond=123456)
    phone = Message(
        pk=5,
        kind="phone",
        body="Ruft zurück\r\nam <Montag>",
        caller="Frau <Ö>",
        direction="in",
        duration_minutes=1,
    )
    phone_long = Message(pk=6, kind="phone", body="", caller="", direction="", duration_minutes=12)
    reply = Message(pk=7, kind="public", body="Guten Tag,\n\nwir kommen & reparieren.")
    return [
        Entry(1, at, "Jana <Kollegin>", "Status: Offen → Zu", ["Begründung: <b>weil</b>", "zwei"], is_public=True),  # noqa: E501
        Entry(2, at + dt.timedelta(hours=5), "", "Notiz", [], None, False),
        Entry(3, at, "Kai", "Datei", [], None, True, Attachment(pk=41, original_name="foto <1>.jpg", size=12_345)),  # noqa: E501
        Entry(4, at, "Kai", "Telefonnotiz", [], phone, False),
        Entry(5, at, "Kai", "Telefonnotiz", [], phone_long, False),
        Entry(6, at.replace(tzinfo=dt.UTC), "Kai", "Antwort an Mieter", [], reply, True),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["de", "en", "nl"])
def test_the_timeline_in_python_is_the_template_it_replaced(language):
    template = engines["django"].from_string(TEMPLATE)
    with override(language):
        for entries in (_entries(), []):
            assert str(render(entries)) == template.render({"entries": entries})


def test_the_timeline_template_uses_it(client):
    from django.template.loader import render_to_string

    entries = _entries()
    assert render_to_string("backoffice/_timeline.html", {"entries": entries}) == str(render(entries))
