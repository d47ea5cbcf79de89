"""The value types of the text package (re-exported by ``articles.text``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

UNDETERMINED = "und"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # body[start:end] == text, without surrounding whitespace


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    language: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Detection:
    language: str  # BCP 47 code such as 'th', 'km', 'ja', 'zh', 'vi', 'en', or 'und'
    confidence: float


@dataclass(frozen=True)
class Metadata:
    title: str
    published: datetime.date | None
    url: str
    # spans of the body that must never become claims, the metadata lines included
    boilerplate: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Analysis:
    detection: Detection
    metadata: Metadata
    sentences: tuple[Sentence, ...]
    candidates: tuple[Candidate, ...]
