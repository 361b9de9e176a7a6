"""Pictures brought into the library from outside (an imported article's): checked by content, kept once.

The importer hands over the bytes it fetched or read from a zip, with the alt text and credit the
article gave. The same bytes are one library picture however many articles show them; a picture
already there keeps the alt text and credit it has, since an editor may have written them.
"""

import hashlib

from django.core.files.base import ContentFile

from .images import image_format, validate_image_file
from .models import Image

_ENDINGS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}


def fetched_from(source_url: str) -> Image | None:
    """The library picture first brought in from this address, if any: it is not fetched again."""
    return Image.objects.filter(source_url=source_url).order_by("pk").first() if source_url else None


def stored_picture(data: bytes, *, alt: str, credit: str = "", source_url: str = "") -> Image:
    """The library picture of these bytes, stored now if it is new. Raises ValidationError when the
    bytes are not a sound JPEG, PNG or WebP within the upload limits (size, pixels)."""
    digest = hashlib.sha256(data).hexdigest()
    found = Image.objects.filter(content_hash=digest).order_by("pk").first()
    if found is not None:
        return found
    file = ContentFile(data)
    validate_image_file(file)
    image = Image(alt_text=alt[:250], credit=credit[:200], source_url=source_url[:500], content_hash=digest)
    image.file.save(f"imported-{digest[:20]}.{_ENDINGS[image_format(file)]}", file, save=False)
    image.save()
    return image
