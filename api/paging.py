"""Lists page with an opaque cursor (`next`, `previous`): a page deep in a list costs what the first does."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [_("This cursor is not one a page of this list gave.")]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        # A cursor carries its position as text: one made up by hand ("p=abc" on a date) fails only
        # when the database is asked, and is refused like any other cursor no page gave.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError):
            raise ValidationError({"cursor": [_("This cursor is not one a page of this list gave.")]}) from None

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [_("A whole number from 1 to %(most)d.") % {"most": self.max_page_size}]}
            )
        return int(value)


def cursor_by(*ordering: str) -> type[Cursor]:
    """Paging along this ordering; its first field is where a cursor points, so it is a column, not a relation."""
    return type("Cursor", (Cursor,), {"ordering": ordering})
