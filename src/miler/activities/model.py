"""The one model every importer produces: an :class:`Activity` with its samples and laps.

Design choice: the sample streams are **numpy arrays**, one per channel, all of the same
length, ``float64`` with ``NaN`` where the device recorded nothing. A run is up to ~100 000
samples; the analyses (splits, best efforts, interval detection) are vectorised over whole
streams, so arrays are built once by the importer and never converted again. Tuples of
per-sample objects would cost ~50x the memory and force Python loops everywhere.
The arrays are made read-only so the frozen dataclasses really are immutable, and equality
compares the arrays element by element (``NaN`` equal to ``NaN``).

Units are SI: seconds, metres, metres per second, degrees for positions, beats per minute,
watts; cadence is what the device records (revolutions, i.e. strides of one leg, per minute).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

__all__ = [
    "CHANNELS",
    "MAX_UTC_OFFSET_S",
    "Activity",
    "Lap",
    "Samples",
    "Session",
    "local_date",
    "local_time",
]

FloatArray = npt.NDArray[np.float64]

#: The sample channels, in order, with their unit.
CHANNELS: tuple[str, ...] = (
    "time_s",
    "distance_m",
    "latitude_deg",
    "longitude_deg",
    "altitude_m",
    "heart_rate_bpm",
    "cadence_rpm",
    "speed_mps",
    "power_w",
)


#: The widest offset of local time from UTC anywhere (UTC+14, Kiribati; UTC-12): a file
#: claiming more has a broken clock, and its offset is not used.
MAX_UTC_OFFSET_S: Final = 14 * 3600.0


def local_time(start: dt.datetime, utc_offset_s: float | None, tz: dt.tzinfo) -> dt.datetime:
    """The local clock time of ``start``: in the recording's own offset from UTC when the
    file gives one (the watch knew where it was), else in the zone ``tz``."""
    if utc_offset_s is not None and abs(utc_offset_s) <= MAX_UTC_OFFSET_S:
        return start.astimezone(dt.timezone(dt.timedelta(seconds=utc_offset_s)))
    return start.astimezone(tz)


def local_date(start: dt.datetime, utc_offset_s: float | None, tz: dt.tzinfo) -> dt.date:
    """The calendar date a runner ran on (:func:`local_time`): a run at 23:30 local time is
    that day's, whatever the date in UTC."""
    return local_time(start, utc_offset_s, tz).date()


def _frozen_array(values: Any) -> FloatArray:
    array = np.array(values, dtype=np.float64)
    array.flags.writeable = False
    return array


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(a == b)


@dataclass(frozen=True, eq=False)
class Samples:
    """The recorded streams, one value per sample; ``time_s`` is seconds since the start.

    ``time_s`` is strictly increasing. Any other channel may be all ``NaN`` (no GPS on a
    treadmill, no heart-rate strap). ``pauses``: ``(start_s, end_s)`` windows in which the
    timer was stopped (the device's timer events, a GPX segment break). ``timer_known``:
    the file records its timer's every start and stop (FIT timer events), so a gap in the
    samples outside ``pauses`` is a recording gap, never a pause; otherwise long gaps are
    judged pauses too.
    """

    time_s: FloatArray
    distance_m: FloatArray
    latitude_deg: FloatArray
    longitude_deg: FloatArray
    altitude_m: FloatArray
    heart_rate_bpm: FloatArray
    cadence_rpm: FloatArray
    speed_mps: FloatArray
    power_w: FloatArray
    pauses: tuple[tuple[float, float], ...] = ()
    timer_known: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "pauses", tuple((float(a), float(b)) for a, b in self.pauses if b > a)
        )
        n = None
        for name in CHANNELS:
            array = _frozen_array(getattr(self, name))
            if array.ndim != 1 or (n is not None and array.shape[0] != n):
                raise ValueError(f"sample channel {name} must be 1-D with one value per sample")
            n = array.shape[0]
            object.__setattr__(self, name, array)

    @classmethod
    def from_columns(
        cls,
        n: int,
        pauses: tuple[tuple[float, float], ...] = (),
        timer_known: bool = False,
        **columns: Any,
    ) -> Samples:
        """Samples of length ``n``; channels not given are all ``NaN``."""
        filled = {name: columns.get(name, np.full(n, np.nan)) for name in CHANNELS}
        return cls(**filled, pauses=pauses, timer_known=timer_known)

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Samples):
            return NotImplemented
        return (self.pauses, self.timer_known) == (other.pauses, other.timer_known) and all(
            _same(getattr(self, n), getattr(other, n)) for n in CHANNELS
        )

    __hash__ = None  # type: ignore[assignment]

    def has(self, channel: str) -> bool:
        """Whether ``channel`` holds at least one recorded value."""
        return bool(np.isfinite(getattr(self, channel)).any())

    def between(self, start_s: float, end_s: float) -> Samples:
        """The samples with ``start_s <= time_s <= end_s``, times left unchanged."""
        keep = (self.time_s >= start_s) & (self.time_s <= end_s)
        pauses = tuple(
            (max(a, start_s), min(b, end_s)) for a, b in self.pauses if b > start_s and a < end_s
        )
        return Samples(
            **{name: getattr(self, name)[keep] for name in CHANNELS},
            pauses=pauses,
            timer_known=self.timer_known,
        )


@dataclass(frozen=True)
class Lap:
    """A lap as the device recorded it (the runner's lap button, an auto-lap, a workout step).

    Times are seconds from the activity start; ``distance_m`` and the heart rates are the
    device's own totals (``None`` when the file has none).
    """

    start_s: float
    elapsed_s: float
    timer_s: float | None = None
    distance_m: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    intensity: str | None = None
    trigger: str | None = None


@dataclass(frozen=True)
class Session:
    """One sport inside a file (a triathlon has several): its sport and time window."""

    sport: str
    start_s: float
    elapsed_s: float
    distance_m: float | None = None
    sub_sport: str | None = None
    timer_s: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None


@dataclass(frozen=True, eq=False)
class Activity:
    """A recorded activity: what, when, on which device, its samples and laps.

    ``start`` is the UTC time of the first sample (``None`` when the device only knew its
    own clock, as some old ANT devices do). ``warnings`` lists what the importer had to
    work around (a truncated file read up to its last whole record, damaged messages
    skipped); it is empty for a clean file. ``utc_offset_s`` is the offset of the device's
    local time from UTC when the file records it (a FIT activity message's
    ``local_timestamp`` minus its ``timestamp``), None otherwise.
    """

    sport: str
    start: dt.datetime | None
    samples: Samples
    laps: tuple[Lap, ...] = ()
    sessions: tuple[Session, ...] = ()
    device: str | None = None
    source_format: str = ""
    warnings: tuple[str, ...] = field(default=())
    utc_offset_s: float | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.start.utcoffset() != dt.timedelta(0):
            raise ValueError("Activity.start must be a UTC-aware datetime")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Activity):
            return NotImplemented
        return all(
            _same(getattr(self, f.name), getattr(other, f.name)) for f in dataclasses.fields(self)
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def duration_s(self) -> float:
        """Elapsed seconds from the first to the last sample."""
        t = self.samples.time_s
        return float(t[-1] - t[0]) if len(t) else 0.0

    def local_date(self, tz: dt.tzinfo) -> dt.date | None:
        """The date it was done on, locally (:func:`local_date`); None without a start."""
        return None if self.start is None else local_date(self.start, self.utc_offset_s, tz)

    @property
    def is_run(self) -> bool:
        """Whether the activity is a run, or a multisport file with a running leg."""
        return self.sport == "running" or any(s.sport == "running" for s in self.sessions)

    def running_part(self) -> Activity:
        """The running leg of a multisport file (the longest one); the activity itself otherwise."""
        runs = [s for s in self.sessions if s.sport == "running"]
        if self.sport == "running" or not runs or len(self.sessions) < 2:
            return self
        leg = max(runs, key=lambda s: s.elapsed_s)
        end = leg.start_s + leg.elapsed_s
        part = self.samples.between(leg.start_s, end)
        if len(part) == 0:
            return self
        shift = float(part.time_s[0])
        distance = part.distance_m
        finite = np.isfinite(distance)
        offset = float(distance[finite][0]) if finite.any() else 0.0
        columns = {name: getattr(part, name) for name in ("latitude_deg", "longitude_deg")}
        columns.update(
            {
                name: getattr(part, name)
                for name in ("altitude_m", "heart_rate_bpm", "cadence_rpm", "speed_mps", "power_w")
            }
        )
        samples = Samples(
            time_s=part.time_s - shift,
            distance_m=distance - offset,
            **columns,
            pauses=tuple((a - shift, b - shift) for a, b in part.pauses),
            timer_known=part.timer_known,
        )
        laps = tuple(
            dataclasses.replace(lap, start_s=lap.start_s - shift)
            for lap in self.laps
            if leg.start_s - 1 <= lap.start_s < end
        )
        start = None if self.start is None else self.start + dt.timedelta(seconds=shift)
        session = dataclasses.replace(leg, start_s=leg.start_s - shift)
        return dataclasses.replace(
            self, sport="running", start=start, samples=samples, laps=laps, sessions=(session,)
        )
