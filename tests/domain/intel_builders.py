"""Builders for the intelligence rules: the same person and history in another culture."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from followup.domain.culture import CultureBook, CultureProfile
from followup.domain.model import Dossier, Interaction, Stage, Touches
from followup.domain.relationship import Relationship, Replies, replies_from
from followup.services.workspace import shipped_cultures

BOOK: CultureBook = shipped_cultures()


def profile(key: str) -> CultureProfile:
    return BOOK.get(key)


def in_culture(
    one: Dossier, key: str, history: Iterable[Interaction] = (), agreed: bool = False, **extra: Any
) -> Dossier:
    """`one` as a person of culture `key`: their default rhythm (unless `one` carries an
    agreed one), touches and replies from `history`, and `extra` relationship facts."""
    culture = profile(key)
    rhythm = one.rhythm if agreed else culture.rhythm_for(one.person.stage)
    touches = Touches()
    for interaction in sorted(history, key=lambda i: i.at):
        touches = touches.after(interaction)
    touches = touches if history else one.touches
    replies = replies_from(history) if history else extra.pop("replies", Replies())
    relationship = Relationship(culture, replies, **extra)
    return replace(one, rhythm=rhythm, touches=touches, relationship=relationship)


def with_stage(one: Dossier, stage: Stage) -> Dossier:
    return replace(one, person=replace(one.person, stage=stage))


def moment_of(items: list[Any]) -> list[tuple[str, datetime]]:
    return [(i.kind, i.due) for i in items]
