import pytest

from articles.text import normalise_numbers
from articles.text.numbers import to_ascii_digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,677 people", ["1677"]),
        ("1.677 người", ["1677"]),
        ("1677", ["1677"]),
        ("๑,๖๗๗ คน", ["1677"]),
        ("១៦៧៧ នាក់", ["1677"]),
        ("١٦٧٧ شخصا", ["1677"]),
        ("１６７７人", ["1677"]),
        ("2.5 and 2,5", ["2.5"]),
        ("1.234,5 or 1,234.5", ["1234.5"]),
        ("45%", ["45%"]),
        ("45 %", ["45%"]),
        ("45 phần trăm", ["45%"]),
        ("ร้อยละ 45", ["45%"]),
        ("٤٥٪", ["45%"]),
        ("45 percent", ["45%"]),
        ("1.5 million", ["1500000"]),
        ("1,5 triệu", ["1500000"]),
        ("8.2 ล้านตัน", ["8200000"]),
        ("12.6万辆", ["126000"]),
        ("3 tỷ đồng", ["3000000000"]),
        ("พ.ศ. 2567", ["2024"]),
        ("ในปี 2567 และปี 2024", ["2024"]),
        ("ราคา 2567 บาท", ["2567"]),
        ("in 2024 and 2024 again", ["2024"]),
        ("GPT-4, DeepSeek-R1 and o1", []),
    ],
)
def test_normalise_numbers(text, expected):
    assert normalise_numbers(text) == expected


def test_same_figure_in_three_languages_compares_equal():
    english = normalise_numbers("Exports reached 1,250 dollars per tonne, up 18%.")
    vietnamese = normalise_numbers("Xuất khẩu đạt 1.250 USD/tấn, tăng 18%.")
    thai = normalise_numbers("ราคาส่งออกอยู่ที่ ๑,๒๕๐ ดอลลาร์ต่อตัน เพิ่มขึ้นร้อยละ ๑๘")
    assert english == vietnamese == thai == ["1250", "18%"]


def test_ascii_digits_keep_length():
    text = "ปี ๒๕๖๗ ឆ្នាំ ២០២៤ عام ٢٠٢٤"
    converted = to_ascii_digits(text)
    assert len(converted) == len(text)
    assert "2567" in converted and converted.count("2024") == 2
