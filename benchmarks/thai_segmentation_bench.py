"""Thai sentence boundaries: articles.text's splitter against PyThaiNLP's sent_tokenize engines.

    .venv/bin/python -m benchmarks.thai_segmentation_bench [--engines crfcut,thaisum] [--repeat 5]

Gold boundaries: the Thai articles of the gold set (benchmarks/gold, stories and unrelated ones) and
benchmarks/gold/segmentation/th.<split>.txt (Thai news paragraphs written for this benchmark), whose
sentences are marked one by one.  Only the boundaries inside a paragraph (a line) count: every
splitter cuts at line ends.  A boundary is the offset where the next sentence starts; precision,
recall and F1 per split (dev: the splitter was tuned on it; test: held out), and the time each
splitter takes on all the text (best of --repeat runs).

PyThaiNLP is optional (requirements-dev.txt): engines that cannot run here are reported and skipped
(tltk and wtp need other packages, wtp also a model download).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import gold

SEGMENTATION = gold.ROOT / "segmentation"


def thai_lines(split: str) -> list[tuple[str, frozenset[int]]]:
    """(line, gold inner boundaries) for every line of Thai gold text of the split that holds a sentence."""
    texts = [(a.body, a.spans) for a in gold.articles(split, language="th")]
    path = SEGMENTATION / f"th.{split}.txt"
    texts.append(gold.parse(Path(path).read_text(encoding="utf-8"), story="seg", key=path.name))
    lines = []
    for body, spans in texts:
        position = 0
        for line in body.split("\n"):
            start, end = position, position + len(line)
            position = end + 1
            inside = [s for s in spans if start <= s.start and s.end <= end]
            if not inside:
                continue
            lines.append((line, frozenset(s.start - start for s in inside[1:])))
    return lines


def ours(line: str) -> list[int]:
    from articles.text import split_sentences

    return [s.start for s in split_sentences(line)]


def _pythainlp(engine: str) -> Callable[[str], list[int]]:
    from pythainlp.tokenize import sent_tokenize

    def split(line: str) -> list[int]:
        starts = []
        position = 0
        for sentence in sent_tokenize(line, engine=engine):
            piece = sentence.strip()
            if not piece:
                continue
            found = line.find(piece, position)
            if found == -1:  # the engine changed the text: count its start where we are
                found = position
            starts.append(found)
            position = found + len(piece)
        return starts

    split(" ทดสอบ ")  # load the model before timing
    return split


def score(splitter: Callable[[str], list[int]], lines) -> tuple[float, float, float, int, int, int]:
    true_positive = predicted = expected = 0
    for line, boundaries in lines:
        starts = {s for s in splitter(line) if s > 0 and line[:s].strip()}
        true_positive += len(starts & boundaries)
        predicted += len(starts)
        expected += len(boundaries)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, true_positive, predicted, expected


def timing(splitter: Callable[[str], list[int]], lines, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for line, _boundaries in lines:
            splitter(line)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default="crfcut,thaisum,tltk,wtp,whitespace", help="PyThaiNLP engines")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    splitters: dict[str, Callable[[str], list[int]]] = {"articles.text": ours}
    for engine in args.engines.split(","):
        try:
            splitters[f"pythainlp {engine}"] = _pythainlp(engine)
        except Exception as error:  # noqa: BLE001 - a missing package or model: say so and go on
            print(f"pythainlp {engine}: cannot run here ({type(error).__name__}: {str(error)[:120]})")
    try:
        import pythainlp

        print(f"pythainlp {pythainlp.__version__}")
    except ImportError:
        print("pythainlp is not installed: only articles.text is measured")
    every_line = []
    for split in gold.SPLITS:
        lines = thai_lines(split)
        every_line.extend(lines)
        boundaries = sum(len(b) for _l, b in lines)
        chars = sum(len(line) for line, _b in lines)
        print(f"\n{split}: {len(lines)} lines, {chars:,} characters, {boundaries} gold boundaries inside lines")
        print(f"  {'splitter':22} {'precision':>9} {'recall':>7} {'F1':>6}  (right / cut / gold)")
        for name, splitter in splitters.items():
            p, r, f, tp, predicted, expected = score(splitter, lines)
            print(f"  {name:22} {p:>9.1%} {r:>7.1%} {f:>6.1%}  ({tp} / {predicted} / {expected})")
    chars = sum(len(line) for line, _b in every_line)
    print(f"\nspeed on all {len(every_line)} lines ({chars:,} characters), best of {args.repeat}:")
    for name, splitter in splitters.items():
        seconds = timing(splitter, every_line, args.repeat)
        print(f"  {name:22} {seconds * 1000:8.1f} ms  ({chars / seconds / 1000:,.0f} k characters/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
