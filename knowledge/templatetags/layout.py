"""`{% fixed name var … %}…{% endfixed %}`: a part of a page template rendered once per process,
language and URL prefix (and value of each variable named), then reused; the portal's and the
back-office's layouts both use it, so it lives below both. The menu, the head's links and the footer
reverse some twenty URLs, translate some twenty texts and look up static files' hashed names on every
page, and it comes out the same each time. Only for what depends on nothing else: no CSRF token, no
request, nothing of the person but the variables named. A changed setting (in a test) or file (a
template edited under runserver) forgets it all."""

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

register = template.Library()

_RENDERED: dict[tuple, str] = {}


class FixedNode(template.Node):
    def __init__(self, name: str, vary: list, nodelist: template.NodeList):
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context: template.Context) -> str:
        # The name tells the parts of one template apart. The values as text: a lazy one (the menu's
        # is_caretaker) must not keep its request alive in the key.
        vary = (str(v.resolve(context)) for v in self.vary)
        key = (self.origin.name, self.name, get_language(), get_script_prefix(), *vary)
        found = _RENDERED.get(key)
        if found is None:
            found = _RENDERED[key] = self.nodelist.render(context)
        return found


@register.tag
def fixed(parser: template.base.Parser, token: template.base.Token) -> FixedNode:
    name, *vary = token.split_contents()[1:] or [None]
    if name is None:
        raise template.TemplateSyntaxError("{% fixed %} needs a name")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(name, [parser.compile_filter(v) for v in vary], nodelist)


def _forget(**kwargs) -> None:
    _RENDERED.clear()


setting_changed.connect(_forget)
file_changed.connect(_forget)
