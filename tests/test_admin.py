import pytest
from django.urls import reverse

from articles.models import (
    Article,
    Claim,
    ClaimEvent,
    ClaimGroup,
    Evidence,
    MatchSuggestion,
    NameAlias,
    Source,
    Verdict,
)
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db

MODELS = [Article, Claim, Source, Evidence, Verdict, ClaimEvent, ClaimGroup, MatchSuggestion, NameAlias]


@pytest.fixture
def one_of_each(editor):
    claim = make_claim()
    evidence = link(claim, Evidence.Stance.SUPPORTS, editor)
    verdict = claim.record_verdict(status="verified", rationale="Checked against the register.", editor=editor)
    other = make_claim()
    group = ClaimGroup.objects.create(created_by=editor)
    Claim.objects.filter(pk__in=[claim.pk, other.pk]).update(group=group)
    suggestion = MatchSuggestion.objects.create(claim_a=claim, claim_b=other, score=0.8, reasons=["2026"])
    alias = NameAlias.objects.create(alias="ディープシーク", canonical="deepseek")
    return {
        Article: claim.article,
        Claim: claim,
        Source: evidence.source,
        Evidence: evidence,
        Verdict: verdict,
        ClaimEvent: claim.events.first(),
        ClaimGroup: group,
        MatchSuggestion: suggestion,
        NameAlias: alias,
    }


def _url(model, action, *args):
    return reverse(f"admin:articles_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_load_for_an_admin(admin_client, one_of_each, model):
    obj = one_of_each[model]
    assert admin_client.get(_url(model, "changelist")).status_code == 200
    assert admin_client.get(_url(model, "changelist") + "?q=a").status_code == 200
    assert admin_client.get(_url(model, "change", obj.pk)).status_code == 200
    add = admin_client.get(_url(model, "add"))
    # History rows (ClaimEvent) are never added by hand; everything else can be.
    assert add.status_code == (403 if model is ClaimEvent else 200)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_is_refused_to_an_editor_who_is_not_staff(editor_client, one_of_each, model):
    response = editor_client.get(_url(model, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_claim_changelist_query_count_does_not_grow_with_rows(admin_client, editor, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(_url(Claim, "changelist")).status_code == 200
        return len(ctx.captured_queries)

    make_claim(assignee=editor)
    few = count_queries()
    for _ in range(15):
        make_claim(assignee=editor)
    assert count_queries() == few


def test_article_changelist_query_count_does_not_grow_with_rows(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(_url(Article, "changelist")).status_code == 200
        return len(ctx.captured_queries)

    make_claim()
    few = count_queries()
    for _ in range(10):
        make_claim()
    assert count_queries() == few


def test_admin_verdict_goes_through_the_editorial_rules(admin_client, editor):
    claim = make_claim()
    response = admin_client.post(
        _url(Verdict, "add"), {"claim": claim.pk, "status": "verified", "rationale": "Looks right."}
    )
    assert response.status_code == 200
    assert "needs at least one linked source that supports it" in response.content.decode()
    assert not Verdict.objects.exists()

    link(claim, Evidence.Stance.SUPPORTS, editor)
    response = admin_client.post(
        _url(Verdict, "add"), {"claim": claim.pk, "status": "verified", "rationale": "Matches the register."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "verified"
    assert claim.verdicts.get().editor.username == "admin"


def test_admin_cannot_change_or_delete_a_verdict(admin_client, editor):
    claim = make_claim()
    verdict = claim.record_verdict(status="outdated", rationale="Replaced by 2026 data.", editor=editor)
    admin_client.post(_url(Verdict, "change", verdict.pk), {"status": "verified", "rationale": "changed"})
    assert admin_client.post(_url(Verdict, "delete", verdict.pk), {"post": "yes"}).status_code == 403
    verdict.refresh_from_db()
    assert (verdict.status, verdict.rationale) == ("outdated", "Replaced by 2026 data.")


def test_claim_added_in_admin_gets_match_suggestions(admin_client):
    from articles import matching

    first = make_article("Lumora Robotics delivered 1,677 robots in 2025, three times more than in 2024.")
    matching.refresh_matches(make_claim(first, text=first.body))
    second = make_article("Bản tin: Lumora Robotics đã giao 1.677 robot trong năm 2025.", language="vi")
    response = admin_client.post(
        _url(Claim, "add"),
        {
            "article": second.pk,
            "text": "Lumora Robotics đã giao 1.677 robot trong năm 2025.",
            "language": "vi",
            "checkworthiness": "0.8",
            "origin": "editor",
            "triage": "accepted",
            **{
                f"{prefix}-{key}": "0"
                for prefix in ("evidence", "verdicts", "events")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Claim.objects.get(article=second)
    assert MatchSuggestion.objects.filter(claim_b=added).exists()
