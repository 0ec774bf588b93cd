"""Human output: Rich tables and agenda cards. User text is escaped, never read as markup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from followup.domain.agenda import AgendaItem, Day
from followup.domain.localtime import format_day, format_moment, local_date, zone
from followup.domain.model import User

console = Console(highlight=False)

KIND_LABELS = {
    "our_commitment": "our promise",
    "their_commitment": "their promise",
    "cadence": "rhythm",
    "channel_failing": "reminders failing",
    "going_dark": "gone dark",
    "satisfaction": "satisfaction check-in",
    "service_request": "service request",
    "milestone": "plan milestone",
    "deal_stalled": "deal gone quiet",
    "delivery": "delivery",
}


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    grid = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*[escape("" if value is None else str(value)) for value in row])
    console.print(grid)


def fields(title: str, pairs: Iterable[tuple[str, Any]]) -> None:
    grid = Table(title=title, title_justify="left", show_header=False, box=None)
    grid.add_column(style="bold")
    grid.add_column()
    for key, value in pairs:
        if value not in (None, "", []):
            text = ", ".join(value) if isinstance(value, list) else str(value)
            grid.add_row(key, escape(text))
    console.print(grid)


class Display:
    """How this process shows times: in the acting user's zone once it is known."""

    timezone = "UTC"
    now: datetime | None = None  # the session's clock: a date in another year shows the year


display = Display()


def when(value: str | None, all_day: bool = False) -> str:
    """An ISO instant from a document: 'Fri 20 Nov 15:00' (or 'Fri 20 Nov') in the user's zone."""
    if not value:
        return ""
    moment, tz = datetime.fromisoformat(value), zone(display.timezone)
    today = local_date(display.now, tz) if display.now else None
    return format_day(moment, tz, today) if all_day else format_moment(moment, tz, today)


def agenda(user: User, at: datetime, items: list[AgendaItem]) -> None:
    day = Day.of(user, at)
    heading = f"{format_day(at, day.tz)} — {len(items)} item{'s' if len(items) != 1 else ''}"
    console.print(f"[bold]{escape(heading)} for {escape(user.name)} ({user.timezone})[/bold]")
    if not items:
        console.print("Nothing due today. Nobody is falling through the cracks.")
    for number, item in enumerate(items, 1):
        console.print()
        flag = (
            f"[red]{item.overdue_days}d overdue[/red]"
            if item.overdue_days
            else "[yellow]today[/yellow]"
        )
        if item.urgent:
            flag = f"[bold red]urgent[/bold red] {flag}"
        who = escape(item.person_name) + (f" ({escape(item.account)})" if item.account else "")
        label = KIND_LABELS.get(item.kind, item.kind.replace("_", " "))
        channel = f" · {item.channel.value.replace('_', ' ')}" if item.channel else ""
        console.print(f"{number:>2}. {flag}  [bold]{who}[/bold]  · {label}{channel}")
        console.print(f"    {escape(item.reason)}")
        console.print(f"    [green]→[/green] {escape(item.suggestion)}")
        for warning in item.warnings:
            console.print(f"    [yellow]![/yellow] {escape(warning)}")
