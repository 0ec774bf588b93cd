"""The digest's text and HTML (pure): sections, groups, escaping, language."""

from __future__ import annotations

from datetime import UTC, datetime

from followup.domain.agenda import AgendaItem
from followup.domain.model import Channel
from followup.notify.digest import render_digest
from tests.domain.builders import user

AT = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)


def item(kind: str, overdue: int, reason: str, **extra: object) -> AgendaItem:
    values: dict[str, object] = {
        "kind": kind, "person_id": 1, "person_name": "Hans <Braun>", "account": None,
        "due": AT, "overdue_days": overdue, "reason": reason, "channel": Channel.PHONE,
        "suggestion": "Call & ask.", **extra,
    }  # fmt: skip
    return AgendaItem(**values)  # type: ignore[arg-type]


def test_sections_groups_and_warnings() -> None:
    items = [
        item("channel_failing", 1, "Your webhook fails.", person_id=None, channel=None),
        item("their_commitment", 2, "They owe <b>specs</b>.", warnings=("too soon",)),
        item("cadence", 0, "Rhythm due today."),
        item("our_commitment", 0, "We owe the offer today."),
    ]
    digest = render_digest(user(), AT, items, "en")
    assert (digest.items, digest.overdue) == (4, 2)
    text = digest.text
    order = ["OVERDUE", "Your reminders", "Their promises", "DUE TODAY", "Our promises",
             "Agreed rhythms"]  # fmt: skip
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    assert "  • Hans <Braun> — 2d overdue · phone\n    They owe <b>specs</b>.\n" in text
    assert "    ! too soon\n" in text
    assert "  • Hans <Braun> — 1d overdue\n" in text  # no channel for followup's own trouble
    html = digest.html
    assert "They owe &lt;b&gt;specs&lt;/b&gt;." in html and "<b>specs" not in html
    assert "Call &amp; ask." in html and "Hans &lt;Braun&gt;" in html


def test_german_labels_and_days() -> None:
    digest = render_digest(user(), AT, [item("cadence", 1, "x")], "de")
    assert digest.subject == "followup · Mo 23. Nov: 1 Punkt (1 überfällig)"
    assert "Guten Morgen anna" in digest.text and "Vereinbarter Rhythmus" in digest.text
