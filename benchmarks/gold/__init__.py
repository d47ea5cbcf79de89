"""The multilingual gold set (issue 10): translated news stories with every sentence annotated.

Layout (all text written for this project, none copied from elsewhere):

    manifest.json                    the split ("dev" for tuning, "test" held out) of every story
                                     and unrelated article, and which story an unrelated one
                                     shares names with
    stories/<story>/<language>.txt   one story as translations of one another: en, th, km, ja, vi
                                     and one of ko/zh/ar; translators merge or split a sentence
                                     here and there and reorder a little, as real ones do
    unrelated/<name>.<language>.txt  an article about the same companies and people as a story,
                                     with other facts: no claim of it states a story's fact

Markup: every sentence (and every line of site furniture) of a file is wrapped in braces,

    {f3|Lumora was founded in 2021 ...}     a check-worthy fact, with its fact id; the sentences
                                            stating fact f3 of one story in every language share it
    {f5,f6|... merged sentence ...}         a translator's merge states two facts
    {f1|first half.} {f1|second half.}      a split: two sentences state one fact
    {-|The rise surprised developers.}      an ordinary sentence (or the title): neither required
                                            nor wrong as a candidate
    {~|Share on Facebook}                   site furniture (bylines, comment counts, share buttons,
                                            "read more", photo credits): never a candidate

Text outside braces is only whitespace (the loader checks), so the braces are also the gold
sentence boundaries (used for Thai segmentation, where spaces separate phrases and sentences
alike).  The loader strips the markup; offsets are into the stripped body, which is what
articles.importing stores (it only normalises to NFC, which the files already are).

    from benchmarks import gold
    for article in gold.articles(split="test"):
        article.body, article.language, article.story, article.spans
    gold.same_fact_pairs(split="test")      # the cross-language pairs a matcher should find
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FACT = "fact"
PLAIN = "plain"
FURNITURE = "furniture"
SPLITS = ("dev", "test")

_MARK = re.compile(r"\{([^|{}]+)\|([^{}]*)\}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # FACT, PLAIN or FURNITURE
    facts: tuple[str, ...]  # global fact ids "<story>:f3" (FACT only)


@dataclass(frozen=True)
class GoldArticle:
    key: str  # "s1-lumora-downloads/th" or "u1-lumora-singapore/en"
    story: str  # the story, or the unrelated article's own name
    language: str
    split: str
    translated: bool  # part of a story told in several languages (False: an unrelated article)
    body: str
    spans: tuple[Span, ...]

    @property
    def facts(self) -> tuple[Span, ...]:
        return tuple(s for s in self.spans if s.kind == FACT)

    @property
    def furniture(self) -> tuple[Span, ...]:
        return tuple(s for s in self.spans if s.kind == FURNITURE)

    def text(self, span: Span) -> str:
        return self.body[span.start : span.end]

    def boundaries(self) -> frozenset[int]:
        """Gold sentence ends (offsets into the body), furniture lines included."""
        return frozenset(s.end for s in self.spans)


def parse(marked: str, *, story: str, key: str = "?") -> tuple[str, tuple[Span, ...]]:
    """The body without markup and its spans; a ValueError names the file on malformed markup."""
    marked = unicodedata.normalize("NFC", marked)
    body: list[str] = []
    spans: list[Span] = []
    length = 0
    position = 0
    for match in _MARK.finditer(marked):
        between = marked[position : match.start()]
        if between.strip():
            raise ValueError(f"{key}: text outside braces: {between.strip()[:40]!r}")
        label, text = match.group(1).strip(), match.group(2)
        if not text.strip() or text != text.strip():
            raise ValueError(f"{key}: empty or padded sentence near {text[:40]!r}")
        if label == "-":
            kind, facts = PLAIN, ()
        elif label == "~":
            kind, facts = FURNITURE, ()
        else:
            ids = tuple(part.strip() for part in label.split(","))
            if not all(re.fullmatch(r"f\d+", part) for part in ids):
                raise ValueError(f"{key}: bad label {label!r}")
            kind, facts = FACT, tuple(f"{story}:{part}" for part in ids)
        body.append(between)
        length += len(between)
        spans.append(Span(length, length + len(text), kind, facts))
        body.append(text)
        length += len(text)
        position = match.end()
    rest = marked[position:]
    if rest.strip():
        raise ValueError(f"{key}: text outside braces: {rest.strip()[:40]!r}")
    return "".join(body).strip() + "\n", tuple(spans)


@functools.cache
def manifest() -> dict:
    return json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))


@functools.cache
def _all_articles() -> tuple[GoldArticle, ...]:
    found = []
    stories = manifest()["stories"]
    for story, info in stories.items():
        for path in sorted((ROOT / "stories" / story).glob("*.txt")):
            key = f"{story}/{path.stem}"
            body, spans = parse(path.read_text(encoding="utf-8"), story=story, key=key)
            found.append(GoldArticle(key, story, path.stem, info["split"], True, body, spans))
    for name, info in manifest()["unrelated"].items():
        paths = sorted((ROOT / "unrelated").glob(f"{name}.*.txt"))
        if len(paths) != 1:
            raise ValueError(f"unrelated/{name}: expected one file, found {len(paths)}")
        language = paths[0].name.split(".")[1]
        key = f"{name}/{language}"
        body, spans = parse(paths[0].read_text(encoding="utf-8"), story=name, key=key)
        found.append(GoldArticle(key, name, language, info["split"], False, body, spans))
    return tuple(found)


def articles(split: str | None = None, *, language: str | None = None) -> list[GoldArticle]:
    """Every gold article (stories and unrelated ones), of one split and language if given."""
    return [
        a
        for a in _all_articles()
        if (split is None or a.split == split) and (language is None or a.language == language)
    ]


def languages() -> list[str]:
    return sorted({a.language for a in _all_articles()})


@dataclass(frozen=True)
class FactPair:
    """Two sentences in different languages of one story stating one fact."""

    fact: str
    a: GoldArticle
    span_a: Span
    b: GoldArticle
    span_b: Span


def same_fact_pairs(split: str | None = None) -> list[FactPair]:
    """Every cross-language pair of sentences stating the same fact (a merged sentence pairs with
    each of the sentences it merges; a split fact pairs each half)."""
    by_fact: dict[str, list[tuple[GoldArticle, Span]]] = {}
    for article in articles(split):
        for span in article.facts:
            for fact in span.facts:
                by_fact.setdefault(fact, []).append((article, span))
    pairs = []
    for fact, sentences in by_fact.items():
        for (a, span_a), (b, span_b) in itertools.combinations(sentences, 2):
            if a.language != b.language:
                pairs.append(FactPair(fact, a, span_a, b, span_b))
    return pairs
