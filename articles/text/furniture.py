"""Site furniture: the lines a news page carries around its article that are never claims.

Pasted or scraped articles bring along what the page around them said: "read more" and related
links, share and follow buttons, comment counts, bylines and datelines, photo credits and captions,
timestamps, reading times, copyright lines and tags, in every language.  ``is_furniture_line`` says
whether one stripped line is such furniture on its own; metadata.extract_metadata marks those lines
as boilerplate (never sentences, never candidates).  The patterns are anchored on the whole line and
short, so a sentence that merely starts with "Related" or "แชร์" is not furniture.
"""

from __future__ import annotations

import re

from .calendar import without_calendar_words


def _alternatives(text: str) -> str:
    return "|".join(p.strip() for p in text.split("|") if p.strip())


# "Read more", related links, "continue reading", optionally followed by ": <headline>".
_READ_MORE = _alternatives(
    "read more|read also|see also|also read|related|related articles?|related stories|related news|"
    "more on this|more on this story|continue reading|continue reading below|click here|more stories|"
    "recommended|you may also like|most read|read the full story|full story|"
    "bài viết cùng chủ đề|الأكثر قراءة|ព័ត៌មានទាក់ទង|"
    "อ่านต่อ|อ่านเพิ่มเติม|อ่านข่าวที่เกี่ยวข้อง|ข่าวที่เกี่ยวข้อง|ข่าวเกี่ยวข้อง|คลิกอ่าน|คลิกอ่านต่อ|คลิกที่นี่|"
    "อ่านข่าวต้นฉบับ|เลื่อนลงเพื่ออ่านต่อ|อ่านบทความเพิ่มเติม|"
    "អានបន្ត|អានបន្ថែម|ចុចអានបន្ថែម|ចុចអាន|អត្ថបទពាក់ព័ន្ធ|ព័ត៌មានពាក់ព័ន្ធ|"
    "続きを読む|続きはこちら|記事の続きはこちら|関連記事|関連記事を読む|関連ニュース|もっと見る|詳しくはこちら|"
    "記事を読む|あわせて読みたい|"
    "xem thêm|đọc thêm|tin liên quan|bài liên quan|đọc tiếp|xem tiếp|tin cùng chuyên mục|xem chi tiết|"
    "관련기사|관련 기사|관련기사 더보기|더보기|기사 더보기|기사 계속 보기|계속 읽기|이어서 보기|"
    "相关阅读|相关新闻|延伸阅读|阅读全文|阅读更多|查看更多|点击查看|推荐阅读|相關閱讀|"
    "اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|مواضيع ذات صلة|أخبار ذات صلة|المزيد"
)
# Share, follow, like, print and save buttons.
_BUTTONS = _alternatives(
    r"share|share this|share this article|share this story|share on \w+|share via \w+|tweet|like|"
    r"follow us(?: on [\w ]{1,20})?|print|print this article|print this page|email|e-mail this|copy link|"
    r"save|save article|save for later|bookmark|subscribe(?: now)?|sign up for our newsletter|"
    r"listen to this article|listen|ฟังข่าว|nghe bài viết|ស្តាប់អត្ថបទ|استمع إلى المقال|"
    r"แชร์|แชร์บทความนี้|แชร์ข่าวนี้|แชร์ \d+ ครั้ง|ถูกใจ|ติดตามเรา(?:ได้)?(?:ที่|บน)? ?[\w ]{0,20}|พิมพ์|"
    r"บันทึก|คัดลอกลิงก์|ทวีต|แชร์ไป(?:ที่|ยัง) ?[\w ]{1,20}|กดไลก์เพจ.{0,40}|"
    r"ចែករំលែក(?:អត្ថបទនេះ)?(?:ទៅកាន់ [\w ]{1,20})?|តាមដានយើង(?:នៅលើ|តាម)? ?[\w ]{0,20}|បោះពុម្ព|ចូលចិត្ត|"
    r"シェア(?:する)?|この記事をシェア(?:する)?|この記事を共有(?:する)?|ツイート|いいね[！!]?|印刷(?:する)?|"
    r"ブックマーク|フォロー(?:する)?|LINEで送る|保存(?:する)?|(?:X|Twitter|X（旧Twitter）)でポスト(?:する)?|"
    r"この記事は(?:有料)?会員限定(?:記事)?です|(?:有料)?会員限定記事を読む|"
    r"chia sẻ|chia sẻ bài viết|in bài|in bài viết|theo dõi (?:chúng tôi|[\w ]{1,20}) trên [\w ]{1,20}|lưu bài|"
    r"lưu bài viết|thích|gửi bình luận|gửi ý kiến(?: của bạn)?|"
    r"공유|공유하기|기사 공유하기|좋아요|공감|인쇄|인쇄하기|프린트|구독|구독하기|스크랩|기사 스크랩|"
    r"分享|分享到[\w ]{1,10}|打印|打印本页|收藏|点赞|关注我们[\w ]{0,20}|"
    r"شارك|شارك هذا المقال|شارك الخبر|شارك على [\w ]{1,20}|طباعة|تابعنا(?: على [\w ]{1,20})?|غرد|إعجاب"
)
# Comment counts and comment links: "24 comments", "コメント（5）", "댓글 7", "មតិយោបល់ (៣)".
_COMMENT_WORDS = _alternatives(
    "comments?|bình luận|ความคิดเห็น|คอมเมนต์|コメント|件のコメント|评论|評論|条评论|댓글|មតិ|មតិយោបល់|"
    "تعليقات?|التعليقات|تعليقاً|تعليق"
)
# Reading times: "3 min read", "อ่าน 2 นาที", "đọc trong 3 phút".
_READING_TIME = (
    r"\d+\s*(?:min|mins|minutes?)\s*read|(?:อ่าน|ใช้เวลาอ่าน)\s*\d+\s*นาที|đọc trong \d+ phút|\d+ phút đọc|"
    r"\d+分で読めます|읽는 데 \d+분|阅读时间\s*\d+\s*分钟"
)
# Bylines and datelines that the shared byline words of metadata.py do not cover.
_BYLINE = (
    r"(?:reporting|writing|editing|additional reporting|compiled|edited|written) by .{1,100}"
    r"|staff (?:reporter|writer|correspondent)(?:,? [\w ]{1,30})?|by (?:our|staff) [\w ]{1,40}"
    r"|[A-Z]{2,}(?: Photo)?/[A-Z][\w .'’-]{1,40}"  # REUTERS/Chalinee Thirasupa, AP Photo/Heng Sinith
    r"|photo (?:courtesy of|by|from) .{1,40}|courtesy (?:of )?.{1,40}"
    r"|(?:เรียบเรียงโดย|เขียนโดย|ข่าวโดย|ภาพโดย) ?.{1,40}|โดย .{1,40}|(?:ทีมข่าว|กองบรรณาธิการ|ผู้สื่อข่าวพิเศษ)\S{0,20}.{0,30}"
    r"|(?:ขอบคุณ)?ภาพ(?:จาก|โดย|ประกอบ) ?.{0,40}|แฟ้มภาพ|ข่าว\S{2,15}"
    r"|ដោយ ?[៖:] ?.{1,40}|[^\d.!?។]{1,20}[៖] ?[^\d.!?។]{1,25}"  # ដោយ៖ ចាន់ សុភា, សៀមរាប៖ កែវ វុទ្ធី
    r"|[^\d.!?。]{1,15}[＝=][^\d.!?。]{1,12}|[（(][^（）()]{1,15}[＝=][^（）()]{1,10}[）)]"  # バンコク＝佐藤健一
    r"|写真は.{1,20}|.{1,30}(?:提供|支局|総局)|[\uac00-\ud7af ]{2,12}\s?(?:기자|특파원)"
    r"|.{1,20}[＝=][\uac00-\ud7af ]{2,8}\s?(?:기자|특파원)|.{1,30}\s제공"
    r"|theo [A-ZĐ][^\s.,]*(?: [A-ZĐ][^\s.,]*){0,4}(?: ?\([^()]{1,30}\))?|pv|ctv"
    r"|本报记者.{1,20}|记者.{1,20}报道|.{1,20}(?:报道|電|电)"
    r"|[\u0600-\u06ff ]{2,20}\s[-–—]\s(?:رويترز|أ ف ب|فرانس برس|الأناضول|وكالات|د ب أ|مراسلنا.{0,30})"
    r"|(?:الصورة|صورة|تصوير)\s*[:：].{1,40}|(?:图片来源|图片|摄影|图)\s*[:：].{1,30}|本报驻.{1,10}记者.{1,12}"
    r"|ảnh minh họa|ảnh\s*:.{1,40}|ภาพ\s*:.{1,40}|写真[:：＝].{1,30}"
)
# Copyright lines, tags and advertisement labels.
_OTHER = (
    r".{0,40}(?:©|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved|สงวนลิขสิทธิ์|無断転載|"
    r"版权所有|未经授权|무단전재|재배포 금지|جميع الحقوق محفوظة|រក្សាសិទ្ធិ).{0,60}"
    r"|(?:tags?|แท็ก|ป้ายกำกับ|タグ|标签|標籤|태그|الوسوم|ស្លាក|từ khóa)\s*[:：៖].{0,120}"
    r"|advertisement|sponsored|โฆษณา|広告|广告|광고|إعلان|ការផ្សាយពាណិជ្ជកម្ម|quảng cáo|"
    r"tin liên quan|tin mới nhất|most popular|trending|ข่าวล่าสุด|最新ニュース|最新新闻|인기기사"
)
_ARROWS = r"(?:>>|»|▶|►|→|\+)?\s*"

_FURNITURE = re.compile(
    rf"^{_ARROWS}(?:(?:{_READ_MORE})\s*(?:[:：៖]\s*.{{0,150}})?|(?:{_BUTTONS})(?:[\s!！]*[(（]?\s*\d+\s*[)）]?)?"
    rf"|\d+\s*(?:{_COMMENT_WORDS})|(?:{_COMMENT_WORDS})\s*[(（]?\s*\d*\s*(?:件|개|条)?\s*[)）]?"
    rf"|{_READING_TIME}|{_BYLINE}|{_OTHER})\s*[.:：]?$",
    re.IGNORECASE,
)
_TIME = re.compile(r"\d{1,2}\s*[:：時h]\s*\d{2}|\d{1,2}時")
_DATEISH = re.compile(
    r"(?:1[89]|2[05])\d\d|\d{1,2}[/.-]\d{1,2}|[年月日]|ม\.ค\.|มี\.ค\.|\b[A-Za-z]{3,9}\b|ខែ|ឆ្នាំ|ថ្ងៃ|월|일"
)
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_FINAL = ".!?。！？។៕"


# "Updated: 10 February 2026", "อัปเดตล่าสุด 10 ก.พ. 2569", "آخر تحديث: 10 فبراير 2026": a date after
# a publication or update label needs no time of day.
_DATED_LABEL = re.compile(
    r"^(?:published|updated|last updated|posted|first published|อัปเดต(?:ล่าสุด)?|เผยแพร่(?:เมื่อ)?|วันที่เผยแพร่|"
    r"cập nhật|đăng(?: lúc| ngày)?|ngày đăng|公開|更新|公開日|更新日|发布时间|发布|更新时间|게시|입력|수정|"
    r"آخر تحديث|تاريخ النشر|نشر في|نشر|ផ្សាយ|ចុះផ្សាយ|ធ្វើបច្ចុប្បន្នភាព)\s*[:：៖]?\s*(?P<rest>.{1,45})$",
    re.IGNORECASE,
)


# Thai, Khmer, Lao, Arabic-Indic, Persian and Devanagari digits as ASCII ones, for the year pattern.
_ASCII_DIGITS = str.maketrans(
    {chr(base + i): str(i) for base in (0x0E50, 0x17E0, 0x0ED0, 0x0660, 0x06F0, 0x0966) for i in range(10)}
)


# A dateline without a time: a place, a weekday or month name and a year ("Phnom Penh, Thursday 7 May
# 2026", "ភ្នំពេញ៖ ថ្ងៃព្រហស្បតិ៍ ទី៧ ខែឧសភា ឆ្នាំ២០២៦"). The words that write a date (ទី the ordinal,
# ឆ្នាំ year, ngày, tháng, năm, 年, 월) do not count as its letters; a place name of a word or two does.
_YEAR = re.compile(r"(?:19|20|25)\d\d")
_NUMBER = re.compile(r"\d+")
_DATE_WORDS = re.compile(r"ទី|ឆ្នាំ|ថ្ងៃ|ខែ|วันที่|ngày|tháng|năm|[年月日]|년|월|일", re.IGNORECASE)
_MAY = re.compile(r"\bMay\b")  # not among the calendar's months (a modal verb as often)
DATELINE_LETTERS = 10


def is_timestamp_line(line: str) -> bool:
    """A publication or update time on its own line: "Published 07:30, 6 January 2026",
    "6 ม.ค. 2569 07:30 น.", "2026年1月6日 7時30分", "06/01/2026 07:30 GMT+7",
    "ថ្ងៃអង្គារ ទី៧ ខែមេសា ឆ្នាំ២០២៦ ម៉ោង ១៤:២៥", or a dateline without a time ("Bangkok, 7 May 2026")."""
    line = line.translate(_ASCII_DIGITS)
    labelled = _DATED_LABEL.match(line)
    if labelled and _DIGIT.search(labelled["rest"]) and len(_LETTER.findall(labelled["rest"])) <= 18:
        return line[-1] not in _FINAL or line.endswith("น.")
    if line[-1] in _FINAL and not line.endswith("น."):  # น. (นาฬิกา): o'clock
        return False
    if not _TIME.search(line):
        return _is_dateline(line)
    if not _DATEISH.search(line):
        return False
    # Month and weekday names count neither in the length nor in the letters: Arabic writes a month
    # twice, in its Egyptian and Levantine names ("أكتوبر/تشرين الأول").
    rest = without_calendar_words(line)
    return len(rest) <= 60 and len(_LETTER.findall(rest)) <= 20


def _is_dateline(line: str) -> bool:
    """A line (ASCII digits, no time of day) that is a date with a month or weekday name and perhaps a
    place, nothing else: no figure but the day and the year."""
    if line[-1] in _FINAL or not _YEAR.search(line):
        return False
    others = _NUMBER.findall(_YEAR.sub(" ", line, count=1))
    if len(others) > 1 or any(len(n) > 2 for n in others):
        return False
    rest = _MAY.sub(" ", without_calendar_words(line))
    if rest == line:
        return False  # no month or weekday name: a figure and a year
    rest = _DATE_WORDS.sub(" ", rest)
    return len(rest) <= 40 and len(_LETTER.findall(rest)) <= DATELINE_LETTERS


def is_furniture_line(line: str) -> bool:
    """Whether one stripped line is site furniture on its own."""
    if not line or len(line) > 200:
        return False
    return bool(_FURNITURE.match(line)) or is_timestamp_line(line)


# A caption's credit in parentheses at the end of a line: "(Ảnh: AP)", "（撮影・山本）", "（美联社图片）".
TRAILING_CREDIT = re.compile(
    r"[(（](?:ảnh|photo|image|credit|ภาพ(?:จาก|โดย)?|撮影|写真|图|圖|사진|រូបភាព|صورة)[^()（）\n]{0,40}[)）]\s*$"
    r"|[(（][^()（）\n]{1,20}(?:图片|圖片|写真|提供|摄|攝)[)）]\s*$",
    re.IGNORECASE | re.MULTILINE,
)
