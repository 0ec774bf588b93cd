"""Deals for a generated workspace: one per two people at accounts, with a buying group of
three and six chained milestones each, due around the dataset's reference moment.
Deterministic (seeded); used by the query-plan tests and by benchmarks/deals.py."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, text

from followup.domain.localtime import END_OF_DAY, at_local, zone
from followup.store.tables import deal_people, deals, milestone_dependencies, milestones, people

STAGES = ("lead", "discovery", "deliberation", "decision", "won", "delivery", "live", "lost")
TABLES = (deals, deal_people, milestones, milestone_dependencies)
TOKYO = zone("Asia/Tokyo")


def deal_rows(
    engine: Engine, reference: datetime, count: int, seed: int = 11
) -> tuple[list[dict[str, Any]], ...]:
    """(deals, deal_people, milestones, milestone_dependencies) rows for `count` deals."""
    rng = random.Random(seed)
    with engine.connect() as conn:
        total = conn.execute(select(people.c.id).order_by(people.c.id.desc()).limit(1)).scalar()
        owners = conn.execute(
            select(people.c.id, people.c.account_id, people.c.owner_id)
            .where(people.c.account_id.is_not(None))
            .order_by(people.c.id)
            .limit(count)
        ).all()
    found: tuple[list[dict[str, Any]], ...] = ([], [], [], [])
    for number, (person_id, account_id, owner_id) in enumerate(owners, 1):
        stage = rng.choice(STAGES)
        due = None if stage == "lost" else reference + timedelta(hours=rng.randint(-900, 2400))
        found[0].append({
            "id": number, "account_id": account_id, "title": f"Deal {number}", "stage": stage,
            "timezone": TOKYO.key, "owner_id": owner_id, "stage_since": reference,
            "next_due_at": due, "created_at": reference, "updated_at": reference,
        })  # fmt: skip
        found[1].append({"deal_id": number, "person_id": person_id, "role": "champion"})
        # Two more people in each decision, as a real buying group has.
        for role in ("decision_maker", "procurement"):
            other = rng.randint(1, int(total or 1))
            found[1].append({"deal_id": number, "person_id": other, "role": role})
        _milestones(rng, number, reference, found[2], found[3])
    return found


def _milestones(
    rng: random.Random,
    deal_id: int,
    reference: datetime,
    steps: list[dict[str, Any]],
    needs: list[dict[str, Any]],
) -> None:
    for step in range(6):
        milestone_id = (deal_id - 1) * 6 + step + 1
        day = (reference + timedelta(days=rng.randint(-20, 90))).date()
        steps.append({
            "id": milestone_id, "deal_id": deal_id, "plan": "decision", "kind": "step",
            "position": step, "title": f"Step {step}", "side": rng.choice(("us", "them")),
            "due_on": day, "due_at": at_local(day, END_OF_DAY, TOKYO), "all_day": True,
            "status": rng.choice(("open", "done", "done", "slipped")), "created_at": reference,
        })  # fmt: skip
        if step:
            needs.append({"milestone_id": milestone_id, "depends_on_id": milestone_id - 1})


def add_deals(engine: Engine, reference: datetime, count: int) -> int:
    """Insert the deals and ANALYZE; returns how many deals were added."""
    rows = deal_rows(engine, reference, count)
    with engine.begin() as conn:
        for table, table_rows in zip(TABLES, rows, strict=True):
            for start in range(0, len(table_rows), 5000):
                conn.execute(insert(table), table_rows[start : start + 5000])
        if engine.dialect.name == "postgresql":
            # The rows carry their ids: move the sequences past them for later inserts.
            for table in ("deals", "milestones"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                    )
                )
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    return len(rows[0])


def remove_deals(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(TABLES):
            conn.execute(delete(table))
