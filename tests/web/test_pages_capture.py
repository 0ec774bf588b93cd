"""Logging a meeting from its notes in the browser's forms, over HTTP, on both databases:
proposed next steps (nothing written), reviewed and saved with a rhythm, the recap; and in
place: no commitments, an unreadable language, a date nobody can tell."""

from __future__ import annotations

import re
from typing import Any

from tests.cli.helpers import doc
from tests.conftest import Cli
from tests.web.conftest import BrowserSession, Served, workspace_rows

NOTES = (
    "Met Hans at the plant.\n"
    "We will send the installation plan by 2030-03-01.\n"
    "Hans will confirm the shutdown window sometime soon.\n"
    "Let us talk every two weeks by phone.\n"
)


def person(mia: BrowserSession, name: str = "Hans Braun", country: str = "") -> str:
    made = mia.post("/people", {"name": name, "country": country})
    assert made.status_code == 303, made.text
    return str(made.headers["location"])


def shown(html: str, name: str) -> list[str]:
    """The values of the inputs called `name`, in order."""
    found = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in found]  # type: ignore[union-attr]


def review(**changes: Any) -> dict[str, Any]:
    """The form as the proposals page sends it back, with `changes`."""
    form: dict[str, Any] = {
        "kind": "meeting", "notes": NOTES, "p_accept": ["0", "1"],
        "p_owner": ["us", "them"], "p_who": ["", "Hans"],
        "p_what": ["send installation plan", "confirm shutdown window"],
        "p_due": ["2030-03-01", ""], "p_quote": ["We will ...", "Hans will ..."],
        "rhythm": "true", "rhythm_every": "14", "rhythm_channel": "phone",
    }  # fmt: skip
    return form | changes


def test_proposing_reads_both_sides_and_the_rhythm_and_writes_nothing(served: Served) -> None:
    mia = served.browser_session("mia")
    path = person(mia)
    before = workspace_rows(served.db_url)
    answer = mia.post(f"{path}/log/propose", {"notes": NOTES, "kind": "visit"})
    assert answer.status_code == 200, answer.text
    html = answer.text
    whats = ["send installation plan", "confirm shutdown window sometime soon"]
    assert shown(html, "p_what") == whats
    assert shown(html, "p_due") == ["2030-03-01", ""]
    assert "No date in the notes: give one" in html
    assert "Hans will confirm the shutdown window sometime soon." in html  # the quote kept
    assert shown(html, "rhythm_every") == ["14"]
    assert '<option value="phone" selected>' in html
    assert "<option selected>visit</option>" in html  # the form comes back as typed
    assert 'formaction="/people/' in html and ">Save</button>" in html
    assert workspace_rows(served.db_url) == before


def test_saving_the_reviewed_steps_logs_them_with_the_rhythm_then_the_recap(
    served: Served,
) -> None:
    mia = served.browser_session("mia")
    path = person(mia, country="DE")
    pid = path.rsplit("/", 1)[1]
    form = review(p_due=["2030-03-01", "2030-03-08"], p_what=["send the plan", "confirm window"])
    saved = mia.post(f"{path}/log/confirm", form)
    assert saved.status_code == 303, saved.text
    recap = saved.headers["location"]
    assert re.fullmatch(rf"/people/{pid}/recap/\d+", recap)
    shown_person = doc(Cli(served.db_url, login="mia"), "person", "show", pid)
    promises = {(c["owner"], c["what"], c["due"][:10]) for c in shown_person["commitments"]}
    assert promises == {
        ("us", "send the plan", "2030-03-01"),
        ("them", "confirm window", "2030-03-08"),
    }
    assert shown_person["agreement"]["every_days"] == 14
    page = mia.client.get(recap)
    assert page.status_code == 200
    assert "Logged #" in page.text and "2 commitments and a rhythm of every 14 days" in page.text
    assert "Nächste Schritte nach unserem Gespräch" in page.text  # a German customer's language
    assert "Send the plan – bis Freitag, 1. März 2030" in page.text
    assert "<h3>Was wir tun</h3>" in page.text
    assert 'data-copy="recap-text"' in page.text and '<script src="/static/copy.js"' in page.text
    assert mia.client.get("/static/copy.js").status_code == 200


def test_a_rejected_step_is_not_saved_and_an_undated_one_is_due_in_a_week(
    served: Served,
) -> None:
    mia = served.browser_session("mia")
    path = person(mia)
    pid = path.rsplit("/", 1)[1]
    form = review(p_accept=["1"], rhythm="", p_owner=["us", "us"], p_who=["", ""])
    saved = mia.post(f"{path}/log/confirm", form)
    assert saved.status_code == 303, saved.text
    shown_person = doc(Cli(served.db_url, login="mia"), "person", "show", pid)
    (only,) = shown_person["commitments"]
    assert (only["owner"], only["what"]) == ("us", "confirm shutdown window")
    assert shown_person["agreement"] is None
    page = mia.client.get(saved.headers["location"])
    assert "No date was given for 1: due in a week." in page.text


def test_a_date_nobody_can_tell_is_asked_for_in_place_and_nothing_is_saved(
    served: Served,
) -> None:
    mia = served.browser_session("mia")
    path = person(mia)
    before = workspace_rows(served.db_url)
    form = review(p_due=["2030-03-01", "sometime soon"], p_who=["", "Hans <b>B</b>"])
    answer = mia.post(f"{path}/log/confirm", form)
    assert answer.status_code == 422
    assert "#2: cannot tell which day &#39;sometime soon&#39; is" in answer.text
    assert shown(answer.text, "p_due") == ["2030-03-01", "sometime soon"]  # kept as typed
    assert shown(answer.text, "p_who") == ["", "Hans &lt;b&gt;B&lt;/b&gt;"]
    assert workspace_rows(served.db_url) == before
    unsaid = mia.post(f"{path}/log/confirm", review(p_what=["", "x"]))
    assert unsaid.status_code == 422 and "say what was promised" in unsaid.text
    fixed = mia.post(f"{path}/log/confirm", review(p_due=["2030-03-01", "next Friday"]))
    assert fixed.status_code == 303


def test_notes_without_commitments_are_saved_as_they_are(served: Served) -> None:
    mia = served.browser_session("mia")
    path = person(mia)
    pid = path.rsplit("/", 1)[1]
    notes = "Nice lunch, we talked about football."
    answer = mia.post(f"{path}/log/propose", {"notes": notes})
    assert answer.status_code == 200
    assert "No commitments found in the notes." in answer.text
    assert shown(answer.text, "p_what") == [] and "rhythm_every" not in answer.text
    saved = mia.post(f"{path}/log/confirm", {"notes": notes, "kind": "meeting"})
    assert saved.status_code == 303
    history = doc(Cli(served.db_url, login="mia"), "timeline", pid)["entries"]
    assert [e["notes"] for e in history if e["event"] == "interaction"] == [notes]


def test_an_unreadable_language_and_empty_notes_are_said_in_place(served: Served) -> None:
    mia = served.browser_session("mia")
    path = person(mia)
    before = workspace_rows(served.db_url)
    french = "Nous enverrons le devis demain et la liste des prix pour vous."
    answer = mia.post(f"{path}/log/propose", {"notes": french})
    assert answer.status_code == 422
    assert "look like French" in answer.text and 'role="alert"' in answer.text
    assert french in answer.text  # the notes stay in the form
    forced = mia.post(f"{path}/log/propose", {"notes": french, "lang": "fr"})
    assert forced.status_code == 422 and "unsupported language" in forced.text
    empty = mia.post(f"{path}/log/propose", {"notes": "  "})
    assert empty.status_code == 422 and "paste the meeting" in empty.text
    assert workspace_rows(served.db_url) == before


def test_a_viewer_cannot_propose_or_save_and_the_csrf_token_is_needed(served: Served) -> None:
    mia = served.browser_session("mia")
    path = person(mia)
    vic = served.browser_session("vic")
    before = workspace_rows(served.db_url)
    for action in ("propose", "confirm"):
        refused = vic.post(f"{path}/log/{action}", review())
        assert refused.status_code == 403 and "viewer" in refused.text
        forged = mia.client.post(f"{path}/log/{action}", data=review(csrf_token="forged"))
        assert forged.status_code == 403 and "CSRF" in forged.text
    assert workspace_rows(served.db_url) == before
    assert mia.client.get("/people/1/recap/99999").status_code == 404


def test_script_in_notes_and_steps_is_shown_as_text(served: Served) -> None:
    mia = served.browser_session("mia")
    path = person(mia, name='<script>alert("x")</script> Mallory')
    notes = "We will send the <script>alert('what')</script> plan by 2030-03-01."
    proposed = mia.post(f"{path}/log/propose", {"notes": notes})
    assert proposed.status_code == 200
    assert "<script>alert" not in proposed.text and "&lt;script&gt;alert(" in proposed.text
    what = "send the <script>alert('what')</script> plan"
    form = review(
        notes=notes, p_accept=["0"], p_owner=["us"], p_who=[""], p_what=[what],
        p_due=["2030-03-01"], p_quote=[notes], rhythm="",
    )  # fmt: skip
    saved = mia.post(f"{path}/log/confirm", form)
    recap = mia.client.get(saved.headers["location"]).text
    assert "<script>alert" not in recap
    assert recap.count("&lt;script&gt;alert(") >= 2  # the text box and the formatted copy


def test_the_plain_log_form_still_logs_typed_promises(served: Served) -> None:
    mia = served.browser_session("mia")
    path = person(mia)
    form = {"notes": "call", "we": "send it by 2030-01-02", "kind": "call"}
    logged = mia.post(f"{path}/log", form)
    assert logged.status_code == 303 and logged.headers["location"] == path
    assert "with 1 commitment(s)" in mia.client.get(path).text
