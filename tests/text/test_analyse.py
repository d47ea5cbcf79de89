"""Whole-article analysis per language: the sentences, the candidates, their language
and offsets, and what stays out (titles, credits, bylines, questions, opinions)."""

import pytest

from articles.text import analyse

from . import articles

CASES = {
    "th": (
        articles.THAI,
        [
            "กระทรวงพาณิชย์เปิดเผยว่า ราคาส่งออกข้าวหอมมะลิในเดือนมีนาคม 2567 อยู่ที่ 1,250 ดอลลาร์ต่อตัน เพิ่มขึ้นร้อยละ 18 จากปีก่อน",
            "ชาวนาในจังหวัดสุรินทร์ได้รับประโยชน์มากที่สุด",
            "นายสมชาย ใจดี นายกสมาคมผู้ส่งออกข้าวไทย กล่าวว่า ไทยส่งออกข้าวได้ ๘.๒ ล้านตันในปีที่ผ่านมา",
            "คุณคิดว่าราคาจะขึ้นอีกไหม",
        ],
        [0, 1, 2],  # "benefited the most" is a comparison: a candidate since issue 10
    ),
    "km": (
        articles.KHMER,
        [
            "ក្រសួងសុខាភិបាលបាននិយាយថា ចំនួនអ្នកជំងឺគ្រុនឈាមបានកើនឡើងដល់ ១២០០ នាក់ក្នុងឆ្នាំ ២០២៤។",
            "នេះជាចំនួនខ្ពស់បំផុតក្នុងរយៈពេល ៥ ឆ្នាំ។",
            "ក្មេងៗ ជាច្រើនត្រូវបានព្យាបាលនៅមន្ទីរពេទ្យ។",
            "យោងតាមរបាយការណ៍ ខេត្តសៀមរាបមានករណីច្រើនជាងគេ៕",
            "តើយើងគួរធ្វើអ្វី?",
        ],
        [0, 1, 3],
    ),
    "vi": (
        articles.VIETNAMESE,
        [
            "Theo Bộ Công Thương, xuất khẩu gạo của Việt Nam trong quý I/2024 đạt 1,9 triệu tấn, tăng 12,5% so "
            "với cùng kỳ.",
            "TP. Hồ Chí Minh và An Giang là hai địa phương dẫn đầu.",
            "Ông Nguyễn Văn Bình cho biết giá gạo 5% tấm đạt 650 USD/tấn, cao nhất trong 15 năm.",
            '"Rice prices have never been this high in the region," said trader John Miller.',
            "Liệu đà tăng có kéo dài?",
        ],
        [0, 1, 2, 3],
    ),
    "ja": (
        articles.JAPANESE,
        [
            "気象庁は3月14日、東京都心で桜が開花したと発表した。",
            "平年より12日早く、観測史上最も早い記録となった。",
            "「驚いた」と担当者は話した。",
            "花見客は昨年の1.5倍に増えると予想されている。",
            "本当に温暖化の影響なのだろうか？",
        ],
        [0, 1, 3],
    ),
    "zh": (
        articles.CHINESE,
        [
            "据深圳市统计局数据，2024年第一季度全市新能源汽车销量达到12.6万辆，同比增长35%。",
            "比亚迪公司表示，这是历史最高水平。",
            "你会买电动车吗？",
        ],
        [0, 1],
    ),
    "ko": (
        articles.KOREAN,
        [
            "서울시는 25일 올해 대중교통 이용객이 하루 평균 850만 명으로 집계됐다고 밝혔다.",
            "이는 지난해보다 4% 증가한 수치다.",
            "시민들은 만족할까?",
        ],
        [0, 1],
    ),
    "ar": (
        articles.ARABIC,
        [
            "قال وزير المالية إن معدل النمو بلغ ٣٫٥٪ في عام ٢٠٢٣.",
            "وأضاف أن الصادرات ارتفعت إلى ١٢ مليار دولار.",
            "هل سيستمر هذا النمو؟",
        ],
        [0, 1],
    ),
    "en": (
        articles.ENGLISH,
        [
            "Dr. Jane Okafor, the port's director, said 1,677 ships docked in 2023, up 9% from 2022.",
            "The U.S. Navy sent 3 vessels.",
            "It was the busiest year since records began in 1950, according to the port authority.",
            "I think the port should expand.",
        ],
        [0, 1, 2],
    ),
}


@pytest.mark.parametrize("language", list(CASES))
def test_language_sentences_and_candidates(language):
    body, expected_sentences, candidate_indexes = CASES[language]
    analysis = analyse(body)

    assert analysis.detection.language == language
    assert [s.text for s in analysis.sentences] == expected_sentences
    for sentence in analysis.sentences:
        assert body[sentence.start : sentence.end] == sentence.text
    assert [c.text for c in analysis.candidates] == [expected_sentences[i] for i in candidate_indexes]
    for candidate in analysis.candidates:
        assert body[candidate.start : candidate.end] == candidate.text
        assert 0.5 <= candidate.score <= 1.0
        assert candidate.reasons


def test_quotation_in_english_inside_vietnamese_gets_english():
    analysis = analyse(articles.VIETNAMESE)
    languages = {c.text[:12]: c.language for c in analysis.candidates}
    assert languages['"Rice prices'] == "en"
    assert languages["Theo Bộ Công"] == "vi"


def test_candidate_reasons_explain_the_score():
    analysis = analyse(articles.ENGLISH)
    first = analysis.candidates[0]
    assert {"number", "percentage", "date", "attribution", "named entity"} <= set(first.reasons)
    busiest = analysis.candidates[2]
    assert "superlative" in busiest.reasons and "attribution" in busiest.reasons


def test_editor_language_is_kept_without_detection():
    analysis = analyse(articles.ENGLISH, language="fr")
    assert analysis.detection.language == "fr"
    assert analysis.detection.confidence == 1.0


def test_threshold_controls_candidates():
    everything = analyse(articles.ENGLISH, threshold=0.0)
    assert len(everything.candidates) == len(everything.sentences)
    nothing = analyse(articles.ENGLISH, threshold=1.01)
    assert nothing.candidates == ()


def test_metadata_lines_never_become_sentences():
    analysis = analyse(articles.VIETNAMESE)
    texts = " ".join(s.text for s in analysis.sentences)
    for boilerplate in ("date 2024-03-15", "Xuất khẩu gạo đạt kỷ lục", "Ảnh: Minh Anh", "Nguồn:"):
        assert boilerplate not in texts
    assert analysis.metadata.title == "Xuất khẩu gạo đạt kỷ lục"
    assert analysis.metadata.url == "https://example.vn/xuat-khau-gao"
    assert str(analysis.metadata.published) == "2024-03-15"


def test_empty_body():
    analysis = analyse("")
    assert analysis.detection.language == "und"
    assert analysis.sentences == () and analysis.candidates == ()
