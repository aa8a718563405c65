"""Power: resisted sprints and plyometrics (R-S3.1, R-S3.2, R-G10).

Resisted sprints come in four modalities: parachute, sled push, sled pull, hill. When the
equipment for the wanted one is missing it is substituted, hill first, then an unresisted
sprint, and the substitution is recorded, never silently dropped (R-S3.2, R-P7).

Dosing (R-G10, NSCA guidance): ground contacts per plyometric session novice 80–100,
intermediate 100–120, experienced 120–140 (a burpee counts 1, each bound counts);
novices do low-intensity plyometrics only; sled load under 10% of body mass (Petrakos et
al. 2016); hill sprints 8–15 s at a 6–10% grade with a walk-back recovery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from miler.plan.model import (
    Block,
    BlockRole,
    Equipment,
    ExerciseStep,
    Intensity,
    RunStep,
    Substitution,
)
from miler.workouts.targets import walk

__all__ = [
    "CONTACTS",
    "HILL_GRADE_PCT",
    "HILL_SPRINT_S",
    "SLED_LOAD_PCT",
    "Modality",
    "plyometric_steps",
    "resisted_sprint_block",
    "resolve_modality",
]

Modality = Literal["parachute", "sled_push", "sled_pull", "hill", "none"]
Level = Literal["novice", "intermediate", "experienced"]

CONTACTS: Final[dict[str, int]] = {"novice": 90, "intermediate": 110, "experienced": 130}
"""R-G10 ground contacts per plyometric session: the middle of each level's range."""
HILL_SPRINT_S: Final = 10.0
"""R-G10: hill sprints of 8–15 s."""
HILL_GRADE_PCT: Final = 8.0
"""R-G10: at a 6–10% grade."""
SLED_LOAD_PCT: Final = 8.0
"""R-G10: sled load under 10% of body mass (Petrakos et al. 2016)."""


def _have(modality: Modality, equipment: Equipment) -> bool:
    return {
        "parachute": equipment.parachute,
        "sled_push": equipment.sled,
        "sled_pull": equipment.sled,
        "hill": equipment.hills,
        "none": True,
    }[modality]


def resolve_modality(
    wanted: Modality, equipment: Equipment
) -> tuple[Modality, Substitution | None]:
    """The modality to use for ``wanted``: itself, else a hill, else an unresisted sprint,
    with the substitution that says so (R-S3.2)."""
    if _have(wanted, equipment):
        return wanted, None
    used: Modality = "hill" if equipment.hills else "none"
    missing = {"sled_push": "sled", "sled_pull": "sled"}.get(wanted, wanted)
    return used, Substitution(
        wanted=wanted,
        used="hill sprint" if used == "hill" else "unresisted sprint",
        reason=f"no {missing} in the equipment profile",
    )


def _sprint(modality: Modality, body_mass_kg: float | None) -> tuple[RunStep, float]:
    """One resisted (or unresisted) sprint rep and the walk-back after it."""
    if modality == "hill":
        return RunStep(
            name=f"hill sprint {HILL_SPRINT_S:.0f} s",
            purpose="sprint",
            intensity=Intensity.ACTIVE,
            end="time",
            duration_s=HILL_SPRINT_S,
            resistance="hill",
            incline_pct=HILL_GRADE_PCT,
            effort_pct_low=90,
            effort_pct_high=95,
            rpe_low=8,
            rpe_high=9,
            notes="6-10% grade; drive the knees and arms; walk back down",
        ), 60.0
    if modality in ("sled_push", "sled_pull"):
        load = ""
        if body_mass_kg is not None:
            load = f" ({SLED_LOAD_PCT / 100 * body_mass_kg:.0f} kg added for you)"
        verb = "push" if modality == "sled_push" else "pull (harness)"
        return RunStep(
            name=f"sled {verb} 20 m",
            purpose="sprint",
            intensity=Intensity.ACTIVE,
            end="distance",
            distance_m=20.0,
            duration_s=5.0,
            resistance=modality,
            load_pct_body_mass=SLED_LOAD_PCT,
            effort_pct_low=90,
            effort_pct_high=95,
            rpe_low=8,
            rpe_high=9,
            notes=f"load under 10% of body mass{load}; stop if you slow markedly",
        ), 60.0
    if modality == "parachute":
        return RunStep(
            name="parachute sprint 40 m",
            purpose="sprint",
            intensity=Intensity.ACTIVE,
            end="distance",
            distance_m=40.0,
            duration_s=7.0,
            resistance="parachute",
            effort_pct_low=90,
            effort_pct_high=95,
            rpe_low=8,
            rpe_high=9,
            notes="tall posture, fast arms; walk back",
        ), 75.0
    return RunStep(
        name="flying sprint 40 m",
        purpose="sprint",
        intensity=Intensity.ACTIVE,
        end="distance",
        distance_m=40.0,
        duration_s=6.0,
        effort_pct_low=85,
        effort_pct_high=90,
        rpe_low=7,
        rpe_high=8,
        notes="20 m build-up then 40 m fast and relaxed; walk back",
    ), 75.0


def resisted_sprint_block(
    wanted: Modality, equipment: Equipment, reps: int, body_mass_kg: float | None = None
) -> tuple[Block, Substitution | None]:
    """The sprint (S) block of a sectioned speed session (R-S5.2 layout A, R-S3.2)."""
    used, substitution = resolve_modality(wanted, equipment)
    rep, back = _sprint(used, body_mass_kg)
    steps: list[RunStep] = []
    for i in range(reps):
        steps.append(rep)
        if i < reps - 1:
            steps.append(walk(back))
    return Block(role=BlockRole.SPRINTS, steps=tuple(steps)), substitution


@dataclass(frozen=True)
class _Plyo:
    name: str
    intensity: Literal["low", "moderate", "high"]
    contacts_per_rep: int
    needs_boxes: bool = False
    note: str = ""


_LOW: Final = (
    _Plyo("ankle pogo hops", "low", 1, note="stiff ankles, quick contacts"),
    _Plyo("line hops, side to side", "low", 1),
    _Plyo("skipping (rope or imaginary)", "low", 1),
)
_MODERATE: Final = (
    _Plyo("box jump", "moderate", 1, needs_boxes=True, note="step down, do not jump down"),
    _Plyo("squat jump", "moderate", 1),
    _Plyo("burpee", "moderate", 1, note="a burpee counts as one contact (R-G10)"),
    _Plyo("bounding", "high", 1, note="each bound is one contact"),
    _Plyo("ankle pogo hops", "low", 1, note="stiff ankles, quick contacts"),
)


def plyometric_steps(level: Level, equipment: Equipment) -> tuple[ExerciseStep, ...]:
    """The plyometric exercises of one session, totalling the R-G10 contacts for ``level``;
    low intensity only for novices."""
    total = CONTACTS[level]
    if level == "novice":
        chosen = list(_LOW)
    else:
        chosen = [p for p in _MODERATE if equipment.boxes or not p.needs_boxes][:4]
    share, extra = divmod(total, len(chosen))
    steps = []
    for i, plyo in enumerate(chosen):
        contacts = share + (1 if i < extra else 0)
        sets = 3 if contacts >= 24 else 2
        reps = contacts // sets
        contacts = reps * sets
        steps.append(
            ExerciseStep(
                name=plyo.name,
                category="plyometric",
                sets=sets,
                reps=reps,
                rest_s=60.0,
                ground_contacts=contacts,
                plyo_intensity=plyo.intensity,
                intent="explosive_concentric",
                duration_s=sets * (reps * 1.5 + 60.0),
                notes=plyo.note,
            )
        )
    return _top_up(tuple(steps), total)


def _top_up(steps: tuple[ExerciseStep, ...], total: int) -> tuple[ExerciseStep, ...]:
    """Add the contacts lost to rounding sets × reps back on the first exercise."""
    missing = total - sum(s.ground_contacts for s in steps)
    if missing <= 0:
        return steps
    first = steps[0]
    extra = ExerciseStep(
        name=first.name,
        category="plyometric",
        sets=1,
        reps=missing,
        rest_s=60.0,
        ground_contacts=missing,
        plyo_intensity=first.plyo_intensity,
        intent="explosive_concentric",
        duration_s=missing * 1.5 + 30.0,
        notes="last set",
    )
    return (*steps, extra)
