"""Unicode scripts of characters and strings.

One compiled regular expression finds runs of letters of each script; counting the
characters of each run is enough to know which script dominates a text.  Scripts that
are written by a single language decide that language directly (see ``SCRIPT_LANGUAGE``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

# Letter ranges per script (ISO 15924 codes).  Digits and sentence punctuation of each
# block are left out on purpose: they are not evidence of a language.
_RANGES: dict[str, str] = {
    "Latn": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff",
    "Grek": "\u0370-\u03ff\u1f00-\u1fff",
    "Cyrl": "\u0400-\u052f",
    "Armn": "\u0531-\u0588",
    "Hebr": "\u0591-\u05f4",
    "Arab": "\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc",
    "Thaa": "\u0780-\u07bf",
    "Deva": "\u0900-\u0963\u0970-\u097f",
    "Beng": "\u0980-\u09e5\u09f0-\u09ff",
    "Guru": "\u0a00-\u0a65\u0a70-\u0a7f",
    "Gujr": "\u0a80-\u0ae5\u0af0-\u0aff",
    "Orya": "\u0b00-\u0b65\u0b70-\u0b7f",
    "Taml": "\u0b80-\u0be5\u0bf0-\u0bff",
    "Telu": "\u0c00-\u0c65\u0c70-\u0c7f",
    "Knda": "\u0c80-\u0ce5\u0cf0-\u0cff",
    "Mlym": "\u0d00-\u0d65\u0d70-\u0d7f",
    "Sinh": "\u0d80-\u0de5\u0df0-\u0dff",
    "Thai": "\u0e01-\u0e4e",
    "Laoo": "\u0e81-\u0ecf\u0edc-\u0eff",
    "Tibt": "\u0f00\u0f40-\u0fbc",
    "Mymr": "\u1000-\u103f\u1050-\u109f",
    "Geor": "\u10a0-\u10ff\u1c90-\u1cbf",
    "Hang": "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af",
    "Ethi": "\u1200-\u1360\u1380-\u139f",
    "Khmr": "\u1780-\u17d3\u17d7\u17dc\u17dd\u19e0-\u19ff",
    "Mong": "\u1820-\u18af",
    "Kana": "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "Hani": "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
}

SCRIPT_CLASS: dict[str, str] = {name: f"[{chars}]" for name, chars in _RANGES.items()}

_RUNS = re.compile("|".join(f"(?P<{name}>{cls}+)" for name, cls in SCRIPT_CLASS.items()))

# Scripts that name one language (BCP 47).  Han is settled together with kana and
# Hangul in ``cjk_language``; Latin, Cyrillic, Arabic and Devanagari need a model.
SCRIPT_LANGUAGE: dict[str, str] = {
    "Thai": "th",
    "Laoo": "lo",
    "Khmr": "km",
    "Mymr": "my",
    "Geor": "ka",
    "Armn": "hy",
    "Sinh": "si",
    "Tibt": "bo",
    "Ethi": "am",
    "Hang": "ko",
    "Kana": "ja",
    "Hebr": "he",
    "Grek": "el",
    "Thaa": "dv",
    "Guru": "pa",
    "Gujr": "gu",
    "Orya": "or",
    "Taml": "ta",
    "Telu": "te",
    "Knda": "kn",
    "Mlym": "ml",
    "Beng": "bn",
    "Mong": "mn",
}

CJK_SCRIPTS = frozenset({"Hani", "Kana", "Hang"})


def _code_points(chars: str) -> Iterator[int]:
    """The code points of a character class's contents ("a-z\u00c0" and so on)."""
    i = 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            yield from range(ord(chars[i]), ord(chars[i + 2]) + 1)
            i += 3
        else:
            yield ord(chars[i])
            i += 1


# Every letter of a script maps to one tag character per script (str.translate), and everything but
# letters is removed first: counting the tags is then a C loop, three times faster than counting
# the runs _RUNS finds (script_counts runs on every sentence of every article).
_TAGS = {chr(0xE000 + i): name for i, name in enumerate(_RANGES)}
_TAG_OF: dict[int, str] = {}
for _tag, _name in _TAGS.items():
    for _point in _code_points(_RANGES[_name]):
        _TAG_OF.setdefault(_point, _tag)
_NOT_LETTER = re.compile("[^" + "".join(_RANGES.values()) + "]+")


def script_counts(text: str) -> Counter[str]:
    """Number of letters of each script in ``text``."""
    tags = Counter(_NOT_LETTER.sub("", text).translate(_TAG_OF))
    return Counter({_TAGS[tag]: n for tag, n in tags.items()})


def script_of(char: str) -> str | None:
    """The script code of one character, or None for digits, punctuation and spaces."""
    match = _RUNS.match(char)
    return match.lastgroup if match else None


def cjk_language(counts: Counter[str]) -> str | None:
    """'ko', 'ja' or 'zh' from the Han, kana and Hangul counts, or None without any."""
    han, kana, hangul = counts["Hani"], counts["Kana"], counts["Hang"]
    total = han + kana + hangul
    if not total:
        return None
    if hangul >= 0.3 * total:
        return "ko"
    if kana >= 0.05 * total:
        return "ja"
    return "zh"


def dominant_script(counts: Counter[str]) -> tuple[str | None, float]:
    """The script with most letters (Han, kana and Hangul counted together as 'CJK')
    and its share of all letters."""
    total = sum(counts.values())
    if not total:
        return None, 0.0
    grouped: Counter[str] = Counter()
    for script, n in counts.items():
        grouped["CJK" if script in CJK_SCRIPTS else script] += n
    script, n = grouped.most_common(1)[0]
    return script, n / total


def letters(counts: Counter[str]) -> int:
    return sum(counts.values())
