"""Parts of pages kept until something they show changes (`caching.cached.cached`).

`{% cached_for_query "name" … %}…{% end_cached_for_query %}`: a part drawn from nothing but the content,
the address and the language, such as a list's filter form (its menus, the values and errors of the
filters asked for). Kept for the page's path and query string (less `page`: every page of a list
shares it), the language and the values given.

`{% cached_part "name" … %}…{% end_cached_part %}`: a part drawn from nothing but the values given, the
content and the language, such as a film's cast and crew.
"""

from django import template
from django.utils.translation import get_language

from common import cache_tags

from ..cached import cached, filters_asked, inputs_key

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, nodelist, parts, *, for_query: bool):
        self.nodelist = nodelist
        self.parts = parts
        self.for_query = for_query

    def render(self, context):
        parts = [get_language(), *(part.resolve(context) for part in self.parts)]
        if self.for_query:
            request = context["request"]
            parts += [request.path, filters_asked(request.GET)]
        # A part shows what the page read before it (the objects in its context), so it keeps the
        # page's tags so far as well as those of what it reads itself.
        return cached("part:" + inputs_key(*parts), lambda: self.nodelist.render(context), shows=cache_tags.collected())


def _cached_part_node(parser, token, *, for_query: bool) -> CachedPartNode:
    tag, *bits = token.split_contents()
    if not bits:
        raise template.TemplateSyntaxError(f"{tag} needs a name for what it keeps")
    nodelist = parser.parse((f"end_{tag}",))
    parser.delete_first_token()
    return CachedPartNode(nodelist, [parser.compile_filter(bit) for bit in bits], for_query=for_query)


@register.tag
def cached_part(parser, token):
    return _cached_part_node(parser, token, for_query=False)


@register.tag
def cached_for_query(parser, token):
    return _cached_part_node(parser, token, for_query=True)
