"""Months and weekdays in every script, as numbers (pure): what a translation keeps of a date when it
writes the month or the day in its own words. "September", "9月", "9월", "tháng 9", "กันยายน", "ก.ย.",
"កញ្ញា" and "سبتمبر" are all month 9; "Monday", "周一", "月曜", "월요일", "thứ Hai", "วันจันทร์",
"ថ្ងៃច័ន្ទ" and "الاثنين" are all weekday 1.

calendar_marks(text) gives "m:9" and "d:1" style marks, for the sentence alignment of translations
(articles.matching.alignment), where a shared month or weekday anchors two sentences as a shared
figure does.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .numbers import to_ascii_digits

_MONTH_WORDS = {
    # English (not "may": a modal verb as often as a month; "May" capitalised inside a sentence is
    # taken below), Arabic (Egyptian and Levantine names), Thai (full and abbreviated), Khmer.
    1: "january|jan|يناير|كانون الثاني|มกราคม|ม.ค.|មករា",
    2: "february|feb|فبراير|شباط|กุมภาพันธ์|ก.พ.|កុម្ភៈ",
    3: "march|مارس|آذار|มีนาคม|มี.ค.|មីនា",
    4: "april|apr|أبريل|إبريل|نيسان|เมษายน|เม.ย.|មេសា",
    5: "مايو|أيار|พฤษภาคม|พ.ค.|ឧសភា",
    6: "june|jun|يونيو|حزيران|มิถุนายน|มิ.ย.|មិថុនា",
    7: "july|jul|يوليو|تموز|กรกฎาคม|ก.ค.|កក្កដា",
    8: "august|aug|أغسطس|آب|สิงหาคม|ส.ค.|សីហា",
    9: "september|sep|sept|سبتمبر|أيلول|กันยายน|ก.ย.|កញ្ញា",
    10: "october|oct|أكتوبر|تشرين الأول|ตุลาคม|ต.ค.|តុលា",
    11: "november|nov|نوفمبر|تشرين الثاني|พฤศจิกายน|พ.ย.|វិច្ឆិកា",
    12: "december|dec|ديسمبر|كانون الأول|ธันวาคม|ธ.ค.|ធ្នូ",
}
_WEEKDAY_WORDS = {
    1: "monday|الاثنين|الإثنين|วันจันทร์|ថ្ងៃច័ន្ទ|thứ hai|月曜|월요일|周一|星期一|礼拜一",
    2: "tuesday|الثلاثاء|วันอังคาร|ថ្ងៃអង្គារ|thứ ba|火曜|화요일|周二|星期二|礼拜二",
    3: "wednesday|الأربعاء|วันพุธ|ថ្ងៃពុធ|thứ tư|水曜|수요일|周三|星期三|礼拜三",
    4: "thursday|الخميس|วันพฤหัสบดี|วันพฤหัส|ថ្ងៃព្រហស្បតិ៍|thứ năm|木曜|목요일|周四|星期四|礼拜四",
    5: "friday|الجمعة|วันศุกร์|ថ្ងៃសុក្រ|thứ sáu|金曜|금요일|周五|星期五|礼拜五",
    6: "saturday|السبت|วันเสาร์|ថ្ងៃសៅរ៍|thứ bảy|土曜|토요일|周六|星期六|礼拜六",
    7: "sunday|الأحد|วันอาทิตย์|ថ្ងៃអាទិត្យ|chủ nhật|日曜|일요일|周日|星期日|星期天|礼拜天",
}


def _alternation(words: dict[int, str]) -> tuple[re.Pattern, dict[str, int]]:
    lookup = {word: number for number, text in words.items() for word in text.split("|")}
    ordered = sorted(lookup, key=len, reverse=True)
    # Latin words need word boundaries; the other scripts are written without spaces between words.
    pattern = "|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in ordered)
    return re.compile(pattern, re.IGNORECASE), lookup


_MONTHS, _MONTH_LOOKUP = _alternation(_MONTH_WORDS)
_WEEKDAYS, _WEEKDAY_LOOKUP = _alternation(_WEEKDAY_WORDS)
# "9月", "9월", "tháng 9", "Tháng Chín" is rare in news; "9/2026" is too ambiguous and left out.
_MONTH_NUMBER = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s?[月월]|\btháng\s+(1[0-2]|0?[1-9])\b", re.IGNORECASE)
_MAY = re.compile(r"(?<=\S\s)May\b")


@lru_cache(maxsize=8192)
def calendar_marks(text: str) -> frozenset[str]:
    """The months ("m:1" to "m:12") and weekdays ("d:1" Monday to "d:7" Sunday) that ``text`` names."""
    marks = set()
    for match in _MONTHS.finditer(text):
        marks.add(f"m:{_MONTH_LOOKUP[match.group(0).casefold()]}")
    if _MAY.search(text):
        marks.add("m:5")
    for match in _MONTH_NUMBER.finditer(to_ascii_digits(text)):
        marks.add(f"m:{int(match.group(1) or match.group(2))}")
    for match in _WEEKDAYS.finditer(text):
        marks.add(f"d:{_WEEKDAY_LOOKUP[match.group(0).casefold()]}")
    return frozenset(marks)


def without_calendar_words(text: str) -> str:
    """``text`` with its month and weekday names taken out (a dateline's letters that are not words
    of a sentence: "الخميس 7 مايو/أيار 2026 - 07:20")."""
    return _WEEKDAYS.sub(" ", _MONTHS.sub(" ", text))
