"""The share cards the site draws for entries without a picture of their own (`sharing.cards`)."""

import json

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils.translation import gettext_lazy as _


class ShareCard(models.Model):
    """One entry's drawn card: its 1200×630 file and WebP renditions, like an uploaded picture's.

    `inputs` is a digest of everything drawn on it, so a card is drawn again only when what it shows
    changed. It reads like a catalog Image to `{% picture %}` and `{% og_image %}`.
    """

    kind = models.CharField(_("kind"), max_length=100, help_text=_("The entry's model, e.g. news.article."))
    object_id = models.PositiveBigIntegerField(_("entry"))
    inputs = models.CharField(max_length=64, editable=False)
    file = models.FileField(_("file"), upload_to="cards/", max_length=200, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    renditions = models.JSONField(default=list, editable=False)
    alt_text = models.CharField(_("alt text"), max_length=400, editable=False)
    drawn_at = models.DateTimeField(auto_now=True)

    alt_text_ko = ""  # the card's words are the entry's own, in one language

    class Meta:
        ordering = ["kind", "object_id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_share_card_per_entry")]
        verbose_name = _("share card")
        verbose_name_plural = _("share cards")

    def __str__(self):
        return f"{self.kind} {self.object_id}"

    @classmethod
    def column(cls, kind: str) -> Subquery:
        """The card of each row of a query of `kind` ("news.article"), as one column
        (`.annotate(share_card=ShareCard.column(...))`): a list page reads its cards with its rows,
        in no query of their own. `from_column` makes the card of it again."""
        fields = ("inputs", "file", "width", "height", "renditions", "alt_text")
        cards = cls.objects.filter(kind=kind, object_id=OuterRef("pk"))
        return Subquery(cards.values(data=JSONObject(**{field: field for field in fields}))[:1])

    @classmethod
    def from_column(cls, kind: str, object_id: int, data: dict | None) -> "ShareCard | None":
        if not data:
            return None
        renditions = data["renditions"]
        if isinstance(renditions, str):  # SQLite nests a JSON column as its text
            renditions = json.loads(renditions)
        return cls(kind=kind, object_id=object_id, **{**data, "renditions": renditions})
