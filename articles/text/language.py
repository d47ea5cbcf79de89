"""Language detection: a script check first, then langdetect (seeded, deterministic)
for the scripts that many languages share (Latin, Cyrillic, Arabic, Devanagari).  Latin
text full of letters that only Vietnamese writes (ơ, ư, ệ, ộ...) is Vietnamese without
asking langdetect, as kana are Japanese.

Per-sentence language is cheap on purpose: the script of the sentence, and for Latin
text a small stop-word vote, never a second langdetect run over Latin text."""

from __future__ import annotations

import re
from collections import Counter

from .base import UNDETERMINED, Detection
from .scripts import SCRIPT_LANGUAGE, cjk_language, dominant_script, script_counts

# Below this many letters a text is too short to tell ('und').
MIN_LETTERS = 8
# langdetect needs more text than a script check, and a clear winner.
MIN_LETTERS_MODEL = 20
MIN_CONFIDENCE = 0.80
# A non-Latin script with at least this share of the letters decides the language even
# when Latin letters are more numerous (names and terms in English are common in any news).
NON_LATIN_SHARE = 0.35
# langdetect reads at most this many characters (its own default is 10,000); its cost
# grows with the text it reads and 2,000 characters are plenty to name the language.
MODEL_SAMPLE = 2_000
# Scripts are counted on the beginning of the text only: a few thousand characters tell
# the script of an article as well as the whole of it.
SCRIPT_SAMPLE = 4_000

_LANGDETECT_CODES = {"zh-cn": "zh", "zh-tw": "zh"}

# Letters that, among the languages written in Latin script, only Vietnamese uses: ơ and ư, and the
# vowels with a tone mark below or a hook above (U+1EA0-U+1EF7), except ẹ ọ (Yoruba writes them too)
# and ẽ ỹ (Guarani). ă (Romanian) and đ (Croatian) are left out for the same reason.
_VIETNAMESE_LETTER = re.compile("[ơưƠƯ\u1ea0-\u1eb7\u1eba-\u1ebb\u1ebe-\u1ecb\u1ece-\u1ef7]")
# Like a script of its own, they name Vietnamese when at least this share of the words carries one
# (Vietnamese news: 40-60%; any other language: none), and at least VIETNAMESE_MIN_WORDS words do.
VIETNAMESE_WORD_SHARE = 0.2
VIETNAMESE_MIN_WORDS = 3


def _words(text: str) -> list[str]:
    return text.split()


LATIN_LANGUAGES = frozenset(
    _words(
        "en vi fr de es pt it nl id ms tl sv da no nb fi et lv lt pl cs sk sl hr sq ro hu tr "
        "af sw so cy ga is eu ca gl az uz"
    )
)
CYRILLIC_LANGUAGES = frozenset(_words("ru uk bg mk sr be kk ky mn tg"))
ARABIC_LANGUAGES = frozenset(_words("ar fa ur ps ug ku sd"))
DEVANAGARI_LANGUAGES = frozenset(_words("hi mr ne sa"))

_factory = None


def _detector_factory():
    """langdetect's profiles, loaded once, with a fixed seed so results never vary."""
    global _factory
    if _factory is None:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import PROFILES_DIRECTORY

        DetectorFactory.seed = 0
        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
        factory.seed = 0
        _factory = factory
    return _factory


def langdetect_probabilities(text: str) -> list[tuple[str, float]]:
    """langdetect's (language, probability) list, best first; empty when it finds nothing."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.set_max_text_length(MODEL_SAMPLE)
    detector.append(text)
    try:
        probabilities = detector.get_probabilities()
    except LangDetectException:
        return []
    return [(_LANGDETECT_CODES.get(p.lang, p.lang), p.prob) for p in probabilities]


def script_of_language(language: str) -> str | None:
    if language in ("ja", "zh", "ko"):
        return "CJK"
    if language in LATIN_LANGUAGES:
        return "Latn"
    if language in CYRILLIC_LANGUAGES:
        return "Cyrl"
    if language in ARABIC_LANGUAGES:
        return "Arab"
    if language in DEVANAGARI_LANGUAGES:
        return "Deva"
    for script, lang in SCRIPT_LANGUAGE.items():
        if lang == language:
            return script
    return None


def _deciding_script(counts: Counter[str]) -> tuple[str | None, float]:
    """The script that should decide: a non-Latin script with a large enough share wins
    over Latin; otherwise the dominant one."""
    script, share = dominant_script(counts)
    if script == "Latn" and share < 1.0:
        non_latin = Counter({s: n for s, n in counts.items() if s != "Latn"})
        other, other_share = dominant_script(non_latin)
        total = sum(counts.values())
        other_share = sum(non_latin.values()) / total if other else 0.0
        if other and other_share >= NON_LATIN_SHARE:
            return other, other_share
    return script, share


def _script_language(script: str, counts: Counter[str]) -> str | None:
    if script == "CJK":
        return cjk_language(counts)
    return SCRIPT_LANGUAGE.get(script)


def detect_language(text: str) -> Detection:
    """The language of a whole text, or 'und' when it is too short or unclear."""
    counts = script_counts(text[:SCRIPT_SAMPLE])
    total = sum(counts.values())
    if total < MIN_LETTERS:
        return Detection(UNDETERMINED, 0.0)
    script, share = _deciding_script(counts)
    language = _script_language(script, counts)
    if language is None and script == "Latn" and _vietnamese_letters_decide(text[:SCRIPT_SAMPLE]):
        language = "vi"
    if language is not None:
        return Detection(language, round(min(1.0, 0.5 + share), 3))
    if total < MIN_LETTERS_MODEL:
        return Detection(UNDETERMINED, 0.0)
    probabilities = langdetect_probabilities(text)
    if not probabilities:
        return Detection(UNDETERMINED, 0.0)
    language, confidence = probabilities[0]
    if confidence < MIN_CONFIDENCE:
        return Detection(UNDETERMINED, round(confidence, 3))
    return Detection(language, round(confidence, 3))


def _vietnamese_letters_decide(text: str) -> bool:
    words = text.split()
    marked = sum(1 for word in words if _VIETNAMESE_LETTER.search(word))
    return marked >= VIETNAMESE_MIN_WORDS and marked >= VIETNAMESE_WORD_SHARE * len(words)


# --- per-sentence language --------------------------------------------------------

_WORD = re.compile(r"[a-zà-ÿđăơưạ-ỹ']+")
_VIETNAMESE_ONLY = re.compile(r"[đăơư\u1ea0-\u1ef9]")
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in is that for was with on as by it are said from has have "
        "at be this which will were its an not or their but had been would more than",
        "fr": "le la les des et est une du que qui dans pour pas sur au avec il elle ont "
        "sont aux cette mais plus selon été",
        "de": "der die das und ist nicht ein eine mit von den zu auf für sich dem im auch wird sind wurde nach bei",
        "es": "el los las y que en un una es por con para del se al como más pero según fue han su",
        "pt": "os as e que em um uma é para com não do da no na dos das ao pelo pela foi são mais",
        "it": "il di che un una per non con del della è sono gli dei nel alla ha anche più secondo",
        "nl": "de het een en van is dat op te niet met voor zijn er aan ook wordt door",
        "id": "yang dan di ini itu dengan untuk dari tidak akan pada adalah dalam kata juga telah oleh",
    }.items()
}


def latin_language_guess(text: str) -> str | None:
    """A cheap guess for Latin-script text: Vietnamese by its letters, the others by a
    stop-word vote.  None when the evidence is thin."""
    lowered = text.lower()
    words = _WORD.findall(lowered)
    if len(words) < 3:
        return None
    if len(_VIETNAMESE_ONLY.findall(lowered)) * 4 >= len(words):
        return "vi"
    votes = Counter()
    for word in words:
        for lang, stopwords in _STOPWORDS.items():
            if word in stopwords:
                votes[lang] += 1
    if not votes:
        return None
    ranked = votes.most_common(2)
    best, hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if hits >= 2 and hits * 6 >= len(words) and hits > runner_up:
        return best
    return None


def sentence_language(text: str, article_language: str) -> str:
    """The language of one sentence inside an article in ``article_language``.  A regional
    code set by an editor (en-GB, zh-Hant) is kept for sentences in that language."""
    base = article_language.split("-")[0].lower()
    found = _sentence_language(text, base)
    return article_language if found == base else found


_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")


def _sentence_language(text: str, article_language: str) -> str:
    if script_of_language(article_language) == "Latn" and not _NON_LATIN_LETTER.search(text):
        # the common case, Latin text in a Latin-script article: no need to count scripts
        return latin_language_guess(text) or article_language
    counts = script_counts(text)
    if not counts:
        return article_language
    article_script = script_of_language(article_language)
    if len(counts) == 1 and article_script not in (None, "Latn", "CJK"):
        (only,) = counts
        if only == article_script:
            return article_language
    script, _share = _deciding_script(counts)
    if script == "CJK":
        language = cjk_language(counts)
        if language == "zh" and article_language == "ja":
            return "ja"  # kanji-only sentences happen in Japanese text
        return language or article_language
    if script in SCRIPT_LANGUAGE:
        return SCRIPT_LANGUAGE[script]
    if script == "Latn":
        guess = latin_language_guess(text)
        if article_script == "Latn":
            return guess or article_language
        if article_script and article_script != "CJK" and counts.get(article_script):
            return article_language
        if article_script == "CJK" and (counts["Hani"] or counts["Kana"] or counts["Hang"]):
            return article_language
        return guess or UNDETERMINED
    # Cyrillic, Arabic, Devanagari...: same script as the article means same language;
    # a different script is rare enough to afford langdetect on the sentence.
    if script == article_script:
        return article_language
    probabilities = langdetect_probabilities(text)
    if probabilities and probabilities[0][1] >= MIN_CONFIDENCE:
        return probabilities[0][0]
    return UNDETERMINED
