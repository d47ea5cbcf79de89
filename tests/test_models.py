import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Claim, ClaimEvent, Evidence, Verdict, VerdictRuleError
from tests.factories import link, make_article, make_claim, make_source

pytestmark = pytest.mark.django_db


def test_article_body_is_stored_nfc_and_hashed():
    decomposed = "Tie\u0302\u0301ng Vie\u0323\u0302t co\u0301 68 tri\u00eau ng\u01b0\u1eddi."
    article = make_article(body=decomposed)
    article.refresh_from_db()
    assert article.body == "Tiếng Việt có 68 triêu người."
    assert len(article.content_hash) == 64


def test_same_text_is_never_stored_twice_even_in_another_normal_form():
    make_article(body="Café prices rose 12% in 2025.")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(body="Cafe\u0301 prices rose 12% in 2025.")


def test_url_is_unique_only_when_present():
    make_article(url="https://news.example/a")
    make_article(url="")
    make_article(url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(url="https://news.example/a")
    assert Article.objects.filter(url="").count() == 2


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 2), (None, 4), (3, None)])
def test_span_check_constraint_refuses_bad_spans(start, end):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, text="x", span_start=start, span_end=end)


def test_free_claim_without_span_and_valid_span_are_accepted():
    article = make_article(body="0123456789")
    Claim.objects.create(article=article, text="free text")
    Claim.objects.create(article=article, text="234", span_start=2, span_end=5)
    assert article.claims.count() == 2


def test_one_claim_per_span_of_an_article():
    article = make_article(body="0123456789")
    Claim.objects.create(article=article, text="234", span_start=2, span_end=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, text="234", span_start=2, span_end=5)


def test_bulk_insert_stores_exactly_what_bulk_create_stores(editor):
    body = 'ราคา 5% "quoted" \\ back\\slash\n2024 년 السوق 12,5 %'

    def claims(article):
        return [
            Claim(
                article=article,
                text=body[:7],
                span_start=0,
                span_end=7,
                language="th",
                checkworthiness=0.75,
                reasons=["number: 5%", 'quote "x"'],
                origin=Claim.Origin.EXTRACTED,
                triage=Claim.Triage.CANDIDATE,
                match_signals=["#5%", "n:o'brien"],
            ),
            Claim(
                article=article, text=body[8:], claimant="Ông A, \\ 'B'", assignee=editor, reasons=[], review_by=None
            ),
            Claim(article=article, text="ar", language="ar", span_start=20, span_end=22, created_by=editor, version=3),
        ]

    def stored(article):
        ignored = {"id", "article", "created_at", "updated_at"}
        names = [f.attname for f in Claim._meta.concrete_fields if f.name not in ignored]
        return list(article.claims.order_by("text").values(*names))

    reference, inserted = make_article(body=body), make_article(body=body + " ")
    Claim.objects.bulk_create(claims(reference))
    new = Claim.objects.bulk_insert(claims(inserted))
    assert stored(inserted) == stored(reference)
    assert [Claim.objects.get(pk=c.pk).text for c in new] == [c.text for c in new]
    assert all(c.created_at and c.updated_at and not c._state.adding for c in new)
    assert Claim.objects.bulk_insert([]) == []


def test_bulk_insert_obeys_the_constraints():
    article = make_article(body="0123456789")
    Claim.objects.bulk_insert([Claim(article=article, text="234", span_start=2, span_end=5)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.bulk_insert([Claim(article=article, text="234", span_start=2, span_end=5)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.bulk_insert([Claim(article=article, text="x", span_start=4, span_end=None)])
    assert article.claims.count() == 1


def test_checkworthiness_must_be_in_unit_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(checkworthiness=1.5)


def test_source_url_unique_and_evidence_unique_per_claim_and_source(editor):
    claim = make_claim()
    source = make_source(url="https://stats.example/table")
    claim.link_source(source, stance=Evidence.Stance.SUPPORTS, editor=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(url="https://stats.example/table")
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.link_source(source, stance=Evidence.Stance.REFUTES, editor=editor)


def test_verdict_sets_claim_status_in_the_same_transaction(editor):
    claim = make_claim()
    link(claim, Evidence.Stance.SUPPORTS, editor)
    verdict = claim.record_verdict(status="verified", rationale="Matches the census table.", editor=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED
    assert claim.status_changed_at == verdict.created_at


def test_latest_verdict_wins_and_history_keeps_both(editor, other_editor):
    claim = make_claim()
    link(claim, Evidence.Stance.SUPPORTS, editor)
    link(claim, Evidence.Stance.REFUTES, editor)
    claim.record_verdict(status="verified", rationale="First reading.", editor=editor)
    claim.record_verdict(status="disputed", rationale="The ministry corrected it.", editor=other_editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED
    assert [v.status for v in claim.verdicts.all()] == ["disputed", "verified"]


@pytest.mark.parametrize(
    ("status", "stance", "message"),
    [
        ("verified", None, "supports"),
        ("verified", Evidence.Stance.REFUTES, "supports"),
        ("disputed", Evidence.Stance.SUPPORTS, "refutes"),
        ("disputed", Evidence.Stance.CONTEXT, "refutes"),
    ],
)
def test_verdict_rules_need_the_right_evidence(editor, status, stance, message):
    claim = make_claim()
    if stance:
        link(claim, stance, editor)
    with pytest.raises(VerdictRuleError) as excinfo:
        claim.record_verdict(status=status, rationale="Because.", editor=editor)
    assert message in str(excinfo.value)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNREVIEWED
    assert not Verdict.objects.exists()


def test_every_verdict_needs_a_rationale(editor):
    claim = make_claim()
    with pytest.raises(VerdictRuleError, match="rationale"):
        claim.record_verdict(status="outdated", rationale="   ", editor=editor)
    claim.record_verdict(status="outdated", rationale="The 2026 census replaced these figures.", editor=editor)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.OUTDATED


def test_verdicts_cannot_be_edited_or_deleted(editor):
    claim = make_claim()
    verdict = claim.record_verdict(status="outdated", rationale="Superseded.", editor=editor)
    verdict.rationale = "rewritten"
    with pytest.raises(PermissionError):
        verdict.save()
    with pytest.raises(PermissionError):
        verdict.delete()
    with pytest.raises(PermissionError):
        Verdict.objects.filter(pk=verdict.pk).update(rationale="rewritten")
    with pytest.raises(PermissionError):
        Verdict.objects.all().delete()
    verdict.refresh_from_db()
    assert verdict.rationale == "Superseded."


def test_claims_with_verdicts_cannot_be_deleted(editor):
    claim = make_claim()
    claim.record_verdict(status="outdated", rationale="Superseded.", editor=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.delete()


def test_stale_edit_is_refused_and_the_other_text_kept(editor, other_editor):
    from articles.models import StaleEditError

    claim = make_claim(text="Test article")
    loaded_version = claim.version
    claim.edit(text="Edited by the first editor", claimant="Ministry", expected_version=loaded_version, editor=editor)
    with pytest.raises(StaleEditError):
        claim.edit(text="Stale edit", claimant="", expected_version=loaded_version, editor=other_editor)
    claim.refresh_from_db()
    assert claim.text == "Edited by the first editor"
    assert claim.version == loaded_version + 1
    event = ClaimEvent.objects.get(claim=claim, kind=ClaimEvent.Kind.EDITED)
    assert event.details["old_text"] == "Test article"


def test_unlinking_evidence_is_recorded_in_history(editor):
    claim = make_claim()
    evidence = link(claim, Evidence.Stance.CONTEXT, editor, url="https://archive.example/x")
    claim.unlink_evidence(evidence, editor=editor)
    assert not claim.evidence.exists()
    removed = claim.events.get(kind=ClaimEvent.Kind.EVIDENCE_REMOVED)
    assert removed.details["url"] == "https://archive.example/x"
    assert removed.actor == editor


def test_due_for_review_lists_claims_past_their_review_date(editor):
    import datetime

    claim = make_claim()
    claim.record_verdict(
        status="outdated", rationale="Rankings move weekly.", editor=editor, review_by=datetime.date(2026, 1, 1)
    )
    fresh = make_claim()
    fresh.record_verdict(
        status="outdated", rationale="Rankings move weekly.", editor=editor, review_by=datetime.date(2099, 1, 1)
    )
    due = Claim.objects.due_for_review(today=datetime.date(2026, 6, 1))
    assert list(due) == [claim]


def test_roles_exist_with_the_right_permissions():
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="editors").permissions.values_list("codename", flat=True))
    viewers = set(Group.objects.get(name="viewers").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_claim", "add_verdict", "add_evidence", "delete_evidence"} <= editors
    assert "change_verdict" not in editors and "delete_verdict" not in editors
    assert viewers == {p for p in editors if p.startswith("view_")}
    assert all(p.startswith("view_") for p in viewers)
