"""The email digest: a user's agenda as plain text and HTML, in their zone and language.

Items come ranked by the agenda; the digest splits them into overdue and due today, each
grouped by kind, and keeps every reason, suggestion and warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from followup.domain.agenda import AgendaItem
from followup.domain.localtime import day_words, format_moment, local_date, zone
from followup.domain.model import User

KINDS = ("channel_failing", "our_commitment", "their_commitment", "cadence")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "channel_failing": "Your reminders",
        "our_commitment": "Our promises",
        "their_commitment": "Their promises",
        "cadence": "Agreed rhythms",
        "overdue": "Overdue",
        "today": "Due today",
        "items": "{n} items",
        "item": "1 item",
        "late": "{n} overdue",
        "subject": "followup · {day}: {count}",
        "greeting": "Good morning {name} — {day}: {count}",
        "nothing": "Nothing due today. Nobody is falling through the cracks.",
        "days_late": "{n}d overdue",
        "footer": "Sent by followup at {moment} ({zone}). Change what you receive with "
        "'followup prefs'.",
    },
    "de": {
        "channel_failing": "Ihre Erinnerungen",
        "our_commitment": "Unsere Zusagen",
        "their_commitment": "Zusagen der Kunden",
        "cadence": "Vereinbarter Rhythmus",
        "overdue": "Überfällig",
        "today": "Heute fällig",
        "items": "{n} Punkte",
        "item": "1 Punkt",
        "late": "{n} überfällig",
        "subject": "followup · {day}: {count}",
        "greeting": "Guten Morgen {name} — {day}: {count}",
        "nothing": "Heute ist nichts fällig. Niemand fällt durchs Raster.",
        "days_late": "{n} T. überfällig",
        "footer": "Gesendet von followup um {moment} ({zone}). Was Sie erhalten, ändern Sie "
        "mit 'followup prefs'.",
    },
}
DAY_NAMES = {"de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")}
MONTH_NAMES = {
    "de": ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
}


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    items: int
    overdue: int


def local_day(day: date, language: str) -> str:
    """'Mon 23 Nov' (or 'Mo 23. Nov' in German)."""
    if language in DAY_NAMES:
        weekday, month = DAY_NAMES[language][day.weekday()], MONTH_NAMES[language][day.month - 1]
        return f"{weekday} {day.day}. {month}"
    return day_words(day)


def render_digest(user: User, at: datetime, items: Sequence[AgendaItem], language: str) -> Digest:
    """The digest of `items` (the user's agenda at `at`)."""
    words = LABELS.get(language, LABELS["en"])
    tz = zone(user.timezone)
    day = local_day(local_date(at, tz), language)
    count = words["item"] if len(items) == 1 else words["items"].format(n=len(items))
    overdue = sum(1 for item in items if item.overdue_days > 0)
    if overdue:
        count += f" ({words['late'].format(n=overdue)})"
    sections = _sections(items)
    footer = words["footer"].format(moment=format_moment(at, tz), zone=user.timezone)
    greeting = words["greeting"].format(name=user.name, day=day, count=count)
    return Digest(
        subject=words["subject"].format(count=count, day=day),
        text=_text(greeting, sections, words, footer),
        html=_html(greeting, sections, words, footer),
        items=len(items),
        overdue=overdue,
    )


Sections = list[tuple[str, list[tuple[str, list[AgendaItem]]]]]


def _sections(items: Sequence[AgendaItem]) -> Sections:
    """[('overdue', [(kind, items), ...]), ('today', [...])], empty parts left out."""
    sections: Sections = []
    for name, wanted in (("overdue", True), ("today", False)):
        part = [item for item in items if (item.overdue_days > 0) is wanted]
        order = list(KINDS) + sorted({i.kind for i in part} - set(KINDS))
        groups = [(kind, [i for i in part if i.kind == kind]) for kind in order]
        groups = [(kind, grouped) for kind, grouped in groups if grouped]
        if groups:
            sections.append((name, groups))
    return sections


def _who(item: AgendaItem) -> str:
    return item.person_name + (f" ({item.account})" if item.account else "")


def _flags(item: AgendaItem, words: dict[str, str]) -> str:
    flags = [words["days_late"].format(n=item.overdue_days)] if item.overdue_days else []
    if item.channel is not None:
        flags.append(item.channel.value.replace("_", " "))
    return " · ".join(flags)


def _text(greeting: str, sections: Sections, words: dict[str, str], footer: str) -> str:
    lines = [greeting, ""]
    if not sections:
        lines += [words["nothing"], ""]
    for name, groups in sections:
        lines += [words[name].upper(), ""]
        for kind, items in groups:
            lines.append(words.get(kind, kind.replace("_", " ").capitalize()))
            for item in items:
                flags = _flags(item, words)
                lines.append(f"  • {_who(item)}" + (f" — {flags}" if flags else ""))
                lines.append(f"    {item.reason}")
                lines.append(f"    → {item.suggestion}")
                lines += [f"    ! {warning}" for warning in item.warnings]
            lines.append("")
    lines += ["-- ", footer]
    return "\n".join(lines) + "\n"


def _html(greeting: str, sections: Sections, words: dict[str, str], footer: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8"></head>',
        '<body style="font-family: sans-serif; line-height: 1.4; color: #222;">',
        f'<h1 style="font-size: 18px;">{escape(greeting)}</h1>',
    ]
    if not sections:
        parts.append(f"<p>{escape(words['nothing'])}</p>")
    for name, groups in sections:
        colour = "#b00020" if name == "overdue" else "#8a6d00"
        parts.append(f'<h2 style="font-size: 16px; color: {colour};">{escape(words[name])}</h2>')
        for kind, items in groups:
            title = words.get(kind, kind.replace("_", " ").capitalize())
            parts.append(f'<h3 style="font-size: 14px;">{escape(title)}</h3>')
            parts.append("<ul>")
            parts += [_html_item(item, words) for item in items]
            parts.append("</ul>")
    parts.append(f'<p style="color: #777; font-size: 12px;">{escape(footer)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_item(item: AgendaItem, words: dict[str, str]) -> str:
    flags = _flags(item, words)
    warnings = "".join(
        f'<div style="color: #8a6d00;">! {escape(warning)}</div>' for warning in item.warnings
    )
    return (
        f"<li><strong>{escape(_who(item))}</strong>"
        + (f" <small>{escape(flags)}</small>" if flags else "")
        + f"<div>{escape(item.reason)}</div>"
        + f'<div style="color: #1b5e20;">→ {escape(item.suggestion)}</div>'
        + warnings
        + "</li>"
    )
