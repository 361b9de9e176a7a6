"""Parts of pages kept under the content stamp, drawn again after any change (`editorial.kept.kept`).

`{% kept_for_query "name" … %}…{% end_kept_for_query %}`: a part drawn from nothing but the content,
the address and the language, such as a list's filter form (its menus, the values and errors of the
filters asked for). Kept for the page's path and query string (less `page`: every page of a list
shares it), the language and the values given.

`{% kept_part "name" … scope="catalog" %}…{% end_kept_part %}`: a part drawn from nothing but the
values given, the content and the language, such as a film's cast and crew. With a scope, kept
under that scope's stamp (`editorial.changes.SCOPES`): only catalog rows may then be shown in it.
"""

from django import template
from django.utils.translation import get_language

from ..kept import inputs_key, kept

register = template.Library()


class KeptForQueryNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context["request"]
        asked = sorted((key, value) for key, values in request.GET.lists() if key != "page" for value in values)
        parts = [part.resolve(context) for part in self.parts]
        key = "fragment:" + inputs_key(request.path, asked, get_language(), *parts)
        return kept(key, lambda: self.nodelist.render(context))


class KeptPartNode(template.Node):
    def __init__(self, nodelist, parts, scope):
        self.nodelist = nodelist
        self.parts = parts
        self.scope = scope

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        scope = self.scope.resolve(context) if self.scope is not None else None
        key = "part:" + inputs_key(get_language(), *parts)
        return kept(key, lambda: self.nodelist.render(context), scope=scope)


@register.tag
def kept_part(parser, token):
    bits = token.split_contents()[1:]
    scope = None
    if bits and bits[-1].startswith("scope="):
        scope = parser.compile_filter(bits.pop().removeprefix("scope="))
    if not bits:
        raise template.TemplateSyntaxError("kept_part needs a name for what it keeps")
    nodelist = parser.parse(("end_kept_part",))
    parser.delete_first_token()
    return KeptPartNode(nodelist, [parser.compile_filter(bit) for bit in bits], scope)


@register.tag
def kept_for_query(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("kept_for_query needs a name for what it keeps")
    nodelist = parser.parse(("end_kept_for_query",))
    parser.delete_first_token()
    return KeptForQueryNode(nodelist, [parser.compile_filter(bit) for bit in bits])
