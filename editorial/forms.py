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
# Sent with "Save and publish now" once the editor has been asked about an entry flagged for review.
PUBLISH_CONFIRMED = "_publish_confirmed"


class PublishingForm(RevisionForm):
    """Checks the schedule button's promise (a time still to come), and asks before publishing an entry
    flagged for review, as the list's bulk action does."""

    asks_to_publish_flagged = False  # the change form then offers to confirm (publishing/change_form.html)

    def clean(self):
        cleaned = super().clean()
        if PUBLISH_NOW in self.data and PUBLISH_CONFIRMED not in self.data and self._still_flagged(cleaned):
            self.asks_to_publish_flagged = True
            raise forms.ValidationError(
                _(
                    "This entry still needs review: %(reason)s. Publish it anyway? Confirm below, and "
                    "“Needs review” is cleared."
                )
                % {"reason": self._flag_reason()}
            )
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

    def _still_flagged(self, cleaned) -> bool:
        """Flagged and not unticked in this form (unticking it is the editor's answer already)."""
        if not getattr(self.instance, "needs_review", False):
            return False
        return cleaned.get("needs_review", True) if "needs_review" in self.fields else True

    def _flag_reason(self) -> str:
        shown = getattr(self.instance, "shown_review_reason", None)
        return (shown() if shown else self.instance.review_reason) or _("no reason given")
