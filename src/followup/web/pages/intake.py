"""Import: contact files (vCard, CSV) uploaded, previewed as a dry run, then imported."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from followup.api.auth import Caller, gated_router, web_caller
from followup.api.context import app_context, now, workspace
from followup.domain.errors import InvalidInput
from followup.domain.model import Stage, Triage
from followup.services import directory
from followup.services.intake import ImportOptions, import_files, nothing_imported
from followup.services.intake_files import Source
from followup.services.workspace import Workspace
from followup.web.forms import optional, pairs
from followup.web.render import is_htmx, page

router = gated_router(web_caller)
UPLOAD_PATH = "/import"  # the one route that takes large bodies (settings.max_upload_mib)
SHOWN = 500  # records of a dry run listed on the page


@router.get(UPLOAD_PATH)
def import_form(
    request: Request, caller: Caller = Depends(web_caller), ws: Workspace = Depends(workspace)
) -> Response:
    return _page(request, caller, ws)


@router.post(UPLOAD_PATH)
def import_upload(
    request: Request,
    files: list[UploadFile] = File([]),
    event: str = Form("", max_length=300),
    triage: Triage | None = Form(None),
    owner: str = Form("", max_length=200),
    stage: Stage | None = Form(None),
    country: str = Form("", max_length=64),
    file_format: Literal["vcf", "csv"] | None = Form(None),
    mapping: str = Form("", max_length=10_000),
    mode: Literal["preview", "import"] = Form("preview"),
    caller: Caller = Depends(web_caller),
    ws: Workspace = Depends(workspace),
) -> Response:
    """Import the files (or, for a preview, show what the import would do: nothing written)."""
    options = ImportOptions(
        event=" ".join(event.split()) or None,
        triage=triage,
        owner=optional(owner),
        stage=stage,
        country=optional(country),
        file_format=file_format,
        mapping=pairs(mapping, "column map", "Mobile=phone"),
        dry_run=mode == "preview",
    )
    sources = [Source(f.filename or "upload", f.file.read()) for f in files if f.filename]
    if not sources:
        raise InvalidInput("choose at least one vCard or CSV file to import")
    report = import_files(ws, sources, options, now(), caller.login)
    refusal = nothing_imported(report)
    status = 422 if refusal and not report.dry_run else 200
    context = {"report": report, "refusal": refusal, "shown": SHOWN}
    if is_htmx(request):
        return page(request, "import_report.html", caller, status, **context)
    return _page(request, caller, ws, status, **context)


def _page(
    request: Request, caller: Caller, ws: Workspace, status: int = 200, **context: object
) -> Response:
    team = [u.name for u in directory.list_users(ws)]
    stages = [s.value for s in Stage]
    limit = app_context(request).settings.max_upload_mib
    return page(
        request, "import.html", caller, status, team=team, stages=stages, upload_mib=limit,
        **context,
    )  # fmt: skip
