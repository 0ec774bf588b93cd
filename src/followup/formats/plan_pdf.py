"""The customer's plan as a PDF (fpdf2, pure Python).

Names at a Japanese or Gulf customer need more than the PDF core fonts' Latin-1: the page
is set in a Unicode TrueType font (DejaVu Sans, with IPA Gothic for Japanese as a fallback)
found at FOLLOWUP_PDF_FONT or in the system's font folders; the PDF embeds the glyphs used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from followup.domain.customer_view import CustomerPlan, SharedStep
from followup.domain.errors import InvalidInput
from followup.formats.plan_text import (
    due_text,
    heading,
    phases,
    status_text,
    step_title,
    summary_lines,
)

FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
COLUMNS = (("#", 8), ("Step", 72), ("Who", 46), ("Due", 32), ("Status", 24))


def available_fonts(extra: str | None = None) -> list[Path]:
    """The Unicode fonts to set the PDF in, the first one the main font."""
    candidates = ([extra] if extra else []) + list(FONT_FILES)
    return [Path(p) for p in dict.fromkeys(candidates) if Path(p).is_file()]


def render_pdf(plan: CustomerPlan, fonts: Sequence[Path]) -> bytes:
    if not fonts:
        raise InvalidInput(
            "no Unicode font for the PDF: install fonts-dejavu-core (and fonts-ipafont-gothic "
            "for Japanese) or set FOLLOWUP_PDF_FONT to a .ttf file"
        )
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    names = []
    for number, path in enumerate(fonts):
        name = f"f{number}"
        pdf.add_font(name, "", str(path))
        names.append(name)
    pdf.set_fallback_fonts(names[1:])
    pdf.set_title(heading(plan))
    pdf.set_creator("followup")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(names[0], size=15)
    pdf.multi_cell(0, 8, heading(plan), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(names[0], size=10)
    for line in summary_lines(plan):
        pdf.multi_cell(0, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for title, steps in phases(plan):
        _phase(pdf, names[0], title, steps, plan)
    if not plan.steps:
        pdf.cell(0, 6, "No steps planned yet.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _phase(
    pdf: FPDF, font: str, title: str, steps: Sequence[SharedStep], plan: CustomerPlan
) -> None:
    """One phase of the plan: its heading and its table of steps."""
    pdf.ln(4)
    pdf.set_font(font, size=12)
    pdf.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(font, size=9)
    plain = FontFace(emphasis="", fill_color=(236, 239, 242))
    widths = [w for _, w in COLUMNS]
    with pdf.table(col_widths=widths, text_align="LEFT", headings_style=plain) as table:
        header = table.row()
        for label, _ in COLUMNS:
            header.cell(label)
        for number, step in enumerate(steps, 1):
            row = table.row()
            name = step_title(step) + (f" (after: {', '.join(step.after)})" if step.after else "")
            for value in (str(number), name, step.who, due_text(step, plan), status_text(step)):
                row.cell(value)
