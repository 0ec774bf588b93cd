"""Hostile text in every output: names, notes, promises, deal and milestone titles holding
markup, quotes, ampersands, Markdown links and CSV formulas come out inert, each format read
back by a real parser (an HTML parser, a CommonMark renderer, icalendar, pypdf, the csv
module, followup's own importers), and the text reads as it was written."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from typing import Any

import pypdf
import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt

from followup.formats.csv_cells import FORMULA_STARTS
from followup.services import access
from followup.services.workspace import Workspace
from tests.cli.helpers import Clock, doc
from tests.conftest import Cli
from tests.web.conftest import PASSWORD, Served, serving

NOW = "2026-11-23T07:00:00+00:00"
SCRIPT = "<script>alert(1)</script>"
MARKUP = '[click](javascript:alert(1)) **bold** & &lt;b&gt; "quoted" | ~~gone~~ `code`'
FORMULAS = ['=HYPERLINK("http://evil.test","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
NAMES = [SCRIPT, MARKUP, *FORMULAS, "1. Ordered", "- Listed"]
# Notes keep their lines: each tries to end the property it is in and start another.
NOTES = "\tTAB first\r\nATTENDEE:mailto:evil@example.test\rEMAIL:evil@example.test\nEND:VCARD"


@pytest.fixture
def hostile(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """People named with every payload, one with notes that try to break lines; each with
    a promise of ours and theirs named with a payload, logged in a meeting."""
    Clock(monkeypatch, NOW)
    for number, name in enumerate(NAMES):
        cli("person", "add", "--country", "DE", "--email", f"p{number}@example.test",
            "--notes", NOTES, "--event", FORMULAS[number % 4], "--", name)  # fmt: skip
        cli("log", str(number + 1), "--at", "2026-11-20T10:00", "--notes", NOTES,
            "--we", f"{name} by 2026-11-27",
            "--they", f"{SCRIPT} {MARKUP} by 2026-11-30")  # fmt: skip
    return cli


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "data"}


class Text(HTMLParser):
    """The elements and the text of an HTML document, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []  # each script element's source, or its inline code
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "")

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1] == "script" and self.scripts and not self.scripts[-1]:
            self.scripts[-1] = data
        self.text += data


def assert_inert_html(html: str, *shown: str) -> Text:
    """No script but the app's own files, no event handler or javascript: link, no element
    a payload would bring; and the given texts shown as written."""
    page = Text(html)
    assert all(src.startswith("/static/") for src in page.scripts), page.scripts
    assert not {"img", "iframe", "object"} & set(page.tags)
    assert not [a for a in page.attributes if a[0].startswith("on")]
    links = [v for k, v in page.attributes if k in URL_ATTRIBUTES or k.startswith("hx-")]
    assert not [v for v in links if v and v.strip().lower().startswith("javascript:")]
    flat = " ".join(page.text.split())
    for text in shown:
        assert " ".join(text.split()) in flat, text
    return page


def assert_inert_markdown(markdown: str, *shown: str) -> None:
    """Rendered as CommonMark (raw HTML allowed, tables, strike-through), the user's text
    is text: no link, emphasis, code, list or HTML it did not ask for."""
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    page = assert_inert_html(html, *shown)
    assert not {"a", "em", "del", "code", "s", "ol"} & set(page.tags), html
    assert page.tags.count("strong") <= 2  # the recap's own two headings


# -- HTML and Markdown --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_recap_shows_names_and_promises_as_written(hostile: Cli, name: str) -> None:
    number = NAMES.index(name) + 1
    html = json.loads(hostile("recap", str(number), "--format", "html", "--json").stdout)
    assert_inert_html(html["body"], name, SCRIPT, MARKUP)
    markdown = json.loads(hostile("recap", str(number), "--format", "markdown", "--json").stdout)
    assert_inert_markdown(markdown["body"], name, SCRIPT, MARKUP)


def test_the_digest_shows_names_and_promises_as_written(hostile: Cli) -> None:
    hostile("prefs", "--email", "anna@example.test")
    document = doc(hostile, "digest", "--print", "--at", "2026-12-01T08:00")
    assert_inert_html(document["html"], *NAMES, MARKUP)
    assert "\n" not in document["subject"] and "\r" not in document["subject"]


def test_an_address_that_would_add_a_header_is_refused(hostile: Cli) -> None:
    result = hostile("prefs", "--email", "anna@example.test\r\nBcc: all@example.test", ok=False)
    assert result.exit_code == 1 and "Bcc" not in result.stdout


def test_web_pages_escape_everything(hostile: Cli) -> None:
    """Jinja2 escapes every value (no template marks any as safe): the real server's pages
    show the names as text."""
    ws = Workspace.open(hostile.db_url)
    access.set_password(ws, "anna", PASSWORD)
    ws.engine.dispose()
    with serving(hostile.db_url) as url:
        client = Served(url, hostile.db_url).browser_session("anna").client
        for path in ("/today?at=2026-12-01T08:00", "/people", "/people/1", "/people/2"):
            page = client.get(path)
            assert page.status_code == 200, path
            assert_inert_html(page.text)
        listing = client.get("/people").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing and SCRIPT not in listing


# -- the plan, shared and exported ----------------------------------------------------------------


@pytest.fixture
def hostile_plan(hostile: Cli) -> Cli:
    hostile("account", "add", f"{SCRIPT} GmbH", "--country", "DE")
    hostile("person", "add", f"{MARKUP} Champion", "--account", f"{SCRIPT} GmbH")
    hostile("deal", "add", f"{SCRIPT} GmbH", f"{FORMULAS[0]} {SCRIPT}",
            "--contact", f"{MARKUP} Champion", "--role", "champion")  # fmt: skip
    for number, name in enumerate(NAMES):
        hostile("plan", "add", "--due", f"2026-12-{10 + number}",
                "--side", "them" if number % 2 else "us", "--", "1", name)  # fmt: skip
    return hostile


def export(cli: Cli, fmt: str) -> str:
    return cli("plan", "export", "1", "--format", fmt).stdout


def test_the_plan_as_html_and_markdown_is_text(hostile_plan: Cli) -> None:
    assert_inert_html(export(hostile_plan, "html"), *NAMES, f"{FORMULAS[0]} {SCRIPT}")
    assert_inert_markdown(export(hostile_plan, "markdown"), *NAMES)


def test_the_plan_as_a_calendar_has_no_property_it_did_not_write(hostile_plan: Cli) -> None:
    calendar = Calendar.from_ical(export(hostile_plan, "ics"))
    events = calendar.walk("VEVENT")
    assert len(events) == len(NAMES)
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert all(any(s.startswith(name) for s in summaries) for name in NAMES)


def test_the_plan_as_pdf_holds_the_titles_as_text(hostile_plan: Cli, tmp_path: Any) -> None:
    path = tmp_path / "plan.pdf"
    hostile_plan("plan", "export", "1", "--format", "pdf", "--output", str(path))
    reader = pypdf.PdfReader(path)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert SCRIPT in text
    raw = path.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/URI" not in raw


def test_the_calendar_feed_keeps_notes_inside_their_property(hostile: Cli) -> None:
    exported = hostile("calendar", "export", "--at", "2026-11-23T08:00").stdout
    calendar = Calendar.from_ical(exported)
    for component in (*calendar.walk("VTODO"), *calendar.walk("VEVENT")):
        assert "ATTENDEE" not in component and "EMAIL" not in component
    meetings = [e for e in calendar.walk("VEVENT") if "ATTENDEE:mailto" in str(e["DESCRIPTION"])]
    assert meetings  # the notes are there, as text
    names = " ".join(str(t["SUMMARY"]) for t in calendar.walk("VTODO"))
    assert all(name in names for name in NAMES)


# -- contacts out and back in ----------------------------------------------------------------------


def exported(cli: Cli, path: Any, *options: str) -> bytes:
    """An export, written to a file: its bytes exactly (line ends included)."""
    cli("export", *options, "--output", str(path))
    return bytes(path.read_bytes())


def test_csv_cells_cannot_run_as_formulas_and_read_back_as_written(
    hostile: Cli, tmp_path: Any
) -> None:
    path = tmp_path / "people.csv"
    text = exported(hostile, path, "--format", "csv").decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)], "a cell would run"
    assert {"'" + f for f in FORMULAS} <= set(cells)
    assert (
        "'\tTAB first\r\nATTENDEE:mailto:evil@example.test\rEMAIL:evil@example.test\nEND:VCARD"
        in cells
    )
    # Read back, every value is what it was: nobody new, no value in conflict.
    before = doc(hostile, "person", "list")["people"]
    report = doc(hostile, "import", str(path))
    assert (report["created"], report["conflicts"], report["errors"]) == (0, [], [])
    # People added by hand have no name parts; the card's split of their name fills them
    # (a real change, so their version moves on): everything listed stays as it was.
    after = doc(hostile, "person", "list")["people"]
    assert [unversioned(p) for p in after] == [unversioned(p) for p in before]


def unversioned(person: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in person.items() if key != "version"}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcards_keep_every_value_inside_its_property(
    hostile: Cli, tmp_path: Any, version: str
) -> None:
    path = tmp_path / "people.vcf"
    data = exported(hostile, path, "--format", "vcf", "--vcard-version", version)
    lines = data.split(b"\r\n")
    assert not [line for line in lines if line.startswith((b"ATTENDEE", b"EMAIL:evil"))]
    assert lines.count(b"END:VCARD") == len(NAMES)
    assert b"\r" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
    before = doc(hostile, "person", "list")["people"]
    report = doc(hostile, "import", str(path))
    assert (report["created"], report["conflicts"], report["errors"]) == (0, [], [])
    # People added by hand have no name parts; the card's split of their name fills them
    # (a real change, so their version moves on): everything listed stays as it was.
    after = doc(hostile, "person", "list")["people"]
    assert [unversioned(p) for p in after] == [unversioned(p) for p in before]


def test_an_imported_address_type_cannot_add_a_property(cli: Cli, tmp_path: Any) -> None:
    """An address's kind goes out as a TYPE parameter: one read from a file could end the
    parameters (":") or the line; only a plain name is written."""
    source = tmp_path / "in.csv"
    source.write_text(
        "Name,E-mail 1 - Value,Address 1 - Label,Address 1 - Street,Address 1 - City\r\n"
        'Ada,ada@example.test,"work:;\r\nX-EVIL:1",Hauptstr. 1,Berlin\r\n',
        encoding="utf-8",
    )
    cli("import", str(source))
    for version in ("4.0", "3.0"):
        data = exported(cli, tmp_path / "out.vcf", "--format", "vcf", "--vcard-version", version)
        lines = data.split(b"\r\n")
        assert not [line for line in lines if line.startswith(b"X-EVIL")], data
        [address] = [line for line in lines if line.startswith(b"ADR")]
        assert address.startswith(b"ADR:") or address.startswith(b"ADR;LABEL="), address
