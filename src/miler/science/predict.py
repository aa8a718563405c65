"""Predict a race time (400 m to the marathon) from one or more of a runner's results.

``predict_time`` is the public entry point. Methods:

* ``riegel`` — Riegel 1981 power law, exponent settable (default 1.06);
* ``vdot`` — Daniels & Gilbert 1979 (1500 m to the marathon);
* ``cameron`` — Cameron 1997 (800 m to the marathon);
* ``purdy`` — equal Purdy points (Purdy 1970, 1974);
* ``personal`` — this runner's own fit: critical speed and D′ when every result and the target
  last about 2-20 min and there are two or more distances, otherwise an individual power law
  with a population prior on its exponent;
* ``auto`` (default) — the runner's personal curve with a population prior (empirical Bayes,
  :mod:`miler.science.curve`): every result graded against the sex-specific open standards, a
  level and a personal fade beyond 5 km, soft PBs at rarely raced distances, heavy-tailed
  errors, and a range from the posterior; each result's weight and the reason for it are in
  :attr:`Prediction.contributions`. Sources: Blythe & Király, PLOS ONE 11(6) e0157257 (2016);
  Vickers & Vertosick, BMC Sports Sci Med Rehabil 8:26 (2016).

The previous ``auto``, "graded Riegel" (:func:`graded_riegel_time`: a level-weighted blend of
equal open grade and Riegel's 1.06, results combined by inverse variance), is kept as a
function for the validation script's comparison.

Every prediction comes with a low-high range meant to hold the real outcome about 80 % of the
time. For the fixed formulas it is a log-normal error whose spread grows with the
log-distance between the nearest result and the target. For runners at 55 % open-class grade
or better the spreads are fitted on real same-runner pairs with the mile left out
(:data:`CALIBRATED_SPREAD`); below 50 %, where no data were at hand, they are a priori
values (:data:`RESULT_SD`, :data:`SLOPE_SD`). Measured
coverage: ``docs/prediction-validation.md``. A prediction never beats the world record.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from miler.errors import InvalidInputError, OutOfRangeError
from miler.science.curve import FADE_FROM_M, NUMPY_FROM, CurveFit, fit_curve, is_soft
from miler.science.equivalence import (
    RIEGEL_EXPONENT,
    cameron_time,
    open_standard_s,
    purdy_equivalent_time,
    riegel_time,
    vdot_equivalent_time,
)
from miler.science.personal import CS_WINDOW_S, fit_critical_speed, fit_power_law
from miler.science.records import (
    MAX_DISTANCE_M,
    MIN_DISTANCE_M,
    check_not_faster_than_record,
    normalise_sex,
    world_record_s,
)
from miler.units import event_name

__all__ = [
    "CALIBRATED_SPREAD",
    "METHODS",
    "Contribution",
    "Prediction",
    "calibration_share",
    "elite_weight",
    "explain_auto",
    "graded_riegel_time",
    "predict_time",
    "spread",
]

METHODS: Final = ("auto", "curve", "riegel", "vdot", "cameron", "purdy", "personal")

Z80: Final = 1.2815515655446004
"""Standard-normal quantile of 90 %: ±Z80·σ holds 80 % of a normal distribution."""

RESULT_SD: Final = 0.015
"""Log-time scatter of one all-out result around a runner's own curve (a race-to-race
variation of about 1.5 %, the order reported for repeated races by Hopkins & Hewson,
Med Sci Sports Exerc 33, 2001)."""

SLOPE_SD: Final = {
    "auto": 0.03,
    "curve": 0.03,
    "personal": 0.03,
    "riegel": 0.045,
    "vdot": 0.045,
    "cameron": 0.045,
    "purdy": 0.045,
}
"""Spread of the log-time error per unit of log-distance extrapolated, per method.

0.03 is the spread of individual exponents around their population value; a fixed formula
ignores the runner's own slope, so it gets 1.5 times more."""

CALIBRATED_SPREAD: Final = {
    "auto": (0.018, 0.010),
    "riegel": (0.018, 0.014),
    "vdot": (0.018, 0.013),
    "cameron": (0.018, 0.021),
    "purdy": (0.019, 0.035),
}
"""(result sd, slope sd) per method for runners at :data:`CALIBRATED_GRADE` or better, in
place of (:data:`RESULT_SD`, :data:`SLOPE_SD`): sd² = 2·result² + (slope·gap)².

Fitted by ``python scripts/validate_predictions.py --calibrate`` (which prints these beside its
fit) on same-runner, same-age pairs of road single-age bests from 5 km to the marathon, with
every mile left out (Alan Jones / T. Bernhard workbooks, CC0): in each band of gap, the 80th
percentile of the method's |log error| sets the sd. The road mile and the world records then
serve as the hold-out (docs/prediction-validation.md)."""
CALIBRATED_GRADE: Final = 0.55
"""Open-class grade from which :data:`CALIBRATED_SPREAD` applies in full; from
``CALIBRATED_GRADE - 0.05`` down the a-priori spread does, linearly in between, so a range
never jumps between two nearly equal results."""

ELITE_GRADE: Final = 0.85
"""Open-class grade (standard / time) from which :func:`graded_riegel_time` uses equal grade
only."""
RECREATIONAL_GRADE: Final = 0.55
"""Open-class grade at or below which :func:`graded_riegel_time` uses Riegel's slope only."""


@dataclass(frozen=True, slots=True)
class Contribution:
    """How much one result counted in a prediction, and why.

    ``weight``: its share of the prediction (the weights of a prediction sum to about 1; with
    ``auto`` one can be slightly below 0 or above 1 where the curve extrapolates);
    ``grade``: its open-class grade (0-1); ``trust``: 1 when it agrees with the runner's other
    results, towards 0 when ``auto``'s heavy-tailed errors treat it as out of line;
    ``reason``: the same in words.
    """

    distance_m: float
    time_s: float
    weight: float
    grade: float
    trust: float
    reason: str


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted time over ``target_m`` metres with an ~80 % range.

    ``predicted_s``, ``low_s``, ``high_s`` in seconds; ``method`` the method used
    (``auto`` names its basis in ``basis``); ``inputs`` the (metres, seconds) results used;
    ``sex`` ``'M'``, ``'F'`` or ``None``; ``coverage`` the nominal probability of low-high;
    ``notes`` anything the runner should know (e.g. bounded by the world record);
    ``contributions`` how much each input counted and why (same order as ``inputs``).
    """

    target_m: float
    predicted_s: float
    low_s: float
    high_s: float
    method: str
    basis: str
    inputs: tuple[tuple[float, float], ...]
    sex: str | None
    coverage: float = 0.8
    notes: tuple[str, ...] = ()
    contributions: tuple[Contribution, ...] = ()


def spread(method: str, log_distance_gap: float, grade: float | None = None) -> float:
    """Log-time standard deviation of a prediction ``log_distance_gap`` = |ln(D_target/D_result)|
    away from a result at open-class ``grade`` (0-1; ``None``: unknown, the a-priori spread).

    sd² = 2·r² + (s·gap)²: one race-to-race scatter ``r`` for each of the two races, and ``s``
    for the runner's own slope. (r, s) = (:data:`RESULT_SD`, :data:`SLOPE_SD`) a priori,
    :data:`CALIBRATED_SPREAD` from :data:`CALIBRATED_GRADE` (see
    :func:`calibration_share`)."""
    a_priori = math.sqrt(2 * RESULT_SD**2 + (SLOPE_SD[method] * log_distance_gap) ** 2)
    share = calibration_share(grade) if method in CALIBRATED_SPREAD else 0.0
    if share == 0.0:
        return a_priori
    r, s = CALIBRATED_SPREAD[method]
    calibrated = math.sqrt(2 * r**2 + (s * log_distance_gap) ** 2)
    return a_priori + share * (calibrated - a_priori)


def calibration_share(grade: float | None) -> float:
    """How much of :data:`CALIBRATED_SPREAD` applies at open-class ``grade``: 1 from
    :data:`CALIBRATED_GRADE`, 0 five points below it or when unknown, linear in between."""
    if grade is None:
        return 0.0
    return min(1.0, max(0.0, (grade - CALIBRATED_GRADE + 0.05) / 0.05))


def elite_weight(grade: float) -> float:
    """Weight of equal-grade equivalence (vs Riegel's slope) at open-class ``grade`` (0-1).

    Linear from 0 at :data:`RECREATIONAL_GRADE` to 1 at :data:`ELITE_GRADE`.
    """
    return min(1.0, max(0.0, (grade - RECREATIONAL_GRADE) / (ELITE_GRADE - RECREATIONAL_GRADE)))


def _check_distance(distance_m: float, what: str) -> None:
    if not MIN_DISTANCE_M - 0.5 <= distance_m <= MAX_DISTANCE_M + 0.5:
        raise OutOfRangeError(
            f"{what} {event_name(distance_m)} is outside what miler predicts: "
            "use distances from 400m to marathon"
        )


def _validated(
    results: Sequence[tuple[float, float]], target_m: float, sex: str | None
) -> tuple[tuple[float, float], ...]:
    if not results:
        raise InvalidInputError("give at least one result, e.g. 5k=20:00")
    _check_distance(target_m, "target")
    clean = []
    for distance_m, time_s in results:
        if not (distance_m > 0 and time_s > 0 and math.isfinite(time_s)):
            raise InvalidInputError("every result needs a positive distance and time")
        _check_distance(distance_m, "result")
        check_not_faster_than_record(distance_m, time_s, sex)
        clean.append((float(distance_m), float(time_s)))
    return tuple(clean)


def _combine(
    predictions: Sequence[tuple[float, float]],
) -> tuple[float, float]:
    """Inverse-variance mean of (log-time, sd) predictions.

    The sd is the smallest one (predictions from one runner's results are not independent,
    so they do not shrink it), widened by the weighted spread of the predictions themselves
    when the results disagree."""
    weights = [1.0 / sd**2 for _, sd in predictions]
    total = sum(weights)
    mean = sum(w * m for w, (m, _) in zip(weights, predictions, strict=True)) / total
    disagreement = (
        sum(w * (m - mean) ** 2 for w, (m, _) in zip(weights, predictions, strict=True)) / total
    )
    return mean, math.sqrt(min(sd for _, sd in predictions) ** 2 + disagreement)


_FORMULAS: Final[dict[str, Callable[[float, float, float], float]]] = {
    "vdot": vdot_equivalent_time,
    "cameron": cameron_time,
    "purdy": purdy_equivalent_time,
}


def _formula(
    method: str,
    inputs: Sequence[tuple[float, float]],
    target_m: float,
    exponent: float,
    sex: str | None,
) -> tuple[float, float, tuple[Contribution, ...]]:
    per_result = []
    grades = []
    for d, t in inputs:
        if method == "riegel":
            time = riegel_time(d, t, target_m, exponent)
        elif method == "auto":
            time = graded_riegel_time(d, t, target_m, sex)
        else:
            time = _FORMULAS[method](d, t, target_m)
        gap = abs(math.log(target_m / d))
        grades.append(_grade(d, t, sex))
        per_result.append((math.log(time), spread(method, gap, grades[-1])))
    log_time, sd = _combine(per_result)
    weights = [1.0 / s**2 for _, s in per_result]
    total = sum(weights)
    gaps = [abs(math.log(target_m / d)) for d, _ in inputs]
    contributions = tuple(
        Contribution(d, t, w / total, g, 1.0, _inverse_variance_reason(gap, gaps))
        for (d, t), w, g, gap in zip(inputs, weights, grades, gaps, strict=True)
    )
    return log_time, sd, contributions


def _inverse_variance_reason(gap: float, gaps: Sequence[float]) -> str:
    """Why a result counts as much as it does when predictions are combined by inverse
    variance: the nearer its distance to the target, the narrower its prediction."""
    if len(gaps) == 1:
        return "the only result"
    if gap <= min(gaps) + 1e-9:
        where = "nearest in distance to the target"
    elif gap > 1.0:
        where = f"{math.exp(gap):.1f}x the target's distance away"
    else:
        where = "farther from the target than the nearest result"
    return f"{where}: weighted by the inverse variance of its prediction"


def _grade(distance_m: float, time_s: float, sex: str | None) -> float:
    """Open-class grade of a result: the WMA open standard over the time (1 = world class)."""
    return open_standard_s(distance_m, sex) / time_s


def graded_riegel_time(
    distance_m: float, time_s: float, target_m: float, sex: str | None = None
) -> float:
    """The previous one-result ``auto`` prediction in seconds: a level-weighted blend, in
    log-time, of equal open-class grade (WMA 2023 standards) and Riegel's power law (exponent 1.06).

    ln T2 = ln T1 + w·ln(S(D2)/S(D1)) + (1 − w)·1.06·ln(D2/D1), with S the open standards
    and w = :func:`elite_weight` of the result's grade S(D1)/T1. Sources: WMA/Alan Jones
    standards (equal grade across distances); Riegel 1981; Vickers & Vertosick 2016 (Riegel is
    well calibrated for recreational runners from the mile to the half marathon). Metres and
    seconds.
    """
    log_s1 = math.log(open_standard_s(distance_m, sex))
    log_s2 = math.log(open_standard_s(target_m, sex))
    w = elite_weight(math.exp(log_s1) / time_s)
    return time_s * math.exp(
        w * (log_s2 - log_s1) + (1.0 - w) * RIEGEL_EXPONENT * math.log(target_m / distance_m)
    )


def _graded(
    inputs: Sequence[tuple[float, float]], target_m: float, sex: str | None
) -> tuple[float, float, str, tuple[Contribution, ...]]:
    """``curve``: the runner's personal curve (:mod:`miler.science.curve`) read at the target."""
    log_standards = [math.log(open_standard_s(d, sex)) for d, _ in inputs]
    log_grades = [math.log(t) - s for (_, t), s in zip(inputs, log_standards, strict=True)]
    target_log_standard = math.log(open_standard_s(target_m, sex))
    distances = [d for d, _ in inputs]
    if len(inputs) < NUMPY_FROM:
        fit = fit_curve(distances, log_grades, log_standards, target_m, target_log_standard)
    else:
        fit = _fit_with_numpy(distances, log_grades, log_standards, target_m, target_log_standard)
    n = len(inputs)
    basis = (
        f"personal curve from {n} result{'s' if n > 1 else ''}: level at the target "
        f"{fit.level_grade:.0%} of the open standard, fade beyond 5 km "
        f"{fit.fade:+.3f} per e-fold of distance"
    )
    contributions = explain_auto(inputs, target_m, fit, log_grades)
    return fit.log_grade + target_log_standard, fit.sd, basis, contributions


def _fit_with_numpy(
    distances: list[float],
    log_grades: list[float],
    log_standards: list[float],
    target_m: float,
    target_log_standard: float,
) -> CurveFit:
    """One runner with many results: the vectorised fit (numpy's solve), same model."""
    import numpy as np

    from miler.science.curves import fit_curves

    fit = fit_curves(
        np.array([distances]),
        np.array([log_grades]),
        np.array([log_standards]),
        target_m,
        np.array([target_log_standard]),
    )
    return CurveFit(
        log_grade=float(fit.log_grade[0]),
        sd=float(fit.sd[0]),
        weight=tuple(float(w) for w in fit.weight[0]),
        trust=tuple(float(u) for u in fit.trust[0]),
        level_grade=float(fit.level_grade[0]),
        fade=float(fit.fade[0]),
    )


def explain_auto(
    inputs: Sequence[tuple[float, float]],
    target_m: float,
    fit: CurveFit,
    log_grades: Sequence[float],
) -> tuple[Contribution, ...]:
    """Why each result counted as much as it did in an ``auto`` prediction: its weight in the
    posterior mean, and the reasons (nearest to the target, rarely raced, down-weighted as an
    off day, carried through the fade beyond 5 km)."""
    gaps = [abs(math.log(target_m / d)) for d, _ in inputs]
    nearest = min(gaps)
    out = []
    for i, (d, t) in enumerate(inputs):
        reasons = [] if len(inputs) > 1 else ["the only result"]
        if len(inputs) > 1 and gaps[i] <= nearest + 1e-9:
            reasons.append("nearest in distance to the target")
        elif gaps[i] > 1.0:
            reasons.append(f"{math.exp(gaps[i]):.1f}x the target's distance away")
        if is_soft(d):
            reasons.append("rarely raced distance: its PB counts as soft (wider scatter)")
        if fit.trust[i] < 0.6:
            reasons.append(
                "out of line with the other results: down-weighted (heavy-tailed errors)"
            )
        if d > FADE_FROM_M * 1.005:
            reasons.append("beyond 5 km: carried to the target through the expected fade")
        if not reasons:
            reasons.append("sharp result at a much-raced distance")
        out.append(
            Contribution(
                distance_m=d,
                time_s=t,
                weight=fit.weight[i],
                grade=math.exp(-log_grades[i]),
                trust=fit.trust[i],
                reason="; ".join(reasons),
            )
        )
    return tuple(out)


def _personal(
    inputs: Sequence[tuple[float, float]], target_m: float, exponent: float
) -> tuple[float, float, str]:
    gap = min(abs(math.log(target_m / d)) for d, _ in inputs)
    distinct = {round(d) for d, _ in inputs}
    in_window = all(CS_WINDOW_S[0] <= t <= CS_WINDOW_S[1] for _, t in inputs)
    if len(distinct) >= 2 and in_window:
        cs = fit_critical_speed(inputs)
        time = cs.time_s(target_m)
        if CS_WINDOW_S[0] <= time <= CS_WINDOW_S[1]:
            basis = (
                f"critical speed {cs.critical_speed_mps:.2f} m/s, D′ {cs.d_prime_m:.0f} m "
                f"from {cs.n} results"
            )
            return math.log(time), spread("personal", gap), basis
    fit = fit_power_law(inputs, prior_exponent=exponent, prior_sd=SLOPE_SD["personal"])
    sd = math.sqrt(RESULT_SD**2 * (1 + 1 / fit.n) + (fit.exponent_sd * gap) ** 2)
    plural = "s" if fit.n > 1 else ""
    basis = f"individual power law, exponent {fit.exponent:.3f} from {fit.n} result{plural}"
    return math.log(fit.time_s(target_m)), sd, basis


def predict_time(
    results: Sequence[tuple[float, float]],
    target_m: float,
    method: str = "auto",
    *,
    exponent: float = RIEGEL_EXPONENT,
    sex: str | None = None,
) -> Prediction:
    """Predict the time in seconds over ``target_m`` metres from ``results``.

    ``results``: (distance in metres, time in seconds) pairs of all-out efforts, 400 m to the
    marathon; several are all used. ``method``: one of :data:`METHODS`. ``exponent``: Riegel's
    exponent for ``riegel`` and the prior of ``personal``. ``sex`` ``'M'``/``'F'``/``None``
    picks the open standards and world records (men's when unknown).

    Raises :class:`~miler.errors.OutOfRangeError` for a result faster than the world record,
    a distance outside 400 m-marathon, or a target the method cannot reach.
    """
    if method not in METHODS:
        raise InvalidInputError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    sex = normalise_sex(sex)
    inputs = _validated(results, target_m, sex)
    contributions: tuple[Contribution, ...] = ()
    if method == "curve":
        log_time, sd, basis, contributions = _graded(inputs, target_m, sex)
    elif method == "personal":
        log_time, sd, basis = _personal(inputs, target_m, exponent)
    else:
        log_time, sd, contributions = _formula(method, inputs, target_m, exponent, sex)
        basis = f"Riegel exponent {exponent:g}" if method == "riegel" else method
        if method == "auto":
            n = len(inputs)
            basis = "open-standard grade blended with Riegel by level" + (
                f", {n} results combined" if n > 1 else ""
            )
    return _bounded(target_m, log_time, sd, method, basis, inputs, sex, contributions)


def _bounded(
    target_m: float,
    log_time: float,
    sd: float,
    method: str,
    basis: str,
    inputs: tuple[tuple[float, float], ...],
    sex: str | None,
    contributions: tuple[Contribution, ...],
) -> Prediction:
    record = world_record_s(target_m, sex)
    predicted = math.exp(log_time)
    low, high = math.exp(log_time - Z80 * sd), math.exp(log_time + Z80 * sd)
    notes: list[str] = []
    if predicted < record:
        notes.append("bounded by the world record")
        predicted = record
        high = max(high, record)
    low = max(low, record)
    return Prediction(
        target_m=target_m,
        predicted_s=predicted,
        low_s=low,
        high_s=high,
        method=method,
        basis=basis,
        inputs=inputs,
        sex=sex,
        notes=tuple(notes),
        contributions=contributions,
    )
