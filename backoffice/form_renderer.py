"""A form renderer for the ticket page's nine forms: the form's rows, labels, text inputs, text areas,
selects and empty error lists are written in Python as Django's own templates write them; any other
template (radio buttons, check boxes, an error list with errors) goes through those templates as before.
Rendering every field through four templates took about a third of the page's Python time."""

import copy

from django.forms import widgets
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_INPUTS = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in ("text", "number", "hidden", "email", "date", "datetime", "time", "url", "search", "tel")
)
_ERRORS = frozenset({"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"})
_SELECT, _OPTION = "django/forms/widgets/select.html", "django/forms/widgets/select_option.html"


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


def _select(widget: dict) -> SafeString | None:
    """django/forms/widgets/select.html, its options as select_option.html writes them (each with the
    line break that ends that file); None for an option with a template of its own."""
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            value, attrs = str(option["value"]), _attrs(option["attrs"])
            parts.append(format_html('\n  <option value="{}"{}>{}</option>\n', value, attrs, option["label"]))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped by format_html


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
        if template_name == _SELECT:
            html = _select(context["widget"])
            if html is not None:
                return html
        if template_name == "django/forms/label.html":
            return _label(context)
        if template_name in _ERRORS and not context["errors"]:
            return ""
        if template_name == "django/forms/field.html":
            return _field(context["field"])
        if template_name == "django/forms/div.html":
            return from_skeleton(context["form"]) or _form(context)
        return super().render(template_name, context, request)


FAST = FastRenderer()


# --- Unbound forms from a skeleton ------------------------------------------------------------------------
# The ticket page shows nine or more empty forms whose HTML differs from ticket to ticket only in a few
# values (the version, a title, the priority, the selected colleague). Each form's HTML is rendered once per
# language and shape with a marker in place of every value, kept, and then filled in: the markers are
# replaced by the values as Django's widgets write them, an option gets `selected`, a radio button or a
# check box `checked`. A form with data or errors, or with a widget this does not know, is rendered as
# before. tests/backoffice/test_form_skeletons.py holds the result to Django's own rendering.

_SKELETONS: dict[tuple, tuple[str, tuple]] = {}
_MAX_SKELETONS = 500
_TEXT_INPUTS = (
    widgets.TextInput,
    widgets.NumberInput,
    widgets.HiddenInput,
    widgets.EmailInput,
    widgets.URLInput,
    widgets.DateInput,
    widgets.DateTimeInput,
    widgets.TimeInput,
)


def _marker(name: str) -> str:
    return f"\ue000{name}\ue001"


def _kind(widget) -> str | None:
    kind = type(widget)
    if kind in _TEXT_INPUTS or (
        isinstance(widget, _TEXT_INPUTS) and not isinstance(widget, widgets.PasswordInput)
    ):
        return "input"
    if isinstance(widget, widgets.Textarea):
        return "textarea"
    if isinstance(widget, widgets.RadioSelect):
        return "radio" if not widget.allow_multiple_selected else None
    if isinstance(widget, widgets.Select) and not widget.allow_multiple_selected:
        return "select"
    if type(widget) is widgets.CheckboxInput:
        return "checkbox"
    return None


def _choices_key(widget):
    shared = getattr(widget, "shared_options", None)
    if shared is not None:
        return shared
    return tuple((str(value), str(label)) for value, label in widget.choices)


def _shape(form) -> tuple | None:
    """What the form's HTML depends on besides its values; None when it cannot come from a skeleton."""
    if form.is_bound or form.renderer is not FAST:
        return None
    fields = []
    for name, field in form.fields.items():
        widget = field.widget
        kind = _kind(widget)
        if kind is None or field.disabled or field.show_hidden_initial or widget.is_localized:
            return None
        fields.append(
            (
                name,
                kind,
                type(field),
                type(widget),
                str(field.label) if field.label is not None else None,
                str(field.help_text),
                str(field.label_suffix) if field.label_suffix is not None else None,
                field.required,
                tuple((key, str(value)) for key, value in widget.attrs.items()),
                _choices_key(widget) if kind in ("select", "radio") else None,
            )
        )
    return (
        type(form),
        form.auto_id,
        form.prefix,
        get_language(),
        form.use_required_attribute,
        str(form.label_suffix) if form.label_suffix is not None else None,
        tuple(fields),
    )


def _value(form, name: str, field):
    """BoundField.value() of an unbound form."""
    return field.prepare_value(form.get_initial_for_field(field, name))


def _skeleton(form, shape: tuple) -> tuple[str, tuple]:
    found = _SKELETONS.get(shape)
    if found is None:
        blank = copy.copy(form)
        blank._bound_fields_cache = {}
        blank.initial = {}
        for name, field in form.fields.items():
            kind = _kind(field.widget)
            blank.initial[name] = False if kind == "checkbox" else _marker(name)
        html = str(_form(blank.get_context()))
        found = (html, tuple((name, _kind(field.widget)) for name, field in form.fields.items()))
        if len(_SKELETONS) >= _MAX_SKELETONS:
            _SKELETONS.clear()
        _SKELETONS[shape] = found
    return found


def _mark_tag(html: str, start: int, marker: str) -> str:
    """Add ` marker` at the end of the tag that begins at `start`."""
    end = html.index(">", start)
    return f"{html[:end]} {marker}{html[end:]}"


def _fill(form, html: str, kinds: tuple) -> str:
    for name, kind in kinds:
        field = form.fields[name]
        widget = field.widget
        value = _value(form, name, field)
        marker, html_name = _marker(name), form.add_prefix(name)
        if kind == "input":
            shown = widget.format_value(value)
            html = html.replace(
                f' value="{marker}"', "" if shown is None else format_html(' value="{}"', str(shown)), 1
            )
        elif kind == "textarea":
            shown = widget.format_value(value)
            html = html.replace(marker, conditional_escape(shown or ""), 1)
        elif kind == "checkbox":
            if value not in (True, False, None, ""):
                return None  # a value attribute as well: left to Django
            if widget.check_test(value):
                start = html.find(format_html('<input type="checkbox" name="{}"', html_name))
                html = _mark_tag(html, start, "checked")
        else:
            if isinstance(widget, _plain_select()):
                chosen = [
                    str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None
                ]
            else:
                chosen = widget.format_value(value)[:1]
            for key in chosen:
                if kind == "select":
                    begin = html.find(format_html('<select name="{}"', html_name))
                    end = html.find("</select>", begin)
                    option = format_html('<option value="{}">', key)
                    at = html.find(option, begin, end)
                    if at >= 0:
                        html = f"{html[: at + len(option) - 1]} selected{html[at + len(option) - 1 :]}"
                else:
                    at = html.find(format_html('<input type="radio" name="{}" value="{}"', html_name, key))
                    if at >= 0:
                        html = _mark_tag(html, at, "checked")
    return html


def _plain_select():
    from .forms import PlainSelect  # forms builds on this module's renderer

    return PlainSelect


def from_skeleton(form) -> SafeString | None:
    """The form's `as_div` from its kept skeleton, or None when it has to be rendered as usual."""
    shape = _shape(form)
    if shape is None:
        return None
    html, kinds = _skeleton(form, shape)
    filled = _fill(form, html, kinds)
    return None if filled is None else mark_safe(filled)  # noqa: S308 - a rendered form, values escaped
