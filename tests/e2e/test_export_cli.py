"""``miler export`` end to end: the real command in a subprocess writes FIT workouts and
their zip, an ICS calendar, HTML, PDF and Markdown from a plan file; bad input exits 2
with one line and leaves no file behind."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import ics as ics_py
import pypdf
import pytest
import vobject
from icalendar import Calendar

from export.fit_oracle import decode_fitdecode, decode_fitfast, expected_tree
from export.plans import full_plan
from export.test_watch_trust import garmin
from miler.plan.model import Plan

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(full_plan().to_json(), encoding="utf-8")
    return path


def _uids(path: Path) -> dict[str, int]:
    """UID -> SEQUENCE by icalendar; vobject and ics-py must read the same events."""
    calendar = Calendar.from_ical(path.read_bytes())
    uids = {str(e["UID"]): int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")}
    text = path.read_text(encoding="utf-8")
    by_vobject = {
        str(e.uid.value): int(e.sequence.value) for e in vobject.readOne(text).vevent_list
    }
    assert by_vobject == uids
    assert {e.uid for e in ics_py.Calendar(text).events} == uids.keys()
    return uids


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("miler export: error: ")
    return lines[0]


def test_export_writes_every_format_and_lists_the_files(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = miler_cli(
        "export", str(plan_file), "--fit", str(out), "--ics", str(out / "plan.ics"),
        "--time", "07:00", "--tz", "Europe/London", "--html", str(out / "plan.html"),
        "--pdf", str(out / "plan.pdf"), "--md", str(out / "plan.md"), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    plan = full_plan()
    sessions = list(plan.sessions())
    assert report["sessions"] == len(sessions)
    formats = [f["format"] for f in report["files"]]
    assert formats.count("fit") == len(sessions)
    assert {"zip", "ics", "html", "pdf", "markdown"} <= set(formats)
    assert all(Path(f["path"]).is_file() for f in report["files"])
    by_name = {Path(f["path"]).name: Path(f["path"]) for f in report["files"]}
    with zipfile.ZipFile(by_name["workouts-anaplan.zip"]) as archive:
        assert len(archive.namelist()) == len(sessions)
    assert len(_uids(by_name["plan.ics"])) == len(sessions)
    # the cover, the whole plan at a glance, a page per week
    assert len(pypdf.PdfReader(by_name["plan.pdf"]).pages) == 2 + len(plan.weeks)
    # no temporary file left; the one hidden file is the folder's manifest
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".miler-workouts.json"]


def test_human_output_names_what_was_written(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    result = miler_cli("export", str(plan_file), "--md", str(tmp_path / "plan.md"))
    assert result.returncode == 0, result.stderr
    assert "3 weeks, 12 sessions" in result.stdout
    assert "plan.md" in result.stdout
    assert (tmp_path / "plan.md").read_text(encoding="utf-8").startswith("# Training plan")


def test_every_written_fit_file_round_trips(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "watch"
    result = miler_cli("export", str(plan_file), "--fit", str(out), "--json")
    assert result.returncode == 0, result.stderr
    plan = full_plan()
    files = {Path(f["path"]).name: Path(f["path"]) for f in json.loads(result.stdout)["files"]}
    for session in plan.sessions():
        data = next(p for n, p in files.items() if session.id in n).read_bytes()
        assert garmin(data)["file_id_mesgs"][0]["type"] == "workout"  # Garmin's SDK: no errors
        assert decode_fitdecode(data)["tree"] == expected_tree(session, plan)
        assert decode_fitfast(data)["tree"] == expected_tree(session, plan)


def _revise(plan: Plan) -> Plan:
    week3 = plan.weeks[2]
    easy = week3.sessions[1]
    longer = easy.model_copy(update={"name": "Easy run 40 min"})
    sessions = (week3.sessions[0], longer, *week3.sessions[2:])
    weeks = (*plan.weeks[:2], week3.model_copy(update={"sessions": sessions}))
    return plan.model_copy(update={"weeks": weeks})


def test_re_exporting_a_revised_plan_updates_events_instead_of_duplicating(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    calendar = tmp_path / "plan.ics"
    assert miler_cli("export", str(plan_file), "--ics", str(calendar)).returncode == 0
    before = _uids(calendar)
    revised = _revise(full_plan())
    plan_file.write_text(revised.to_json(), encoding="utf-8")
    result = miler_cli("export", str(plan_file), "--ics", str(calendar))
    assert result.returncode == 0, result.stderr
    after = _uids(calendar)
    assert after.keys() == before.keys()
    changed = [uid for uid, sequence in after.items() if sequence == 1]
    assert len(changed) == 1 and changed[0].startswith("w3-thu-easy.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found"),
        ('{"schema": "miler.plan", "version": 99}', "version 99, newer than this miler"),
        ('["a list"]', "not a miler plan"),
        ("{not json", "not JSON"),
        ('{"schema": "miler.plan", "version": 1}', "does not follow plan schema 2"),
    ],
    ids=["missing", "other-version", "not-a-plan", "not-json", "incomplete"],
)
def test_bad_plan_file_is_one_line_and_writes_nothing(
    miler_cli: Cli, tmp_path: Path, content: str | None, message: str
) -> None:
    plan_file = tmp_path / "plan.json"
    if content is not None:
        plan_file.write_text(content, encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = miler_cli(
        "export", str(plan_file), "--fit", str(tmp_path / "watch"),
        "--ics", str(tmp_path / "plan.ics"), "--pdf", str(tmp_path / "plan.pdf"),
    )  # fmt: skip
    assert message in _one_line_error(result)
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--ics", "{tmp}/missing/plan.ics"], "does not exist"),
        (["--md", "{tmp}"], "it is a folder"),
        (["--fit", "{tmp}/plan.json"], "not a folder"),
        (["--ics", "{tmp}/p.ics", "--time", "7am"], "HH:MM"),
        (["--ics", "{tmp}/p.ics", "--time", "07:00", "--tz", "Mars/Olympus"], "time zone"),
        (["--tz", "Europe/London", "--ics", "{tmp}/p.ics"], "--tz needs --time"),
        ([], "nothing to export"),
    ],
    ids=[
        "missing-folder",
        "folder-as-file",
        "file-as-folder",
        "bad-time",
        "bad-zone",
        "zone-without-time",
        "no-output",
    ],
)
def test_bad_destination_or_option_is_one_line_and_writes_nothing(
    miler_cli: Cli, plan_file: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    before = sorted(tmp_path.iterdir())
    args = [o.replace("{tmp}", str(tmp_path)) for o in options]
    if args:  # a good output beside the bad one must not be written either
        args += ["--html", str(tmp_path / "plan.html")]
    result = miler_cli("export", str(plan_file), *args)
    assert message in _one_line_error(result)
    assert sorted(tmp_path.iterdir()) == before


# --- issue 12: files a watch folder and a calendar can trust ---


def test_re_export_removes_the_plans_stale_workouts_but_never_a_foreign_file(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    watch = tmp_path / "watch"
    assert miler_cli("export", str(plan_file), "--fit", str(watch)).returncode == 0
    first = {p.name for p in watch.glob("*.fit")}
    foreign = watch / "my-own-workout.fit"
    foreign.write_bytes(b"not miler's")
    plan = full_plan()
    week1 = plan.weeks[0]
    dropped = week1.sessions[2]
    shorter = plan.model_copy(
        update={
            "weeks": (
                week1.model_copy(update={"sessions": week1.sessions[:2] + week1.sessions[3:]}),
                *plan.weeks[1:],
            ),
            "revision": 2,
            "parent_revision": 1,
        }
    )
    plan_file.write_text(shorter.to_json(), encoding="utf-8")
    result = miler_cli("export", str(plan_file), "--fit", str(watch), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    after = {p.name for p in watch.glob("*.fit")}
    assert after == (first - {n for n in first if dropped.id in n}) | {foreign.name}
    assert len(after) == len(first)  # one gone, the foreign one kept
    assert [Path(p).name for p in report["removed"]] == [n for n in first if dropped.id in n]
    assert foreign.read_bytes() == b"not miler's"


def test_output_over_the_plan_file_is_refused(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    before = plan_file.read_bytes()
    for option in ("--ics", "--html", "--md", "--pdf"):
        result = miler_cli("export", str(plan_file), option, str(plan_file), "--force")
        assert "over the plan file" in _one_line_error(result)
        assert plan_file.read_bytes() == before


def test_two_outputs_to_one_path_are_refused(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    same = tmp_path / "plan.out"
    result = miler_cli("export", str(plan_file), "--html", str(same), "--md", str(same))
    assert "both be written" in _one_line_error(result)
    assert not same.exists()


def test_a_file_miler_did_not_write_is_replaced_only_with_force(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    calendar = tmp_path / "family.ics"
    theirs = b"BEGIN:VCALENDAR\r\nPRODID:-//Someone//EN\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    calendar.write_bytes(theirs)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 someone else's")
    for option, path in (("--ics", calendar), ("--pdf", pdf)):
        result = miler_cli("export", str(plan_file), option, str(path))
        assert "miler did not write it" in _one_line_error(result)
    assert calendar.read_bytes() == theirs
    result = miler_cli("export", str(plan_file), "--ics", str(calendar), "--force")
    assert result.returncode == 0, result.stderr
    assert len(_uids(calendar)) == len(list(full_plan().sessions()))
    # miler's own file is replaced without --force
    again = miler_cli("export", str(plan_file), "--ics", str(calendar))
    assert again.returncode == 0, again.stderr


def test_symlinked_output_is_written_through_the_link(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "calendar.ics"
    link = tmp_path / "plan.ics"
    link.symlink_to(real)
    assert miler_cli("export", str(plan_file), "--ics", str(link)).returncode == 0
    assert link.is_symlink()
    assert len(_uids(real)) == len(list(full_plan().sessions()))
    assert miler_cli("export", str(plan_file), "--ics", str(link)).returncode == 0
    assert link.is_symlink() and real.is_file()


def test_a_failed_export_writes_nothing_at_all(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    """The sixth workout's place is taken by a folder: no calendar, no PDF, no workout, no
    manifest, no temporary file; the watch folder made for it is removed again."""
    watch = tmp_path / "watch"
    plan = full_plan()
    from miler.export.fit_workout import fit_filename

    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / fit_filename(list(plan.sessions())[5], plan)).mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = miler_cli(
        "export", str(plan_file), "--fit", str(blocker), "--ics", str(tmp_path / "plan.ics"),
        "--pdf", str(tmp_path / "plan.pdf"),
    )  # fmt: skip
    assert "it is a folder" in _one_line_error(result)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not watch.exists()


def test_out_of_range_hand_edit_is_one_line_and_validate_catches_it(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["weeks"][0]["sessions"][2]["blocks"][0]["steps"][0]["duration_s"] = 1e7
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    for option, path in (("--fit", tmp_path / "watch"), ("--ics", tmp_path / "p.ics")):
        result = miler_cli("export", str(plan_file), option, str(path))
        assert "more than a watch workout holds" in _one_line_error(result)
        assert not path.exists()
    checked = miler_cli("validate", str(plan_file), "--json")
    assert checked.returncode != 0
    assert "R-P6" in checked.stdout and "w1-thu-easy" in checked.stdout


def test_malformed_dtstamp_in_the_previous_calendar_is_one_line(
    miler_cli: Cli, plan_file: Path, tmp_path: Path
) -> None:
    calendar = tmp_path / "plan.ics"
    assert miler_cli("export", str(plan_file), "--ics", str(calendar)).returncode == 0
    text = calendar.read_bytes()
    broken = re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:garbage", text, count=1)
    calendar.write_bytes(broken)
    result = miler_cli("export", str(plan_file), "--ics", str(calendar))
    assert "malformed DTSTAMP" in _one_line_error(result)
    assert calendar.read_bytes() == broken
    forced = miler_cli("export", str(plan_file), "--ics", str(calendar), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "warning" in forced.stdout


def test_paper_letter_gives_letter_pages(miler_cli: Cli, plan_file: Path, tmp_path: Path) -> None:
    pdf, page = tmp_path / "plan.pdf", tmp_path / "plan.html"
    result = miler_cli(
        "export", str(plan_file), "--pdf", str(pdf), "--html", str(page), "--paper", "letter"
    )
    assert result.returncode == 0, result.stderr
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 x 11 in
    assert "@page { size: letter;" in page.read_text(encoding="utf-8")
