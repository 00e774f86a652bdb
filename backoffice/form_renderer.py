"""A form renderer for the ticket page's nine forms: the form's rows, labels, text inputs, text areas and
empty error lists are written in Python as Django's own templates write them; any other template (radio
buttons, check boxes, an error list with errors) goes through those templates as before. Rendering every
field through four templates took about a third of the page's Python time."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

_INPUTS = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in ("text", "number", "hidden", "email", "date", "datetime", "time", "url", "search", "tel")
)
_ERRORS = frozenset({"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"})


def _attrs(attrs: dict) -> SafeString:
    """django/forms/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return mark_safe(  # noqa: S308 - every part escaped by conditional_escape or format_html
        "".join(
            f" {conditional_escape(name)}" if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


def _input(widget: dict) -> SafeString:
    value = format_html(' value="{}"', str(widget["value"])) if widget["value"] is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, _attrs(widget["attrs"])
    )


def _textarea(widget: dict) -> SafeString:
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        _attrs(widget["attrs"]),
        widget["value"] or "",
    )


def _label(context: dict) -> SafeString:
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = context["tag"]
    return format_html("<{}{}>{}</{}>", tag, _attrs(context["attrs"]), context["label"], tag)


def _field(field) -> SafeString:
    """django/forms/field.html"""
    parts = []
    if field.use_fieldset:
        described = field.aria_describedby
        parts.append(
            format_html("<fieldset{}>", format_html(' aria-describedby="{}"', described) if described else "")
        )
        if field.label:
            parts.append(field.legend_tag())
    elif field.label:
        parts.append(field.label_tag())
    if field.help_text:
        helptext_id = format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else ""
        parts.append(format_html('<div class="helptext"{}>{}</div>', helptext_id, mark_safe(field.help_text)))  # noqa: S308 - as |safe
    parts += [str(field.errors), str(field)]
    if field.use_fieldset:
        parts.append("</fieldset>")
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 - each part rendered safe


def _form(context: dict) -> SafeString:
    """django/forms/div.html"""
    fields, hidden, errors = context["fields"], context["hidden_fields"], context["errors"]
    hidden_html = "".join(str(field) for field in hidden)
    parts = [str(errors)]
    if errors and not fields:
        parts.append(f"<div>{hidden_html}</div>")
    for n, (field, _errors) in enumerate(fields, start=1):
        classes = field.css_classes()
        parts.append(format_html("<div{}>", format_html(' class="{}"', classes) if classes else ""))
        parts.append(str(field.as_field_group()))
        if n == len(fields):
            parts.append(hidden_html)
        parts.append("</div>")
    if not fields and not errors:
        parts.append(hidden_html)
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308 - each part rendered safe


class FastRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return _input(context["widget"])
        if template_name == "django/forms/widgets/textarea.html":
            return _textarea(context["widget"])
        if template_name == "django/forms/label.html":
            return _label(context)
        if template_name in _ERRORS and not context["errors"]:
            return ""
        if template_name == "django/forms/field.html":
            return _field(context["field"])
        if template_name == "django/forms/div.html":
            return _form(context)
        return super().render(template_name, context, request)


FAST = FastRenderer()
