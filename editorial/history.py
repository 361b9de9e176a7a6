"""The History page's "Changes" column, as people read it (django-simple-history's helper, adapted).

Each change is named by its field's label; a long text is shown as the words added and removed
(HTML stripped), not as two truncated copies of its markup; a change a reader could not see (a
publish time moved by microseconds, the revision counter) is left out; an empty link is empty.
"""

import datetime as dt

from django.db import models
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.text import capfirst
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from common.sanitize import html_to_text
from common.text import word_changes

WORD_TAGS = {"removed": "del", "added": "ins", "same": "span"}


def shown(value) -> str:
    """A value as the History page writes it: empty for nothing, dates in the reader's language."""
    if value is None or (isinstance(value, DeletedObject) and value.pk is None):
        return ""
    if isinstance(value, dt.datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


class ReadableChanges(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta) -> list[dict]:
        changes = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            if not field.editable:  # bookkeeping, such as the revision counter
                continue
            old, new = (shown(self.prepare_delta_change_value(change, value)) for value in (change.old, change.new))
            if old == new:
                continue
            entry = {"field": capfirst(field.verbose_name), "old": old, "new": new, "words": ""}
            if isinstance(field, models.TextField):
                parts = word_changes(html_to_text(old), html_to_text(new))
                entry["words"] = format_html_join("", "<{0}>{1}</{0}>", ((WORD_TAGS[k], t) for k, t in parts))
            changes.append(entry)
        return changes
