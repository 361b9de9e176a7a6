"""The search index: one row per film, person, song and article, in both databases.

A row keeps the words of its object already normalised (search/text.py), plus the object's
publishing state, so visibility is decided when a search runs: a scheduled article appears by
itself when its time comes, as everywhere else on the site. The full-text structures live beside
these rows and are kept in step by the database itself (search/schema.py): FTS5 tables filled by
triggers on SQLite, tsvector columns filled by a trigger and indexed with GIN on PostgreSQL.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _

from editorial.publishing import Publishable


class Kind(models.TextChoices):
    FILM = "film", _("Films")
    PERSON = "person", _("People")
    SONG = "song", _("Songs")
    ARTICLE = "article", _("Articles")


# The kinds whose rows are names: they can be matched by spelling (pg_trgm / FTS5 trigrams).
NAME_KINDS = (Kind.FILM, Kind.PERSON, Kind.SONG)
RECENCY_INDEX = "search_entry_recency"  # articles newest first


class SearchEntry(Publishable):
    """What the index knows about one object. `status` and `publish_at` mirror the object's."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    names = models.TextField(_("names"), blank=True, help_text="Normalised words of the title or names.")
    body = models.TextField(_("body"), blank=True, help_text="Normalised words of everything else.")
    recency = models.DateTimeField(
        _("recency"), null=True, blank=True, help_text="Articles: their own date, else when they were published."
    )
    # PostgreSQL only, filled by the search_entry_vectors trigger; always empty on SQLite.
    names_document = SearchVectorField(null=True, editable=False)
    document = SearchVectorField(null=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]
        indexes = [
            models.Index(fields=["kind", "status", "publish_at"], name="search_entry_visibility"),
            # Articles newest first: read backwards, this index gives that order (recency is never empty).
            models.Index(fields=["kind", "recency", "object_id"], name=RECENCY_INDEX),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SearchName(models.Model):
    """One name of a film, person or song, normalised: for exact and misspelt-name matches."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="name_rows")
    name = models.CharField(_("name"), max_length=300, db_index=True)
    label = models.CharField(_("label"), max_length=300, help_text="The name as written.")
    alias = models.BooleanField(
        _("alias"), default=False, help_text="Another spelling of the entry, not a name its pages show."
    )

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("search name")
        verbose_name_plural = _("search names")

    def __str__(self):
        return self.label


class FullTextField(models.TextField):
    """FTS5's hidden column named after its table: `<table> MATCH 'query'` searches every column."""


@FullTextField.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FtsRow(Publishable):
    """A SQLite FTS5 table over the search entries, read through the ORM (SQLite only, never
    migrated: search/schema.py creates the tables). Querying it lets FTS5 drive every search,
    while `status` and `publish_at`, read live from the entries, keep `.published()` the rule."""

    id = models.BigIntegerField(primary_key=True, db_column="rowid")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    names = models.TextField()
    recency = models.DateTimeField(null=True)
    fts_rank = models.FloatField(db_column="rank")  # bm25, names weighted 10 to 1; lower is better

    class Meta:
        abstract = True


class CatalogFts(FtsRow):
    fts = FullTextField(db_column="search_fts_catalog")

    class Meta:
        managed = False
        db_table = "search_fts_catalog"


class ArticleFts(FtsRow):
    fts = FullTextField(db_column="search_fts_articles")

    class Meta:
        managed = False
        db_table = "search_fts_articles"
