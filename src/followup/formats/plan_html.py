"""The customer's plan as one self-contained HTML page: the shared page and the export.

Every piece of text is escaped; the page loads nothing (no scripts, fonts or images), so a
strict Content-Security-Policy can serve it.
"""

from __future__ import annotations

from html import escape

from followup.domain.customer_view import CustomerPlan, SharedStep
from followup.domain.plans import MilestoneStatus
from followup.formats.plan_text import (
    due_text,
    heading,
    phases,
    status_text,
    step_title,
    summary_lines,
)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;
border-bottom:1px solid #d0d7de;vertical-align:top}th{background:#f6f8fa}
.after{color:#57606a;font-size:.85rem}.done td{color:#57606a}
.dropped td{text-decoration:line-through;color:#8c959f}.moved{color:#9a6700}
.checkpoint{font-weight:600}footer{margin-top:2rem;color:#57606a;font-size:.85rem}
"""


def render_html(plan: CustomerPlan, calendar_href: str | None = None) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>{escape(heading(plan))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(heading(plan))}</h1>",
    ]
    parts += [f"<p>{escape(line)}</p>" for line in summary_lines(plan)]
    for title, steps in phases(plan):
        parts.append(f"<h2>{escape(title)}</h2>")
        parts.append(
            '<table><thead><tr><th scope="col">#</th><th scope="col">Step</th>'
            '<th scope="col">Who</th><th scope="col">Due</th><th scope="col">Status</th>'
            "</tr></thead><tbody>"
        )
        parts += [_row(number, step, plan) for number, step in enumerate(steps, 1)]
        parts.append("</tbody></table>")
    if not plan.steps:
        parts.append("<p>No steps planned yet.</p>")
    if calendar_href:
        parts.append(
            f'<p><a href="{escape(calendar_href)}" download>Add these dates to your calendar '
            "(.ics)</a></p>"
        )
    parts.append("<footer>A read-only view of the plan we agreed together.</footer></body></html>")
    return "\n".join(parts) + "\n"


def _row(number: int, step: SharedStep, plan: CustomerPlan) -> str:
    classes = [step.status.value]
    if step.checkpoint:
        classes.append("checkpoint")
    after = ""
    if step.after:
        after = f'<div class="after">after: {escape(", ".join(step.after))}</div>'
    status = escape(status_text(step))
    if step.status is MilestoneStatus.SLIPPED:
        status = f'<span class="moved">{status}</span>'
    return (
        f'<tr class="{" ".join(classes)}"><td>{number}</td>'
        f"<td>{escape(step_title(step))}{after}</td><td>{escape(step.who)}</td>"
        f"<td>{escape(due_text(step, plan))}</td><td>{status}</td></tr>"
    )
