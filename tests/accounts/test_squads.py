"""The squad use cases on a real training log: the roster's triage, the plan template at
each athlete's own paces, the squad table and its CSV, comments under the policy."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from miler.accounts.policy import Actor, Role
from miler.plan.request import PlanRequest, RaceResult
from miler.services.account_stores import User
from miler.services.accounts import create_user
from miler.services.plan import make_plan
from miler.services.squads import (
    FATIGUED_FORM_SHARE,
    SquadTemplate,
    UnknownAthleteError,
    UnknownSquadError,
    accept_invitation,
    add_comment,
    apply_template,
    comments_for,
    create_squad,
    invite,
    roster,
    squad_csv,
    squad_table,
)
from miler.services.stores import NewRun, StoredResult
from miler.store import Database, SqlAthleteStore, SqlEventStore, SqlPlanStore, SqlRunStore
from miler.store.accounts import SqlCommentStore, SqlSquadStore, SqlUserStore

TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)


def _person(db: Database, name: str, role: Role = Role.ATHLETE) -> User:
    user = create_user(
        SqlUserStore(db), SqlAthleteStore(db), email=f"{name.lower().split()[0]}@club.org",
        display_name=name, password="a long enough password", role=role, now=NOW,
    )  # fmt: skip
    athletes = SqlAthleteStore(db)
    assert user.athlete_id is not None
    profile = athletes.get_athlete(user.athlete_id)
    assert profile is not None
    athletes.save_athlete(
        profile.model_copy(update={"sex": "F", "birth_date": dt.date(1995, 1, 1)})
    )
    return user


def _squad(db: Database, *members: User) -> tuple[User, str]:
    squads = SqlSquadStore(db)
    coach = _person(db, "Cora Coach", Role.COACH)
    squad = create_squad(squads, coach, "Milers", NOW)
    for member in members:
        accept_invitation(squads, member, invite(squads, coach, squad.squad_id, NOW), NOW)
    return coach, squad.squad_id


def _result(db: Database, user: User, five_k_s: float, days_ago: int = 30) -> None:
    assert user.athlete_id is not None
    day = TODAY - dt.timedelta(days=days_ago)
    SqlAthleteStore(db).add_result(
        user.athlete_id, StoredResult(distance_m=5000.0, time_s=five_k_s, date=day)
    )


def _load(db: Database, user: User, day: dt.date, trimp: float, trial: bool = False) -> None:
    """A stored activity priced at ``trimp`` (its original is never read: no plan)."""
    assert user.athlete_id is not None
    analysis = {"trimp": trimp, "summary": {"moving_s": 3600.0},
                "time_trial": {"distance_m": 1609.344} if trial else None}  # fmt: skip
    SqlRunStore(db).add_run(
        NewRun(
            athlete_id=user.athlete_id, content_hash=f"{day.isoformat()}{trimp:054.0f}"[:64],
            file_name=f"{day}.fit", source_format="fit", sport="running",
            start=dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC), duration_s=3600.0,
            distance_m=12000.0, analysis=analysis, original=b"not read",
        )
    )  # fmt: skip


def _roster(db: Database, coach: User, squad_id: str) -> dict[str, object]:
    _, rows = roster(
        SqlSquadStore(db), coach, squad_id, athletes=SqlAthleteStore(db), runs=SqlRunStore(db),
        plans=SqlPlanStore(db), events=SqlEventStore(db), today=TODAY,
    )  # fmt: skip
    return {r.name: r for r in rows}


def test_the_roster_flags_fatigue_new_bests_and_time_trials(sqlite_db: Database) -> None:
    tired, rested = _person(sqlite_db, "Tia Tired"), _person(sqlite_db, "Rae Rested")
    coach, squad_id = _squad(sqlite_db, tired, rested)
    for user in (tired, rested):
        _result(sqlite_db, user, 21 * 60.0)
        for weeks_ago in range(8, 1, -1):  # a steady base: two runs a week
            for offset in (0, 3):
                _load(sqlite_db, user, TODAY - dt.timedelta(weeks=weeks_ago, days=offset), 60.0)
    for days_ago in range(6, -1, -1):  # then a hard week for Tia only, a time trial in it
        _load(sqlite_db, tired, TODAY - dt.timedelta(days=days_ago), 220.0, trial=days_ago == 2)
    _result(sqlite_db, tired, 20 * 60.0, days_ago=2)  # a new PB
    rows = _roster(sqlite_db, coach, squad_id)
    tia, rae = rows["Tia Tired"], rows["Rae Rested"]
    assert tia.tsb < FATIGUED_FORM_SHARE * tia.ctl and tia.fatigued  # type: ignore[attr-defined]
    assert not rae.fatigued and rae.tsb > FATIGUED_FORM_SHARE * rae.ctl  # type: ignore[attr-defined]
    assert tia.new_bests and "5k" in tia.new_bests[0] and not rae.new_bests  # type: ignore[attr-defined]
    assert len(tia.time_trials) == 1 and not rae.time_trials  # type: ignore[attr-defined]
    assert list(rows) == ["Tia Tired", "Rae Rested"]  # the one needing attention first


def test_the_roster_flags_missed_sessions_and_a_plan_behind(sqlite_db: Database) -> None:
    ann = _person(sqlite_db, "Ann Athlete")
    coach, squad_id = _squad(sqlite_db, ann)
    _result(sqlite_db, ann, 20 * 60.0)
    started = TODAY - dt.timedelta(days=TODAY.weekday() + 14)  # a Monday two weeks ago
    request = PlanRequest(
        results=(RaceResult(distance_m=5000.0, time_s=1200.0, date=TODAY - dt.timedelta(days=30)),),
        days=("mon", "wed", "fri", "sat"), weeks=8, age=31, sex="F", start_date=started,
    )  # fmt: skip
    assert ann.athlete_id is not None
    SqlPlanStore(sqlite_db).save_plan(make_plan(request, today=started, athlete_id=ann.athlete_id))
    row = _roster(sqlite_db, coach, squad_id)["Ann Athlete"]
    assert row.has_plan and row.missed  # type: ignore[attr-defined]
    assert row.compliance == 0.0 and row.behind_plan  # type: ignore[attr-defined]
    assert "behind the plan" in row.flags and f"missed {len(row.missed)}" in row.flags  # type: ignore[attr-defined]


def test_a_roster_is_only_its_coachs(sqlite_db: Database) -> None:
    ann = _person(sqlite_db, "Ann Athlete")
    _, squad_id = _squad(sqlite_db, ann)
    other = _person(sqlite_db, "Otto Other", Role.COACH)
    for outsider in (ann, other):
        with pytest.raises(UnknownSquadError):
            _roster(sqlite_db, outsider, squad_id)


def test_a_template_plans_each_athlete_at_their_own_paces(sqlite_db: Database) -> None:
    fast, slow, new = (_person(sqlite_db, n) for n in ("Fay Fast", "Sam Slow", "Nia New"))
    coach, squad_id = _squad(sqlite_db, fast, slow, new)
    _result(sqlite_db, fast, 17 * 60.0)
    _result(sqlite_db, slow, 26 * 60.0)
    plans = SqlPlanStore(sqlite_db)
    template = SquadTemplate(days=("tue", "thu", "sat", "sun"), weeks=10)
    outcomes = apply_template(
        SqlSquadStore(sqlite_db), coach, squad_id, template,
        athlete_ids=[], athletes=SqlAthleteStore(sqlite_db), plans=plans, today=TODAY,
    )  # fmt: skip
    by_name = {o.name: o for o in outcomes}
    assert by_name["Nia New"].plan_id is None and "no results" in (by_name["Nia New"].refused or "")
    assert fast.athlete_id and slow.athlete_id
    fast_plan, slow_plan = plans.current_plan(fast.athlete_id), plans.current_plan(slow.athlete_id)
    assert fast_plan and slow_plan
    assert by_name["Fay Fast"].plan_id == fast_plan.plan_id
    assert len(fast_plan.weeks) == len(slow_plan.weeks) == 10
    assert fast_plan.paces.goal_mile_speed_mps > slow_plan.paces.goal_mile_speed_mps
    assert fast_plan.paces.easy_speed_high_mps > slow_plan.paces.easy_speed_high_mps
    shorter = SquadTemplate(days=("mon", "wed", "fri", "sat"), weeks=6)
    only = apply_template(
        SqlSquadStore(sqlite_db), coach, squad_id, shorter, athlete_ids=[slow.athlete_id],
        athletes=SqlAthleteStore(sqlite_db), plans=plans, today=TODAY,
    )  # fmt: skip
    assert [o.name for o in only] == ["Sam Slow"]
    assert plans.current_plan(fast.athlete_id) == fast_plan  # untouched


def test_the_squad_table_is_fastest_first_and_its_csv_is_safe_in_a_spreadsheet(
    sqlite_db: Database,
) -> None:
    fast, slow, new = (_person(sqlite_db, n) for n in ("Fay Fast", "=HYPERLINK(1)", "Nia New"))
    coach, squad_id = _squad(sqlite_db, slow, new, fast)
    _result(sqlite_db, fast, 17 * 60.0)
    _result(sqlite_db, slow, 26 * 60.0)
    _, rows = squad_table(
        SqlSquadStore(sqlite_db), coach, squad_id, athletes=SqlAthleteStore(sqlite_db), today=TODAY
    )
    assert [r.name for r in rows] == ["Fay Fast", "=HYPERLINK(1)", "Nia New"]
    assert rows[0].predicted_s is not None and rows[1].predicted_s is not None
    assert rows[0].predicted_s < rows[1].predicted_s
    assert rows[0].grade_percent is not None and rows[1].grade_percent is not None
    assert rows[0].grade_percent > rows[1].grade_percent
    assert rows[2].predicted_s is None and rows[2].note
    table = list(csv.DictReader(io.StringIO(squad_csv(rows))))
    assert [r["athlete"] for r in table] == ["Fay Fast", "'=HYPERLINK(1)", "Nia New"]
    assert table[2]["predicted_mile"] == ""


def test_comments_follow_the_policy(sqlite_db: Database) -> None:
    ann, zed = _person(sqlite_db, "Ann Athlete"), _person(sqlite_db, "Zed Zed")
    coach, _ = _squad(sqlite_db, ann)
    assert ann.athlete_id and zed.athlete_id
    comments = SqlCommentStore(sqlite_db)
    cora = Actor(coach.user_id, Role.COACH, coach.athlete_id, frozenset({ann.athlete_id}))
    add_comment(comments, cora, ann.athlete_id, "  Good week  ", NOW, session_id="s1")
    with pytest.raises(UnknownAthleteError):
        add_comment(comments, cora, zed.athlete_id, "hello", NOW, session_id="s1")
    with pytest.raises(UnknownAthleteError):
        comments_for(comments, cora, zed.athlete_id)
    ann_actor = Actor(ann.user_id, Role.ATHLETE, ann.athlete_id)
    assert [c.text for c in comments_for(comments, ann_actor, ann.athlete_id)] == ["Good week"]
    for bad in ("", "x" * 2001):
        with pytest.raises(Exception, match="comment"):
            add_comment(comments, cora, ann.athlete_id, bad, NOW, session_id="s1")
