"""The tables of every entity of DOMAIN §2 as SQLAlchemy Core ``Table`` objects — the one definition of the schema.

The ORM classes of :mod:`hoagiai_desktop.domain.models` are mapped onto these tables (``__table__``); code that
only reads with aggregate SQL — the indicators behind ``hoagiai stats`` — uses them directly, so it loads
SQLAlchemy Core without the ORM and the declarative models (about a third of that command's CPU time).

Conventions:
* every table has an integer ``id``; tables people refer to carry a unique ``code`` (Mã) used by import/export;
* text is stored NFC-normalised (services normalise before they assign);
* ``name_fold`` / ``search_fold`` hold the accent-free search key and ``sort_key`` the Vietnamese collation key —
  both derived in one place (:mod:`hoagiai_desktop.storage.derived`) just before every flush;
* closed lists are stored as their ASCII codes (:mod:`hoagiai_desktop.domain.enums`).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from hoagiai_desktop.domain.enums import (
    AuditAction,
    Background,
    CaseBasis,
    CaseEndReason,
    Category,
    ElectionMethod,
    EndReason,
    FollowUpStatus,
    LegalQualification,
    OrganiserLevel,
    PartyKind,
    PartyRole,
    Result,
    Role,
    Sex,
    TrainingKind,
    UnitKind,
    VillageKind,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

E = TypeVar("E", bound=Enum)

# Collation keys compare byte-wise; on PostgreSQL the column must say so (a database's default collation is not).
SortKey = String(600).with_variant(String(600, collation="C"), "postgresql")


class EnumCode(TypeDecorator[E], Generic[E]):
    """Stores an enum as its short code string (portable; no native ENUM types to migrate)."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[E]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(self.enum_cls(value).value)

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum_cls(value)


metadata = MetaData(naming_convention=NAMING_CONVENTION)


unit = Table(
    "unit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("province", String(200), nullable=False),
    Column("name", String(200), nullable=False),  # e.g. "Tân Lập" (without the kind)
    Column("kind", EnumCode(UnitKind), nullable=False),
    Column("place_name", String(200), nullable=False),  # địa danh on documents
    Column("chairman_name", String(200)),
    Column("vice_chairman_name", String(200)),
    Column("signer_is_vice", Boolean, default=True, nullable=False),  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    Column("justice_officer_name", String(200)),
    Column("phone", String(50)),
    Column("code", String(32)),  # mã đơn vị hành chính, optional
)


village = Table(
    "village",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("kind", EnumCode(VillageKind), default=VillageKind.THON, nullable=False),
    Column("households", Integer),
    Column("ethnic_area", Boolean, default=False, nullable=False),
    Column("active_from", Date),
    Column("merged_on", Date),
    Column("notes", Text),
    Column("name_fold", String(400), default="", index=True, nullable=False),
    Column("sort_key", SortKey, default="", index=True, nullable=False),
)


team = Table(
    "team",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("village_id", ForeignKey("village.id"), index=True, nullable=False),
    Column("decision_no", String(100)),
    Column("decision_date", Date),  # founding / consolidation; active from this day
    Column("planned_size", Integer),
    Column("dissolved_on", Date),  # giải thể / sáp nhập
    Column("dissolution_note", Text),
    Column("legal_support", Boolean, default=False, nullable=False),
    Column("legal_support_name", String(200)),
    Column("legal_support_category", EnumCode(Background)),
    Column("notes", Text),
    Column("name_fold", String(400), default="", index=True, nullable=False),
    Column("sort_key", SortKey, default="", index=True, nullable=False),
)


mediator = Table(
    "mediator",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), unique=True, nullable=False),
    Column("full_name", String(200), nullable=False),
    Column("birth_year", Integer),
    Column("birth_date", Date),
    Column("sex", EnumCode(Sex), nullable=False),
    Column("ethnicity", String(60), default="Kinh", nullable=False),
    Column("address", String(400)),
    Column("phone", String(50)),
    Column(
        "legal_qualification", EnumCode(LegalQualification), default=LegalQualification.KHONG, nullable=False
    ),
    Column("background", EnumCode(Background)),
    Column("community_role", String(200)),
    Column("notes", Text),
    Column("name_fold", String(400), default="", index=True, nullable=False),
    Column("sort_key", SortKey, default="", index=True, nullable=False),
)


membership = Table(
    "membership",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mediator_id", ForeignKey("mediator.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("team_id", ForeignKey("team.id"), index=True, nullable=False),
    Column("role", EnumCode(Role), default=Role.HOA_GIAI_VIEN, nullable=False),
    Column("election_method", EnumCode(ElectionMethod)),
    Column("votes", Integer),  # votes / households in favour
    Column("voters", Integer),  # household representatives (or team members for a leader)
    Column("leader_since", Date),
    Column("leader_votes", Integer),
    Column("leader_voters", Integer),
    Column("recognition_no", String(100)),
    Column("recognition_date", Date),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("end_reason", EnumCode(EndReason)),
    Column("termination_no", String(100)),
    Column("termination_date", Date),
    Index("ix_membership_dates", "start_date", "end_date"),
)


case_file = Table(
    "case_file",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), unique=True, nullable=False),
    Column("team_id", ForeignKey("team.id"), index=True, nullable=False),
    Column("received_on", Date, index=True, nullable=False),
    Column("basis", EnumCode(CaseBasis), default=CaseBasis.CAC_BEN_YEU_CAU, nullable=False),
    Column("category", EnumCode(Category), index=True, nullable=False),
    Column("subtype", String(200)),
    Column("summary", Text, default="", nullable=False),
    Column("place", String(400)),
    Column("is_public", Boolean, default=False, nullable=False),
    Column("immediate", Boolean, default=False, nullable=False),  # mediated on the spot (rule 3.4 exempt)
    Column("guidance", Text),  # for ngoài phạm vi: where the parties were guided
    Column("result", EnumCode(Result), index=True),
    Column("ended_on", Date, index=True),
    Column("end_reason", EnumCode(CaseEndReason)),
    Column("agreement", Text),  # Điều 24 content of the agreement
    Column("rights_obligations", Text),
    Column("execution_method", Text),  # method and deadline of execution
    Column("referral", Text),  # không thành: guidance to the competent authority
    Column("court_filed_on", Date),
    Column("court_name", String(200)),
    Column("court_decision", String(200)),
    Column("notes", Text),
    Column("search_fold", Text, default="", nullable=False),
)


party = Table(
    "party",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("case_file.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("kind", EnumCode(PartyKind), default=PartyKind.CA_NHAN, nullable=False),
    Column("name", String(200), nullable=False),
    Column("birth_year", Integer),
    Column("sex", EnumCode(Sex)),
    Column("address", String(400)),
    Column("role", EnumCode(PartyRole), default=PartyRole.BEN, nullable=False),
    Column("position", Text),  # this side's position when mediation fails
)


assignment = Table(
    "assignment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("case_file.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("mediator_id", ForeignKey("mediator.id"), index=True, nullable=False),
    Column("assigned_on", Date, nullable=False),
    Column("recusal_override", Boolean, default=False, nullable=False),
    Column("recusal_note", Text),
    UniqueConstraint("case_id", "mediator_id"),
)


invitee = Table(
    "invitee",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("case_file.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("note", String(400)),  # role / unit, e.g. "trưởng họ", "công an xã"
)


mediation_session = Table(
    "mediation_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("case_file.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("place", String(400)),
    Column("note", Text),
)


follow_up = Table(
    "follow_up",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("case_file.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("on", Date, nullable=False),
    Column("status", EnumCode(FollowUpStatus), nullable=False),
    Column("note", Text),
)


training_event = Table(
    "training_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), unique=True, nullable=False),
    Column("title", String(400), nullable=False),
    Column("kind", EnumCode(TrainingKind), nullable=False),
    Column("organiser_level", EnumCode(OrganiserLevel), default=OrganiserLevel.XA, nullable=False),
    Column("start_on", Date, nullable=False),
    Column("end_on", Date, index=True, nullable=False),
    Column("hours", Float),
    Column("venue", String(400)),
    Column("trainers", Text),
    Column("materials", Text),
    Column("notes", Text),
    Column("name_fold", String(800), default="", index=True, nullable=False),
)


attendance = Table(
    "attendance",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("training_event.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("mediator_id", ForeignKey("mediator.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("present", Boolean, default=True, nullable=False),
    UniqueConstraint("event_id", "mediator_id"),
)


guest_attendee = Table(
    "guest_attendee",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("training_event.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("unit", String(200)),
    Column("role", String(200)),
    Column("present", Boolean, default=True, nullable=False),
)


target = Table(
    "target",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan", String(200), nullable=False),
    Column("legal_basis", String(400)),
    Column("indicator", String(100), nullable=False),
    Column("value", Float, nullable=False),
    Column("year_from", Integer),
    Column("year_to", Integer),
    UniqueConstraint("plan", "indicator"),
)


audit_entry = Table(
    "audit_entry",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, index=True, nullable=False),
    Column("who", String(100), nullable=False),
    Column("entity", String(50), nullable=False),
    Column("entity_code", String(64)),
    Column("action", EnumCode(AuditAction), nullable=False),
    Column("fields", Text),
)


form_definition = Table(
    "form_definition",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("form_id", String(64), nullable=False),
    Column("version", String(64), nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("content", Text, nullable=False),  # the JSON document as imported
    Column("imported_at", DateTime, nullable=False),
    UniqueConstraint("form_id", "version"),
)


finalised_report = Table(
    "finalised_report",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("form", String(64), nullable=False),
    Column("period", String(32), nullable=False),
    Column("team_code", String(32)),
    Column("definition_version", String(64)),
    Column("number", String(100)),
    Column("issued_on", Date, nullable=False),
    Column("preparer", String(200)),
    Column("checker", String(200)),
    Column("signer", String(200)),
    Column("figures", Text, nullable=False),  # JSON
    Column("estimates", Text),  # JSON
    Column("narrative", Text),  # JSON
    Column("finalised_at", DateTime, nullable=False),
)


setting = Table(
    "setting",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text),
)


unit_key = Table(
    "unit_key",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("purpose", String(16), unique=True, nullable=False),
    Column("private_key", Text, nullable=False),
    Column("public_key", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


sent_package = Table(
    "sent_package",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("package_id", String(64), unique=True, nullable=False),
    Column("finalised_id", ForeignKey("finalised_report.id"), index=True, nullable=False),
    Column("period", String(32), nullable=False),
    Column("file_name", String(300), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_written_at", DateTime, nullable=False),
    Column("figures", Text, nullable=False),  # the figures.json sent first, so a resend carries the same
    Column("receipt_number", String(64)),
    Column("receipt_at", DateTime),  # when the province received it
    Column("receipt_recorded_at", DateTime),
)


commune = Table(
    "commune",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("kind", EnumCode(UnitKind), nullable=False),
    Column("predecessors", Text),  # codes of merged communes, comma-separated
)


pinned_key = Table(
    "pinned_key",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_code", String(32), unique=True, nullable=False),
    Column("commune_id", ForeignKey("commune.id"), index=True, nullable=False),
    Column("signing_key", Text, nullable=False),
    Column("pinned_at", DateTime, nullable=False),
)


received_package = Table(
    "received_package",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("package_id", String(64), unique=True, nullable=False),
    Column("commune_id", ForeignKey("commune.id"), nullable=False),
    Column("sender_code", String(32), nullable=False),  # the code in the package (may be a predecessor's)
    Column("period", String(32), nullable=False),
    Column("form_id", String(64), nullable=False),
    Column("definition_version", String(64), nullable=False),
    Column("report_number", String(100)),
    Column("report_date", Date),
    Column("signer", String(200)),
    Column("finalised_at", DateTime, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("file_name", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("key_fingerprint", String(64), nullable=False),
    Column("manifest", Text, nullable=False),
    Column("figures", Text, nullable=False),
    Column("roster", LargeBinary),  # still sealed to the province's key
    Column("counted", Boolean, default=True, nullable=False),
    Column("receipt_number", String(32), nullable=False),
    Index("ix_received_package_commune_period", "commune_id", "period"),
)


received_figure = Table(
    "received_figure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("package_id", ForeignKey("received_package.id"), index=True, nullable=False),
    Column("indicator", String(100), nullable=False),
    Column("value", Float, nullable=False),
    Column("estimated", Boolean, default=False, nullable=False),
    UniqueConstraint("package_id", "indicator"),
)


app_user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), unique=True, nullable=False),
    Column("role", String(16), nullable=False),  # quan-tri / can-bo / chi-xem
    Column("password_hash", Text, nullable=False),
    Column("failed_logins", Integer, default=0, nullable=False),
    Column("locked_until", DateTime),
    Column("disabled", Boolean, default=False, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


# Tables whose rows people see and count (row counts used by backup verification and restore previews).
COUNTED_TABLES = (
    "unit", "village", "team", "mediator", "membership", "case_file", "party", "assignment", "invitee",
    "mediation_session", "follow_up", "training_event", "attendance", "guest_attendee", "target",
)  # fmt: skip
