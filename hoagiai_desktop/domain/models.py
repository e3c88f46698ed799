"""Typed SQLAlchemy 2 models for every entity of DOMAIN §2.

Conventions:
* every table has an integer ``id``; tables people refer to carry a unique ``code`` (Mã) used by import/export;
* text is stored NFC-normalised (services normalise before they assign);
* ``name_fold`` / ``search_fold`` hold the accent-free search key and ``sort_key`` the Vietnamese collation key —
  both derived in one place (:mod:`hoagiai_desktop.storage.derived`) just before every flush;
* closed lists are stored as their ASCII codes (:mod:`hoagiai_desktop.domain.enums`).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Unit(Base):
    """The commune-level unit that owns this database (one row)."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))  # e.g. "Tân Lập" (without the kind)
    kind: Mapped[UnitKind] = mapped_column(EnumCode(UnitKind))
    place_name: Mapped[str] = mapped_column(String(200))  # địa danh on documents
    chairman_name: Mapped[str | None] = mapped_column(String(200))
    vice_chairman_name: Mapped[str | None] = mapped_column(String(200))
    signer_is_vice: Mapped[bool] = mapped_column(Boolean, default=True)  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    justice_officer_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    code: Mapped[str | None] = mapped_column(String(32))  # mã đơn vị hành chính, optional

    @property
    def full_name(self) -> str:
        return f"{self.kind.vi} {self.name}"


class Village(Base):
    __tablename__ = "village"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[VillageKind] = mapped_column(EnumCode(VillageKind), default=VillageKind.THON)
    households: Mapped[int | None] = mapped_column(Integer)
    ethnic_area: Mapped[bool] = mapped_column(Boolean, default=False)
    active_from: Mapped[dt.date | None] = mapped_column(Date)
    merged_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    name_fold: Mapped[str] = mapped_column(String(400), default="", index=True)
    sort_key: Mapped[str] = mapped_column(SortKey, default="", index=True)

    teams: Mapped[list[Team]] = relationship(back_populates="village")


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    decision_no: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[dt.date | None] = mapped_column(
        Date
    )  # founding / consolidation; active from this day
    planned_size: Mapped[int | None] = mapped_column(Integer)
    dissolved_on: Mapped[dt.date | None] = mapped_column(Date)  # giải thể / sáp nhập
    dissolution_note: Mapped[str | None] = mapped_column(Text)
    legal_support: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_support_name: Mapped[str | None] = mapped_column(String(200))
    legal_support_category: Mapped[Background | None] = mapped_column(EnumCode(Background))
    notes: Mapped[str | None] = mapped_column(Text)
    name_fold: Mapped[str] = mapped_column(String(400), default="", index=True)
    sort_key: Mapped[str] = mapped_column(SortKey, default="", index=True)

    village: Mapped[Village] = relationship(back_populates="teams")
    memberships: Mapped[list[Membership]] = relationship(back_populates="team")

    def is_active(self, on: dt.date) -> bool:
        started = self.decision_date is None or self.decision_date <= on
        return started and (self.dissolved_on is None or self.dissolved_on > on)


class Mediator(Base):
    __tablename__ = "mediator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[Sex] = mapped_column(EnumCode(Sex))
    ethnicity: Mapped[str] = mapped_column(String(60), default="Kinh")
    address: Mapped[str | None] = mapped_column(String(400))
    phone: Mapped[str | None] = mapped_column(String(50))
    legal_qualification: Mapped[LegalQualification] = mapped_column(
        EnumCode(LegalQualification), default=LegalQualification.KHONG
    )
    background: Mapped[Background | None] = mapped_column(EnumCode(Background))
    community_role: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    name_fold: Mapped[str] = mapped_column(String(400), default="", index=True)
    sort_key: Mapped[str] = mapped_column(SortKey, default="", index=True)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="mediator", order_by="Membership.start_date"
    )
    attendances: Mapped[list[Attendance]] = relationship(back_populates="mediator")


class Membership(Base):
    """A mediator's membership of a team, from recognition to termination (Điều 8, 11)."""

    __tablename__ = "membership"
    __table_args__ = (Index("ix_membership_dates", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    role: Mapped[Role] = mapped_column(EnumCode(Role), default=Role.HOA_GIAI_VIEN)
    election_method: Mapped[ElectionMethod | None] = mapped_column(EnumCode(ElectionMethod))
    votes: Mapped[int | None] = mapped_column(Integer)  # votes / households in favour
    voters: Mapped[int | None] = mapped_column(
        Integer
    )  # household representatives (or team members for a leader)
    leader_since: Mapped[dt.date | None] = mapped_column(Date)
    leader_votes: Mapped[int | None] = mapped_column(Integer)
    leader_voters: Mapped[int | None] = mapped_column(Integer)
    recognition_no: Mapped[str | None] = mapped_column(String(100))
    recognition_date: Mapped[dt.date | None] = mapped_column(Date)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[EndReason | None] = mapped_column(EnumCode(EndReason))
    termination_no: Mapped[str | None] = mapped_column(String(100))
    termination_date: Mapped[dt.date | None] = mapped_column(Date)

    mediator: Mapped[Mediator] = relationship(back_populates="memberships")
    team: Mapped[Team] = relationship(back_populates="memberships")

    def is_active(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date > on)


class Case(Base):
    """A mediation case (vụ, việc) in a team's logbook."""

    __tablename__ = "case_file"  # "case" is an SQL keyword

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    basis: Mapped[CaseBasis] = mapped_column(EnumCode(CaseBasis), default=CaseBasis.CAC_BEN_YEU_CAU)
    category: Mapped[Category] = mapped_column(EnumCode(Category), index=True)
    subtype: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str | None] = mapped_column(String(400))
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    immediate: Mapped[bool] = mapped_column(Boolean, default=False)  # mediated on the spot (rule 3.4 exempt)
    guidance: Mapped[str | None] = mapped_column(Text)  # for ngoài phạm vi: where the parties were guided
    result: Mapped[Result | None] = mapped_column(EnumCode(Result), index=True)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    end_reason: Mapped[CaseEndReason | None] = mapped_column(EnumCode(CaseEndReason))
    agreement: Mapped[str | None] = mapped_column(Text)  # Điều 24 content of the agreement
    rights_obligations: Mapped[str | None] = mapped_column(Text)
    execution_method: Mapped[str | None] = mapped_column(Text)  # method and deadline of execution
    referral: Mapped[str | None] = mapped_column(Text)  # không thành: guidance to the competent authority
    court_filed_on: Mapped[dt.date | None] = mapped_column(Date)
    court_name: Mapped[str | None] = mapped_column(String(200))
    court_decision: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    search_fold: Mapped[str] = mapped_column(Text, default="")

    team: Mapped[Team] = relationship()
    parties: Mapped[list[Party]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Party.id"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Assignment.id"
    )
    invitees: Mapped[list[Invitee]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Invitee.id"
    )
    sessions: Mapped[list[MediationSession]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="MediationSession.held_on"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="FollowUp.on"
    )


class Party(Base):
    __tablename__ = "party"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PartyKind] = mapped_column(EnumCode(PartyKind), default=PartyKind.CA_NHAN)
    name: Mapped[str] = mapped_column(String(200))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[Sex | None] = mapped_column(EnumCode(Sex))
    address: Mapped[str | None] = mapped_column(String(400))
    role: Mapped[PartyRole] = mapped_column(EnumCode(PartyRole), default=PartyRole.BEN)
    position: Mapped[str | None] = mapped_column(Text)  # this side's position when mediation fails

    case: Mapped[Case] = relationship(back_populates="parties")


class Assignment(Base):
    """A mediator assigned to a case (Điều 19)."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("case_id", "mediator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id"), index=True)
    assigned_on: Mapped[dt.date] = mapped_column(Date)
    recusal_override: Mapped[bool] = mapped_column(Boolean, default=False)
    recusal_note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="assignments")
    mediator: Mapped[Mediator] = relationship()


class Invitee(Base):
    """A person invited to take part in the mediation (Điều 20.2)."""

    __tablename__ = "invitee"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(400))  # role / unit, e.g. "trưởng họ", "công an xã"

    case: Mapped[Case] = relationship(back_populates="invitees")


class MediationSession(Base):
    __tablename__ = "mediation_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(400))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="sessions")


class FollowUp(Base):
    """Follow-up of the implementation of an agreement (Điều 26)."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[FollowUpStatus] = mapped_column(EnumCode(FollowUpStatus))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="follow_ups")


class TrainingEvent(Base):
    __tablename__ = "training_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(400))
    kind: Mapped[TrainingKind] = mapped_column(EnumCode(TrainingKind))
    organiser_level: Mapped[OrganiserLevel] = mapped_column(
        EnumCode(OrganiserLevel), default=OrganiserLevel.XA
    )
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date] = mapped_column(Date, index=True)
    hours: Mapped[float | None] = mapped_column(Float)
    venue: Mapped[str | None] = mapped_column(String(400))
    trainers: Mapped[str | None] = mapped_column(Text)
    materials: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    name_fold: Mapped[str] = mapped_column(String(800), default="", index=True)

    attendances: Mapped[list[Attendance]] = relationship(back_populates="event", cascade="all, delete-orphan")
    guests: Mapped[list[GuestAttendee]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="GuestAttendee.id"
    )


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("event_id", "mediator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("training_event.id", ondelete="CASCADE"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediator.id", ondelete="CASCADE"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    event: Mapped[TrainingEvent] = relationship(back_populates="attendances")
    mediator: Mapped[Mediator] = relationship(back_populates="attendances")


class GuestAttendee(Base):
    """A non-mediator attendee of a training event (e.g. a management official)."""

    __tablename__ = "guest_attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("training_event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    event: Mapped[TrainingEvent] = relationship(back_populates="guests")


class Target(Base):
    """A target value of a plan for one indicator key (DOMAIN §4), e.g. QĐ 315 ``training.pct_trained`` ≥ 80."""

    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("plan", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str | None] = mapped_column(String(400))
    indicator: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    year_from: Mapped[int | None] = mapped_column(Integer)
    year_to: Mapped[int | None] = mapped_column(Integer)


class AuditEntry(Base):
    """Who changed what and when — field names only, never personal values."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    who: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(50))
    entity_code: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[AuditAction] = mapped_column(EnumCode(AuditAction))
    fields: Mapped[str | None] = mapped_column(Text)


class FormDefinition(Base):
    """An imported statistical form definition (the shipped ones live as files in the package)."""

    __tablename__ = "form_definition"
    __table_args__ = (UniqueConstraint("form_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)  # the JSON document as imported
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FinalisedReport(Base):
    """A report whose figures were frozen (chốt số liệu): re-export reproduces it exactly."""

    __tablename__ = "finalised_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    form: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(32))
    team_code: Mapped[str | None] = mapped_column(String(32))
    definition_version: Mapped[str | None] = mapped_column(String(64))
    number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    preparer: Mapped[str | None] = mapped_column(String(200))
    checker: Mapped[str | None] = mapped_column(String(200))
    signer: Mapped[str | None] = mapped_column(String(200))
    figures: Mapped[str] = mapped_column(Text)  # JSON
    estimates: Mapped[str | None] = mapped_column(Text)  # JSON
    narrative: Mapped[str | None] = mapped_column(Text)  # JSON
    finalised_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Setting(Base):
    """Small key/value settings that belong to the data (not to the PC), e.g. the last report number."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


# --- The province's half (DOMAIN §8) -----------------------------------------------------------------------------


class UnitKey(Base):
    """This unit's own key pairs (``sign``: Ed25519, ``seal``: X25519), made on first use; only the public halves
    ever leave the database."""

    __tablename__ = "unit_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16), unique=True)
    private_key: Mapped[str] = mapped_column(Text)
    public_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SentPackage(Base):
    """Commune side: a package written for the province, and the province's receipt once it came back."""

    __tablename__ = "sent_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(64), unique=True)
    finalised_id: Mapped[int] = mapped_column(ForeignKey("finalised_report.id"), index=True)
    period: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_written_at: Mapped[dt.datetime] = mapped_column(DateTime)
    figures: Mapped[str] = mapped_column(Text)  # the figures.json sent first, so a resend carries the same
    receipt_number: Mapped[str | None] = mapped_column(String(64))
    receipt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # when the province received it
    receipt_recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Commune(Base):
    """Province side: a commune of the registry, with the predecessors merged into it."""

    __tablename__ = "commune"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(EnumCode(UnitKind))
    predecessors: Mapped[str | None] = mapped_column(Text)  # codes of merged communes, comma-separated


class PinnedKey(Base):
    """Province side: the signing key of a sender (a commune or a predecessor's code), pinned by its first
    package (trust on first use); a different key is accepted only when an officer confirms it."""

    __tablename__ = "pinned_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_code: Mapped[str] = mapped_column(String(32), unique=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    signing_key: Mapped[str] = mapped_column(Text)
    pinned_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReceivedPackage(Base):
    """Province side: a package that passed every check. ``counted`` marks the newest finalisation of its commune
    and period; the others are its history."""

    __tablename__ = "received_package"
    __table_args__ = (Index("ix_received_package_commune_period", "commune_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(64), unique=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    sender_code: Mapped[str] = mapped_column(String(32))  # the code in the package (may be a predecessor's)
    period: Mapped[str] = mapped_column(String(32))
    form_id: Mapped[str] = mapped_column(String(64))
    definition_version: Mapped[str] = mapped_column(String(64))
    report_number: Mapped[str | None] = mapped_column(String(100))
    report_date: Mapped[dt.date | None] = mapped_column(Date)
    signer: Mapped[str | None] = mapped_column(String(200))
    finalised_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[str] = mapped_column(Text)
    figures: Mapped[str] = mapped_column(Text)
    roster: Mapped[bytes | None] = mapped_column(LargeBinary)  # still sealed to the province's key
    counted: Mapped[bool] = mapped_column(Boolean, default=True)
    receipt_number: Mapped[str] = mapped_column(String(32))


class ReceivedFigure(Base):
    """Province side: the commune row of a received package, one figure per row, so totals are SQL sums."""

    __tablename__ = "received_figure"
    __table_args__ = (UniqueConstraint("package_id", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("received_package.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)


class AppUser(Base):
    """Server mode (DOMAIN §8): an officer who logs in, with a role; only a slow salted hash of the password."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # quan-tri / can-bo / chi-xem
    password_hash: Mapped[str] = mapped_column(Text)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


# Tables whose rows people see and count (row counts used by backup verification and restore previews).
COUNTED_TABLES = (
    "unit", "village", "team", "mediator", "membership", "case_file", "party", "assignment", "invitee",
    "mediation_session", "follow_up", "training_event", "attendance", "guest_attendee", "target",
)  # fmt: skip
