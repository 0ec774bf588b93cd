"""`make bench` (capture): notes of about 300 words extracted per second on one core.

    python benchmarks/capture_bench.py [--notes N] [--words W]

The notes are built from the labelled set in tests/data/capture (English and German), each
grown to about W words by joining notes of the same language, so that the mix of bullets,
transcripts and emails is the real one. Each call of `followup.extract.extract` is timed
in this one process, by the CPU time it used (time.process_time: what one core does, even
while other work shares the machine) and by the wall clock (time.perf_counter); each figure
is the median of five rounds. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import tomllib
from datetime import datetime
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from followup.extract import extract  # noqa: E402

DATA = ROOT / "tests" / "data" / "capture"
OUT = ROOT / "benchmarks" / "out"
TARGET_PER_S = 100.0


def notes_of(words: int) -> list[tuple[str, str]]:
    """(language, text) notes of about `words` words each."""
    by_language: dict[str, list[str]] = {}
    for path in sorted(DATA.glob("*/*.toml")):
        with path.open("rb") as handle:
            note = tomllib.load(handle)
        by_language.setdefault(note["lang"], []).append(note["text"])
    built = []
    for lang, texts in by_language.items():
        for start in range(len(texts)):
            parts, count, index = [], 0, start
            while count < words:
                parts.append(texts[index % len(texts)])
                count += len(texts[index % len(texts)].split())
                index += 1
            built.append((lang, "\n\n".join(parts)))
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300, help="notes per round")
    parser.add_argument("--words", type=int, default=300, help="words per note")
    args = parser.parse_args()
    pool = notes_of(args.words)
    # Every note is different (a numbered line), as real notes are.
    batch = [(lang, f"{text}\nRef. {i}") for i, (lang, text) in
             ((i, pool[i % len(pool)]) for i in range(args.notes))]  # fmt: skip
    tz, at = ZoneInfo("Europe/Berlin"), datetime(2026, 11, 23, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    us, them = ["Anna", "Tom Becker"], ["Maria Santos", "Herr Braun"]
    extract(batch[0][1], at, tz, us, them, batch[0][0])  # builds the grammars once
    rounds, walls = [], []
    for _ in range(5):
        cpu, wall = time.process_time(), time.perf_counter()
        for lang, text in batch:
            extract(text, at, tz, us, them, lang)
        rounds.append(len(batch) / (time.process_time() - cpu))
        walls.append(len(batch) / (time.perf_counter() - wall))
    words = sum(len(text.split()) for _, text in batch) / len(batch)
    result = {
        "notes_per_s": round(median(rounds), 1),
        "notes_per_wall_s": round(median(walls), 1),
        "words_per_note": round(words),
        "notes_per_round": len(batch),
        "rounds": [round(r, 1) for r in rounds],
        "target_notes_per_s": TARGET_PER_S,
        "python": platform.python_version(),
        "load_average": os.getloadavg()[0],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "capture.json").write_text(json.dumps(result, indent=2) + "\n")
    verdict = "meets" if result["notes_per_s"] >= TARGET_PER_S else "MISSES"
    print(
        f"capture: {result['notes_per_s']} notes/s of ~{result['words_per_note']} words per "
        f"CPU second on one core, {result['notes_per_wall_s']}/s by the wall clock (median of 5 "
        f"rounds of {len(batch)}; {verdict} the target of {TARGET_PER_S:.0f}/s; load average "
        f"{result['load_average']:.2f})"
    )


if __name__ == "__main__":
    main()
