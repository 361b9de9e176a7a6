"""Reading the dates articles carry: ISO 8601, RFC 822 (feeds) and the ways news sites print them.

Every date comes back timezone-aware in UTC. A date without a time is midnight UTC; a time without a zone
is taken as UTC too, since nothing better is known.
"""

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_FIXED_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EDT": -4,
    "EST": -5,
    "CDT": -5,
    "CST": -6,
    "MDT": -6,
    "MST": -7,
    "PDT": -7,
    "PST": -8,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "KST": 9,
    "JST": 9,
}
# Zones printed without saying whether daylight saving applies: the date decides.
_REGIONAL_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DAY_PATTERNS = (
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",
    rf"{_YEAR}\s*[-/.]\s*(?P<month>\d{{1,2}})\s*[-/.]\s*{_DAY}\.?",
    rf"{_YEAR}\s*년\s*(?P<month>\d{{1,2}})\s*월\s*{_DAY}\s*일",
)
_TIME = (
    r"(?:\s*(?:,|at|-|–|—|\||/)?\s*(?:(?:오전|오후)\s*)?"
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?|(?=\s*[ap]\.?m\b))"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
_ZONE = r"(?:\s*\(?(?P<zone>[a-z]{1,5}(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?"
_DATE_RES = tuple(re.compile(rf"{pattern}{_TIME}{_ZONE}", re.IGNORECASE) for pattern in _DAY_PATTERNS)
# Words that may precede a printed date on its own line ("Published: May 29, 2025").
_LABEL = re.compile(
    r"^(?:(?:first\s+)?(?:published|posted|updated|last\s+updated|date|dated)(?:\s+on)?\s*[:\-–—]?\s*)",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def _zone(name: str | None) -> tzinfo | None:
    """The zone for an abbreviation or offset; None when it is unknown (the date is then refused)."""
    if not name:
        return UTC
    name = name.strip()
    upper = re.sub(r"\s+", "", name.upper())
    if upper in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[upper]))
    if upper in _REGIONAL_ZONES:
        return ZoneInfo(_REGIONAL_ZONES[upper])
    match = _OFFSET.match(upper)
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta >= timedelta(hours=24):
            return None
        return timezone(-delta if sign == "-" else delta)
    return None


def _from_match(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    month_text = parts["month"].lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
    if month is None:
        return None
    hour = int(parts["hour"] or 0)
    ampm = (parts["ampm"] or "").lower().replace(".", "")
    prefix = match.group(0)
    if ampm == "pm" or "오후" in prefix:
        hour = hour + 12 if hour < 12 else hour
    elif (ampm == "am" or "오전" in prefix) and hour == 12:
        hour = 0
    try:
        day = date(int(parts["year"]), month, int(parts["day"]))
        zone = _zone(parts["zone"])
        if zone is None:
            return None
        moment = datetime(
            day.year,
            day.month,
            day.day,
            hour,
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None
    return moment


def _sane(moment: datetime) -> datetime | None:
    """UTC, or None for years no news article has (they would also overflow on conversion)."""
    if not 1900 <= moment.year <= 2200:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def coerce_date(value: object) -> datetime | None:
    """A date from a structured source (YAML, JSON): a datetime, a date, a Unix time or a text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _sane(value)
    if isinstance(value, date):
        return _sane(datetime(value.year, value.month, value.day))
    if isinstance(value, int | float):
        try:
            return _sane(datetime.fromtimestamp(value, tz=UTC))
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return parse_date(value)
    return None


def parse_date(text: str) -> datetime | None:
    """The date the whole of ``text`` states, or None. Accepts an optional "Published:"-style label."""
    text = " ".join(text.split())
    if not text or len(text) > 80:
        return None
    text = _LABEL.sub("", text, count=1).strip()
    try:
        return _sane(datetime.fromisoformat(text))
    except ValueError:
        pass
    for pattern in _DATE_RES:
        match = pattern.fullmatch(text)
        if match:
            moment = _from_match(match)
            return _sane(moment) if moment else None
    if re.match(r"^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d", text, re.IGNORECASE):
        try:
            return _sane(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            return None
    return None


def gives_no_time(text: str) -> bool:
    """True when ``text`` states a day and no time of it ("2025-05-29", "May 29, 2025"): the article is
    then shown with its date alone, never with the midnight that stands in for the missing time."""
    text = _LABEL.sub("", " ".join(text.split()), count=1).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return True
    for pattern in _DATE_RES:
        match = pattern.fullmatch(text)
        if match:
            return match["hour"] is None
    return False
