"""The export use case (miler.services.export): a typed request in, a typed result out that
lists the files written, the stale workouts removed and the calendar events cancelled; the
clock is passed in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from export.plans import full_plan
from miler.errors import InvalidInputError, MilerError
from miler.export.ics import session_uid
from miler.services.export import MANIFEST_NAME, ExportRequest, export_plan

NOW = dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 1, 9, 8, 0, tzinfo=dt.UTC)


def test_result_lists_every_file_written_and_the_stamp_is_the_now_passed_in(
    tmp_path: Path,
) -> None:
    plan = full_plan()
    result = export_plan(
        ExportRequest(
            plan=plan, fit_dir=tmp_path / "w", ics=tmp_path / "p.ics", pdf=tmp_path / "p.pdf",
            html=tmp_path / "p.html", markdown=tmp_path / "p.md", now=NOW,
        )
    )  # fmt: skip
    kinds = [f.format for f in result.files]
    assert kinds.count("fit") == len(list(plan.sessions()))
    assert {"zip", "manifest", "ics", "pdf", "html", "markdown"} <= set(kinds)
    assert all(Path(f.path).is_file() for f in result.files)
    assert (result.plan_id, result.revision, result.sessions) == ("ana-plan", 1, 12)
    assert result.removed == [] and result.cancelled_events == []
    stamps = {
        e.decoded("DTSTAMP")
        for e in Calendar.from_ical((tmp_path / "p.ics").read_bytes()).walk("VEVENT")
    }
    assert stamps == {NOW}
    json.dumps(result.model_dump(mode="json"))  # what --json prints
    manifest = json.loads((tmp_path / "w" / MANIFEST_NAME).read_text())
    assert sorted(manifest["plans"]["ana-plan"]) == sorted(
        Path(f.path).name for f in result.files if f.format in ("fit", "zip")
    )


def test_result_lists_removed_workouts_and_cancelled_events(tmp_path: Path) -> None:
    plan = full_plan()
    request = ExportRequest(plan=plan, fit_dir=tmp_path / "w", ics=tmp_path / "p.ics", now=NOW)
    export_plan(request)
    week = plan.weeks[1]
    dropped = week.sessions[0]
    revised = plan.model_copy(
        update={
            "weeks": (
                plan.weeks[0],
                week.model_copy(update={"sessions": week.sessions[1:]}),
                plan.weeks[2],
            ),
            "revision": 2,
            "parent_revision": 1,
        }
    )
    result = export_plan(request.model_copy(update={"plan": revised, "now": LATER}))
    assert [Path(p).name.split("-anaplan")[0] for p in result.removed] == [
        f"{dropped.date.isoformat()}-{dropped.order}-{dropped.id}"
    ]
    assert not any(Path(p).exists() for p in result.removed)
    assert [e.uid for e in result.cancelled_events] == [session_uid(dropped, plan)]
    # a second export of the same revision: nothing more to remove or cancel
    again = export_plan(request.model_copy(update={"plan": revised, "now": LATER}))
    assert again.removed == [] and again.cancelled_events == []


def test_a_hand_edited_manifest_never_removes_a_file_outside_the_folder(tmp_path: Path) -> None:
    plan = full_plan()
    outside = tmp_path / "keep.fit"
    outside.write_bytes(b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT")
    folder = tmp_path / "w"
    export_plan(ExportRequest(plan=plan, fit_dir=folder, now=NOW))
    manifest = json.loads((folder / MANIFEST_NAME).read_text())
    manifest["plans"]["ana-plan"].append("../keep.fit")
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest))
    result = export_plan(ExportRequest(plan=plan, fit_dir=folder, now=NOW))
    assert result.removed == []
    assert outside.is_file()


def test_two_plans_share_a_watch_folder_without_touching_each_other(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    ana = full_plan()
    ben = ana.model_copy(update={"plan_id": "ben-plan"})
    first = export_plan(ExportRequest(plan=ana, fit_dir=folder, now=NOW))
    export_plan(ExportRequest(plan=ben, fit_dir=folder, now=NOW))
    assert all(Path(f.path).is_file() for f in first.files)
    manifest = json.loads((folder / MANIFEST_NAME).read_text())
    assert set(manifest["plans"]) == {"ana-plan", "ben-plan"}
    assert len(list(folder.glob("*.fit"))) == 2 * len(list(ana.sessions()))


def test_a_request_without_outputs_or_with_a_naive_now_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="nothing to export"):
        export_plan(ExportRequest(plan=full_plan(), now=NOW))
    with pytest.raises(MilerError, match="time zone"):
        export_plan(
            ExportRequest(plan=full_plan(), markdown=Path("x.md"), now=dt.datetime(2026, 1, 1))  # noqa: DTZ001
        )
