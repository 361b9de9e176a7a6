"""What a person is told about a file's size, the same way for an image upload and an import."""

_KB = 1024
_MB = 1024 * 1024


def human_size(size: float) -> str:
    """“4.8 MB”, “12.0 KB”, “300 bytes”."""
    if size >= _MB:
        return f"{size / _MB:.1f} MB"
    if size >= _KB:
        return f"{size / _KB:.1f} KB"
    return f"{int(size)} bytes"


def sizes_compared(size: int, limit: int) -> tuple[str, str]:
    """A size and its limit as people read them; exact byte counts where both round to one figure."""
    shown, shown_limit = human_size(size), human_size(limit)
    if shown == shown_limit:  # "10.0 MB; the limit is 10.0 MB" says nothing
        return f"{size:,} bytes", f"{limit:,} bytes"
    return shown, shown_limit


def too_large(size: int, limit: int) -> str:
    """The one wording for a file over its limit: “too large (6.2 MB; the limit is 5.0 MB)”."""
    shown, shown_limit = sizes_compared(size, limit)
    return f"too large ({shown}; the limit is {shown_limit})"
