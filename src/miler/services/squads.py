"""Use cases of squads: create one, invite athletes by link, accept, leave; the coach's
roster, squad plan template and squad table; comments on sessions and runs.

Who may do what is :func:`miler.accounts.policy.allowed` and nothing else: a squad the actor
may not see is *unknown* (:class:`UnknownSquadError`, answered 404 like a squad that does not
exist), so an address never tells that something is there.

The roster stands on the same use cases as ``miler status`` and ``miler log``
(:func:`miler.services.status.status`, :func:`miler.services.training_log.training_log`): a
coach sees each athlete exactly as the athlete sees themself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from miler.accounts.policy import Action, Actor, Role, allowed
from miler.accounts.tokens import issue_token, token_digest
from miler.errors import InvalidInputError, MilerError
from miler.plan.identity import new_id
from miler.plan.model import SessionType
from miler.plan.profile import Weekday
from miler.plan.request import PlanRequest
from miler.services.account_stores import (
    Comment,
    CommentStore,
    Invitation,
    Membership,
    Squad,
    SquadStore,
    User,
)
from miler.services.stores import (
    AthleteProfile,
    AthleteStore,
    EventStore,
    PlanStore,
    RunStore,
)

__all__ = [
    "BEHIND_PLAN_COMPLIANCE",
    "FATIGUED_FORM_SHARE",
    "INVITATION_LIFETIME",
    "InvitationError",
    "RosterRow",
    "SquadTableRow",
    "SquadTemplate",
    "TemplateOutcome",
    "UnknownAthleteError",
    "UnknownSquadError",
    "accept_invitation",
    "add_comment",
    "apply_template",
    "comments_for",
    "create_squad",
    "invite",
    "leave_squad",
    "open_invitation",
    "roster",
    "squad_csv",
    "squad_for",
    "squad_table",
    "squads_for",
]

INVITATION_LIFETIME: Final = dt.timedelta(days=14)
"""An invitation link works for two weeks, once."""
BEHIND_PLAN_COMPLIANCE: Final = 0.7
"""Behind the plan: less than 70 % of the running due so far this plan week was done."""
FATIGUED_FORM_SHARE: Final = -0.3
"""Fatigued: form (TSB) below -30 % of fitness (CTL). Coggan's TSB guide puts form below
-30 TSS, about -30 % of a trained rider's CTL of ~100, in the zone of overreaching; as a
share of CTL it holds whatever the load's unit (miler's loads are TRIMP)."""
RECENT: Final = dt.timedelta(days=14)
"""New PBs, time trials and missed sessions are those of the last two weeks."""
AHEAD: Final = dt.timedelta(days=28)
"""Upcoming races and time trials: those of the next four weeks."""
MAX_COMMENT_CHARS: Final = 2000


class UnknownSquadError(MilerError):
    """No squad with this id that the asker may see (answered 404)."""


class UnknownAthleteError(MilerError):
    """No athlete with this id that the asker may see (answered 404)."""


class InvitationError(MilerError):
    """An invitation link that is unknown, already used or expired."""


def _may_run(squad: Squad, user: User) -> bool:
    return user.role is Role.ADMIN or squad.coach_user_id == user.user_id


def create_squad(squads: SquadStore, coach: User, name: str, now: dt.datetime) -> Squad:
    """A new squad coached by ``coach`` (a coach or an admin)."""
    if coach.role not in (Role.COACH, Role.ADMIN):
        raise InvalidInputError("only a coach can create a squad")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInputError("name the squad (up to 100 characters)")
    return squads.add_squad(new_id(), name, coach.user_id, now)


def squads_for(squads: SquadStore, user: User) -> Sequence[Squad]:
    """The squads ``user`` coaches (every squad for an admin), or is a member of."""
    if user.role is Role.ADMIN:
        return squads.squads()
    if user.role is Role.COACH:
        return squads.squads(user.user_id)
    return [] if user.athlete_id is None else squads.squads_of_athlete(user.athlete_id)


def squad_for(squads: SquadStore, user: User, squad_id: str) -> Squad:
    """The squad ``squad_id`` when ``user`` runs it (its coach, or an admin)."""
    squad = squads.get_squad(squad_id)
    if squad is None or not _may_run(squad, user):
        raise UnknownSquadError("there is no such squad")
    return squad


def invite(squads: SquadStore, user: User, squad_id: str, now: dt.datetime) -> str:
    """A new invitation link's token to ``squad_id`` (its coach or an admin only); it admits
    one athlete within :data:`INVITATION_LIFETIME`."""
    squad = squad_for(squads, user, squad_id)
    token = issue_token("invite")
    squads.add_invitation(squad.squad_id, token.digest, now, now + INVITATION_LIFETIME)
    return token.secret


def open_invitation(squads: SquadStore, token: str, now: dt.datetime) -> tuple[Invitation, Squad]:
    """The invitation a link carries and its squad, while it can still be accepted."""
    found = squads.invitation(token_digest(token)) if token else None
    squad = None if found is None else squads.get_squad(found.squad_id)
    if found is None or squad is None or found.accepted_by is not None or found.expires <= now:
        raise InvitationError(
            "this invitation link is unknown, already used or expired: ask your coach for a new one"
        )
    return found, squad


def accept_invitation(
    squads: SquadStore, user: User, token: str, now: dt.datetime
) -> tuple[Squad, Membership]:
    """``user`` joins the squad the link invites to (the link is then used up)."""
    _, squad = open_invitation(squads, token, now)
    if user.athlete_id is None:
        raise InvalidInputError("this account has no training log to join a squad with")
    membership = squads.accept_invitation(token_digest(token), user.user_id, user.athlete_id, now)
    if membership is None:
        raise InvitationError("this invitation link was used a moment ago: ask for a new one")
    return squad, membership


def leave_squad(squads: SquadStore, user: User, squad_id: str, now: dt.datetime) -> Squad:
    """``user``'s athlete leaves the squad."""
    squad = squads.get_squad(squad_id)
    if squad is None or user.athlete_id is None or not squads.leave(squad_id, user.athlete_id, now):
        raise UnknownSquadError("you are not in that squad")
    return squad


# -- the roster ------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class RosterRow(_Out):
    """One athlete of a squad at a glance, and the flags a coach acts on."""

    athlete_id: str
    name: str
    current_mile_s: float | None
    ctl: float
    tsb: float
    compliance: float | None
    behind_plan: bool
    fatigued: bool
    missed: tuple[str, ...] = Field(description="sessions missed in the last two weeks")
    new_bests: tuple[str, ...] = Field(description="PBs set in the last two weeks")
    time_trials: tuple[str, ...] = Field(description="time trials run in the last two weeks")
    upcoming: tuple[str, ...] = Field(description="races and time trials in the next four weeks")
    has_plan: bool

    @property
    def flags(self) -> tuple[str, ...]:
        """What needs the coach's eye, in words."""
        out = []
        if self.behind_plan:
            out.append("behind the plan")
        if self.fatigued:
            out.append("fatigued")
        if self.missed:
            out.append(f"missed {len(self.missed)}")
        if self.new_bests:
            out.append("new PB")
        if self.time_trials:
            out.append("time trial")
        if self.upcoming:
            out.append("race soon")
        if not self.has_plan:
            out.append("no plan")
        return tuple(out)


def _members(squads: SquadStore, athletes: AthleteStore, squad: Squad) -> list[AthleteProfile]:
    found = (athletes.get_athlete(m.athlete_id) for m in squads.members(squad.squad_id))
    return [a for a in found if a is not None]


def _roster_row(
    athlete: AthleteProfile,
    athletes: AthleteStore,
    runs: RunStore,
    plans: PlanStore,
    events: EventStore,
    today: dt.date,
    tz: dt.tzinfo,
) -> RosterRow:
    from miler.services.status import FITNESS_WINDOW_DAYS, status
    from miler.services.training_log import training_log
    from miler.units import format_time

    plan = plans.current_plan(athlete.athlete_id)
    since = dt.datetime.combine(
        today - dt.timedelta(days=FITNESS_WINDOW_DAYS + 1), dt.time(), tzinfo=tz
    )
    report = status(
        athlete,
        athletes.results(athlete.athlete_id),
        runs.list_runs(athlete.athlete_id, since=since),
        plan,
        today=today,
        tz=tz,
    )
    log = training_log(
        athlete.athlete_id,
        runs,
        plan,
        today=today,
        tz=tz,
        since=today - RECENT,
        until=today,
        events=events.events(athlete.athlete_id),
    )
    missed = tuple(
        f"{s.date} {s.name}" for w in log.weeks for s in w.sessions if s.outcome == "missed"
    )
    trials = tuple(
        f"{r.date} {r.name or r.file_name}" for w in log.weeks for r in w.runs if r.time_trial
    )
    bests = tuple(
        f"{b.event} {format_time(b.time_s)} ({b.date})"
        for b in report.personal_bests
        if b.date > today - RECENT
    )
    upcoming: tuple[str, ...] = ()
    if plan is not None:
        upcoming = tuple(
            f"{s.date} {s.name}"
            for s in plan.sessions()
            if s.type in (SessionType.RACE, SessionType.TIME_TRIAL)
            and today <= s.date <= today + AHEAD
        )
    fitness = report.fitness
    week = report.this_week
    compliance = None if week is None else week.compliance
    return RosterRow(
        athlete_id=athlete.athlete_id,
        name=athlete.name or athlete.athlete_id,
        current_mile_s=None if report.current_mile is None else report.current_mile.time_s,
        ctl=fitness.ctl,
        tsb=fitness.tsb,
        compliance=compliance,
        behind_plan=compliance is not None and compliance < BEHIND_PLAN_COMPLIANCE,
        fatigued=fitness.ctl > 0 and fitness.tsb < FATIGUED_FORM_SHARE * fitness.ctl,
        missed=missed,
        new_bests=bests,
        time_trials=trials,
        upcoming=upcoming,
        has_plan=plan is not None,
    )


def roster(
    squads: SquadStore,
    user: User,
    squad_id: str,
    *,
    athletes: AthleteStore,
    runs: RunStore,
    plans: PlanStore,
    events: EventStore,
    today: dt.date,
    tz: dt.tzinfo = dt.UTC,
) -> tuple[Squad, list[RosterRow]]:
    """The squad's athletes triaged: the ones needing attention first, then by name."""
    squad = squad_for(squads, user, squad_id)
    rows = [
        _roster_row(a, athletes, runs, plans, events, today, tz)
        for a in _members(squads, athletes, squad)
    ]
    rows.sort(key=lambda r: (-len(r.flags), r.name.casefold()))
    return squad, rows


# -- the squad's plan template ----------------------------------------------------------------


class SquadTemplate(BaseModel):
    """One plan request for a whole squad; each athlete's results, age, sex, heart rate and
    days (when they gave them) make it theirs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    days: tuple[Weekday, ...] = Field(min_length=1, max_length=7)
    weeks: int | None = Field(default=None, ge=1, le=52)
    race_date: dt.date | None = None
    start_date: dt.date | None = None
    session_minutes: float = Field(default=75, gt=0, le=300)
    name: str = Field(default="", max_length=100)


class TemplateOutcome(_Out):
    """What the template gave one athlete: a plan (its id), or the reason it could not."""

    athlete_id: str
    name: str
    plan_id: str | None
    refused: str | None


def _request_for(
    template: SquadTemplate, athlete: AthleteProfile, athletes: AthleteStore, today: dt.date
) -> PlanRequest:
    results = tuple(
        r.as_race_result() for r in athletes.results(athlete.athlete_id) if r.date <= today
    )
    if not results:
        raise InvalidInputError("no results in their log yet: a plan needs at least one")
    return PlanRequest(
        results=results,
        days=athlete.days or template.days,
        weeks=template.weeks if template.race_date is None else None,
        race_date=template.race_date,
        start_date=template.start_date,
        long_run_day=athlete.long_run_day,
        age=athlete.age_on(today),
        sex=athlete.sex,
        hr_max_bpm=athlete.hr_max_bpm,
        equipment=athlete.equipment,
        session_minutes=template.session_minutes,
        name=template.name or athlete.name,
    )


def apply_template(
    squads: SquadStore,
    user: User,
    squad_id: str,
    template: SquadTemplate,
    *,
    athlete_ids: Sequence[str],
    athletes: AthleteStore,
    plans: PlanStore,
    today: dt.date,
) -> list[TemplateOutcome]:
    """Plan each chosen member of the squad from ``template`` at their own paces (each plan
    checked by the rules validator through :func:`miler.services.plan.make_plan`) and make it
    their current plan. An athlete whose plan cannot be made keeps the plan they had."""
    from miler.services.plan import make_plan

    squad = squad_for(squads, user, squad_id)
    members = {a.athlete_id: a for a in _members(squads, athletes, squad)}
    chosen = (
        [members[i] for i in athlete_ids if i in members] if athlete_ids else list(members.values())
    )
    outcomes = []
    for athlete in chosen:
        try:
            request = _request_for(template, athlete, athletes, today)
            plan = make_plan(request, today=today, athlete_id=athlete.athlete_id)
            plans.save_plan(plan)
        except MilerError as refusal:
            outcomes.append(
                TemplateOutcome(
                    athlete_id=athlete.athlete_id,
                    name=athlete.name,
                    plan_id=None,
                    refused=str(refusal),
                )
            )
        except ValueError as refusal:  # pydantic: a field of theirs the request refuses
            outcomes.append(
                TemplateOutcome(
                    athlete_id=athlete.athlete_id,
                    name=athlete.name,
                    plan_id=None,
                    refused=str(refusal).splitlines()[0],
                )
            )
        else:
            outcomes.append(
                TemplateOutcome(
                    athlete_id=athlete.athlete_id,
                    name=athlete.name,
                    plan_id=plan.plan_id,
                    refused=None,
                )
            )
    return outcomes


# -- the squad table --------------------------------------------------------------------------


class SquadTableRow(_Out):
    """One athlete's predicted mile (with its ~80 % range) and its age grade."""

    athlete_id: str
    name: str
    predicted_s: float | None = None
    low_s: float | None = None
    high_s: float | None = None
    grade_percent: float | None = None
    band: str | None = None
    note: str = ""


def _table_row(athlete: AthleteProfile, athletes: AthleteStore, today: dt.date) -> SquadTableRow:
    from miler.services.assess import assess_runner
    from miler.services.predict import predict
    from miler.units import MILE_M

    results = [r for r in athletes.results(athlete.athlete_id) if r.date <= today]
    all_out = [r for r in results if r.tag in ("race", "time_trial")]
    name = athlete.name or athlete.athlete_id
    if not all_out:
        return SquadTableRow(
            athlete_id=athlete.athlete_id, name=name, note="no races or time trials yet"
        )
    try:
        predicted = predict([(r.distance_m, r.time_s) for r in all_out], MILE_M, sex=athlete.sex)
    except MilerError as error:
        return SquadTableRow(athlete_id=athlete.athlete_id, name=name, note=str(error))
    grade = band = None
    note = ""
    age = athlete.age_on(today)
    if age is None or athlete.sex is None:
        note = "no grade without a birth date and sex"
    else:
        try:
            report = assess_runner(
                [r.as_race_result() for r in all_out],
                ["auto"] * len(all_out),
                age=age,
                sex=athlete.sex,
                surface="auto",
                today=today,
            )
        except MilerError as error:
            note = str(error)
        else:
            if report.own_best_mile is not None:
                graded = report.own_best_mile.grades[athlete.sex]
                grade, band = graded.percent, graded.band
    return SquadTableRow(
        athlete_id=athlete.athlete_id,
        name=name,
        predicted_s=predicted.predicted_s,
        low_s=predicted.low_s,
        high_s=predicted.high_s,
        grade_percent=grade,
        band=band,
        note=note,
    )


def squad_table(
    squads: SquadStore, user: User, squad_id: str, *, athletes: AthleteStore, today: dt.date
) -> tuple[Squad, list[SquadTableRow]]:
    """Every member's predicted mile and grade, fastest first (no prediction last)."""
    squad = squad_for(squads, user, squad_id)
    rows = [_table_row(a, athletes, today) for a in _members(squads, athletes, squad)]
    rows.sort(key=lambda r: (r.predicted_s is None, r.predicted_s or 0.0, r.name.casefold()))
    return squad, rows


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts like a formula (OWASP: CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def squad_csv(rows: Sequence[SquadTableRow]) -> str:
    """The squad table as CSV: name, predicted mile and its range (m:ss.s), grade, band."""
    from miler.units import format_time

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["athlete", "predicted_mile", "low", "high", "grade_percent", "band", "note"])
    for r in rows:
        writer.writerow(
            [
                _cell(r.name),
                "" if r.predicted_s is None else format_time(r.predicted_s),
                "" if r.low_s is None else format_time(r.low_s),
                "" if r.high_s is None else format_time(r.high_s),
                "" if r.grade_percent is None else f"{r.grade_percent:.1f}",
                r.band or "",
                _cell(r.note),
            ]
        )
    return out.getvalue()


# -- comments ---------------------------------------------------------------------------------


def add_comment(
    comments: CommentStore,
    actor: Actor,
    athlete_id: str,
    text: str,
    now: dt.datetime,
    *,
    session_id: str | None = None,
    run_id: int | None = None,
) -> Comment:
    """``actor``'s comment on one of the athlete's sessions or runs."""
    if not allowed(actor, Action.COMMENT, athlete_id):
        raise UnknownAthleteError("there is no such athlete")
    text = text.strip()
    if not text:
        raise InvalidInputError("write something to comment")
    if len(text) > MAX_COMMENT_CHARS:
        raise InvalidInputError(f"a comment holds at most {MAX_COMMENT_CHARS} characters")
    if (session_id is None) == (run_id is None):
        raise InvalidInputError("a comment is on one session or one run")
    return comments.add_comment(
        actor.user_id, athlete_id, text, now, session_id=session_id, run_id=run_id
    )


def comments_for(
    comments: CommentStore,
    actor: Actor,
    athlete_id: str,
    *,
    session_id: str | None = None,
    run_id: int | None = None,
) -> Sequence[Comment]:
    """The comments on the athlete's sessions and runs that ``actor`` may read."""
    if not allowed(actor, Action.VIEW, athlete_id):
        raise UnknownAthleteError("there is no such athlete")
    return comments.comments(athlete_id, session_id=session_id, run_id=run_id)
