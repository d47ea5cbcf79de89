"""Name aliases (DeepSeek = ディープシーク) and the stored signals that depend on them: which aliases
a text contains, recomputing stored claims' signals, and growing the table from confirmed pairs."""

# ruff: noqa: S608 - the SQL below names tables from model _meta; every value is a query parameter.
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from articles.matching.signals import _KATAKANA_WORD, _LATIN_WORD, NAME, TOTAL, compute_signals, fold, latin_names
from articles.matching.stats import _add_to_stats
from articles.models import Claim, NameAlias


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
