"""Markdown articles, optionally opened by a YAML front-matter block between two "---" lines.

The body is read by markdown-it (CommonMark): its parser runs in linear time on any input, where
Python-Markdown's patterns backtrack far worse than linearly over nested brackets or unclosed links.
"""

import re

import yaml
from markdown_it import MarkdownIt

from .article import Draft, ImportFailure
from .dates import parse_date
from .fields import draft_from_mapping
from .titles import same_text

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_H1 = re.compile(r"^#(?!#)\s*(.+?)\s*#*\s*$")
_SETEXT_H1 = re.compile(r"^=+\s*$")
# libyaml's safe loader when PyYAML was built with it (its wheels are): the same documents, parsed in C.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# CommonMark with raw HTML kept (the sanitiser decides what stays) and nesting capped at 20 levels.
_MARKDOWN = MarkdownIt("commonmark")
# Every link is rendered as a link, so the sanitiser alone decides which targets stay: a refused one
# keeps its text, where markdown-it would print the whole "[text](javascript:…)" source.
_MARKDOWN.validateLink = lambda url: True


def _front_matter(text: str) -> tuple[dict[object, object], str]:
    """The front matter as a mapping (empty when there is none) and the Markdown after it."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    end = next((index for index in range(1, len(lines)) if lines[index].strip() in ("---", "...")), None)
    if end is None:
        raise ImportFailure("malformed front matter: no closing '---' line")
    try:
        meta = yaml.load("\n".join(lines[1:end]), Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        line = f" (line {exc.problem_mark.line + 2})" if exc.problem_mark else ""
        raise ImportFailure(f"malformed front matter: {exc.problem or exc.context}{line}") from exc
    except yaml.YAMLError as exc:
        raise ImportFailure(f"malformed front matter: {exc}") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ImportFailure("malformed front matter: expected 'key: value' lines, found a single value or a list")
    return meta, "\n".join(lines[end + 1 :])


def _leading_h1(lines: list[str]) -> tuple[str, int]:
    """The text of a level-1 heading opening the document and the number of lines it takes, or ("", 0)."""
    content = [index for index, line in enumerate(lines) if line.strip()]
    if not content or _FENCE.match(lines[content[0]]):
        return "", 0
    first = content[0]
    if match := _ATX_H1.match(lines[first]):
        return match.group(1), first + 1
    if first + 1 < len(lines) and _SETEXT_H1.match(lines[first + 1]):
        return lines[first].strip(), first + 2
    return "", 0


def _leading_date(lines: list[str]) -> tuple[str, int]:
    """A line holding only a date (perhaps in *emphasis*) at the top: ("May 29, 2025", lines it takes)."""
    content = [index for index, line in enumerate(lines) if line.strip()]
    if content and parse_date(lines[content[0]].strip(" *_")):
        return lines[content[0]].strip(" *_"), content[0] + 1
    return "", 0


def parse_markdown(text: str) -> Draft:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, source = _front_matter(text)
    draft = draft_from_mapping(meta, where="malformed front matter", with_body=False)
    lines = source.split("\n")
    heading, used = _leading_h1(lines)
    if heading and (not draft.title or same_text(heading, draft.title)):
        draft.title = draft.title or heading
        lines = lines[used:]
    if not draft.date_text:
        draft.date_text, used = _leading_date(lines)
        if used:
            draft.published_at = parse_date(draft.date_text)
            lines = lines[used:]
    draft.body_html = _MARKDOWN.render("\n".join(lines))
    return draft
