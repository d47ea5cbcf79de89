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
_SOFT_C = re.compile(r"c(?=[eiy])")  # Grace, Cinema: an s
_DROPPED = re.compile(r"[^a-z]|[aeiouyhw]")
# Keys shorter than this are compared exactly (Qwen = kn: one lost consonant would match anything).
FUZZY_FROM = 4


@lru_cache(maxsize=4096)
def romanise(text: str) -> str:
    """``text`` in ASCII letters (anyascii), lower case."""
    return anyascii(text).casefold()


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The consonant skeleton of a name in any script: Grace Isford, グレース・イスフォード, 그레이스
    아이스포드 and غريس إيسفورد all give "krsprt" or one consonant off it."""
    text = _SOFT_C.sub("s", romanise(name))
    for spelling, sound in _DIGRAPHS:
        text = text.replace(spelling, sound)
    text = _DROPPED.sub("", text.translate(_CLASSES))
    return re.sub(r"(.)\1+", r"\1", text)


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
