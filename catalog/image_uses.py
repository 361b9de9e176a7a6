"""Where each picture is used, found from the relations that point at Image (no app named here).

Every foreign key to Image in any installed model counts (a film's poster, a person's photo, an
article's hero image, a picture in an article's body...), except those of history tables: an old
revision does not keep a picture in use. A row that only links a picture to what shows it (a body's
picture) names that as its `picture_user`. The library lists the count beside each picture and lets
editors find and delete the unused.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from editorial.publishing import is_history_model

from .models import Image


def relations() -> list:
    """(model, field name) of every live foreign key to Image."""
    found = []
    for relation in Image._meta.get_fields(include_hidden=True):
        if relation.one_to_many and relation.concrete is False and not is_history_model(relation.related_model):
            found.append((relation.related_model, relation.field.name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1]))


def with_use_count(queryset):
    """The images annotated with `uses`: one subquery per relation, in the same query."""
    total = Value(0, output_field=IntegerField())
    for model, field in relations():
        counted = (
            model._default_manager.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        total = total + Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    return queryset.annotate(uses=total)


def uses_of(image, *, limit: int = 20) -> list:
    """The rows that show this picture, at most `limit`."""
    rows = []
    for model, field in relations():
        found = model._default_manager.filter(**{field: image})[: limit - len(rows)]
        rows += [getattr(row, "picture_user", row) for row in found]
        if len(rows) >= limit:
            break
    return rows
