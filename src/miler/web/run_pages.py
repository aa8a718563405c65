"""The run pages: uploading runs (several files at once) and what became of each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from miler.errors import MilerError
from miler.plan.model import Plan
from miler.web.plans import plan_for
from miler.web.security import verify_csrf
from miler.web.templating import render

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _plan_of(token: str | None) -> Plan | None:
    return None if not token else plan_for(token)


@router.get("/runs")
def runs_page(request: Request, plan: str | None = None) -> Response:
    """Upload runs: several files at once, each analysed on its own (and matched to the
    plan at ``plan``, when given)."""
    context: dict[str, Any] = {
        "analyses": [],
        "failures": [],
        "plan_id": plan,
        "plan": _plan_of(plan),
    }
    return render(request, "runs.html", context)


async def _analyse_all(
    form: FormData, plan: Plan | None, today: dt.date
) -> tuple[list[Any], list[tuple[str, str]]]:
    from miler.web.runs import analyse_upload

    analyses, failures = [], []
    for item in form.getlist("files"):
        if not isinstance(item, UploadFile) or not item.filename:
            continue
        try:
            data = await item.read()
            analysis = await run_in_threadpool(analyse_upload, data, item.filename, plan, today)
            analyses.append(analysis)
        except MilerError as error:
            message = str(error)
            # The importers' messages name the file already.
            failures.append(("" if message.startswith(item.filename) else item.filename, message))
    return analyses, failures


@router.post("/runs")
async def upload_runs(request: Request) -> Response:
    """The analysis of every uploaded file; a file that cannot be read says why (422 when
    none could)."""
    form = await request.form()
    token = str(form.get("plan") or "") or None
    plan = _plan_of(token)
    analyses, failures = await _analyse_all(form, plan, request.app.state.settings.today())
    if not analyses and not failures:
        failures.append(("", "choose at least one FIT, GPX or TCX file"))
    fragment = request.headers.get("hx-request") == "true"
    status = 422 if failures and not analyses else 200
    name = "run_results.html" if fragment else "runs.html"
    context = {"analyses": analyses, "failures": failures, "plan_id": token, "plan": plan}
    return render(request, name, context, status)
