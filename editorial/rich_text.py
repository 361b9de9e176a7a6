"""The rich-text editor for HTML fields in the admin: django-prose-editor (ProseMirror, via Tiptap).

Chosen because it is made for the Django admin, is kept up, and writes a schema we can narrow to
exactly what the sanitiser keeps: the toolbar offers paragraphs, headings 2–4, lists, links, quotes,
emphasis, code, line breaks and rules, and in an article's body a picture from the library, a video
by its YouTube or Vimeo link and a pull quote (our own extensions, in the module below), and nothing
it writes is thrown away on save. The sanitiser
(common.sanitize) still cleans every body on save: the editor is a convenience, never the guard.

Under the admin's CSP (`script-src 'self'`, no inline script) the package's own media cannot load:
it needs an inline import map. So the widget ships one module of ours instead, which imports the
editor by its static URL and reads each field's configuration from the textarea's data attribute.
Without JavaScript the field is the plain textarea it was.
"""

from django import forms
from django.forms.widgets import Script
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

# The sanitiser's allow-list, as editor extensions (see common.sanitize.ALLOWED_TAGS).
ARTICLE_BODY = {
    "Bold": True,
    "Italic": True,
    "Code": True,
    "CodeBlock": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # Ours (editorial/static/editorial/rich_text_blocks.js), with their words in the editor's language.
    "LibraryFigure": {
        "labels": {
            "button": _("Picture"),
            "title": _("Insert a picture from the library"),
            "picture": _("Picture (alt text from the library)"),
            "caption": _("Caption (optional)"),
            "insert": _("Insert"),
            "shown": _("Library picture"),
            "empty": _("The picture library has no pictures yet: add one there first."),
        }
    },
    "VideoEmbed": {
        "labels": {
            "button": _("Video"),
            "title": _("Insert a YouTube or Vimeo video"),
            "link": _("Link to the video on YouTube or Vimeo"),
            "caption": _("Caption (optional)"),
            "insert": _("Insert"),
            "shown": _("Video"),
            "refused": _("Only YouTube and Vimeo videos can be embedded; this link is neither."),
        }
    },
    "PullQuote": {"labels": {"button": _("Pull quote"), "title": _("Set the paragraph apart as a pull quote")}},
}


def article_body(*, pictures: str) -> dict:
    """ARTICLE_BODY with the address of the library's pictures to choose from (JSON, see catalog.admin)."""
    return ARTICLE_BODY | {"LibraryFigure": ARTICLE_BODY["LibraryFigure"] | {"pictures": pictures}}


# Biographies and synopses: paragraphs with emphasis and links, nothing that would restyle a page.
SHORT_TEXT = {
    "Bold": True,
    "Italic": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


class RichTextWidget(AdminProseEditorWidget):
    def __init__(self, extensions=None, **kwargs):
        super().__init__(config={"extensions": extensions or ARTICLE_BODY}, preset="configurable", **kwargs)

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                ]
            },
            js=[Script("editorial/rich_text.js", type="module")],
        )
