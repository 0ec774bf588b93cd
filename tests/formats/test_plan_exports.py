"""The customer's plan as Markdown, HTML, iCalendar and PDF: read back by real parsers, and
never carrying what is not meant for the customer."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from icalendar import Calendar

from followup.domain.customer_view import CustomerPlan, customer_plan
from followup.domain.errors import InvalidInput
from followup.domain.plans import MilestoneStatus, PlanKind, PlanSide, StepKind
from followup.formats.plan_html import render_html
from followup.formats.plan_ics import render_ics
from followup.formats.plan_markdown import render_markdown
from followup.formats.plan_pdf import available_fonts, render_pdf
from tests.domain.deal_builders import deal, milestone

STAMP = datetime(2026, 11, 23, 7, tzinfo=UTC)
SECRETS = ("4800000", "We could go to 4.2M", "Sato hesitates", "deliberation")


def plan() -> CustomerPlan:
    the_deal = deal(
        value=Decimal("4800000"), currency="JPY", notes="We could go to 4.2M",
        decision_on=date(2027, 4, 30),
        title="Line 3 | [click](http://evil.example) <script>",
    )  # fmt: skip
    steps = [
        replace(milestone(1, date(2027, 2, 1)), title="Demo for 田中さん", notes="Sato hesitates"),
        replace(
            milestone(2, date(2027, 3, 1), PlanSide.THEM, after=(1,)),
            owner_name="恵子 田中", owner_role="champion",
        ),
        replace(
            milestone(3, date(2027, 3, 10), PlanSide.BOTH, kind=StepKind.CHECKPOINT),
            all_day=False, due_at=datetime(2027, 3, 10, 1, tzinfo=UTC),
        ),
        replace(
            milestone(4, date(2027, 3, 20), PlanSide.THEM, status=MilestoneStatus.SLIPPED),
            first_due_on=date(2027, 3, 15), owner_role="legal",
        ),
        milestone(5, date(2027, 3, 25), status=MilestoneStatus.DROPPED),
    ]  # fmt: skip
    return customer_plan(
        the_deal, "Tanaka Seiki KK", steps, "anna", "anna@us.example", STAMP.date()
    )


def test_the_customer_view_copies_only_what_is_meant_for_them() -> None:
    view = plan()
    text = repr(view)
    for secret in SECRETS:
        assert secret not in text
    who = {step.title: step.who for step in view.steps}
    assert who["Step 2"] == "恵子 田中 (Tanaka Seiki KK)"
    assert who["Step 4"] == "Tanaka Seiki KK (legal)"
    assert who["Step 3"] == "Tanaka Seiki KK and anna's team"


def test_markdown_keeps_user_text_as_text() -> None:
    text = render_markdown(plan())
    assert "# Line 3 \\| \\[click\\](http://evil.example) \\<script\\> — mutual plan" in text
    assert (
        "| 4 | Step 4 | Tanaka Seiki KK (legal) | Sat 20 Mar 2027 | moved (was Mon 15 Mar 2027) |"
        in text
    )
    assert "10:00 (Asia/Tokyo)" in text  # the checkpoint's agreed time where the deal is
    for secret in SECRETS:
        assert secret not in text


def test_html_escapes_everything() -> None:
    page = render_html(plan(), calendar_href="tok/plan.ics")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="tok/plan.ics"' in page
    assert '<tr class="dropped">' in page
    for secret in SECRETS:
        assert secret not in page


def test_the_calendar_reads_back_with_icalendar() -> None:
    data = render_ics(plan(), STAMP)
    events = {str(e["summary"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert len(events) == 5
    demo = events["Demo for 田中さん — Line 3 | [click](http://evil.example) <script>"]
    assert demo.decoded("dtstart") == date(2027, 2, 1)
    assert demo.decoded("dtend") == date(2027, 2, 2)
    checkpoint = next(e for name, e in events.items() if name.startswith("Checkpoint: Step 3"))
    assert checkpoint.decoded("dtstart") == datetime(2027, 3, 10, 1, tzinfo=UTC)
    slipped = next(e for name, e in events.items() if name.startswith("Step 4"))
    assert (int(slipped["sequence"]), str(slipped["status"])) == (1, "CONFIRMED")
    dropped = next(e for name, e in events.items() if name.startswith("Step 5"))
    assert str(dropped["status"]) == "CANCELLED"
    assert "After: Demo for 田中さん" in str(
        events[next(n for n in events if n.startswith("Step 2"))]["description"]
    )
    # The same plan exported twice keeps its entries' identities (a re-import updates).
    again = Calendar.from_ical(render_ics(plan(), STAMP.replace(hour=9)))
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in events.values()}
    for secret in SECRETS:
        assert secret.encode() not in data


def test_the_pdf_reads_back_with_pypdf() -> None:
    fonts = available_fonts()
    if not fonts:
        pytest.fail("no Unicode font: .ci/run installs fonts-dejavu-core and fonts-ipafont-gothic")
    data = render_pdf(plan(), fonts)
    reader = pypdf.PdfReader(io.BytesIO(data))
    # Wrapped lines and justified words come back with extra spaces: compare words.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert (
        "Line 3 | [click](http://evil.example) <script> — mutual plan with Tanaka Seiki KK" in text
    )
    assert "Decision planned for Fri 30 Apr 2027." in text
    if any("ipafont" in str(f) for f in fonts):
        assert "Demo for 田中さん" in text and "恵子 田中" in text
    for secret in SECRETS:
        assert secret not in text
    assert reader.metadata is not None and reader.metadata.title.startswith("Line 3")


def test_a_pdf_without_a_unicode_font_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(
        InvalidInput, match="no Unicode font for the PDF: install fonts-dejavu-core"
    ):
        render_pdf(plan(), [])
    assert available_fonts(str(tmp_path / "missing.ttf")) == available_fonts()


def test_a_delivery_plan_reads_as_decided() -> None:
    view = replace(plan(), won=True, live_by=date(2027, 6, 1))
    text = render_markdown(view)
    assert "Decided: the delivery plan below is under way." in text
    assert "Go-live planned for Tue 1 Jun 2027." in text
    assert PlanKind.DELIVERY not in {s.plan for s in view.steps}
