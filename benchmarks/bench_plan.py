"""Benchmark: generate (and validate) one 16-week plan, and the whole 1,000-profile grid.

Run ``python benchmarks/bench_plan.py``. Prints the median time of generating one 16-week
plan, of validating it, of re-planning it after four missed weeks (a restart, coach rule
C-11), and the total and per-plan time of the validator's grid of 1,008
profiles (tests/planning/test_plan_grid.py). The baseline each ratio is measured against
is the 100 ms per plan target, timed in the same run as nothing else: the ratio is
target / measured (above 1 is faster than the target).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from miler.plan.request import PlanRequest, RaceResult
from miler.planning.generate import generate_plan

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0
REPEATS = 30


def _validator() -> Any:
    if importlib.util.find_spec("miler.planning.validate") is None:
        return None
    from miler.planning.validate import validate_plan

    return validate_plan


def _grid() -> list[dict[str, Any]]:
    path = ROOT / "tests" / "planning" / "test_plan_grid.py"
    spec = importlib.util.spec_from_file_location("plan_grid", path)
    if spec is None or spec.loader is None:
        return []
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    profiles: list[dict[str, Any]] = module.grid()
    return profiles


def _median_ms(action: Any, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    validate = _validator()
    request = PlanRequest(
        results=(RaceResult(distance_m=1609.344, time_s=370.0),),
        days=("mon", "wed", "thu", "sat"),
        goal_time_s=355.0,
        weeks=16,
        start_date=dt.date(2027, 1, 4),
        today=dt.date(2027, 1, 1),
        age=35,
        sex="F",
    )
    plan = generate_plan(request)  # warm the imports
    rows: list[tuple[str, float, str]] = []
    generate_ms = _median_ms(lambda: generate_plan(request))
    rows.append(("generate one 16-week plan (median)", generate_ms, "ms"))
    if validate is not None:
        validate(plan)
        validate_ms = _median_ms(lambda: validate(plan))
        rows.append(("validate it (median)", validate_ms, "ms"))
        rows.append(("generate + validate (median)", generate_ms + validate_ms, "ms"))
    # C-11: re-plan in week 7 after four weeks with no running (a restart); the re-planner
    # builds the plan again, sizes the return and validates it.
    from miler.adapt.replan import replan

    today = plan.weeks[6].start_date
    replan(plan, today=today, recent_weekly_run_min=0.0)
    replan_ms = _median_ms(lambda: replan(plan, today=today, recent_weekly_run_min=0.0))
    rows.append(("re-plan after 4 missed weeks, a restart (median)", replan_ms, "ms"))
    profiles = _grid()
    if profiles:
        started = time.perf_counter()
        for fields in profiles:
            grid_plan = generate_plan(PlanRequest(**fields))
            if validate is not None:
                validate(grid_plan)
        total = time.perf_counter() - started
        label = "generate + validate" if validate is not None else "generate"
        rows.append((f"grid of {len(profiles)} profiles, {label} (total)", total, "s"))
        rows.append((f"grid, {label} per plan", total * 1000 / len(profiles), "ms"))
    print(f"{'measure':52} {'time':>10}  {'vs 100 ms/plan target':>22}")
    for name, value, unit in rows:
        per_plan = value if unit == "ms" else None
        ratio = f"{TARGET_MS / per_plan:.1f}x faster" if per_plan else ""
        if name.endswith("(total)"):
            ratio = ""
        print(f"{name:52} {value:>8.2f} {unit:<2} {ratio:>22}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
