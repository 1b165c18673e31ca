"""Scoring a segmentation against a hand-made gold labelling (tests/data/gold, tests/data/heldout).

Gold files are JSON lines, one segment each: {"line", "kind", "lang", "text", "spans": [[substring, lang], ...]}.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from i18n.segment import Segment


@dataclass(frozen=True)
class GoldSegment:
    start: int
    end: int
    line: int
    kind: str
    lang: str
    letters: dict[int, str]  # offset of each letter -> its language


def load_gold(gold_path: Path, text: str) -> list[GoldSegment]:
    """Gold segments with offsets into ``text``, found line by line, in order."""
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    segments, cursor = [], 0
    for raw in gold_path.read_text(encoding="utf-8").splitlines():
        item = json.loads(raw)
        start = text.index(item["text"], max(cursor, line_starts[item["line"] - 1]))
        end = start + len(item["text"])
        letters, offset = {}, start
        for substring, lang in item["spans"]:
            offset = text.index(substring, offset, end)
            for index in range(offset, offset + len(substring)):
                if text[index].isalpha():
                    letters[index] = lang
            offset += len(substring)
        segments.append(GoldSegment(start, end, item["line"], item["kind"], item["lang"], letters))
        cursor = end
    return segments


@dataclass(frozen=True)
class Score:
    boundary_precision: float
    boundary_recall: float
    class_accuracy: float
    kind_accuracy: float
    letter_accuracy: float

    @property
    def boundary_f1(self) -> float:
        p, r = self.boundary_precision, self.boundary_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[GoldSegment], predicted: list[Segment]) -> Score:
    gold_bounds = {(g.start, g.end) for g in gold}
    predicted_bounds = {(p.start, p.end) for p in predicted}
    hits = len(gold_bounds & predicted_bounds)
    by_bounds = {(p.start, p.end): p for p in predicted}
    classes = kinds = 0
    letter_lang = {}
    for p in predicted:
        for span in p.spans:
            for index in range(span.start, span.end):
                letter_lang[index] = span.lang
    letters = right = 0
    for g in gold:
        match = by_bounds.get((g.start, g.end))
        classes += match is not None and match.lang == g.lang
        kinds += match is not None and match.kind == g.kind
        for index, lang in g.letters.items():
            letters += 1
            right += letter_lang.get(index) == lang
    return Score(
        hits / len(predicted_bounds) if predicted_bounds else 1.0,
        hits / len(gold_bounds) if gold_bounds else 1.0,
        classes / len(gold) if gold else 1.0,
        kinds / len(gold) if gold else 1.0,
        right / letters if letters else 1.0,
    )
