"""The language of an article: from its metadata when given, else told from its script."""

import re

_NAMES = {
    "english": "en",
    "korean": "ko",
    "한국어": "ko",
    "영어": "en",
    "japanese": "ja",
    "日本語": "ja",
}
_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def normalise_language(value: str) -> str:
    """The primary language code: "ko-KR", "ko_KR" and "Korean" give "ko"; "" for anything else."""
    value = value.strip().lower()
    if value in _NAMES:
        return _NAMES[value]
    match = _CODE.match(value)
    return match.group(1) if match else ""


def detect_language(text: str) -> str:
    """Korean when Hangul outnumbers Latin letters, Japanese likewise for kana, else English."""
    sample = text[:20000]
    latin = len(_LATIN.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    kana = len(_KANA.findall(sample))
    if hangul > latin and hangul >= kana:
        return "ko"
    if kana > latin:
        return "ja"
    return "en"
