"""What an import is asked to do, and what it reports back for every file."""

import enum
from collections import Counter
from dataclasses import dataclass, field


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ImportOptions:
    source: str = ""  # a source name that overrides what the files say
    publish: bool | None = None  # True: publish, False: draft, None: publish new ones as drafts, keep old status
    overwrite: bool = False  # replace editors' changes too
    pages: bool = False  # a WordPress export's pages too, not only its posts
    dry_run: bool = False


@dataclass
class ArticleResult:
    outcome: Outcome
    title: str
    slug: str
    needs_review: str = ""


@dataclass
class FileReport:
    name: str
    outcome: Outcome
    reason: str = ""
    articles: list[ArticleResult] = field(default_factory=list)

    @classmethod
    def of(cls, name: str, results: list[ArticleResult]) -> "FileReport":
        """A file's outcome is its most significant article's: created, then updated, else unchanged."""
        outcomes = {result.outcome for result in results}
        for outcome in (Outcome.CREATED, Outcome.UPDATED):
            if outcome in outcomes:
                return cls(name, outcome, articles=results)
        return cls(name, Outcome.UNCHANGED, articles=results)

    def as_dict(self) -> dict:
        return {
            "file": self.name,
            "outcome": str(self.outcome),
            "reason": self.reason,
            "articles": [
                {"outcome": str(a.outcome), "title": a.title, "slug": a.slug, "needs_review": a.needs_review}
                for a in self.articles
            ],
        }


@dataclass
class ImportSummary:
    keep_files: bool = True  # False: only count outcomes, so memory stays flat however many files there are
    files: list[FileReport] = field(default_factory=list)
    counts: Counter[Outcome] = field(default_factory=Counter)

    def add(self, report: FileReport) -> None:
        self.counts[report.outcome] += 1
        if self.keep_files:
            self.files.append(report)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, outcome: Outcome) -> int:
        return self.counts[outcome]

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED)

    def outcomes(self) -> dict[str, int]:
        """The outcomes that occurred, by name: {"created": 3, "failed": 1}."""
        return {outcome.value: count for outcome, count in self.counts.items()}

    def as_dict(self) -> dict:
        return {
            "summary": {outcome.value: self.count(outcome) for outcome in Outcome},
            "files": [report.as_dict() for report in self.files],
        }
