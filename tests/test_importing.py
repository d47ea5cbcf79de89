"""The import pipeline: decoding, refusals, HTML, duplicates, one transaction per article, the
import_articles command and the import page."""

import io
import multiprocessing
import os
import threading
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles import importing, tasks
from articles.importing import DUPLICATE, FAILED, IMPORTED, import_bytes, import_paths, import_text
from articles.models import Article, Claim, ImportBatch

from .text import articles as samples

pytestmark = pytest.mark.django_db

ENGLISH = samples.ENGLISH
THAI = samples.THAI


def nothing_stored():
    return not Article.objects.exists() and not Claim.objects.exists()


# --- the pipeline -------------------------------------------------------------------------


def test_import_text_stores_article_and_candidate_claims(editor):
    result = import_text(samples.VIETNAMESE, user=editor)
    assert result.status == IMPORTED
    article = result.article
    assert article.language == "vi"
    assert article.language_source == Article.LanguageSource.DETECTED
    assert article.title == "Xuất khẩu gạo đạt kỷ lục"
    assert str(article.published) == "2024-03-15"
    assert article.url == "https://example.vn/xuat-khau-gao"
    assert article.imported_by == editor
    claims = list(article.claims.order_by("span_start"))
    assert len(claims) == result.candidates == 4
    for claim in claims:
        assert article.body[claim.span_start : claim.span_end] == claim.text
        assert claim.origin == Claim.Origin.EXTRACTED
        assert claim.triage == Claim.Triage.CANDIDATE
        assert 0.5 <= claim.checkworthiness <= 1.0
        assert claim.reasons
    assert [c.language for c in claims] == ["vi", "vi", "vi", "en"]


def test_fields_given_win_over_the_text_and_language_override_is_kept():
    result = import_text(
        ENGLISH, title="My title", url="https://example.org/port", publisher="Harbour Daily", language="en-GB"
    )
    article = result.article
    assert (article.title, article.url, article.publisher) == ("My title", "https://example.org/port", "Harbour Daily")
    assert article.language == "en-GB"
    assert article.language_source == Article.LanguageSource.EDITOR


def test_body_is_nfc_and_offsets_map_into_the_stored_body():
    decomposed = "Gia\u0301 va\u0300ng ta\u0306ng 5% vào năm 2024, Bộ Tài chính cho biết hôm thứ Hai."
    result = import_text(decomposed)
    article = Article.objects.get(pk=result.article.pk)
    assert article.body == "Giá vàng tăng 5% vào năm 2024, Bộ Tài chính cho biết hôm thứ Hai."
    claim = article.claims.get()
    assert article.body[claim.span_start : claim.span_end] == claim.text


def test_same_text_twice_is_a_duplicate_even_in_another_normal_form():
    first = import_text(ENGLISH)
    second = import_text(ENGLISH.replace("\n", "\r\n") + "\n\n")
    assert second.status == DUPLICATE
    assert second.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_same_url_is_a_duplicate():
    import_text("First version of the story, 12 people were there.", url="https://example.org/a")
    result = import_text("A changed version of the story, 13 people were there.", url="https://example.org/a")
    assert result.status == DUPLICATE
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "empty"),
        ("   \u3000\n".encode(), "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG image"),
        (b"\xff\xd8\xff\xe0" + b"JFIF", "JPEG image"),
        (b"PK\x03\x04" + b"\x14\x00" * 10, "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 8, "gzip archive"),
        (b"some text\x00with a NUL byte", "NUL bytes"),
        ("Le ministère a annoncé un programme pour les agriculteurs".encode("cp1252"), "encoding"),
        (b"<html><body><nav>Menu</nav><script>x()</script></body></html>", "empty"),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_stored(data, message):
    result = import_bytes(data, "story.bin")
    assert result.status == FAILED
    assert result.reason.startswith("story.bin: ")
    assert message in result.reason
    assert nothing_stored()


def test_too_large_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100
    result = import_bytes(b"word " * 30, "big.txt")
    assert result.status == FAILED
    assert "too large" in result.reason and "big.txt" in result.reason
    assert nothing_stored()


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("utf-16"),  # with its BOM
        lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
    ],
)
def test_unicode_encodings(encode):
    result = import_bytes(encode(THAI), "thai.txt")
    assert result.status == IMPORTED
    assert result.article.body == THAI.strip()
    assert result.article.language == "th"


@pytest.mark.parametrize(
    ("text", "encoding", "language"),
    [
        (samples.JAPANESE, "shift_jis", "ja"),
        (samples.CHINESE, "gb18030", "zh"),
        (samples.KOREAN, "euc-kr", "ko"),
        (THAI, "cp874", "th"),
    ],
)
def test_legacy_encodings_decoded_correctly(text, encoding, language):
    result = import_bytes(text.encode(encoding), "legacy.txt")
    assert result.status == IMPORTED, result.reason
    assert result.article.body == text.strip()
    assert result.article.language == language


def test_html_declared_charset_is_used():
    html = (
        '<html><head><meta charset="windows-1252"><title>T</title></head>'
        "<body><p>Le ministère a dit 12 %.</p></body></html>"
    )
    result = import_bytes(html.encode("cp1252"), "page.html")
    assert result.status == IMPORTED
    assert "ministère" in result.article.body


def test_html_text_extracted_without_scripts_styles_and_navigation():
    html = """<!doctype html><html><head><title>Harbour news</title><style>p{color:red}</style>
    <link rel="canonical" href="https://example.org/port-record">
    <meta property="article:published_time" content="2024-02-01T08:00:00Z"></head>
    <body><header>Site header</header><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Port traffic hits record</h1>
    <p>The port's director <b>said</b> 1,677 ships docked in 2023, up 9% from 2022.</p>
    <p>It was the busiest year since records began in 1950.<br>More ships are expected.</p>
    <script>track("view")</script><form><input name="q"></form></article>
    <aside>Most read</aside><footer>Copyright</footer></body></html>"""
    result = import_bytes(html.encode(), "port.html")
    article = result.article
    assert article.body == (
        "Port traffic hits record\n\n"
        "The port's director said 1,677 ships docked in 2023, up 9% from 2022.\n\n"
        "It was the busiest year since records began in 1950.\nMore ships are expected."
    )
    for dropped in ("Site header", "Home", "track", "color", "Most read", "Copyright"):
        assert dropped not in article.body
    assert article.title == "Port traffic hits record"
    assert article.url == "https://example.org/port-record"
    assert str(article.published) == "2024-02-01"
    assert article.claims.count() >= 1


def test_failure_while_storing_leaves_no_trace_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(THAI, encoding="utf-8")
    original = Claim.objects.bulk_insert
    calls = []

    def failing_once(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    with mock.patch.object(Claim.objects, "bulk_insert", side_effect=failing_once):
        summary = import_paths([tmp_path])
    assert (summary.imported, summary.failed) == (1, 1)
    assert summary.results[0].reason == f"{tmp_path / 'a.txt'}: could not be stored (RuntimeError: disk full)"
    assert Article.objects.get().language == "th"
    assert not Claim.objects.exclude(article__language="th").exists()


def test_failure_in_matching_rolls_back_the_article():
    with mock.patch.object(importing, "_refresh_matches", side_effect=RuntimeError("matching broke")):
        result = import_text(ENGLISH)
    assert result.status == FAILED and "matching broke" in result.reason
    assert nothing_stored()


def test_import_paths_recurses_and_a_second_run_changes_nothing(tmp_path):
    (tmp_path / "th").mkdir()
    (tmp_path / "th" / "rice.txt").write_text(THAI, encoding="utf-8")
    (tmp_path / "en.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden notes, 5 items.", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    first = import_paths([tmp_path])
    assert (first.imported, first.duplicates, first.failed) == (2, 0, 1)
    counts = (Article.objects.count(), Claim.objects.count())
    second = import_paths([tmp_path])
    assert (second.imported, second.duplicates, second.failed) == (0, 2, 1)
    assert (Article.objects.count(), Claim.objects.count()) == counts


def _folder_of_four_languages_and_an_image(tmp_path):
    texts = {"a.txt": ENGLISH, "c.txt": THAI, "d.txt": samples.KHMER, "e.txt": samples.VIETNAMESE}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return ["a.txt", "b.png", "c.txt", "d.txt", "e.txt"]


def _analysis_where(here=None, elsewhere=None):
    """articles.text.analyse patched to call ``here()`` first when it runs in this process and
    ``elsewhere()`` first when it runs in another (a forked child inherits the patch)."""
    importer, original = os.getpid(), importing.analyse

    def analyse(*args, **kwargs):
        then = here if os.getpid() == importer else elsewhere
        if then:
            then()
        return original(*args, **kwargs)

    return mock.patch.object(importing, "analyse", side_effect=analyse)


def _fail(message):
    def fail():
        raise AssertionError(message)

    return fail


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="processes are forked only on Linux")
def test_import_paths_analyses_in_another_process_and_reports_in_file_order(tmp_path):
    names = _folder_of_four_languages_and_an_image(tmp_path)
    timings = {}
    with _analysis_where(here=_fail("analysed in the importing process")):
        summary = import_paths([tmp_path], timings=timings)
    assert [Path(r.name).name for r in summary.results] == names
    assert [r.status for r in summary.results] == [IMPORTED, FAILED, IMPORTED, IMPORTED, IMPORTED]
    assert [r.language for r in summary.results if r.status == IMPORTED] == ["en", "th", "km", "vi"]
    # The stages timed in the other process are added to the caller's timings.
    assert {"read", "language", "sentences", "scoring", "database", "matching"} <= timings.keys()


def test_without_forked_processes_a_thread_analyses(tmp_path):
    names = _folder_of_four_languages_and_an_image(tmp_path)
    analysed_by = set()
    original = importing.analyse

    def recording(*args, **kwargs):
        analysed_by.add(threading.current_thread().name)
        return original(*args, **kwargs)

    with (
        mock.patch.object(importing.multiprocessing, "get_start_method", return_value="spawn"),
        mock.patch.object(importing, "analyse", side_effect=recording),
    ):
        summary = import_paths([tmp_path])
    assert [Path(r.name).name for r in summary.results] == names
    assert summary.imported == 4
    assert analysed_by and all(name.startswith("import-analysis") for name in analysed_by)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="processes are forked only on Linux")
def test_if_the_analysis_process_dies_the_import_goes_on(tmp_path):
    names = _folder_of_four_languages_and_an_image(tmp_path)
    # The analysis process is killed (out of memory, say) as it starts its first article.
    with _analysis_where(elsewhere=lambda: os._exit(9)):
        summary = import_paths([tmp_path])
    assert [Path(r.name).name for r in summary.results] == names
    assert summary.imported == 4
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "km", "th", "vi"]


DEEPSEEK_JA = (
    "ディープシーク、売上高が過去最高に\n\n"
    "ディープシークは2025年の売上高が120億円に達し、過去最高になったと発表した。"
    "同社によると、利用者は前年より45%増えた。"
)


def test_a_batch_reads_the_aliases_once_and_applies_those_learned_meanwhile(tmp_path):
    from articles.models import NameAlias

    NameAlias.objects.create(alias="ディープシーク", canonical="DeepSeek")
    (tmp_path / "1-ja.txt").write_text(DEEPSEEK_JA, encoding="utf-8")
    (tmp_path / "2-en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "3-ja.txt").write_text(DEEPSEEK_JA.replace("2025", "2026").replace("45%", "47%"), encoding="utf-8")

    def learn_after_the_first(result):
        # An editor confirms a pair while the batch runs: the last file is already being analysed.
        if result.name.endswith("1-ja.txt"):
            NameAlias.objects.create(alias="同社", canonical="DeepSeek")

    summary = import_paths([tmp_path], on_result=learn_after_the_first)
    assert summary.imported == 3
    for article in Article.objects.filter(language="ja"):
        first, second = article.claims.order_by("span_start")
        assert "n:deepseek" in first.match_signals  # the alias known when the batch started
        assert "n:deepseek" in second.match_signals  # 同社, learned meanwhile, applied at the end


def test_the_same_text_twice_in_one_batch_is_stored_once(tmp_path):
    for name in ("1.txt", "2.txt", "3.md"):
        (tmp_path / name).write_text(ENGLISH, encoding="utf-8")
    summary = import_paths([tmp_path])
    assert [r.status for r in summary.results] == [IMPORTED, DUPLICATE, DUPLICATE]
    assert {r.article.pk for r in summary.results} == {Article.objects.get().pk}


def test_a_failed_analysis_fails_its_file_only(tmp_path):
    for name, text in (("1.txt", ENGLISH), ("2.txt", THAI), ("3.txt", samples.KHMER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    original = importing.analyse

    def failing_on_thai(body, **kwargs):
        if body == importing.clean_text(THAI):
            raise MemoryError("out of memory")
        return original(body, **kwargs)

    with mock.patch.object(importing, "analyse", side_effect=failing_on_thai):
        summary = import_paths([tmp_path])
    assert [r.status for r in summary.results] == [IMPORTED, FAILED, IMPORTED]
    assert summary.results[1].reason == f"{tmp_path / '2.txt'}: could not be stored (MemoryError: out of memory)"
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "km"]


def test_matching_hook_is_called_with_the_new_claims():
    with mock.patch.object(importing, "_refresh_matches") as refresh:
        result = import_text(ENGLISH)
    (claims, _counts), _ = refresh.call_args
    assert {c.pk for c in claims} == set(result.article.claims.values_list("pk", flat=True))


# --- the command --------------------------------------------------------------------------


def test_command_summary_and_failures(tmp_path):
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(tmp_path), str(tmp_path / "missing.txt"), stdout=out)
    assert raised.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == "imported 1, duplicates 0, failed 2"
    assert lines[1:] == [f"{tmp_path / 'empty.txt'}: empty", f"{tmp_path / 'missing.txt'}: no such file"]


def test_command_succeeds_and_second_run_reports_duplicates(tmp_path):
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out)
    assert out.getvalue() == "imported 1, duplicates 0, failed 0\n"
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out)
    assert out.getvalue() == "imported 0, duplicates 1, failed 0\n"


def test_command_reads_standard_input():
    out = io.StringIO()
    call_command("import_articles", "-", stdin=io.BytesIO(samples.KHMER.encode()), stdout=out)
    assert out.getvalue().startswith("imported 1,")
    assert Article.objects.get().language == "km"


# --- the page -----------------------------------------------------------------------------


def test_page_requires_login(client):
    response = client.get(reverse("import_articles"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_viewer_is_forbidden(viewer_client):
    assert viewer_client.get(reverse("import_articles")).status_code == 403
    response = viewer_client.post(reverse("import_articles"), {"text": ENGLISH})
    assert response.status_code == 403
    assert nothing_stored()


def test_editor_sees_the_form(editor_client):
    response = editor_client.get(reverse("import_articles"))
    assert response.status_code == 200
    assert b'id="import-form"' in response.content


def test_paste_redirects_to_the_article(editor_client, editor):
    response = editor_client.post(
        reverse("import_articles"),
        {"text": THAI, "title": "", "url": "", "publisher": "Bangkok Desk", "published": "2024-03-02", "language": ""},
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article_detail", args=[article.pk])
    assert article.language == "th" and article.publisher == "Bangkok Desk"
    assert str(article.published) == "2024-03-02"
    assert article.imported_by == editor
    assert article.claims.count() == 3  # "benefited the most" is a candidate since issue 10


def test_paste_twice_goes_to_the_existing_article(editor_client):
    editor_client.post(reverse("import_articles"), {"text": ENGLISH})
    response = editor_client.post(reverse("import_articles"), {"text": ENGLISH}, follow=True)
    assert Article.objects.count() == 1
    assert b"Already imported" in response.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, b"Paste an article"),
        ({"text": "   \n  "}, b"Paste an article"),
        ({"text": ENGLISH, "language": "not a code!"}, b"language code"),
        ({"text": ENGLISH, "url": "not a url"}, b"valid URL"),
    ],
)
def test_invalid_form_is_shown_again(editor_client, data, message):
    response = editor_client.post(reverse("import_articles"), data)
    assert response.status_code == 400
    assert message in response.content
    assert nothing_stored()


def test_refused_paste_shows_the_reason(editor_client):
    response = editor_client.post(reverse("import_articles"), {"text": "<html><body><nav>Menu</nav></body></html>"})
    assert response.status_code == 400
    assert b"pasted text: empty" in response.content
    assert nothing_stored()


def test_upload_of_several_files_summarises(editor_client):
    files = [
        SimpleUploadedFile("a.txt", ENGLISH.encode()),
        SimpleUploadedFile("b.txt", samples.JAPANESE.encode("utf-16")),
        SimpleUploadedFile("c.png", b"\x89PNG\r\n\x1a\n\x00"),
    ]
    # Several files are a batch imported by a background job (tests/test_batches.py has the rest).
    response = editor_client.post(reverse("import_articles"), {"files": files})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert not Article.objects.exists()
    tasks.run_import_batch(batch.pk)
    content = editor_client.get(batch.get_absolute_url()).content.decode()
    assert '<strong id="batch-imported">2</strong>' in content
    assert '<strong id="batch-failed">1</strong>' in content
    assert "c.png: binary file (a PNG image), not text" in content
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "ja"]


def test_upload_of_one_file_goes_to_its_article(editor_client):
    response = editor_client.post(
        reverse("import_articles"), {"files": [SimpleUploadedFile("k.txt", samples.KHMER.encode())]}
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("article_detail", args=[article.pk])


# --- the demo data ------------------------------------------------------------------------


def test_demo_articles_import_in_their_languages_and_only_once():
    summary = importing.import_demo()
    assert (summary.imported, summary.duplicates, summary.failed) == (9, 0, 0), summary.results
    languages = sorted(Article.objects.values_list("language", flat=True))
    assert languages == ["ar", "en", "en", "ja", "km", "ko", "th", "vi", "zh"]
    # the same story in four languages carries the same figure, whatever the script
    story = Article.objects.filter(url__contains="mekong")
    assert story.count() == 4
    for article in story:
        assert article.claims.filter(text__regex=r"1[,.]677").exists(), article.language
    again = importing.import_demo()
    assert (again.imported, again.duplicates, again.failed) == (0, 9, 0)


def test_command_shows_a_progress_bar_only_on_a_terminal(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(THAI, encoding="utf-8")
    with mock.patch("tqdm.tqdm") as bar, mock.patch("sys.stderr.isatty", return_value=False):
        call_command("import_articles", str(tmp_path), stdout=io.StringIO())
    bar.assert_not_called()
    Article.objects.all().delete()
    with mock.patch("tqdm.tqdm") as bar, mock.patch("sys.stderr.isatty", return_value=True):
        call_command("import_articles", str(tmp_path), stdout=io.StringIO())
    assert bar.call_args.kwargs["total"] == 2
    assert bar.return_value.update.call_count == 2


def test_demo_story_in_four_languages_gets_match_suggestions():
    from articles.models import MatchSuggestion

    importing.import_demo()
    story = set(Claim.objects.filter(article__url__contains="mekong").values_list("pk", flat=True))
    pairs = MatchSuggestion.objects.filter(claim_a__in=story, claim_b__in=story)
    assert pairs.exists()


# --- queries and match signals ------------------------------------------------------------------


def _report(year: int, sentences: int) -> str:
    lines = [f"Harbour report {year}", ""]
    for i in range(sentences):
        lines.append(
            f"The Harbour Board of Port Ellis said {1200 + 37 * i:,} ships docked in {year}, "
            f"up {10 + i % 50}% from the year before."
        )
    return "\n\n".join(lines)


def test_an_import_runs_the_same_number_of_queries_whatever_its_number_of_claims(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A first article, so that the later ones have candidates to look up and score.
    import_text(_report(2023, 5))
    counts = []
    for year, sentences in ((2024, 3), (2025, 60)):
        with CaptureQueriesContext(connection) as queries:
            result = import_text(_report(year, sentences))
        assert result.status == IMPORTED
        counts.append((result.candidates, len(queries)))
    (few, few_queries), (many, many_queries) = counts
    assert few <= 3 and many >= 50
    assert many_queries <= few_queries
    with django_assert_max_num_queries(few_queries):
        import_text(_report(2026, 80))


def test_imported_claims_carry_their_match_signals_and_are_counted():
    from articles.models import MatchSignalStat

    result = import_text(_report(2024, 4))
    claims = list(result.article.claims.all())
    assert len(claims) == 4
    assert all({"n:harbour", "n:port", "#2024"} <= set(c.match_signals) for c in claims)
    counts = dict(MatchSignalStat.objects.values_list("signal", "claims"))
    assert counts["*"] == len(claims)
    assert counts["#2024"] == sum("#2024" in c.match_signals for c in claims)
