"""The coach's pages (accounts mode): squads, invitation links, the roster, the squad's plan
template and table (with its CSV), and comments on athletes' sessions and runs.

Every page asks the use cases of :mod:`miler.services.squads`, which ask the one
authorization rule; a squad or athlete the signed-in user may not reach is answered 404,
exactly like one that does not exist. The roster links each athlete to their own pages
with ``?athlete=ID`` (:data:`miler.web.context.ATHLETE_PARAMETER`), which the ``athlete``
dependency of every page honours for the athlete's coach.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from miler.accounts.policy import Action, Role, allowed
from miler.errors import InvalidInputError
from miler.services.account_stores import Squad, User
from miler.services.squads import SquadTableRow
from miler.services.stores import AthleteProfile
from miler.store import SqlAthleteStore, SqlEventStore, SqlPlanStore, SqlRunStore
from miler.store.accounts import SqlCommentStore, SqlSquadStore, SqlUserStore
from miler.web.auth import Me, sign_in_response
from miler.web.context import ATHLETE_PARAMETER, actor, athlete, database, signed_in_user
from miler.web.security import verify_csrf
from miler.web.templating import render

__all__ = ["ATHLETE_HOME", "router"]

ATHLETE_HOME: Final = "/"
"""The page a coach opens an athlete's log at (with ``?athlete=ID``)."""
CSV_MEDIA_TYPE: Final = "text/csv; charset=utf-8"

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _today(request: Request) -> dt.date:
    today: dt.date = request.app.state.settings.today()
    return today


def _now(request: Request) -> dt.datetime:
    now: dt.datetime = request.app.state.settings.now()
    return now


def _squads(request: Request) -> SqlSquadStore:
    return SqlSquadStore(database(request))


@router.get("/squads")
def squads_page(request: Request, me: Me) -> Response:
    """The squads the user coaches (and a form for a new one), or is in (with Leave)."""
    from miler.services.squads import squads_for

    return render(request, "squads.html", {"me": me, "squads": squads_for(_squads(request), me)})


@router.post("/squads")
def new_squad(request: Request, me: Me, name: Annotated[str, Form()] = "") -> Response:
    """Create a squad coached by the signed-in coach."""
    from miler.services.squads import create_squad

    squad = create_squad(_squads(request), me, name, _now(request))
    return RedirectResponse(f"/squads/{squad.squad_id}", status_code=303)


@router.get("/squads/{squad_id}")
def roster_page(request: Request, squad_id: str, me: Me) -> Response:
    """The roster: each athlete triaged (behind the plan, fatigued, missed sessions, new PBs
    and time trials, upcoming races), linked to their log and comments."""
    from miler.services.squads import roster

    db = database(request)
    squad, rows = roster(
        _squads(request),
        me,
        squad_id,
        athletes=SqlAthleteStore(db),
        runs=SqlRunStore(db),
        plans=SqlPlanStore(db),
        events=SqlEventStore(db),
        today=_today(request),
    )
    context = {"squad": squad, "rows": rows, "home": ATHLETE_HOME, "param": ATHLETE_PARAMETER}
    return render(request, "roster.html", context)


@router.post("/squads/{squad_id}/invitations")
def new_invitation(request: Request, squad_id: str, me: Me) -> Response:
    """A new invitation link, shown to the coach to send to one athlete."""
    from miler.services.squads import INVITATION_LIFETIME, invite, squad_for

    token = invite(_squads(request), me, squad_id, _now(request))
    link = str(request.base_url).rstrip("/") + f"/invite/{token}"
    squad = squad_for(_squads(request), me, squad_id)
    context = {"squad": squad, "link": link, "days": INVITATION_LIFETIME.days}
    return render(request, "squad_invite.html", context)


@router.post("/squads/{squad_id}/leave")
def leave(request: Request, squad_id: str, me: Me) -> Response:
    """The signed-in athlete leaves the squad."""
    from miler.services.squads import leave_squad

    leave_squad(_squads(request), me, squad_id, _now(request))
    return RedirectResponse("/squads", status_code=303)


def _table(request: Request, me: User, squad_id: str) -> tuple[Squad, list[SquadTableRow]]:
    from miler.services.squads import squad_table

    return squad_table(
        _squads(request), me, squad_id, athletes=SqlAthleteStore(database(request)),
        today=_today(request),
    )  # fmt: skip


@router.get("/squads/{squad_id}/table")
def table_page(request: Request, squad_id: str, me: Me) -> Response:
    """The squad's predicted miles and grades."""
    squad, rows = _table(request, me, squad_id)
    return render(request, "squad_table.html", {"squad": squad, "rows": rows})


@router.get("/squads/{squad_id}/table.csv")
def table_csv(request: Request, squad_id: str, me: Me) -> Response:
    """The squad table as a CSV file."""
    from miler.services.squads import squad_csv

    _, rows = _table(request, me, squad_id)
    return Response(
        squad_csv(rows),
        media_type=CSV_MEDIA_TYPE,
        headers={"content-disposition": 'attachment; filename="miler-squad.csv"'},
    )


@router.post("/squads/{squad_id}/template")
async def apply_template_page(request: Request, squad_id: str, me: Me) -> Response:
    """One plan request applied to the chosen athletes at their own paces."""
    from fastapi.concurrency import run_in_threadpool
    from pydantic import ValidationError

    from miler.services.squads import SquadTemplate, apply_template, squad_for
    from miler.web.problems import describe_problems

    form = await request.form()
    squad = squad_for(_squads(request), me, squad_id)
    data = {
        "days": [str(d) for d in form.getlist("days")],
        "weeks": str(form.get("weeks") or "") or None,
        "race_date": str(form.get("race_date") or "") or None,
        "start_date": str(form.get("start_date") or "") or None,
    }
    try:
        template = SquadTemplate.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(describe_problems(error.errors())) from None
    db = database(request)
    outcomes = await run_in_threadpool(
        apply_template,
        _squads(request),
        me,
        squad_id,
        template,
        athlete_ids=[str(a) for a in form.getlist("athletes")],
        athletes=SqlAthleteStore(db),
        plans=SqlPlanStore(db),
        today=_today(request),
    )
    context = {"squad": squad, "outcomes": outcomes, "home": ATHLETE_HOME}
    return render(request, "squad_template.html", context)


@router.get("/invite/{token}")
def invitation_page(request: Request, token: str) -> Response:
    """An invitation: accept it (signed in), or create an account to accept it."""
    from miler.services.squads import open_invitation

    _, squad = open_invitation(_squads(request), token, _now(request))
    coach = SqlUserStore(database(request)).get_user(squad.coach_user_id)
    context = {
        "squad": squad,
        "coach": coach,
        "token": token,
        "me": signed_in_user(request),
        "error": None,
    }
    return render(request, "invite.html", context)


@router.post("/invite/{token}")
def accept(request: Request, token: str, me: Me) -> Response:
    """The signed-in athlete joins the squad."""
    from miler.services.squads import accept_invitation

    squad, _ = accept_invitation(_squads(request), me, token, _now(request))
    return RedirectResponse(f"/squads?joined={squad.squad_id}", status_code=303)


@router.post("/invite/{token}/register")
def register_and_accept(
    request: Request,
    token: str,
    email: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """A new athlete's account, made from an invitation: it joins the squad and signs in."""
    from miler.services.accounts import create_user
    from miler.services.squads import accept_invitation, open_invitation

    db = database(request)
    now = _now(request)
    _, squad = open_invitation(_squads(request), token, now)
    try:
        user = create_user(
            SqlUserStore(db), SqlAthleteStore(db), email=email, display_name=name,
            password=password, role=Role.ATHLETE, now=now,
        )  # fmt: skip
    except InvalidInputError as refusal:
        coach = SqlUserStore(db).get_user(squad.coach_user_id)
        context = {"squad": squad, "coach": coach, "token": token, "me": None,
                   "error": str(refusal), "email": email, "name": name}  # fmt: skip
        return render(request, "invite.html", context, status_code=422)
    accept_invitation(_squads(request), user, token, now)
    return sign_in_response(request, user, f"/squads?joined={squad.squad_id}")


@router.get("/comments")
def comments_page(
    request: Request, runner: Annotated[AthleteProfile, Depends(athlete)]
) -> Response:
    """The comments on the athlete's sessions and runs (the athlete's own, or a squad
    member's for their coach), and a form to add one."""
    from miler.services.squads import comments_for

    who = actor(request)
    listed = comments_for(SqlCommentStore(database(request)), who, runner.athlete_id)
    context = {
        "runner": runner,
        "comments": list(reversed(listed)),
        "may_comment": allowed(who, Action.COMMENT, runner.athlete_id),
        "own": runner.athlete_id == who.athlete_id,
        "param": ATHLETE_PARAMETER,
    }
    return render(request, "comments.html", context)


@router.post("/comments")
def new_comment(
    request: Request,
    runner: Annotated[AthleteProfile, Depends(athlete)],
    text: Annotated[str, Form()] = "",
    target: Annotated[str, Form()] = "session",
    target_id: Annotated[str, Form()] = "",
) -> Response:
    """Comment on one of the athlete's sessions (by its id) or runs (by its number)."""
    from miler.services.squads import add_comment

    target_id = target_id.strip()
    if not target_id:
        raise InvalidInputError("say which session or run the comment is on")
    run_id = None
    if target == "run":
        if not target_id.isdigit():
            raise InvalidInputError(f"a run is named by its number, not {target_id!r}")
        run_id = int(target_id)
        stored = SqlRunStore(database(request)).get_run(run_id)
        if stored is None or stored.athlete_id != runner.athlete_id:
            raise InvalidInputError(f"{runner.name or 'this athlete'} has no run {run_id}")
    add_comment(
        SqlCommentStore(database(request)), actor(request), runner.athlete_id, text,
        _now(request), session_id=None if run_id is not None else target_id[:64], run_id=run_id,
    )  # fmt: skip
    return RedirectResponse(f"/comments?{ATHLETE_PARAMETER}={runner.athlete_id}", status_code=303)
