"""Vectorised prediction for a squad or a data set: many athletes, several results each.

The same models as :func:`miler.science.predict.predict_time`, computed with numpy over all
rows at once (one row = one result of one athlete). Bad rows are not fatal: each is reported
with its index and the reason, and the athlete's other rows are still used. Differences from
the single-runner function: ``personal`` uses the individual power law only (no critical
speed), and results are combined per athlete exactly as there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from miler.errors import InvalidInputError
from miler.science.curves import fit_curves
from miler.science.equivalence import (
    CAMERON_RANGE_M,
    PURDY_CURVE_POINTS,
    RIEGEL_EXPONENT,
    VDOT_RANGE_M,
)
from miler.science.equivalence import open_standard_curve as _standard_curve
from miler.science.predict import (
    CALIBRATED_GRADE,
    CALIBRATED_SPREAD,
    ELITE_GRADE,
    METHODS,
    RECREATIONAL_GRADE,
    RESULT_SD,
    SLOPE_SD,
    Z80,
)
from miler.science.records import MAX_DISTANCE_M, MIN_DISTANCE_M, normalise_sex, record_curve
from miler.units import MILE_M, event_name

__all__ = ["BatchPrediction", "BatchRowError", "predict_batch"]

FloatArray = npt.NDArray[np.float64]
Curve = tuple[tuple[float, ...], tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class BatchRowError:
    """A result row that was left out: ``row`` is its 0-based index in the input."""

    row: int
    athlete_id: str
    message: str


@dataclass(frozen=True, slots=True)
class BatchPrediction:
    """Per-athlete predictions over ``target_m`` metres (arrays aligned with ``athlete_ids``),
    times in seconds, and the rows that were left out."""

    target_m: float
    method: str
    athlete_ids: tuple[str, ...]
    predicted_s: FloatArray
    low_s: FloatArray
    high_s: FloatArray
    errors: tuple[BatchRowError, ...]


def _interp_log(distance_m: FloatArray, curve: Curve) -> FloatArray:
    xs, ys = (np.asarray(c, dtype=np.float64) for c in curve)
    return np.asarray(np.interp(np.log(distance_m), xs, ys), dtype=np.float64)


BoolArray = npt.NDArray[np.bool_]


def _by_sex(
    distance_m: FloatArray, female: BoolArray, curve_of: Callable[[str], Curve]
) -> FloatArray:
    """Per-row ln-time on the men's or women's curve, whichever the row's sex is."""
    men = _interp_log(distance_m, curve_of("M"))
    if not female.any():
        return men
    return np.asarray(np.where(female, _interp_log(distance_m, curve_of("F")), men))


def _sexes(sex: str | Sequence[str | None] | None, rows: int) -> tuple[BoolArray, dict[int, str]]:
    """Per-row ``female`` flags, and the rows whose sex is not M/F (row -> message)."""
    if sex is None or isinstance(sex, str):
        return np.full(rows, normalise_sex(sex) == "F"), {}
    if len(sex) != rows:
        raise InvalidInputError("give one sex per row, or one sex for every row")
    female = np.zeros(rows, dtype=bool)
    bad: dict[int, str] = {}
    for i, value in enumerate(sex):
        try:
            female[i] = normalise_sex(value or None) == "F"
        except InvalidInputError as error:
            bad[i] = str(error)
    return female, bad


def _vdot_times(distance_m: FloatArray, time_s: FloatArray, target_m: float) -> FloatArray:
    """Daniels & Gilbert 1979, vectorised: VDOT of each result, then the time over
    ``target_m`` with that VDOT by bisection on log-time (as miler.science.vdot)."""

    def vdot(d: FloatArray | float, t: FloatArray) -> FloatArray:
        v = d / t * 60.0
        minutes = t / 60.0
        vo2 = -4.60 + 0.182258 * v + 0.000104 * v * v
        frac = (
            0.8 + 0.1894393 * np.exp(-0.012778 * minutes) + 0.2989558 * np.exp(-0.1932605 * minutes)
        )
        return np.asarray(vo2 / frac, dtype=np.float64)

    goal = vdot(distance_m, time_s)
    lo = np.full_like(goal, math.log(target_m / 12.0))
    hi = np.full_like(goal, math.log(target_m / 0.5))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        faster = vdot(target_m, np.exp(mid)) > goal
        lo = np.where(faster, mid, lo)
        hi = np.where(faster, hi, mid)
    return np.asarray(np.exp(0.5 * (lo + hi)), dtype=np.float64)


def _purdy_scale(d: FloatArray | float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Purdy 1970/1974 curve time and scale (A, B), vectorised."""
    b = (-11.15895, 4.304605, 0.5234627, 4.031560, 2.316157)
    r = (3.796158e-2, 1.646772e-3, 4.107670e-4, 7.068099e-6, 5.220990e-9)
    d_arr = np.asarray(d, dtype=np.float64)
    v = sum(bi * np.exp(-ri * d_arr) for bi, ri in zip(b, r, strict=True))
    standard = np.asarray(d_arr / v, dtype=np.float64)
    a = np.asarray(85.0 / (0.0654 - 0.00258 * v), dtype=np.float64)
    return standard, a, np.asarray(1.0 - PURDY_CURVE_POINTS / a, dtype=np.float64)


def _formula_log_times(
    method: str, d: FloatArray, t: FloatArray, target_m: float, exponent: float
) -> FloatArray:
    if method == "riegel":
        return np.asarray(np.log(t) + exponent * np.log(target_m / d), dtype=np.float64)
    if method == "cameron":

        def factor(miles: FloatArray | float) -> FloatArray:
            return np.asarray(13.49681 - 0.048865 * miles + 2.438936 / np.power(miles, 0.7905))

        d1, d2 = d / MILE_M, target_m / MILE_M
        return np.asarray(np.log(t / d1 * factor(d1) / factor(d2) * d2), dtype=np.float64)
    if method == "purdy":
        standard, a, b = _purdy_scale(d)
        points = a * (standard / t - b)
        standard2, a2, b2 = _purdy_scale(target_m)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(np.log(standard2 / (points / a2 + b2)), dtype=np.float64)
    return np.asarray(np.log(_vdot_times(d, t, target_m)), dtype=np.float64)


def _row_errors(
    ids: npt.NDArray[np.str_],
    d: FloatArray,
    t: FloatArray,
    method: str,
    female: BoolArray,
    bad_sex: dict[int, str],
) -> tuple[npt.NDArray[np.bool_], list[BatchRowError]]:
    errors = [BatchRowError(i, str(ids[i]), message) for i, message in bad_sex.items()]
    bad = np.zeros(d.shape, dtype=bool)
    bad[list(bad_sex)] = True

    def flag(mask: npt.NDArray[np.bool_], message: str) -> None:
        new = mask & ~bad
        for i in np.flatnonzero(new):
            errors.append(BatchRowError(int(i), str(ids[i]), message.format(d=d[i], t=t[i])))
        bad[new] = True

    flag(~(np.isfinite(t) & (t > 0)), "time must be a positive number of seconds")
    flag(
        ~(np.isfinite(d) & (d >= MIN_DISTANCE_M - 0.5) & (d <= MAX_DISTANCE_M + 0.5)),
        "distance {d:g} m is outside 400m to marathon",
    )
    safe_d = np.where(bad, 1000.0, d)
    record = np.exp(_by_sex(safe_d, female, record_curve))
    flag(t < record, "{t:g} s over {d:g} m is faster than the world record")
    if method in ("vdot", "cameron"):
        lo, hi = VDOT_RANGE_M if method == "vdot" else CAMERON_RANGE_M
        flag((d < lo - 0.5) | (d > hi + 0.5), f"{method} covers {lo:g} m to {hi:g} m only")
    return bad, errors


def _weighted_per_athlete(
    group: npt.NDArray[np.intp], n: int, log_time: FloatArray, sd: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per-athlete inverse-variance mean and sd, as miler.science.predict._combine."""
    w = 1.0 / sd**2
    total = np.bincount(group, w, n)
    mean = np.bincount(group, w * log_time, n) / total
    disagreement = np.bincount(group, w * (log_time - mean[group]) ** 2, n) / total
    smallest = np.full(n, np.inf)
    np.minimum.at(smallest, group, sd)
    return mean, np.sqrt(smallest**2 + disagreement)


def _row_spread(method: str, d: FloatArray, grade: FloatArray, target_m: float) -> FloatArray:
    """Per-row :func:`miler.science.predict.spread` at open-class ``grade``, vectorised."""
    gap = np.abs(np.log(target_m / d))
    a_priori = np.sqrt(2 * RESULT_SD**2 + (SLOPE_SD[method] * gap) ** 2)
    r, s = CALIBRATED_SPREAD[method]
    calibrated = np.sqrt(2 * r**2 + (s * gap) ** 2)
    share = np.clip((grade - CALIBRATED_GRADE + 0.05) / 0.05, 0.0, 1.0)
    return np.asarray(a_priori + share * (calibrated - a_priori), dtype=np.float64)


def _graded(
    d: FloatArray, t: FloatArray, target_m: float, female: BoolArray, log_s: FloatArray
) -> FloatArray:
    """Per-row log-time of :func:`miler.science.predict.graded_riegel_time`, vectorised;
    ``log_s`` is each row's log open standard."""
    log_s_target = _by_sex(np.full(d.shape, target_m), female, _standard_curve)
    grade = np.exp(log_s - np.log(t))
    w = np.clip((grade - RECREATIONAL_GRADE) / (ELITE_GRADE - RECREATIONAL_GRADE), 0.0, 1.0)
    return np.asarray(
        np.log(t) + w * (log_s_target - log_s) + (1.0 - w) * RIEGEL_EXPONENT * np.log(target_m / d),
        dtype=np.float64,
    )


def _curves(
    group: npt.NDArray[np.intp],
    n: int,
    d: FloatArray,
    log_grade: FloatArray,
    log_s: FloatArray,
    target_m: float,
    log_s_target: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """``curve``: each athlete's personal curve at the target (log-grade, sd), fitted on the
    athletes with the same number of results at once (each athlete's results in input
    order, as ``predict_time`` gets them)."""
    order = np.argsort(group, kind="stable")
    counts = np.bincount(group, None, n).astype(np.intp)
    mean = np.zeros(n)
    sd = np.zeros(n)
    sorted_group = group[order]
    for c in np.unique(counts):
        athletes = np.flatnonzero(counts == c)
        rows = order[np.isin(sorted_group, athletes)]
        fit = fit_curves(
            d[rows].reshape(-1, c),
            log_grade[rows].reshape(-1, c),
            log_s[rows].reshape(-1, c),
            target_m,
            log_s_target[athletes],
        )
        mean[athletes], sd[athletes] = fit.log_grade, fit.sd
    return mean, sd


def _power_law(
    group: npt.NDArray[np.intp],
    n: int,
    d: FloatArray,
    t: FloatArray,
    target_m: float,
    exponent: float,
) -> tuple[FloatArray, FloatArray]:
    """Individual power law with prior exponent (as miler.science.personal.fit_power_law)."""
    x = np.log(d / 1000.0)
    y = np.log(t)
    wr, wb = 1.0 / RESULT_SD**2, 1.0 / SLOPE_SD["personal"] ** 2
    count = np.bincount(group, None, n)
    s1 = wr * count
    sx = wr * np.bincount(group, x, n)
    sxx = wr * np.bincount(group, x * x, n) + wb
    sy = wr * np.bincount(group, y, n)
    sxy = wr * np.bincount(group, x * y, n) + wb * exponent
    det = s1 * sxx - sx * sx
    b = (s1 * sxy - sx * sy) / det
    a = (sy - sx * b) / s1
    gap = np.full(n, np.inf)
    np.minimum.at(gap, group, np.abs(np.log(target_m / d)))
    sd = np.sqrt(RESULT_SD**2 * (1 + 1 / count) + (s1 / det) * gap**2)
    return a + b * math.log(target_m / 1000.0), sd


def predict_batch(
    athlete_ids: Sequence[str] | npt.NDArray[np.str_],
    distances_m: Sequence[float] | FloatArray,
    times_s: Sequence[float] | FloatArray,
    target_m: float,
    method: str = "auto",
    *,
    exponent: float = RIEGEL_EXPONENT,
    sex: str | Sequence[str | None] | None = None,
) -> BatchPrediction:
    """Predict ``target_m`` (metres) for every athlete from rows (athlete, metres, seconds).

    Same models and ranges as :func:`miler.science.predict.predict_time`, vectorised with
    numpy; bad rows (non-positive time, distance outside 400 m-marathon, faster than the
    world record, outside the method's range, sex not M/F) are reported in ``errors`` and
    skipped. ``sex`` is one value for every row or one per row (``None``/empty: men's
    standards and records); an athlete counts as a woman for the target's record bound only
    if all their rows say F.
    """
    if method not in METHODS:
        raise InvalidInputError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    if not MIN_DISTANCE_M - 0.5 <= target_m <= MAX_DISTANCE_M + 0.5:
        raise InvalidInputError(
            f"target {event_name(target_m)} is outside what miler predicts: 400m to marathon"
        )
    if method in ("vdot", "cameron"):
        lo, hi = VDOT_RANGE_M if method == "vdot" else CAMERON_RANGE_M
        if not lo - 0.5 <= target_m <= hi + 0.5:
            raise InvalidInputError(f"{method} covers {lo:g} m to {hi:g} m only")
    ids = np.asarray(athlete_ids, dtype=np.str_)
    d = np.asarray(distances_m, dtype=np.float64)
    t = np.asarray(times_s, dtype=np.float64)
    if not ids.shape == d.shape == t.shape:
        raise InvalidInputError("athlete ids, distances and times must have the same length")
    female, bad_sex = _sexes(sex, len(ids))
    bad, errors = _row_errors(ids, d, t, method, female, bad_sex)
    keep = ~bad
    unique, group = np.unique(ids[keep], return_inverse=True)
    n = len(unique)
    d, t, female = d[keep], t[keep], female[keep]
    all_female = np.bincount(group, female, n) == np.bincount(group, None, n)
    if method == "personal":
        log_time, sd = _power_law(group, n, d, t, target_m, exponent)
    elif method == "curve":
        log_s = _by_sex(d, female, _standard_curve)
        log_s_target = _by_sex(np.full(n, target_m), all_female, _standard_curve)
        log_grade, sd = _curves(group, n, d, np.log(t) - log_s, log_s, target_m, log_s_target)
        log_time = log_grade + log_s_target
    else:
        log_s = _by_sex(d, female, _standard_curve)  # read once: grade and auto both use it
        if method == "auto":
            row_log = _graded(d, t, target_m, female, log_s)
        else:
            row_log = _formula_log_times(method, d, t, target_m, exponent)
        row_sd = _row_spread(method, d, np.exp(log_s - np.log(t)), target_m)
        log_time, sd = _weighted_per_athlete(group, n, row_log, row_sd)
    record = np.exp(_by_sex(np.full(n, target_m), all_female, record_curve))
    predicted = np.maximum(np.exp(log_time), record)
    low = np.maximum(np.exp(log_time - Z80 * sd), record)
    high = np.maximum(np.exp(log_time + Z80 * sd), record)
    return BatchPrediction(
        target_m=target_m,
        method=method,
        athlete_ids=tuple(str(a) for a in unique),
        predicted_s=predicted,
        low_s=low,
        high_s=high,
        errors=tuple(sorted(errors, key=lambda e: e.row)),
    )
