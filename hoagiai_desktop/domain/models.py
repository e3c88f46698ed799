"""Typed SQLAlchemy 2 models for every entity of DOMAIN §2, mapped onto the Core tables of
:mod:`hoagiai_desktop.domain.tables` (the one definition of each table: its columns, types and defaults live
there; the annotations here are for typing, the relationships and methods for the ORM).

Conventions:
* every table has an integer ``id``; tables people refer to carry a unique ``code`` (Mã) used by import/export;
* text is stored NFC-normalised (services normalise before they assign);
* ``name_fold`` / ``search_fold`` hold the accent-free search key and ``sort_key`` the Vietnamese collation key —
  both derived in one place (:mod:`hoagiai_desktop.storage.derived`) just before every flush;
* closed lists are stored as their ASCII codes (:mod:`hoagiai_desktop.domain.enums`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from hoagiai_desktop.domain import tables as t
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

# Re-exported: the schema lives in domain/tables.py.
COUNTED_TABLES = t.COUNTED_TABLES
EnumCode = t.EnumCode


class Base(DeclarativeBase):
    metadata = t.metadata


class Unit(Base):
    """The commune-level unit that owns this database (one row)."""

    __table__ = t.unit

    id: Mapped[int]
    province: Mapped[str]
    name: Mapped[str]
    kind: Mapped[UnitKind]
    place_name: Mapped[str]
    chairman_name: Mapped[str | None]
    vice_chairman_name: Mapped[str | None]
    signer_is_vice: Mapped[bool]
    justice_officer_name: Mapped[str | None]
    phone: Mapped[str | None]
    code: Mapped[str | None]

    @property
    def full_name(self) -> str:
        return f"{self.kind.vi} {self.name}"


class Village(Base):
    __table__ = t.village

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    kind: Mapped[VillageKind]
    households: Mapped[int | None]
    ethnic_area: Mapped[bool]
    active_from: Mapped[dt.date | None]
    merged_on: Mapped[dt.date | None]
    notes: Mapped[str | None]
    name_fold: Mapped[str]
    sort_key: Mapped[str]

    teams: Mapped[list[Team]] = relationship(back_populates="village")


class Team(Base):
    __table__ = t.team

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    village_id: Mapped[int]
    decision_no: Mapped[str | None]
    decision_date: Mapped[dt.date | None]
    planned_size: Mapped[int | None]
    dissolved_on: Mapped[dt.date | None]
    dissolution_note: Mapped[str | None]
    legal_support: Mapped[bool]
    legal_support_name: Mapped[str | None]
    legal_support_category: Mapped[Background | None]
    notes: Mapped[str | None]
    name_fold: Mapped[str]
    sort_key: Mapped[str]

    village: Mapped[Village] = relationship(back_populates="teams")
    memberships: Mapped[list[Membership]] = relationship(back_populates="team")

    def is_active(self, on: dt.date) -> bool:
        started = self.decision_date is None or self.decision_date <= on
        return started and (self.dissolved_on is None or self.dissolved_on > on)


class Mediator(Base):
    __table__ = t.mediator

    id: Mapped[int]
    code: Mapped[str]
    full_name: Mapped[str]
    birth_year: Mapped[int | None]
    birth_date: Mapped[dt.date | None]
    sex: Mapped[Sex]
    ethnicity: Mapped[str]
    address: Mapped[str | None]
    phone: Mapped[str | None]
    legal_qualification: Mapped[LegalQualification]
    background: Mapped[Background | None]
    community_role: Mapped[str | None]
    notes: Mapped[str | None]
    name_fold: Mapped[str]
    sort_key: Mapped[str]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="mediator", order_by="Membership.start_date"
    )
    attendances: Mapped[list[Attendance]] = relationship(back_populates="mediator")


class Membership(Base):
    """A mediator's membership of a team, from recognition to termination (Điều 8, 11)."""

    __table__ = t.membership

    id: Mapped[int]
    mediator_id: Mapped[int]
    team_id: Mapped[int]
    role: Mapped[Role]
    election_method: Mapped[ElectionMethod | None]
    votes: Mapped[int | None]
    voters: Mapped[int | None]
    leader_since: Mapped[dt.date | None]
    leader_votes: Mapped[int | None]
    leader_voters: Mapped[int | None]
    recognition_no: Mapped[str | None]
    recognition_date: Mapped[dt.date | None]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
    end_reason: Mapped[EndReason | None]
    termination_no: Mapped[str | None]
    termination_date: Mapped[dt.date | None]

    mediator: Mapped[Mediator] = relationship(back_populates="memberships")
    team: Mapped[Team] = relationship(back_populates="memberships")

    def is_active(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date > on)


class Case(Base):
    """A mediation case (vụ, việc) in a team's logbook."""

    __table__ = t.case_file

    id: Mapped[int]
    code: Mapped[str]
    team_id: Mapped[int]
    received_on: Mapped[dt.date]
    basis: Mapped[CaseBasis]
    category: Mapped[Category]
    subtype: Mapped[str | None]
    summary: Mapped[str]
    place: Mapped[str | None]
    is_public: Mapped[bool]
    immediate: Mapped[bool]
    guidance: Mapped[str | None]
    result: Mapped[Result | None]
    ended_on: Mapped[dt.date | None]
    end_reason: Mapped[CaseEndReason | None]
    agreement: Mapped[str | None]
    rights_obligations: Mapped[str | None]
    execution_method: Mapped[str | None]
    referral: Mapped[str | None]
    court_filed_on: Mapped[dt.date | None]
    court_name: Mapped[str | None]
    court_decision: Mapped[str | None]
    notes: Mapped[str | None]
    search_fold: Mapped[str]

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
    __table__ = t.party

    id: Mapped[int]
    case_id: Mapped[int]
    kind: Mapped[PartyKind]
    name: Mapped[str]
    birth_year: Mapped[int | None]
    sex: Mapped[Sex | None]
    address: Mapped[str | None]
    role: Mapped[PartyRole]
    position: Mapped[str | None]

    case: Mapped[Case] = relationship(back_populates="parties")


class Assignment(Base):
    """A mediator assigned to a case (Điều 19)."""

    __table__ = t.assignment

    id: Mapped[int]
    case_id: Mapped[int]
    mediator_id: Mapped[int]
    assigned_on: Mapped[dt.date]
    recusal_override: Mapped[bool]
    recusal_note: Mapped[str | None]

    case: Mapped[Case] = relationship(back_populates="assignments")
    mediator: Mapped[Mediator] = relationship()


class Invitee(Base):
    """A person invited to take part in the mediation (Điều 20.2)."""

    __table__ = t.invitee

    id: Mapped[int]
    case_id: Mapped[int]
    name: Mapped[str]
    note: Mapped[str | None]

    case: Mapped[Case] = relationship(back_populates="invitees")


class MediationSession(Base):
    __table__ = t.mediation_session

    id: Mapped[int]
    case_id: Mapped[int]
    held_on: Mapped[dt.date]
    place: Mapped[str | None]
    note: Mapped[str | None]

    case: Mapped[Case] = relationship(back_populates="sessions")


class FollowUp(Base):
    """Follow-up of the implementation of an agreement (Điều 26)."""

    __table__ = t.follow_up

    id: Mapped[int]
    case_id: Mapped[int]
    on: Mapped[dt.date]
    status: Mapped[FollowUpStatus]
    note: Mapped[str | None]

    case: Mapped[Case] = relationship(back_populates="follow_ups")


class TrainingEvent(Base):
    __table__ = t.training_event

    id: Mapped[int]
    code: Mapped[str]
    title: Mapped[str]
    kind: Mapped[TrainingKind]
    organiser_level: Mapped[OrganiserLevel]
    start_on: Mapped[dt.date]
    end_on: Mapped[dt.date]
    hours: Mapped[float | None]
    venue: Mapped[str | None]
    trainers: Mapped[str | None]
    materials: Mapped[str | None]
    notes: Mapped[str | None]
    name_fold: Mapped[str]

    attendances: Mapped[list[Attendance]] = relationship(back_populates="event", cascade="all, delete-orphan")
    guests: Mapped[list[GuestAttendee]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="GuestAttendee.id"
    )


class Attendance(Base):
    __table__ = t.attendance

    id: Mapped[int]
    event_id: Mapped[int]
    mediator_id: Mapped[int]
    present: Mapped[bool]

    event: Mapped[TrainingEvent] = relationship(back_populates="attendances")
    mediator: Mapped[Mediator] = relationship(back_populates="attendances")


class GuestAttendee(Base):
    """A non-mediator attendee of a training event (e.g. a management official)."""

    __table__ = t.guest_attendee

    id: Mapped[int]
    event_id: Mapped[int]
    name: Mapped[str]
    unit: Mapped[str | None]
    role: Mapped[str | None]
    present: Mapped[bool]

    event: Mapped[TrainingEvent] = relationship(back_populates="guests")


class Target(Base):
    """A target value of a plan for one indicator key (DOMAIN §4), e.g. QĐ 315 ``training.pct_trained`` ≥ 80."""

    __table__ = t.target

    id: Mapped[int]
    plan: Mapped[str]
    legal_basis: Mapped[str | None]
    indicator: Mapped[str]
    value: Mapped[float]
    year_from: Mapped[int | None]
    year_to: Mapped[int | None]


class AuditEntry(Base):
    """Who changed what and when — field names only, never personal values."""

    __table__ = t.audit_entry

    id: Mapped[int]
    at: Mapped[dt.datetime]
    who: Mapped[str]
    entity: Mapped[str]
    entity_code: Mapped[str | None]
    action: Mapped[AuditAction]
    fields: Mapped[str | None]


class FormDefinition(Base):
    """An imported statistical form definition (the shipped ones live as files in the package)."""

    __table__ = t.form_definition

    id: Mapped[int]
    form_id: Mapped[str]
    version: Mapped[str]
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]
    content: Mapped[str]
    imported_at: Mapped[dt.datetime]


class FinalisedReport(Base):
    """A report whose figures were frozen (chốt số liệu): re-export reproduces it exactly."""

    __table__ = t.finalised_report

    id: Mapped[int]
    form: Mapped[str]
    period: Mapped[str]
    team_code: Mapped[str | None]
    definition_version: Mapped[str | None]
    number: Mapped[str | None]
    issued_on: Mapped[dt.date]
    preparer: Mapped[str | None]
    checker: Mapped[str | None]
    signer: Mapped[str | None]
    figures: Mapped[str]
    estimates: Mapped[str | None]
    narrative: Mapped[str | None]
    finalised_at: Mapped[dt.datetime]


class Setting(Base):
    """Small key/value settings that belong to the data (not to the PC), e.g. the last report number."""

    __table__ = t.setting

    key: Mapped[str]
    value: Mapped[str | None]


# --- The province's half (DOMAIN §8) -----------------------------------------------------------------------------


class UnitKey(Base):
    """This unit's own key pairs (``sign``: Ed25519, ``seal``: X25519), made on first use; only the public halves
    ever leave the database."""

    __table__ = t.unit_key

    id: Mapped[int]
    purpose: Mapped[str]
    private_key: Mapped[str]
    public_key: Mapped[str]
    created_at: Mapped[dt.datetime]


class SentPackage(Base):
    """Commune side: a package written for the province, and the province's receipt once it came back."""

    __table__ = t.sent_package

    id: Mapped[int]
    package_id: Mapped[str]
    finalised_id: Mapped[int]
    period: Mapped[str]
    file_name: Mapped[str]
    created_at: Mapped[dt.datetime]
    last_written_at: Mapped[dt.datetime]
    figures: Mapped[str]
    receipt_number: Mapped[str | None]
    receipt_at: Mapped[dt.datetime | None]
    receipt_recorded_at: Mapped[dt.datetime | None]


class Commune(Base):
    """Province side: a commune of the registry, with the predecessors merged into it."""

    __table__ = t.commune

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    kind: Mapped[UnitKind]
    predecessors: Mapped[str | None]


class PinnedKey(Base):
    """Province side: the signing key of a sender (a commune or a predecessor's code), pinned by its first
    package (trust on first use); a different key is accepted only when an officer confirms it."""

    __table__ = t.pinned_key

    id: Mapped[int]
    sender_code: Mapped[str]
    commune_id: Mapped[int]
    signing_key: Mapped[str]
    pinned_at: Mapped[dt.datetime]


class ReceivedPackage(Base):
    """Province side: a package that passed every check. ``counted`` marks the newest finalisation of its commune
    and period; the others are its history."""

    __table__ = t.received_package

    id: Mapped[int]
    package_id: Mapped[str]
    commune_id: Mapped[int]
    sender_code: Mapped[str]
    period: Mapped[str]
    form_id: Mapped[str]
    definition_version: Mapped[str]
    report_number: Mapped[str | None]
    report_date: Mapped[dt.date | None]
    signer: Mapped[str | None]
    finalised_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    file_name: Mapped[str]
    sha256: Mapped[str]
    key_fingerprint: Mapped[str]
    manifest: Mapped[str]
    figures: Mapped[str]
    roster: Mapped[bytes | None]
    counted: Mapped[bool]
    receipt_number: Mapped[str]


class ReceivedFigure(Base):
    """Province side: the commune row of a received package, one figure per row, so totals are SQL sums."""

    __table__ = t.received_figure

    id: Mapped[int]
    package_id: Mapped[int]
    indicator: Mapped[str]
    value: Mapped[float]
    estimated: Mapped[bool]


class AppUser(Base):
    """Server mode (DOMAIN §8): an officer who logs in, with a role; only a slow salted hash of the password."""

    __table__ = t.app_user

    id: Mapped[int]
    name: Mapped[str]
    role: Mapped[str]
    password_hash: Mapped[str]
    failed_logins: Mapped[int]
    locked_until: Mapped[dt.datetime | None]
    disabled: Mapped[bool]
    created_at: Mapped[dt.datetime]
