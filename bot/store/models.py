"""The records the coach keeps. Every row belongs, directly or through its
partnership, to one workspace (a Slack team, or "local" for the terminal chat)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite hands them back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Workspace(Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    # A goal with no progress note for this many days is stalled.
    stall_days: Mapped[int] = mapped_column(default=14, server_default="14")
    # The same item is not nudged again within this many days.
    renudge_days: Mapped[int] = mapped_column(default=7, server_default="7")
    # Public holidays on which nobody is nudged (`holidays` package codes: "US", "CA" for
    # California); no country: none skipped.
    holiday_country: Mapped[str | None] = mapped_column(String(8))
    holiday_subdivision: Mapped[str | None] = mapped_column(String(16))
    # A blocker open this many days is raised with the partnership's sponsor, once.
    escalate_after_days: Mapped[int] = mapped_column(default=7, server_default="7")
    # Partner health check results are shown once this many people answered (never fewer than 3).
    survey_min_respondents: Mapped[int] = mapped_column(default=3, server_default="3")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str | None] = mapped_column(String(64))
    # "leader" (granted with `coach roles grant`) or "supervisor". Slack workspace
    # admins and owners are leaders too, whatever this says: see `slack_admin`.
    role: Mapped[str] = mapped_column(String(16), default="supervisor", server_default="supervisor")
    slack_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    workspace: Mapped[Workspace] = relationship()

    @property
    def is_leader(self) -> bool:
        return self.role == "leader" or self.slack_admin

    @property
    def shown_name(self) -> str:
        """How others see them: the display name, else the Slack user id."""
        return self.display_name or self.external_id


class Partnership(Base):
    __tablename__ = "partnerships"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    name: Mapped[str] = mapped_column(String(200))
    partner: Mapped[str] = mapped_column(String(200))
    current_step: Mapped[str | None] = mapped_column(String(64))
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # gets the weekly digest
    kind: Mapped[str] = mapped_column(String(16), default="partnership", server_default="partnership")  # | assignment
    # The coach's open follow-up question on the current step, kept here so it survives days of silence.
    follow_up_item: Mapped[str | None] = mapped_column(String(64))
    follow_up_question: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    owner: Mapped[Person] = relationship(foreign_keys=[owner_id])
    sponsor: Mapped[Person | None] = relationship(foreign_keys=[sponsor_id])
    answers: Mapped[list[StepAnswer]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan"
    )
    stakeholders: Mapped[list[Stakeholder]] = relationship(cascade="all, delete-orphan", order_by="Stakeholder.id")
    goals: Mapped[list[Goal]] = relationship(back_populates="partnership", cascade="all, delete-orphan",
                                             order_by="Goal.id")
    commitments: Mapped[list[Commitment]] = relationship(back_populates="partnership")
    progress_notes: Mapped[list[ProgressNote]] = relationship(cascade="all, delete-orphan")
    members: Mapped[list[Person]] = relationship(secondary="partnership_members")
    checklist_items: Mapped[list[ChecklistItemState]] = relationship(cascade="all, delete-orphan")


class ChecklistItemState(Base):
    """What the answers showed about one checklist item (knowledge/steps.yml): done only
    when the evidence is there or the person confirmed it; a red flag raised against
    it puts it at risk until an answer clears it."""

    __tablename__ = "checklist_items"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="open")  # done | open
    red_flag: Mapped[str | None] = mapped_column(String(64))         # knowledge/evidence.yml id
    evidence: Mapped[str | None] = mapped_column(Text)               # the words that showed it
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class RecordChange(Base):
    """Every record the conversation added, changed or removed, so "undo that" can put
    it back and the reply can say exactly what changed."""

    __tablename__ = "record_changes"
    __table_args__ = (Index("ix_record_changes_person_at", "person_id", "at"),
                      Index("ix_record_changes_message", "message_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))     # stakeholder | goal | commitment | progress | blocker | answer
    record_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(16))   # added | removed | changed | completed | reopened
    summary: Mapped[str] = mapped_column(Text)        # what the reply calls it
    snapshot: Mapped[str | None] = mapped_column(Text)  # JSON of the record, to restore a removal
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    message_id: Mapped[str | None] = mapped_column(String(128))  # the message that caused it


class PartnershipMember(Base):
    """Someone the owner (or a leader) shared the partnership with: they see it as the owner does."""

    __tablename__ = "partnership_members"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StepAnswer(Base):
    """What the supervisor said at one formation step (or that they skipped it)."""

    __tablename__ = "step_answers"
    __table_args__ = (UniqueConstraint("partnership_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    step_id: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="answered")  # answered | skipped
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    partnership: Mapped[Partnership] = relationship(back_populates="answers")


class Stakeholder(Base):
    __tablename__ = "stakeholders"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    organisation: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))
    interests: Mapped[str | None] = mapped_column(Text)


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    description: Mapped[str] = mapped_column(Text)
    measure: Mapped[str | None] = mapped_column(Text)
    baseline: Mapped[str | None] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str | None] = mapped_column(String(100))  # of baseline and target: "hours", "calls a year", "%"
    direction: Mapped[str | None] = mapped_column(String(8))  # down | up, None when it can't be told
    target_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_progress_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    snoozed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    partnership: Mapped[Partnership] = relationship(back_populates="goals")


class Commitment(Base):
    __tablename__ = "commitments"
    # The nudge pass finds the overdue by status and date; a partnership's standing reads
    # its open commitments and its latest one made without reading the done ones.
    __table_args__ = (Index("ix_commitments_status_due", "status", "due_date"),
                      Index("ix_commitments_partnership", "partnership_id", "status", "due_date"),
                      Index("ix_commitments_partnership_made", "partnership_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id"))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))  # when the words name one
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), onupdate=utcnow)
    snoozed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The message that created it: a retried message never stores a second copy.
    source_message_id: Mapped[str | None] = mapped_column(String(128), unique=True)

    owner: Mapped[Person] = relationship()
    partnership: Mapped[Partnership | None] = relationship(back_populates="commitments")
    goal: Mapped[Goal | None] = relationship()


class ProgressNote(Base):
    __tablename__ = "progress_notes"
    # A partnership's standing reads its blockers and latest note, a goal's pace its
    # latest notes, from the end of these: years of notes cost nothing (bot/standing.py).
    __table_args__ = (Index("ix_progress_notes_partnership", "partnership_id", "kind", "created_at"),
                      Index("ix_progress_notes_goal", "goal_id", "kind", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="progress")  # progress | blocker
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A blocker is open until someone marks it handled (the sponsor's button, or "the legal
    # blocker got resolved"); removing it ("that's not a blocker") deletes the note instead.
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    @property
    def is_open_blocker(self) -> bool:
        return self.kind == "blocker" and self.handled_at is None


class InboxMessage(Base):
    """A Slack message (DM, @mention or button click), recorded before Slack is told it
    arrived, then answered in order with the rest of its conversation. A retry with the
    same event id finds it here; one left unanswered by a crash is picked up again."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_open", "done_at", "conversation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), unique=True)
    conversation: Mapped[str] = mapped_column(String(255))  # the engine's sender id
    team: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    sent_ts: Mapped[str] = mapped_column(String(32))  # Slack's timestamp: the order the person sent them
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # a process is answering it
    attempts: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))  # answered | failed


class ReminderPreference(Base):
    """How and when one person wants nudges: "stop reminding me", "pause until
    Monday", "remind me on Mondays instead", and their shift (bot/nudges/shifts.py):
    a daily window, which may cross midnight, on the working days of a cycle."""

    __tablename__ = "reminder_preferences"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    opted_out: Mapped[bool] = mapped_column(default=False)
    paused_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    only_weekday: Mapped[int | None] = mapped_column()  # 0 = Monday; None = any working day
    window_start_hour: Mapped[int] = mapped_column(default=9)
    window_end_hour: Mapped[int] = mapped_column(default=17)  # before the start: the window crosses midnight
    # One character a day, "1" working, "0" off: "1111100" is Monday to Friday, "11110000"
    # 4 on 4 off. None: Monday to Friday.
    work_cycle: Mapped[str | None] = mapped_column(String(32))
    work_cycle_start: Mapped[date | None] = mapped_column(Date)  # the day work_cycle[0] stands for; None: a Monday


class NudgeMessage(Base):
    """One message the scheduler sends: a nudge (several stalled items), a sponsor's
    digest or blocker escalation (DMs to `person`), or a channel digest (posted in the
    channel of `channel_digest`, set up by `person`). Recorded before it is sent;
    `sent_at` is set once Slack has it, `failed_at` once it is given up."""

    __tablename__ = "nudge_messages"
    __table_args__ = (Index("ix_nudge_messages_unsent", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(16), default="nudge")  # nudge | digest | escalation | channel_digest
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Not tried again before this moment (after a failure Slack may get over).
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Given up: Slack refused it for good (`failure` is its error, e.g. user_not_found), or it
    # failed too many times; never sent again.
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(64))
    ts: Mapped[str | None] = mapped_column(String(64))
    channel_digest_id: Mapped[int | None] = mapped_column(ForeignKey("channel_digests.id"))

    person: Mapped[Person] = relationship()
    channel_digest: Mapped[ChannelDigest | None] = relationship()
    items: Mapped[list[NudgeItem]] = relationship(back_populates="message", cascade="all, delete-orphan")


class NudgeItem(Base):
    """A stalled commitment or goal mentioned in a nudge message."""

    __tablename__ = "nudge_items"
    __table_args__ = (Index("ix_nudge_items_item", "kind", "item_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("nudge_messages.id"))
    kind: Mapped[str] = mapped_column(String(16))  # commitment | goal
    item_id: Mapped[int] = mapped_column()
    stalled_since: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    message: Mapped[NudgeMessage] = relationship(back_populates="items")


class ChannelDigest(Base):
    """A channel that gets the weekly standings of every partnership in its workspace
    (`/coach digest #channel weekly`, by a leader), until `/coach digest off`."""

    __tablename__ = "channel_digests"
    __table_args__ = (UniqueConstraint("workspace_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    channel: Mapped[str] = mapped_column(String(64))            # Slack channel id
    channel_name: Mapped[str | None] = mapped_column(String(200))
    every: Mapped[str] = mapped_column(String(16), default="weekly")
    set_up_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stop_reason: Mapped[str | None] = mapped_column(String(200))  # "/coach digest off", or Slack's refusal

    workspace: Mapped[Workspace] = relationship()
    set_up_by: Mapped[Person] = relationship()

    @property
    def shown_channel(self) -> str:
        return f"#{self.channel_name}" if self.channel_name else self.channel


class NudgeResponse(Base):
    """A button pressed on a nudge: who, what, when."""

    __tablename__ = "nudge_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("nudge_messages.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(16))  # done | snooze | blocker | update | reply | handled
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[int] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SchedulerLock(Base):
    """Which process runs the nudge scheduler (SQLite; PostgreSQL uses an advisory lock)."""

    __tablename__ = "scheduler_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Assessment(Base):
    """One person's health check of a partnership; incomplete until every item is rated."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    partnership: Mapped[Partnership] = relationship()
    ratings: Mapped[list[AssessmentRating]] = relationship(cascade="all, delete-orphan")


class AssessmentRating(Base):
    __tablename__ = "assessment_ratings"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int] = mapped_column()


class SurveyRound(Base):
    """One round of the partner health check of a partnership: everyone invited, police
    and partners, rates the same statements until `closes_at` (or until closed early).
    Results are only ever shown together (bot/survey/results.py)."""

    __tablename__ = "survey_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # closed early

    partnership: Mapped[Partnership] = relationship()
    respondents: Mapped[list[SurveyRespondent]] = relationship(back_populates="round", cascade="all, delete-orphan",
                                                               order_by="SurveyRespondent.id")


class SurveyRespondent(Base):
    """Someone invited to a round: a Slack member (`person_id`), or someone outside Slack
    who answers on the web page through a personal link. `name` is for the owner's list
    of who was invited; results never show it."""

    __tablename__ = "survey_respondents"
    __table_args__ = (UniqueConstraint("round_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id"))
    key: Mapped[str] = mapped_column(String(200))  # "slack:U123" or the name/e-mail lower-cased: invited once
    name: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    side: Mapped[str] = mapped_column(String(16))  # police | partner
    organisation: Mapped[str | None] = mapped_column(String(200))
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    dm_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the Slack DM, for members

    round: Mapped[SurveyRound] = relationship(back_populates="respondents")
    person: Mapped[Person | None] = relationship()
    answers: Mapped[list[SurveyAnswer]] = relationship(cascade="all, delete-orphan", order_by="SurveyAnswer.id")


class SurveyAnswer(Base):
    """One respondent's answer to one statement; answering again changes it. The rating
    is 1-5, or 0 for "don't know" (as in assessment_ratings), left out of every average."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("respondent_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("survey_respondents.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int] = mapped_column()
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChartUpload(Base):
    """A chart uploaded to someone's Slack DM, so their App Home can show the latest one.
    A Slack file is visible only where it was shared, hence one row per person."""

    __tablename__ = "chart_uploads"
    __table_args__ = (Index("ix_chart_uploads_person", "person_id", "partnership_id", "uploaded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(16))  # health | goal
    file_id: Mapped[str] = mapped_column(String(64))
    alt_text: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
