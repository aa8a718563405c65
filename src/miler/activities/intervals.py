"""Find the work reps and recoveries of an interval session: from the watch laps when
they describe the session, from the speed stream otherwise.

Every :class:`Rep` says where it came from (``source``: ``"laps"`` or ``"stream"``).
The method is project design, documented here because no single published method is used.

**From the laps.** A runner who presses the lap button at each rep (or runs a structured
workout) has already said where the reps are, to the metre; a rep is then those laps, with
the watch's own distance, timer time and heart rate, and the laps between two reps are its
recovery. Laps under 10 s (double presses, a lap at the start line) are ignored for the
pattern; their time and distance still count in the recovery they fall in. The laps
describe the session when

* the device labels them (FIT ``intensity``, TCX ``Intensity``) with both work
  (``active``, ``interval``) and recovery (``rest``, ``recovery``, ``resting``) laps: the
  reps are the runs of consecutive work laps next to a recovery lap, at least two of them
  (the watch states the structure, so pace is not second-guessed: hill reps may be slow).
  A file whose laps all carry one label (some watches mark every lap ``interval``) says
  nothing, and goes on to the next rule;
* otherwise, unless they are auto-laps (every lap but the last ended by distance, or all
  of one distance or one duration: they fall wherever the marks do, not where the runner
  changed pace), when their speeds form a pattern of fast laps separated by slow laps:
  at least three runs of consecutive fast laps (the reps), each at least 30 % faster than
  the slow laps that separate it from the reps before and after it (the recoveries); no
  rep lap more than 15 % slower than the median rep lap; and each rep run fast, the speed
  stream above half-way between the rep and its recoveries for at least half of its time.
  Of the splits into fast and slow laps that form such a pattern, the one at the clearest
  break in lap speed wins, so a cool-down lap a little slower than the reps is not one.
  Slower laps before the first rep and after the last are the warm-up and cool-down.

**From the speed stream**, when the laps do not describe the session (auto-laps, one lap,
a GPX file without laps):

1. Speed on a 1 s grid from the cleaned distance stream (treadmill runs included; a run
   without distance falls back to power). Pauses count as standing still.
2. Smoothed with a 11 s running median then an 11 s running mean, so GPS jitter and single
   dropouts do not split a rep.
3. The moving speeds (above walking, 1.0 m/s) are split into a slow and a fast group by
   Otsu's threshold (Otsu 1979, IEEE Trans SMC 9:62), which maximises the between-group
   variance. A run can be an interval session only if the fast group's mean is at least
   30 % above the slow group's. The fast group is split again while it shows the same
   contrast, so warm-up jogs are not taken for reps.
4. Stretches above the threshold are the cores of the reps (gaps under 15 s bridged; a
   core whose raw speed is not above the threshold is smoothing spill-over, dropped).
   The threshold can be high (step 3), so each core is widened to where the speed
   crosses half-way between the core's speed and the speed next to it: that is where the
   runner changed pace, and the rep gets its whole distance.
5. A brief dip does not split a rep: two neighbouring stretches at the same pace (within
   15 %) are one rep when the gap between them is under a quarter of the median gap, or
   is not at least 30 % slower than both of them (a recovery is clearly slower).
6. Stretches under 20 s or over a quarter of the run are not reps. Before the first rep
   and after the last, stretches unlike the others (more than 15 % slower than the median,
   or not within a factor of two of its duration or distance) are the warm-up and
   cool-down (a pickup in the warm-up, a cool-down run a little faster than the
   recoveries), and are dropped.
7. It is an interval session only with at least three reps of similar size (coefficient
   of variation of durations or distances at most 35 %: the faster stretches of a steady
   run are of random lengths), no rep more than 15 % slower than the median rep (a
   session is run at one target pace), every rep at least 30 % faster than the recoveries
   next to it, and reps filling at least a tenth of the time from the first rep to the
   last (a few surges in an hour of steady running are strides, not reps). The stretches
   between reps are the recoveries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from miler.activities.model import Lap, Samples
from miler.activities.motion import clean_distance, resample_1hz

__all__ = ["Rep", "detect_intervals"]

FloatArray = npt.NDArray[np.float64]
Source = Literal["laps", "stream"]

MOVING_MPS: Final = 1.0
MIN_CONTRAST: Final = 1.3
"""A rep is at least this many times faster than the recoveries around it."""
MIN_REP_PACE: Final = 0.85
"""A rep is at least this share of the median rep's speed (at most 15 % slower)."""
MAX_REP_CV: Final = 0.35
MAX_REP_SHARE: Final = 0.25
MIN_WORK_S: Final = 20
MAX_GAP_S: Final = 15
MAX_GAP_SHARE: Final = 0.25
"""A gap under this share of the median gap between reps is a dip inside one rep."""
SIZE_FACTOR: Final = 2.0
"""A stream rep is within this factor of the median rep's duration or distance."""
MIN_WORK_SHARE: Final = 0.1
"""The reps fill at least this share of the time from the first rep to the last."""
EDGE_WINDOW_S: Final = 60
"""How far next to a rep its neighbouring speed is measured (s)."""
SMOOTH_S: Final = 11
MIN_REPS: Final = 3
"""Fewer fast stretches or fast laps than this are no set of reps."""
MIN_LABELLED_REPS: Final = 2
"""Reps the device labels as such count from two (the watch states the structure)."""
MIN_LAP_S: Final = 10
"""Laps shorter than this (s) are double presses, not part of the session's pattern."""
AUTO_LAP_TOLERANCE: Final = 0.02
"""Laps whose distances all lie within this share of their median are auto-laps."""
AUTO_LAP_TIME_S: Final = 2.0
"""Laps whose durations all lie within this many seconds are auto-laps by time."""
MIN_FAST_SHARE: Final = 0.5
"""Share of a rep lap's time the stream must show the runner fast in."""
LAP_CHECK_SMOOTH_S: Final = 5
"""Running median (s) of the speed that checks a rep lap was run fast."""
WORK_LABELS: Final = frozenset({"active", "interval"})
RECOVERY_LABELS: Final = frozenset({"rest", "recovery", "resting"})


@dataclass(frozen=True)
class Rep:
    """One work or recovery stretch: from ``start_s`` for ``time_s`` seconds.

    ``source`` is ``"laps"`` when the stretch is made of the watch's laps (their distance,
    timer time and heart rate), ``"stream"`` when it was found in the speed stream.
    """

    kind: str  # "work" or "recovery"
    number: int
    start_s: float
    time_s: float
    distance_m: float
    avg_heart_rate_bpm: float | None = None
    source: Source = "stream"

    @property
    def speed_mps(self) -> float:
        """Average speed of the rep, m/s."""
        return self.distance_m / self.time_s if self.time_s > 0 else 0.0


def detect_intervals(samples: Samples, laps: Sequence[Lap] = ()) -> tuple[Rep, ...]:
    """Work and recovery reps, in time order; empty for a steady run (see module doc).

    The laps are used when they describe the session; otherwise (or without laps) the
    reps are found in the speed stream.
    """
    return _from_laps(samples, laps) or _from_stream(samples)


# --- from the laps -------------------------------------------------------------------


@dataclass(frozen=True)
class _LapFacts:
    """A lap with what the pattern needs: its time, distance and speed."""

    lap: Lap
    time_s: float
    distance_m: float

    @property
    def end_s(self) -> float:
        return self.lap.start_s + self.lap.elapsed_s

    @property
    def speed_mps(self) -> float:
        return self.distance_m / self.time_s if self.time_s > 0 else 0.0


def _lap_facts(samples: Samples, laps: Sequence[Lap]) -> list[_LapFacts]:
    """Each lap's timer time (elapsed when there is none) and distance: the device's own
    total, else the distance stream's growth over the lap, else 0."""
    d = clean_distance(samples)
    t = samples.time_s
    has_distance = bool(np.isfinite(d).any()) and t.size > 1
    out = []
    for lap in sorted(laps, key=lambda lap: lap.start_s):
        time_s = lap.timer_s if lap.timer_s is not None else lap.elapsed_s
        if lap.distance_m is not None:
            distance = lap.distance_m
        elif has_distance:
            at = np.interp([lap.start_s, lap.start_s + lap.elapsed_s], t, d)
            distance = float(at[1] - at[0])
        else:
            distance = 0.0
        out.append(_LapFacts(lap, time_s, distance))
    return out


def _blocks(flags: list[bool]) -> list[tuple[int, int]]:
    """``(first, end)`` index ranges of the runs of consecutive true flags."""
    return _runs(np.array(flags, dtype=bool))


def _total_speed(laps: Sequence[_LapFacts]) -> float:
    time_s = sum(lap.time_s for lap in laps)
    return sum(lap.distance_m for lap in laps) / time_s if time_s > 0 else 0.0


def _from_laps(samples: Samples, laps: Sequence[Lap]) -> tuple[Rep, ...]:
    facts = _lap_facts(samples, laps)
    usable = [f for f in facts if f.time_s >= MIN_LAP_S]
    if len(usable) < 2 * MIN_LABELLED_REPS - 1:
        return ()
    reps = _labelled_reps(usable)
    if not reps and not _auto_laps(usable):
        reps = _fast_lap_reps(_check_speed(samples), usable)
    if not reps:
        return ()
    return _describe_laps(samples, facts, reps)


def _auto_laps(usable: list[_LapFacts]) -> bool:
    """Whether the laps are the device's auto-laps: every one but the last ended by
    distance, or of one distance (within 2 %), or of one duration (within 2 s). Such laps
    fall wherever the distance or clock marks do, not where the runner changed pace: a
    400 m auto-lap holds the end of one rep and the start of its jog."""
    body = usable[:-1]
    if len(body) < 2:
        return False
    if all(f.lap.trigger == "distance" for f in body):
        return True
    distances = np.array([f.distance_m for f in body])
    durations = np.array([f.lap.elapsed_s for f in body])
    median = float(np.median(distances))
    return bool(
        (median > 0 and np.all(np.abs(distances - median) <= AUTO_LAP_TOLERANCE * median))
        or np.ptp(durations) <= AUTO_LAP_TIME_S
    )


def _labelled_reps(usable: list[_LapFacts]) -> list[list[_LapFacts]]:
    """The reps the device's lap labels state: runs of work-labelled laps next to a
    recovery-labelled lap; none unless both kinds of label are present."""
    labels = [f.lap.intensity for f in usable]
    if not any(x in WORK_LABELS for x in labels) or not any(x in RECOVERY_LABELS for x in labels):
        return []
    reps = []
    for first, end in _blocks([x in WORK_LABELS for x in labels]):
        before = labels[first - 1] if first > 0 else None
        after = labels[end] if end < len(labels) else None
        if before in RECOVERY_LABELS or after in RECOVERY_LABELS:
            reps.append(usable[first:end])
    return reps if len(reps) >= MIN_LABELLED_REPS else []


def _check_speed(samples: Samples) -> tuple[FloatArray, FloatArray] | None:
    """The speed stream for checking rep laps: (1 s grid, speed under a 5 s running
    median, light enough to keep a 30 s rep); ``None`` without a distance stream."""
    from scipy.ndimage import median_filter

    signal = _signal(samples)
    if signal is None or not np.isfinite(signal[2]).any() or signal[2][-1] <= 0:
        return None
    grid, raw, _ = signal
    return grid, np.asarray(median_filter(raw, size=LAP_CHECK_SMOOTH_S, mode="nearest"))


def _fast_lap_reps(
    speed: tuple[FloatArray, FloatArray] | None, usable: list[_LapFacts]
) -> list[list[_LapFacts]]:
    """The reps of the fast-lap/slow-lap pattern (module doc). Every split of the lap
    speeds into fast and slow is tried; of those that give a valid pattern, the one at the
    clearest break wins (the largest ratio of the slowest rep lap to the fastest other
    lap), so a cool-down lap a little slower than the reps stays out of them."""
    speeds = sorted({f.speed_mps for f in usable if f.speed_mps > 0})
    best: list[list[_LapFacts]] = []
    best_break = 0.0
    for low, high in pairwise(speeds):
        threshold = (low + high) / 2
        blocks = _blocks([f.speed_mps > threshold for f in usable])
        if len(blocks) < MIN_REPS or high / low <= best_break:
            continue
        reps = [usable[a:b] for a, b in blocks]
        recoveries = [usable[b:a] for (_, b), (a, _) in pairwise(blocks)]
        if _lap_pattern_holds(speed, reps, recoveries):
            best, best_break = reps, high / low
    return best


def _lap_pattern_holds(
    speed: tuple[FloatArray, FloatArray] | None,
    reps: list[list[_LapFacts]],
    recoveries: list[list[_LapFacts]],
) -> bool:
    """Every rep lap at the session's pace (at most 15 % slower than the median rep lap),
    every rep 30 % faster than the recoveries next to it, and run fast (see _run_fast)."""
    lap_speeds = [f.speed_mps for rep in reps for f in rep]
    if min(lap_speeds) < MIN_REP_PACE * float(np.median(lap_speeds)):
        return False
    rec_speeds = [_total_speed(r) for r in recoveries]
    for i, rep in enumerate(reps):
        rep_speed = _total_speed(rep)
        around = rec_speeds[max(i - 1, 0) : i + 1]
        if any(rep_speed < MIN_CONTRAST * r for r in around):
            return False
        if speed is not None and not _run_fast(speed, rep, (rep_speed + max(around)) / 2):
            return False
    return True


def _run_fast(speed: tuple[FloatArray, FloatArray], rep: list[_LapFacts], cut: float) -> bool:
    """Whether the speed stream is above ``cut`` (half-way between the rep's and the
    recoveries' speed) in at least half of the rep's laps: a 1 km auto-lap that holds a
    short rep and a long jog is not a rep however its average compares."""
    grid, smooth = speed
    inside = (grid >= rep[0].lap.start_s) & (grid < rep[-1].end_s)
    return not inside.any() or bool(np.mean(smooth[inside] > cut) >= MIN_FAST_SHARE)


def _describe_laps(
    samples: Samples, facts: list[_LapFacts], reps: list[list[_LapFacts]]
) -> tuple[Rep, ...]:
    def stretch(kind: str, number: int, laps: list[_LapFacts]) -> Rep:
        time_s = sum(f.time_s for f in laps)
        lap_hrs = [f.lap.avg_heart_rate_bpm for f in laps]
        hr: float | None
        if time_s > 0 and all(h is not None for h in lap_hrs):
            hr = sum((h or 0.0) * f.time_s for h, f in zip(lap_hrs, laps, strict=True)) / time_s
        else:  # a lap without heart rate: the stream's mean over the stretch
            hr = _mean_hr(samples, laps[0].lap.start_s, laps[-1].end_s)
        return Rep(
            kind=kind,
            number=number,
            start_s=laps[0].lap.start_s,
            time_s=time_s,
            distance_m=sum(f.distance_m for f in laps),
            avg_heart_rate_bpm=hr,
            source="laps",
        )

    out: list[Rep] = []
    for i, rep in enumerate(reps):
        out.append(stretch("work", i + 1, rep))
        if i + 1 < len(reps):
            start, end = rep[-1].lap.start_s, reps[i + 1][0].lap.start_s
            between = [f for f in facts if start < f.lap.start_s < end]
            if between:
                out.append(stretch("recovery", i + 1, between))
    return tuple(out)


def _mean_hr(samples: Samples, start_s: float, end_s: float) -> float | None:
    t, hr = samples.time_s, samples.heart_rate_bpm
    window = (t >= start_s) & (t <= end_s) & np.isfinite(hr)
    return float(hr[window].mean()) if window.any() else None


# --- from the speed stream -----------------------------------------------------------


def _smooth(values: FloatArray) -> FloatArray:
    from scipy.ndimage import median_filter, uniform_filter1d

    med = median_filter(values, size=SMOOTH_S, mode="nearest")
    return np.asarray(uniform_filter1d(med, size=SMOOTH_S, mode="nearest"), dtype=np.float64)


def _otsu(values: FloatArray) -> float:
    ordered = np.sort(values)
    n = ordered.size
    csum = np.cumsum(ordered)
    k = np.arange(1, n)
    w0 = k / n
    mu0 = csum[:-1] / k
    mu1 = (csum[-1] - csum[:-1]) / (n - k)
    between = w0 * (1 - w0) * (mu0 - mu1) ** 2
    best = int(np.argmax(between))
    return float((ordered[best] + ordered[best + 1]) / 2)


def _work_threshold(moving: FloatArray) -> float | None:
    """Otsu's threshold, applied again inside the fast group while it still splits into two
    clearly different speeds (warm-up and cool-down jogs form a middle group between
    recoveries and reps); ``None`` when even the first split shows no contrast."""
    threshold = None
    values = moving
    while values.size >= 2 * MIN_WORK_S:
        candidate = _otsu(values)
        fast, slow = values[values > candidate], values[values <= candidate]
        if fast.size < MIN_WORK_S or slow.size == 0 or fast.mean() < MIN_CONTRAST * slow.mean():
            break
        threshold, values = candidate, fast
    return threshold


def _repeated(reps: list[tuple[int, int]], d: FloatArray) -> bool:
    """Whether the fast stretches look like a set of reps: at least three, of similar size
    (coefficient of variation of their durations or of their distances within 35 %)."""
    if len(reps) < MIN_REPS:
        return False
    durations = np.array([e - s for s, e in reps], dtype=np.float64)
    distances = np.array([d[min(e, d.size - 1)] - d[s] for s, e in reps], dtype=np.float64)

    def cv(x: FloatArray) -> float:
        return float(x.std() / x.mean()) if x.mean() > 0 else np.inf

    return min(cv(durations), cv(distances)) <= MAX_REP_CV


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(
        zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True)
    )


def _signal(samples: Samples) -> tuple[FloatArray, FloatArray, FloatArray] | None:
    if len(samples) < 2:
        return None
    distance = clean_distance(samples)
    if np.isfinite(distance).any() and distance[-1] > 0:
        grid, d = resample_1hz(samples, distance)
        return grid, np.diff(d, prepend=d[0]), d
    if samples.has("power_w"):
        grid, p = resample_1hz(samples, samples.power_w)
        return grid, p, np.zeros_like(grid)
    return None


def _from_stream(samples: Samples) -> tuple[Rep, ...]:
    signal = _signal(samples)
    if signal is None or signal[0].size < 4 * MIN_WORK_S:
        return ()
    grid, raw, d = signal
    smooth = _smooth(raw)
    moving = smooth[smooth > MOVING_MPS] if np.isfinite(d).any() and d[-1] > 0 else smooth
    if moving.size < 2 * MIN_WORK_S:
        return ()
    threshold = _work_threshold(moving)
    if threshold is None:
        return ()
    work = smooth > threshold
    for start, end in _runs(~work):
        if start > 0 and end < work.size and end - start < MAX_GAP_S:
            work[start:end] = True
    cores = [(s, e) for s, e in _runs(work) if raw[s:e].mean() > threshold]
    reps = _join_dips(_widen(cores, smooth, threshold), raw)
    reps = [(s, e) for s, e in reps if MIN_WORK_S <= e - s <= MAX_REP_SHARE * work.size]
    reps = _without_warm_up(reps, raw, d)
    if not (
        _repeated(reps, d)
        and _one_pace(reps, raw)
        and _faster_than_recoveries(reps, raw)
        and _mostly_work(reps)
    ):
        return ()
    return _describe(samples, grid, d, reps)


def _widen(
    cores: list[tuple[int, int]], smooth: FloatArray, threshold: float
) -> list[tuple[int, int]]:
    """Each core widened to where the speed crosses half-way between the core's speed and
    the speed just outside it (its median over up to a minute, not into the next core)."""
    out = []
    for i, (s, e) in enumerate(cores):
        lo = cores[i - 1][1] if i > 0 else 0
        hi = cores[i + 1][0] if i + 1 < len(cores) else smooth.size
        level = float(np.median(smooth[s:e]))
        if s > lo:
            outside = float(np.median(smooth[max(lo, s - EDGE_WINDOW_S) : s]))
            cut = min(threshold, (level + outside) / 2)
            slow = np.flatnonzero(smooth[lo:s] <= cut)
            s = lo + int(slow[-1]) + 1 if slow.size else lo
        if e < hi:
            outside = float(np.median(smooth[e : min(hi, e + EDGE_WINDOW_S)]))
            cut = min(threshold, (level + outside) / 2)
            slow = np.flatnonzero(smooth[e:hi] <= cut)
            e = e + int(slow[0]) if slow.size else hi
        out.append((s, e))
    return out


def _mean(raw: FloatArray, s: int, e: int) -> float:
    return float(raw[s:e].mean()) if e > s else 0.0


def _join_dips(stretches: list[tuple[int, int]], raw: FloatArray) -> list[tuple[int, int]]:
    """Neighbouring stretches at the same pace (within 15 %) joined across a gap that is
    no recovery: shorter than a quarter of the median gap (or 15 s), or not at least 30 %
    slower than both of them. Stretches at different paces stay apart (a rep next to a
    faster stride or a slower cool-down is not one rep with them)."""
    if not stretches:
        return []
    gaps = [b[0] - a[1] for a, b in pairwise(stretches)]
    longest_dip = max(MAX_GAP_S, MAX_GAP_SHARE * float(np.median(gaps))) if gaps else 0.0
    out = [stretches[0]]
    for s, e in stretches[1:]:
        ps, pe = out[-1]
        before, after, gap = _mean(raw, ps, pe), _mean(raw, s, e), _mean(raw, pe, s)
        same_pace = min(before, after) >= MIN_REP_PACE * max(before, after)
        recovery = min(before, after) >= MIN_CONTRAST * gap
        if same_pace and (s - pe < longest_dip or not recovery):
            out[-1] = (ps, max(pe, e))
        else:
            out.append((s, e))
    return out


def _without_warm_up(
    reps: list[tuple[int, int]], raw: FloatArray, d: FloatArray
) -> list[tuple[int, int]]:
    """The reps without the stretches before the first and after the last that are unlike
    the others: more than 15 % slower than the median stretch (a warm-up or cool-down run
    a little faster than the recoveries), or not within a factor of two of its duration
    or distance (a short stride in the warm-up, a long cool-down). Only the ends are
    trimmed: an odd stretch between reps is left for _repeated to judge, so a steady run
    broken by stops is not made regular by dropping its odd stretches."""
    if not reps:
        return []
    speeds = np.array([_mean(raw, s, e) for s, e in reps])
    durations = np.array([e - s for s, e in reps], dtype=np.float64)
    distances = np.array([d[min(e, d.size - 1)] - d[s] for s, e in reps], dtype=np.float64)

    def near(x: FloatArray) -> npt.NDArray[np.bool_]:
        median = float(np.median(x))
        return (x >= median / SIZE_FACTOR) & (x <= median * SIZE_FACTOR)

    pace = speeds >= MIN_REP_PACE * float(np.median(speeds))
    alike = np.flatnonzero(pace & (near(durations) | near(distances)))
    return reps[int(alike[0]) : int(alike[-1]) + 1] if alike.size else []


def _one_pace(reps: list[tuple[int, int]], raw: FloatArray) -> bool:
    """Whether no rep is more than 15 % slower than the median rep: the reps of a session
    are run at one target pace; a set of faster stretches at scattered paces is a run of
    changing pace."""
    speeds = [_mean(raw, s, e) for s, e in reps]
    return min(speeds) >= MIN_REP_PACE * float(np.median(speeds))


def _mostly_work(reps: list[tuple[int, int]]) -> bool:
    """Whether the reps fill at least a tenth of the time from the first rep's start to
    the last rep's end. Sessions pair reps and recoveries at work:rest ratios of about
    1:1 to 1:6; a few surges spread over an hour of steady running are strides or hills,
    not reps."""
    work = sum(e - s for s, e in reps)
    return work >= MIN_WORK_SHARE * (reps[-1][1] - reps[0][0])


def _faster_than_recoveries(reps: list[tuple[int, int]], raw: FloatArray) -> bool:
    """Whether every rep is at least 30 % faster than the recoveries next to it: in a
    run of changing pace the faster stretches are not reps when what separates them is
    hardly slower."""
    recoveries = [_mean(raw, a[1], b[0]) for a, b in pairwise(reps)]
    for i, (s, e) in enumerate(reps):
        speed = _mean(raw, s, e)
        if any(speed < MIN_CONTRAST * r for r in recoveries[max(i - 1, 0) : i + 1]):
            return False
    return True


def _describe(
    samples: Samples, grid: FloatArray, d: FloatArray, reps: list[tuple[int, int]]
) -> tuple[Rep, ...]:
    def rep(kind: str, number: int, s: int, e: int) -> Rep:
        start, end = float(grid[s]), float(grid[min(e, grid.size - 1)])
        return Rep(
            kind=kind,
            number=number,
            start_s=start,
            time_s=end - start,
            distance_m=float(d[min(e, d.size - 1)] - d[s]),
            avg_heart_rate_bpm=_mean_hr(samples, start, end),
            source="stream",
        )

    out: list[Rep] = []
    for i, (s, e) in enumerate(reps):
        out.append(rep("work", i + 1, s, e))
        if i + 1 < len(reps):
            out.append(rep("recovery", i + 1, e, reps[i + 1][0]))
    return tuple(out)
