"""Sentence splitting with exact offsets, paragraphs first, for every script.

- CJK 。！？, Khmer ។ ៕ (not ៗ, not the ។ល។ "etc."), Burmese ။, Ethiopic ።, Devanagari
  ।, Armenian ։ and Urdu ۔ end a sentence wherever they stand;
- . ! ? … ؟ end a sentence only before whitespace and a word that may start one, and
  never after initials, common abbreviations (U.S., e.g., Mr., TP., v.v. before a
  lowercase word) or a list number; numbers (2.5, 1,677) and URLs have no space inside;
- Thai and Lao have no sentence punctuation: spaces between two Thai letters separate
  phrases, and phrases are grouped into sentences: short phrases, phrases opened by a
  connective (ซึ่ง, และ, โดย, ...) and phrases after one that ends in ว่า ("that") stay
  with their neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .base import Sentence

_CLOSERS = "\"'”’»」』）)\\]】〉》›"
_OPENERS = "\"'“‘«「『（(\\[【〈《‹"

# A boundary wherever it stands (no space needed after it).
_STRONG = re.compile(
    rf"(?:[。！？｡]+|[!?](?=[\u3040-\u30ff\u3400-\u9fff])|(?<!។ល)[។៕](?!ល។)|[။።।॥։۔])"
    # after a closing quote, と (Japanese) or a Chinese speaker clause (”他说。) goes on
    rf"(?:[{_CLOSERS}]++(?!と|って|[\u4e00-\u9fff]{{0,8}}(?:说|說|表示|称|稱|指出|认为|認為|介绍|介紹|透露)[。，,：:])"
    rf"|(?![{_CLOSERS}]))"
)
# A boundary only when followed by whitespace, checked by _latin_cut.
_WEAK = re.compile(rf"[.!?…؟]+[{_CLOSERS}]*(?=\s)")
# Whitespace between two Thai (or two Lao) letters: a phrase break.  ฯ and ๆ are
# followed by a space by convention, not because a phrase ends.  So is whitespace after a
# year or a percentage before a Thai letter ("... ในปี 2569 ด้านกระทรวง ..."), after a closing
# quotation that follows Thai text, and before an opening one: other figures are followed by
# their unit ("7.5 ล้านตัน"), Latin names by the rest of the phrase ("ของ Meta ขึ้นเป็น").
_THAI_LETTER = "\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e"
_THAI_OR_LAO = re.compile(r"[\u0e01-\u0ecf]")
_THAI_GAP = re.compile(
    rf"(?<=[{_THAI_LETTER}])[ \t\u00a0]+(?=[\u0e01-\u0e4e])"
    r"|(?:(?<=(?<![\d.,])(?:1[89]|2[05])\d\d)|(?<=%))[ \t\u00a0]+(?=[\u0e01-\u0e4e\"“])"
    rf"|(?<=[{_THAI_LETTER}][\"”’])[ \t\u00a0]+(?=[\u0e01-\u0e4eA-Za-z\"“])"
    rf"|(?<=[{_THAI_LETTER}])[ \t\u00a0]+(?=[\"“][\u0e01-\u0e4e])"
    r"|(?<=[\u0e81-\u0ecf])[ \t\u00a0]+(?=[\u0e81-\u0ecf])"
)

# A short run of Thai letters right before a full stop, after a space, an opener or another stop.
_THAI_ABBREVIATION = re.compile(r"(?:^|(?<=[\s(\[.“\"]))[\u0e01-\u0e4e]{1,4}$")
_NEXT_WORD = re.compile(rf"\s+[{_OPENERS}]*(\S*)")
_INITIALS = re.compile(r"(?:[A-Za-zÀ-ÿĐđ]\.)*[A-Za-zÀ-ÿĐđ]")
_LIST_NUMBER = re.compile(r"\d{1,3}|[ivxIVX]{1,4}|[a-zA-Z]")


def _words(text: str) -> list[str]:
    return text.split()


# Abbreviations that stand before a name or a number: never the end of a sentence.
NEVER_SPLIT = frozenset(
    _words(
        """
    mr mrs ms dr prof gen col lt sgt capt cmdr adm sen rep gov pres hon rev fr sr jr st mt ft
    no nos vol pp p fig art sec ch para approx ca cf vs e.g i.e eg ie viz al
    jan feb mar apr jun jul aug sep sept oct nov dec
    tp ths ts pgs gs bs ks q tx ng mme mlle m hr
    """
    )
)
# Abbreviations that stand before a number: "No. 5", "p. 12".
_BEFORE_NUMBERS = frozenset(_words("no nos p pp art sec ch para fig vol"))
# Words that start a new sentence after an abbreviation such as "U.S." or "etc.".
_SENTENCE_STARTERS = frozenset(
    _words(
        "The This That These Those It He She They We I In On At But And So Yet A An "
        "Its Their His Her Our There Here However Meanwhile"
    )
)

THAI_MIN_SENTENCE = 30  # characters: a shorter group is not a sentence on its own
THAI_MIN_PHRASE = 6
THAI_SHORT_PHRASE = 8  # a phrase this short before a gap ("โดยเฉิน") goes on with the next one
THAI_LIST_ITEM = 15  # "A B และ C": a phrase this short followed by และ/หรือ is a list item
_THAI_SPEAKER = re.compile("(?<!ดัง)กล่าว|เผย|ระบุ|บอก|แถลง")
_THAI_TITLES = ("นาย", "นาง", "ดร.", "พล.", "ผศ.", "รศ.", "ศ.")
# "According to ..." openers: the source named after them is not a sentence, the statement follows
# ("ตามรายงานของสำนักงานสถิติแห่งชาติ อัตราการว่างงาน...ลดลง...").
THAI_SOURCE_OPENERS = tuple(_words("ตามรายงานของ ตามข้อมูลของ ตามข้อมูลจาก ตามรายงาน อ้างอิงจาก ข้อมูลจาก จากรายงานของ"))
# Adverbs that open a new sentence even though they contain a connective.
THAI_SENTENCE_OPENERS = tuple(
    _words(
        """
    อย่างไรก็ตาม อย่างไรก็ดี ขณะเดียวกัน นอกจากนี้ ทั้งนี้ ล่าสุด ต่อมา ด้านนาย ด้านนาง ในขณะที่ ขณะที่
    """
    )
)
THAI_CONTINUE_PREFIXES = tuple(
    _words(
        """
    ซึ่ง และ หรือ แต่ โดย เพื่อ ที่ ว่า เช่น อาทิ นี้ นั้น ของ ใน กับ ให้ จึง เมื่อ รวมถึง
    รวมทั้ง ได้ ก็ คือ นั่นคือ นั่นก็ เนื่องจาก เพราะ จาก ตาม ถึง แม้ หาก ถ้า จน อย่าง ด้วย แล้ว
    ไป มา อยู่ กว่า สำหรับ ต่อ จำนวน ประมาณ ราว ภายใน ภายใต้ ยัง จะ เป็น คิดเป็น เทียบ
    กล่าว เผย เปิดเผย ระบุ ชี้ แถลง ยืนยัน รายงาน อ้าง บอก มองว่า เพิ่มขึ้น ลดลง สูงขึ้น
    สูงที่สุด ต่ำที่สุด มากที่สุด น้อยที่สุด สูงสุด ต่ำสุด พ.ศ. ค.ศ.
    ແລະ ຫຼື ແຕ່ ໂດຍ ເພື່ອ ທີ່ ວ່າ ຂອງ ໃນ ກັບ ໃຫ້ ຊຶ່ງ ເຊິ່ງ
    """
    )
)
THAI_CONTINUE_SUFFIXES = tuple(
    _words(
        """
    ว่า ที่ และ หรือ ของ ให้ กับ แก่ โดย จาก ใน เพื่อ ซึ่ง คือ เป็น ได้แก่ อาทิ เช่น ถึง ตั้งแต่
    ระหว่าง อย่าง ด้าน ทั้ง
    ວ່າ ທີ່ ແລະ ຂອງ
    """
    )
)

_BULLETS = "•·‣◦▪*–—-#>"


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of paragraphs in text[start:end]: each line is one, except that a line
    continues the one before when that one has no final punctuation and this one starts
    with a lowercase letter (text wrapped by hand)."""
    end = len(text) if end is None else end
    para_start = None
    para_end = None
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline == -1 else newline
        line = text[pos:line_end]
        stripped = line.strip()
        if stripped:
            lead = pos + (len(line) - len(line.lstrip()))
            trail = lead + len(stripped)
            if para_start is not None and stripped[0].islower() and text[para_end - 1] not in ".!?。！？។៕:;":
                para_end = trail
            else:
                if para_start is not None:
                    yield para_start, para_end
                para_start, para_end = lead, trail
        elif para_start is not None:
            yield para_start, para_end
            para_start = None
        pos = line_end + 1
    if para_start is not None:
        yield para_start, para_end


def _latin_cut(text: str, para_start: int, term_start: int, term_end: int) -> bool:
    """Whether the terminal text[term_start:term_end] (followed by whitespace) ends a
    sentence."""
    following = _NEXT_WORD.match(text, term_end)
    next_word = following.group(1) if following else ""
    if not next_word:
        return True
    first = next_word[0]
    if first.islower():
        return False
    terminal = text[term_start:term_end]
    if terminal[0] == "." and _THAI_ABBREVIATION.search(text, max(para_start, term_start - 6), term_start):
        return False  # a Thai abbreviation (ทอท. บล. ม.ค.), not the end of a sentence
    if "." not in terminal or "..." in terminal or "…" in terminal:
        return True
    # the word before the terminal, found by looking back a little (never rescanning the paragraph)
    window = text[max(para_start, term_start - 40) : term_start]
    if not window or window[-1].isspace():
        return True
    raw_token = window.split()[-1]
    token_start = term_start - len(raw_token)
    token = raw_token.lstrip(_OPENERS)
    if not token:
        return True
    if any(ch in _CLOSERS for ch in terminal):
        return True  # 'He said "no." Then ...': a closed quotation ends the sentence
    bare = token.lower().rstrip(".")
    if bare in NEVER_SPLIT or ("." in bare and bare.rsplit(".", 1)[1] in NEVER_SPLIT):
        return False  # Dr. Kim, TP. Hồ Chí Minh, PGS.TS. Lê Văn An
    if bare in _BEFORE_NUMBERS and first.isdigit():
        return False  # No. 5, p. 12, Art. 3
    if token_start == para_start and _LIST_NUMBER.fullmatch(token):
        return False  # "1. First point", "a. ..."
    if len(token) <= 8 and token[0].isupper() and _INITIALS.fullmatch(token):
        # initials and dotted abbreviations: J. Smith, U.S. officials
        return next_word.rstrip(",;:") in _SENTENCE_STARTERS
    return True


def _thai_groups(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Group the phrases of text[start:end] into sentences."""
    if not _THAI_OR_LAO.search(text, start, end):
        yield start, end  # no Thai or Lao letter: nothing to group (and no gap to look for)
        return
    gaps = [(m.start(), m.end()) for m in _THAI_GAP.finditer(text, start, end)]
    if not gaps:
        yield start, end
        return
    sentence_start = start
    phrase_start = start
    for index, (gap_start, gap_end) in enumerate(gaps):
        next_end = gaps[index + 1][0] if index + 1 < len(gaps) else end
        previous_phrase, phrase_start = phrase_start, gap_end
        # offsets, not slices: a long paragraph whose phrases all join stays linear
        if gap_start - sentence_start < THAI_MIN_SENTENCE or (
            next_end - gap_end < THAI_MIN_PHRASE and not text.startswith(_THAI_TITLES, gap_end, next_end)
        ):
            continue  # a short phrase goes on, unless it is a title opening a name ("นายซก วันนารา")
        if (
            gap_start - previous_phrase < THAI_SHORT_PHRASE
            or text[previous_phrase:gap_start] in THAI_SENTENCE_OPENERS
            or (
                text.startswith(_THAI_TITLES, previous_phrase, gap_start)
                and not _THAI_SPEAKER.search(text, previous_phrase, gap_start)
            )
        ):
            continue  # "โดยเฉิน อวี่ถง", "นายวิชัย ทองดี": a name goes on; "ขณะเดียวกัน ..." opens
        if previous_phrase == sentence_start and text.startswith(THAI_SOURCE_OPENERS, sentence_start, gap_start):
            continue  # "ตามรายงานของ<org> <statement>": the source opens the statement
        if (
            next_end - gap_end <= THAI_LIST_ITEM
            and index + 1 < len(gaps)
            and text.startswith(("และ", "หรือ"), gaps[index + 1][1])
        ):
            continue  # "นครศรีธรรมราช สุราษฎร์ธานี และสงขลา"
        if text[gap_start - 1] in '"”’' and _THAI_SPEAKER.search(text, gap_end, min(next_end, gap_end + 25)):
            continue  # '"...." นายวิชัยกล่าว': the speaker after the quotation
        if text[gap_end] in '"“' and text.find("ว่า", max(previous_phrase, gap_start - 20), gap_start) != -1:
            continue  # 'บอกว่ามาตรการดังกล่าว "...."': the quotation of what was said
        if text.startswith(THAI_SENTENCE_OPENERS, gap_end, next_end) or (
            not text.startswith(THAI_CONTINUE_PREFIXES, gap_end, next_end)
            and not text.endswith(THAI_CONTINUE_SUFFIXES, sentence_start, gap_start)
            and text.find("ก็", gap_end, min(next_end, gap_end + 15)) == -1  # "..., X ก็ ..." goes on
        ):
            yield sentence_start, gap_start
            sentence_start = gap_end
    yield sentence_start, end


def _cuts(text: str, start: int, end: int) -> list[int]:
    cuts = [m.end() for m in _STRONG.finditer(text, start, end)]
    for match in _WEAK.finditer(text, start, end):
        if match.end() < end and _latin_cut(text, start, match.start(), match.end()):
            cuts.append(match.end())
    cuts.sort()
    return cuts


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in _BULLETS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*_"):
        end -= 1  # closing Markdown emphasis left after the sentence ("...2025*")
    if start >= end:
        return None
    piece = text[start:end]
    if not any(ch.isalnum() for ch in piece):
        return None
    return start, end


def split_range(text: str, start: int, end: int) -> Iterator[Sentence]:
    """Sentences of text[start:end], offsets into ``text``."""
    for para_start, para_end in paragraphs(text, start, end):
        previous = para_start
        for cut in [*_cuts(text, para_start, para_end), para_end]:
            if cut <= previous:
                continue
            for group_start, group_end in _thai_groups(text, previous, cut):
                span = _trim(text, group_start, group_end)
                if span:
                    yield Sentence(span[0], span[1], text[span[0] : span[1]])
            previous = cut


def split_sentences(text: str, language: str = "und") -> list[Sentence]:
    """All sentences of ``text``; ``text[s.start:s.end] == s.text`` for each.

    The rules key on the script of the characters rather than on ``language``, so a
    quotation in another script is split by its own rules."""
    return list(split_range(text, 0, len(text)))


def split_outside(text: str, skip: Iterable[tuple[int, int]]) -> list[Sentence]:
    """Sentences of ``text`` that lie outside the ``skip`` spans (boilerplate)."""
    sentences: list[Sentence] = []
    position = 0
    for skip_start, skip_end in sorted(skip):
        if skip_start > position:
            sentences.extend(split_range(text, position, skip_start))
        position = max(position, skip_end)
    if position < len(text):
        sentences.extend(split_range(text, position, len(text)))
    return sentences
