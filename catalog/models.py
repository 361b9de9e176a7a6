"""The catalog: the film, the people who made it, its characters, credits, songs and praise."""

import datetime as dt
import hashlib
import re
from difflib import SequenceMatcher
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.languages import ENGLISH, KOREAN, local_text, page_language
from common.sanitize import html_to_text
from common.text import fold
from common.videos import youtube_id
from common.weblinks import WebURLField
from editorial.publishing import (
    NOT_IN_HISTORY,
    CreatedBy,
    Publishable,
    PublishableQuerySet,
    Status,
    VisibilityQuerySet,
    public_q,
)
from editorial.revisions import Revisioned
from editorial.slugs import slug_url

from .images import delete_renditions, make_renditions, rendition_widths, upright_size, validate_image_file
from .lengths import LENGTH_HELP, LengthField, format_length, iso_length
from .listening import service_name

ALIASES_HELP = _("Other spellings articles use, one per line (e.g. “Kim Tai-ri”). Used to find mentions.")


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def split_commas(text: str) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


# A Korean person's or character's name as Koreans write it: one to four Hangul syllables, no space
# ("김태리", "뷔"). A name spelled out in Hangul from another language ("저스틴 H. 민") tells an English
# reader nothing, so English pages leave it out.
KOREAN_NAME = re.compile(r"[\uac00-\ud7a3]{1,4}")


def name_parts(name: str, name_ko: str, *, korean_helps: bool = True) -> list[tuple[str, str]]:
    """A name as this page shows it, each part with its language: the page's own form first, the
    other one after it (in parentheses when written out). Korean pages lead with the Korean form;
    English pages add it only where `korean_helps`."""
    if not name_ko or name_ko == name:
        return [(name, ENGLISH)]
    if page_language() == KOREAN:
        return [(name_ko, KOREAN), (name, ENGLISH)]
    return [(name, ENGLISH), (name_ko, KOREAN)] if korean_helps else [(name, ENGLISH)]


def bilingual(parts: list[tuple[str, str]]) -> str:
    """“Kim Tae-ri (김태리)” in English, “김태리 (Kim Tae-ri)” on Korean pages: `name_parts` as plain text."""
    first, *rest = (text for text, _language in parts)
    return f"{first} ({rest[0]})" if rest else first


# How alike two names must be, letters alone compared, to be spellings of one name.
SPELLING_LIKENESS = 0.75


def _same_spelling(one: str, other: str) -> bool:
    def letters(name: str) -> str:
        return "".join(character for character in fold(name) if character.isalnum())

    return SequenceMatcher(None, letters(one), letters(other)).ratio() >= SPELLING_LIKENESS


class NamedMixin:
    """Names in both scripts plus aliases: what display and mention-matching read."""

    korean_name_always_helps = False  # a Korean title helps any reader; a name only when it is Korean

    @property
    def name_parts(self) -> list[tuple[str, str]]:
        helps = self.korean_name_always_helps or bool(KOREAN_NAME.fullmatch(self.name_ko or ""))
        return name_parts(self.name, self.name_ko, korean_helps=helps)

    @property
    def display_name(self) -> str:
        return bilingual(self.name_parts)

    @property
    def local_name(self) -> str:
        return local_text(self, "name")

    @property
    def alias_list(self) -> list[str]:
        return split_lines(self.aliases)

    def all_names(self) -> list[str]:
        names = [self.name, self.name_ko, *self.alias_list]
        return list(dict.fromkeys(name for name in names if name))

    @property
    def known_as(self) -> list[str]:
        """The aliases that are other names (“Kim Tae-hyung” for V), not other spellings of the name
        or of each other (“Kim Tai-ri”): those are there for search and mean nothing to a reader."""
        shown: list[str] = []
        for alias in self.alias_list:
            if not any(_same_spelling(alias, name) for name in [self.name, *shown]):
                shown.append(alias)
        return shown


class Image(Revisioned):
    """An uploaded picture with its alt text and the WebP renditions made from it once."""

    file = models.ImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        validators=[validate_image_file],
        help_text=_("A JPEG, PNG or WebP image."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it. Required."),
    )
    alt_text_ko = models.CharField(
        _("alt text (Korean)"),
        max_length=250,
        blank=True,
        help_text=_("The same in Korean, for Korean pages; they show the English while this is empty."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("Photographer or owner."))
    # Written when the file is saved (`save`), never read from the file when a row is loaded: as
    # ImageField's width_field, they made every page that shows a picture with no size stored open
    # its file, and a missing file a server error.
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    renditions = models.JSONField(default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    # An imported article's pictures are kept once however many articles show them: found by their bytes'
    # SHA-256, and by the address they were fetched from, so that one is not fetched again (catalog.library).
    content_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    source_url = models.CharField(max_length=500, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text or PurePath(self.file.name).name

    def save(self, *args, **kwargs):
        file_changed = self._state.adding or self._rendered_from != self.file.name
        super().save(*args, **kwargs)
        if file_changed and self.file:
            delete_renditions(storage=self.file.storage, renditions=self.renditions)
            self.file.open("rb")
            try:
                self.content_hash = hashlib.file_digest(self.file, "sha256").hexdigest()
                self.width, self.height = upright_size(self.file)
                self.renditions = make_renditions(
                    source=self.file,
                    storage=self.file.storage,
                    base_name=f"{self.pk}-{PurePath(self.file.name).stem}",
                )
            finally:
                self.file.close()
            self._rendered_from = self.file.name
            super().save(update_fields=["renditions", "width", "height", "content_hash"])

    def add_missing_renditions(self) -> list[int]:
        """Make the renditions a change of RENDITION_WIDTHS added, leaving the existing ones as they are.

        Returns the widths written (none when the set is already whole or the file is missing).
        """
        have = {rendition["width"] for rendition in self.renditions}
        if not self.file or not self.width:
            return []
        missing = sorted(set(rendition_widths(self.width)) - have)
        if not missing or not self.file.storage.exists(self.file.name):
            return []
        self.file.open("rb")
        try:
            made = make_renditions(
                source=self.file,
                storage=self.file.storage,
                base_name=f"{self.pk}-{PurePath(self.file.name).stem}",
                widths=missing,
            )
        finally:
            self.file.close()
        self.renditions = sorted([*self.renditions, *made], key=lambda rendition: rendition["width"])
        super().save(update_fields=["renditions"])
        return [rendition["width"] for rendition in made]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._rendered_from = instance.__dict__.get("file")
        return instance

    _rendered_from = None


class Company(Revisioned):
    name = models.CharField(_("name"), max_length=200, unique=True)
    website = WebURLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self):
        return self.name


class Film(NamedMixin, Publishable, CreatedBy, Revisioned):
    korean_name_always_helps = True
    name = models.CharField(_("title"), max_length=200)
    name_ko = models.CharField(_("Korean title"), max_length=200, blank=True)
    aliases = models.TextField(_("also called"), blank=True, help_text=ALIASES_HELP)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, help_text=_("The film's address."))
    tagline = models.CharField(_("tagline"), max_length=250, blank=True)
    tagline_ko = models.CharField(_("tagline (Korean)"), max_length=250, blank=True)
    synopsis = models.TextField(_("synopsis"), blank=True, help_text=_("Formatted text: paragraphs, emphasis, links."))
    synopsis_ko = models.TextField(_("synopsis (Korean)"), blank=True)
    rich_text_fields = ("synopsis", "synopsis_ko")  # stored as sanitised HTML (common.sanitize)
    year = models.PositiveSmallIntegerField(_("year"))
    runtime_minutes = models.PositiveSmallIntegerField(_("runtime (minutes)"), null=True, blank=True)
    genres = models.CharField(_("genres"), max_length=250, blank=True, help_text=_("Comma-separated."))
    genres_ko = models.CharField(_("genres (Korean)"), max_length=250, blank=True, help_text=_("Comma-separated."))
    poster = models.ForeignKey(
        Image, verbose_name=_("poster"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trailer_url = WebURLField(
        _("trailer URL"), blank=True, help_text=_("A YouTube link; it loads only when a visitor clicks.")
    )
    companies = models.ManyToManyField(Company, through="FilmCompany", blank=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    # What lists of films are filtered, ordered and matched by (`caching.changes`): the rest (a synopsis,
    # the poster) is seen by the pages that show the film, and its lists stay as they are.
    cache_list_fields = ("status", "publish_at", "name", "name_ko", "aliases", "slug", "year")

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("film")
        verbose_name_plural = _("films")
        permissions = [("publish_film", "Can publish and unpublish films")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:film-detail", self.slug)

    @property
    def title(self) -> str:
        return self.name

    @property
    def premieres(self) -> list["Release"]:
        """Its releases to audiences (not trailers), first first: read from `releases.all()`, which the
        film's page prefetches."""
        return [release for release in self.releases.all() if release.kind != Release.Kind.TRAILER]

    @property
    def release_date(self) -> dt.date | None:
        return self.premieres[0].date if self.premieres else None

    @property
    def watch_release(self) -> "Release | None":
        """The release a "Watch on …" button leads to: the first streaming one with a link, else any."""
        linked = [release for release in self.premieres if release.watch_url]
        return next((r for r in linked if r.kind == Release.Kind.STREAMING), linked[0] if linked else None)

    @property
    def local_genre_list(self) -> list[str]:
        return split_commas(local_text(self, "genres"))

    @property
    def local_tagline(self) -> str:
        return local_text(self, "tagline")

    @property
    def local_synopsis(self) -> str:
        return local_text(self, "synopsis")

    @property
    def local_synopsis_text(self) -> str:
        """The synopsis as plain text (meta descriptions, structured data)."""
        return html_to_text(self.local_synopsis)

    @property
    def youtube_id(self) -> str:
        return youtube_id(self.trailer_url)


class FilmCompany(Revisioned):
    class Role(models.TextChoices):
        PRODUCTION = "production", _("Production")
        DISTRIBUTION = "distribution", _("Distribution")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="company_roles")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="film_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    cache_parents = ("film",)  # shown on its film's page, not listed alone

    class Meta:
        ordering = ["role", "company__name"]
        verbose_name = _("company role")
        verbose_name_plural = _("company roles")
        constraints = [models.UniqueConstraint(fields=["film", "company", "role"], name="unique_film_company_role")]

    def __str__(self):
        return f"{self.company} ({self.get_role_display()})"


class Release(Revisioned):
    class Kind(models.TextChoices):
        STREAMING = "streaming", _("Streaming")
        THEATRICAL = "theatrical", _("Theatrical")
        TRAILER = "trailer", _("Trailer or poster")
        FESTIVAL = "festival", _("Festival")

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="releases")
    date = models.DateField(_("date"))
    region = models.CharField(_("region"), max_length=100, help_text=_("e.g. Worldwide, United States."))
    region_ko = models.CharField(_("region (Korean)"), max_length=100, blank=True, help_text=_("e.g. 전 세계, 미국."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STREAMING)
    platform = models.CharField(_("platform or venue"), max_length=100, blank=True)
    platform_ko = models.CharField(
        _("platform or venue (Korean)"),
        max_length=100,
        blank=True,
        help_text=_("As Korean pages should say it, e.g. 넷플릭스, 일부 극장."),
    )
    note = models.CharField(_("note"), max_length=250, blank=True)
    note_ko = models.CharField(_("note (Korean)"), max_length=250, blank=True)
    watch_url = WebURLField(
        _("watch link"),
        blank=True,
        max_length=500,
        help_text=_("Where visitors watch or book it, e.g. the film's page on Netflix."),
    )

    history = HistoricalRecords()

    cache_parents = ("film",)

    class Meta:
        ordering = ["date", "region"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self):
        return f"{self.film} — {self.get_kind_display()}, {self.region}, {self.date:%Y-%m-%d}"


class Person(NamedMixin, Publishable, CreatedBy, Revisioned):
    name = models.CharField(_("name"), max_length=200)
    name_ko = models.CharField(_("name in Hangul"), max_length=200, blank=True)
    aliases = models.TextField(_("also spelled"), blank=True, help_text=ALIASES_HELP)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    bio = models.TextField(_("short biography"), blank=True)
    bio_ko = models.TextField(_("short biography (Korean)"), blank=True)
    rich_text_fields = ("bio", "bio_ko")  # stored as sanitised HTML (common.sanitize)
    photo = models.ForeignKey(
        Image, verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    known_for = models.TextField(_("known for"), blank=True, help_text=_("Other works, one per line."))
    known_for_ko = models.TextField(
        _("known for (Korean)"), blank=True, help_text=_("The same works under their Korean titles, one per line.")
    )
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    # What the people list is filtered and ordered by (`caching.changes`): a biography or a photo is seen
    # by the pages that show the person, and the list stays as it is.
    cache_list_fields = ("status", "publish_at", "name", "name_ko", "aliases", "slug")

    class Meta:
        ordering = ["name"]
        # The people list reads its page in name order from here instead of sorting every person.
        indexes = [models.Index(fields=["name"], name="person_name")]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("publish_person", "Can publish and unpublish people")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:person-detail", self.slug)

    @property
    def known_for_list(self) -> list[str]:
        return split_lines(self.known_for)

    @property
    def local_bio(self) -> str:
        return local_text(self, "bio")

    @property
    def local_bio_text(self) -> str:
        """The biography as plain text (meta descriptions, structured data)."""
        return html_to_text(self.local_bio)


class PersonLink(Revisioned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=100, help_text=_("e.g. Wikipedia, Instagram."))
    url = WebURLField(_("URL"))

    history = HistoricalRecords()

    cache_parents = ("person",)

    class Meta:
        ordering = ["label"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label


class CharacterQuerySet(VisibilityQuerySet):
    visibility_inputs = ("catalog.film",)

    def published(self):
        """A character is public while its film is."""
        return self.filter(public_q("film__"))


class Character(NamedMixin, Revisioned):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(_("name"), max_length=200)
    name_ko = models.CharField(_("name in Hangul"), max_length=200, blank=True)
    aliases = models.TextField(_("also spelled"), blank=True, help_text=ALIASES_HELP)
    description = models.TextField(_("description"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CharacterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["film", "order", "name"]
        verbose_name = _("character")
        verbose_name_plural = _("characters")
        constraints = [models.UniqueConstraint(fields=["film", "name"], name="unique_character_per_film")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.film.get_absolute_url()}#character-{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.film.is_public


class CreditQuerySet(VisibilityQuerySet):
    visibility_inputs = ("catalog.film", "catalog.person")

    def published(self):
        """A credit is public while both its film and its person are."""
        return self.filter(public_q("film__"), public_q("person__"))

    def of_public_people(self):
        """For a film's own page, which has already checked the film."""
        return self.filter(public_q("person__"))


class Credit(Revisioned):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        SCREENPLAY = "screenplay", _("Screenplay")
        VOICE = "voice", _("Voice")
        PRODUCER = "producer", _("Producer")
        MUSIC = "music", _("Music")
        ART = "art", _("Art direction")
        ANIMATION = "animation", _("Animation")
        EDITING = "editing", _("Editing")

    class Language(models.TextChoices):
        KOREAN = "ko", _("Korean (original)")
        ENGLISH = "en", _("English dub")
        JAPANESE = "ja", _("Japanese dub")
        SPANISH = "es", _("Spanish dub")
        FRENCH = "fr", _("French dub")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    character = models.ForeignKey(
        Character,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="credits",
        help_text=_("For voice credits: who they voice."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language.choices,
        blank=True,
        help_text=_("For voice credits: the original or which dub."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    note_ko = models.CharField(_("note (Korean)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CreditQuerySet.as_manager()
    history = HistoricalRecords()

    cache_parents = ("film", "person", "character")
    cache_parent_lists = ("film", "person")  # the people of a film, the films of a person

    class Meta:
        ordering = ["film", "order", "pk"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "film", "role", "character", "language"],
                condition=models.Q(character__isnull=False),
                name="unique_voice_credit",
            ),
            models.UniqueConstraint(
                fields=["person", "film", "role", "language"],
                condition=models.Q(character__isnull=True),
                name="unique_credit",
            ),
        ]

    def __str__(self):
        label = f"{self.person} — {self.get_role_display()}"
        if self.character_id:
            label += f": {self.character}"
        if self.language:
            label += f" ({self.get_language_display()})"
        return label

    @property
    def role_phrase(self) -> str:
        """The role in words, as a person's page lists it: “Voice of Nan-young (Korean original)”, “Director”."""
        if self.role != self.Role.VOICE or self.character is None:
            return self.get_role_display()
        character = self.character.local_name
        if not self.language:
            return gettext("Voice of %(character)s") % {"character": character}
        version = gettext("Korean original") if self.language == self.Language.KOREAN else self.get_language_display()
        return gettext("Voice of %(character)s (%(version)s)") % {"character": character, "version": version}

    def clean(self):
        errors = {}
        if self.role == self.Role.VOICE:
            if not self.character_id:
                errors["character"] = _("A voice credit names the character voiced.")
            if not self.language:
                errors["language"] = _("A voice credit names its language: the original or a dub.")
        if self.character_id and self.film_id and self.character.film_id != self.film_id:
            errors["character"] = _("This character belongs to another film.")
        if errors:
            raise ValidationError(errors)


# The film page's crew: departments in the order they are shown, each with the roles it gathers. Voices
# are the cast, shown apart.
CREW_DEPARTMENTS = [
    (_("Directing"), [Credit.Role.DIRECTOR]),
    (_("Writing"), [Credit.Role.SCREENPLAY]),
    (_("Production"), [Credit.Role.PRODUCER]),
    (_("Music"), [Credit.Role.MUSIC]),
    (_("Art"), [Credit.Role.ART]),
    (_("Animation"), [Credit.Role.ANIMATION]),
    (_("Editing"), [Credit.Role.EDITING]),
]


class SongQuerySet(PublishableQuerySet):
    visibility_inputs = ("catalog.film",)

    def published(self):
        """A song is public while it and its film both are."""
        return super().published().filter(public_q("film__"))


class Song(Publishable, CreatedBy, Revisioned):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="songs")
    title = models.CharField(_("title"), max_length=200)
    title_ko = models.CharField(_("Korean title"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    media_url = WebURLField(
        _("listen link"),
        blank=True,
        help_text=_(
            "Where to hear it. Links to Spotify, YouTube, Apple Music, Melon and others are named on the page."
        ),
    )
    duration = LengthField(_("length"), null=True, blank=True, help_text=LENGTH_HELP)
    context = models.CharField(
        _("scene or release"),
        max_length=250,
        blank=True,
        help_text=_("Where it belongs: the scene it plays in, or the album or single it came out on."),
    )
    context_ko = models.CharField(_("scene or release (Korean)"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("track order"), default=0)
    updated = models.DateTimeField(auto_now=True)

    objects = SongQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    # What lists of songs are ordered and matched by (`caching.changes`): the rest (a description, the
    # listen link) is seen by the pages that show the song.
    cache_list_fields = ("status", "publish_at", "film_id", "order", "title", "title_ko", "slug")

    class Meta:
        ordering = ["film", "order", "title"]
        verbose_name = _("song")
        verbose_name_plural = _("songs")
        permissions = [("publish_song", "Can publish and unpublish songs")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("catalog:song-detail", self.slug)

    @property
    def effective_schedule(self) -> tuple[str, dt.datetime]:
        """The status and go-live moment that its whole rule (it and its film) amounts to."""
        film = self.film
        both = self.status == Status.PUBLISHED and film.status == Status.PUBLISHED
        return (Status.PUBLISHED if both else Status.DRAFT), max(self.publish_at, film.publish_at)

    @property
    def is_public(self) -> bool:
        return self.is_marked_public and self.film.is_public

    @property
    def name_parts(self) -> list[tuple[str, str]]:
        return name_parts(self.title, self.title_ko)

    @property
    def display_name(self) -> str:
        return bilingual(self.name_parts)

    @property
    def length(self) -> str:
        """The length as m:ss, e.g. 3:41; "" when it is not known."""
        return format_length(self.duration)

    @property
    def iso_duration(self) -> str:
        return iso_length(self.duration)

    @property
    def local_context(self) -> str:
        return local_text(self, "context")

    @property
    def listen_service(self) -> str:
        """The name of the service the listen link goes to (“Spotify”), or "" for another site."""
        return service_name(self.media_url)

    def all_names(self) -> list[str]:
        return [name for name in (self.title, self.title_ko) if name]


class SongCreditQuerySet(VisibilityQuerySet):
    visibility_inputs = ("catalog.song", "catalog.film", "catalog.person")

    def published(self):
        """A song credit is public while its song (and so its film) and its person are."""
        return self.filter(public_q("song__"), public_q("song__film__"), public_q("person__"))

    def of_public_people(self):
        """For a song's or film's own page, which has already checked the song."""
        return self.filter(public_q("person__"))


class SongCredit(Revisioned):
    class Role(models.TextChoices):
        PERFORMER = "performer", _("Performer")
        COMPOSER = "composer", _("Composer")
        LYRICIST = "lyricist", _("Lyricist")
        PRODUCER = "producer", _("Producer")

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="song_credits")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("e.g. “V's version”."))
    note_ko = models.CharField(_("note (Korean)"), max_length=200, blank=True, help_text=_("e.g. “뷔 버전”."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SongCreditQuerySet.as_manager()
    history = HistoricalRecords()

    cache_parents = ("song", "person")
    cache_parent_lists = ("song", "person")

    class Meta:
        ordering = ["song", "order", "pk"]
        verbose_name = _("song credit")
        verbose_name_plural = _("song credits")
        constraints = [
            models.UniqueConstraint(fields=["song", "person", "role"], name="unique_song_credit"),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} ({self.song})"


class Praise(Revisioned):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="praise")
    quote = models.TextField(_("quote"))
    language = models.CharField(
        _("language of the quote"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("A quotation stays in the words it was said in; pages mark its language."),
    )
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="praise",
        help_text=_("Who said it; they need no credit on the film."),
    )
    author_name = models.CharField(
        _("author name"), max_length=200, blank=True, help_text=_("When the author is not in the catalog.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = WebURLField(_("source URL"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    cache_parents = ("film",)

    class Meta:
        ordering = ["film", "order", "pk"]
        verbose_name = _("praise")
        verbose_name_plural = _("praise")

    def __str__(self):
        return f"{self.attribution}: “{self.quote[:60]}”"

    @property
    def attribution(self) -> str:
        return self.author.display_name if self.author_id else self.author_name
