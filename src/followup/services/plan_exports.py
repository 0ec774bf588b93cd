"""A deal's plan as a file for the customer: Markdown, HTML, iCalendar or PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from followup.formats.plan_html import render_html
from followup.formats.plan_ics import render_ics
from followup.formats.plan_markdown import render_markdown
from followup.services.plans import export_plan
from followup.services.workspace import Workspace


class PlanFormat(StrEnum):
    MARKDOWN = "markdown"
    HTML = "html"
    ICS = "ics"
    PDF = "pdf"


MEDIA_TYPES = {
    PlanFormat.MARKDOWN: ("text/markdown; charset=utf-8", "md"),
    PlanFormat.HTML: ("text/html; charset=utf-8", "html"),
    PlanFormat.ICS: ("text/calendar; charset=utf-8", "ics"),
    PlanFormat.PDF: ("application/pdf", "pdf"),
}


@dataclass(frozen=True)
class PlanFile:
    data: bytes
    media_type: str
    filename: str


def plan_file(
    ws: Workspace, ref: str, fmt: PlanFormat, now: datetime, pdf_font: str | None = None
) -> PlanFile:
    """The customer's view of the deal's plan rendered as `fmt` (no internal notes)."""
    plan = export_plan(ws, ref, now)
    if fmt is PlanFormat.PDF:
        # fpdf takes longer to load than most commands take to run: only here.
        from followup.formats.plan_pdf import available_fonts, render_pdf

        data = render_pdf(plan, available_fonts(pdf_font))
    elif fmt is PlanFormat.ICS:
        data = render_ics(plan, now)
    else:
        text = render_markdown(plan) if fmt is PlanFormat.MARKDOWN else render_html(plan)
        data = text.encode("utf-8")
    media_type, suffix = MEDIA_TYPES[fmt]
    return PlanFile(data, media_type, f"plan.{suffix}")
