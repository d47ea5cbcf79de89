"""The gold set (benchmarks/gold) parses, and its annotations are consistent."""

import pytest

from benchmarks import gold

# Issue 10: every story in at least four languages, Thai, Khmer and Japanese among them, and one of
# Korean, Chinese or Arabic.
REQUIRED = {"th", "km", "ja"}


def test_every_story_is_told_in_the_required_languages_with_the_same_facts():
    stories = gold.manifest()["stories"]
    assert {info["split"] for info in stories.values()} == {"dev", "test"}
    for story in stories:
        told = [a for a in gold.articles() if a.story == story]
        languages = {a.language for a in told}
        assert len(languages) >= 4 and languages >= REQUIRED and languages & {"ko", "zh", "ar"}, story
        facts = [{f for span in a.facts for f in span.facts} for a in told]
        assert all(f == facts[0] for f in facts), story
        assert all(a.furniture for a in told), story


def test_spans_point_at_the_marked_text():
    article = next(a for a in gold.articles() if a.key == "s1-lumora-downloads/en")
    first_fact = article.facts[0]
    assert article.text(first_fact).startswith("Qilin-3, the open-source language model")
    assert first_fact.facts == ("s1-lumora-downloads:f1",)
    assert "{" not in article.body and "|" not in article.body


def test_same_fact_pairs_are_across_languages_of_one_story():
    pairs = gold.same_fact_pairs("test")
    assert pairs
    for pair in pairs:
        assert pair.a.language != pair.b.language
        assert pair.a.story == pair.b.story == pair.fact.split(":")[0]
        assert pair.a.split == pair.b.split == "test"


@pytest.mark.parametrize(
    "marked",
    ["{f1|one} stray text", "{x1|bad label}", "{-| padded }", "{f1|}"],
)
def test_malformed_markup_is_refused(marked):
    with pytest.raises(ValueError):
        gold.parse(marked, story="s", key="k")
