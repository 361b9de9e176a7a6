"""The fields the API's objects are made of: texts in the language asked for, the site's page of an
object, lists written one per line or comma, and pictures with their renditions."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import split_commas, split_lines
from common.languages import local_text


class Shaped(serializers.Serializer):
    """Drops the Korean twins (`…_ko`) unless both languages are asked for, and at the top of an
    answer the fields `?fields=` leaves out and `embedded` when nothing is included."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            # Answers only; and any field may be left out (`?fields=`), so the schema requires none.
            field.read_only, field.required = True, False
        shape = self.context.get("shape")
        if shape is None:  # the schema: every field there may be
            return fields
        if shape.language != "all":
            fields = {name: field for name, field in fields.items() if not name.endswith("_ko")}
        if self._at_top():
            if shape.fields is not None:
                fields = {name: field for name, field in fields.items() if name in shape.fields}
            if not shape.include:
                fields.pop("embedded", None)
        return fields

    def _at_top(self) -> bool:
        parent = self.parent
        if isinstance(parent, serializers.ListSerializer):
            parent = parent.parent
        return parent is None


class Embedded(Shaped):
    """The related objects `?include=` asks for, and only those."""

    def get_fields(self):
        fields = super().get_fields()
        shape = self.context.get("shape")
        if shape is None:
            return fields
        return {name: field for name, field in fields.items() if name in shape.include}


class Text(serializers.CharField):
    """A text editors write in English and Korean: in the language asked for (the English while the
    Korean is empty); with `lang=all`, the English, beside its twin `…_ko`."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return local_text(obj, self.field_name)


class Lines(serializers.ListField):
    """A text written one item per line (aliases, known-for), as a list; `commas`: one per comma.
    `localized`: in the language asked for, as `Text`; else the field as it is (a Korean twin)."""

    def __init__(self, *, commas=False, localized=True, **kwargs):
        self.commas, self.localized = commas, localized
        super().__init__(child=serializers.CharField(), source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        text = local_text(obj, self.field_name) if self.localized else getattr(obj, self.field_name)
        return (split_commas if self.commas else split_lines)(text)


@extend_schema_field({"type": "string", "format": "uri"})
class PageURL(serializers.Field):
    """The site's page of the object, absolute, in the language asked for."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return page_url(self.context.get("request"), obj)


def page_url(request, obj) -> str:
    url = obj.get_absolute_url()
    return request.build_absolute_uri(url) if request is not None else url


class Rendition(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class Picture(Shaped):
    """An uploaded picture: `url` is what a page's <img src> shows, `renditions` the WebP widths of its
    srcset, each with its size."""

    url = serializers.URLField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt_text = Text()
    alt_text_ko = serializers.CharField()
    credit = serializers.CharField()
    renditions = Rendition(many=True)

    SRC_MAX_WIDTH = 640  # as the pages' {% picture %} chooses its src

    def to_representation(self, image):
        request = self.context.get("request")

        def absolute(url):
            return request.build_absolute_uri(url) if request is not None else url

        storage = image.file.storage
        renditions = sorted(image.renditions or [], key=lambda rendition: rendition["width"])
        listed = [
            {"url": absolute(storage.url(r["name"])), "width": r["width"], "height": r["height"]} for r in renditions
        ]
        if listed:
            fitting = [r for r in listed if r["width"] <= self.SRC_MAX_WIDTH]
            chosen = fitting[-1] if fitting else listed[0]
            url, width, height = chosen["url"], chosen["width"], chosen["height"]
        else:
            url, width, height = absolute(image.file.url), image.width, image.height
        values = {
            "url": url,
            "width": width,
            "height": height,
            "alt_text": local_text(image, "alt_text"),
            "alt_text_ko": image.alt_text_ko,
            "credit": image.credit,
            "renditions": listed,
        }
        return {name: values[name] for name in self.fields}
