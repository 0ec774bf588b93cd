"""The customer's plan as Markdown: for an email or a shared document."""

from __future__ import annotations

from followup.domain.customer_view import CustomerPlan
from followup.formats.plan_text import (
    due_text,
    heading,
    phases,
    status_text,
    step_title,
    summary_lines,
)


def render_markdown(plan: CustomerPlan) -> str:
    lines = [f"# {_cell(heading(plan))}", ""]
    lines += [_cell(line) for line in summary_lines(plan)]
    for title, steps in phases(plan):
        lines += [
            "",
            f"## {title}",
            "",
            "| # | Step | Who | Due | Status |",
            "| --- | --- | --- | --- | --- |",
        ]
        for number, step in enumerate(steps, 1):
            name = _cell(step_title(step))
            if step.after:
                name += f" (after: {_cell(', '.join(step.after))})"
            lines.append(
                f"| {number} | {name} | {_cell(step.who)} | {due_text(step, plan)} | "
                f"{_cell(status_text(step))} |"
            )
    if not plan.steps:
        lines += ["", "No steps planned yet."]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text that cannot break the table or turn into markup or a link."""
    escaped = "".join(f"\\{c}" if c in "\\`*_{}[]<>#+!|~" else c for c in text)
    return " ".join(escaped.split())
