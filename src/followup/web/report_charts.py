"""The Reports page's charts, drawn from the same documents `followup report ... --json`
prints: each with its title and a sentence that says what it shows."""

from __future__ import annotations

from typing import Any

from followup.web.charts import Chart, Row, bar_chart

KEPT = ("kept on time", "kept late", "still overdue")
SIDES = {"us": "Our promises", "them": "Their promises"}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def followup_charts(document: dict[str, Any]) -> list[Chart]:
    """Per side: the promises due each month, kept on time, kept late, still overdue."""
    charts = []
    for side, title in SIDES.items():
        rows = [
            Row(
                month["month"],
                [month[side]["on_time"], month[side]["late"], month[side]["overdue"]],
                f"{percent(month[side]['on_time_rate'])} on time"
                if month[side]["due"]
                else "none due",
            )
            for month in document["months"]
        ]
        total = document["sides"][side]
        description = (
            f"{title} by the month they fell due: {total['on_time']} kept on time, "
            f"{total['late']} kept late, {total['overdue']} still overdue "
            f"({percent(total['on_time_rate'])} on time)."
        )
        charts.append(
            bar_chart(f"chart-followups-{side}", f"{title} by month due", description, KEPT, rows)
        )
    return charts


def response_charts(document: dict[str, Any]) -> list[Chart]:
    """Attempts answered and not, per channel and per culture."""
    found = []
    for key, label in (("channels", "channel"), ("cultures", "culture")):
        rows = [
            Row(
                entry[label].replace("_", " "),
                [entry["answered"], entry["attempts"] - entry["answered"]],
                f"{entry['answered']} of {entry['attempts']} ({percent(entry['rate'])})",
            )
            for entry in document[key]
        ]
        description = (
            f"Outbound attempts by {label}: {document['answered']} of {document['attempts']} "
            f"answered overall ({percent(document['rate'])})."
        )
        found.append(
            bar_chart(
                f"chart-responses-{label}",
                f"Attempts answered by {label}",
                description,
                ("answered", "not answered"),
                rows,
            )
        )
    return found


def pipeline_chart(document: dict[str, Any]) -> Chart:
    """Open deals per stage, stacked by how long they have been in it."""
    buckets = document["age_buckets"]
    rows = [
        Row(
            stage["stage"],
            [stage["ages"][bucket] for bucket in buckets],
            f"{stage['deals']} deal{'s' * (stage['deals'] != 1)}",
        )
        for stage in document["stages"]
    ]
    total = sum(stage["deals"] for stage in document["stages"])
    description = (
        f"{total} open deals by stage, each bar split by days in the stage ({', '.join(buckets)})."
    )
    series = [f"{bucket} days" for bucket in buckets]
    return bar_chart(
        "chart-pipeline", "Open deals by stage and days in it", description, series, rows
    )


def satisfaction_chart(document: dict[str, Any]) -> Chart:
    """The average latest score (1-10) per culture."""
    cultures = document["cultures"]
    rows = [
        Row(
            entry["culture"],
            [entry["average_latest"] or 0],
            f"{entry['average_latest']} ({entry['rated']} rated)"
            if entry["rated"]
            else "no scores",
        )
        for entry in cultures
    ]
    rated = [c for c in cultures if c["average_latest"] is not None]
    description = (
        "Average latest satisfaction score (1 to 10) per culture: "
        + (", ".join(f"{c['culture']} {c['average_latest']}" for c in rated) or "no scores yet")
        + "."
    )
    return bar_chart(
        "chart-satisfaction", "Satisfaction by culture", description, ["average score"], rows, 10
    )
