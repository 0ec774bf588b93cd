"""Plan templates: the shipped ones (data/deal_templates.toml) and the team's own."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection

from followup.domain.errors import Conflict, InvalidInput, NotFound, Stale
from followup.domain.plans import PlanKind
from followup.domain.templates import PlanTemplate, parse_templates
from followup.services.directory import current_user
from followup.services.workspace import Workspace
from followup.store import plans as store

MAX_BODY = 200_000


@cache
def shipped_templates() -> dict[str, PlanTemplate]:
    text = resources.files("followup.data").joinpath("deal_templates.toml").read_text("utf-8")
    return parse_templates(text, shipped=True)


def all_templates(conn: Connection) -> dict[str, PlanTemplate]:
    """Shipped templates, then the team's (whose keys never shadow a shipped one)."""
    found = dict(shipped_templates())
    for row in store.template_rows(conn):
        found.update(parse_templates(row.body, shipped=False))
    return found


def find_template(conn: Connection, key: str, plan: PlanKind | None = None) -> PlanTemplate:
    templates = all_templates(conn)
    template = templates.get(key.strip())
    if template is None:
        known = ", ".join(sorted(templates))
        raise NotFound(f"unknown plan template {key!r}; known: {known}")
    if plan is not None and template.plan is not plan:
        raise InvalidInput(
            f"template {key!r} is a {template.plan.value} plan, not a {plan.value} plan"
        )
    return template


def add_templates(ws: Workspace, text: str, now: datetime, login: str | None) -> list[str]:
    """Store every template of a TOML text; refused whole if any is invalid or taken."""
    if len(text) > MAX_BODY:
        raise InvalidInput(f"template file too large: at most {MAX_BODY:,} characters")
    parsed = parse_templates(text, shipped=False)
    with ws.transaction() as conn:
        user = current_user(conn, None, login)
        known = all_templates(conn)
        templates = {**known, **parsed}
        for template in parsed.values():
            if template.key in known:
                where = "shipped with followup" if known[template.key].shipped else "already added"
                raise Conflict(f"template {template.key!r} is {where}: choose another key")
            _check_delivery_link(template, templates)
            store.insert_template(
                conn, template.key, template.name, _one(text, template), user.id, now
            )
        return sorted(parsed)


def _check_delivery_link(template: PlanTemplate, templates: dict[str, PlanTemplate]) -> None:
    if template.delivery is None:
        return
    target = templates.get(template.delivery)
    if target is None or target.plan is not PlanKind.DELIVERY:
        raise InvalidInput(
            f"template {template.key!r}: delivery = {template.delivery!r} "
            "names no delivery template"
        )


def _one(text: str, template: PlanTemplate) -> str:
    """The stored body: the whole file when it holds one template, else that template alone
    rebuilt as TOML, so removing one template removes only it."""
    if len(parse_templates(text, shipped=False)) == 1:
        return text
    return template_toml(template)


def template_toml(template: PlanTemplate) -> str:
    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"[templates.{template.key}]", f"name = {quoted(template.name)}"]
    lines.append(f"plan = {quoted(template.plan.value)}")
    for key in ("description", "source", "delivery"):
        value = getattr(template, key)
        if value:
            lines.append(f"{key} = {quoted(value)}")
    for step in template.steps:
        lines += ["", f"[[templates.{template.key}.steps]]", f"key = {quoted(step.key)}"]
        lines += [f"title = {quoted(step.title)}", f"side = {quoted(step.side.value)}"]
        lines.append(f"days = {step.days}")
        if step.after:
            lines.append("after = [" + ", ".join(quoted(a) for a in step.after) + "]")
        if step.role:
            lines.append(f"role = {quoted(step.role.value)}")
        if step.kind.value == "checkpoint":
            lines.append("checkpoint = true")
    return "\n".join(lines) + "\n"


def remove_template(ws: Workspace, key: str, version: int | None = None) -> None:
    """Remove a team template (refused if no longer at `version`, when given)."""
    with ws.transaction() as conn:
        if key in shipped_templates():
            raise Conflict(f"template {key!r} is shipped with followup and cannot be removed")
        if not store.delete_template(conn, key, version):
            if version is None or key not in _versions(conn):
                raise NotFound(f"unknown team template {key!r}: see 'followup plan template list'")
            raise Stale(f"plan template {key!r}", version)


def _versions(conn: Connection) -> dict[str, int]:
    """The version of each team template (a shipped one is at version 1 for ever)."""
    return {row.key: row.version for row in store.template_rows(conn)}


def template_document(template: PlanTemplate, version: int = 1) -> dict[str, Any]:
    return {
        "key": template.key,
        "name": template.name,
        "plan": template.plan.value,
        "description": template.description,
        "delivery": template.delivery,
        "source": template.source,
        "shipped": template.shipped,
        "steps": [
            {
                "key": s.key,
                "title": s.title,
                "side": s.side.value,
                "days": s.days,
                "after": list(s.after),
                "role": s.role.value if s.role else None,
                "checkpoint": s.kind.value == "checkpoint",
            }
            for s in template.steps
        ],
        "version": version,
    }


def list_templates(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as conn:
        versions = _versions(conn)
        return [template_document(t, versions.get(t.key, 1)) for t in all_templates(conn).values()]


def show_template(ws: Workspace, key: str) -> dict[str, Any]:
    with ws.transaction() as conn:
        template = find_template(conn, key)
        return template_document(template, _versions(conn).get(template.key, 1))
