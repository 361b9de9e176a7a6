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
from ..paging import filters_asked

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, parts, scope, *, for_query: bool):
        self.nodelist = nodelist
        self.parts = parts
        self.scope = scope
        self.for_query = for_query

    def render(self, context):
        parts = [get_language(), *(part.resolve(context) for part in self.parts)]
        if self.for_query:
            request = context["request"]
            parts += [request.path, filters_asked(request.GET)]
        scope = self.scope.resolve(context) if self.scope is not None else None
        return kept("part:" + inputs_key(*parts), lambda: self.nodelist.render(context), scope=scope)


def _kept_node(parser, token, *, for_query: bool) -> KeptNode:
    tag, *bits = token.split_contents()
    scope = None
    if not for_query and bits and bits[-1].startswith("scope="):
        scope = parser.compile_filter(bits.pop().removeprefix("scope="))
    if not bits:
        raise template.TemplateSyntaxError(f"{tag} needs a name for what it keeps")
    nodelist = parser.parse((f"end_{tag}",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in bits], scope, for_query=for_query)


@register.tag
def kept_part(parser, token):
    return _kept_node(parser, token, for_query=False)


@register.tag
def kept_for_query(parser, token):
    return _kept_node(parser, token, for_query=True)
