"""`followup user passwd|edit`, `user add --password`, `token add|list|revoke` and `serve`."""

from __future__ import annotations

from datetime import UTC, datetime

from followup.domain.errors import Unauthenticated
from followup.services import access
from followup.services.workspace import Workspace
from tests.cli.helpers import assert_error, doc, rows
from tests.conftest import Cli


def signs_in(db_url: str, name: str, password: str) -> bool:
    ws = Workspace.open(db_url)
    try:
        access.sign_in(ws, name, password, None, datetime.now(UTC))
        return True
    except Unauthenticated:
        return False
    finally:
        ws.engine.dispose()


def test_passwd_lets_a_user_sign_in(cli: Cli) -> None:
    assert not signs_in(cli.db_url, "anna", "a long password")
    result = cli("user", "passwd", "anna", "--password-stdin", input="a long password\n")
    assert "Password set for anna" in result.stdout
    assert signs_in(cli.db_url, "anna", "a long password")
    assert not signs_in(cli.db_url, "anna", "another password")


def test_passwd_prompts_twice_and_refuses_a_mismatch(cli: Cli) -> None:
    before = rows(cli.db_url)
    typed = cli("user", "passwd", "anna", input="one password\nanother one\n", ok=False)
    # The prompts are on stderr (the test runner echoes the hidden input's newlines).
    assert typed.exit_code == 1 and "New password:" in typed.stderr
    assert typed.stderr.endswith("error: the two passwords differ; nothing changed\n")
    assert_error(cli("user", "passwd", "anna", "--password-stdin", input="short\n", ok=False),
                 "at least 8 characters")  # fmt: skip
    assert_error(cli("user", "passwd", "nobody", "--password-stdin", input="long enough\n",
                     ok=False), "unknown user 'nobody'")  # fmt: skip
    assert rows(cli.db_url) == before
    cli("user", "passwd", "anna", input="same password\nsame password\n")
    assert signs_in(cli.db_url, "anna", "same password")


def test_user_add_with_a_password_is_all_or_nothing(cli: Cli) -> None:
    assert_error(cli("user", "add", "bob", "--password-stdin", input="short\n", ok=False),
                 "at least 8 characters")  # fmt: skip
    assert [u["name"] for u in doc(cli, "user", "list")["users"]] == ["anna"]
    cli("user", "add", "bob", "--role", "viewer", "--password-stdin", input="bobs password\n")
    assert signs_in(cli.db_url, "bob", "bobs password")


def test_user_edit_changes_role_and_keeps_one_admin(cli: Cli) -> None:
    cli("user", "add", "bob")
    edited = doc(cli, "user", "edit", "bob", "--role", "admin", "--tz", "Asia/Tokyo")
    assert (edited["role"], edited["timezone"]) == ("admin", "Asia/Tokyo")
    cli("user", "edit", "bob", "--role", "viewer")
    assert_error(cli("user", "edit", "anna", "--role", "member", ok=False), "the only admin")
    assert_error(cli("user", "edit", "bob", "--tz", "Mars/Base", ok=False), "unknown time zone")


def test_tokens_are_made_listed_and_revoked(cli: Cli) -> None:
    made = doc(cli, "token", "add", "nightly export")
    assert made["token"].startswith("fu_") and made["user"] == "anna"
    human = cli("token", "add", "second")
    secret = human.stdout.splitlines()[1]
    assert secret.startswith("fu_") and "not shown again" in human.stdout
    listed = doc(cli, "token", "list")["tokens"]
    assert [t["name"] for t in listed] == ["nightly export", "second"]
    assert all("token" not in t and t["hint"].startswith("fu_") for t in listed)
    assert made["token"] not in cli("token", "list").stdout
    revoked = doc(cli, "token", "revoke", str(made["id"]))
    assert revoked["revoked_at"]
    assert_error(cli("token", "revoke", "999", ok=False), "no token #999 of yours")
    cli("user", "add", "bob")
    assert_error(Cli(cli.db_url, login="bob")("token", "revoke", str(listed[1]["id"]), ok=False),
                 "of yours")  # fmt: skip
    assert_error(cli("token", "add", "  ", ok=False), "token name must not be empty")


def test_serve_refuses_a_database_without_schema(tmp_path: object) -> None:
    cli = Cli(f"sqlite:///{tmp_path}/missing.db")
    assert_error(cli("serve", "--port", "0", ok=False), "run 'followup init'")
