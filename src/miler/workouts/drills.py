"""Track drills (R-S5.1): running drills for coordination, power and form.

Drills are a small part of a speed session (R-S5.3): at most 15 min and less than the
interval work plus recovery. Bounds also count as plyometric ground contacts (R-G10), so
they are kept for the plyometric block of strength-and-power sessions; the drills of a
track session carry no contacts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from miler.plan.model import Block, BlockRole, DrillStep

__all__ = ["DRILLS", "DRILL_LIMIT_S", "Drill", "drill_blocks", "drill_step"]

DRILL_LIMIT_S: Final = 15 * 60.0
"""R-S5.3 [project choice]: drills take at most 15 min of a session."""


@dataclass(frozen=True)
class Drill:
    id: str
    name: str
    distance_m: float
    sets: int
    seconds: float
    """Estimated time for all sets with the walk back."""
    contacts_per_set: int = 0
    cue: str = ""


DRILLS: Final[dict[str, Drill]] = {
    d.id: d
    for d in (
        Drill("a_skip", "A-skips", 30, 2, 75, cue="knee up, foot strikes under the hip"),
        Drill("b_skip", "B-skips", 30, 2, 75, cue="A-skip, then extend and paw the ground back"),
        Drill("high_knees", "high knees", 20, 2, 60, cue="quick, tall, arms driving"),
        Drill("butt_kicks", "butt kicks", 20, 2, 60, cue="heel to glute, quick turnover"),
        Drill("carioca", "carioca", 30, 2, 75, cue="hips rotate, shoulders square"),
        Drill("straight_leg", "straight-leg run (scissors)", 30, 2, 75, cue="paw the track"),
        Drill("fast_feet", "fast feet", 15, 2, 60, cue="tiny, rapid steps"),
        Drill(
            "bounding",
            "bounding",
            30,
            3,
            120,
            contacts_per_set=12,
            cue="long, springy strides; counts as plyometric contacts (R-G10)",
        ),
    )
}

_ROTATION: Final = ("a_skip", "b_skip", "high_knees", "butt_kicks", "carioca", "straight_leg")


def drill_step(drill_id: str) -> DrillStep:
    drill = DRILLS[drill_id]
    return DrillStep(
        name=drill.name,
        sets=drill.sets,
        distance_m=drill.distance_m,
        duration_s=drill.seconds,
        ground_contacts=drill.contacts_per_set * drill.sets,
        notes=drill.cue,
    )


@functools.lru_cache(maxsize=256)
def _drill_blocks(groups: int, per_group: int, start: int) -> tuple[Block, ...]:
    return tuple(_make_drill_blocks(groups, per_group, start))


def drill_blocks(groups: int, per_group: int, start: int = 0) -> list[Block]:
    """``groups`` drill blocks of ``per_group`` drills each, taken in turn from the rotation
    starting at ``start`` (so consecutive sessions vary their drills)."""
    return list(_drill_blocks(groups, per_group, start % len(_ROTATION)))


def _make_drill_blocks(groups: int, per_group: int, start: int) -> list[Block]:
    """``groups`` drill blocks of ``per_group`` drills each, taken in turn from the rotation
    starting at ``start`` (so consecutive sessions vary their drills)."""
    blocks = []
    k = start
    for _ in range(groups):
        steps = []
        for _ in range(per_group):
            steps.append(drill_step(_ROTATION[k % len(_ROTATION)]))
            k += 1
        blocks.append(Block(role=BlockRole.DRILLS, steps=tuple(steps)))
    return blocks
