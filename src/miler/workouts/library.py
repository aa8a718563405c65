"""The session library, as data: every session the training rules name.

Each entry says what it is, which R-G7 class it belongs to (quality formats), which rules it
serves, and how its reps grow. The builders in :mod:`miler.workouts.running`,
:mod:`miler.workouts.strength` and :mod:`miler.workouts.power` turn an entry into steps for
one runner. A new format declares its R-G7 class (R-P9).

Distance formats have a no-track version (``<id>_timed``, R-S6.10): each distance rep
becomes a duration at the same target pace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from miler.errors import InvalidInputError

__all__ = [
    "LIBRARY",
    "LONG_FORMATS",
    "SHORT_FORMATS",
    "WorkoutFormat",
    "base_format",
    "get_workout",
]

Kind = Literal[
    "quality", "time_trial", "race", "easy", "long", "strength", "power", "drills", "cross"
]


@dataclass(frozen=True)
class WorkoutFormat:
    """One library entry.

    ``distances`` lists the work reps in order for fixed-shape formats (ladders, pyramid);
    equal-distance repeats give one ``rep_m`` and a rep range. ``familiar``: a standard
    session a runner with recent interval work already knows, so it is not a "new" session
    for R-G16.
    """

    id: str
    name: str
    kind: Kind
    rules: tuple[str, ...]
    purpose: str
    description: str
    quality_class: Literal["short", "long"] | None = None
    layout: Literal["sections", "interleaved"] | None = None
    needs_track: bool = False
    rep_m: float | None = None
    rep_s: float | None = None
    distances: tuple[float, ...] = ()
    reps: tuple[int, int, int] = (1, 1, 1)
    """(first occurrence, fewest, most) work reps; fixed shapes have one value."""
    familiar: bool = False
    timed_of: str | None = None

    @property
    def fixed_shape(self) -> bool:
        return bool(self.distances)


_REPEAT_RULES: Final = ("R-S6.1", "R-G12", "R-S5.2", "R-G19")


def _repeats(
    metres: int, reps: tuple[int, int, int], cls: Literal["short", "long"], familiar: bool, why: str
) -> WorkoutFormat:
    return WorkoutFormat(
        id=f"repeats_{metres}",
        name=f"{reps[0]}×{metres} m",
        kind="quality",
        rules=(*_REPEAT_RULES, "R-G7"),
        purpose=why,
        description=(
            f"Equal-distance repeats of {metres} m "
            + ("slightly faster than goal mile pace" if metres <= 300 else "at goal mile pace")
            + ", recovery jog 2-3× the rep time (at most 5 min)."
        ),
        quality_class=cls,
        layout="interleaved" if cls == "short" else "sections",
        needs_track=True,
        rep_m=float(metres),
        reps=reps,
        familiar=familiar,
    )


_BASE: Final[tuple[WorkoutFormat, ...]] = (
    _repeats(200, (6, 4, 10), "short", True, "turnover and the anaerobic system (R-S6.8)"),
    _repeats(300, (5, 4, 8), "short", False, "speed at and beyond goal pace (R-S6.8)"),
    _repeats(150, (8, 6, 12), "short", False, "leg speed faster than goal pace (R-S6.8)"),
    WorkoutFormat(
        id="sprints_30s",
        name="8-10×30 s fast",
        kind="quality",
        rules=("R-S6.5", "R-G14", "R-G7", "R-S5.2", "R-G19"),
        purpose="speed without a track: short, very fast time-based reps (R-S6.5)",
        description=(
            "8-10×30 s at 90-95% effort (at least current-PR mile pace, about 800 m race "
            "pace, RPE 9), 60 s jog between. Heart rate lags in 30 s reps: it is a check "
            "afterwards only (R-G14)."
        ),
        quality_class="short",
        layout="interleaved",
        rep_s=30.0,
        reps=(8, 8, 10),
        familiar=True,
    ),
    _repeats(400, (4, 3, 8), "long", True, "speed endurance at goal pace (R-S6.7)"),
    _repeats(600, (3, 2, 5), "long", False, "speed endurance: the article's 4×600 (R-S6.1)"),
    _repeats(800, (2, 2, 4), "long", False, "speed endurance over half the race (R-S6.7)"),
    WorkoutFormat(
        id="ladder_up",
        name="ascending ladder 4×200, 2×400, 2×600, 1×800 m",
        kind="quality",
        rules=("R-S6.2", "R-G12", "R-G7", "R-S5.2", "R-G19"),
        purpose="speed endurance, reps lengthening at goal pace (R-S6.2)",
        description="3,600 m: 4×200, 2×400, 2×600, 1×800 m in this order, every rep at goal "
        "mile pace or faster, full recovery (2-3× the rep, at most 5 min).",
        quality_class="long",
        layout="sections",
        needs_track=True,
        distances=(200, 200, 200, 200, 400, 400, 600, 600, 800),
    ),
    WorkoutFormat(
        id="ladder_down",
        name="descending ladder 1×800, 2×600, 2×400, 4×200 m",
        kind="quality",
        rules=("R-S6.3", "R-G13", "R-G12", "R-G7", "R-S5.2", "R-G19"),
        purpose="speed endurance, reps shortening so the pace feels faster as you tire (R-S6.3)",
        description="3,600 m from the longest rep to the shortest: 1×800, 2×600, 2×400, "
        "4×200 m at goal mile pace or faster, R-S6.2 recovery (R-G13).",
        quality_class="long",
        layout="sections",
        needs_track=True,
        distances=(800, 600, 600, 400, 400, 200, 200, 200, 200),
    ),
    WorkoutFormat(
        id="pyramid",
        name="pyramid 200-400-600-800-600-400-200 m",
        kind="quality",
        rules=("R-S6.4", "R-G13", "R-G12", "R-G7", "R-S5.2", "R-G19"),
        purpose="pacing across a whole session and a laps-3-4 kick under fatigue (R-S6.4)",
        description="3,200 m: up at goal mile pace, and each rep on the way down 2% faster "
        "than its match on the way up (R-G13: 1-3%).",
        quality_class="long",
        layout="sections",
        needs_track=True,
        distances=(200, 400, 600, 800, 600, 400, 200),
    ),
    WorkoutFormat(
        id="long_intervals",
        name="4×5 min or 4×3 min at mile pace",
        kind="quality",
        rules=("R-S6.6", "R-G15", "R-S6.7", "R-G7", "R-S5.2", "R-G19"),
        purpose="speed endurance: holding mile pace longer without fading (R-S6.6, R-S6.7)",
        description="At current-best mile pace: fastest mile ≥9:00 → 4×5 min; ≤8:00 → "
        "4×3 min; between, bout = 3 + 2·(PR−8:00)/1 min, rounded to 0.5 min, with reps "
        "building 2 → 3 → 4 over the first three sessions (R-G15). Jog recovery equal to "
        "the bout.",
        quality_class="long",
        layout="sections",
        reps=(4, 2, 4),
    ),
    WorkoutFormat(
        id="time_trial",
        name="mile time trial",
        kind="time_trial",
        rules=("R-G20", "R-S4.1", "R-G11", "R-S5.2", "R-G19"),
        purpose="re-assess fitness; practise even pacing with a watch (R-S4.1, R-G20)",
        description="An all-out mile with equal per-400 m targets: 409.344 m, then 3×400 m "
        "(R-G11). Every 4-6 weeks; re-plan from the result (R-G20).",
        quality_class="long",
        layout="sections",
    ),
    WorkoutFormat(
        id="race",
        name="goal race",
        kind="race",
        rules=("R-F3.1", "R-S4.1", "R-G11", "R-G8"),
        purpose="the goal effort",
        description="Warm-up, drills and strides, then the race with even lap targets.",
        quality_class="long",
        layout="sections",
    ),
    WorkoutFormat(
        id="easy_run",
        name="easy run",
        kind="easy",
        rules=("R-S1.1", "R-G6"),
        purpose="aerobic base at conversational pace (R-S1.1)",
        description="Continuous running you could talk through: HR ≤79% HRmax, Daniels E "
        "pace, RPE 2-4 (R-G6).",
    ),
    WorkoutFormat(
        id="long_run",
        name="long run",
        kind="long",
        rules=("R-S1.1", "R-S1.2", "R-G5", "R-G6", "R-G8"),
        purpose="the week's longest continuous easy run (R-S1.1, R-S1.2)",
        description="Continuous easy running, lengthened by at most 5 min a week (R-G5); "
        "novices build to 30 min, then keep one every week.",
    ),
    WorkoutFormat(
        id="strength_a",
        name="strength A: squat, hip thrust, calf raise + plyometrics",
        kind="strength",
        rules=("R-S2.1", "R-S2.2", "R-G9", "R-S3.1", "R-G10", "R-P2", "R-P4"),
        purpose="heavy compound lifts for running economy, with plyometrics (R-S2, R-S3.1)",
        description="Plyometrics by level (R-G10), then 3 main lifts with explosive intent, "
        "heavy and few reps (R-G9); familiarisation at 8-12 reps for lifting novices.",
    ),
    WorkoutFormat(
        id="strength_b",
        name="strength B: deadlift, Bulgarian split squat, step-up + plyometrics",
        kind="strength",
        rules=("R-S2.1", "R-S2.2", "R-G9", "R-S3.1", "R-G10", "R-P2", "R-P4"),
        purpose="heavy compound lifts for running economy, with plyometrics (R-S2, R-S3.1)",
        description="As strength A with the other three R-S2.2 lifts.",
    ),
    WorkoutFormat(
        id="plyometrics",
        name="plyometrics by level",
        kind="power",
        rules=("R-S3.1", "R-G10"),
        purpose="power: stiff, springy ground contacts (R-S3.1)",
        description="Novice 80-100 low-intensity contacts; intermediate 100-120; experienced "
        "120-140 (box jumps with boxes, squat jumps, burpees, bounding). ≥48 h apart.",
    ),
    WorkoutFormat(
        id="hill_sprints",
        name="hill sprints 6×10 s",
        kind="power",
        rules=("R-S3.2", "R-G10", "R-P7"),
        purpose="resisted speed work (R-S3.2)",
        description="8-15 s uphill at a 6-10% grade, walk back down between.",
    ),
    WorkoutFormat(
        id="sled_sprints",
        name="sled push or pull 6×20 m",
        kind="power",
        rules=("R-S3.2", "R-G10", "R-P7"),
        purpose="resisted speed work (R-S3.2)",
        description="Load under 10% of body mass; substituted by hill, then unresisted "
        "sprints, when there is no sled.",
    ),
    WorkoutFormat(
        id="parachute_sprints",
        name="parachute sprints 6×40 m",
        kind="power",
        rules=("R-S3.2", "R-P7"),
        purpose="resisted speed work (R-S3.2)",
        description="Sprints against a parachute; substituted by hill, then unresisted "
        "sprints, when there is no parachute.",
    ),
    WorkoutFormat(
        id="flying_sprints",
        name="flying sprints 6×40 m",
        kind="power",
        rules=("R-S3.2",),
        purpose="unresisted sprint: the last substitute for resisted work (R-S3.2)",
        description="20 m build-up then 40 m fast and relaxed, walk back.",
    ),
    WorkoutFormat(
        id="track_drills",
        name="track drills",
        kind="drills",
        rules=("R-S5.1", "R-S5.3"),
        purpose="neuromuscular coordination, power and form (R-S5.1)",
        description="A-skips, B-skips, high knees, butt kicks, carioca, straight-leg bounds; "
        "bounding in the plyometric block. At most 15 min and less than the interval work "
        "plus recovery (R-S5.3).",
    ),
    WorkoutFormat(
        id="cross_training",
        name="easy cross-training",
        kind="cross",
        rules=("R-S7.3", "R-G18"),
        purpose="aerobic work without the running impact (R-S7.3)",
        description="Cycling, elliptical, swimming, deep-water running or rowing at easy "
        "intensity, as long as the run it replaces (R-G18).",
    ),
)


def _timed(fmt: WorkoutFormat) -> WorkoutFormat:
    return WorkoutFormat(
        id=f"{fmt.id}_timed",
        name=f"{fmt.name}, by time (no track)",
        kind=fmt.kind,
        rules=(*fmt.rules, "R-S6.10"),
        purpose=fmt.purpose,
        description=fmt.description
        + " No track: each distance rep is run for the time it takes at its target pace.",
        quality_class=fmt.quality_class,
        layout=fmt.layout,
        needs_track=False,
        rep_m=fmt.rep_m,
        distances=fmt.distances,
        reps=fmt.reps,
        familiar=fmt.familiar,
        timed_of=fmt.id,
    )


LIBRARY: Final[dict[str, WorkoutFormat]] = {
    f.id: f
    for f in (
        *_BASE,
        *(_timed(f) for f in _BASE if f.kind == "quality" and f.needs_track),
    )
}

SHORT_FORMATS: Final = tuple(
    f.id for f in _BASE if f.kind == "quality" and f.quality_class == "short"
)
LONG_FORMATS: Final = tuple(
    f.id for f in _BASE if f.kind == "quality" and f.quality_class == "long"
)


def base_format(format_id: str) -> str:
    """The track format a ``_timed`` version comes from (itself otherwise)."""
    fmt = get_workout(format_id)
    return fmt.timed_of or fmt.id


def get_workout(format_id: str) -> WorkoutFormat:
    try:
        return LIBRARY[format_id]
    except KeyError:
        raise InvalidInputError(
            f"no workout {format_id!r} in the library: run 'miler workouts' for the list"
        ) from None
