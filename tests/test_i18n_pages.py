"""Every page in every interface language; the language switch, the preference, dates and the CSV."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from articles.i18n import format_date
from articles.models import Claim, UserPreferences
from factcheck import catalogues
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # tests/conftest.py

LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
# Written for these tests: a Thai article, so that no text of the data looks like an English label.
BODY = "ฝนตกหนักที่เชียงใหม่ 120 มิลลิเมตรเมื่อวันจันทร์ กรมอุตุนิยมวิทยากล่าวว่าน้ำท่วมบ้าน 1,200 หลัง ฝนยังตกต่อไป"


@pytest.fixture
def world(editor):
    article = make_article(BODY, title="น้ำท่วมเชียงใหม่", language="th", publisher="ข่าวเหนือ")
    article.published = datetime.date(2026, 11, 24)
    article.save()
    claim = make_claim(article, "ฝนตกหนักที่เชียงใหม่ 120 มิลลิเมตรเมื่อวันจันทร์", language="th", assignee=editor)
    candidate = make_claim(
        article,
        "กรมอุตุนิยมวิทยากล่าวว่าน้ำท่วมบ้าน 1,200 หลัง",
        language="th",
        triage=Claim.Triage.CANDIDATE,
        checkworthiness=0.75,
        reasons=["number", "attribution"],
    )
    evidence = link(claim, editor=editor, title="รายงานกรมอุตุนิยมวิทยา")
    claim.record_verdict(status="verified", rationale="ตรงกับรายงาน", editor=editor, review_by=datetime.date(2026, 1, 5))
    from articles.models import ClaimExportFile, ImportBatch
    from articles.publishing import publish

    fact_check = publish(claim, headline="ฝนตกหนักที่เชียงใหม่", summary="ตรงกับรายงาน", editor=editor)
    batch = ImportBatch.objects.create(owner=editor, name="wire.zip")
    export = ClaimExportFile.objects.create(
        owner=editor, filename="claims.csv", base_url="http://testserver", state=ClaimExportFile.State.DONE
    )
    return {
        "article": article,
        "claim": claim,
        "candidate": candidate,
        "evidence": evidence,
        "fact_check": fact_check,
        "batch": batch,
        "export": export,
    }


def get_pages(world) -> dict[str, str]:
    """Every GET page of the URLconf outside the admin (the admin has its own test), by URL name."""
    ids = {"pk": world["claim"].pk, "evidence_pk": world["evidence"].pk}
    pages = {}

    def walk(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                # The admin has its own test; the JSON API's names and messages are English
                # identifiers by design (README, "JSON API").
                if entry.namespace not in {"admin", "api"}:
                    walk(entry.url_patterns)
            elif isinstance(entry, URLPattern) and entry.name:
                kwargs = {key: ids.get(key, world["claim"].pk) for key in entry.pattern.converters}
                if entry.name == "article_detail" or entry.name == "article_edit":
                    kwargs = {"pk": world["article"].pk}
                for prefix, key in (
                    ("factcheck_public", "fact_check"),
                    ("import_batch", "batch"),
                    ("claim_export_", "export"),
                ):
                    if entry.name.startswith(prefix) and "pk" in kwargs:
                        kwargs["pk"] = world[key].pk
                if "slug" in kwargs:
                    kwargs["slug"] = world["fact_check"].slug
                pages[entry.name] = reverse(entry.name, kwargs=kwargs)

    walk(get_resolver().url_patterns)
    return pages


class _Text(HTMLParser):
    """The visible text segments of a page and its title/aria-label/placeholder attributes."""

    def __init__(self):
        super().__init__()
        self.segments: set[str] = set()
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        for name, value in attrs:
            if name in {"title", "aria-label", "placeholder"} and value:
                self.segments.add(value.strip())

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.segments.add(" ".join(data.split()))


def segments(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    return parser.segments


def translated_msgids(language: str) -> set[str]:
    """English msgids (without placeholders) that the catalogue translates into something else."""
    po = polib.pofile(str(catalogues.LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    return {e.msgid for e in po if e.msgstr and e.msgstr != e.msgid and "%" not in e.msgid}


def render(client, url: str, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


# A page that answers GET with something other than a page: (status, what it is).
NOT_PAGES = {
    "logout": 405,  # POST only
    "set_language": 405,  # POST only
    "healthz": 200,  # plain text
    "claim_export": 200,  # CSV (tested below)
    "claim_export_download": 200,  # the CSV a job wrote
    "import_batch_status": 200,  # JSON for the progress bar
    "factcheck_public_bare": 301,  # redirects to the address with its slug
    "factcheck_feed_atom": 200,  # feeds and data feed: XML and JSON
    "factcheck_feed_rss": 200,
    "claimreview_feed": 200,
}


def test_every_page_renders_in_every_language_without_english_leftovers(world, client, admin_user):
    client.force_login(admin_user)  # sees every section: import, edit forms, verdict form, admin link
    checked = []
    for name, url in sorted(get_pages(world).items()):
        english = render(client, url, "en")
        expected = NOT_PAGES.get(name, 200)
        if name == "login":
            client.logout()
            english = render(client, url, "en")
        if english.status_code != 200 and name not in NOT_PAGES:
            # POST-only endpoints (writes) answer 405 in every language: not pages.
            assert english.status_code == 405, (name, english.status_code)
            continue
        assert english.status_code == expected, name
        if name in NOT_PAGES:
            continue
        english_text = segments(english.content.decode())
        for language in LANGUAGES:
            response = render(client, url, language)
            assert response.status_code == 200, (name, language)
            html = response.content.decode()
            # A published fact-check is in its claim's language, whatever the reader's interface.
            page_language = world["claim"].language if name == "factcheck_public" else language
            assert f'<html lang="{page_language}"' in html, (name, language)
            leftovers = (segments(html) & english_text) & translated_msgids(language)
            assert leftovers == set(), (name, language, leftovers)
        checked.append(name)
        if name == "login":
            client.force_login(admin_user)
    assert {"dashboard", "article_list", "article_detail", "claim_list", "claim_detail", "account", "login"} <= set(
        checked
    )
    assert {"import_articles", "article_edit"} <= set(checked)


def test_admin_follows_the_admin_users_language(client, admin_user):
    client.force_login(admin_user)
    english = render(client, reverse("admin:index"), "en").content.decode()
    thai = render(client, reverse("admin:index"), "th").content.decode()
    assert "Fact-checking" in english and 'lang="en"' in english
    assert "การตรวจสอบข้อเท็จจริง" in thai and 'lang="th"' in thai  # our app's name, from our catalogue
    assert "ข้อกล่าวอ้าง" in thai  # the model names (verbose_name_plural)


# --- The switch and the preference --------------------------------------------------------------


def test_switch_works_logged_out_on_the_login_page(client):
    page = client.get(reverse("login")).content.decode()
    assert 'id="language-switch"' in page and 'action="/i18n/setlang/"' in page
    response = client.post(reverse("set_language"), {"language": "th", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "th"
    page = client.get(reverse("login")).content.decode()
    assert "เข้าสู่ระบบ factcheck" in page and '<option value="th" lang="th" selected>' in page


def test_switch_logged_in_is_kept_as_the_preference_across_logins(client, editor):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "ja", "next": reverse("dashboard")})
    assert UserPreferences.objects.get(user=editor).language == "ja"
    assert "ダッシュボード" in client.get(reverse("dashboard")).content.decode()

    client.logout()
    client.cookies.clear()  # another browser, or the cookie expired
    response = client.post(reverse("login"), {"username": editor.username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    assert "ダッシュボード" in response.content.decode()


def test_account_page_saves_the_language(client, editor):
    url = reverse("account")
    assert client.get(url).status_code == 302  # login required
    client.force_login(editor)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert '<option value="" selected>' in page  # a new user follows the browser
    response = client.post(url, {"language": "vi"})
    assert response.status_code == 302
    assert UserPreferences.objects.get(user=editor).language == "vi"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    page = client.get(url).content.decode()
    assert "Tài khoản của bạn" in page and '<option value="vi" selected>' in page
    assert client.post(url, {"language": "xx"}).status_code == 400  # not a language of the settings
    assert UserPreferences.objects.get(user=editor).language == "vi"

    client.post(url, {"language": ""}, HTTP_ACCEPT_LANGUAGE="th,en;q=0.5")  # back to the browser's
    assert UserPreferences.objects.get(user=editor).language == ""
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "th"


def test_accept_language_is_the_default_for_a_new_user(client, editor):
    assert not UserPreferences.objects.filter(user=editor).exists()
    response = client.post(
        reverse("login"), {"username": editor.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="km", follow=True
    )
    page = response.content.decode()
    assert '<html lang="km"' in page and "ផ្ទាំងគ្រប់គ្រង" in page
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Bảng điều khiển" in page


# --- Dates, numbers, date input, the CSV -------------------------------------------------------


def test_dates_and_numbers_follow_the_language(world, editor_client):
    day = datetime.date(2026, 11, 24)
    with translation.override("th"):
        assert format_date(day) == "24 พ.ย. 2569"  # Buddhist era
    with translation.override("en"):
        assert format_date(day) == "2026-11-24"
    with translation.override("ja"):
        assert format_date(day) == "2026/11/24"
    with translation.override("vi"):
        assert format_date(day) == "24-11-2026"

    url = reverse("article_detail", args=[world["article"].pk])
    thai = render(editor_client, url, "th").content.decode()
    assert "24 พ.ย. 2569" in thai and "2026-11-24" not in thai
    assert "0.75" in thai  # Thai writes a decimal point
    vietnamese = render(editor_client, url, "vi").content.decode()
    assert "24-11-2026" in vietnamese and "0,75" in vietnamese  # Vietnamese a decimal comma
    # Machine-readable times stay ISO 8601 whatever the language.
    iso = timezone.localtime(world["article"].created_at).isoformat()[:19]
    listing = render(editor_client, reverse("article_list"), "vi").content.decode()
    assert f'datetime="{iso}' in listing
    # Stored reasons are identifiers, shown in the language.
    assert "ตัวเลข, การอ้างถึงแหล่งที่มา" in thai


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("th", "25/12/2569"),
        ("th", "25/12/2026"),
        ("th", "2026-12-25"),
        ("vi", "25/12/2026"),
        ("ja", "2026/12/25"),
        ("ja", "2026年12月25日"),
        ("km", "25/12/2026"),
        ("en", "2026-12-25"),
    ],
)
def test_date_inputs_accept_the_locale_format_and_iso(world, editor_client, language, typed):
    claim = world["claim"]
    link(claim, stance="supports", title="อีกแหล่ง", url="https://example.org/th-rain-2")
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = editor_client.post(
        reverse("claim_verdict", args=[claim.pk]), {"status": "verified", "rationale": "ok", "review_by": typed}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    claim.refresh_from_db()
    assert claim.review_by == datetime.date(2026, 12, 25)


def test_csv_header_and_values_stay_english_identifiers_under_a_thai_interface(world, editor_client):
    english = b"".join(render(editor_client, reverse("claim_export"), "en").streaming_content)
    thai_response = render(editor_client, reverse("claim_export"), "th")
    thai = b"".join(thai_response.streaming_content)
    assert thai == english
    header = thai.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.startswith("claim_id,claim_text,claim_language,claimant,status,status_date")
    assert ",verified," in thai.decode("utf-8-sig") and "2026-01-05" in thai.decode("utf-8-sig")
    assert re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", thai.decode("utf-8-sig"))
