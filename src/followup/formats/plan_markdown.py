"""The customer's plan as Markdown: for an email or a shared document."""

from __future__ import annotations

from followup.domain.customer_view import CustomerPlan
from followup.formats.markup import markdown_text
from followup.formats.plan_text import (
    due_text,
    heading,
    phases,
    status_text,
    step_title,
    summary_lines,
)


def render_markdown(plan: CustomerPlan) -> str:
    lines = [f"# {markdown_text(heading(plan))}", ""]
    lines += [markdown_text(line) for line in summary_lines(plan)]
    for title, steps in phases(plan):
        lines += [
            "",
            f"## {title}",
            "",
            "| # | Step | Who | Due | Status |",
            "| --- | --- | --- | --- | --- |",
        ]
        for number, step in enumerate(steps, 1):
            name = markdown_text(step_title(step))
            if step.after:
                name += f" (after: {markdown_text(', '.join(step.after))})"
            lines.append(
                f"| {number} | {name} | {markdown_text(step.who)} | {due_text(step, plan)} | "
                f"{markdown_text(status_text(step))} |"
            )
    if not plan.steps:
        lines += ["", "No steps planned yet."]
    return "\n".join(lines) + "\n"
