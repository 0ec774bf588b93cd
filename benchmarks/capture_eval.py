"""`make eval`: the extractor against the labelled notes in tests/data/capture.

    python benchmarks/capture_eval.py [--part tune|heldout|all] [--misses]

A proposed commitment matches a labelled one when it is owed by the same side and its quote
contains one of the label's `match` phrases; each label matches at most one proposal.
Precision is matched / proposed, recall matched / labelled, due-date accuracy the share of
matched pairs whose due dates agree (both null counts as agreeing). `--misses` lists what
went wrong in the tuning part (the held-out part is only ever scored, never shown).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from followup.extract import Extraction, extract  # noqa: E402

DATA = ROOT / "tests" / "data" / "capture"
TARGETS = {"precision": 0.85, "recall": 0.85, "due_accuracy": 0.85}


@dataclass
class Score:
    notes: int = 0
    labelled: int = 0
    proposed: int = 0
    matched: int = 0
    due_right: int = 0
    agreed_right: int = 0
    cadence_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def due_accuracy(self) -> float:
        return self.due_right / self.matched if self.matched else 1.0

    def add(self, other: Score) -> None:
        for name in ("notes", "labelled", "proposed", "matched", "due_right", "agreed_right",
                     "cadence_right"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses


def load(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def run_note(path: Path) -> tuple[Score, Extraction]:
    note = load(path)
    tz = ZoneInfo(str(note["tz"]))
    at = datetime.fromisoformat(str(note["at"]))
    at = at.replace(tzinfo=tz) if at.tzinfo is None else at
    result = extract(
        str(note["text"]),
        at,
        tz,
        list(note.get("us", [])),
        list(note.get("them", [])),  # type: ignore[call-overload]
        str(note["lang"]),
    )
    return score(path.name, note, result), result


def score(name: str, note: dict[str, object], result: Extraction) -> Score:
    expected = list(note.get("expect", []))  # type: ignore[call-overload]
    found = list(result.commitments)
    s = Score(notes=1, labelled=len(expected), proposed=len(found))
    for label in expected:
        matches = label["match"] if isinstance(label["match"], list) else [label["match"]]
        hit = next(
            (
                p
                for p in found
                if p.owner.value == label["owner"]
                and any(m.lower() in p.quote.lower() for m in matches)
            ),
            None,
        )
        if hit is None:
            s.misses.append(f"{name}: missed {label['owner']} {label['what']!r}")
            continue
        found.remove(hit)
        s.matched += 1
        s.due_right += hit.due == label.get("due")
        s.agreed_right += hit.agreed == label.get("agreed", False)
        if hit.due != label.get("due"):
            s.misses.append(
                f"{name}: due {hit.due} for {label['what']!r}, meant {label.get('due')}"
            )
    s.misses += [f"{name}: extra {p.owner.value} {p.what!r} ({p.quote[:60]!r})" for p in found]
    cadence = note.get("cadence")
    got = result.cadence.every_days if result.cadence else None
    s.cadence_right = int(got == (cadence or {}).get("every_days"))  # type: ignore[union-attr]
    return s


def evaluate(part: str = "all") -> dict[tuple[str, str], Score]:
    """Scores per (part, language) over the labelled set."""
    scores: dict[tuple[str, str], Score] = {}
    parts = ["tune", "heldout"] if part == "all" else [part]
    for each in parts:
        for path in sorted((DATA / each).glob("*.toml")):
            lang = str(load(path)["lang"])
            note_score, _ = run_note(path)
            scores.setdefault((each, lang), Score()).add(note_score)
    return scores


def combined(scores: dict[tuple[str, str], Score], lang: str) -> Score:
    total = Score()
    for (_, language), each in scores.items():
        if language == lang:
            total.add(each)
    return total


def report(scores: dict[tuple[str, str], Score]) -> str:
    lines = [f"{'part':<9}{'lang':<6}{'notes':>6}{'labels':>8}{'found':>7}{'precision':>11}"
             f"{'recall':>8}{'due acc.':>10}{'agreed':>8}{'rhythm':>8}"]  # fmt: skip
    rows = sorted(scores.items()) + [
        (("all", lang), combined(scores, lang)) for lang in ("en", "de")
    ]
    for (part, lang), s in rows:
        lines.append(
            f"{part:<9}{lang:<6}{s.notes:>6}{s.labelled:>8}{s.proposed:>7}{s.precision:>11.2f}"
            f"{s.recall:>8.2f}{s.due_accuracy:>10.2f}"
            f"{(s.agreed_right / s.matched if s.matched else 1):>8.2f}"
            f"{s.cadence_right / s.notes if s.notes else 1:>8.2f}"
        )
    lines.append(
        "targets (English): precision, recall and due-date accuracy at least "
        f"{TARGETS['precision']:.2f}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["tune", "heldout", "all"], default="all")
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    args = parser.parse_args()
    scores = evaluate(args.part)
    print(report(scores))
    if args.misses:
        for (part, _), s in sorted(scores.items()):
            if part == "tune":
                print("\n".join(s.misses))


if __name__ == "__main__":
    main()
