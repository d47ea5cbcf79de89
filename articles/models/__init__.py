"""The app's models, split by concern; import them from here (``from articles.models import Claim``).

- ``core``: articles, claims, claim groups, sources, evidence, verdicts, claim history, match
  suggestions, match signal statistics and name aliases, with their QuerySets and domain rules.
- ``publishing``: published fact-checks (FactCheck, FactCheckEvent), rating labels, external reviews.
- ``jobs``: background work: batch imports (ImportBatch, ImportFile) and big exports (ClaimExportFile,
  ExportChunk).
- ``accounts``: a user's API tokens and preferences.
- ``translations``: translation links between articles.

The sub-modules import from ``.core`` (or one another), never from this package.
"""

from .core import (
    UNDETERMINED,
    Article,
    ArticleQuerySet,
    Claim,
    ClaimEvent,
    ClaimGroup,
    ClaimQuerySet,
    Evidence,
    MatchSignalStat,
    MatchSuggestion,
    MatchSuggestionQuerySet,
    NameAlias,
    Source,
    StaleEditError,
    Verdict,
    VerdictQuerySet,
    VerdictRuleError,
    content_hash,
    normalise_text,
)

# isort: split
# (core first: its models register before the others, as in the single models.py of old)
from .accounts import ApiToken, ApiTokenQuerySet, UserPreferences
from .jobs import ClaimExportFile, ExportChunk, ImportBatch, ImportFile
from .publishing import ExternalReview, FactCheck, FactCheckEvent, FactCheckQuerySet, RatingLabel
from .translations import TranslationLink, TranslationLinkQuerySet

__all__ = [
    "UNDETERMINED",
    "ApiToken",
    "ApiTokenQuerySet",
    "Article",
    "ArticleQuerySet",
    "Claim",
    "ClaimEvent",
    "ClaimExportFile",
    "ClaimGroup",
    "ClaimQuerySet",
    "Evidence",
    "ExportChunk",
    "ExternalReview",
    "FactCheck",
    "FactCheckEvent",
    "FactCheckQuerySet",
    "ImportBatch",
    "ImportFile",
    "MatchSignalStat",
    "MatchSuggestion",
    "MatchSuggestionQuerySet",
    "NameAlias",
    "RatingLabel",
    "Source",
    "StaleEditError",
    "TranslationLink",
    "TranslationLinkQuerySet",
    "UserPreferences",
    "Verdict",
    "VerdictQuerySet",
    "VerdictRuleError",
    "content_hash",
    "normalise_text",
]
