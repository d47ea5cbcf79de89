"""Metadata carried by pasted text: a title (a short first line), a publication date
from a leading ``date YYYY-MM[-DD]`` marker, the original URL from a source line in the
article's own language, and the boilerplate lines that must never become claims."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from .base import Metadata
from .furniture import TRAILING_CREDIT, is_furniture_line

TITLE_MAX_CHARS = 150

_DATE_MARKER = re.compile(
    r"\A\s*(?P<marker>date\s*[:：]?\s*(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)(?![\d-])",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"'）)」]+", re.IGNORECASE)
_SOURCE_WORDS = (
    "source|sources|original|link|url|nguồn|nguồn tin|xem bài gốc|出典|出所|元記事|来源|來源|"
    "原文|ที่มา|อ้างอิง|แหล่งที่มา|ប្រភព|출처|원문|المصدر|المصادر|מקור|πηγή|источник|джерело|"
    "quelle|fuente|fonte|sumber|ແຫຼ່ງທີ່ມາ|ອ້າງອີງ|ရင်းမြစ်|წყარო"
)
_SOURCE_LINE = re.compile(rf"^(?:{_SOURCE_WORDS})\s*[:：៖]\s*(?P<rest>.*)$", re.IGNORECASE)
_URL_LINE = re.compile(r"^(?:<)?https?://\S+(?:>)?$", re.IGNORECASE)
_IMAGE_LINE = re.compile(r"^\S+\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?|heic|avif)$", re.IGNORECASE)
_BYLINE_WORDS = (
    "checker|fact[- ]?checker|writer|editor|author|reporter|photo|photos|image|credit|credits|"
    "tác giả|phóng viên|biên tập|người viết|thực hiện|ảnh|"
    "ผู้เขียน|เขียนโดย|เรียบเรียง|ภาพ|ภาพประกอบ|ผู้สื่อข่าว|"
    "記者|文|写真|撮影|編集|编辑|记者|作者|图|圖|摄影|기자|사진|글|"
    "អ្នកយកព័ត៌មាន|អត្ថបទ|រូបភាព|អ្នកនិពន្ធ|كتب|بقلم|تصوير|صورة|"
    "автор|фото|autor|auteur|foto"
)
_BYLINE_LINE = re.compile(
    rf"^(?:{_BYLINE_WORDS})\s*(?:$|[:：៖=＝|/・]\s*.{{0,60}}$)"
    r"|^by\s+[A-Z][^.!?]{0,50}$",
    re.IGNORECASE,
)
_COMMENTS_LINE = re.compile(
    r"^(?:\d+\s*(?:comments?|bình luận|ความคิดเห็น|คอมเมนต์|コメント|条评论|評論|댓글|មតិ|تعليقا?ت?)"
    r"|(?:comments?|bình luận|ความคิดเห็น|コメント|评论|댓글|មតិ|تعليقات)\s*[(:]?\s*\d+\)?)$",
    re.IGNORECASE,
)
_UI_LINE = re.compile(
    r"^(?:top|back to top|share|share this|chia sẻ|read more|xem thêm|advertisement|quảng cáo|"
    r"tags?\s*[:：].*|từ khóa\s*[:：].*|(?:#\S+\s*)+|"
    r"(?:đăng nhập|đăng ký|log ?in|sign ?in|sign up|subscribe|เข้าสู่ระบบ|ログイン|登录|로그인)\b.{0,60}|"
    r"แชร์|シェア|分享|공유|ចែករំលែក)$",
    re.IGNORECASE,
)
# "Ảnh: Tân Hoa Xã" inside a paragraph, after a sentence: the credit is the run of
# capitalised words after the marker, less the word that starts the next sentence.
_INLINE_CREDIT = re.compile(
    r"(?:(?<=[.!?。])\s+|^)(?P<credit>(?:Ảnh|Photo|Image|Credit|ภาพ|写真|图|사진|រូបភាព|صورة)\s*[:：៖]\s*)",
    re.MULTILINE,
)
# A line that is only a name (a byline after the title): "Minh Anh", "Sarah Lim".
_BARE_NAME_LINE = re.compile(r"^[A-ZÀ-ÞĐ][^\W\d_]+(?: [A-ZÀ-ÞĐ][^\W\d_]+){0,3}$")
_CAPITALISED_WORD = re.compile(r"[A-ZÀ-ÞĐƠƯẠ-Ỹ][^\s.,;:!?]*")
_TRAILING_SOURCE = re.compile(
    r"[(（](?:Theo|Nguồn|Source|Via|Sources?|ที่มา|อ้างอิง|出典|来源|ប្រភព|المصدر)[^()（）\n]{1,100}[)）]\s*$",
    re.MULTILINE,
)
_TRAILING_HASHTAGS = re.compile(r"(?:^|(?<=\s))#[^\s#]+(?:\s+#[^\s#]+)*\s*$", re.MULTILINE)
_PREVIOUS_SENTENCE_END = re.compile(r".*[.!?。]\s", re.DOTALL)
CAPTION_MAX_CHARS = 300
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_FINAL_PUNCTUATION = ".。!！។៕"


def _lines(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """Spans of the non-empty lines of text[start:], without surrounding whitespace."""
    pos = start
    length = len(text)
    while pos <= length:
        newline = text.find("\n", pos)
        end = length if newline == -1 else newline
        line = text[pos:end]
        stripped = line.strip()
        if stripped:
            lead = pos + len(line) - len(line.lstrip())
            yield lead, lead + len(stripped)
        if newline == -1:
            break
        pos = newline + 1


def _inline_credit_end(text: str, credit_end: int, line_end: int) -> int:
    words = []
    pos = credit_end
    while pos < line_end and len(words) < 6:
        match = _CAPITALISED_WORD.match(text, pos)
        if not match:
            break
        words.append(match)
        pos = match.end()
        if pos < line_end and text[pos] == " ":
            pos += 1
        else:
            break
    if not words:
        return credit_end
    rest = text[words[-1].end() : line_end].lstrip(" ")
    if len(words) > 1 and rest and rest[0].islower():
        return words[-2].end()  # the last capitalised word opens the next sentence
    return words[-1].end()


def _title_stands_apart(text: str, lines: list[tuple[int, int]], index: int, length: int, heading: bool) -> bool:
    """Whether the first line is set apart from the body as a title is: a Markdown heading, or
    followed by a blank line, or much shorter than the next line of body text.  Thai and other
    scripts without sentence punctuation need this: a short first sentence is not a title."""
    # The first line of body text after it (only as far as needed: each line is checked for furniture).
    following = next(
        ((start, end) for start, end in lines[index + 1 :] if not is_boilerplate_line(text[start:end].strip("*_"))),
        None,
    )
    if following is None:
        return False
    if heading:
        return True
    end = lines[index][1]
    if "\n" in text[end : lines[index + 1][0]].replace("\n", "", 1):
        return True  # a blank line follows
    next_start, next_end = following
    return length * 1.6 <= next_end - next_start


def _caption_start(text: str, line_start: int, credit_start: int) -> int:
    """A photo credit inside a paragraph follows its caption, the sentence just before
    it: both are boilerplate.  The credit alone when that sentence is long."""
    caption_end = credit_start
    while caption_end > line_start and text[caption_end - 1].isspace():
        caption_end -= 1
    window_start = max(line_start, caption_end - CAPTION_MAX_CHARS - 2)
    previous = _PREVIOUS_SENTENCE_END.match(text, window_start, max(window_start, caption_end - 1))
    caption_start = previous.end() if previous else window_start
    if caption_end - caption_start > CAPTION_MAX_CHARS:
        return credit_start
    return caption_start


def _published(match: re.Match) -> datetime.date | None:
    year, month = int(match["y"]), int(match["m"])
    day = int(match["d"]) if match["d"] else 1
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def is_boilerplate_line(line: str) -> bool:
    """Whether one line (already stripped) is boilerplate on its own."""
    return bool(
        _SOURCE_LINE.match(line)
        or _URL_LINE.match(line)
        or _IMAGE_LINE.match(line)
        or _BYLINE_LINE.match(line)
        or _COMMENTS_LINE.match(line)
        or _UI_LINE.match(line)
        or is_furniture_line(line)
    )


def extract_metadata(text: str) -> Metadata:
    spans: list[tuple[int, int]] = []
    published = None
    body_start = 0
    marker = _DATE_MARKER.match(text)
    if marker:
        published = _published(marker)
        spans.append((marker.start("marker"), marker.end("marker")))
        body_start = marker.end("marker")

    url = ""
    fallback_url = ""
    title = ""
    title_decided = False
    lines = list(_lines(text, body_start))
    waiting_for_url = False
    for index, (start, end) in enumerate(lines):
        # Markdown emphasis around a whole line (*By Jane Doe*) says nothing about what it is
        line = text[start:end].strip("*_").strip() or text[start:end]
        source = _SOURCE_LINE.match(line)
        if source:
            spans.append((start, end))
            found = _URL.search(source["rest"])
            if found and not url:
                url = found.group(0).rstrip(".,;")
            waiting_for_url = not found
            continue
        if _URL_LINE.match(line):
            spans.append((start, end))
            found = _URL.search(line).group(0).rstrip(".,;>")
            if waiting_for_url and not url:
                url = found
            elif not fallback_url:
                fallback_url = found
            waiting_for_url = False
            continue
        waiting_for_url = False
        if is_boilerplate_line(line) or (title_decided and _BARE_NAME_LINE.match(line)):
            spans.append((start, end))
            continue
        if not title_decided:
            title_decided = True
            candidate = _MARKDOWN_HEADING.sub("", line).strip()
            if (
                candidate
                and len(candidate) <= TITLE_MAX_CHARS
                and candidate[-1] not in _FINAL_PUNCTUATION
                and _title_stands_apart(text, lines, index, len(candidate), heading=candidate != line)
            ):
                title = candidate
                spans.append((start, end))
                continue
        for credit in _INLINE_CREDIT.finditer(text, start, end):
            credit_end = _inline_credit_end(text, credit.end(), end)
            if credit_end > credit.end():
                spans.append((_caption_start(text, start, credit.start("credit")), credit_end))
        credit = TRAILING_CREDIT.search(text, start, end)
        if credit:  # "Du khách ngắm bình minh. (Ảnh: AP)": the caption and its credit
            spans.append((_caption_start(text, start, credit.start()), end))
        trailing = _TRAILING_SOURCE.search(text, start, end)
        if trailing:
            spans.append((trailing.start(), end))
        hashtags = _TRAILING_HASHTAGS.search(text, start, end)
        if hashtags:
            spans.append((hashtags.start(), end))
    spans = _merge(spans)
    return Metadata(
        title=title,
        published=published,
        url=url or fallback_url,
        boilerplate=tuple(spans),
    )


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
