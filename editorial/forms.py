"""The publishing form and the buttons of an article's (or any publishable row's) change form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .edit_conflicts import RevisionForm

# Submit buttons of the change form that decide visibility (only for those allowed to publish).
PUBLISH_NOW = "_publish_now"
SCHEDULE = "_schedule"
UNPUBLISH = "_unpublish"
SEND_BACK = "_send_back"  # a draft waiting for review goes back to its writer, with a comment
PUBLISHING_BUTTONS = frozenset({PUBLISH_NOW, SCHEDULE, UNPUBLISH, SEND_BACK})
# A contributor's button: the draft goes to the editors' review queue.
SUBMIT_FOR_REVIEW = "_submit_for_review"
REVIEW_COMMENT = "review_comment"


class PublishingForm(RevisionForm):
    """Checks the schedule button's promise: a schedule needs a time still to come."""

    def clean(self):
        cleaned = super().clean()
        if SEND_BACK in self.data and not self.data.get(REVIEW_COMMENT, "").strip():
            raise forms.ValidationError(_("Say what to change: sending a draft back needs a comment for its writer."))
        if SCHEDULE in self.data and "publish_at" in self.fields:
            publish_at = cleaned.get("publish_at")
            if publish_at is not None and publish_at <= timezone.now():
                self.add_error(
                    "publish_at",
                    _("To schedule, pick a time in the future; to publish straight away, use “Save and publish now”."),
                )
        return cleaned
