"""A coach server with people in it, for the accounts tests: built once through the real
use cases into an SQLite log, and copied for each test.

- Cora (coach) runs the squad *Milers*, with Ann (athlete) in it.
- Zed (athlete) is in Otto's squad *Others*: neither Ann nor Cora may reach anything of his.
  Zed has results, a plan, an imported run, an API token and a comment; his name, e-mail,
  run file and comment are the *markers* that must never appear in an answer to Ann, Cora
  or anybody not signed in.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from miler.accounts.policy import Role
from miler.plan.request import PlanRequest, RaceResult
from miler.services.accounts import create_api_token, create_user
from miler.services.importing import Source, import_source
from miler.services.plan import make_plan
from miler.services.squads import create_squad, invite
from miler.services.stores import StoredResult
from miler.store import SqlAthleteStore, SqlPlanStore, SqlRunStore, open_database
from miler.store.accounts import SqlCommentStore, SqlSquadStore, SqlUserStore

ROOT = Path(__file__).resolve().parents[2]
RUN_FILE = ROOT / "tests" / "data" / "activities" / "gpx" / "slither__running.gpx"
TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "a long enough password"


@dataclass
class World:
    """Who is in the log, and the ids of Zed's things."""

    url: str
    ids: dict[str, str] = field(default_factory=dict)
    markers: tuple[str, ...] = ()
    zed_keys: frozenset[str] = frozenset()


def _person(db: object, email: str, name: str, role: Role) -> tuple[str, str]:
    from miler.store import Database

    assert isinstance(db, Database)
    user = create_user(
        SqlUserStore(db), SqlAthleteStore(db), email=email, display_name=name,
        password=PASSWORD, role=role, now=NOW,
    )  # fmt: skip
    assert user.athlete_id is not None
    return user.user_id, user.athlete_id


def _runner(db: object, athlete_id: str, five_k_s: float, file: Path | None) -> str:
    from miler.store import Database

    assert isinstance(db, Database)
    athletes = SqlAthleteStore(db)
    profile = athletes.get_athlete(athlete_id)
    assert profile is not None
    athletes.save_athlete(
        profile.model_copy(update={"sex": "M", "birth_date": dt.date(1990, 5, 1)})
    )
    athletes.add_result(
        athlete_id,
        StoredResult(distance_m=5000.0, time_s=five_k_s, date=TODAY - dt.timedelta(days=20)),
    )
    raced = RaceResult(distance_m=5000.0, time_s=five_k_s, date=TODAY - dt.timedelta(days=20))
    request = PlanRequest(
        results=(raced,), days=("mon", "wed", "fri", "sat"), weeks=8, age=36, sex="M"
    )
    plan = make_plan(request, today=TODAY, athlete_id=athlete_id)
    SqlPlanStore(db).save_plan(plan)
    if file is not None:
        profile = athletes.get_athlete(athlete_id)
        assert profile is not None
        data = file.read_bytes()
        outcome = import_source(
            Source(file.name, file.name, lambda: data), profile, SqlRunStore(db)
        )
        assert outcome.status == "imported", outcome
    return plan.plan_id


def build_world(folder: Path, url: str | None = None) -> World:
    """Make the log described in the module notes at ``url`` (default: SQLite in
    ``folder``)."""
    url = url or f"sqlite:///{folder / 'world.db'}"
    db = open_database(url)
    try:
        cora, cora_ath = _person(db, "cora@club.org", "Cora Coach", Role.COACH)
        ann, ann_ath = _person(db, "ann@club.org", "Ann Athlete", Role.ATHLETE)
        otto, otto_ath = _person(db, "otto@elsewhere.org", "Otto Other", Role.COACH)
        zed, zed_ath = _person(db, "zed.secret@elsewhere.org", "Zed Secretname", Role.ATHLETE)
        users = SqlUserStore(db)
        squads = SqlSquadStore(db)
        coach = users.get_user(cora)
        other = users.get_user(otto)
        ann_user = users.get_user(ann)
        zed_user = users.get_user(zed)
        assert coach and other and ann_user and zed_user
        milers = create_squad(squads, coach, "Milers", NOW)
        others = create_squad(squads, other, "Others", NOW)
        from miler.services.squads import accept_invitation

        accept_invitation(squads, ann_user, invite(squads, coach, milers.squad_id, NOW), NOW)
        accept_invitation(squads, zed_user, invite(squads, other, others.squad_id, NOW), NOW)
        invite(squads, other, others.squad_id, NOW)  # an open link of Otto's squad
        _runner(db, ann_ath, 20 * 60.0, None)
        zed_plan = _runner(db, zed_ath, 19 * 60.0 + 7, RUN_FILE)
        plan = SqlPlanStore(db).current_plan(zed_ath)
        assert plan is not None
        (zed_run,) = SqlRunStore(db).list_runs(zed_ath)
        token, _ = create_api_token(users, zed_user, "zed-secret-token", NOW)
        comment = SqlCommentStore(db).add_comment(
            otto, zed_ath, "zed-secret-comment", NOW, run_id=zed_run.run_id
        )
    finally:
        db.close()
    ids = {
        "cora": cora, "cora_ath": cora_ath, "ann": ann, "ann_ath": ann_ath,
        "otto": otto, "otto_ath": otto_ath, "zed": zed, "zed_ath": zed_ath,
        "milers": milers.squad_id, "others": others.squad_id,
        "plan_id": zed_plan, "session_id": next(iter(plan.sessions())).id,
        "run_id": str(zed_run.run_id), "token_id": str(token.token_id),
        "comment_id": str(comment.comment_id), "squad_id": others.squad_id,
        "athlete_id": zed_ath, "user_id": zed,
    }  # fmt: skip
    return World(
        url=url,
        ids=ids,
        markers=("Zed Secretname", "zed.secret@elsewhere.org", "zed-secret", RUN_FILE.name),
        zed_keys=frozenset({zed, zed_ath, otto, otto_ath, others.squad_id, zed_plan}),
    )


def copy_world(world: World, folder: Path) -> World:
    """The same log in ``folder`` (a test may change its copy)."""
    source = Path(world.url.removeprefix("sqlite:///"))
    target = folder / "world.db"
    shutil.copyfile(source, target)
    return World(f"sqlite:///{target}", world.ids, world.markers, world.zed_keys)
