"""Links to videos on YouTube and Vimeo, the only sites whose players the site shows: which video a
link names, the one plain address kept for it, and the privacy-friendly player a click loads."""

import re
from urllib.parse import parse_qs, urlsplit

PLAYER_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
"""What the Content-Security-Policy lets a page frame, once a visitor asks for a video."""

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")


def youtube_id(url: str) -> str:
    """The video id of a youtube.com or youtu.be link, or "" when the link is not one."""
    parts = _parts(url)
    if parts is None:
        return ""
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    candidate = ""
    if host == "youtu.be":
        candidate = parts.path.lstrip("/").split("/")[0]
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parts.path == "/watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            candidate = parts.path.split("/")[2]
    return candidate if _YOUTUBE_ID.match(candidate) else ""


def vimeo_id(url: str) -> str:
    """The video id of a vimeo.com or player.vimeo.com link, or "" when the link is not one."""
    parts = _parts(url)
    if parts is None:
        return ""
    host = (parts.hostname or "").removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        candidate = segments[1]
    elif host == "vimeo.com" and segments:
        candidate = segments[-1] if segments[0] == "channels" else segments[0]
    else:
        candidate = ""
    return candidate if _VIMEO_ID.match(candidate) else ""


def video_url(url: str) -> str:
    """The plain address of the video a YouTube or Vimeo link names; "" for any other link."""
    if video := youtube_id(url):
        return f"https://www.youtube.com/watch?v={video}"
    if video := vimeo_id(url):
        return f"https://vimeo.com/{video}"
    return ""


def youtube_player(video: str) -> str:
    return f"{PLAYER_ORIGINS[0]}/embed/{video}?autoplay=1&rel=0"


def player_url(url: str) -> str:
    """The embedded player of a YouTube or Vimeo link (YouTube's without cookies, Vimeo's without
    tracking), starting at once since a click asked for it; "" for any other link."""
    if video := youtube_id(url):
        return youtube_player(video)
    if video := vimeo_id(url):
        return f"{PLAYER_ORIGINS[1]}/video/{video}?autoplay=1&dnt=1"
    return ""


def video_site(url: str) -> str:
    """ "YouTube" or "Vimeo": where the player comes from, as a visitor is told before loading it."""
    return "YouTube" if youtube_id(url) else "Vimeo" if vimeo_id(url) else ""


def _parts(url: str):
    if not url or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return parts if parts.scheme in ("http", "https") else None
