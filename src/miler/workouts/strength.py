"""Strength-and-power sessions (R-S2.1, R-S2.2, R-G9, with R-G10 plyometrics).

Main lifts are compound and done with explosive intent: step-ups, squats, deadlifts,
Bulgarian split squats, weighted calf raises, hip thrusts (R-S2.2). Dosing (R-G9): heavy is
1–6 reps at ≥85% 1RM, or ≤3 reps in reserve when 1RM is unknown (NSCA *Essentials*;
Zourdos et al. 2016 RIR scale), 2–5 sets, 2–5 min rest; lifting novices first do up to
4 weeks of familiarisation at 8–12 reps (ACSM 2009 progression stand); under 18:
technique first and supervised (Faigenbaum et al. 2009, NSCA youth statement).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from miler.plan.model import (
    Block,
    BlockRole,
    Equipment,
    ExerciseStep,
    SessionType,
    Substitution,
)
from miler.workouts.power import plyometric_steps
from miler.workouts.session import BuiltSession

__all__ = [
    "MAIN_LIFT_PARENTS",
    "OLDER_FROM_AGE",
    "YOUTH_BELOW_AGE",
    "Lift",
    "age_scaled",
    "strength_session",
]

MAIN_LIFT_PARENTS: Final = (
    "step_up",
    "squat",
    "deadlift",
    "bulgarian_split_squat",
    "calf_raise",
    "hip_thrust",
)
"""R-S2.2: every main lift is one of these or a variant tagged with its parent."""

Level = Literal["novice", "intermediate", "experienced"]


@dataclass(frozen=True)
class Lift:
    name: str
    parent: str
    gym: bool
    """Needs a gym (barbell, rack); the others need only a bench or stairs and a backpack."""


_GYM_A: Final = (
    Lift("back squat", "squat", True),
    Lift("barbell hip thrust", "hip_thrust", True),
    Lift("weighted standing calf raise", "calf_raise", True),
)
_GYM_B: Final = (
    Lift("trap-bar deadlift", "deadlift", True),
    Lift("dumbbell Bulgarian split squat", "bulgarian_split_squat", True),
    Lift("weighted step-up", "step_up", True),
)
_HOME_A: Final = (
    Lift("backpack Bulgarian split squat", "bulgarian_split_squat", False),
    Lift("single-leg hip thrust", "hip_thrust", False),
    Lift("single-leg calf raise with backpack", "calf_raise", False),
)
_HOME_B: Final = (
    Lift("backpack step-up onto a bench or stair", "step_up", False),
    Lift("backpack Bulgarian split squat", "bulgarian_split_squat", False),
    Lift("single-leg calf raise with backpack", "calf_raise", False),
)


YOUTH_BELOW_AGE: Final = 18
"""C-4: under 18, lifts are prescribed by reps in reserve (technique first, no 1RM)..."""
OLDER_FROM_AGE: Final = 60
"""... and so from 60, with plyometrics at the novice dose, low intensity only."""


def age_scaled(age: int | None) -> bool:
    """Whether strength and plyometrics are scaled for age (C-4): under 18 or 60 and over."""
    return age is not None and (age < YOUTH_BELOW_AGE or age >= OLDER_FROM_AGE)


def _main_lift(lift: Lift, familiarisation: bool, taper: bool, scaled: bool) -> ExerciseStep:
    if familiarisation:
        sets, reps, load, rir, rest = 2, 10, None, 3, 120.0
        note = "familiarisation (R-G9): learn the movement at 8-12 reps, 2-3 left in reserve"
    elif taper:
        sets, reps, load, rir, rest = 2, 3, 87.0 if lift.gym else None, 2, 180.0
        note = "taper: fewer sets, same heavy load"
    else:
        sets, reps, load, rir, rest = 3, 5, 85.0 if lift.gym else None, 2, 180.0
        note = "heavy, few reps (R-S2.1)"
    if scaled and not familiarisation:
        load, rir = None, 3
        note += "; by feel, not by 1RM: stop with 3 good reps in reserve (C-4)"
    if not lift.gym and not familiarisation:
        note += "; load the backpack so only 1-3 more reps would be possible"
    return ExerciseStep(
        name=lift.name,
        category="strength",
        parent=lift.parent,
        main=True,
        lower_body=True,
        sets=sets,
        reps=reps,
        load_pct_1rm=load,
        reps_in_reserve=rir,
        rest_s=rest,
        intent="explosive_concentric",
        duration_s=sets * (reps * 4.0 + rest),
        notes=note + "; lower under control, drive up fast",
    )


def _mobility() -> Block:
    return Block(
        role=BlockRole.WARMUP,
        steps=(
            ExerciseStep(
                name="leg swings, hip circles, walking lunges",
                category="mobility",
                lower_body=True,
                sets=2,
                reps=10,
                rest_s=0,
                intent="controlled",
                duration_s=300.0,
                notes="5 min general warm-up",
            ),
        ),
    )


def strength_session(
    variant: Literal["A", "B"],
    *,
    level: Level,
    equipment: Equipment,
    familiarisation: bool,
    taper: bool = False,
    under_18: bool = False,
    with_plyometrics: bool = True,
    scaled: bool = False,
) -> BuiltSession:
    """A strength session (3 main lifts, A or B) with a plyometric block before the lifts.

    ``scaled`` (C-4, :func:`age_scaled`): main lifts by 3 reps in reserve without a %1RM,
    plyometrics at the novice dose and low intensity only."""
    gym = equipment.gym
    lifts = (
        (_GYM_A if variant == "A" else _GYM_B) if gym else (_HOME_A if variant == "A" else _HOME_B)
    )
    blocks = [_mobility()]
    if with_plyometrics:
        dose: Level = "novice" if scaled else level
        blocks.append(Block(role=BlockRole.PLYOMETRICS, steps=plyometric_steps(dose, equipment)))
    blocks.append(
        Block(
            role=BlockRole.STRENGTH,
            steps=tuple(_main_lift(lift, familiarisation, taper, scaled) for lift in lifts),
        )
    )
    substitutions: tuple[Substitution, ...] = ()
    if not gym:
        substitutions = (
            Substitution(
                wanted="gym lifts",
                used="loaded-backpack single-leg variants",
                reason="no gym in the equipment profile",
            ),
        )
    notes = []
    if under_18:
        notes.append("under 18: technique first, with a qualified adult supervising (R-G9)")
    if familiarisation:
        notes.append("familiarisation weeks: moderate loads, 8-12 reps")
    name = f"strength {variant}" + (" + plyometrics" if with_plyometrics else "")
    return BuiltSession(
        format=f"strength_{variant.lower()}",
        name=name,
        purpose="heavy compound lifts for running economy; plyometrics for power (R-S2, R-S3.1)",
        type=SessionType.STRENGTH,
        blocks=tuple(blocks),
        location="gym" if gym else "any",
        substitutions=substitutions,
        supervision_required=under_18,
        notes="; ".join(notes),
    )
