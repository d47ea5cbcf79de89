"""The same claim in other articles and languages: match signals, candidate lookup and suggestions.

No model is downloaded: a claim is described by signals that survive translation (signals.py), names
and figures. Signals are stored in Claim.match_signals (a GIN-indexed array), so finding candidates is
one indexed query (`match_signals && ...`) that reads only claims sharing a *rare* signal of the new
claim. The rarity of each signal (how many claims carry it) is kept in MatchSignalStat (stats.py),
updated as signals change.

Scoring a pair (scoring.py): an IDF-weighted cosine over the signals (at least MIN_SHARED shared),
plus a character trigram similarity when both claims are in the same language (pg_trgm's similarity()
when the server has it, a Python equivalent otherwise); a pair that is not each claim's best match in
the other article is scaled down by NON_MUTUAL_FACTOR (candidates.py). A pair whose figures conflict
(both state a count, or both a percentage, and they share no figure but a year: the same company,
place and year, another number) is another fact and scores 0. Pairs scoring at least
settings.MATCH_THRESHOLD are stored as MatchSuggestion rows (suggestions.py), with the reasons an
editor reads on the claim page.

The modules, one concern each (each imports only those above it):
    signals.py      the signals of a text (pure)
    stats.py        MatchSignalStat: signal counts
    aliases.py      NameAlias: aliases in texts, stored signals, learning aliases from confirmations
    scoring.py      weights, conflicting figures, the score of a pair
    candidates.py   the candidate lookup and ranking
    suggestions.py  storing suggestions, confirming a pair

Entry points (all re-exported here):
    refresh_matches(claims)          after claims are created or edited (editor pages)
    signals_of_new_claims(texts)     the signals of claims about to be created (import: stored with them);
                                     with Aliases.every() no query, for a batch (import_paths), which
                                     calls apply_aliases_since(newest) at its end
    match_new_claims(claims)         after such claims are created: counts and suggestions, no rewrite
    find_candidates(claim)           the ranked candidates of one claim, nothing stored (benchmark)
    compute_signals(text, aliases)   the signals of a text (pure)
    confirm_suggestion(s, editor)    an editor confirms a pair: group it, learn aliases from it
    learn_aliases(claim_a, claim_b)  grow NameAlias from a confirmed pair in two scripts
    detect_translations(article)     links to the stored articles it translates (translations.py)
    align_with_translations(article, claims)
                                     claims added later (editor pages): aligned pairs become suggestions
    aligned_sentences(claim, links, claims)
                                     the claim's sentence in each translation, for its page (pure)
    rebuild_signal_stats()           recount MatchSignalStat from the claims (repair, bulk loads)
"""

from articles.matching.aliases import (
    ALIAS_MAX_SHARE,
    ALIAS_MIN_COUNT,
    Aliases,
    apply_alias,
    apply_aliases_since,
    learn_aliases,
    store_signals,
)
from articles.matching.alignment import align_with_translations, aligned_sentences
from articles.matching.candidates import (
    COMMON_FLOOR,
    COMMON_SHARE,
    LOOKUP_BUDGET,
    NON_MUTUAL_FACTOR,
    PAIR_LIMIT,
    PAIR_SIGNALS,
    TOP_CANDIDATES,
    TRGM_WEIGHT,
    find_candidates,
    has_pg_trgm,
)
from articles.matching.scoring import (
    EVIDENCE_FULL,
    FIGURE_FACTOR,
    MIN_SHARED,
    YEAR_FACTOR,
    Candidate,
    figures_conflict,
)
from articles.matching.signals import (
    FIGURE,
    LATIN_SOUND,
    MAX_SIGNALS,
    NAME,
    SOUND,
    TOTAL,
    compute_signals,
    figures,
    fold,
    is_sound,
    latin_names,
    trigram_similarity,
)
from articles.matching.stats import rebuild_signal_stats
from articles.matching.suggestions import (
    MAX_SUGGESTIONS,
    confirm_suggestion,
    match_new_claims,
    refresh_matches,
    signals_of_new_claims,
)
from articles.matching.translations import detect_translations

__all__ = [
    "ALIAS_MAX_SHARE",
    "ALIAS_MIN_COUNT",
    "COMMON_FLOOR",
    "COMMON_SHARE",
    "EVIDENCE_FULL",
    "FIGURE",
    "FIGURE_FACTOR",
    "LATIN_SOUND",
    "LOOKUP_BUDGET",
    "MAX_SIGNALS",
    "MAX_SUGGESTIONS",
    "MIN_SHARED",
    "NAME",
    "NON_MUTUAL_FACTOR",
    "PAIR_LIMIT",
    "PAIR_SIGNALS",
    "SOUND",
    "TOP_CANDIDATES",
    "TOTAL",
    "TRGM_WEIGHT",
    "YEAR_FACTOR",
    "Aliases",
    "Candidate",
    "align_with_translations",
    "aligned_sentences",
    "apply_alias",
    "apply_aliases_since",
    "compute_signals",
    "confirm_suggestion",
    "detect_translations",
    "figures",
    "figures_conflict",
    "find_candidates",
    "fold",
    "is_sound",
    "has_pg_trgm",
    "latin_names",
    "learn_aliases",
    "match_new_claims",
    "rebuild_signal_stats",
    "refresh_matches",
    "signals_of_new_claims",
    "store_signals",
    "trigram_similarity",
]
