"""intake: the parts of a business card on people, triage, and the import ledger

People get the name's parts (given, family, phonetic readings ...), title, department,
birthday, web addresses, structured addresses and their triage (meet or file); the
`import_records` ledger remembers every imported record's fingerprint, so a re-import,
or the re-run of a killed import, creates nothing twice.

Revision ID: 0003
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0008"
branch_labels = None
depends_on = None

NAME_PARTS = (
    "given_name",
    "family_name",
    "middle_name",
    "name_prefix",
    "name_suffix",
    "phonetic_given",
    "phonetic_family",
)


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        for name in NAME_PARTS:
            batch_op.add_column(sa.Column(name, sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("nickname", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("department", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("birthday", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("triage", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("urls", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("addresses", sa.JSON(), nullable=True))
    op.create_table(
        "import_records",
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_import_records_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("fingerprint", name=op.f("pk_import_records")),
    )
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_records_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_records_person_id"))
    op.drop_table("import_records")
    with op.batch_alter_table("people", schema=None) as batch_op:
        for name in ("addresses", "urls", "triage", "birthday", "department"):
            batch_op.drop_column(name)
        batch_op.drop_column("nickname")
        for name in reversed(NAME_PARTS):
            batch_op.drop_column(name)
