"""Match signals of a text (pure: no database): the names and figures that survive translation.

n:<name>    a name written in Latin script (Qwen, Hugging Face, DeepSeek-R1, Nvidia), case and
            accents folded, or the canonical name of a NameAlias found in the text (ディープシーク);
#<figure>   a figure normalised across scripts and formats by articles.text.numbers
            (๑,๖๗๗ / 1.677 / 1,677 -> #1677; 45 % -> #45%; years as they are);
~<key>      the sound of a word in a script other than Latin that may be a name (translit.sound_key:
            イスフォード and 아이스포드 are both ~spt);
≈<key>      the sound of a name signal's name (n:isford is ≈spt). A name matches its transliteration
            with no alias taught: ~spt pairs with ≈spt (sound_partner), never with another ~spt (two
            katakana loanwords) or ≈spt (the shared name counts already).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from articles.matching.translit import SOUND_FROM, sound_key, sound_keys
from articles.text.numbers import iter_numbers
from articles.text.scripts import script_counts

if TYPE_CHECKING:
    from articles.matching.aliases import Aliases

NAME = "n:"
FIGURE = "#"
SOUND = "~"
LATIN_SOUND = "≈"
TOTAL = "*"  # the MatchSignalStat row counting claims with any signal

# At most this many signals per claim (a long claim listing 60 names is not more matchable).
MAX_SIGNALS = 32
# At most this many sound keys per claim (they come after the names and figures).
MAX_SOUND_KEYS = 8

_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
# A Latin word: starts with a letter, may carry digits (R1, o1, GPT4); hyphens split it (DeepSeek-R1).
_LATIN_WORD = re.compile(rf"[{_LATIN_LETTER}][{_LATIN_LETTER}0-9\u0300-\u036f]*")
_KATAKANA_WORD = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff]{3,}")

# Capitalised words that begin sentences without naming anything (English, Vietnamese, a few more),
# and function words that turn up inside quoted English phrases in other scripts. Compared folded.
_NOT_NAMES_TEXT = """
    a an and are as at be but by for from had has have he her his how i if in into is it its
    more most much no not of on one or our she so some such than that the their there these they
    this those to was we were what when where which while who why will with would you your
    after all also although another any before both each even however many meanwhile moreover
    other over since still then though through under until yet according last next new first
    cac cung da dang de du duoc gan hien hom khi khong la mot nam neu nhieu nhung no ong ba sau
    tai theo thi trong tu tuy va ve vi voi vao nay do chung ho
    le la les un une des et en il elle der die das und ein eine el los las y del por con para
"""
# Titles, months and weekdays are capitalised in English without naming what a claim is about: "Mr."
# or "March" shared by two claims says nothing about whether they state the same fact (the date's
# year is a figure signal of its own).
_NOT_NAMES_EN = """
    mr mrs ms dr prof sir madam
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split() + _NOT_NAMES_EN.split())
# Words that start a run of capitalised Vietnamese syllables without being part of the name ("Theo Bộ
# Công Thương", "Ông Nguyễn Văn Minh"): the function words above except those that are also family
# names (Hồ, Đỗ, Từ, Lã, Vi).
_VI_NOT_NAME_START = _NOT_NAMES - {"ho", "do", "tu", "la", "vi"}


def fold(name: str) -> str:
    """Case and accents folded: HUAWEI = Huawei, Quốc = quoc, Đà = da."""
    decomposed = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _is_latin_text(text: str) -> bool:
    counts = script_counts(text)
    total = sum(counts.values())
    return bool(total) and counts["Latn"] >= 0.5 * total


# A Vietnamese syllable with its accents folded: an optional initial consonant, one to three vowels and
# an optional final consonant (bo, cong, thuong, nguyen, nghieng). Vietnamese writes every syllable as a
# word, so "Bộ Công Thương" is three Latin words that are one name.
_VI_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?")


def latin_names(text: str, language: str | None = None) -> list[tuple[str, str]]:
    """(as written, folded) for each name-like Latin word of ``text``, in order, without repeats.

    Inside non-Latin text every Latin word of two letters or more is a name or a term (Qwen, AI, LLM).
    In Latin-script text only capitalised words and letter-digit mixes count (Nvidia, iOS, o1), and
    capitalised function words that merely start a sentence do not.

    In Vietnamese text (``language`` "vi") capitalised Vietnamese syllables next to each other are one
    name ("Bộ Công Thương" -> "bo cong thuong"): one signal per syllable would make every article that
    mentions a ministry, a city or a common family name share "cong", "ha" or "nguyen". A capitalised
    syllable on its own counts as before (unless it is a function word); other Latin words (Lumora,
    Robotics, USD) count as in any Latin text.
    """
    if language == "vi":
        return _vietnamese_names(text)
    latin_text = _is_latin_text(text)
    found: dict[str, str] = {}
    for match in _LATIN_WORD.finditer(text):
        word = match.group()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        folded = fold(word)
        if len(folded) < 2 or folded in _NOT_NAMES:
            continue
        if latin_text and not (any(ch.isupper() for ch in word) or any(ch.isdigit() for ch in word)):
            continue
        found.setdefault(folded, word)
    return [(word, folded) for folded, word in found.items()]


def _vietnamese_names(text: str) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    run: list[tuple[str, str, int]] = []  # capitalised syllables so far (as written, folded, start)
    run_end = -1
    # Where the sentence's first word starts (-1 when the text starts with something else, a figure).
    first = _LATIN_WORD.search(text)
    first_start = first.start() if first and not any(ch.isalnum() for ch in text[: first.start()]) else -1

    def close_run() -> None:
        while run and run[0][1] in _VI_NOT_NAME_START:  # "Theo Bộ Công Thương": theo starts the sentence
            run.pop(0)
        if len(run) == 1 and run[0][2] == first_start:
            # One capitalised syllable starting the sentence is a word written with a capital
            # ("Tỷ lệ thất nghiệp", "Giá thuê", "Chia sẻ", "Trên"), not a name: names of people and
            # places have two syllables or more (Hà Nội, Nguyễn Văn Minh).
            run.clear()
        if run:
            found.setdefault(" ".join(f for _, f, _ in run), " ".join(w for w, _, _ in run))
        run.clear()

    for match in _LATIN_WORD.finditer(text):
        word = match.group()
        folded = fold(word)
        if word[0].isupper() and not word.isupper() and _VI_SYLLABLE.fullmatch(folded):
            if run and not (match.start() == run_end + 1 and text[run_end].isspace()):
                close_run()
            run.append((word, folded, match.start()))
            run_end = match.end()
            continue
        close_run()
        if word.endswith(("'s", "’s")):
            word, folded = word[:-2], fold(word[:-2])
        if len(folded) < 2 or folded in _NOT_NAMES:
            continue
        if any(ch.isupper() for ch in word) or any(ch.isdigit() for ch in word):
            found.setdefault(folded, word)
    close_run()
    return [(word, folded) for folded, word in found.items()]


_CJK_SCALE_END = re.compile(r"[億亿萬万억만兆조]\s?$")


def figures(text: str) -> list[str]:
    """The figures of ``text`` normalised across scripts (articles.text.numbers), with the parts of a
    CJK amount joined (2億5000万 = 250000000), without single-digit counts (too common to mean much)."""
    values: list[str] = []
    previous_end = -1
    for start, end, value in iter_numbers(text):
        joined = text[previous_end:start] if previous_end >= 0 else ""
        if (
            values
            and len(joined) <= 1
            and _CJK_SCALE_END.search(text[max(0, previous_end - 2) : start])
            and values[-1].isdigit()
            and value.isdigit()
            and int(values[-1]) > int(value)
        ):
            values[-1] = str(int(values[-1]) + int(value))
        else:
            values.append(value)
        previous_end = end
    seen = dict.fromkeys(values)
    return [value for value in seen if not (value.isdigit() and len(value) == 1)]


def compute_signals(text: str, aliases: Aliases | None = None, language: str | None = None) -> list[str]:
    """The match signals of a claim text: names (aliases mapped to their canonical name) and figures.
    ``language`` is the claim's: Vietnamese names are read whole (see latin_names)."""
    latin = aliases.latin if aliases else {}
    signals: dict[str, None] = {}
    for _word, folded in latin_names(text, language):
        signals.setdefault(NAME + latin.get(folded, folded)[:90], None)
    if aliases and aliases.other:
        folded_text = fold(text)
        for alias, canonical in aliases.other.items():
            if alias in folded_text:
                signals.setdefault(NAME + canonical[:90], None)
    for value in figures(text):
        signals.setdefault(FIGURE + value[:90], None)
    sounds: dict[str, None] = {}
    for signal in signals:
        if signal.startswith(NAME) and (key := latin_sound_key(signal[len(NAME) :])):
            sounds.setdefault(LATIN_SOUND + key, None)
    for key in sound_keys(text):
        # A word whose sound the claim's own Latin name explains (Isford beside イスフォード) adds
        # nothing: the name pairs up already.
        if LATIN_SOUND + key not in sounds:
            sounds.setdefault(SOUND + key, None)
    for key in list(sounds)[:MAX_SOUND_KEYS]:
        signals.setdefault(key, None)
    return list(signals)[:MAX_SIGNALS]


_PARTNER_MARK = {SOUND: LATIN_SOUND, LATIN_SOUND: SOUND}


def is_sound(signal: str) -> bool:
    """Whether ``signal`` is a sound key of either kind (~ or ≈)."""
    return signal[0] in _PARTNER_MARK


def sound_partner(signal: str) -> str:
    """The signal that a sound key pairs with on the other claim: ~spt with ≈spt and back."""
    return _PARTNER_MARK[signal[0]] + signal[1:]


def matchable(signals: Iterable[str]) -> frozenset[str]:
    """What another claim's signals must contain to share something with ``signals``: its names and
    figures as they are, its sound keys as their partners."""
    return frozenset(_PARTNER_MARK[s[0]] + s[1:] if s[0] in _PARTNER_MARK else s for s in signals)


@lru_cache(maxsize=16384)
def latin_sound_key(name: str) -> str:
    """The sound key of a name signal's name (n:isford -> spt), "" for a name of several words (a
    Vietnamese one, Hugging Face) or with digits (GPT4), and for too short a key."""
    if not name.isalpha():
        return ""
    key = sound_key(name)
    return key if len(key) >= SOUND_FROM else ""


def trigram_similarity(a: str, b: str) -> float:
    """Character trigram similarity (shared / all distinct trigrams), like pg_trgm's similarity()."""
    grams_a, grams_b = _trigrams(a), _trigrams(b)
    if not grams_a or not grams_b:
        return 0.0
    return len(grams_a & grams_b) / len(grams_a | grams_b)


def _trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in re.findall(r"\w+", text.casefold()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams
