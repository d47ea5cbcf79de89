"""Publishing fact-checks: access, the public page and its ClaimReview JSON-LD, history, feeds, queries."""

import datetime
import itertools
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses the app's own feeds in tests

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import publishing
from articles.models import Claim, ClaimGroup, Evidence, FactCheck, FactCheckEvent, RatingLabel
from tests.factories import link, make_article, make_claim

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
_urls = itertools.count(1)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def verdicted(editor, *, status="verified", language="en", text=None, body=None, review_by=None, **article):
    article.setdefault("url", f"https://news.example.com/{language}/{next(_urls)}")
    article_obj = make_article(body, language=language, **article)
    claim = make_claim(article_obj, text, claimant="Minister Dara")
    stance = Evidence.Stance.SUPPORTS if status == "verified" else Evidence.Stance.REFUTES
    link(claim, stance=stance, editor=editor, title="Statistics office table", publisher="Statistics Office")
    claim.record_verdict(status=status, rationale="The office's table gives 42.", editor=editor, review_by=review_by)
    return claim


def publish(claim, editor, **fields):
    fields.setdefault("headline", "Did 42 people attend the council meeting?")
    fields.setdefault("summary", "Yes: the minutes list 42 names.")
    return publishing.publish(claim, editor=editor, **fields)


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the app's own feed, in a test


def ld(response) -> dict:
    blocks = JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


# --- Access ---------------------------------------------------------------------------------


def test_editor_publishes_from_the_publish_page(editor_client, editor):
    claim = verdicted(editor)
    url = reverse("claim_publish", args=[claim.pk])
    assert 'id="claim-publish-link"' in editor_client.get(claim.get_absolute_url()).content.decode()
    page = editor_client.get(url)
    assert page.status_code == 200 and 'id="publish-form"' in page.content.decode()
    response = editor_client.post(
        url, {"headline": "Did 42 people come?", "summary": "Yes, 42 did.", "rating_label": ""}
    )
    assert response.status_code == 302
    fact_check = FactCheck.objects.get(claim=claim)
    assert fact_check.slug == "did-42-people-come" and fact_check.published_by == editor
    assert list(fact_check.events.values_list("kind", flat=True)) == [FactCheckEvent.Kind.PUBLISHED]
    page = editor_client.get(url).content.decode()
    assert fact_check.get_absolute_url() in page and 'id="unpublish-submit"' in page
    # The claim page shows where it is published, with no query more (select_related).
    assert 'id="claim-public-url"' in editor_client.get(claim.get_absolute_url()).content.decode()


def test_viewer_and_anonymous_cannot_publish(client, viewer_client, editor):
    claim = verdicted(editor)
    url = reverse("claim_publish", args=[claim.pk])
    data = {"headline": "H", "summary": "S"}
    assert viewer_client.get(url).status_code == 200  # the state and history, without the form
    assert 'id="publish-form"' not in viewer_client.get(url).content.decode()
    assert viewer_client.post(url, data).status_code == 403
    publish(claim, editor)
    assert viewer_client.post(reverse("claim_unpublish", args=[claim.pk])).status_code == 403
    anonymous = Client()
    response = anonymous.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert anonymous.post(reverse("claim_unpublish", args=[claim.pk])).status_code == 302
    assert FactCheck.objects.get().events.count() == 1 and FactCheck.objects.get().is_public


def test_anonymous_reads_public_page_and_feeds(editor):
    fact_check = publish(verdicted(editor), editor)
    anonymous = Client()
    for url in [
        fact_check.get_absolute_url(),
        reverse("factcheck_index"),
        reverse("factcheck_feed_atom"),
        reverse("factcheck_feed_rss"),
        reverse("claimreview_feed"),
    ]:
        assert anonymous.get(url).status_code == 200, url


def test_unreviewed_claim_cannot_be_published(editor_client):
    claim = make_claim()
    response = editor_client.post(reverse("claim_publish", args=[claim.pk]), {"headline": "H", "summary": "S"})
    assert response.status_code == 400
    assert "Record a verdict before publishing" in response.content.decode()
    assert not FactCheck.objects.exists()


def test_blank_headline_is_refused_with_the_form(editor_client, editor):
    claim = verdicted(editor)
    response = editor_client.post(reverse("claim_publish", args=[claim.pk]), {"headline": " ", "summary": "S"})
    assert response.status_code == 400 and not FactCheck.objects.exists()


# --- The public page and its JSON-LD --------------------------------------------------------


def test_public_page_json_ld_has_every_required_property(client, editor, settings):
    settings.FACTCHECK_ORGANISATION = "Mekong Fact Desk"
    claim = verdicted(editor, review_by=datetime.date(2030, 1, 31), publisher="River Daily")
    fact_check = publish(claim, editor)
    response = Client().get(fact_check.get_absolute_url())
    assert response.status_code == 200
    data = ld(response)
    # Google's fact-check documentation: claimReviewed, reviewRating (with alternateName) and url are
    # required; author, datePublished, itemReviewed (a Claim with appearance and author) recommended.
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["url"] == "http://testserver" + fact_check.get_absolute_url()
    rating = data["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "True"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (5, 5, 1)
    assert data["author"] == {
        "@type": "Organization",
        "name": "Mekong Fact Desk",
        "url": settings.FACTCHECK_ORGANISATION_URL,
    }
    assert datetime.date.fromisoformat(data["datePublished"]) == fact_check.published_at.date()
    datetime.datetime.fromisoformat(data["dateModified"])
    assert data["inLanguage"] == "en" and data["expires"] == "2030-01-31"
    item = data["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": "Minister Dara"}
    assert [a["url"] for a in item["appearance"]] == [claim.article.url]
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    for shown in [claim.text, "Minister Dara", "The office&#x27;s table gives 42.", "Statistics office table"]:
        assert shown in html
    assert "supports the claim" in html and "River Daily" in html  # the source's stance, the article's publisher
    assert claim.article.url in html


def test_wrong_slug_redirects_and_bare_id_too(client, editor):
    fact_check = publish(verdicted(editor), editor)
    for url in [f"/fact-checks/{fact_check.pk}-wrong-slug/", f"/fact-checks/{fact_check.pk}/"]:
        response = Client().get(url)
        assert response.status_code == 301 and response["Location"] == fact_check.get_absolute_url()
    assert Client().get(f"/fact-checks/{fact_check.pk + 1}-x/").status_code == 404


def test_arabic_page_is_right_to_left_with_its_labels(editor):
    body = "قال الوزير إن 42 شخصا حضروا الاجتماع في دبي. وأضاف أن العدد ارتفع."
    claim = verdicted(
        editor, status="disputed", language="ar", body=body, text="قال الوزير إن 42 شخصا حضروا الاجتماع في دبي"
    )
    fact_check = publish(claim, editor, headline="هل حضر الجميع؟")
    assert fact_check.slug == "fact-check"  # nothing ASCII in the headline: the id carries the URL
    response = Client().get(fact_check.get_absolute_url())
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    data = ld(response)
    assert data["reviewRating"]["alternateName"] == "خطأ" and data["reviewRating"]["ratingValue"] == 1
    assert data["inLanguage"] == "ar"


def test_default_labels_exist_for_the_newsroom_languages():
    for language in ["en", "th", "vi", "ja", "km"]:
        assert set(RatingLabel.objects.filter(language=language).values_list("status", flat=True)) == {
            "verified",
            "disputed",
            "outdated",
        }


def test_admin_edited_label_and_region_fallback(editor):
    RatingLabel.objects.filter(language="th", status="verified").update(label="ถูกต้อง")
    body = "รัฐมนตรีกล่าวว่ามีผู้เข้าร่วม 42 คน ในการประชุมที่กรุงเทพ"
    claim = verdicted(editor, language="th-TH", body=body, text=body)
    fact_check = publish(claim, editor, headline="มีผู้เข้าร่วม 42 คนจริงหรือ")
    assert ld(Client().get(fact_check.get_absolute_url()))["reviewRating"]["alternateName"] == "ถูกต้อง"


def test_later_verdict_updates_the_page_rating_and_date_modified(editor):
    claim = verdicted(editor)
    fact_check = publish(claim, editor, rating_label="Accurate")
    first = ld(Client().get(fact_check.get_absolute_url()))
    assert first["reviewRating"]["alternateName"] == "Accurate"
    link(claim, stance=Evidence.Stance.REFUTES, editor=editor, title="Corrected minutes")
    claim.record_verdict(status="outdated", rationale="The minutes were corrected to 40.", editor=editor)
    response = Client().get(fact_check.get_absolute_url())
    later = ld(response)
    # The editor's label was written for "verified": the new status shows its own default label.
    assert later["reviewRating"]["alternateName"] == "Outdated" and later["reviewRating"]["ratingValue"] == 3
    assert later["dateModified"] > first["dateModified"]
    assert later["datePublished"] == first["datePublished"]
    html = response.content.decode()
    assert 'id="fc-outdated"' in html and "The minutes were corrected to 40." in html


def test_unpublish_hides_the_page_and_keeps_the_history(editor_client, editor):
    claim = verdicted(editor)
    fact_check = publish(claim, editor)
    url = fact_check.get_absolute_url()
    assert editor_client.post(reverse("claim_unpublish", args=[claim.pk])).status_code == 302
    assert Client().get(url).status_code == 404
    assert editor_client.get(url).status_code == 404  # editors too: the public page is withdrawn
    feed = json.loads(Client().get(reverse("claimreview_feed")).content)
    assert feed["dataFeedElement"] == []
    kinds = list(FactCheck.objects.get().events.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds == ["published", "unpublished"]
    page = editor_client.get(reverse("claim_publish", args=[claim.pk])).content.decode()
    assert 'id="unpublished-note"' in page and "Unpublished by editor" in page
    publish(claim, editor, headline="Did 42 people attend the council meeting?")
    assert Client().get(url).status_code == 200  # published again at the same address
    assert FactCheck.objects.get().events.count() == 3


def test_group_fact_check_lists_every_article(editor):
    claim = verdicted(editor)
    group = ClaimGroup.objects.create(created_by=editor)
    vi_article = make_article(
        "Bộ trưởng cho biết 42 người đã tham dự cuộc họp. Thêm nữa.", language="vi", url="https://tin.example.vn/42"
    )
    other = make_claim(vi_article, "Bộ trưởng cho biết 42 người đã tham dự cuộc họp")
    for member in [claim, other]:
        member.group = group
        member.save(update_fields=["group"])
    claim.refresh_from_db()
    fact_check = publish(claim, editor, whole_group=True)
    response = Client().get(fact_check.get_absolute_url())
    urls = [a["url"] for a in ld(response)["itemReviewed"]["appearance"]]
    assert urls == [claim.article.url, "https://tin.example.vn/42"]
    assert "Bộ trưởng cho biết 42 người" in response.content.decode()
    # A second fact-check for the same group is refused.
    with pytest.raises(publishing.PublishError):
        publish(other, editor, whole_group=True)


# --- Hostile text ---------------------------------------------------------------------------

HOSTILE = 'Mayor said 42 </script><script>alert("x")</script> <!-- & <b>bold</b> \u2028'


def test_hostile_text_cannot_break_out_of_the_page_or_the_json_ld(editor):
    body = HOSTILE + ". More text follows here."
    claim = verdicted(editor, body=body, text=HOSTILE)
    fact_check = publish(claim, editor, headline='</script><img src=x onerror="alert(1)">', summary="<i>sum</i>")
    html = Client().get(fact_check.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    assert "<i>sum</i>" not in html and "&lt;i&gt;sum&lt;/i&gt;" in html
    assert html.count("</script>") == 1  # only the JSON-LD element's own end
    data = json.loads(JSON_LD.findall(html)[0])
    assert data["claimReviewed"] == HOSTILE and data["headline"] == '</script><img src=x onerror="alert(1)">'
    assert "<script" not in html.split('<script type="application/ld+json">')[0]  # no other script


# --- Feeds ----------------------------------------------------------------------------------


def _three_languages(editor):
    en = publish(verdicted(editor), editor)
    th_body = "รัฐมนตรีกล่าวว่ามีผู้เข้าร่วม 42 คน ในการประชุม"
    th = publish(verdicted(editor, language="th", body=th_body, text=th_body), editor, headline="ข่าวไทย")
    ja_body = "大臣は会議に42人が出席したと述べた"
    ja = publish(
        verdicted(editor, status="disputed", language="ja", body=ja_body, text=ja_body), editor, headline="日本"
    )
    return en, th, ja


def test_atom_and_rss_feeds_parse_and_filter_by_language(editor):
    en, th, ja = _three_languages(editor)
    atom = parse_xml(Client().get(reverse("factcheck_feed_atom")).content)
    entries = atom.findall(f"{ATOM}entry")
    assert {e.find(f"{ATOM}title").text for e in entries} == {en.headline, th.headline, ja.headline}
    assert all(e.find(f"{ATOM}updated").text for e in entries)
    response = Client().get(reverse("factcheck_feed_atom") + "?language=th")
    atom = parse_xml(response.content)
    entries = atom.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["ข่าวไทย"]
    link_el = entries[0].find(f"{ATOM}link")
    assert link_el.get("href") == "http://testserver" + th.get_absolute_url()
    assert "จริง" in entries[0].find(f"{ATOM}summary").text  # the Thai label of "verified"
    rss = parse_xml(Client().get(reverse("factcheck_feed_rss") + "?language=ja").content)
    assert [i.find("title").text for i in rss.iter("item")] == ["日本"]
    assert Client().get(reverse("factcheck_feed_atom") + "?language=<x>").status_code == 400


def test_claimreview_data_feed_lists_every_published_review(editor):
    en, th, ja = _three_languages(editor)
    publishing.unpublish(ja, editor=editor)
    feed = json.loads(Client().get(reverse("claimreview_feed")).content)
    assert feed["@type"] == "DataFeed" and feed["@context"] == "https://schema.org"
    reviews = [item for element in feed["dataFeedElement"] for item in element["item"]]
    assert {r["url"].removeprefix("http://testserver") for r in reviews} == {
        en.get_absolute_url(),
        th.get_absolute_url(),
    }
    assert all(r["@type"] == "ClaimReview" and r["reviewRating"]["alternateName"] for r in reviews)
    only_th = json.loads(Client().get(reverse("claimreview_feed") + "?language=th").content)
    assert [e["item"][0]["inLanguage"] for e in only_th["dataFeedElement"]] == ["th"]
    bad = Client().get(reverse("claimreview_feed") + "?language=x%20y")
    assert bad.status_code == 400 and "language" in bad.json()["error"]


# --- Queries --------------------------------------------------------------------------------


def _queries(url: str) -> int:
    anonymous = Client()
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get(url).status_code == 200
    return len(queries)


def _grouped_fact_check(editor, n: int):
    claim = verdicted(editor)
    group = ClaimGroup.objects.create()
    claim.group = group
    claim.save(update_fields=["group"])
    for _ in range(n):
        member = make_claim(make_article(url=f"https://news.example.com/member-{next(_urls)}"))
        member.group = group
        member.save(update_fields=["group"])
        link(member, stance=Evidence.Stance.CONTEXT, editor=editor)
    claim.refresh_from_db()
    return publish(claim, editor, whole_group=True)


def test_public_page_queries_do_not_grow(editor):
    small = _queries(_grouped_fact_check(editor, 2).get_absolute_url())
    large = _queries(_grouped_fact_check(editor, 12).get_absolute_url())
    assert small == large <= 6, (small, large)


@pytest.mark.parametrize("name", ["factcheck_feed_atom", "factcheck_feed_rss", "claimreview_feed", "factcheck_index"])
def test_feed_queries_do_not_grow(name, editor):
    _grouped_fact_check(editor, 2)
    small = _queries(reverse(name))
    for _ in range(8):
        _grouped_fact_check(editor, 3)
    large = _queries(reverse(name))
    assert small == large <= 5, (small, large)


# --- Django admin ---------------------------------------------------------------------------


def test_admin_edits_rating_labels_and_reads_fact_checks(admin_client, editor):
    fact_check = publish(verdicted(editor), editor)
    label = RatingLabel.objects.get(language="en", status="verified")
    response = admin_client.post(
        reverse("admin:articles_ratinglabel_change", args=[label.pk]),
        {"status": "verified", "language": "en", "label": "Correct", "name": "checked"},
    )
    assert response.status_code == 302
    assert ld(Client().get(fact_check.get_absolute_url()))["reviewRating"]["alternateName"] == "Correct"
    duplicate = admin_client.post(
        reverse("admin:articles_ratinglabel_add"), {"status": "verified", "language": "en", "label": "Twice"}
    )
    assert duplicate.status_code == 200 and RatingLabel.objects.filter(language="en", status="verified").count() == 1
    page = admin_client.get(reverse("admin:articles_factcheck_change", args=[fact_check.pk]))
    assert page.status_code == 200 and "Published" in page.content.decode()  # read only, with its events
    assert admin_client.get(reverse("admin:articles_factcheck_add")).status_code == 403
    assert admin_client.get(reverse("admin:articles_externalreview_changelist")).status_code == 200


def test_hostile_headline_in_the_feeds(editor):
    publish(verdicted(editor), editor, headline="</title><script>x</script> & more", summary="<b>s</b>")
    atom = parse_xml(Client().get(reverse("factcheck_feed_atom")).content)
    entry = atom.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "</title><script>x</script> & more"
    assert entry.find(f"{ATOM}summary").text == "True: <b>s</b>"  # text, escaped in the XML
    feed = json.loads(Client().get(reverse("claimreview_feed")).content)
    assert feed["dataFeedElement"][0]["item"][0]["headline"] == "</title><script>x</script> & more"


def test_head_requests_are_answered(editor):
    fact_check = publish(verdicted(editor), editor)
    assert Client().head(fact_check.get_absolute_url()).status_code == 200
    assert Client().head(reverse("factcheck_feed_atom")).status_code == 200


def test_data_feed_answers_conditional_gets(editor):
    claim = verdicted(editor)
    publish(claim, editor)
    url = reverse("claimreview_feed")
    first = Client().get(url)
    last_modified = first["Last-Modified"]
    assert Client().get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # A later verdict changes the feed: the next poll gets it whole.
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)
    Claim.objects.filter(pk=claim.pk).update(updated_at=later)
    again = Client().get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 200 and again["Last-Modified"] != last_modified


def test_without_rows_the_built_in_labels_of_the_language_serve():
    from articles.models import RatingLabel
    from articles.publishing import DEFAULT_RATING_LABELS, RatingLabels

    RatingLabel.objects.all().delete()
    labels = RatingLabels()
    assert labels.label("verified", "km") == DEFAULT_RATING_LABELS["km"]["verified"][0]
    assert labels.label("disputed", "th-TH") == DEFAULT_RATING_LABELS["th"]["disputed"][0]
    assert labels.label("verified", "ko") == DEFAULT_RATING_LABELS["en"]["verified"][0]
