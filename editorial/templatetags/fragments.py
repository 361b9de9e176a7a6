"""`{% kept_for_query "name" %}…{% end_kept_for_query %}`: a part of a page kept under the content stamp.

For a part drawn from nothing but the content, the address and the language, such as a list's
filter form: its menus, the values and errors of the filters asked for. It is kept for the page's
path and query string (less `page`: every page of a list shares it), the language and any other
values given, and drawn again after any change (`editorial.kept.kept`).
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


@register.tag
def kept_for_query(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("kept_for_query needs a name for what it keeps")
    nodelist = parser.parse(("end_kept_for_query",))
    parser.delete_first_token()
    return KeptForQueryNode(nodelist, [parser.compile_filter(bit) for bit in bits])
