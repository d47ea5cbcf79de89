"""The same claim in other articles and languages: match signals, candidate lookup and suggestions.

No model is downloaded: a claim is described by signals that survive translation,

    n:<name>    a name written in Latin script (Qwen, Hugging Face, DeepSeek-R1, Nvidia), case and
                accents folded, or the canonical name of a NameAlias found in the text (ディープシーク);
    #<figure>   a figure normalised across scripts and formats by articles.text.numbers
                (๑,๖๗๗ / 1.677 / 1,677 -> #1677; 45 % -> #45%; years as they are).

Signals are stored in Claim.match_signals (a GIN-indexed array), so finding candidates is one indexed
query (`match_signals && ...`) that reads only claims sharing a *rare* signal of the new claim. The
rarity of each signal (how many claims carry it) is kept in MatchSignalStat, updated as signals change.

Scoring a pair: an IDF-weighted cosine over the signals (at least MIN_SHARED shared), plus a character
trigram similarity when both claims are in the same language (pg_trgm's similarity() when the server
has it, a Python equivalent otherwise); a pair that is not each claim's best match in the other article
is scaled down by NON_MUTUAL_FACTOR. A pair whose figures conflict (both state a count, or both a
percentage, and they share no figure but a year: the same company, place and year, another number) is
another fact and scores 0; it is dropped from the shortlist before any text similarity is computed.
Pairs scoring at least settings.MATCH_THRESHOLD are stored as
MatchSuggestion rows, with the reasons an editor reads on the claim page.

Entry points:
    refresh_matches(claims)          after claims are created or edited (editor pages)
    signals_of_new_claims(texts)     the signals of claims about to be created (import: stored with them);
                                     with Aliases.every() no query, for a batch (import_paths), which
                                     calls apply_aliases_since(newest) at its end
    match_new_claims(claims)         after such claims are created: counts and suggestions, no rewrite
    find_candidates(claim)           the ranked candidates of one claim, nothing stored (benchmark)
    compute_signals(text, aliases)   the signals of a text (pure)
    learn_aliases(claim_a, claim_b)  grow NameAlias from a confirmed pair in two scripts
    rebuild_signal_stats()           recount MatchSignalStat from the claims (repair, bulk loads)
"""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Claim, MatchSignalStat, MatchSuggestion, NameAlias
from articles.text.numbers import iter_numbers
from articles.text.scripts import script_counts

NAME = "n:"
FIGURE = "#"
TOTAL = "*"  # the MatchSignalStat row counting claims with any signal

# At most this many signals per claim (a long claim listing 60 names is not more matchable).
MAX_SIGNALS = 32
# A pair must share at least this many signals to be scored at all.
MIN_SHARED = 2
# The candidate query reads the claims sharing any of the new claim's rarest signals, up to about this
# many rows, and the claims sharing both signals of a pair among its next PAIR_SIGNALS least common ones
# (at most PAIR_LIMIT per pair). Signals that more than COMMON_SHARE of all claims (and more than
# COMMON_FLOOR) carry are too common to look anything up by.
LOOKUP_BUDGET = 200
PAIR_SIGNALS = 4
PAIR_LIMIT = 100
COMMON_SHARE = 0.005
COMMON_FLOOR = 1000
# Candidates per claim kept after the signal score, before the text similarity is computed.
TOP_CANDIDATES = 20
# Suggestions stored per claim, best first.
MAX_SUGGESTIONS = 5
# Share of the remaining distance to 1 that a same-language text similarity of 1.0 adds.
TRGM_WEIGHT = 0.5
# A pair where one claim has a better match in the other's article.
NON_MUTUAL_FACTOR = 0.8
# How much a signal counts besides its rarity: a figure pins a fact down (1,677 robots, 38%) far more
# than a name, which only names the topic; a year is a weak figure.
FIGURE_FACTOR = 1.5
YEAR_FACTOR = 0.7
# Shared evidence (summed weights) worth full confidence, in units of the weight of a signal that
# only the two claims carry: two claims about the same company in the same year share little.
EVIDENCE_FULL = 1.5

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
        if self.similarity is not None:
            reasons.append(f"same language, text similarity {self.similarity:.2f}")
        reasons.append("best match both ways" if self.mutual else "a better match exists in one of the articles")
        return reasons


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Signals (pure) ---------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Aliases:
    """NameAlias rows relevant to some texts: folded alias -> folded canonical name."""

    latin: dict[str, str]
    other: dict[str, str]  # aliases in other scripts, found as substrings
    newest: int = 0  # the highest NameAlias id read, for every()

    @classmethod
    def empty(cls) -> Aliases:
        return cls({}, {})

    @classmethod
    def every(cls) -> Aliases:
        """One query: all the aliases, for a batch of imports (import_paths reads them once, and
        apply_aliases_since(newest) catches up with those learned meanwhile)."""
        latin, other, newest = {}, {}, 0
        for pk, alias, canonical in NameAlias.objects.values_list("pk", "alias", "canonical"):
            target = latin if _LATIN_WORD.fullmatch(alias) else other
            target[fold(alias)] = fold(canonical)
            newest = max(newest, pk)
        return cls(latin, other, newest)

    def within(self, texts: Iterable[str]) -> Aliases:
        """These aliases narrowed to those that may occur in ``texts``: compute_signals looks for each
        alias of another script in every text, the Latin ones it only looks up."""
        if not self.other:
            return self
        folded = fold("\n".join(texts))
        return Aliases(self.latin, {a: c for a, c in self.other.items() if a in folded}, self.newest)

    @classmethod
    def for_texts(cls, texts: Iterable[str]) -> Aliases:
        """One query: the aliases that occur in any of ``texts``."""
        joined = "\n".join(texts)
        if not joined:
            return cls.empty()
        latin, other = {}, {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT alias, canonical FROM {NameAlias._meta.db_table} WHERE strpos(lower(%s), lower(alias)) > 0",
                [joined],
            )
            for alias, canonical in cursor.fetchall():
                target = latin if _LATIN_WORD.fullmatch(alias) else other
                target[fold(alias)] = fold(canonical)
        return cls(latin, other)


def compute_signals(text: str, aliases: Aliases | None = None, language: str | None = None) -> list[str]:
    """The match signals of a claim text: names (aliases mapped to their canonical name) and figures.
    ``language`` is the claim's: Vietnamese names are read whole (see latin_names)."""
    aliases = aliases or Aliases.empty()
    signals: dict[str, None] = {}
    for _word, folded in latin_names(text, language):
        signals.setdefault(NAME + aliases.latin.get(folded, folded)[:90], None)
    if aliases.other:
        folded_text = fold(text)
        for alias, canonical in aliases.other.items():
            if alias in folded_text:
                signals.setdefault(NAME + canonical[:90], None)
    for value in figures(text):
        signals.setdefault(FIGURE + value[:90], None)
    return list(signals)[:MAX_SIGNALS]


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


# --- Signal storage and rarity -----------------------------------------------------------------


def store_signals(claims: list[Claim], aliases: Aliases | None = None) -> None:
    """Recompute the signals of ``claims`` from their text, save the changed ones and their counts."""
    if aliases is None:
        aliases = Aliases.for_texts(c.text for c in claims)
    changed: list[Claim] = []
    delta: Counter[str] = Counter()
    for claim in claims:
        new = compute_signals(claim.text, aliases, claim.language)
        old = list(claim.match_signals or [])
        if new == old:
            continue
        for signal in set(new) - set(old):
            delta[signal] += 1
        for signal in set(old) - set(new):
            delta[signal] -= 1
        delta[TOTAL] += bool(new) - bool(old)
        claim.match_signals = new
        changed.append(claim)
    if changed:
        Claim.objects.bulk_update(changed, ["match_signals"])
        _add_to_stats(delta)


def _add_to_stats(delta: Counter[str]) -> dict[str, int]:
    """Add ``delta`` to the signal counts in one statement; returns the new counts of its signals."""
    items = sorted((signal, n) for signal, n in delta.items() if n)
    if not items:
        return {}
    table = MatchSignalStat._meta.db_table
    with connection.cursor() as cursor:
        # Rows are written in signal order so that concurrent imports lock them in the same order.
        cursor.execute(
            f"""INSERT INTO {table} (signal, claims)
                SELECT s, n FROM unnest(%s::varchar[], %s::int[]) AS d(s, n) ORDER BY s
                ON CONFLICT (signal) DO UPDATE SET claims = GREATEST({table}.claims + EXCLUDED.claims, 0)
                RETURNING signal, claims""",
            [[s for s, _ in items], [n for _, n in items]],
        )
        return dict(cursor.fetchall())


def rebuild_signal_stats() -> int:
    """Recount every signal from the claims (after bulk loads or deletions); returns the number of claims."""
    table = MatchSignalStat._meta.db_table
    claims = Claim._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} (signal, claims) "
            f"SELECT s, count(*) FROM {claims}, unnest(match_signals) AS s GROUP BY s"
        )
        cursor.execute(
            f"INSERT INTO {table} (signal, claims) SELECT %s, count(*) FROM {claims} WHERE match_signals <> '{{}}'",
            [TOTAL],
        )
        cursor.execute(f"SELECT claims FROM {table} WHERE signal = %s", [TOTAL])
        return cursor.fetchone()[0]


def _document_frequencies(signals: Iterable[str], known: dict[str, int] | None = None) -> dict[str, int]:
    """How many claims carry each signal (and TOTAL), one primary-key query for those not yet known."""
    known = known if known is not None else {}
    wanted = sorted({s for s in signals if s not in known} | ({TOTAL} - known.keys()))
    if wanted:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT signal, claims FROM {MatchSignalStat._meta.db_table} WHERE signal = ANY(%s::varchar(100)[])",
                [wanted],
            )
            known.update(cursor.fetchall())
        for signal in wanted:
            known.setdefault(signal, 0)
    return known


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
            norm = self._norms[key] = math.sqrt(math.fsum(self(s) ** 2 for s in key))
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
        shared = [s for s in a if s in set_b]
        if len(shared) < MIN_SHARED:
            return 0.0, shared
        set_a = frozenset(a)
        if self.conflict(set_a, set_b):
            return 0.0, shared
        denominator = self.norm(set_a) * self.norm(set_b)
        if not denominator:
            return 0.0, shared
        # fsum: the same score whatever the order of the signals (a set's or a claim's), so that ties
        # between identical signal sets (the mutual-best check) are ties.
        cosine = math.fsum(self(s) ** 2 for s in shared) / denominator
        evidence = math.fsum(self(s) for s in shared) / self.pair_weight
        return min(cosine, 1.0) * min(1.0, evidence / EVIDENCE_FULL), shared


# --- Candidates -------------------------------------------------------------------------------


@dataclass
class _Row:
    id: int
    article_id: int
    language: str
    group_id: int | None
    signals: frozenset[str]


def _lookup_signals(signals: list[str], df: dict[str, int]) -> tuple[list[str], list[tuple[str, str]]]:
    """How to look a claim's candidates up: its rarest signals, as long as the claims carrying them fit
    LOOKUP_BUDGET (any claim sharing one is read), and, when fewer than two are that rare, pairs of its
    next least common signals (only claims carrying both are read). Signals carried by a large share
    of all claims are left out."""
    known = sorted((s for s in signals if df.get(s, 0)), key=lambda s: (df[s], s))
    rare, rows = [], 0
    for signal in known:
        if rows + df[signal] > LOOKUP_BUDGET:
            break
        rare.append(signal)
        rows += df[signal]
    if len(rare) >= MIN_SHARED:
        # A claim sharing only less rare signals with this one, and none of these, would score low.
        return rare, []
    common_cap = max(COMMON_FLOOR, COMMON_SHARE * df.get(TOTAL, 0))
    rest = [s for s in known[len(rare) :] if df[s] <= common_cap][:PAIR_SIGNALS]
    pairs = [(a, b) for i, a in enumerate(rest) for b in rest[i + 1 :]]
    return rare, pairs


def _candidate_rows(batch: list[Claim], df: dict[str, int]) -> dict[int, list[_Row]]:
    """Claims in other articles that may match each claim of ``batch``, in one query on the GIN index:
    `&&` with the rare signals of the whole batch, and per pair of less rare signals `@>` both (each pair
    at most PAIR_LIMIT rows)."""
    exclude = sorted({c.article_id for c in batch})
    lookups = {c.pk: _lookup_signals(list(c.match_signals), df) for c in batch}
    union = sorted({s for rare, _ in lookups.values() for s in rare})
    pairs = sorted({pair for _, claim_pairs in lookups.values() for pair in claim_pairs})
    if not union and not pairs:
        return {claim.pk: [] for claim in batch}
    table, columns = Claim._meta.db_table, "id, article_id, language, group_id, match_signals"
    live = "NOT (article_id = ANY(%s)) AND triage <> %s"
    with connection.cursor() as cursor:
        # One index lookup per signal (a single `&&` over many signals was planned as a scan of every
        # claim), and only the rows that share MIN_SHARED signals with the batch leave the server: most
        # claims carrying one rare signal (a year, a place) share nothing else, and shipping them to
        # Python to find that out was most of the cost of an import. Python checks each claim's own.
        cursor.execute(
            f"""WITH found AS (
                    SELECT c.* FROM unnest(%s::varchar[]) AS u(s)
                    CROSS JOIN LATERAL (
                        SELECT {columns} FROM {table}
                        WHERE match_signals @> ARRAY[u.s]::varchar(100)[] AND {live} LIMIT %s
                    ) c
                    UNION ALL
                    SELECT c.* FROM unnest(%s::varchar[], %s::varchar[]) AS p(x, y)
                    CROSS JOIN LATERAL (
                        SELECT {columns} FROM {table}
                        WHERE match_signals @> ARRAY[p.x, p.y]::varchar(100)[] AND {live} LIMIT %s
                    ) c
                )
                SELECT DISTINCT ON (id) {columns} FROM found
                WHERE (SELECT count(*) FROM unnest(match_signals) AS x(s) WHERE x.s = ANY(%s::varchar(100)[])) >= %s""",
            [
                union,
                exclude,
                Claim.Triage.DISMISSED,
                LOOKUP_BUDGET,
                [x for x, _ in pairs],
                [y for _, y in pairs],
                exclude,
                Claim.Triage.DISMISSED,
                PAIR_LIMIT,
                sorted({s for c in batch for s in c.match_signals}),
                MIN_SHARED,
            ],
        )
        rows = {row[0]: _Row(*row[:4], frozenset(row[4])) for row in cursor.fetchall()}
    by_signal: dict[str, list[_Row]] = {}
    for row in rows.values():
        for signal in row.signals:
            by_signal.setdefault(signal, []).append(row)
    per_claim: dict[int, list[_Row]] = {}
    for claim in batch:
        rare, claim_pairs = lookups[claim.pk]
        found = {row.id: row for signal in rare for row in by_signal.get(signal, ())}
        for x, y in claim_pairs:
            for row in by_signal.get(x, ()):
                if y in row.signals:
                    found[row.id] = row
        per_claim[claim.pk] = list(found.values())
    return per_claim


_trgm_cache: dict[str, bool] = {}


def has_pg_trgm() -> bool:
    """Whether the database has pg_trgm installed (checked once per database per process)."""
    key = f"{connection.settings_dict.get('HOST')}/{connection.settings_dict.get('NAME')}"
    if key not in _trgm_cache:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trgm_cache[key] = cursor.fetchone() is not None
    return _trgm_cache[key]


def _python_similarities(pairs: list[tuple[int, int]], texts: dict[int, str]) -> dict[tuple[int, int], float]:
    """Character trigram similarity of each (claim, candidate) pair where the server has no pg_trgm:
    one query for the candidates' texts."""
    if not pairs:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, text FROM {Claim._meta.db_table} WHERE id = ANY(%s)",
            [sorted({b for _, b in pairs} - texts.keys())],
        )
        texts = {**texts, **dict(cursor.fetchall())}
    return {(a, b): trigram_similarity(texts[a], texts.get(b, "")) for a, b in pairs}


def _context(
    batch: list[Claim], candidates: list[_Row], df: dict[str, int], same_language: list[tuple[int, int]]
) -> tuple[dict[int, list[tuple[int, frozenset[str]]]], set[tuple[int, int]], dict[tuple[int, int], float]]:
    """One query for what scoring needs besides the candidates: the (id, signals) of every claim in the
    batch's articles, by article (for the mutual best match); the pairs among these claims that an
    editor already confirmed or rejected; the claim counts of the signals of the candidates and of the
    articles' claims not yet in ``df`` (added to it); and the text similarity (pg_trgm's) of the
    ``same_language`` (claim, candidate) pairs."""
    by_id = {c.pk: c for c in batch}
    ids = sorted(by_id.keys() | {row.id for row in candidates})
    articles = sorted({c.article_id for c in batch})
    wanted = sorted({s for row in candidates for s in row.signals if s not in df})
    claim, stat = Claim._meta.db_table, MatchSignalStat._meta.db_table
    in_sql = has_pg_trgm()
    similarities = (
        f"""UNION ALL
            SELECT 't', p.a, p.b, NULL, similarity(ca.text, cb.text) FROM unnest(%s::bigint[], %s::bigint[]) AS p(a, b)
            JOIN {claim} ca ON ca.id = p.a JOIN {claim} cb ON cb.id = p.b"""
        if in_sql
        else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT 's', id, article_id, match_signals, NULL::float8 FROM {claim}
                WHERE article_id = ANY(%s) AND triage <> %s
                UNION ALL
                SELECT 'd', claim_a_id, claim_b_id, NULL, NULL FROM {MatchSuggestion._meta.db_table}
                WHERE claim_a_id = ANY(%s) AND claim_b_id = ANY(%s) AND state <> %s
                UNION ALL
                SELECT 'f', NULL, st.claims, ARRAY[st.signal]::varchar(100)[], NULL FROM (
                    SELECT unnest(%s::varchar(100)[])
                    UNION SELECT unnest(match_signals) FROM {claim} WHERE article_id = ANY(%s) AND triage <> %s
                ) AS w(s)
                -- One primary-key probe per signal (`= ANY(<subquery array>)` was a scan of every count).
                CROSS JOIN LATERAL (SELECT signal, claims FROM {stat} WHERE signal = w.s LIMIT 1) st
                {similarities}""",
            [
                articles,
                Claim.Triage.DISMISSED,
                ids,
                ids,
                MatchSuggestion.State.SUGGESTED,
                wanted,
                articles,
                Claim.Triage.DISMISSED,
                *([[a for a, _ in same_language], [b for _, b in same_language]] if in_sql else []),
            ],
        )
        rows = cursor.fetchall()
    siblings: dict[int, list[tuple[int, frozenset[str]]]] = {}
    decided = set()
    similarity = {}
    for kind, first, second, signals, sim in rows:
        if kind == "d":
            decided.add((first, second))
        elif kind == "f":
            df.setdefault(signals[0], second)
        elif kind == "t":
            similarity[first, second] = sim
        else:
            # Claims of the batch carry the signals computed just now.
            signals = by_id[first].match_signals if first in by_id else signals
            siblings.setdefault(second, []).append((first, frozenset(signals)))
    if not in_sql:
        similarity = _python_similarities(same_language, {c.pk: c.text for c in batch})
    return siblings, decided, similarity


def _find(batch: list[Claim], known: dict[str, int] | None = None) -> dict[int, list[Candidate]]:
    """The ranked candidates of each claim of ``batch`` (signals already computed), nothing stored.
    ``known``: claim counts of signals already read (by the caller's update of the counts)."""
    batch = [c for c in batch if len(c.match_signals) >= MIN_SHARED]
    if not batch:
        return {}
    df = _document_frequencies((s for c in batch for s in c.match_signals), known)
    rows = _candidate_rows(batch, df)

    # First pass: keep the few candidates per claim with the most shared evidence (own-side weights).
    # A candidate stating other figures (the same company, place and year, another number) is another
    # fact: dropped here, before the text similarity and the mutual-best check are paid for it.
    weight = _Weights(df)
    shortlist: dict[int, list[_Row]] = {}
    for claim in batch:
        mine = frozenset(claim.match_signals)
        best = []
        for row in rows.get(claim.pk, ()):
            if claim.group_id and row.group_id == claim.group_id:
                continue
            shared = mine.intersection(row.signals)
            if len(shared) >= MIN_SHARED and not weight.conflict(mine, row.signals):
                best.append((sum(weight(s) for s in shared), row.id, row))
        best.sort(key=lambda item: (-item[0], item[1]))
        shortlist[claim.pk] = [row for _, _, row in best[:TOP_CANDIDATES]]
    candidate_ids = {row.id for rows_ in shortlist.values() for row in rows_}
    if not candidate_ids:
        return {claim.pk: [] for claim in batch}

    # The full weights of every signal involved: candidates' and the articles' other claims'.
    same_language = [
        (claim.pk, row.id)
        for claim in batch
        for row in shortlist[claim.pk]
        if claim.language == row.language and claim.language != "und"
    ]
    candidates = [row for rows_ in shortlist.values() for row in rows_]
    siblings, decided, similarity = _context(batch, candidates, df, same_language)
    weight = _Weights(df)

    best_fits: dict[tuple[int, int], list[tuple[float, int]]] = {}
    siblings_by_signal: dict[int, dict[str, list[int]]] = {}
    result: dict[int, list[Candidate]] = {}
    for claim in batch:
        candidates = []
        scores = {row.id: weight.score(claim.match_signals, row.signals) for row in shortlist[claim.pk]}
        for row in shortlist[claim.pk]:
            if (min(claim.pk, row.id), max(claim.pk, row.id)) in decided:
                continue
            base, shared = scores[row.id]
            if not base:
                continue
            candidate = Candidate(row.id, row.article_id, row.language, signal_score=base, shared=shared)
            candidate.similarity = similarity.get((claim.pk, row.id))
            candidate.score = base + (1 - base) * TRGM_WEIGHT * (candidate.similarity or 0.0)
            # Mutual best: no other claim of this article fits the candidate better, and no other
            # claim of the candidate's article fits this claim better.
            rival_here = _best_sibling(claim, row, siblings, weight, best_fits, siblings_by_signal)
            rival_there = max(
                (
                    scores[other.id][0]
                    for other in shortlist[claim.pk]
                    if other.article_id == row.article_id and other.id != row.id
                ),
                default=0.0,
            )
            candidate.mutual = base >= rival_here and base >= rival_there
            if not candidate.mutual:
                candidate.score *= NON_MUTUAL_FACTOR
            candidates.append(candidate)
        candidates.sort(key=lambda c: (-c.score, c.claim_id))
        result[claim.pk] = candidates
    return result


def _best_sibling(
    claim: Claim,
    row: _Row,
    siblings: dict[int, list[tuple[int, frozenset[str]]]],
    weight: _Weights,
    best_fits: dict[tuple[int, int], list[tuple[float, int]]],
    by_signal: dict[int, dict[str, list[int]]],
) -> float:
    """How well the best *other* claim of ``claim``'s article fits ``row``. The two best fits of each
    (article, row) are computed once, not once per claim of the article, and only for the claims of the
    article that share MIN_SHARED signals with ``row`` (any other scores 0): found through an index of
    the article's claims by signal (``by_signal``, built on first use)."""
    key = (claim.article_id, row.id)
    top = best_fits.get(key)
    if top is None:
        members = siblings.get(claim.article_id, ())
        index = by_signal.get(claim.article_id)
        if index is None:
            index = by_signal[claim.article_id] = {}
            for position, (_pk, signals) in enumerate(members):
                for signal in signals:
                    index.setdefault(signal, []).append(position)
        shared = Counter(position for signal in row.signals for position in index.get(signal, ()))
        fits = [
            (weight.score(members[position][1], row.signals)[0], members[position][0])
            for position, n in shared.items()
            if n >= MIN_SHARED
        ]
        top = best_fits[key] = sorted(fits, reverse=True)[:2]
    return max((score for score, pk in top if pk != claim.pk), default=0.0)


def find_candidates(claim: Claim, *, compute: bool = True) -> list[Candidate]:
    """The ranked candidates of one claim, nothing stored. With ``compute`` the signals come from its
    text (aliases included); otherwise from Claim.match_signals as stored."""
    if compute:
        claim.match_signals = compute_signals(claim.text, Aliases.for_texts([claim.text]), claim.language)
    else:
        claim.refresh_from_db(fields=["match_signals"])
    return _find([claim]).get(claim.pk, [])


def refresh_matches(claims: Claim | Iterable[Claim]) -> int:
    """Recompute the signals of ``claims`` and store their match suggestions; returns how many pairs
    are suggested for them now. Call it after creating or editing claims (a whole article's at once is
    cheapest). Pairs an editor confirmed or rejected are left as they are."""
    if isinstance(claims, Claim):
        claims = [claims]
    ids = [c.pk for c in claims]
    if not ids:
        return 0
    batch = list(
        Claim.objects.filter(pk__in=ids).only(
            "id", "article_id", "text", "language", "triage", "group_id", "match_signals"
        )
    )
    with transaction.atomic():
        store_signals(batch)
        live = [c for c in batch if c.triage != Claim.Triage.DISMISSED]
        found = _find(live)
        keep = _best_pairs(live, found)
        # Suggestions of these claims that are no longer found (after an edit, say) go away.
        pending = MatchSuggestion.objects.filter(state=MatchSuggestion.State.SUGGESTED)
        pending = pending.filter(claim_a__in=ids) | pending.filter(claim_b__in=ids)
        stale_ids = [pk for pk, a, b in pending.values_list("pk", "claim_a", "claim_b") if (a, b) not in keep]
        if stale_ids:
            MatchSuggestion.objects.filter(pk__in=stale_ids).delete()
        if keep:
            _upsert_suggestions(keep)
    return len(keep)


def _best_pairs(live: list[Claim], found: dict[int, list[Candidate]]) -> dict[tuple[int, int], Candidate]:
    """The pairs to suggest: each claim's best candidates above the threshold, a pair once."""
    threshold = settings.MATCH_THRESHOLD
    keep: dict[tuple[int, int], Candidate] = {}
    for claim in live:
        for candidate in [c for c in found.get(claim.pk, []) if c.score >= threshold][:MAX_SUGGESTIONS]:
            pair = (min(claim.pk, candidate.claim_id), max(claim.pk, candidate.claim_id))
            if pair not in keep or keep[pair].score < candidate.score:
                keep[pair] = candidate
    return keep


def signals_of_new_claims(texts: list[tuple[str, str]], aliases: Aliases | None = None) -> list[list[str]]:
    """The match signals of claims about to be created, from (text, language) pairs: one query for
    the aliases unless ``aliases`` (Aliases.every()) are given, and then none, so that it may run in
    another process. Store them with the claims (Claim.match_signals) and call match_new_claims after."""
    if not texts:
        return []
    if aliases is None:
        aliases = Aliases.for_texts(text for text, _ in texts)
    else:
        aliases = aliases.within(text for text, _ in texts)
    return [compute_signals(text, aliases, language) for text, language in texts]


def match_new_claims(claims: list[Claim]) -> int:
    """refresh_matches for claims just created with their signals (signals_of_new_claims): counts their
    signals and stores their suggestions, in a fixed number of queries whatever the number of claims,
    without writing the claims again. Returns how many pairs are suggested for them."""
    if not claims:
        return 0
    delta: Counter[str] = Counter(s for c in claims for s in set(c.match_signals or ()))
    delta[TOTAL] = sum(1 for c in claims if c.match_signals)
    # Inside the caller's transaction (an import's) without a savepoint of its own.
    with transaction.atomic(savepoint=False):
        df = _add_to_stats(delta)  # the counts of every signal of the batch, and TOTAL
        live = [c for c in claims if c.triage != Claim.Triage.DISMISSED]
        keep = _best_pairs(live, _find(live, df))
        if keep:
            _upsert_suggestions(keep)
    return len(keep)


def _upsert_suggestions(keep: dict[tuple[int, int], Candidate]) -> None:
    table = MatchSuggestion._meta.db_table
    pairs = sorted(keep)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (claim_a_id, claim_b_id, score, reasons, state, created_at)
                SELECT a, b, s, string_to_array(r, chr(31))::varchar(200)[], %s, %s
                FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::text[]) AS p(a, b, s, r)
                ON CONFLICT (claim_a_id, claim_b_id) DO UPDATE
                SET score = EXCLUDED.score, reasons = EXCLUDED.reasons
                WHERE {table}.state = %s""",
            [
                MatchSuggestion.State.SUGGESTED,
                now,
                [a for a, _ in pairs],
                [b for _, b in pairs],
                [round(keep[p].score, 4) for p in pairs],
                ["\x1f".join(keep[p].reasons()) for p in pairs],
                MatchSuggestion.State.SUGGESTED,
            ],
        )


# --- Aliases from confirmations ---------------------------------------------------------------


# A katakana word is taken for a name only if it is not a common word of its language (katakana also
# writes every loanword: ロボット, コスト): it may occur in at most this share of that language's claims
# (or in ALIAS_MIN_COUNT claims, whichever is more).
ALIAS_MAX_SHARE = 0.01
ALIAS_MIN_COUNT = 5


def learn_aliases(claim_a: Claim, claim_b: Claim) -> list[NameAlias]:
    """Grow the alias table from a confirmed pair written in two scripts, where it is unambiguous:
    exactly one Latin name of one claim is unexplained by the other, and the other (Japanese) claim
    has exactly one katakana word that no alias explains yet and that is rare in its language: they
    are the same name. Editors see what was learned and can remove it in the admin."""
    learned = []
    for latin_claim, other_claim in ((claim_a, claim_b), (claim_b, claim_a)):
        other_signals = set(
            compute_signals(other_claim.text, Aliases.for_texts([other_claim.text]), other_claim.language)
        )
        unexplained = [
            (word, folded)
            for word, folded in latin_names(latin_claim.text, latin_claim.language)
            if NAME + folded not in other_signals
        ]
        known = Aliases.for_texts([other_claim.text]).other
        katakana = sorted({w for w in _KATAKANA_WORD.findall(other_claim.text) if fold(w) not in known})
        if len(unexplained) == 1 and len(katakana) == 1 and _rare_in_language(katakana[0], other_claim.language):
            alias, created = NameAlias.objects.get_or_create(
                alias=katakana[0][:100], defaults={"canonical": unexplained[0][0][:100]}
            )
            if created:
                learned.append(alias)
    for alias in learned:
        apply_alias(alias)
    return learned


def _rare_in_language(word: str, language: str) -> bool:
    same_language = Claim.objects.filter(language=language)
    limit = max(ALIAS_MIN_COUNT, int(ALIAS_MAX_SHARE * same_language.count()))
    return same_language.filter(text__contains=word)[: limit + 1].count() <= limit


def apply_aliases_since(newest: int) -> int:
    """apply_alias for every alias learned after the one with id ``newest`` (a batch of imports that
    read Aliases.every() when it started calls this at its end); returns the claims recomputed."""
    return sum(apply_alias(alias) for alias in NameAlias.objects.filter(pk__gt=newest).order_by("pk"))


def apply_alias(alias: NameAlias) -> int:
    """Recompute the signals of the claims whose text contains a new alias (no matching is run)."""
    affected = list(Claim.objects.filter(text__icontains=alias.alias).only("id", "text", "language", "match_signals"))
    store_signals(affected)
    return len(affected)
