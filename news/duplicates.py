"""The same story from several places: near-duplicate articles found, flagged, and merged.

Each article keeps its sketch (news/shingles.py) in ShingleSketch rows. Articles sharing at least
CANDIDATE_SHARED sketch values are the only ones compared, by the exact share of five-word phrases in
common (Jaccard similarity). At SIMILAR or above, the newer article is flagged as a possible
duplicate of the older: an editor merges them (one click), or says they are not the same story.
Nothing is dropped without an editor: a merged copy becomes a draft pointing at the article kept,
whose page names the copy's source and link, and whose address the copy's now leads to.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from caching.changes import rows_changed
from common.chunks import chunks
from editorial.publishing import Status
from editorial.revisions import moved_on

from .models import Article, PossibleDuplicate, ShingleSketch
from .review_reasons import duplicate_reason
from .shingles import similarity, sketch

CANDIDATE_SHARED = 3  # sketch values two articles must share to be compared at all
SIMILAR = 0.6  # the share of shingles in common from which two articles are flagged


def check(articles: Sequence[Article], *, created: bool = False) -> list[PossibleDuplicate]:
    """Keep the sketches of articles just written and flag those that tell an older article's story.

    A flagged article is also marked "needs review" with the reason, so it is in the editors' queue.
    A few statements for any number of articles: the importer's batches and the admin's saves both
    come here (news/writing.py).
    """
    sketches = {article.pk: _sketch_of(article) for article in articles}
    table = connection.ops.quote_name(ShingleSketch._meta.db_table)
    with connection.cursor() as cursor:  # twelve rows an article: written without a model object each
        if not created:
            for chunk in chunks(list(sketches)):
                cursor.execute(f"DELETE FROM {table} WHERE article_id IN ({', '.join(['%s'] * len(chunk))})", chunk)
        if rows := [(pk, value) for pk, values in sketches.items() for value in values]:
            cursor.executemany(f"INSERT INTO {table} (article_id, value) VALUES (%s, %s)", rows)
    holders = defaultdict(set)  # sketch value -> the articles whose sketch holds it
    values = {value for found in sketches.values() for value in found}
    for chunk in chunks(sorted(values)):
        found = ShingleSketch.objects.filter(value__in=chunk, article__merged_into=None)  # merged copies are settled
        for article_id, value in found.values_list("article_id", "value"):
            holders[value].add(article_id)
    pairs = {}
    for pk, found in sketches.items():
        shared = Counter(other for value in found for other in holders[value] if other != pk)
        for other, count in shared.items():
            if count >= CANDIDATE_SHARED:
                newer, older = max(pk, other), min(pk, other)  # the older one is the original
                pairs[(newer, older)] = None
    flags = _flag(list(pairs))
    _ask_for_review(flags, {article.pk: article for article in articles})
    return flags


def _ask_for_review(flags: list[PossibleDuplicate], written: dict[int, Article]) -> None:
    titles = dict(Article.objects.filter(pk__in=[flag.of_id for flag in flags]).values_list("pk", "title"))
    for flag in flags:
        reason = duplicate_reason(titles.get(flag.of_id, flag.of_id), flag.similarity)
        article = written.get(flag.article_id) or Article.objects.only("review_reason", "revision").get(
            pk=flag.article_id
        )
        article.needs_review = True
        article.review_reason = ", ".join(filter(None, [article.review_reason, reason]))[:200]
        Article.objects.filter(pk=article.pk).update(
            needs_review=True, review_reason=article.review_reason, **moved_on()
        )
        article.revision += 1  # the writer's copy stays current, as its flag does


def _sketch_of(article: Article) -> list[int]:
    """The importer works the sketch out while parsing, in its worker processes (`set_clean_body`)."""
    cached = article.__dict__.get("_sketch")
    return list(cached[1]) if cached and cached[0] == article.body else sketch(article.body_text)


def _flag(pairs: list[tuple[int, int]]) -> list[PossibleDuplicate]:
    if not pairs:
        return []
    ids = {pk for pair in pairs for pk in pair}
    texts = {article.pk: article.body_text for article in Article.objects.filter(pk__in=ids).only("body")}
    known = set(
        PossibleDuplicate.objects.filter(article_id__in=[newer for newer, _older in pairs]).values_list(
            "article_id", "of_id"
        )
    )
    flags = []
    for newer, older in pairs:
        if (newer, older) in known or newer not in texts or older not in texts:
            continue
        score = similarity(texts[newer], texts[older])
        if score >= SIMILAR:
            flags.append(PossibleDuplicate(article_id=newer, of_id=older, similarity=round(score, 3)))
    return PossibleDuplicate.objects.bulk_create(flags, ignore_conflicts=True)


def open_flags():
    return PossibleDuplicate.objects.filter(dismissed=False, article__merged_into=None, of__merged_into=None)


def copies_among(ids: Iterable[int]) -> set[frozenset[int]]:
    """Pairs of these articles flagged as one story (and not cleared by an editor)."""
    ids = list(ids)
    rows = open_flags().filter(article_id__in=ids, of_id__in=ids).values_list("article_id", "of_id")
    return {frozenset(pair) for pair in rows}


def separate(copy: Article) -> None:
    """Undo a merge: the copy names no other article and stays a draft until an editor publishes it.

    One UPDATE (the history leaves out `merged_into`), so the change is counted here: the kept
    article's page stops naming the copy's source at once.
    """
    Article.objects.filter(pk=copy.pk).update(merged_into=None, **moved_on())
    rows_changed(Article, [copy])


@transaction.atomic
def merge(copy: Article, *, into: Article) -> None:
    """Keep `into`; `copy` becomes a draft that names it, so visitors see the story once.

    The copy is kept, not deleted: its source and link show on the kept article's page, its address
    leads there, an import of it finds it (and leaves it merged), and an editor can undo the merge.
    """
    if copy.pk == into.pk:
        raise ValueError("an article cannot be merged into itself")
    # The kept article takes over anything already merged into the copy.
    Article.objects.filter(merged_into=copy).update(merged_into=into, **moved_on())
    copy.merged_into = into
    copy.status = Status.DRAFT
    copy.needs_review = False  # the merge is the editor's review: this copy needs nothing more
    copy.save(update_fields=["merged_into", "status", "needs_review", "updated"])
    PossibleDuplicate.objects.filter(article__in=[copy, into], of__in=[copy, into]).delete()
