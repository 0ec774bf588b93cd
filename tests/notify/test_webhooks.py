"""Webhooks against a real HTTP receiver on localhost: signed events arrive once; a 500 or a
timeout is retried with backoff; a client error is given up; one failing endpoint does not
hold up another; removing an endpoint cancels what it still had queued."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.cli.helpers import Clock, assert_error, doc
from tests.conftest import Cli
from tests.notify.helpers import customer_with_promises, failing_items, notify_at
from tests.notify.servers import WebhookReceiver

NOW = "2026-11-23T07:00:00+00:00"
FIRST = datetime.fromisoformat("2026-11-23T07:30:00+00:00")


def run(cli: Cli, moment: datetime) -> dict[str, Any]:
    done = notify_at(cli, moment)
    return {**done.report, "stderr": done.stderr, "exit_code": done.exit_code}


@pytest.fixture
def anna(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """anna with one customer who owes her something and is owed something."""
    Clock(monkeypatch, NOW)
    customer_with_promises(cli)
    return cli


def add(cli: Cli, url: str, *options: str) -> dict[str, Any]:
    return doc(cli, "webhook", "add", url, *options)


def expected_signature(secret: str, headers: dict[str, str], body: bytes) -> str:
    """Computed here from the documented scheme, not with followup's own code."""
    signed = headers["X-Followup-Timestamp"].encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def test_signed_events_arrive_once(anna: Cli, receiver: WebhookReceiver) -> None:
    hook = add(anna, receiver.url("/hooks/crm"))
    assert hook["secret"].startswith("whsec_") and hook["events"] == ["*"]
    items = doc(anna, "today", "--at", "2026-11-23T08:30")["items"]
    assert run(anna, FIRST)["sent"] == 4
    hits = receiver.to("/hooks/crm")
    kinds = sorted(hit.json["type"] for hit in hits)
    assert kinds == ["commitment.overdue", "item.due", "item.due", "item.due"]
    for hit in hits:
        assert hit.headers["X-Followup-Signature"] == expected_signature(
            hook["secret"], hit.headers, hit.body
        )
        assert hit.headers["X-Followup-Timestamp"] == str(int(FIRST.timestamp()))
        assert hit.headers["X-Followup-Event"] == hit.json["type"]
        assert hit.headers["X-Followup-Delivery"] == hit.json["id"]
        assert hit.headers["Content-Type"] == "application/json"
        assert hit.json["user"]["name"] == "anna"
    due = {hit.json["data"]["item"]["kind"]: hit.json["data"]["item"] for hit in hits
           if hit.json["type"] == "item.due"}  # fmt: skip
    assert due == {item["kind"]: item for item in items}
    overdue = next(h.json for h in hits if h.json["type"] == "commitment.overdue")
    assert overdue["data"]["item"]["commitment_id"] == 1
    # The next runs send nothing again; a new promise due today raises just its own event.
    assert run(anna, FIRST + timedelta(minutes=15))["sent"] == 0
    anna("commit", "add", "Hans Braun", "call back about the pilot", "--owner", "us",
         "--due", "2026-11-23T16:00")  # fmt: skip
    assert run(anna, FIRST + timedelta(minutes=30))["sent"] == 1
    assert (
        receiver.hits[-1]
        .json["data"]["item"]["reason"]
        .startswith("You promised to call back about the pilot")
    )
    assert len(receiver.hits) == 5


def test_an_endpoint_can_choose_its_events(anna: Cli, receiver: WebhookReceiver) -> None:
    add(anna, receiver.url("/late"), "--events", "commitment.overdue")
    run(anna, FIRST)
    assert [hit.json["type"] for hit in receiver.hits] == ["commitment.overdue"]
    assert_error(anna("webhook", "add", receiver.url("/x"), "--events", "item.late", ok=False),
                 "unknown event 'item.late'")  # fmt: skip


def test_a_500_is_retried_with_backoff_and_another_endpoint_is_not_held_up(
    anna: Cli, receiver: WebhookReceiver
) -> None:
    receiver.answers["/broken"] = 500
    broken = add(anna, receiver.url("/broken"), "--events", "commitment.overdue")
    add(anna, receiver.url("/fine"), "--events", "commitment.overdue")
    report = run(anna, FIRST)
    assert (report["sent"], report["retrying"], report["exit_code"]) == (1, 1, 1)
    assert len(receiver.to("/fine")) == 1
    assert (
        f"{receiver.url('/broken')} answered 500 Internal Server Error; retry 2 of 7 at "
        "2026-11-23T07:31:00+00:00" in report["stderr"]
    )
    [item] = failing_items(anna, "2026-11-23T08:35")
    assert item["reason"].startswith(f"Your webhook to {receiver.url('/broken')} is failing")
    assert f"followup webhook remove {broken['id']}" in item["suggestion"]
    listed = {h["url"]: h for h in doc(anna, "webhook", "list")["webhooks"]}
    assert listed[receiver.url("/broken")]["last_delivery"]["status_code"] == 500
    assert "secret" not in listed[receiver.url("/broken")]
    # Not before the retry time; then the same event (same id, same body) arrives.
    assert run(anna, FIRST + timedelta(seconds=20))["retrying"] == 0
    receiver.answers["/broken"] = 204
    assert run(anna, FIRST + timedelta(minutes=1))["sent"] == 1
    first, second = receiver.to("/broken")
    assert first.body == second.body
    assert first.headers["X-Followup-Delivery"] == second.headers["X-Followup-Delivery"]
    assert failing_items(anna, "2026-11-23T08:35") == []


def test_a_timeout_is_retried(
    anna: Cli, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_WEBHOOK_TIMEOUT", "0.5")
    receiver.answers["/slow"] = "sleep"
    add(anna, receiver.url("/slow"), "--events", "commitment.overdue")
    report = run(anna, FIRST)
    assert report["retrying"] == 1
    assert f"{receiver.url('/slow')} did not answer in time; retry 2 of 7" in report["stderr"]


def test_a_client_error_is_given_up_at_once(anna: Cli, receiver: WebhookReceiver) -> None:
    receiver.answers["/gone"] = 410
    add(anna, receiver.url("/gone"), "--events", "commitment.overdue")
    report = run(anna, FIRST)
    assert (report["failed"], report["retrying"]) == (1, 0)
    assert "answered 410 Gone; given up after 1 attempt(s)" in report["stderr"]
    assert run(anna, FIRST + timedelta(hours=1))["sent"] == 0
    assert len(receiver.hits) == 1


def test_an_unreachable_receiver_and_removing_it(anna: Cli, receiver: WebhookReceiver) -> None:
    hook = add(anna, "http://127.0.0.1:9/nothing-listens", "--events", "commitment.overdue")
    report = run(anna, FIRST)
    assert "cannot reach http://127.0.0.1:9/nothing-listens: connection refused" in report["stderr"]
    removed = doc(anna, "webhook", "remove", str(hook["id"]))
    assert removed["cancelled"] == 1
    assert run(anna, FIRST + timedelta(minutes=2))["retrying"] == 0
    assert doc(anna, "webhook", "list")["webhooks"] == []
    assert failing_items(anna, "2026-11-23T08:35") == []
    assert_error(
        anna("webhook", "remove", str(hook["id"]), ok=False), f"unknown webhook #{hook['id']}"
    )


def test_webhooks_off_and_bad_urls(anna: Cli, receiver: WebhookReceiver) -> None:
    add(anna, receiver.url("/crm"))
    anna("prefs", "--no-webhooks")
    assert run(anna, FIRST)["planned"] == 0
    for url in ("ftp://example.test/x", "example.test/hook", "http:///path"):
        assert_error(anna("webhook", "add", url, ok=False), f"invalid webhook URL {url!r}")
    assert_error(anna("webhook", "add", receiver.url("/x"), "--secret", "short", ok=False),
                 "secret too short")  # fmt: skip


def test_webhook_test_sends_a_signed_ping(anna: Cli, receiver: WebhookReceiver) -> None:
    hook = add(anna, receiver.url("/ping"), "--secret", "a-secret-of-twenty-chars")
    sent = doc(anna, "webhook", "test", str(hook["id"]))
    assert sent["status"] == "sent" and sent["detail"] == "HTTP 200"
    [hit] = receiver.hits
    assert hit.json["type"] == "ping" and hit.json["user"]["name"] == "anna"
    assert hit.headers["X-Followup-Signature"] == expected_signature(
        "a-secret-of-twenty-chars", hit.headers, hit.body
    )
    receiver.answers["/ping"] = 503
    failed = anna("webhook", "test", str(hook["id"]), ok=False)
    assert failed.exit_code == 1 and "answered 503" in failed.stdout
