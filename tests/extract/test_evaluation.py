"""The labelled set meets the quality targets (this is quality, not timing): precision,
recall and due-date accuracy at least 0.85 on English, on the tuning part and on the
held-out part alike. German is held to a lower bar until it has a larger set."""

from __future__ import annotations

import pytest

from benchmarks.capture_eval import DATA, TARGETS, evaluate, load

GERMAN_FLOOR = 0.6


def test_the_set_is_large_and_varied() -> None:
    notes = sorted(DATA.glob("*/*.toml"))
    assert len(notes) >= 40
    labels = [label for note in notes for label in load(note).get("expect", [])]  # type: ignore[attr-defined]
    assert len(labels) >= 150
    assert any(not load(note).get("expect") for note in notes)  # notes without any promise
    assert sum(1 for label in labels if label.get("due") is None) >= 10  # undated promises


@pytest.mark.parametrize("part", ["tune", "heldout"])
def test_english_meets_the_targets(part: str) -> None:
    score = evaluate(part)[(part, "en")]
    assert score.notes >= 14
    # The held-out part is scored, never read for tuning: its misses stay unshown.
    shown = score.misses if part == "tune" else f"{len(score.misses)} misses"
    assert score.precision >= TARGETS["precision"], shown
    assert score.recall >= TARGETS["recall"], shown
    assert score.due_accuracy >= TARGETS["due_accuracy"], shown


def test_german_is_read() -> None:
    scores = evaluate("all")
    for part in ("tune", "heldout"):
        score = scores[(part, "de")]
        assert min(score.precision, score.recall, score.due_accuracy) >= GERMAN_FLOOR
