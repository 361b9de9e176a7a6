"""What every save of a row people write is cleaned of before it is stored, whoever saves it (the
admin, the importer, a restore, a shell): links with schemes other than the web's and mail's, Windows
line endings, and rich text outside the sanitiser's allow-list."""

from django.db.models.signals import pre_save

from common.sanitize import clean_rich_text
from common.text import normalise_line_endings
from common.weblinks import check_schemes

from .models import SlugRedirect
from .publishing import content_models

# Each hook with the name its signal connection carries.
HOOKS = (("schemes", check_schemes), ("line-endings", normalise_line_endings), ("rich-text", clean_rich_text))


def connect_signals() -> None:
    for model in [*content_models(), SlugRedirect]:
        uid = f"editorial.cleaning.{model._meta.label}"
        for name, hook in HOOKS:
            pre_save.connect(hook, sender=model, dispatch_uid=f"{uid}.{name}")


def clean_as_saved(model, instance) -> None:
    """What a save of `model` does to `instance` before storing it, for code that saves rows raw (a
    restore), which these hooks otherwise leave as they are. Raises ValidationError for a web address
    field holding anything but an http(s) address."""
    for _name, hook in HOOKS:
        hook(sender=model, instance=instance, raw=False)
