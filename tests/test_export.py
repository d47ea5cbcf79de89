"""Claims as CSV: the export button, the admin action and `export_claims` write the same file."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.export import BOM, COLUMNS, FORMULA_PREFIXES, ClaimExport, export_filename, neutralise
from articles.models import Claim, ClaimGroup, Evidence, MatchSuggestion, Verdict
from tests.factories import link, make_article, make_claim, make_source

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("claim_export")
HEADER = (
    "claim_id,claim_text,claim_language,claimant,status,status_date,verdict_editor,verdict_rationale,review_by,"
    "triage,checkworthiness,article_id,article_title,article_url,article_publisher,article_published,"
    "article_language,sources,supporting_sources,refuting_sources,source_count,claim_url,group_id,"
    "suggested_matches,previous_status"
)


def export_bytes(client, query: str = "") -> bytes:
    response = client.get(EXPORT_URL + query)
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    return b"".join(response.streaming_content)


def parse(data: bytes) -> list[dict[str, str]]:
    """Rows of an exported file as dicts, after checking the BOM, the header and the CRLF line ends."""
    assert data.startswith(BOM.encode("utf-8"))
    text = data.decode("utf-8")[1:]
    assert text.startswith(HEADER + "\r\n")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in rows)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def by_id(rows: list[dict[str, str]]) -> dict[int, dict[str, str]]:
    return {int(row["claim_id"]): row for row in rows}


def iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def verified(claim: Claim, editor, **fields) -> None:
    if not claim.evidence.filter(stance=Evidence.Stance.SUPPORTS).exists():
        link(claim, Evidence.Stance.SUPPORTS, editor)
    claim.record_verdict(status="verified", rationale=fields.pop("rationale", "Matches the record."), editor=editor)


def disputed(claim: Claim, editor, rationale: str = "The register says otherwise.") -> None:
    if not claim.evidence.filter(stance=Evidence.Stance.REFUTES).exists():
        link(claim, Evidence.Stance.REFUTES, editor)
    claim.record_verdict(status="disputed", rationale=rationale, editor=editor)


# --- Format -----------------------------------------------------------------------------------


def test_bom_header_crlf_and_file_name(viewer_client):
    make_claim(text="The bridge opened in 1932.\nIt carries 160,000 vehicles a day.")
    response = viewer_client.get(EXPORT_URL + "?status=disputed&language=th")
    data = b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="claims-{today}-status-disputed-language-th.csv"'
    assert data == BOM.encode("utf-8") + HEADER.encode("ascii") + b"\r\n"

    data = export_bytes(viewer_client)
    # The claim's own line break stays inside the quoted cell; records end with CRLF.
    assert b'"The bridge opened in 1932.\nIt carries 160,000 vehicles a day."' in data
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 2


def test_awkward_line_ends_and_quotes_inside_cells_round_trip(viewer_client):
    texts = [
        "Ends with a line break\n",
        "Ends with CRLF\r\n",
        'Ends with a quote: "record"',
        '"Quoted", with, commas',
        "",
        "Tabs\tinside\tare kept",
        "\\. alone is PostgreSQL's end-of-data marker",
    ]
    article = make_article()
    claims = [make_claim(article, f"Claim {n}") for n in range(len(texts))]
    for claim, text in zip(claims, texts, strict=True):
        Claim.objects.filter(pk=claim.pk).update(text=text)
    data = export_bytes(viewer_client)
    rows = parse(data)
    assert [row["claim_text"] for row in rows] == texts
    assert data.endswith(b"\r\n")


def test_one_row_per_matching_claim_and_no_other(viewer_client, editor):
    wanted = [make_claim(), make_claim()]
    for claim in wanted:
        disputed(claim, editor)
    verified(make_claim(), editor)
    make_claim()
    make_claim(make_article(language="th"), language="th")

    rows = parse(export_bytes(viewer_client, "?status=disputed"))
    assert [int(row["claim_id"]) for row in rows] == sorted(c.pk for c in wanted)
    assert {row["status"] for row in rows} == {"disputed"}

    all_rows = parse(export_bytes(viewer_client))
    assert [int(row["claim_id"]) for row in all_rows] == sorted(Claim.objects.values_list("pk", flat=True))
    thai = parse(export_bytes(viewer_client, "?language=th&o=-score"))
    assert [row["claim_language"] for row in thai] == ["th"]


@pytest.mark.parametrize(
    "query",
    ["?status=bogus", "?article=abc", "?created_after=2026-13-45", "?score_min=abc", "?language=%3DSUM(A1)"],
)
def test_an_invalid_filter_is_an_error_page_not_a_bigger_export(viewer_client, query):
    make_claim()
    response = viewer_client.get(EXPORT_URL + query)
    assert response.status_code == 400
    assert not response.streaming
    assert "claim_id" not in response.content.decode()
    assert "Some filters could not be used" in response.content.decode()


def test_every_column_for_zero_one_and_several_sources_and_verdicts(viewer_client, editor, other_editor):
    article = make_article(
        title="Port volumes in October",
        url="https://news.example.com/port-october",
        publisher="Harbour Daily",
        published=datetime.date(2026, 11, 20),
        language="en",
    )
    bare = make_claim(article, "The port handled 1.2 million containers.", checkworthiness=0.25)

    one = make_claim(article, text="Exports rose 12% in October.", claimant="Trade ministry", checkworthiness=0.75)
    one_source = link(one, Evidence.Stance.SUPPORTS, editor, url="https://stats.example.org/oct")
    one.record_verdict(
        status="verified",
        rationale="The statistics office table matches.",
        editor=editor,
        review_by=datetime.date(2027, 1, 31),
    )

    several = make_claim(article, text="Rice exports doubled since 2024.", claimant="The minister")
    s1 = link(several, Evidence.Stance.SUPPORTS, editor, url="https://a.example.org/rice")
    s2 = link(several, Evidence.Stance.REFUTES, editor, url="https://b.example.org/rice")
    s3 = link(several, Evidence.Stance.CONTEXT, editor, url="https://c.example.org/rice")
    s4 = link(several, Evidence.Stance.SUPPORTS, editor, url="https://d.example.org/rice")
    several.record_verdict(status="verified", rationale="First look: true.", editor=editor)
    several.record_verdict(status="disputed", rationale="The customs data disagree.", editor=other_editor)
    several.record_verdict(status="outdated", rationale="Newer figures were published.", editor=editor)
    for claim in (bare, one, several):
        claim.refresh_from_db()

    rows = by_id(parse(export_bytes(viewer_client)))
    assert set(rows) == {bare.pk, one.pk, several.pk}
    common = {
        "claim_language": "en",
        "triage": "accepted",
        "article_id": str(article.pk),
        "article_title": "Port volumes in October",
        "article_url": "https://news.example.com/port-october",
        "article_publisher": "Harbour Daily",
        "article_published": "2026-11-20",
        "article_language": "en",
        "group_id": "",
        "suggested_matches": "",
    }
    assert rows[bare.pk] == common | {
        "claim_id": str(bare.pk),
        "claim_text": "The port handled 1.2 million containers.",
        "claimant": "",
        "status": "unreviewed",
        "status_date": "",
        "verdict_editor": "",
        "verdict_rationale": "",
        "review_by": "",
        "checkworthiness": "0.25",
        "sources": "",
        "supporting_sources": "",
        "refuting_sources": "",
        "source_count": "0",
        "claim_url": f"http://testserver/claims/{bare.pk}/",
        "previous_status": "",
    }
    assert rows[one.pk] == common | {
        "claim_id": str(one.pk),
        "claim_text": "Exports rose 12% in October.",
        "claimant": "Trade ministry",
        "status": "verified",
        "status_date": iso(one.status_changed_at),
        "verdict_editor": "editor",
        "verdict_rationale": "The statistics office table matches.",
        "review_by": "2027-01-31",
        "checkworthiness": "0.75",
        "sources": f"supports: {one_source.source.url}",
        "supporting_sources": "https://stats.example.org/oct",
        "refuting_sources": "",
        "source_count": "1",
        "claim_url": f"http://testserver/claims/{one.pk}/",
        "previous_status": "unreviewed",
    }
    assert rows[several.pk] == common | {
        "claim_id": str(several.pk),
        "claim_text": "Rice exports doubled since 2024.",
        "claimant": "The minister",
        "status": "outdated",
        "status_date": iso(several.status_changed_at),
        "verdict_editor": "editor",
        "verdict_rationale": "Newer figures were published.",
        "review_by": "",
        "checkworthiness": "0",
        "sources": (
            f"supports: {s1.source.url} | refutes: {s2.source.url} | context: {s3.source.url} | "
            f"supports: {s4.source.url}"
        ),
        "supporting_sources": "https://a.example.org/rice | https://d.example.org/rice",
        "refuting_sources": "https://b.example.org/rice",
        "source_count": "4",
        "claim_url": f"http://testserver/claims/{several.pk}/",
        # What it was before it went out of date.
        "previous_status": "disputed",
    }


def test_group_and_suggested_matches_best_first_from_either_side(viewer_client, editor):
    w, x, y, z = (make_claim() for _ in range(4))
    group = ClaimGroup.objects.create(created_by=editor)
    Claim.objects.filter(pk__in=[w.pk, x.pk]).update(group=group)
    MatchSuggestion.objects.create(claim_a=w, claim_b=x, score=0.9)
    MatchSuggestion.objects.create(claim_a=x, claim_b=y, score=0.876)
    MatchSuggestion.objects.create(claim_a=x, claim_b=z, score=0.97, state=MatchSuggestion.State.REJECTED)
    MatchSuggestion.objects.create(claim_a=y, claim_b=z, score=0.5, state=MatchSuggestion.State.CONFIRMED)

    rows = by_id(parse(export_bytes(viewer_client)))
    assert rows[x.pk]["suggested_matches"] == f"{w.pk}:0.90 | {y.pk}:0.88"
    assert rows[w.pk]["suggested_matches"] == f"{x.pk}:0.90"
    assert rows[y.pk]["suggested_matches"] == f"{x.pk}:0.88"
    assert rows[z.pk]["suggested_matches"] == ""
    assert [rows[c.pk]["group_id"] for c in (w, x, y, z)] == [str(group.pk), str(group.pk), "", ""]

    # A dismissed candidate is out of play: its pairs are no longer suggestions, on either side.
    y.set_triage(Claim.Triage.DISMISSED, editor=editor)
    rows = by_id(parse(export_bytes(viewer_client)))
    assert rows[x.pk]["suggested_matches"] == f"{w.pk}:0.90"
    assert rows[y.pk]["suggested_matches"] == ""


MULTILINGUAL = {
    "th": 'กระทรวงพาณิชย์ระบุว่า การส่งออกข้าวเพิ่มขึ้น ๑๒% ในปี ๒๕๖๙, "สูงสุด" ในรอบสิบปี',
    "km": "ក្រសួងកសិកម្មបានប្រកាសថា ការនាំចេញអង្ករកើនឡើង ៣០ ភាគរយ ក្នុងឆ្នាំ ២០២៦។",
    "ja": "ディープシークは2025年1月に「R1」を公開し、\n利用者は1,677万人に達したと発表した。",
    "ar": "قالت الوزارة إن الصادرات ارتفعت بنسبة ٤٥٪ في عام ٢٠٢٦، وفق التقرير السنوي.",
}


def test_multilingual_text_round_trips_byte_for_byte(viewer_client):
    claims = {}
    for language, text in MULTILINGUAL.items():
        article = make_article(f"{text} Second sentence.", title=f"{text[:20]}", language=language)
        claims[language] = make_claim(article, text, claimant=text[:12])
    data = export_bytes(viewer_client)
    rows = by_id(parse(data))
    for language, text in MULTILINGUAL.items():
        row = rows[claims[language].pk]
        assert row["claim_text"] == text
        assert row["claim_text"].encode("utf-8") == text.encode("utf-8")
        assert row["claimant"] == text[:12]
        assert row["article_title"] == text[:20]
        assert row["claim_language"] == row["article_language"] == language
        assert text.replace('"', '""').encode("utf-8") in data


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=[f"U+{ord(p):04X}" for p in FORMULA_PREFIXES])
def test_every_formula_prefix_is_neutralised_in_every_text_column(viewer_client, editor, prefix):
    payload = f'{prefix}HYPERLINK("https://evil.example/","click")'
    article = make_article(title=payload, publisher=payload, language="th", url="")
    claim = make_claim(article, payload, claimant=payload)
    Claim.objects.filter(pk=claim.pk).update(language=f"{prefix}th")
    source = make_source(url=f"{prefix}cmd|' /C calc'!A0")
    claim.link_source(source, stance=Evidence.Stance.SUPPORTS, editor=editor)
    user = User.objects.create_user(username=f"{prefix}mallory", password="x")
    # Straight into the table: record_verdict() would strip the leading tab or carriage return.
    Verdict.objects.create(claim=claim, status="verified", rationale=payload, editor=user)

    [row] = parse(export_bytes(viewer_client))
    for column in ("claim_text", "claimant", "article_title", "article_publisher", "verdict_rationale"):
        assert row[column] == "'" + payload, column
    assert row["claim_language"] == f"'{prefix}th"
    assert row["verdict_editor"] == "'" + user.username  # create_user() folds full-width forms (NFKC)
    assert row["supporting_sources"] == f"'{source.url}"
    assert row["sources"] == f"supports: {source.url}"  # starts with the stance: nothing to evaluate
    assert neutralise(payload) == "'" + payload


def test_text_that_merely_contains_a_formula_sign_is_left_alone(viewer_client):
    claim = make_claim(text="Inflation was -0.3% = lowest since 2009 @ the central bank")
    Claim.objects.filter(pk=claim.pk).update(claimant=" =leading space is not a formula")
    [row] = parse(export_bytes(viewer_client))
    assert row["claim_text"] == "Inflation was -0.3% = lowest since 2009 @ the central bank"
    assert row["claimant"] == " =leading space is not a formula"
    assert neutralise("ok") == "ok" and neutralise("") == ""


def test_rows_cross_chunk_boundaries_intact():
    claims = [make_claim(text=f"Claim number {n}, with a comma") for n in range(10)]
    export = ClaimExport(Claim.objects.all(), base_url="https://factcheck.example", chunk_rows=3)
    chunks = list(export.stream())
    assert len(chunks) == 1 + 4  # header, then 3 + 3 + 3 + 1 rows
    assert export.rows == 10
    rows = parse(b"".join(chunks))
    assert [row["claim_text"] for row in rows] == [c.text for c in claims]
    assert rows[0]["claim_url"] == f"https://factcheck.example/claims/{claims[0].pk}/"


def test_a_client_leaving_mid_export_leaves_the_connection_usable():
    for n in range(12):
        make_claim(text=f"Claim {n} about the harbour")
    stream = ClaimExport(Claim.objects.all(), base_url="https://factcheck.example", chunk_rows=2).stream()
    next(stream), next(stream)  # the header and the first two rows, then the client goes away
    stream.close()
    assert Claim.objects.count() == 12
    assert len(parse(b"".join(ClaimExport(Claim.objects.all(), base_url="https://x.example").stream()))) == 12


# --- Three ways out, same rows ----------------------------------------------------------------


@pytest.fixture
def mixed_claims(editor, other_editor):
    thai = make_article(language="th")
    claims = [
        make_claim(),
        make_claim(thai, "ราคาข้าวสูงขึ้นร้อยละ 12", language="th"),
        make_claim(),
        make_claim(thai, "ผู้ส่งออกรายใหญ่ที่สุด 3 ราย", language="th"),
    ]
    disputed(claims[0], editor)
    disputed(claims[1], other_editor, rationale="ข้อมูลไม่ตรงกับรายงาน")
    verified(claims[2], editor)
    claims[3].assign(editor, editor=editor)
    return claims


def test_admin_action_gives_the_web_export_rows_for_the_same_filter(admin_client, mixed_claims):
    web = export_bytes(admin_client, "?status=disputed")
    changelist = reverse("admin:articles_claim_changelist")
    response = admin_client.post(
        changelist + "?status__exact=disputed",
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": [mixed_claims[0].pk]},
    )
    assert response.status_code == 200
    assert response.streaming
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="claims-{today}-status-exact-disputed-selected.csv"'
    )
    admin_data = b"".join(response.streaming_content)
    assert admin_data == web
    assert len(parse(admin_data)) == 2

    # Without "select all", only the ticked rows.
    picked = [mixed_claims[3].pk, mixed_claims[0].pk]
    response = admin_client.post(changelist, {"action": "export_csv", "index": "0", "_selected_action": picked})
    assert [int(r["claim_id"]) for r in parse(b"".join(response.streaming_content))] == sorted(picked)


def test_command_writes_the_web_export_for_the_same_filter(admin_client, mixed_claims, editor, settings, tmp_path):
    settings.SITE_URL = "http://testserver"
    cases = [
        (["--status", "disputed"], "?status=disputed"),
        (["--language", "th", "--assignee", "editor"], f"?language=th&assignee={editor.pk}"),
        (["--query", "status=disputed&language=th"], "?status=disputed&language=th"),
        (["--created-from", "2000-01-01", "--created-to", "2999-12-31"], "?created_after=2000-01-01"),
        (["--has-sources", "no"], "?has_sources=no"),
        (["--search", "ข้อมูล%"], "?q=%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5%25"),
        (["--search", "ราคาข้าว"], "?q=%E0%B8%A3%E0%B8%B2%E0%B8%84%E0%B8%B2%E0%B8%82%E0%B9%89%E0%B8%B2%E0%B8%A7"),
    ]
    for options, query in cases:
        web = export_bytes(admin_client, query)
        target = tmp_path / "claims.csv"
        out = io.StringIO()
        call_command("export_claims", *options, "--output", str(target), stdout=out)
        assert target.read_bytes() == web, options
        assert f"Exported {len(parse(web))} claim" in out.getvalue()

    out, err = io.StringIO(), io.StringIO()
    call_command("export_claims", "--status", "disputed", stdout=out, stderr=err)
    assert out.getvalue().encode("utf-8") == export_bytes(admin_client, "?status=disputed")
    assert err.getvalue() == "Exported 2 claims to standard output.\n"


def test_command_refuses_an_invalid_filter(mixed_claims, tmp_path):
    with pytest.raises(CommandError, match="status"):
        call_command("export_claims", "--status", "bogus", "--output", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="created"):
        call_command("export_claims", "--created-from", "yesterday", "--output", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()


# --- Access and scale -------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(EXPORT_URL + "?status=disputed")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["viewer", "editor", "admin_user"])
def test_viewers_editors_and_admins_may_export(client, request, role):
    make_claim()
    client.force_login(request.getfixturevalue(role))
    assert len(parse(export_bytes(client))) == 1


def test_a_user_without_a_role_may_not_export(client):
    make_claim()
    client.force_login(User.objects.create_user(username="nobody", password="x"))
    assert client.get(EXPORT_URL).status_code == 403


def _fill(count: int, editor) -> None:
    for _ in range(count):
        claim = make_claim()
        link(claim, Evidence.Stance.CONTEXT, editor)
        disputed(claim, editor)
        verified(claim, editor)


def test_query_count_does_not_grow_with_the_number_of_claims(viewer_client, editor, django_assert_num_queries):
    _fill(2, editor)
    first = list(Claim.objects.order_by("pk")[:2])
    MatchSuggestion.objects.create(claim_a=first[0], claim_b=first[1], score=0.7)
    with CaptureQueriesContext(connection) as two:
        assert len(parse(export_bytes(viewer_client))) == 2
    _fill(18, editor)
    with django_assert_num_queries(len(two.captured_queries)):
        rows = parse(export_bytes(viewer_client))
    assert len(rows) == 20
    assert all(row["source_count"] == "3" and row["previous_status"] == "disputed" for row in rows)
    assert sum("LATERAL" in q["sql"] for q in two.captured_queries) == 1


def test_file_names_say_what_the_file_holds():
    day = datetime.date(2026, 11, 24)
    assert export_filename({"status": "disputed"}, today=day) == "claims-2026-11-24-status-disputed.csv"
    assert export_filename({}, today=day) == "claims-2026-11-24.csv"
    assert (
        export_filename({"status": "", "language": "th", "o": "-score", "created_after": "2026-11-01"}, today=day)
        == "claims-2026-11-24-language-th-created_after-2026-11-01.csv"
    )
    assert export_filename({"q": "การส่งออก"}, today=day) == "claims-2026-11-24-q.csv"
    assert len(export_filename({"q": "x" * 1000}, today=day)) <= 184


def test_the_claims_list_links_to_the_export_of_its_filters(viewer_client):
    make_claim()
    page = viewer_client.get(reverse("claim_list") + "?status=unreviewed&language=en").content.decode()
    assert f'href="{EXPORT_URL}?status=unreviewed&amp;language=en"' in page
    rows = parse(export_bytes(viewer_client, "?status=unreviewed&language=en"))
    assert len(rows) == 1
    assert 'id="claim-export"' not in viewer_client.get(reverse("claim_list") + "?status=bogus").content.decode()
