"""Names across scripts (issue 10): a name in Latin letters against its transliteration in kana, Thai,
Khmer, Hangul, Arabic or Cyrillic, with no alias taught first (pure: no database).

romanise() writes any script in ASCII with anyascii (measured against pykakasi for kana in the note of
issue 10a: pykakasi reads ディ as "di" where anyascii writes "dei", but only the consonants are kept
below, so both give the same key, and anyascii covers every script with one small dependency).
name_key() keeps a name's consonant skeleton with the sounds that scripts confuse merged (l/r, b/p/f/v,
d/t, g/k/q/c, s/z/sh/ch/j) and vowels, h, w and y dropped: what survives a transliteration. same_name()
compares two keys with an edit distance that forgives one consonant lost or added per four (the r of
Isford that Japanese drops, the vowel-length marks are gone already).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# Merged consonant classes, longest spelling first.
_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("ph", "p"), ("th", "t"), ("kh", "k"), ("gh", "k"), ("ck", "k"), ("x", "ks"))
_CLASSES = str.maketrans(
    {"l": "r", "b": "p", "f": "p", "v": "p", "d": "t", "g": "k", "q": "k", "c": "k", "z": "s", "j": "s"}
)
_KHMER_WA = re.compile("(?<!\u17d2)\u179c")
_SOFT_C = re.compile(r"c(?=[eiy])")  # Grace, Cinema: an s
_DROPPED = re.compile(r"[^a-z]|[aeiouyhw]")
# Keys shorter than this are compared exactly (Qwen = kn: one lost consonant would match anything).
FUZZY_FROM = 4


@lru_cache(maxsize=4096)
def romanise(text: str) -> str:
    """``text`` in ASCII letters (anyascii), lower case. Khmer វ is written w: it is the w of foreign
    names (វីតហ្វីល Whitfield, វ៉ាស៊ីនតោន Washington), where anyascii writes v; written under another
    consonant (ហ្វ) it is still the f it spells."""
    return anyascii(_KHMER_WA.sub("w", text)).casefold()


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The consonant skeleton of a name in any script: Grace Isford, グレース・イスフォード, 그레이스
    아이스포드 and غريس إيسفورد all give "krsprt" or one consonant off it."""
    text = _SOFT_C.sub("s", romanise(name))
    for spelling, sound in _DIGRAPHS:
        text = text.replace(spelling, sound)
    text = _DROPPED.sub("", text.translate(_CLASSES))
    return re.sub(r"(.)\1+", r"\1", text)


# An r after a vowel and before a consonant or at the end (Isford, Ford, Kumar): non-rhotic
# spellings drop it (イスフォード, 아이스포드), so sound_key() leaves it out on every side. After a
# consonant it is a cluster (Grace, เกรซ written "ekrs"), kept. Arabic and Khmer write vowels as w, y.
_CODA_R = re.compile(r"(?<=[aeiouwy])r(?![aeiouy])")
_FINAL_NG = re.compile(r"ng$")


@lru_cache(maxsize=16384)
def sound_key(word: str) -> str:
    """name_key() of one word with its coda r and the g of a final ng left out (Japanese writes
    Penang ペナン, Samsung サムスン): the key that a name and its transliterations
    share exactly (Isford, イスフォード, อิสฟอร์ด, 아이스포드, إيسفورد, Айсфорд: "spt"), so that it can be
    a match signal, looked up by equality in an index, where name_key() needs an edit distance."""
    return name_key(_FINAL_NG.sub("n", _CODA_R.sub("", romanise(word))))


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def same_name(a: str, b: str) -> bool:
    """Whether two spellings (any scripts) are the same name: their keys are equal, or, for keys of
    FUZZY_FROM consonants or more, within one edit per four consonants."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    if min(len(key_a), len(key_b)) < FUZZY_FROM:
        return False
    return _distance(key_a, key_b) <= max(len(key_a), len(key_b)) // 4


# Words of a text for name_keys: runs of one script between spaces and punctuation, with katakana
# apart from kanji and hiragana apart from both (a Japanese name is a katakana run, "ダニエル" and
# "ホイットフィールド" around the middle dot; hiragana are particles), and Latin words whole.
_WORD = re.compile(
    r"[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff]+"  # katakana, without the middle dot
    r"|[\u4e00-\u9fff]+"  # kanji, hanzi
    r"|[\uac00-\ud7af]+"  # hangul
    r"|[A-Za-z\u00c0-\u024f\u1e00-\u1eff][A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]*"
    r"|[\u0e01-\u0e4e]+"  # Thai
    r"|[\u1780-\u17dd]+"  # Khmer
    r"|[\u0621-\u064a\u066e-\u06d3]+"  # Arabic
    r"|[\u0400-\u04ff]+"  # Cyrillic
)
# Titles written onto a name in scripts without capitals (นายชูเกียรติ, លោកស្រី): their consonants are
# not the name's.
_TITLE_PREFIXES = ("นางสาว", "นาย", "นาง", "ดร.", "ดร", "លោកស្រី", "លោក", "អ្នកស្រី")
# Keys shorter than this say too little to anchor anything (Qwen = kn, "the" = t).
ANCHOR_FROM = 3


@lru_cache(maxsize=8192)
def name_keys(text: str) -> frozenset[str]:
    """The consonant skeleton of every word of ``text`` (any script) that could be a name, titles cut off:
    two sentences that share one (or one within same_name's tolerance) mention the same name in their
    own scripts. Words of Latin script count only when capitalised (names), others all count (Thai,
    Khmer, Japanese and Chinese have no capitals); the alignment compares keys, so common words of one
    script find nothing in another."""
    keys = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii() and not word[0].isupper():
            continue
        for prefix in _TITLE_PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix) + 1:
                word = word[len(prefix) :]
                break
        key = name_key(word)
        if len(key) >= ANCHOR_FROM:
            keys.add(key)
    return frozenset(keys)


def same_keys(a: str, b: str) -> bool:
    """same_name for two keys already made (name_key), a little more tolerant: equal, or one with a
    final consonant more, or for keys of FUZZY_FROM consonants or more that start or end alike, within
    one edit per four consonants. For names within two articles (the alignment), not a whole database."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= ANCHOR_FROM and len(long) == len(short) + 1 and long.startswith(short):
        return True  # a final consonant that Thai and Khmer drop (វីតហ្វីល: Whitfield without its d)
    if min(len(a), len(b)) < FUZZY_FROM or abs(len(a) - len(b)) > max(len(a), len(b)) // 4:
        return False
    if a[0] != b[0] and a[-1] != b[-1]:
        return False
    return _distance(a, b) <= max(len(a), len(b)) // 4


# Sound keys (match signals) are taken from words that may be names: katakana words (Japanese writes
# foreign names in katakana), Hangul, Cyrillic and Arabic words, and Thai and Khmer runs between spaces
# short enough to be a name rather than a phrase; kanji and hanzi name things by meaning, not sound.
_SOUND_WORD = re.compile(
    r"[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff]+"  # katakana, without the middle dot
    r"|[\uac00-\ud7af]+"  # hangul
    r"|[\u0e01-\u0e4e]+"  # Thai
    r"|[\u1780-\u17dd]+"  # Khmer
    r"|[\u0621-\u064a\u066e-\u06d3]+"  # Arabic
    r"|[\u0400-\u04ff]+"  # Cyrillic
)
# Korean particles written onto the word before them (그레이스는, 아이스포드가), longest first.
_HANGUL_PARTICLES = (
    *("에서는", "에서", "으로", "에게", "께서", "까지", "부터", "과의", "와의"),
    *("는", "은", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로"),
)
# Thai and Khmer runs longer than this are phrases (those scripts write a sentence without spaces).
MAX_RUN_LETTERS = 9
# Keys shorter than this match too much (Qwen = kn, Ford = pt).
SOUND_FROM = 3


def sound_keys(text: str) -> list[str]:
    """The sound key of every word of ``text`` in a script other than Latin that could be a name, in
    order, without repeats (Latin names are read by signals.latin_names). A name and its transliteration
    share the key (sound_key), so these are match signals across scripts."""
    keys: dict[str, None] = {}
    for match in _SOUND_WORD.finditer(text):
        word = match.group()
        if "\uac00" <= word[0] <= "\ud7af":
            for particle in _HANGUL_PARTICLES:
                if word.endswith(particle) and len(word) > len(particle) + 1:
                    word = word[: -len(particle)]
                    break
        elif "\u0e01" <= word[0] <= "\u17dd":
            for prefix in _TITLE_PREFIXES:
                if word.startswith(prefix) and len(word) > len(prefix) + 1:
                    word = word[len(prefix) :]
                    break
            if len(word) > MAX_RUN_LETTERS:
                continue
        elif "\u0400" <= word[0] <= "\u04ff" and not word[0].isupper():
            continue
        key = sound_key(word)
        if len(key) >= SOUND_FROM:
            keys.setdefault(key, None)
    return list(keys)
