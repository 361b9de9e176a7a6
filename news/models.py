"""News: articles about the film, the publications they come from, and their topics."""

from collections.abc import Callable
from urllib.parse import quote

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models import Character, Film, Image, Person, Song
from common.cache_tags import member_tag
from common.languages import local_text
from common.sanitize import html_to_text, sanitize_html, text_fingerprint
from common.text import summarise
from common.weblinks import WebURLField, without_credentials
from editorial.publishing import (
    NOT_IN_HISTORY,
    CreatedBy,
    Publishable,
    PublishableQuerySet,
    VisibilityQuerySet,
    public_q,
)
from editorial.revisions import Revisioned
from sharing.models import ShareCard

from . import review_reasons


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    KOREAN = "ko", _("Korean")
    OTHER = "other", _("Other")


class UsedByPublishedQuerySet(VisibilityQuerySet):
    """Topics and sources are public only while a published article uses them.

    Asked row by row (EXISTS) so each topic stops at its first published article, rather than
    collecting the topics of every published article first: the cost follows the topics listed,
    not the size of the archive.
    """

    visibility_inputs = ("news.article",)

    def published(self):
        used = Article.objects.published().filter(**{self.article_field: OuterRef("pk")})
        return self.filter(Exists(used))


class SourceQuerySet(UsedByPublishedQuerySet):
    article_field = "source"


class TopicQuerySet(UsedByPublishedQuerySet):
    article_field = "topics"


class Source(Revisioned):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    url = WebURLField(_("site URL"), blank=True)
    feed_url = WebURLField(
        _("feed URL"),
        blank=True,
        max_length=500,
        help_text=_("An RSS or Atom feed of this source's articles: new items are imported as drafts."),
        validators=[without_credentials],
    )
    poll_minutes = models.PositiveIntegerField(
        _("read the feed every (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
    )

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('news:article-list')}?source={self.slug}"


class Topic(Revisioned):
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)

    objects = TopicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:topic-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the page's language (breadcrumbs)."""
        return local_text(self, "name")

    @classmethod
    def slug_for(cls, name: str) -> str:
        return slugify(name, allow_unicode=True)[:200] or "topic"


class ArticleQuerySet(PublishableQuerySet):
    def unsettled(self):
        """A copy merged into another article of its story needs nobody's work: it only leads there."""
        return self.filter(merged_into=None)

    def for_list(self):
        """The rows a list of article cards shows, with their pictures and drawn share cards."""
        return (
            self.select_related("source", "hero_image")
            .annotate(share_card=ShareCard.column("news.article"))
            .order_by("-shown_at", "-pk")
        )


class Article(Publishable, CreatedBy, Revisioned):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    original_url = WebURLField(
        _("original URL"), max_length=500, blank=True, help_text=_("Where the article first appeared.")
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH)
    dated = models.DateTimeField(
        _("article date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When the article was first published by its source; empty when unknown."),
    )
    date_only = models.BooleanField(
        _("date without a time"),
        default=False,
        help_text=_("The source gave the day but not the time: the date is shown without one."),
    )
    # What visitors see as the article's date, and what every list sorts by: the source's date when
    # known, else the moment it went live here. Kept by the database itself, so bulk imports and bulk
    # publishing (which skip save()) can never leave it stale.
    shown_at = models.GeneratedField(
        expression=Coalesce("dated", "publish_at"),
        output_field=models.DateTimeField(),
        db_persist=True,
        verbose_name=_("date"),
    )
    body = models.TextField(
        _("body"),
        help_text=_("HTML: paragraphs, headings, lists, links and quotes. Anything else is removed on save."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Leave empty to use the first paragraph of the body.")
    )
    hero_image = models.ForeignKey(
        Image,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="articles")
    related_headlines = models.TextField(
        _("related headlines"),
        blank=True,
        help_text=_(
            "Headlines the imported file listed as related, one a line: for editors only. None becomes a "
            "topic by itself; those that name a topic are offered as suggested topics."
        ),
    )
    pinned_related = models.ManyToManyField(
        "self",
        verbose_name=_("pinned related articles"),
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text=_("Shown first under “Related articles”; the rest are chosen by shared topics and mentions."),
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    review_reason = models.CharField(_("review reason"), max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    imported_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the importer last wrote, to spot editors' changes.",
    )
    import_id = models.CharField(
        max_length=500,
        blank=True,
        editable=False,
        db_index=True,
        help_text="What its file calls it for good (a WordPress post's GUID): the same id is the same article.",
    )
    suggested_topic_names = models.JSONField(
        _("topics its file suggests"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Categories and tags of the file it came from that no topic here answers to."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="merged_copies",
        db_index=False,  # indexed where set: see Meta.indexes
        help_text=_("Another copy of the same story, kept in this one's place (news/duplicates.py)."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics], excluded_fields=[*NOT_IN_HISTORY, "shown_at", "merged_into"])

    # What decides which lists an article is in and where: a change of anything else (its words) is
    # seen by the pages that show the article, and the lists stay as they are (`caching.changes`).
    # (`dated`, not `shown_at`: a generated column is not read back after a save.)
    cache_list_fields = ("status", "publish_at", "dated", "source_id", "merged_into_id", "language")
    # The links that put an article in a group's list (`cache_memberships`): a topic added or removed
    # moves it into or out of that topic's list.
    cache_member_links = {"topics": "topic"}

    class Meta:
        ordering = ["-shown_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", "Can publish and unpublish articles"),
            ("import_articles", "Can import articles"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["original_url"],
                condition=~models.Q(original_url=""),
                name="unique_article_original_url",
            )
        ]
        indexes = [
            # Listing order, with what `published()` asks of a row: a page deep in the list is found
            # in the index alone, without reading the rows it skips.
            models.Index(fields=["-shown_at", "-id", "status", "publish_at"], name="article_listing"),
            # The published articles newest first (the news list, the menus' and related lists' window):
            # walked in order from the status, so the newest few are read without sorting every published
            # row. The only index that starts with the status: beside one on (status, publish_at), SQLite
            # chose that one's range and sorted every published row, with statistics or without.
            models.Index(fields=["status", "-shown_at", "-id", "publish_at"], name="article_published_listing"),
            # The published articles in one language, newest first (the home's latest news, the news
            # list's language filter), found in the index alone: walked along the published listing,
            # a language few articles are in read every published row to find none.
            models.Index(
                fields=["language", "status", "-shown_at", "-id", "publish_at"], name="article_published_in_language"
            ),
            # Only the few merged copies: a plain index over a column that is nearly always empty
            # reads to SQLite's planner (ANALYZE) as useless, and an article page's "Also published
            # by" then scanned the whole table.
            models.Index(
                fields=["merged_into"], condition=models.Q(merged_into__isnull=False), name="article_merged_copies"
            ),
        ]

    def shown_review_reason(self) -> str:
        return review_reasons.shown(self.review_reason)

    @property
    def date_shown(self):
        """The date visitors see: the source's; for an article written here, when it went live. None for an
        import whose file gave no date: the moment an editor published it would read as the story's date."""
        if self.dated is None and self.imported_values:
            return None
        return self.shown_at

    @property
    def standfirst(self) -> str:
        """The summary shown under the title, unless it only repeats the body's opening: an import whose file
        gave no summary gets its first paragraph cut short, which would be read twice."""
        summary = " ".join(self.summary.split()).removesuffix("…")
        if summary and " ".join(html_to_text(self.body).split()).startswith(summary):
            return ""
        return self.summary

    @property
    def date_format_name(self) -> str:
        """How its date is shown: a day that came without a time is not given the midnight standing in for it."""
        return "DATE_FORMAT" if self.date_only else "DATETIME_FORMAT"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article-detail", kwargs={"slug": self.slug})

    @staticmethod
    def addresses() -> Callable[[str], str]:
        """`get_absolute_url` for many articles without a reverse() each (a list of twenty or thirty):
        one article's address, with each slug put in its place quoted as reverse() quotes it."""
        head, _mark, tail = reverse("news:article-detail", kwargs={"slug": "~"}).rpartition("~")
        return lambda slug: f"{head}{quote(slug, safe=RFC3986_SUBDELIMS + '/~:@')}{tail}"

    @property
    def body_text(self) -> str:
        # Saving reads it several times (fingerprint, summary, mentions); convert each body once.
        cached = self.__dict__.get("_body_text")
        if cached is None or cached[0] != self.body:
            cached = self.__dict__["_body_text"] = (self.body, html_to_text(self.body))
        return cached[1]

    def set_clean_body(self, html: str, *, text: str, fingerprint: str, sketch: tuple[int, ...] | None = None) -> None:
        """Take a body that is already sanitised, with its text, fingerprint and sketch (the importer
        made them from the file): `save` and `news.duplicates` do not compute them again."""
        self.body = html
        self.fingerprint = fingerprint
        self.__dict__["_body_text"] = (html, text)
        self.__dict__["_clean_body"] = html
        if sketch is not None:
            self.__dict__["_sketch"] = (html, sketch)

    @property
    def title_language(self) -> str:
        """The language tag of the article's own words: "und" (undetermined) for any other language."""
        return "und" if self.language == Language.OTHER else self.language

    @property
    def text_language(self) -> str:
        """ "en" or "ko": what a page marks its title and text with (`lang`); "" for another language."""
        return self.language if self.language in (Language.ENGLISH, Language.KOREAN) else ""

    @property
    def display_summary(self) -> str:
        return self.summary or summarise(self.body_text)

    def save(self, *args, **kwargs):
        if self.__dict__.get("_clean_body") != self.body:
            body = sanitize_html(self.body)
            text = html_to_text(body)
            self.set_clean_body(body, text=text, fingerprint=text_fingerprint(text))
        super().save(*args, **kwargs)

    @classmethod
    def cache_memberships(cls, articles, *, links: bool = True) -> set[str]:
        """The groups these articles are in (`common.cache_tags.member_tag`): their source's, their
        language's, the copies of the article they are merged into, and unless they are new (`links`),
        their topics' and those of the entries they name, as the rows given and the database hold them
        now."""
        tags = {member_tag(cls, "lang", article.language) for article in articles}
        tags.update(member_tag(cls, "source", article.source_id) for article in articles if article.source_id)
        tags.update(member_tag(cls, "merged_into", a.merged_into_id) for a in articles if a.merged_into_id)
        pks = {article.pk for article in articles if article.pk is not None}
        if pks and links:
            # One query: a row per topic and per entry named, with its group.
            topics = cls.topics.through.objects.filter(article_id__in=pks).values_list(Value("topic"), "topic_id")
            named = [
                Mention._base_manager.filter(article_id__in=pks, **{f"{kind}__isnull": False})
                .order_by()
                .values_list(Value(kind), f"{kind}_id")
                for kind in Mention.TARGETS
            ]
            tags.update(member_tag(cls, group, pk) for group, pk in topics.union(*named, all=True))
        return tags


class MentionQuerySet(VisibilityQuerySet):
    # Not the article's: a mention is read on its own article's page, which that article's own tag
    # already covers; lists of articles that mention an entry ask for articles (`news.article:list`).
    visibility_inputs = ("catalog.film", "catalog.person", "catalog.character", "catalog.song")

    def of_public_entries(self):
        """Not excluded, and naming a catalog entry visitors may see: for an article's own page."""
        target = (
            public_q("film__")
            | public_q("person__")
            | public_q("character__film__")
            | (public_q("song__") & public_q("song__film__"))
        )
        return self.filter(target, excluded=False)

    def published(self):
        """Mentions visitors see anywhere: those above, in a published article."""
        return self.of_public_entries().filter(public_q("article__"))


class Mention(models.Model):
    """A catalog entry an article names: found by the name matcher, or set by an editor.

    An editor's choice sticks: a manual mention is never removed by a recompute, and an
    excluded one (the matcher found it, an editor said no) is never added back.
    """

    class Origin(models.TextChoices):
        AUTO = "auto", _("Found in the text")
        MANUAL = "manual", _("Added by an editor")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    film = models.ForeignKey(
        Film,
        verbose_name=_("film"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    character = models.ForeignKey(
        Character,
        verbose_name=_("character"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    song = models.ForeignKey(
        Song,
        verbose_name=_("song"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    excluded = models.BooleanField(
        _("not a mention"),
        default=False,
        help_text=_("Tick to remove a mention the matcher found; it stays removed."),
    )

    TARGETS = ("film", "person", "character", "song")

    objects = MentionQuerySet.as_manager()

    cache_parents = ("article", "film", "person", "character", "song")  # shown on their pages, not listed alone

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        # Each entry's mentions, indexed only where set: every mention names one kind of entry, so a
        # plain index is mostly NULLs, and SQLite's statistics then priced "the articles that mention
        # this film" as half the table and scanned every published article instead.
        indexes = [
            models.Index(fields=[target], condition=models.Q(**{f"{target}__isnull": False}), name=f"mention_{target}")
            for target in ("film", "person", "character", "song")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(film__isnull=False, person__isnull=True, character__isnull=True, song__isnull=True)
                    | models.Q(film__isnull=True, person__isnull=False, character__isnull=True, song__isnull=True)
                    | models.Q(film__isnull=True, person__isnull=True, character__isnull=False, song__isnull=True)
                    | models.Q(film__isnull=True, person__isnull=True, character__isnull=True, song__isnull=False)
                ),
                name="mention_names_exactly_one_entry",
            ),
            *(
                models.UniqueConstraint(
                    fields=["article", target],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"unique_{target}_mention",
                )
                for target in ("film", "person", "character", "song")
            ),
        ]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        return self.film or self.person or self.character or self.song

    @property
    def target_key(self) -> tuple[str, int]:
        for name in self.TARGETS:
            value = getattr(self, f"{name}_id")
            if value:
                return name, value
        raise ValueError("a mention names no catalog entry")

    @classmethod
    def cache_memberships(cls, mentions, *, links: bool = True) -> set[str]:
        """The lists of articles naming an entry that these mentions put their articles in."""
        return {member_tag(Article, *mention.target_key) for mention in mentions}


class ShingleSketch(models.Model):
    """One of the smallest hashes of an article's five-word shingles: its sketch, for finding
    articles that tell the same story in nearly the same words (news/duplicates.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    value = models.BigIntegerField(db_index=True)

    cache_parents = ()  # never shown

    class Meta:
        verbose_name = _("text sketch")
        verbose_name_plural = _("text sketches")

    def __str__(self):
        return f"{self.article_id}: {self.value}"


class PossibleDuplicate(models.Model):
    """An article whose text is substantially the same as an older one's, for an editor to decide."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="duplicate_flags")
    of = models.ForeignKey(Article, verbose_name=_("same story as"), on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(
        _("similarity"), help_text=_("The share of five-word phrases the two texts have in common.")
    )
    dismissed = models.BooleanField(_("not the same story"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    cache_parents = ("article", "of")

    class Meta:
        ordering = ["-similarity"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [models.UniqueConstraint(fields=["article", "of"], name="one_flag_per_pair")]

    def __str__(self):
        return f"{self.article} ≈ {self.of} ({review_reasons.shown_share(self.similarity)})"


class DeclinedTopic(models.Model):
    """A suggested topic an editor said no to for an article: not offered for it again
    (news/topic_suggestions.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="declined_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")

    cache_parents = ()  # editors' alone

    class Meta:
        verbose_name = _("declined topic")
        verbose_name_plural = _("declined topics")
        constraints = [models.UniqueConstraint(fields=["article", "topic"], name="one_decline_per_topic")]

    def __str__(self):
        return f"{self.article}: not {self.topic}"


class BodyPicture(models.Model):
    """A library picture an article's body shows (`<figure data-picture>`), written with the article's
    other derived rows (news/writing.py): the library counts it as a use, so the picture is not
    offered for deletion while a body shows it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="body_pictures")
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("picture in a body")
        verbose_name_plural = _("pictures in bodies")
        constraints = [models.UniqueConstraint(fields=["article", "image"], name="one_link_per_body_picture")]

    def __str__(self):
        return f"{self.article}: {self.image}"

    @property
    def picture_user(self) -> Article:
        """What shows the picture, for the library's "used by" (catalog.image_uses)."""
        return self.article
