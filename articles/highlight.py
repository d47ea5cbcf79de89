"""Cut an article's text into runs for display: plain text and claim spans (pure Python)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    claims: list = field(default_factory=list)  # the claims whose span covers this run, first-starting first

    @property
    def claim(self):
        return self.claims[0] if self.claims else None


def article_runs(body: str, claims) -> list[Run]:
    """The body as consecutive runs; a run is covered by the same claims from start to end.

    Overlapping spans are allowed (an editor may claim part of a candidate): each boundary
    starts a new run, and a run lists every claim that covers it.
    """
    spanned = [c for c in claims if c.span_start is not None and c.span_end is not None and c.span_end <= len(body)]
    bounds = {0, len(body)}
    for claim in spanned:
        bounds.update((claim.span_start, claim.span_end))
    ordered = sorted(bounds)
    spanned.sort(key=lambda c: (c.span_start, -c.span_end))
    runs = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        covering = [c for c in spanned if c.span_start <= start and end <= c.span_end]
        runs.append(Run(body[start:end], covering))
    return runs


@dataclass
class Context:
    before: str
    text: str
    after: str


def claim_context(body: str, start: int | None, end: int | None, width: int = 300) -> Context | None:
    """The claim's passage with up to `width` characters on each side (cut at a space if any)."""
    if start is None or end is None or end > len(body):
        return None
    before = body[max(0, start - width) : start]
    after = body[end : end + width]
    if start > width:
        cut = before.find(" ")
        before = "…" + (before[cut + 1 :] if 0 <= cut < width // 3 else before)
    if end + width < len(body):
        cut = after.rfind(" ")
        after = (after[:cut] if cut > width * 2 // 3 else after) + "…"
    return Context(before, body[start:end], after)
