"""Scoring a pair of claims from their signals: IDF weights by kind, conflicting figures, the cosine."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from articles.matching.signals import FIGURE, LATIN_SOUND, NAME, SOUND, TOTAL, is_sound

# A pair must share at least this many signals to be scored at all.
MIN_SHARED = 2
# Without a figure in common, names alone must be this many: two claims naming one two-word company
# (Hugging Face: two signals) or a company and its founder are two facts about the same topic as often
# as not. Translations still pair such claims through the sentence alignment (alignment.py).
MIN_SHARED_NAMES = 3
# Sound keys (a name in another script) do not count towards it either: they pair up claims that
# share a figure, where a company's name and its founder's in katakana said as little as in Latin.
# Words written with a capital that describe rather than name (nationalities, compass points,
# continents): "South Korean", "Chinese" in two claims say nothing about the fact. They stay signals,
# but do not count towards MIN_SHARED_NAMES.
_WEAK_NAMES_TEXT = """
    north south east west northern southern eastern western central
    chinese korean japanese thai vietnamese cambodian khmer american british european asian african
    indian indonesian malaysian singaporean filipino australian russian german french arab arabic
    asia europe africa america asean
"""
WEAK_NAMES = frozenset(_WEAK_NAMES_TEXT.split())

# How much a signal counts besides its rarity: a figure pins a fact down (1,677 robots, 38%) far more
# than a name, which only names the topic; a year is a weak figure.
FIGURE_FACTOR = 1.5
YEAR_FACTOR = 0.7
# Shared evidence (summed weights) worth full confidence, in units of the weight of a signal that
# only the two claims carry: two claims about the same company in the same year share little.
EVIDENCE_FULL = 1.5


@dataclass
class Candidate:
    """Another claim that may state the same fact, with what it shares."""

    claim_id: int
    article_id: int
    language: str
    score: float = 0.0
    signal_score: float = 0.0
    similarity: float | None = None
    mutual: bool = False
    shared: list[str] = field(default_factory=list)

    def reasons(self) -> list[str]:
        names = [s[len(NAME) :] for s in self.shared if s.startswith(NAME)]
        figures = [s[len(FIGURE) :] for s in self.shared if s.startswith(FIGURE)]
        reasons = []
        if names:
            reasons.append(_clip("names: " + ", ".join(names)))
        if figures:
            reasons.append(_clip("figures: " + ", ".join(figures)))
        if sounds := sum(is_sound(s) for s in self.shared):
            reasons.append("a name in another script" if sounds == 1 else f"{sounds} names in another script")
        if self.similarity is not None:
            reasons.append(f"same language, text similarity {self.similarity:.2f}")
        reasons.append("best match both ways" if self.mutual else "a better match exists in one of the articles")
        return reasons


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_YEAR = re.compile(r"#(?:19|20)\d\d")


# Years for the conflict rule: also Thai Buddhist-era years (พ.ศ. ๒๕๖๘ = 2025), which a translation
# writes as another number.
_YEAR_LIKE = re.compile(r"#(?:19|20|25)\d\d")


def _figure_kinds(signals: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The figures of a signal list other than years: (percentages, other figures)."""
    shares, counts = set(), set()
    for signal in signals:
        if signal.startswith(FIGURE) and not _YEAR_LIKE.fullmatch(signal):
            (shares if signal.endswith("%") else counts).add(signal)
    return frozenset(shares), frozenset(counts)


def figures_conflict(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two claims state different figures, so cannot be the same fact: they share no figure
    other than a year, and both carry a percentage or both carry another figure (a count, an amount).
    A claim without figures conflicts with nothing; a share on one side and a count on the other
    (45% vs 1,677 robots) may be two halves of one statement, so they do not conflict either."""
    return _kinds_conflict(_figure_kinds(a), _figure_kinds(b))


def _kinds_conflict(a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]]) -> bool:
    (shares_a, counts_a), (shares_b, counts_b) = a, b
    if (shares_a & shares_b) or (counts_a & counts_b):
        return False
    return bool((shares_a and shares_b) or (counts_a and counts_b))


class _Weights:
    """Inverse document frequency of each signal, scaled by its kind (name, year, other figure)."""

    def __init__(self, df: dict[str, int]):
        self.df = df
        self.total = max(df.get(TOTAL, 0), 2)
        # The weight of a signal carried by exactly the two claims of a pair.
        self.pair_weight = math.log((self.total + 1) / 2)
        self._cache: dict[str, float] = {}
        self._norms: dict[frozenset[str], float] = {}
        self._kinds: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}

    def __call__(self, signal: str) -> float:
        weight = self._cache.get(signal)
        if weight is None:
            # Smoothed so that a signal every claim carries still counts a little in a tiny database.
            weight = max(math.log((self.total + 1) / max(self.df.get(signal, 0), 1)), 0.0)
            if signal.startswith(FIGURE):
                weight *= YEAR_FACTOR if _YEAR.fullmatch(signal) else FIGURE_FACTOR
            self._cache[signal] = weight
        return weight

    def norm(self, signals: Iterable[str]) -> float:
        key = frozenset(signals)
        norm = self._norms.get(key)
        if norm is None:
            # Without the sound keys: a word that may be a name (コスト, a Thai phrase) and matches
            # nothing says nothing against a pair; score() adds those that match.
            norm = self._norms[key] = math.sqrt(math.fsum(self(s) ** 2 for s in key if not is_sound(s)))
        return norm

    def conflict(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """figures_conflict, with each signal set's figures read once."""
        return _kinds_conflict(self._figures(a), self._figures(b))

    def _figures(self, signals: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
        key = frozenset(signals)
        kinds = self._kinds.get(key)
        if kinds is None:
            kinds = self._kinds[key] = _figure_kinds(key)
        return kinds

    def score(self, a: Iterable[str], b: Iterable[str]) -> tuple[float, list[str]]:
        """IDF-weighted cosine of two signal sets, scaled down when the shared evidence is thin;
        0 when they share fewer than MIN_SHARED signals or their figures conflict (figures_conflict).
        The shared signals come in the order of ``a``. Pass frozensets where the same set is compared
        many times: the norm and figures of each set are then computed once."""
        set_b = b if isinstance(b, frozenset) else frozenset(b)
        set_a = a if isinstance(a, frozenset) else frozenset(a)
        # A sound key counts where it pairs a name in Latin letters on one side (≈spt, from n:isford)
        # with its transliteration on the other (~spt): in its ≈ form, weighed as rare as the sound of
        # the Latin name (as the name itself, on the side where a name signal stands for it), and added
        # to the norm of the side that spells the name in another script.
        shared: list[str] = []
        spelled_a: list[str] = []
        spelled_b: list[str] = []
        for s in a:
            if s[0] == SOUND:
                partner = LATIN_SOUND + s[1:]
                if partner in set_b:
                    shared.append(partner)
                    spelled_a.append(partner)
            elif s[0] == LATIN_SOUND:
                if SOUND + s[1:] in set_b:
                    shared.append(s)
                    spelled_b.append(s)
            elif s in set_b:
                shared.append(s)
        if len(shared) < MIN_SHARED:
            return 0.0, shared
        if not any(s.startswith(FIGURE) for s in shared) and (
            sum(s.startswith(NAME) and s[len(NAME) :] not in WEAK_NAMES for s in shared) < MIN_SHARED_NAMES
        ):
            return 0.0, shared
        if self.conflict(set_a, set_b):
            return 0.0, shared
        extra_a = math.fsum(self(s) ** 2 for s in spelled_a)
        extra_b = math.fsum(self(s) ** 2 for s in spelled_b)
        denominator = math.sqrt(self.norm(set_a) ** 2 + extra_a) * math.sqrt(self.norm(set_b) ** 2 + extra_b)
        if not denominator:
            return 0.0, shared
        # fsum: the same score whatever the order of the signals (a set's or a claim's), so that ties
        # between identical signal sets (the mutual-best check) are ties.
        cosine = math.fsum(self(s) ** 2 for s in shared) / denominator
        evidence = math.fsum(self(s) for s in shared) / self.pair_weight
        return min(cosine, 1.0) * min(1.0, evidence / EVIDENCE_FULL), shared
