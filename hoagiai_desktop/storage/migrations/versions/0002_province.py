"""The province's half (DOMAIN §8): unit keys, sent packages and receipts, the commune registry and
pinned keys, received packages.

Revision ID: 0002_province
Revises: 0001
Create Date: 2026-12-03

Table stubs, not the models: this revision must create the same tables whatever the models later become.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_province"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_key")),
        sa.UniqueConstraint("purpose", name=op.f("uq_unit_key_purpose")),
    )
    op.create_table(
        "sent_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("finalised_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_written_at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("receipt_number", sa.String(length=64), nullable=True),
        sa.Column("receipt_at", sa.DateTime(), nullable=True),
        sa.Column("receipt_recorded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["finalised_id"],
            ["finalised_report.id"],
            name=op.f("fk_sent_package_finalised_id_finalised_report"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_package")),
        sa.UniqueConstraint("package_id", name=op.f("uq_sent_package_package_id")),
    )
    op.create_index(op.f("ix_sent_package_finalised_id"), "sent_package", ["finalised_id"], unique=False)
    op.create_table(
        "commune",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("predecessors", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commune")),
        sa.UniqueConstraint("code", name=op.f("uq_commune_code")),
    )
    op.create_table(
        "pinned_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_code", sa.String(length=32), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("signing_key", sa.Text(), nullable=False),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_pinned_key_commune_id_commune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pinned_key")),
        sa.UniqueConstraint("sender_code", name=op.f("uq_pinned_key_sender_code")),
    )
    op.create_index(op.f("ix_pinned_key_commune_id"), "pinned_key", ["commune_id"], unique=False)
    op.create_table(
        "received_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("sender_code", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("definition_version", sa.String(length=64), nullable=False),
        sa.Column("report_number", sa.String(length=100), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("signer", sa.String(length=200), nullable=True),
        sa.Column("finalised_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("roster", sa.LargeBinary(), nullable=True),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("receipt_number", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["commune.id"], name=op.f("fk_received_package_commune_id_commune")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_package")),
        sa.UniqueConstraint("package_id", name=op.f("uq_received_package_package_id")),
    )
    op.create_index(
        "ix_received_package_commune_period", "received_package", ["commune_id", "period"], unique=False
    )
    op.create_table(
        "received_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("estimated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["received_package.id"],
            name=op.f("fk_received_figure_package_id_received_package"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_figure")),
        sa.UniqueConstraint("package_id", "indicator", name=op.f("uq_received_figure_package_id")),
    )
    op.create_index(op.f("ix_received_figure_package_id"), "received_figure", ["package_id"], unique=False)


def downgrade() -> None:
    op.drop_table("received_figure")
    op.drop_table("received_package")
    op.drop_table("pinned_key")
    op.drop_table("commune")
    op.drop_table("sent_package")
    op.drop_table("unit_key")
