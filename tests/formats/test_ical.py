"""`followup calendar export`: re-parsed with the icalendar library. Promises are VTODOs with
DUE and an alarm, check-ins and meetings VEVENTs, and the UIDs stay put, so importing again
updates instead of duplicating; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from icalendar import Calendar

from tests.cli.helpers import Clock, doc
from tests.conftest import Cli

NOW = "2026-11-23T07:00:00+00:00"


def export(cli: Cli, *options: str) -> Calendar:
    result = cli("calendar", "export", "--at", "2026-11-23T08:00", *options)
    return Calendar.from_ical(result.stdout)


def components(calendar: Calendar, name: str) -> dict[str, Any]:
    return {str(c["UID"]): c for c in calendar.walk(name)}


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    Clock(monkeypatch, NOW)
    cli("person", "add", "Hans Braun; Söhne, GmbH", "--country", "DE")
    cli("agree", "1", "--every", "14d", "--channel", "phone")
    cli(
        "log", "1", "--kind", "call", "--at", "2026-11-06T10:00", "--outcome", "reached",
        "--we", "send the offer by 2026-11-20", "--they", "confirm budget by 2026-11-18",
    )  # fmt: skip
    cli("commit", "add", "1", "call back about the pilot", "--owner", "us",
        "--due", "2026-11-25T15:00")  # fmt: skip
    cli("log", "1", "--kind", "meeting", "--at", "2026-11-30T10:00", "--notes", "Plant tour")
    return cli


def test_promises_are_todos_with_due_and_alarm(anna: Cli) -> None:
    calendar = export(anna)
    assert str(calendar["PRODID"]) == "-//followup//reminders//EN"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"
    todos = {str(t["SUMMARY"]): t for t in calendar.walk("VTODO")}
    assert set(todos) == {
        "send the offer — for Hans Braun; Söhne, GmbH",
        "call back about the pilot — for Hans Braun; Söhne, GmbH",
        "Check in: Hans Braun; Söhne, GmbH promised to confirm budget",
    }
    offer = todos["send the offer — for Hans Braun; Söhne, GmbH"]
    assert offer.decoded("DUE") == date(2026, 11, 20)  # "by Friday" is a whole day
    assert str(offer["STATUS"]) == "NEEDS-ACTION"
    assert "followup commit done 1" in str(offer["DESCRIPTION"])
    [alarm] = offer.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == datetime(2026, 11, 20, 7, 0, tzinfo=UTC)  # 08:00 Berlin
    call = todos["call back about the pilot — for Hans Braun; Söhne, GmbH"]
    assert call.decoded("DUE") == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    # Their promise: the alarm comes the morning after it lapsed, when a check-in is natural.
    theirs = todos["Check in: Hans Braun; Söhne, GmbH promised to confirm budget"]
    [alarm] = theirs.walk("VALARM")
    assert alarm.decoded("TRIGGER") == datetime(2026, 11, 19, 7, 0, tzinfo=UTC)


def test_check_ins_and_meetings_are_events(anna: Cli) -> None:
    events = {str(e["SUMMARY"]): e for e in export(anna).walk("VEVENT")}
    check_in = events["Check in with Hans Braun; Söhne, GmbH by phone"]
    person = doc(anna, "person", "show", "1")
    assert check_in.decoded("DTSTART") == datetime.fromisoformat("2026-12-14T09:00:00+00:00")
    assert person["rhythm"]["every_days"] == 14
    assert "every 2 weeks (agreed)" in str(check_in["DESCRIPTION"])
    meeting = events["Meeting with Hans Braun; Söhne, GmbH"]
    assert meeting.decoded("DTSTART") == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert meeting.decoded("DTEND") == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert str(meeting["DESCRIPTION"]) == "Plant tour"


def test_uids_are_stable_so_a_reimport_updates(anna: Cli) -> None:
    first = export(anna)
    second = export(anna)
    assert set(components(first, "VTODO")) == set(components(second, "VTODO"))
    assert set(components(first, "VEVENT")) == set(components(second, "VEVENT"))
    assert all("@" in uid for uid in components(first, "VTODO"))
    anna("commit", "done", "1")
    after = components(export(anna), "VTODO")
    assert set(after) == set(components(first, "VTODO"))  # the same to-do, now done
    done = next(t for t in after.values() if "send the offer" in str(t["SUMMARY"]))
    assert str(done["STATUS"]) == "COMPLETED" and done.walk("VALARM") == []
    assert done.decoded("COMPLETED") == datetime.fromisoformat(NOW)


def test_the_feed_secret_and_rotation_keep_the_uids(anna: Cli, tmp_path: Any) -> None:
    feed = doc(anna, "calendar", "feed")
    assert feed["path"] == f"/calendar/{feed['secret']}.ics" and feed["url"] is None
    assert len(feed["secret"]) >= 32
    assert doc(anna, "calendar", "feed")["secret"] == feed["secret"]
    before = set(components(export(anna), "VTODO"))
    rotated = doc(anna, "calendar", "feed", "--rotate")
    assert rotated["secret"] != feed["secret"]
    target = tmp_path / "anna.ics"
    anna("calendar", "export", "--output", str(target))
    assert set(components(Calendar.from_ical(target.read_bytes()), "VTODO")) == before


def test_the_feed_url_uses_the_public_url(anna: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_PUBLIC_URL", "https://followup.example.test/")
    feed = doc(anna, "calendar", "feed")
    assert feed["url"] == f"https://followup.example.test/calendar/{feed['secret']}.ics"
