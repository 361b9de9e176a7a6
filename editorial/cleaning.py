"""What every save of a row people write is cleaned of before it is stored, whoever saves it (the
admin, the importer, a restore, a shell): links with schemes other than the web's and mail's, Windows
line endings, and rich text outside the sanitiser's allow-list."""

from django.db.models.signals import pre_save

from common.sanitize import clean_rich_text
from common.text import normalise_line_endings
from common.weblinks import check_schemes

from .models import SlugRedirect
from .publishing import content_models


def connect_signals() -> None:
    for model in [*content_models(), SlugRedirect]:
        uid = f"editorial.cleaning.{model._meta.label}"
        pre_save.connect(check_schemes, sender=model, dispatch_uid=f"{uid}.schemes")
        pre_save.connect(normalise_line_endings, sender=model, dispatch_uid=f"{uid}.line-endings")
        pre_save.connect(clean_rich_text, sender=model, dispatch_uid=f"{uid}.rich-text")
