"""The API's claims list is the claims page's list; its verdicts and edits are the page's."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Claim, Evidence, Verdict
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db

# Every API request reads and writes its user's request history for throttling in the cache that
# all workers share (PostgreSQL, factcheck/cache.py): one SELECT, one upsert.
THROTTLE_QUERIES = 2


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()


@pytest.fixture
def claims(editor, other_editor):
    """Claims in four languages with varied scores, statuses, review dates, assignees and sources."""
    texts = [
        ("en", "The bridge cost 40 million dollars to build."),
        ("th", "สะพานนี้สร้างด้วยงบ 40 ล้านบาท"),
        ("ja", "橋の建設費は40億円だった。"),
        ("vi", "Cây cầu tốn 40 tỷ đồng để xây dựng."),
    ]
    made = []
    now = timezone.now()
    for i in range(12):
        language, text = texts[i % 4]
        article = make_article(f"{text} ({i})", title=f"Bridge {i}", language=language)
        claim = make_claim(
            article,
            f"{text} ({i})",
            checkworthiness=[0.2, 0.9, 0.55, 0.9][i % 4],
            triage=[Claim.Triage.ACCEPTED, Claim.Triage.CANDIDATE][i % 2],
            claimant=["Minister Lee", "", "Mayor Tanaka"][i % 3],
            assignee=[editor, None, other_editor][i % 3],
            review_by=(now + datetime.timedelta(days=i - 6)).date() if i % 3 else None,
            created_at=now - datetime.timedelta(hours=i // 2),  # ties: two claims per hour
        )
        if i % 4 == 0:
            link(claim, Evidence.Stance.SUPPORTS, editor)
            claim.record_verdict(
                status="verified", rationale="Budget records.", editor=[editor, other_editor][i % 8 // 4]
            )
        if i % 4 == 1:
            link(claim, Evidence.Stance.REFUTES, editor)
        made.append(claim)
    return made


QUERIES = [
    "",
    "status=verified",
    "language=th",
    "q=40",
    "q=minister",
    "triage=candidate",
    "has_sources=yes",
    "has_sources=no",
    "review_due=yes",
    "score_min=0.5&score_max=0.9",
    "assignee=none",
    "o=score",
    "o=-score",
    "o=review_by",
    "o=-review_by",
    "o=status_changed",
    "o=-status_changed",
    "o=created",
    "language=ja&o=-score",
    "created_after=2000-01-01&status_changed_before=2100-01-01",
]


def api_ids(client, query: str, page_size: int = 2) -> list[int]:
    """Every id of the API's list, following the cursor links page by page."""
    url = f"{reverse('api:claim_list')}?{query}&page_size={page_size}"
    ids = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        ids += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]
    return ids


@pytest.mark.parametrize("query", QUERIES)
def test_same_claims_in_the_same_order_as_the_claims_page(query, claims, editor, editor_client):
    page = editor_client.get(f"{reverse('claim_list')}?{query}")
    assert page.status_code == 200
    page_ids = [claim.pk for claim in page.context["page"].object_list]
    assert api_ids(editor_client, query) == page_ids
    assert api_ids(editor_client, query, page_size=5) == page_ids


def test_queries_with_ids_of_people(claims, editor, editor_client):
    for query in [f"assignee={editor.pk}", f"verdict_editor={editor.pk}"]:
        page = editor_client.get(f"{reverse('claim_list')}?{query}")
        assert api_ids(editor_client, query) == [c.pk for c in page.context["page"].object_list]
        assert api_ids(editor_client, query)


@pytest.mark.parametrize(
    "query",
    ["score_min=2", "score_min=0.9&score_max=0.1", "status=maybe", "language=not a code", "created_after=yesterday"],
)
def test_bad_filters_are_the_pages_errors_as_400(query, claims, editor_client):
    page = editor_client.get(f"{reverse('claim_list')}?{query}")
    expected = {
        ("non_field_errors" if field == "__all__" else field): list(errors)
        for field, errors in page.context["filter"].errors.items()
    }
    assert expected
    response = editor_client.get(f"{reverse('api:claim_list')}?{query}")
    assert response.status_code == 400
    assert response.json()["errors"] == expected


def _csv_rows(client) -> dict[int, dict[str, str]]:
    response = client.get(reverse("claim_export"))
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return {int(row["claim_id"]): row for row in csv.DictReader(io.StringIO(text, newline=""))}


VERDICT_COLUMNS = ("status", "verdict_editor", "verdict_rationale", "review_by", "previous_status", "source_count")


def test_a_verdict_through_the_api_equals_one_on_the_page(editor, editor_client):
    by_page = make_claim(make_article("Exports grew 12% in 2025, the ministry said."), "Exports grew 12% in 2025")
    by_api = make_claim(make_article("Las exportaciones crecieron un 12 % en 2025."), "Las exportaciones crecieron")
    for claim in (by_page, by_api):
        link(claim, Evidence.Stance.SUPPORTS, editor)
    verdict = {"status": "verified", "rationale": "  Customs figures confirm it.  ", "review_by": "2027-06-30"}
    page = editor_client.post(reverse("claim_verdict", args=[by_page.pk]), verdict)
    assert page.status_code == 302
    api = editor_client.post(reverse("api:verdict_create", args=[by_api.pk]), verdict, content_type="application/json")
    assert api.status_code == 201
    assert api.json()["rationale"] == "Customs figures confirm it."
    by_page.refresh_from_db()
    by_api.refresh_from_db()
    assert (
        (by_page.status, by_page.review_by)
        == (by_api.status, by_api.review_by)
        == ("verified", datetime.date(2027, 6, 30))
    )

    def history(claim):
        return list(claim.verdicts.values_list("status", "rationale", "review_by", "editor", "applied_from"))

    assert history(by_page) == history(by_api)
    assert [e.kind for e in by_page.events.all()] == [e.kind for e in by_api.events.all()]
    rows = _csv_rows(editor_client)
    assert [rows[by_page.pk][c] for c in VERDICT_COLUMNS] == [rows[by_api.pk][c] for c in VERDICT_COLUMNS]
    assert rows[by_api.pk]["status"] == "verified"
    detail = editor_client.get(reverse("api:claim_detail", args=[by_api.pk])).json()
    assert [v["rationale"] for v in detail["verdicts"]] == ["Customs figures confirm it."]
    assert detail["evidence"][0]["stance"] == "supports"


def test_verdict_rules_refuse_with_the_pages_messages(editor, editor_client):
    claim = make_claim(make_article("The dam holds 2 billion cubic metres."), "The dam holds 2 billion cubic metres")
    link(claim, Evidence.Stance.SUPPORTS, editor)
    verdict = {"status": "disputed", "rationale": "An engineer says less."}
    page = editor_client.post(reverse("claim_verdict", args=[claim.pk]), verdict)
    assert page.status_code == 400
    api = editor_client.post(reverse("api:verdict_create", args=[claim.pk]), verdict, content_type="application/json")
    assert api.status_code == 400
    message = "A disputed claim needs at least one linked source that refutes it."
    assert api.json() == {"detail": message, "errors": {"non_field_errors": [message]}}
    assert list(page.context["verdict_form"].non_field_errors()) == [message]
    assert not Verdict.objects.exists()
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


def test_a_stale_edit_answers_409_and_keeps_the_other_editors_text(editor, other_editor, editor_client):
    claim = make_claim(make_article("Turnout was 71 percent."), "Turnout was 71 percent.", claimant="Commission")
    url = reverse("api:claim_detail", args=[claim.pk])
    seen = editor_client.get(url).json()
    assert seen["version"] == 1
    claim.edit(text="Turnout was 71.2 percent.", claimant="Commission", expected_version=1, editor=other_editor)
    stale = editor_client.patch(
        url, {"text": "Turnout was 70 percent.", "version": seen["version"]}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Someone else changed this claim while you were editing it")
    assert stale.json()["text"] == "Turnout was 71.2 percent." and stale.json()["version"] == 2
    claim.refresh_from_db()
    assert claim.text == "Turnout was 71.2 percent."
    fresh = editor_client.patch(url, {"claimant": "Election commission", "version": 2}, content_type="application/json")
    assert fresh.status_code == 200, fresh.content
    assert (fresh.json()["text"], fresh.json()["claimant"], fresh.json()["version"]) == (
        "Turnout was 71.2 percent.",
        "Election commission",
        3,
    )
    missing = editor_client.patch(url, {"text": "x"}, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"version": ["The page was out of date: reload it and make your change again."]}


def test_confirm_and_reject_use_the_claim_pages_rules(editor, editor_client):
    from articles.models import MatchSuggestion

    a = make_claim(make_article("Prices rose 5% in May."), "Prices rose 5% in May.")
    b = make_claim(make_article("Giá tăng 5% trong tháng Năm."), "Giá tăng 5% trong tháng Năm.")
    suggestion = MatchSuggestion.objects.create(claim_a=a, claim_b=b, score=0.7)
    listed = editor_client.get(reverse("api:match_list", args=[a.pk])).json()
    assert [(s["id"], s["other"]["id"]) for s in listed] == [(suggestion.pk, b.pk)]
    rejected = editor_client.post(reverse("api:match_reject", args=[a.pk, suggestion.pk]))
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    again = editor_client.post(reverse("api:match_confirm", args=[b.pk, suggestion.pk]))
    assert again.status_code == 409
    assert again.json() == {"detail": "This pair was rejected by an editor; it stays rejected."}
    a.refresh_from_db()
    assert a.group_id is None
    assert editor_client.get(reverse("api:match_list", args=[a.pk])).json() == []


def _list_queries(client, django_assert_num_queries, n: int):
    with django_assert_num_queries(n):
        response = client.get(reverse("api:claim_list") + "?page_size=20")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("count", [2, 20])
def test_claims_list_queries_do_not_grow_with_the_page(count, editor, editor_client, django_assert_num_queries):
    for i in range(count):
        claim = make_claim(make_article(f"Claim number {i} says 3 things."), assignee=editor)
        link(claim, Evidence.Stance.SUPPORTS, editor)
    # The session, its user, the user's and the group's permissions (the role check), the page of
    # claims with their articles, assignees and group sizes; and the throttle's request history, read
    # and written in the cache that every worker shares (factcheck/cache.py).
    first = _list_queries(editor_client, django_assert_num_queries, 5 + THROTTLE_QUERIES)
    assert len(first["results"]) == min(count, 20)
    assert first["results"][0]["assignee"] == "editor"


@pytest.mark.parametrize("count", [2, 20])
def test_a_deep_cursor_page_costs_what_the_first_does(count, editor, editor_client, django_assert_num_queries):
    for i in range(count + 3):
        make_claim(make_article(f"Deep claim {i} counts 7 boats."))
    url = reverse("api:claim_list") + f"?page_size={count}"
    response = editor_client.get(url)
    with django_assert_num_queries(5 + THROTTLE_QUERIES):
        second = editor_client.get(response.json()["next"])
    assert len(second.json()["results"]) == min(count, 3)


def test_token_requests_cost_one_query_for_the_token(editor, client, django_assert_num_queries):
    from articles.models import ApiToken

    for i in range(5):
        make_claim(make_article(f"Token claim {i} has 9 words."))
    _, key = ApiToken.objects.issue(editor, "count")
    # The token with its user, the role's permissions (2), the throttle's history, the page.
    with django_assert_num_queries(4 + THROTTLE_QUERIES):
        response = client.get(reverse("api:claim_list"), headers={"Authorization": f"Token {key}"})
    assert len(response.json()["results"]) == 5
    detail_url = reverse("api:claim_detail", args=[Claim.objects.first().pk])
    # Token, permissions (2), the throttle's history, claim, evidence, verdicts, events.
    with django_assert_num_queries(7 + THROTTLE_QUERIES):
        assert client.get(detail_url, headers={"Authorization": f"Token {key}"}).status_code == 200


def test_the_lists_fast_claim_rows_equal_the_generic_serializer(claims, editor):
    from rest_framework import serializers

    from articles.api.serializers import ClaimSerializer
    from articles.filters import ClaimFilter

    rows = list(ClaimFilter({}).qs)
    assert any(r.assignee_id is None for r in rows) and any(r.review_by is None for r in rows)
    assert any(r.status_changed_at is not None for r in rows)
    for row in rows:
        serializer = ClaimSerializer(row)
        assert serializer.data == serializers.ModelSerializer.to_representation(serializer, row)
