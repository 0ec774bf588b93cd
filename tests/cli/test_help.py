"""Every command and sub-command explains itself: a new command without help fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from followup.cli.main import app


def commands() -> list[tuple[tuple[str, ...], Any]]:
    """Every command of the `followup` tree with its path, the root first."""
    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(path: tuple[str, ...], command: Any) -> None:
        found.append((path, command))
        if hasattr(command, "commands"):  # a group (Typer ships its own click)
            for name in sorted(command.commands):
                walk((*path, name), command.commands[name])

    walk((), typer.main.get_command(app))
    return found


def test_the_tree_holds_the_contract_commands() -> None:
    paths = {" ".join(path) for path, _ in commands()}
    contract = {
        "init", "user add", "account add", "account list", "account show", "person add",
        "person list", "person show", "person edit", "agree", "log", "commit add",
        "commit done", "commit drop", "snooze", "timeline", "today", "db upgrade",
    }  # fmt: skip
    assert contract <= paths, contract - paths


@pytest.mark.parametrize(
    "path, command", commands(), ids=[" ".join(p) or "followup" for p, _ in commands()]
)
def test_every_command_has_help(path: tuple[str, ...], command: Any, tmp_path: Path) -> None:
    summary = (command.help or "").strip()
    assert summary, f"'followup {' '.join(path)}' has no help text (a docstring or help=)"
    # --help works without a database: this one does not even exist.
    env = {"FOLLOWUP_DB": f"sqlite:///{tmp_path / 'none.db'}", "FOLLOWUP_USER": "anna"}
    result = CliRunner().invoke(app, [*path, "--help"], env=env)
    assert result.exit_code == 0, result.output
    assert summary.splitlines()[0] in " ".join(result.stdout.split())
    assert "Usage:" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_every_command_is_in_the_readme() -> None:
    """The README's command table names every command a user can run."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    missing = [" ".join(p) for p, _ in commands() if p and " ".join(p) not in section]
    assert missing == [], f"commands missing from the README's command table: {missing}"
