"""A claim's page shows its aligned sentence in every translation of its article (issue 10)."""

import itertools

import pytest
from django.urls import reverse

from articles.matching import alignment
from articles.models import TranslationLink
from tests.factories import make_article

pytestmark = pytest.mark.django_db

# One short story, written for these tests, in English, Thai and Japanese. The Japanese merges the
# English second and third sentences into one (a 2-1 bead).
ENGLISH = (
    "Lumora Foods opened a bakery in Chiang Mai in 2025. It employs 140 people. "
    "The bakery sells 9,000 loaves a day. Lumora plans a second bakery in Osaka by 2027."
)
THAI = (
    "Lumora Foods เปิดร้านเบเกอรี่ในเชียงใหม่ในปี 2025\n"
    "ร้านมีพนักงาน 140 คน\n"
    "ร้านขายขนมปังวันละ 9,000 ก้อน\n"
    "Lumora มีแผนเปิดร้านแห่งที่สองในโอซากาภายในปี 2027"
)
JAPANESE = (
    "Lumora Foodsは2025年にチェンマイでベーカリーを開いた。"
    "同社は140人を雇用し、1日に9,000個のパンを販売している。"
    "Lumoraは2027年までに大阪に2号店を開く計画だ。"
)
VIETNAMESE = (
    "Lumora Foods mở một tiệm bánh ở Chiang Mai vào năm 2025. Tiệm có 140 nhân viên. "
    "Tiệm bán 9.000 ổ bánh mì mỗi ngày. Lumora dự định mở tiệm thứ hai ở Osaka trước năm 2027."
)
KHMER = (
    "Lumora Foods បានបើកហាងនំបុ័ងមួយនៅ Chiang Mai ក្នុងឆ្នាំ 2025។ ហាងនេះមានបុគ្គលិក 140 នាក់។ "
    "ហាងលក់នំបុ័ង 9,000 ដុំក្នុងមួយថ្ងៃ។ Lumora គ្រោងបើកហាងទីពីរនៅ Osaka នៅឆ្នាំ 2027។"
)

EN_FIRST = "Lumora Foods opened a bakery in Chiang Mai in 2025."
EN_LAST = "Lumora plans a second bakery in Osaka by 2027."
TH_FIRST = "Lumora Foods เปิดร้านเบเกอรี่ในเชียงใหม่ในปี 2025"
JA_FIRST = "Lumora Foodsは2025年にチェンマイでベーカリーを開いた。"
JA_MERGED = "同社は140人を雇用し、1日に9,000個のパンを販売している。"


def _story():
    return make_article(ENGLISH), make_article(THAI, language="th"), make_article(JAPANESE, language="ja")


def _link(a, b, status=TranslationLink.Status.DETECTED) -> TranslationLink:
    first, second = sorted([a, b], key=lambda article: article.pk)
    return TranslationLink.objects.create(article_a=first, article_b=second, score=0.9, status=status)


def _section(page: str) -> str:
    """The "In translations" section of a claim page."""
    assert 'id="in-translations"' in page
    return page.split('id="in-translations"', 1)[1].split("</section>", 1)[0]


def _item(section: str, article) -> str:
    return section.split(f'id="in-translation-{article.pk}"', 1)[1].split('<li id="in-translation-', 1)[0]


def _page(client, claim) -> str:
    response = client.get(reverse("claim_detail", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- The alignment ---------------------------------------------------------------------------------


def _align_reference(a, b):
    """The alignment as first written (a plain loop over _bead_cost): align() must give the same beads."""
    n, m = len(a), len(b)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for di, dj in ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1)):
                x, y = i + di, j + dj
                if x > n or y > m:
                    continue
                step = alignment.SKIP if not di or not dj else alignment._bead_cost(a[i:x], b[j:y])
                if cost[i][j] + step < cost[x][y]:
                    cost[x][y], back[x][y] = cost[i][j] + step, (i, j)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        if pi < i and pj < j:
            beads.append((tuple(range(pi, i)), tuple(range(pj, j))))
        i, j = pi, pj
    return beads[::-1]


def test_align_gives_the_beads_of_the_plain_loop():
    from benchmarks import gold

    articles = gold.articles("dev")
    same_story = [(x, y) for x, y in itertools.permutations(articles, 2) if x.story == y.story]
    other_story = [(x, y) for x, y in itertools.combinations(articles, 2) if x.story != y.story][:20]
    texts = [(ENGLISH, "en"), (THAI, "th"), (JAPANESE, "ja"), ("", "en"), ("One sentence only.", "en")]
    pairs = [((x.body, x.language), (y.body, y.language)) for x, y in same_story + other_story]
    pairs += list(itertools.product(texts, repeat=2))
    for (body_a, language_a), (body_b, language_b) in pairs:
        a, b = alignment.units(body_a, language_a), alignment.units(body_b, language_b)
        assert alignment.align(a, b) == _align_reference(a, b)


def test_the_story_aligns_one_to_one_and_two_to_one():
    en, th, ja = (alignment.units(text, lang) for text, lang in ((ENGLISH, "en"), (THAI, "th"), (JAPANESE, "ja")))
    assert alignment.align(en, th) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert alignment.align(en, ja) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
