"""Make the variant fixtures in this folder from shared files (run once; deterministic).

Each variant is a small, documented change to a real file, reproducing a quirk seen in
files real watches and apps write (issue 13). Usage, from the repository root:
``python tests/data/activities/variants/make_variants.py``. Derivations are listed in
``tests/data/MANIFEST.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
POINT = re.compile(r"(<trkpt\b.*?</trkpt>)", re.DOTALL)
TIME = re.compile(r"<time>([^<]*)</time>")


def _split(text: str) -> tuple[str, list[str], str]:
    points = POINT.findall(text)
    head = text[: text.index(points[0])]
    tail = text[text.rindex(points[-1]) + len(points[-1]) :]
    return head, points, tail


def _shift_time(point: str, seconds: int) -> str:
    import datetime as dt

    def move(match: re.Match[str]) -> str:
        when = dt.datetime.fromisoformat(match.group(1).replace("Z", "+00:00"))
        moved = when + dt.timedelta(seconds=seconds)
        return f"<time>{moved.strftime('%Y-%m-%dT%H:%M:%S.000Z')}</time>"

    return TIME.sub(move, point)


def _shift_lon(point: str, degrees: float) -> str:
    def move(match: re.Match[str]) -> str:
        return f'lon="{float(match.group(1)) + degrees:.6f}"'

    return re.sub(r'lon="([-0-9.]+)"', move, point)


def _shift_lat(point: str, degrees: float) -> str:
    def move(match: re.Match[str]) -> str:
        return f'lat="{float(match.group(1)) + degrees:.6f}"'

    return re.sub(r'lat="([-0-9.]+)"', move, point)


def main() -> None:
    rng = np.random.default_rng(13)
    base = (DATA / "gpx/runpandas__run.gpx").read_text(encoding="utf-8")
    head, points, tail = _split(base)
    joiner = "\n            "

    # smart recording: a sample only every 1-25 s (Garmin "smart recording")
    kept, i = [], 0
    while i < len(points):
        kept.append(points[i])
        i += int(rng.integers(1, 26))
    if kept[-1] is not points[-1]:
        kept.append(points[-1])
    (HERE / "run_smart_recording.gpx").write_text(head + joiner.join(kept) + tail)

    # an extension prefix used but never declared (seen in GPX made from Strava exports)
    undeclared = head.replace(
        ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"', ""
    )
    with_ext = [
        p.replace(
            "</trkpt>",
            "    <extensions><gpxdata:hr>150</gpxdata:hr></extensions>\n            </trkpt>",
        )
        for p in points
    ]
    (HERE / "run_undeclared_prefix.gpx").write_text(undeclared + joiner.join(with_ext) + tail)

    # <ele>null</ele> on every tenth point
    nulls = [
        re.sub(r"<ele>[^<]*</ele>", "<ele>null</ele>", p) if k % 10 == 5 else p
        for k, p in enumerate(points)
    ]
    (HERE / "run_ele_null.gpx").write_text(head + joiner.join(nulls) + tail)

    # two of every three points without a time (first and last keep theirs)
    untimed = [
        TIME.sub("", p) if k % 3 and 0 < k < len(points) - 1 else p for k, p in enumerate(points)
    ]
    (HERE / "run_untimed_points.gpx").write_text(head + joiner.join(untimed) + tail)

    # five single points whose clock steps 30 s back
    back = list(points)
    for k in sorted(rng.choice(np.arange(50, len(points) - 50), 5, replace=False).tolist()):
        back[k] = _shift_time(back[k], -31)
    (HERE / "run_backwards_time.gpx").write_text(head + joiner.join(back) + tail)

    # twelve GPS spikes: single fixes 500 m north of the track
    spiky = list(points)
    for k in sorted(rng.choice(np.arange(20, len(points) - 20), 12, replace=False).tolist()):
        spiky[k] = _shift_lat(spiky[k], 0.0045)
    (HERE / "run_gps_spikes.gpx").write_text(head + joiner.join(spiky) + tail)

    # two tracks a day apart (two runs in one file)
    half = len(points) // 2
    second = [_shift_time(p, 86400) for p in points[half:]]
    two = (
        head
        + joiner.join(points[:half])
        + "\n        </trkseg>\n    </trk>\n    <trk>\n        <name>Running</name>\n"
        + "        <trkseg>\n            "
        + joiner.join(second)
        + tail
    )
    (HERE / "run_two_tracks.gpx").write_text(two)

    # a segment break with the second segment 10 km east and 5 minutes later
    moved = [_shift_time(_shift_lon(p, 0.147), 300) for p in points[half:]]
    jump = (
        head
        + joiner.join(points[:half])
        + "\n        </trkseg>\n        <trkseg>\n            "
        + joiner.join(moved)
        + tail
    )
    (HERE / "run_segment_jump.gpx").write_text(jump)

    # heart rate written as 0 on every fifth point (a strap losing contact)
    strava = (DATA / "gpx/runpandas__strava_export.gpx").read_text(encoding="utf-8")
    s_head, s_points, s_tail = _split(strava)
    zeros = [
        re.sub(r"<gpxtpx:hr>\d+</gpxtpx:hr>", "<gpxtpx:hr>0</gpxtpx:hr>", p) if k % 5 == 2 else p
        for k, p in enumerate(s_points)
    ]
    (HERE / "strava_hr_zeros.gpx").write_text(s_head + "\n   ".join(zeros) + s_tail)

    # TCX: one trackpoint dated 1970 (a clock reset), and two activities in one file
    tcx = (DATA / "tcx/runpandas__run.tcx").read_text(encoding="utf-8")
    times = [m.start() for m in re.finditer(r"<Time>", tcx)]
    at = times[100]
    end = tcx.index("</Time>", at)
    (HERE / "run_1970.tcx").write_text(tcx[:at] + "<Time>1970-01-01T00:00:00Z" + tcx[end:])
    start = tcx.index("<Activity ")
    stop = tcx.index("</Activity>") + len("</Activity>")
    activity = tcx[start:stop]
    tomorrow = activity.replace("2017-05-27T", "2017-05-28T")
    (HERE / "run_two_activities.tcx").write_text(tcx[:stop] + "\n" + tomorrow + tcx[stop:])


if __name__ == "__main__":
    main()
