"""Today's agenda for a user: the service behind `followup today`."""

from __future__ import annotations

from datetime import datetime

from followup.domain.agenda import AgendaItem, Day, agenda_for
from followup.domain.cadence import rhythm_for
from followup.domain.model import Dossier, Touches, User
from followup.services.deal_agenda import deal_agenda
from followup.services.directory import current_user
from followup.services.workspace import Workspace
from followup.store import agenda as queries
from followup.store.people import person_from_row


def today(
    ws: Workspace, at: datetime, user_name: str | None, login: str | None
) -> tuple[User, list[AgendaItem]]:
    """Every item due for the user by the end of their day at `at`, ranked and explained."""
    with ws.transaction() as conn:
        user = current_user(conn, user_name, login)
        rows = queries.due_people(conn, user.id, Day.of(user, at).end)
        ids = [row.id for row in rows]
        commitments = queries.open_commitments_for(conn, ids)
        deal_items = deal_agenda(ws, conn, user, Day.of(user, at))
    dossiers = []
    for row in rows:
        person = person_from_row(row)
        profile = ws.profile_of_row(row)
        dossiers.append(
            Dossier(
                person=person,
                account_name=row.account_name,
                rhythm=rhythm_for(person, queries.agreement_of_row(row), profile),
                touches=Touches(row.last_contact_at, row.last_attempt_at),
                open_commitments=tuple(commitments[person.id]),
                last_notes=row.last_notes,
            )
        )
    return user, agenda_for(user, at, dossiers, also=deal_items)
