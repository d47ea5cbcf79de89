"""benchmarks/bulk.py fills rows that obey the schema and the editorial rules, so benchmarks measure
data the app could have made (and a schema change that breaks the filler fails here, not in a bench)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from articles.models import Article, Claim, ClaimEvent, Evidence, Verdict
from benchmarks.bulk import LANGUAGES, fill
from tests.factories import make_article, make_claim


def test_fill_writes_consistent_multilingual_data(db):
    counts = fill(connection, 40, 400, seed=3, verdict_share=0.4)

    assert counts["articles"] == Article.objects.count() == 40
    assert counts["claims"] == Claim.objects.count() == 400
    assert counts["evidence"] == Evidence.objects.count() > 0
    assert counts["verdicts"] == Verdict.objects.count() > 0
    assert counts["events"] == ClaimEvent.objects.filter(kind=ClaimEvent.Kind.EVIDENCE_ADDED).count()
    assert set(Article.objects.values_list("language", flat=True)) <= set(LANGUAGES)
    assert Article.objects.values("language").distinct().count() >= 4

    for claim in Claim.objects.select_related("article"):
        if claim.span_start is not None:
            assert claim.article.body[claim.span_start : claim.span_end] == claim.text
        verdicts = list(claim.verdicts.all())  # newest first
        if not verdicts:
            assert claim.status == Claim.Status.UNREVIEWED
            continue
        # The claim's status, date and review-by are its latest verdict's, and the rules held.
        assert claim.triage == Claim.Triage.ACCEPTED
        assert (claim.status, claim.status_changed_at, claim.review_by) == (
            verdicts[0].status,
            verdicts[0].created_at,
            verdicts[0].review_by,
        )
        assert claim.verdict_problems(claim.status, verdicts[0].rationale) == []

    # Nothing happened in the future, nor before what it refers to.
    now = timezone.now()
    assert not Claim.objects.filter(Q(created_at__gt=now) | Q(status_changed_at__gt=now)).exists()
    assert not Verdict.objects.filter(Q(created_at__gt=now) | Q(created_at__lt=F("claim__created_at"))).exists()
    assert not Evidence.objects.filter(
        Q(created_at__lt=F("claim__created_at")) | Q(created_at__lt=F("source__created_at"))
    ).exists()

    stances = dict(Evidence.objects.values_list("stance").annotate(n=Count("id")))
    assert set(stances) == {"supports", "refutes", "context"}


def test_the_app_keeps_working_after_a_fill(db):
    fill(connection, 5, 30, seed=4)
    # Sequences were moved past the ids the filler chose.
    article = make_article("A sentence added after the bulk fill. Another one with 12 figures.")
    claim = make_claim(article)
    assert article.pk > 5
    assert claim.pk > 30
