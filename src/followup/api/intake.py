"""/api/import and /api/export: contact files in (vCard, CSV) and out."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import Depends, File, Form, Query, Response, UploadFile

from followup.api.auth import Caller, api_caller, gated_router
from followup.api.context import now, workspace
from followup.api.intake_schemas import ImportReport
from followup.domain.model import Stage, Triage
from followup.services.export import ExportOptions, export_people
from followup.services.intake import (
    ImportOptions,
    column_mapping,
    import_files,
    nothing_imported,
)
from followup.services.intake_files import Source
from followup.services.workspace import Workspace

router = gated_router(api_caller, tags=["intake"])


class ExportFormat(StrEnum):
    VCF = "vcf"  # vCard 4.0
    VCF3 = "vcf3"  # vCard 3.0, for Apple and Google
    CSV = "csv"  # Google CSV


EXPORTS = {
    ExportFormat.VCF: ("vcf", "4.0", "text/vcard; charset=utf-8"),
    ExportFormat.VCF3: ("vcf", "3.0", "text/vcard; charset=utf-8"),
    ExportFormat.CSV: ("csv", "4.0", "text/csv; charset=utf-8"),
}


@router.post("/import", response_model=ImportReport)
def import_contacts(
    files: list[UploadFile] = File(..., description="vCard or CSV files"),
    event: str | None = Form(None, max_length=300, description="where you met them"),
    triage: Triage | None = Form(None, description="meet: a first follow-up; file: none"),
    owner: str | None = Form(None, max_length=200, description="default: you"),
    stage: Stage | None = Form(None, description="of new people (default: lead)"),
    country: str | None = Form(None, max_length=64, description="for national numbers"),
    file_format: str | None = Form(None, alias="format", max_length=8, description="vcf or csv"),
    mapping: list[str] = Form([], alias="map", description="COLUMN=FIELD, for a CSV"),
    dry_run: bool = Form(False, description="say what would happen; write nothing"),
    caller: Caller = Depends(api_caller),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    """Import business cards and contact lists, de-duplicated against the people there
    are; importing a file again creates nothing new. 422 if nothing could be imported."""
    options = ImportOptions(
        event, triage, owner, stage, country, file_format.lower() if file_format else None,
        column_mapping(mapping), dry_run,
    )  # fmt: skip
    sources = [Source(f.filename or "upload", f.file.read()) for f in files]
    report = import_files(ws, sources, options, now(), caller.login)
    error = nothing_imported(report)
    if error is not None:
        raise error
    return report.document()


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {"text/vcard": {}, "text/csv": {}}}},
)
def export_contacts(
    fmt: ExportFormat = Query(alias="format"),
    event: str | None = Query(None, max_length=300),
    account: str | None = Query(None, max_length=300),
    stage: Stage | None = None,
    owner: str | None = Query(None, max_length=200),
    triage: Triage | None = None,
    country: str | None = Query(None, max_length=64),
    ws: Workspace = Depends(workspace),
) -> Response:
    """The people matching every filter as vCard (4.0, or 3.0 with vcf3) or Google CSV."""
    kind, version, media_type = EXPORTS[fmt]
    given = {"event": event, "account": account, "stage": stage, "owner": owner,
             "triage": triage, "country": country}  # fmt: skip
    filters = {key: str(value) for key, value in given.items() if value is not None}
    text, _ = export_people(ws, ExportOptions(kind, filters, version))
    disposition = f'attachment; filename="people.{kind}"'
    return Response(text, media_type=media_type, headers={"Content-Disposition": disposition})
