import pytest

from articles.text import score_sentence


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("Unemployment fell to 3.9% in March, the ministry said.", {"number", "percentage", "date", "attribution"}),
        ("Exports reached $4.5 billion.", {"number", "money"}),
        ("ราคาทองคำสูงที่สุดเป็นประวัติการณ์ ตามรายงานของสมาคมค้าทองคำ", {"superlative", "attribution"}),
        ("ยอดขายเพิ่มขึ้น ๑๒ เปอร์เซ็นต์", {"number", "percentage", "comparison"}),
        ("ក្រសួងបាននិយាយថា តម្លៃអង្ករកើនឡើង ៥ ភាគរយ", {"number", "percentage", "attribution"}),
        ("Theo báo cáo, doanh thu đạt 3 tỷ đồng.", {"number", "money", "attribution"}),
        ("東京都によると、人口は1400万人を超えた。", {"number", "attribution"}),
        ("这是全国最大的港口。", {"superlative"}),
        ("이 다리는 세계에서 가장 긴 다리다.", {"superlative"}),
        ("وقالت الوزارة إن الصادرات ارتفعت", {"attribution", "comparison"}),
        ("Công ty Samsung Electronics mở nhà máy ở Bắc Ninh.", {"named entity"}),
        ("บริษัท Toyota ประกาศแผนใหม่", {"named entity"}),
    ],
)
def test_features_in_every_language(text, reasons):
    _score, found = score_sentence(text)
    assert reasons <= set(found)


def test_score_is_in_unit_interval_and_rises_with_evidence():
    plain, _ = score_sentence("The weather was pleasant in the afternoon.")
    one, _ = score_sentence("The weather was pleasant in 2023.")
    many, _ = score_sentence("The ministry said rainfall in 2023 was 12% higher than ever recorded, the highest.")
    assert 0.0 <= plain < one < many <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Did exports really rise 12% in 2023?",
        "Liệu giá gạo có tăng 10% vào năm 2025?",
        "本当に2024年は最も暑い年だったのか？",
        "หรือราคาจะขึ้นอีก 10 บาทในปี 2568 ไหม",
    ],
)
def test_questions_score_low(text):
    score, reasons = score_sentence(text)
    assert "question" in reasons
    assert score < 0.5


def test_opinions_score_low():
    score, reasons = score_sentence("I think the city should build 3 more bridges by 2030.")
    assert "opinion" in reasons and score < 0.5


def test_thai_aforementioned_is_not_said():
    _score, reasons = score_sentence("เทคโนโลยีดังกล่าวอาจคุกคามความมั่นคง")
    assert "attribution" not in reasons


def test_names_glued_to_digits_are_not_figures():
    _score, reasons = score_sentence("DeepSeek-R1 competes with o1 and GPT-4.")
    assert "number" not in reasons


def test_generic_acronyms_are_not_names():
    _score, reasons = score_sentence("Nhiều công ty dùng AI và API mỗi ngày.")
    assert "named entity" not in reasons
