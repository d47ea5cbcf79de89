"""Numbers in any script, normalised so that the same figure compares equal across
languages: 1,677 / 1.677 / 1677 / ๑,๖๗๗ all give "1677"; 2,5 and 2.5 give "2.5";
"45 %", "45 phần trăm", "ร้อยละ 45" give "45%"; "1.5 million", "1,5 triệu", "150万"
give the full value."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Zero of every decimal digit block we expect in news text; each block holds 0-9 in order.
_ZEROS = (
    0x0660,  # Arabic-Indic
    0x06F0,  # Extended Arabic-Indic (Persian, Urdu)
    0x07C0,  # NKo
    0x0966,  # Devanagari
    0x09E6,  # Bengali
    0x0A66,  # Gurmukhi
    0x0AE6,  # Gujarati
    0x0B66,  # Oriya
    0x0BE6,  # Tamil
    0x0C66,  # Telugu
    0x0CE6,  # Kannada
    0x0D66,  # Malayalam
    0x0DE6,  # Sinhala
    0x0E50,  # Thai
    0x0ED0,  # Lao
    0x0F20,  # Tibetan
    0x1040,  # Myanmar
    0x1090,  # Myanmar Shan
    0x17E0,  # Khmer
    0x1810,  # Mongolian
    0x1946,  # Limbu
    0xFF10,  # fullwidth
)
_DIGIT_TABLE = {zero + i: ord("0") + i for zero in _ZEROS for i in range(10)}
_DIGIT_TABLE.update(
    {
        0x066B: ord("."),  # Arabic decimal separator
        0x066C: ord(","),  # Arabic thousands separator
        0xFF0C: ord(","),
        0xFF0E: ord("."),
        0xFF05: ord("%"),
        0x066A: ord("%"),  # Arabic percent sign
    }
)
_NON_ASCII_DIGIT = re.compile("[" + "".join(f"\\u{z:04x}-\\u{z + 9:04x}" for z in _ZEROS) + "]")


def to_ascii_digits(text: str) -> str:
    """Replace digits of every script by ASCII digits.  The length never changes, so
    offsets found in the result are offsets in ``text``."""
    if _NON_ASCII_DIGIT.search(text) is None and not any(ch in text for ch in "\u066b\u066c\uff0c\uff0e\uff05\u066a"):
        return text
    return text.translate(_DIGIT_TABLE)


_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
# A figure: digits with optional thousands groups and decimals, not glued to Latin
# letters (so "R1", "GPT-4o", "o1" are names, not figures).
NUMBER = re.compile(
    rf"(?<![{_LATIN}\d.,])(?<![{_LATIN}]-)"
    r"(?P<num>\d{1,3}(?:(?P<sep>[.,\u00a0\u202f'])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    rf"(?![\d{_LATIN}])"
)

_PERCENT_AFTER = re.compile(
    r"\s?(?:%|percent\b|per cent\b|phần trăm|เปอร์เซ็นต์|퍼센트|パーセント|ភាគរយ|في المئة|بالمئة|процент)",
    re.IGNORECASE,
)
_PERCENT_BEFORE = re.compile(r"(?:ร้อยละ|百分之|%)\s?$")

# Words that multiply the number before them.
_SCALES: dict[str, int] = {
    "thousand": 10**3,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "พัน": 10**3,
    "ពាន់": 10**3,
    "千": 10**3,
    "천": 10**3,
    "ألف": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "triệu": 10**6,
    "ล้าน": 10**6,
    "លាន": 10**6,
    "百万": 10**6,
    "백만": 10**6,
    "مليون": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "พันล้าน": 10**9,
    "ប៊ីលាន": 10**9,
    "មួយពាន់លាន": 10**9,
    "مليار": 10**9,
    "trillion": 10**12,
    "nghìn tỷ": 10**12,
    "ล้านล้าน": 10**12,
    "万": 10**4,
    "萬": 10**4,
    "만": 10**4,
    "หมื่น": 10**4,
    "แสน": 10**5,
    "億": 10**8,
    "亿": 10**8,
    "억": 10**8,
    "兆": 10**12,
    "조": 10**12,
}
_SCALE_AFTER = re.compile(
    r"\s?(?P<scale>" + "|".join(re.escape(w) for w in sorted(_SCALES, key=len, reverse=True)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# Thai writes years in the Buddhist era: "พ.ศ. 2567" or just "ปี 2567" (2024).
_BUDDHIST_ERA = re.compile(r"(?:พ\.ศ\.|พ\.ศ|ปี|ព\.ស\.)\s?$")


def parse_number(raw: str) -> Decimal | None:
    """The value of a number as written, deciding what '.' and ',' mean:
    groups of exactly three digits are thousands (1,677 and 1.677 are 1677),
    otherwise the last separator is the decimal mark (2,5 and 2.5 are 2.5)."""
    s = raw.replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    seps = [c for c in s if c in ".,"]
    if seps:
        last = max(s.rfind("."), s.rfind(","))
        kinds = set(seps)
        if len(kinds) == 2:
            # both kinds: the last one is the decimal mark
            integer, decimals = s[:last], s[last + 1 :]
            s = integer.replace(".", "").replace(",", "") + "." + decimals
        elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", s) and not (len(seps) == 1 and s.startswith("0")):
            s = s.replace(".", "").replace(",", "")
        elif len(seps) == 1:
            s = s.replace(",", ".")
        else:
            return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def format_number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def iter_numbers(text: str):
    """Yield (start, end, canonical) for each figure in ``text`` (any script)."""
    ascii_text = to_ascii_digits(text)
    for match in NUMBER.finditer(ascii_text):
        value = parse_number(match.group("num"))
        if value is None:
            continue
        end = match.end()
        tail = ascii_text[end : end + 24]
        head = ascii_text[max(0, match.start() - 8) : match.start()]
        percent = _PERCENT_AFTER.match(tail)
        if percent or _PERCENT_BEFORE.search(head):
            if percent:
                end += percent.end()
            yield match.start(), end, format_number(value) + "%"
            continue
        scale = _SCALE_AFTER.match(tail)
        if scale:
            word = scale.group("scale")
            factor = _SCALES.get(word) or _SCALES.get(word.lower())
            if factor and not (word.lower() == "m" and not tail.startswith("m")):
                value *= factor
                end += scale.end()
        elif _BUDDHIST_ERA.search(head) and 2400 <= value <= 2700:
            value -= 543
        yield match.start(), end, format_number(value)


def normalise_numbers(text: str) -> list[str]:
    """Canonical forms of the figures in ``text``, in order, without repeats."""
    seen: dict[str, None] = {}
    for _start, _end, canonical in iter_numbers(text):
        seen.setdefault(canonical, None)
    return list(seen)
