"""Validate miler's race-time predictions on real results from ../shared/data.

Run from the repository root: ``python scripts/validate_predictions.py [--shared PATH]``.
Prints, per data set, the median absolute % error of each method and how often the real time
fell inside the predicted low-high range. Nothing here was used to set the model's
parameters (see docs/prediction-validation.md for what was calibrated on what).

Data sets:

* single-age bests (Alan Jones / Tom Bernhard road single-age-best workbooks, 2020 and 2025
  compilations): runners who hold a road-mile single-age best AND a best at another
  distance (5 km ... marathon) at the same age +-1 year; the mile is predicted from the
  others (each alone, and all together).
* world records, leave-target-out: the men's and women's mile and 1500 m records predicted
  from the 800 m, 3000 m, 5000 m and 10 000 m records; for ``auto`` the open standards of
  1000 m-2000 m are removed first (they ARE those records) and no world-record bound is used.
* Iffley Miles 2016: checked for runners with both a 600 m and a mile: none (bibs are reused
  between races, names never match), so it cannot test prediction.

Held-out sets outside the repository (``--holdout FILE [--target mile] [--min-input 3000m]``):
a CSV in ``miler predict --batch``'s format (``athlete_id,event,time_s[,sex]``, one row per
PB); each athlete's target is predicted from their other results and the table gives, per
method, the median |% error|, its ratio to the better of Riegel and VDOT (both from the result
nearest in distance, as in issue 14), the mean signed error and the range coverage.

Calibration (``--calibrate``, and the first table printed): the prediction ranges of the
runners who race at 55 % open-class grade or better were fitted on the same workbooks with
every MILE result left out: the same runner at the same age over two road distances from
5 km to the marathon. The mile and the world records stay a hold-out for the range. The
same pairs give an estimate of the noise floor: how well any method could do.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import math
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

from miler.errors import MilerError
from miler.science import predict as predict_module
from miler.science.predict import predict_time
from miler.units import MILE_M

METHODS = ("riegel", "vdot", "cameron", "purdy", "personal", "auto", "auto-v2", "auto-v1")
"""``auto-v1`` is the first, pre-registered version of ``auto`` (kept here to reproduce the
numbers in docs/prediction-validation.md): the same one-result model, but with several results
a personal slope fitted across them (MAP, prior SD 0.03). It extrapolated badly, and ``auto``
combined one-result predictions by inverse variance instead. ``auto-v2`` is that second
version (issue 3's shipped ``auto``: graded Riegel, inverse-variance combination, ranges fitted
on the single-age bests), kept to compare with the personal curve that replaced it (issue 14)."""

AUTO_V2_SPREAD = (0.018, 0.010)
"""auto-v2's fitted (result sd, slope sd) for results at 55 %+ open grade (issue 3)."""
SAB_EVENTS = {
    "5K": 5000.0,
    "8K": 8000.0,
    "10K": 10000.0,
    "12K": 12000.0,
    "15K": 15000.0,
    "10 MILE": 10 * MILE_M,
    "20K": 20000.0,
    "H MAR": 21097.5,
    "25K": 25000.0,
    "30K": 30000.0,
    "MARATHON": 42195.0,
}

CALIBRATION_GRADE = 0.55
"""Open-class grade from which the calibrated spreads apply (miler.science.predict)."""
GAP_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.7, 2.2)
"""|ln(D2/D1)| bins in which the 80th percentile of |log error| is read."""
CALIBRATED_METHODS = ("riegel", "vdot", "cameron", "purdy")

Case = tuple[
    str, str | None, list[tuple[float, float]], float, float
]  # label, sex, in, target, true


def _sab_rows(path: Path) -> dict[str, list[tuple[str, int, float]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out: dict[str, list[tuple[str, int, float]]] = {}
    for sheet in book.sheetnames:
        rows = list(book[sheet].iter_rows(values_only=True))
        if not rows:
            continue
        header = [str(h).strip().upper() if h is not None else "" for h in rows[0]]
        try:
            i_age, i_t = header.index("AGE"), header.index("TIME_SEC")
            i_f, i_l = header.index("FNAME"), header.index("LNAME")
        except ValueError:
            continue
        records = []
        for row in rows[1:]:
            try:
                age, seconds = int(row[i_age]), float(row[i_t])
            except (TypeError, ValueError):
                continue
            if row[i_f] and row[i_l] and seconds > 0:
                name = f"{str(row[i_f]).strip().lower()} {str(row[i_l]).strip().lower()}"
                records.append((name, age, seconds))
        out[sheet.strip().upper()] = records
    return out


@functools.cache
def runner_ages(shared: Path) -> dict[tuple[str, str, int], dict[float, float]]:
    """Every (sex, name, age) of the single-age-best workbooks with its best time (s) per road
    distance (m), mile included; 2020 and 2025 compilations merged (best time kept). Read
    once per run: the calibration, the noise floor and the mile cases all start here."""
    folder = shared / "records" / "single-age-bests"
    events = {**SAB_EVENTS, "MILE": MILE_M}
    out: dict[tuple[str, str, int], dict[float, float]] = {}
    for sex, prefix in (("M", "Men"), ("F", "Women")):
        for path in sorted(folder.glob(f"{prefix} Single Age Bests*.xlsx")):
            sheets = _sab_rows(path)
            for sheet, distance in events.items():
                for name, age, seconds in sheets.get(sheet, []):
                    best = out.setdefault((sex, name, age), {})
                    best[distance] = min(seconds, best.get(distance, math.inf))
    return out


Pair = tuple[str, float, float, float, float]  # sex, metres in, seconds in, target metres, truth


def calibration_pairs(shared: Path) -> list[Pair]:
    """Same runner, same age, two road distances, neither of them the mile: every ordered
    pair whose input is at ``CALIBRATION_GRADE`` or better (open class)."""
    from miler.science.equivalence import open_standard_s

    pairs: list[Pair] = []
    for (sex, _, _), best in sorted(runner_ages(shared).items()):
        races = sorted((d, t) for d, t in best.items() if d != MILE_M)
        for d1, t1 in races:
            if open_standard_s(d1, sex) / t1 < CALIBRATION_GRADE:
                continue
            pairs.extend((sex, d1, t1, d2, t2) for d2, t2 in races if d2 != d1)
    return pairs


def fit_spread(gaps: list[float], errors: list[float]) -> tuple[float, float]:
    """(result sd, slope sd) of sd(gap)^2 = 2 r^2 + (s gap)^2 fitted, by least squares weighted
    by count, to (q80 of |log error| / z80)^2 in each ``GAP_BINS`` bin (10+ cases)."""
    from miler.science.predict import Z80

    rows = []
    for lo, hi in itertools.pairwise(GAP_BINS):
        inside = [abs(e) for g, e in zip(gaps, errors, strict=True) if lo <= g < hi]
        if len(inside) >= 10:
            q80 = statistics.quantiles(inside, n=10, method="inclusive")[7]
            mean_gap = statistics.fmean(g for g in gaps if lo <= g < hi)
            rows.append((len(inside), mean_gap**2, (q80 / Z80) ** 2))
    sw = sum(n for n, _, _ in rows)
    sx = sum(n * x for n, x, _ in rows)
    sy = sum(n * y for n, _, y in rows)
    sxx = sum(n * x * x for n, x, _ in rows)
    sxy = sum(n * x * y for n, x, y in rows)
    slope = max(0.0, (sw * sxy - sx * sy) / (sw * sxx - sx * sx))
    intercept = max(0.0, (sy - slope * sx) / sw)
    return math.sqrt(intercept / 2), math.sqrt(slope)


def calibrate(pairs: list[Pair]) -> dict[str, tuple[int, float, float, float]]:
    """Per method: (n, result sd, slope sd, median |error| %) on the calibration pairs, from
    the method's central prediction (its shipped range plays no part)."""
    out = {}
    for method in CALIBRATED_METHODS:
        gaps, errors = [], []
        for sex, d1, t1, d2, t2 in pairs:
            try:
                p = predict_time([(d1, t1)], d2, method, sex=sex)
            except MilerError:
                continue
            gaps.append(abs(math.log(d2 / d1)))
            errors.append(math.log(p.predicted_s / t2))
        r, s = fit_spread(gaps, errors)
        out[method] = (len(errors), r, s, statistics.median(abs(e) for e in errors) * 100)
    return out


def noise_floor(shared: Path) -> tuple[int, float]:
    """(n, per-result log-time scatter) from interpolation: each middle distance of three
    adjacent road distances (no mile) of one runner-age predicted by log-log interpolation
    of the outer two. The runner's times are taken relative to the open standards first, so
    the curvature of the population's curve is not counted as scatter. With the same scatter
    on all three results, the error variance is sigma^2 (1 + f^2 + (1 - f)^2); sigma is read
    off the median of the squared errors (the median of a chi-square with 1 degree of freedom
    is 0.4549), so a few odd results do not inflate it."""
    from miler.science.equivalence import open_standard_s

    scaled = []
    for (sex, _, _), best in runner_ages(shared).items():
        ds = sorted(d for d in best if d != MILE_M)
        relative = {d: math.log(best[d] / open_standard_s(d, sex)) for d in ds}
        for a, b, c in zip(ds, ds[1:], ds[2:], strict=False):
            f = math.log(b / a) / math.log(c / a)
            guess = (1 - f) * relative[a] + f * relative[c]
            scaled.append((relative[b] - guess) ** 2 / (1 + f * f + (1 - f) ** 2))
    return len(scaled), math.sqrt(statistics.median(scaled) / 0.4549)


def single_age_best_cases(shared: Path) -> list[Case]:
    """Same-runner mile vs other-distance pairs from the single-age-best workbooks: each
    runner-age with a road mile, against that runner's best per other distance at the same
    age +-1 year."""
    ages = runner_ages(shared)
    cases: list[Case] = []
    for sex in ("M", "F"):
        miles = sorted(
            ((name, age), best[MILE_M])
            for (s, name, age), best in ages.items()
            if s == sex and MILE_M in best
        )
        for (name, age), mile_s in miles:
            best_near: dict[float, float] = {}
            for near_age in (age - 1, age, age + 1):
                for d, t in ages.get((sex, name, near_age), {}).items():
                    if d != MILE_M:
                        best_near[d] = min(t, best_near.get(d, math.inf))
            if not best_near:
                continue
            results = sorted(best_near.items())
            label = f"{name} {sex}{age}"
            for d, t in results:
                cases.append((f"single:{label}:{d:g}", sex, [(d, t)], MILE_M, mile_s))
            cases.append((f"nearest:{label}", sex, [results[0]], MILE_M, mile_s))
            if len(results) >= 2:
                cases.append((f"all:{label}", sex, results, MILE_M, mile_s))
    return cases


def world_record_cases() -> list[Case]:
    from miler.science.records import world_record_s

    cases: list[Case] = []
    for sex in ("M", "F"):
        sources = [(d, world_record_s(d, sex)) for d in (800.0, 3000.0, 5000.0, 10000.0)]
        for target in (1500.0, MILE_M):
            truth = world_record_s(target, sex)
            for d, t in sources:
                cases.append((f"single:WR {sex} {d:g}", sex, [(d, t)], target, truth))
            cases.append((f"all:WR {sex}", sex, sources, target, truth))
    return cases


def _clock(text: str) -> float:
    hours, minutes, seconds = (float(part) for part in text.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def _marathon_runs(shared: Path) -> dict[tuple[str, ...], dict[int, float]]:
    """Every finisher of the Loch Ness (2003-2021) and Boston (2013, 2014) marathons, keyed
    by race, name and sex (Boston also by birth year from age), with their net time (s) per
    year; a name seen twice in one year is dropped for that year (homonyms)."""
    import csv

    runs: dict[tuple[str, ...], dict[int, float]] = {}
    seen_twice: set[tuple[tuple[str, ...], int]] = set()

    def add(key: tuple[str, ...], year: int, time_s: float) -> None:
        years = runs.setdefault(key, {})
        if year in years:
            seen_twice.add((key, year))
        years[year] = time_s

    for path in sorted((shared / "races" / "lochness-marathon").glob("*.csv")):
        year = int(path.stem[-4:])
        with path.open(encoding="utf-8", errors="replace") as handle:
            next(handle)  # metadata line
            for row in csv.DictReader(handle):
                category = (row.get("category") or "").removeprefix("Mara-")
                sex = category[:1] if category[:1] in ("M", "F") else ""
                try:
                    time_s = _clock(row["chiptime"] or row["guntime"])
                except (ValueError, TypeError):
                    continue
                if sex and time_s > 0:
                    name = (row["firstname"].strip().lower(), row["lastname"].strip().lower())
                    add(("Loch Ness", *name, sex), year, time_s)
    for year in (2013, 2014):
        path = shared / "races" / "boston-marathon" / f"{year}_results.csv"
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["bib"].startswith("W"):
                    continue  # wheelchair
                try:
                    time_s, age = float(row["official"]) * 60, int(row["age"])
                except ValueError:
                    continue
                if time_s <= 0:
                    continue
                born = str(year - age)
                add(("Boston", row["name"].strip().lower(), row["gender"], born), year, time_s)
    for key, year in seen_twice:
        del runs[key][year]
    return runs


def repeat_marathon_cases(shared: Path) -> list[Case]:
    """The same runner's marathon predicted from their previous finish of the same race (the
    next year they ran it): every method predicts about the same time, so this checks how
    much a recreational runner's result moves between races a year or more apart, and
    whether a range covers it. The label carries the race and the runner's open grade band."""
    from miler.science.equivalence import open_standard_s

    marathon = 42195.0
    cases: list[Case] = []
    for key, years in sorted(_marathon_runs(shared).items()):
        sex = "F" if "F" in key[3:] else "M"
        order = sorted(years)
        for first, then in itertools.pairwise(order):
            grade = open_standard_s(marathon, sex) / years[first]
            band = next(b for lo, b in GRADE_BANDS if grade >= lo)
            label = f"repeat:{key[0]}:{band}:{first}-{then}"
            cases.append((label, sex, [(marathon, years[first])], marathon, years[then]))
    return cases


GRADE_BANDS = ((0.65, "65%+"), (0.55, "55-65%"), (0.45, "45-55%"), (0.0, "<45%"))
"""Open-grade bands of the repeat-marathon tables."""


class _LeaveTargetOut:
    """Drop the 1000-2000 m open standards and the world-record bound while validating on
    the world records themselves (otherwise ``auto`` would be handed the answer)."""

    def __enter__(self) -> None:
        from miler.science import equivalence

        self._standard = getattr(predict_module, "open_standard_s")  # noqa: B009
        self._record = getattr(predict_module, "world_record_s")  # noqa: B009
        xs_all = {s: equivalence.open_standard_curve(s) for s in ("M", "F")}

        def standard(distance_m: float, sex: str | None = None) -> float:
            xs, ys = xs_all[sex or "M"]
            pairs = [
                (x, y)
                for x, y in zip(xs, ys, strict=True)
                if not math.log(999.0) < x < math.log(2001.0)
            ]
            kx, ky = [p[0] for p in pairs], [p[1] for p in pairs]
            x = math.log(distance_m)
            for i in range(1, len(kx)):
                if x <= kx[i]:
                    f = (x - kx[i - 1]) / (kx[i] - kx[i - 1])
                    return math.exp(ky[i - 1] + f * (ky[i] - ky[i - 1]))
            return math.exp(ky[-1])

        setattr(predict_module, "open_standard_s", standard)  # noqa: B010
        setattr(predict_module, "world_record_s", lambda d, s=None: 1.0)  # noqa: B010

    def __exit__(self, *exc: object) -> None:
        setattr(predict_module, "open_standard_s", self._standard)  # noqa: B010
        setattr(predict_module, "world_record_s", self._record)  # noqa: B010


def _auto_v1(
    results: list[tuple[float, float]], target: float, sex: str | None
) -> tuple[float, float, float]:
    from miler.science.equivalence import RIEGEL_EXPONENT
    from miler.science.predict import RESULT_SD, SLOPE_SD, Z80, elite_weight, spread

    standard = predict_module.open_standard_s
    log_s_target = math.log(standard(target, sex))
    xs, qs, priors, prior_w = [], [], [], []
    for d, t in results:
        log_s = math.log(standard(d, sex))
        x = math.log(d / target)
        w = elite_weight(math.exp(log_s - math.log(t)))
        slope_s = (log_s - log_s_target) / x if abs(x) > 1e-9 else 1.0
        xs.append(x)
        qs.append(math.log(t) - log_s)
        priors.append((1.0 - w) * (RIEGEL_EXPONENT - slope_s))
        prior_w.append(1.0 / spread("auto", abs(x)) ** 2)
    beta0 = sum(b * w for b, w in zip(priors, prior_w, strict=True)) / sum(prior_w)
    wr, wb = 1.0 / RESULT_SD**2, 1.0 / SLOPE_SD["auto"] ** 2
    a11, a12 = wr * len(xs), wr * sum(xs)
    a22 = wr * sum(x * x for x in xs) + wb
    b1 = wr * sum(qs)
    b2 = wr * sum(x * q for x, q in zip(xs, qs, strict=True)) + wb * beta0
    det = a11 * a22 - a12 * a12
    alpha = (a22 * b1 - a12 * b2) / det
    sd = math.sqrt(a22 / det + RESULT_SD**2)
    mid = log_s_target + alpha
    return math.exp(mid - Z80 * sd), math.exp(mid), math.exp(mid + Z80 * sd)


def _auto_v2(
    results: list[tuple[float, float]], target: float, sex: str | None
) -> tuple[float, float, float]:
    from miler.science.predict import RESULT_SD, SLOPE_SD, Z80, calibration_share

    standard = predict_module.open_standard_s
    per_result = []
    for d, t in results:
        gap = abs(math.log(target / d))
        a_priori = math.sqrt(2 * RESULT_SD**2 + (SLOPE_SD["auto"] * gap) ** 2)
        r, s = AUTO_V2_SPREAD
        calibrated = math.sqrt(2 * r**2 + (s * gap) ** 2)
        share = calibration_share(standard(d, sex) / t)
        sd = a_priori + share * (calibrated - a_priori)
        log_s1, log_s2 = math.log(standard(d, sex)), math.log(standard(target, sex))
        w = predict_module.elite_weight(math.exp(log_s1) / t)
        riegel = predict_module.RIEGEL_EXPONENT * math.log(target / d)
        per_result.append((math.log(t) + w * (log_s2 - log_s1) + (1 - w) * riegel, sd))
    mid, sd = predict_module._combine(per_result)
    return math.exp(mid - Z80 * sd), math.exp(mid), math.exp(mid + Z80 * sd)


def _predict(
    results: list[tuple[float, float]], target: float, method: str, sex: str | None
) -> tuple[float, float, float]:
    if method == "auto-v2":
        for d, t in results:
            predict_time([(d, t)], target, "auto", sex=sex)  # same input checks
        return _auto_v2(results, target, sex)
    if method == "auto-v1":
        for d, t in results:
            predict_time([(d, t)], target, "auto", sex=sex)  # same input checks
        return _auto_v1(results, target, sex)
    p = predict_time(results, target, method, sex=sex)
    return p.low_s, p.predicted_s, p.high_s


def _evaluate(
    cases: list[Case],
    kind: str,
    sex: str | None = None,
    band: str | None = None,
    methods: tuple[str, ...] = METHODS,
) -> Iterator[tuple[str, int, float, float]]:
    """(method, n, median |% error|, coverage) over the cases whose label starts with kind
    (and of that sex, and with that band in the label, if given)."""
    chosen = [
        c
        for c in cases
        if c[0].startswith(kind) and sex in (None, c[1]) and (band is None or f":{band}:" in c[0])
    ]
    for method in methods:
        errors, inside = [], 0
        for _, sex, results, target, truth in chosen:
            try:
                low, mid, high = _predict(results, target, method, sex)
            except MilerError:
                continue
            errors.append(abs(mid / truth - 1) * 100)
            inside += low <= truth <= high
        if errors:
            yield method, len(errors), statistics.median(errors), inside / len(errors)


def _table(title: str, rows: Iterator[tuple[str, int, float, float]]) -> None:
    print(f"\n{title}")
    print(f"{'method':<10}{'n':>6}{'median |err| %':>17}{'in range':>11}")
    for method, n, med, cov in rows:
        print(f"{method:<10}{n:>6}{med:>17.2f}{cov:>10.0%}")


def _print_calibration(shared: Path) -> None:
    from miler.science.predict import CALIBRATED_SPREAD

    pairs = calibration_pairs(shared)
    print(
        f"calibration: {len(pairs)} same-runner pairs of road single-age bests, 5 km-marathon, "
        f"no mile, input at {CALIBRATION_GRADE:.0%}+ open grade"
    )
    print(f"{'method':<10}{'n':>6}{'median |err| %':>17}{'result sd':>11}{'slope sd':>10}  shipped")
    for method, (n, r, s, med) in calibrate(pairs).items():
        shipped = CALIBRATED_SPREAD[method]
        print(
            f"{method:<10}{n:>6}{med:>17.2f}{r:>11.4f}{s:>10.4f}"
            f"  {shipped[0]:.3f} / {shipped[1]:.3f}"
        )
    errors, inside = [], 0
    for sex, d1, t1, d2, t2 in pairs:
        p = predict_time([(d1, t1)], d2, "auto", sex=sex)
        errors.append(abs(p.predicted_s / t2 - 1) * 100)
        inside += p.low_s <= t2 <= p.high_s
    print(
        f"auto (personal curve, not fitted to these pairs) on the same pairs: median |err| "
        f"{statistics.median(errors):.2f} %, range holds {inside / len(pairs):.0%}"
    )
    n, sigma = noise_floor(shared)
    floor = 0.6745 * math.sqrt(2) * sigma * 100
    print(
        f"noise floor: per-result scatter {sigma:.2%} (n={n} interpolations), so a prediction "
        f"from one result has a median |error| of at least ~{floor:.2f} %"
    )


HoldoutRow = tuple[str, str | None, float, float]  # athlete id, sex, metres, seconds
HOLDOUT_METHODS = ("riegel", "vdot", "auto", "auto-v2")


def read_holdout(path: Path) -> list[HoldoutRow]:
    """Rows of a held-out CSV with the columns ``athlete_id,event,time_s`` and optionally
    ``sex`` (the same format as ``miler predict --batch``): one row per result (PB)."""
    import csv

    from miler.units import parse_distance, parse_time

    rows: list[HoldoutRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            sex = (row.get("sex") or "").strip().upper() or None
            distance = parse_distance(row["event"])
            rows.append((row["athlete_id"].strip(), sex, distance, parse_time(row["time_s"])))
    return rows


def holdout_cases(rows: list[HoldoutRow], target: float, min_input_m: float = 0.0) -> list[Case]:
    """Leave-target-out cases: every athlete with a result over ``target`` metres, predicted
    from their other results of at least ``min_input_m`` metres (best time per distance)."""
    by_athlete: dict[str, tuple[str | None, dict[float, float]]] = {}
    for athlete, sex, distance, time_s in rows:
        _, best = by_athlete.setdefault(athlete, (sex, {}))
        best[distance] = min(time_s, best.get(distance, math.inf))
    cases: list[Case] = []
    for athlete, (sex, best) in sorted(by_athlete.items()):
        truth = next((t for d, t in best.items() if abs(d - target) < 0.5), None)
        inputs = sorted(
            (d, t) for d, t in best.items() if abs(d - target) >= 0.5 and d >= min_input_m - 0.5
        )
        if truth is not None and inputs:
            cases.append((f"holdout:{athlete}", sex, inputs, target, truth))
    return cases


def holdout_table(cases: list[Case]) -> list[tuple[str, int, float, float, float, float]]:
    """Per method: (method, n, median |% error|, ratio to the better of Riegel and VDOT, mean
    signed % error, share inside the range). As in issue 14, Riegel and VDOT predict from the
    result nearest the target in distance (VDOT from the nearest it covers); ``auto`` and
    ``auto-v2`` use every result. Cases a method cannot predict are left out of its row."""
    out = []
    for method in HOLDOUT_METHODS:
        errors, inside = [], 0
        for _, sex, results, target, truth in cases:
            chosen = results
            if method in ("riegel", "vdot"):
                usable = [r for r in results if method == "riegel" or r[0] >= 1499.5]
                if not usable:
                    continue
                chosen = [min(usable, key=lambda r: abs(math.log(target / r[0])))]
            try:
                low, mid, high = _predict(chosen, target, method, sex)
            except MilerError:
                continue
            errors.append((mid / truth - 1) * 100)
            inside += low <= truth <= high
        if errors:
            median = statistics.median(abs(e) for e in errors)
            out.append(
                (method, len(errors), median, 0.0, statistics.fmean(errors), inside / len(errors))
            )
    better = min((m for name, _, m, *_ in out if name in ("riegel", "vdot")), default=math.nan)
    return [(name, n, m, m / better, bias, cov) for name, n, m, _, bias, cov in out]


def _print_holdout(path: Path, target: float, min_input_m: float) -> None:
    cases = holdout_cases(read_holdout(path), target, min_input_m)
    print(f"held-out {path.name}: {len(cases)} athletes with the target and another result")
    _print_holdout_table(cases)
    groups = {
        "women": [c for c in cases if c[1] == "F"],
        "men": [c for c in cases if c[1] == "M"],
        "1 result": [c for c in cases if len(c[2]) == 1],
        "2-3 results": [c for c in cases if 2 <= len(c[2]) <= 3],
        "4-6 results": [c for c in cases if 4 <= len(c[2]) <= 6],
        "7+ results": [c for c in cases if len(c[2]) >= 7],
    }
    for name, chosen in groups.items():
        if chosen:
            print(f"\n  ... {name} ({len(chosen)})")
            _print_holdout_table(chosen)


def _print_holdout_table(cases: list[Case]) -> None:
    header = ("method", "n", "median |err| %", "/ better", "mean err %", "in range")
    print("".join(f"{h:<10}" if i == 0 else f"{h:>{w}}" for i, (h, w) in enumerate(
        zip(header, (10, 6, 17, 10, 12, 10), strict=True))))  # fmt: skip
    for method, n, median, ratio, bias, cov in holdout_table(cases):
        print(f"{method:<10}{n:>6}{median:>17.2f}{ratio:>10.2f}{bias:>+12.2f}{cov:>10.0%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--shared", type=Path, default=root.parent / "shared" / "data")
    parser.add_argument(
        "--calibrate", action="store_true", help="print the calibration and noise floor only"
    )
    parser.add_argument(
        "--holdout",
        type=Path,
        help="a held-out CSV (athlete_id,event,time_s[,sex]): only this check is run",
    )
    parser.add_argument("--target", default="mile", help="held-out target event (default mile)")
    parser.add_argument(
        "--min-input", default="400m", help="held-out: use only results this long or longer"
    )
    args = parser.parse_args(argv)
    if args.holdout is not None:
        from miler.units import parse_distance

        target, shortest = parse_distance(args.target), parse_distance(args.min_input)
        _print_holdout(args.holdout, target, shortest)
        return 0
    _print_calibration(args.shared)
    if args.calibrate:
        return 0
    sab = single_age_best_cases(args.shared)
    runners = {c[0].split(":")[1] for c in sab}
    print(f"single-age bests: {len(runners)} runner-ages with a mile and another distance")
    _table(
        "road mile from ONE other distance (single-age bests, same runner)",
        _evaluate(sab, "single:"),
    )
    for sex in ("M", "F"):
        _table(f"  ... {sex} only", _evaluate(sab, "single:", sex))
    _table(
        "road mile from the NEAREST other distance only (one case per runner-age)",
        _evaluate(sab, "nearest:"),
    )
    _table("road mile from ALL other distances (runners with 2+)", _evaluate(sab, "all:"))
    repeats = repeat_marathon_cases(args.shared)
    print(f"\nrepeat marathoners: {len(repeats)} pairs of finishes of the same race")
    for _, band in reversed(GRADE_BANDS):
        _table(
            f"marathon from the same runner's previous marathon, open grade {band}",
            _evaluate(repeats, "repeat:", band=band, methods=("riegel", "auto")),
        )
    wr = world_record_cases()
    with _LeaveTargetOut():
        _table(
            "world records, mile+1500 m from ONE of 800/3000/5000/10000 (leave-target-out)",
            _evaluate(wr, "single:"),
        )
        _table("world records, from ALL four (leave-target-out)", _evaluate(wr, "all:"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
