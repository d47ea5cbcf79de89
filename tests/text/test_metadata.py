import datetime

from articles.text import extract_metadata


def spans(body):
    metadata = extract_metadata(body)
    return metadata, [body[start:end] for start, end in metadata.boilerplate]


def test_title_date_and_source_line():
    body = "date 2024-05-03\n# Rice exports hit record\n\nExports rose 12%.\nSource: https://example.com/news/1\n"
    metadata, found = spans(body)
    assert metadata.title == "Rice exports hit record"
    assert metadata.published == datetime.date(2024, 5, 3)
    assert metadata.url == "https://example.com/news/1"
    assert found == ["date 2024-05-03", "# Rice exports hit record", "Source: https://example.com/news/1"]


def test_month_only_date_marker_inline_with_body():
    body = " date 2024-12 Các chuyên gia cho biết AI phát triển nhanh."
    metadata, found = spans(body)
    assert metadata.published == datetime.date(2024, 12, 1)
    assert found == ["date 2024-12"]
    assert metadata.title == ""


def test_invalid_date_is_ignored_but_marker_still_boilerplate():
    metadata, found = spans("date 2024-13-40\nTitle here\nBody text follows.")
    assert metadata.published is None
    assert found[0] == "date 2024-13-40"


def test_long_first_line_is_not_a_title():
    body = "A" * 10 + " very long first line " * 10 + "\nSecond line."
    assert extract_metadata(body).title == ""


def test_single_line_is_not_a_title():
    assert extract_metadata("Only one short line").title == ""


def test_source_lines_in_many_languages():
    for word in ("Nguồn", "出典", "来源", "ที่มา", "อ้างอิง", "ប្រភព", "출처", "المصدر", "Source"):
        body = f"Short title\nBody sentence one.\n{word}: https://news.example/{len(word)}\n"
        assert extract_metadata(body).url == f"https://news.example/{len(word)}", word


def test_source_word_on_its_own_line_takes_the_url_below():
    body = "Title\nBody.\nอ้างอิง:\nhttps://example.org/th\n"
    metadata, found = spans(body)
    assert metadata.url == "https://example.org/th"
    assert found[-2:] == ["อ้างอิง:", "https://example.org/th"]


def test_boilerplate_lines():
    body = (
        "Headline\nChecker\nWriter\nBody starts here with a fact.\n1719589951308.png\n"
        "12 comments\nBình luận (3)\nBy Jane Doe\nẢnh: Reuters\nภาพ: ทีมข่าว\nTop\n"
        "Đăng nhập để bình luận\n#tag1 #tag2\n"
    )
    _metadata, found = spans(body)
    assert found == [
        "Headline",
        "Checker",
        "Writer",
        "1719589951308.png",
        "12 comments",
        "Bình luận (3)",
        "By Jane Doe",
        "Ảnh: Reuters",
        "ภาพ: ทีมข่าว",
        "Top",
        "Đăng nhập để bình luận",
        "#tag1 #tag2",
    ]


def test_inline_photo_caption_and_credit():
    body = (
        "Giá vàng tăng mạnh trong tuần. Khách mua vàng tại Hà Nội hôm 3/5. Ảnh: Ngọc Thành "
        "Trong phiên sáng nay, giá vàng đạt 90 triệu đồng. (Theo VnE)"
    )
    _metadata, found = spans(body)
    assert found == ["Khách mua vàng tại Hà Nội hôm 3/5. Ảnh: Ngọc Thành", "(Theo VnE)"]


def test_markdown_emphasis_around_a_byline():
    _metadata, found = spans("# Budget\n\n*By Jane Doe, 3 March 2025*\n\nSpending rises 4.1%, the Treasury said.\n")
    assert found == ["# Budget", "*By Jane Doe, 3 March 2025*"]


def test_short_first_sentence_of_thai_text_is_not_a_title():
    body = (
        "รัฐบาลประกาศว่าเศรษฐกิจไทยขยายตัวร้อยละ 3.2 ในปี 2567 สูงที่สุดในรอบห้าปี\n"
        "นายกรัฐมนตรีกล่าวว่ารัฐบาลจะลงทุนเพิ่มอีก 500,000 ล้านบาทในปีหน้า\n"
    )
    assert extract_metadata(body).title == ""
    titled = "ไทยโตร้อยละ 3.2\n" + body
    assert extract_metadata(titled).title == "ไทยโตร้อยละ 3.2"
    assert extract_metadata("เศรษฐกิจไทยปี 2567\n\n" + body).title == "เศรษฐกิจไทยปี 2567"
