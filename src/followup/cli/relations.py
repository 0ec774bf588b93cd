"""`followup person link|unlink|interests` and `followup content add|list|send`."""

from __future__ import annotations

import typer
from rich.markup import escape

from followup.cli import guarded
from followup.cli import render as show
from followup.cli.context import FollowupGroup, print_json, session
from followup.cli.people import person_app
from followup.domain.relationship import ContentKind, LinkKind
from followup.services import relations

content_app = typer.Typer(
    cls=FollowupGroup, no_args_is_help=True, help="The content library: pieces to send, by topic."
)
JSON = typer.Option(False, "--json", help="Print one JSON document to stdout.")


def register(app: typer.Typer) -> None:
    person_app.command("link")(person_link)
    person_app.command("unlink")(person_unlink)
    person_app.command("interests")(person_interests)
    app.add_typer(content_app, name="content")


def person_link(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="PERSON"),
    other: str = typer.Argument(..., metavar="OTHER"),
    kind: LinkKind = typer.Option(..., "--as", help="PERSON introduced_by|knows|reports_to OTHER."),
    as_json: bool = JSON,
) -> None:
    """Record who knows whom (a way back in when someone goes silent)."""
    s = session(ctx)
    document = relations.link(s.workspace, ref, other, kind, s.now())
    if as_json:
        print_json(document)
        return
    show.console.print(
        f"{escape(document['person']['name'])} {kind.value.replace('_', ' ')} "
        f"{escape(document['other']['name'])}."
    )


def person_unlink(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="PERSON"),
    other: str = typer.Argument(..., metavar="OTHER"),
    kind: LinkKind = typer.Option(None, "--as", help="Only this kind of link."),
) -> None:
    """Remove the links between two people."""
    removed = relations.unlink(session(ctx).workspace, ref, other, kind)
    show.console.print(f"Removed {removed} link{'s' * (removed != 1)}.")


def person_interests(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="PERSON"),
    add: list[str] = typer.Option([], "--add", help="A topic they care about (repeatable)."),
    remove: list[str] = typer.Option([], "--remove", help="A topic to forget."),
    as_json: bool = JSON,
) -> None:
    """Show or change what a person is interested in (content is matched to it)."""
    document = relations.set_interests(session(ctx).workspace, ref, add, remove)
    if as_json:
        print_json(document)
        return
    topics = ", ".join(document["interests"]) or "none yet"
    show.console.print(f"{escape(document['person']['name'])}: {escape(topics)}")


@content_app.command("add")
def content_add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="e.g. 'Case study: vibration monitoring at Krämer'."),
    kind: ContentKind = typer.Option(ContentKind.ARTICLE, "--kind"),
    topics: list[str] = typer.Option([], "--topic", help="A topic it is about (repeatable)."),
    url: str = typer.Option(None, "--url"),
    as_json: bool = JSON,
) -> None:
    """Add a piece to the library, tagged by topic."""
    s = session(ctx)
    document = relations.add_content(s.workspace, title, kind.value, topics, s.now(), s.login, url)
    if as_json:
        print_json(document)
    else:
        show.console.print(f"Added #{document['id']} {escape(document['title'])}.")


@content_app.command("list")
def content_list(
    ctx: typer.Context,
    topic: str = typer.Option(None, "--topic", help="Only pieces on this topic."),
    person: str = typer.Option(None, "--for", help="Pieces on their interests, not sent yet."),
    as_json: bool = JSON,
) -> None:
    """List the library (newest first)."""
    document = relations.list_content(session(ctx).workspace, topic, person)
    if as_json:
        print_json(document)
        return
    title = "Content" + (f" for {document['person']['name']}" if "person" in document else "")
    show.table(
        title,
        ["id", "title", "kind", "topics", "sent", "url"],
        [
            [c["id"], c["title"], c["kind"], ", ".join(c["topics"]), c["sent"], c["url"]]
            for c in document["content"]
        ],
    )


@content_app.command("send")
def content_send(
    ctx: typer.Context,
    content_id: int = typer.Argument(..., metavar="ID"),
    to: str = typer.Option(..., "--to", metavar="PERSON", help="Who it went to."),
    at: str = typer.Option(None, "--at", help="When (ISO; default: now)."),
    yes: bool = typer.Option(False, "--yes", "--force", help="Log it even if too soon."),
    as_json: bool = JSON,
) -> None:
    """Record that you sent a piece to someone (logged as an outbound email)."""
    s = session(ctx)
    document = guarded.confirmed(
        lambda sure: relations.send_content(
            s.workspace, content_id, to, s.now(), s.login, at, sure
        ),
        yes,
    )
    if as_json:
        print_json(document)
        return
    guarded.report(document["guard"])
    show.console.print(
        f"Sent #{content_id} {escape(document['content']['title'])}; logged email "
        f"#{document['interaction_id']}; next due {show.when(document['next_due_at']) or 'nothing'}"
    )
