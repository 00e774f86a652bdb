"""`{% job_answers ticket %}`: the report's answers a worker (contractor or caretaker) needs for the job,
as rows of a <dl>; which ones is decided by tickets.answers."""

from django import template

from tickets.answers import Audience, answer_rows

register = template.Library()


@register.inclusion_tag("portal/_answer_rows.html")
def job_answers(ticket) -> dict:
    return {"rows": answer_rows(ticket, audience=Audience.WORKER)}
