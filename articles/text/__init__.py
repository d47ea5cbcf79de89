"""Pure text processing for imported articles: language, metadata, sentences and
check-worthy claim candidates.  Plain Python: no Django, no database.

    analysis = analyse(body)            # or analyse(body, language="th") to keep an editor's choice
    analysis.detection.language         # 'th', 'km', 'ja', 'zh', 'vi', 'en', ... or 'und'
    analysis.candidates                 # spans to store as candidate claims
"""

from __future__ import annotations

import time

from .base import UNDETERMINED, Analysis, Candidate, Detection, Metadata, Sentence
from .checkworthiness import score_sentence
from .language import detect_language, sentence_language
from .metadata import extract_metadata
from .numbers import normalise_numbers
from .sentences import split_outside, split_sentences

__all__ = [
    "UNDETERMINED",
    "Analysis",
    "Candidate",
    "Detection",
    "Metadata",
    "Sentence",
    "analyse",
    "detect_language",
    "extract_metadata",
    "normalise_numbers",
    "score_sentence",
    "sentence_language",
    "split_sentences",
]

DEFAULT_THRESHOLD = 0.5


def analyse(
    body: str,
    *,
    language: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    timings: dict[str, float] | None = None,
) -> Analysis:
    """Everything the import needs from one article body.

    ``language`` is the editor's choice: when given it is kept and nothing is detected.
    Sentences never come from boilerplate (metadata lines, bylines, credits...), and
    the candidates are the sentences scoring at least ``threshold``, each with its own
    language (a quotation in English inside a Vietnamese article is English).

    ``timings``, when given, accumulates seconds per stage: 'language', 'sentences' (metadata
    included) and 'scoring' (per-sentence language included)."""
    started = time.perf_counter()
    detection = Detection(language, 1.0) if language else detect_language(body)
    started = _tick(timings, "language", started)
    metadata = extract_metadata(body)
    sentences = tuple(split_outside(body, metadata.boilerplate))
    started = _tick(timings, "sentences", started)
    candidates = []
    for sentence in sentences:
        score, reasons = score_sentence(sentence.text, detection.language)
        if score < threshold:
            continue
        candidates.append(
            Candidate(
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                language=sentence_language(sentence.text, detection.language),
                score=score,
                reasons=reasons,
            )
        )
    _tick(timings, "scoring", started)
    return Analysis(detection, metadata, sentences, tuple(candidates))


def _tick(timings: dict[str, float] | None, stage: str, since: float) -> float:
    now = time.perf_counter()
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + now - since
    return now
