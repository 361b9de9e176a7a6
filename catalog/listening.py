"""Where a song can be heard: the listening service a link points to, named as the service names itself."""

from urllib.parse import urlsplit

# Host (or the domain it ends in) -> the service's own name. More specific hosts come first.
SERVICES = [
    ("music.youtube.com", "YouTube Music"),
    ("youtube.com", "YouTube"),
    ("youtu.be", "YouTube"),
    ("open.spotify.com", "Spotify"),
    ("spotify.com", "Spotify"),
    ("music.apple.com", "Apple Music"),
    ("music.amazon.com", "Amazon Music"),
    ("soundcloud.com", "SoundCloud"),
    ("bandcamp.com", "Bandcamp"),
    ("deezer.com", "Deezer"),
    ("tidal.com", "TIDAL"),
    ("melon.com", "Melon"),
    ("genie.co.kr", "Genie"),
    ("bugs.co.kr", "Bugs"),
    ("music-flo.com", "FLO"),
    ("vibe.naver.com", "VIBE"),
    ("netflix.com", "Netflix"),
]


def service_name(url: str) -> str:
    """The name of the listening service at `url` ("Spotify"), or "" for a host not known here."""
    try:
        host = (urlsplit(url or "").hostname or "").rstrip(".")
    except ValueError:
        return ""
    for domain, name in SERVICES:
        if host == domain or host.endswith(f".{domain}"):
            return name
    return ""
