"""A runner's personal performance curve with a population prior (empirical Bayes): ``auto``.

Every result is graded against the sex-specific open standards (WMA 2023, as shipped in
``miler/data/records/open_standards.csv``: track standards to 10 000 m, road standards beyond),
as a log-grade ``q = ln(time / standard)`` (0 = world class, 0.4 ≈ a 67 % grade). A runner's
log-grades across distances are modelled as

    q(x) = a + b · h(x) + f(x) + o(d) + e,     x = ln d,  h(x) = max(0, ln(d / 5 km)),

* ``a`` the runner's level (prior N(0, :data:`LEVEL_PRIOR_SD`²): all but flat);
* ``b`` the runner's own fade beyond 5 km (prior N(b₀(level), :data:`FADE_PRIOR_SD`²),
  b₀ = 0 for runners at :data:`FADE_NONE_GRADE` or better, :data:`FADE_RECREATIONAL` per unit
  of ln-distance at :data:`FADE_FULL_GRADE` or below, linear in between);
* ``f`` a smooth personal deviation (speed or endurance specialisation): a Gaussian process
  with squared-exponential covariance :data:`CURVE_SD`² · exp(−Δx² / 2 :data:`CURVE_LENGTH`²),
  so that results near the target in distance agree with it more than far ones;
* ``o(d)`` :data:`SOFT_OFFSET` for a rarely raced distance (its PB is usually run once and
  soft), 0 for a much-raced one (:data:`SHARP_DISTANCES_M`);
* ``e`` the scatter of one race around the curve: Student-t with :data:`T_DOF` degrees of
  freedom and scale :func:`scatter` (by level: elite runners race to their curve, recreational
  runners less evenly), :data:`SOFT_SCALE` times wider at a rarely raced distance.

The t errors are fitted as a scale mixture by iteratively reweighted least squares
(:data:`IRLS_STEPS` fixed steps), so one soft PB far off the others loses weight instead of
dragging the answer. The prediction is the posterior mean of q at the target and its range the
posterior sd plus the scatter of the target race itself. With a flat level the posterior mean
is a weighted sum of the results' residuals whose weights sum to about 1: those are the weights
``miler predict`` shows. For elite runners (small scatter) the curve term makes the result
nearest the target dominate; for recreational runners (large scatter) the results are
averaged, and long results are carried to the target through the expected fade.

Sources of the model: Blythe & Király, "Prediction and quantification of individual athletic
performance of runners", PLOS ONE 11(6) e0157257 (2016): a runner's log-times across
distances are low-rank, dominated by an individual power law (level and one slope), and local
predictions (from the events nearest the target) predict best. Vickers & Vertosick, "An
empirical study of race times in recreational endurance runners", BMC Sports Sci Med Rehabil
8:26 (2016; 2303 runners): Riegel's formula is well calibrated up to the half marathon but
much too fast for the marathon (at least 10 min for half of the runners): recreational runners
fade beyond the middle distances. Which numbers are fitted on what, and which are judgement:
``docs/prediction-validation.md``.

Everything is vectorised over athletes with the same number of results (arrays shaped
``(athletes, results)``), so one runner (``miler.science.predict``) and a squad
(``miler.science.batch``) run the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from miler.units import MILE_M, RIEGEL_EXPONENT

__all__ = [
    "CURVE_LENGTH",
    "CURVE_SD",
    "EQUAL_GRADE",
    "FADE_FROM_M",
    "FADE_FULL_GRADE",
    "FADE_NONE_GRADE",
    "FADE_PRIOR_SD",
    "FADE_RECREATIONAL",
    "IRLS_STEPS",
    "LEVEL_PRIOR_SD",
    "RIEGEL_GRADE",
    "SCATTER_KNOTS",
    "SHARP_DISTANCES_M",
    "SOFT_OFFSET",
    "SOFT_SCALE",
    "T_DOF",
    "CurveFit",
    "fit_curves",
    "is_soft",
    "prior_fade",
    "riegel_share",
    "scatter",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

RIEGEL_GRADE: Final = 0.55
"""Open grade at or below which the prior mean curve follows Riegel's 1.06 power law (Riegel
1981; well calibrated to the half marathon for recreational runners: Vickers & Vertosick
2016). A priori since issue 3, not fitted."""
EQUAL_GRADE: Final = 0.85
"""Open grade from which the prior mean curve is equal open grade (what the standards and
elite runners show). A priori since issue 3, not fitted."""

LEVEL_PRIOR_SD: Final = 0.5
"""Prior sd of the level ``a`` (log-grade): wide enough to let the results alone set it."""

FADE_FROM_M: Final = 5000.0
"""The fade term starts here: beyond about 5 km recreational runners slow more than the
standards (Vickers & Vertosick 2016; issue 14's study)."""
FADE_RECREATIONAL: Final = 0.035
"""Prior mean fade (log-grade per unit of ln-distance beyond 5 km, on top of Riegel's 1.06) of
a runner at :data:`FADE_FULL_GRADE` or below. Judgement, documented in
docs/prediction-validation.md: a marathon is then 7.5 % slower than Riegel's 1.06 from a 5 km
and a 15 km 3.8 %, so the mile from long results comes out 4-7 % faster than Riegel's (issue
14 reports 5-10 % from its held-out study; only that summary was read), in line with Vickers &
Vertosick's recreational marathons much slower than Riegel predicts."""
FADE_NONE_GRADE: Final = 0.60
"""From this open grade up the prior fade is 0: on the road single-age bests (runners at 60-95 %
grade, 5 km against 8 km-marathon of the same runner-age, no mile) the median fade is between
-0.015 and +0.002 per unit of ln-distance in every 5-point band."""
FADE_FULL_GRADE: Final = 0.45
"""At and below this open grade the prior fade is :data:`FADE_RECREATIONAL`."""
FADE_PRIOR_SD: Final = 0.02
"""Prior sd of a runner's own fade around b₀ (judgement: the spread of single-age-best fades
in a band is about 0.02-0.03)."""

CURVE_SD: Final = 0.02
"""Sd of the smooth personal deviation (specialisation) from level + fade (judgement)."""
CURVE_LENGTH: Final = 1.0
"""Correlation length of that deviation in ln-distance (judgement: about a factor 2.7 in
distance, e.g. a mile and a 5 km still share most of it)."""

SCATTER_KNOTS: Final = ((0.45, 0.030), (0.65, 0.017), (0.85, 0.012))
"""(open grade, scale of one race's t error) knots, linear in between, flat outside. 0.017
at 65 % is the per-race scatter measured on the single-age bests (1.72 %, no mile; the noise
floor in docs/prediction-validation.md); 0.012 for elite and 0.030 for recreational runners
are judgement (elite runners race their curve closely; recreational PBs are run years
apart)."""

SHARP_DISTANCES_M: Final = (400.0, 800.0, 1500.0, MILE_M, 3000.0, 5000.0, 10000.0, 21097.5, 42195.0)
"""Much-raced distances: their PBs count as sharp. Any other distance (4 mi, 5 mi, 8 km, 15 km,
10 mi, 20 km, 25 km, 30 km, ...) is rarely raced and its PB is soft."""
SOFT_SCALE: Final = 1.75
"""How much wider the scatter of a rarely raced distance's PB is (judgement)."""
SOFT_OFFSET: Final = 0.01
"""How much slower a rarely raced distance's PB is expected to be, as log-grade (judgement,
in line with the single-age bests: 12 km, 20 km and 25 km bests grade 1.4-2 % below the
same runners' 5 km, the much-raced half and marathon do not)."""

T_DOF: Final = 4.0
"""Degrees of freedom of the race-scatter t distribution (heavy tails: judgement)."""
IRLS_STEPS: Final = 8
"""Fixed number of reweighting steps (the same in single and batch predictions)."""


def is_soft(distance_m: FloatArray) -> BoolArray:
    """Whether each distance is rarely raced (not within 0.5 % of :data:`SHARP_DISTANCES_M`)."""
    sharp = np.asarray(SHARP_DISTANCES_M)
    d = np.asarray(distance_m, dtype=np.float64)
    near = np.abs(d[..., None] / sharp - 1.0) <= 0.005
    return np.asarray(~near.any(axis=-1))


def scatter(grade: FloatArray) -> FloatArray:
    """Scale of one race's error around the runner's curve at open ``grade`` (0-1), from
    :data:`SCATTER_KNOTS`."""
    xs, ys = zip(*SCATTER_KNOTS, strict=True)
    return np.asarray(np.interp(grade, xs, ys), dtype=np.float64)


def prior_fade(grade: FloatArray) -> FloatArray:
    """Prior mean fade b₀ (log-grade per unit of ln-distance beyond 5 km) at open ``grade``."""
    share = np.clip((FADE_NONE_GRADE - grade) / (FADE_NONE_GRADE - FADE_FULL_GRADE), 0.0, 1.0)
    return np.asarray(FADE_RECREATIONAL * share, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class CurveFit:
    """Posterior of each athlete's curve at the target (arrays over athletes, or athletes x
    results): ``log_grade`` and ``sd`` at the target; per result its ``weight`` in the
    prediction and its t-weight ``trust`` (1 = fully trusted, towards 0 = treated as an
    outlier); the athlete's ``level_grade`` (open grade of the level) and ``fade``
    (posterior mean, log-grade per unit ln-distance beyond 5 km)."""

    log_grade: FloatArray
    sd: FloatArray
    weight: FloatArray
    trust: FloatArray
    level_grade: FloatArray
    fade: FloatArray


def _kernel(
    x1: FloatArray, h1: FloatArray, x2: FloatArray, h2: FloatArray, level_var: float
) -> FloatArray:
    """Prior covariance of the curve (level + fade + smooth deviation) between two sets of
    points; ``x``/``h`` shaped (n, k) and (n, m) give (n, k, m)."""
    dx = x1[:, :, None] - x2[:, None, :]
    smooth = CURVE_SD**2 * np.exp(-0.5 * (dx / CURVE_LENGTH) ** 2)
    return np.asarray(level_var + FADE_PRIOR_SD**2 * h1[:, :, None] * h2[:, None, :] + smooth)


def riegel_share(grade: FloatArray) -> FloatArray:
    """Weight of Riegel's power law in the prior mean curve at open ``grade``: 1 at
    :data:`RIEGEL_GRADE` or below, 0 at :data:`EQUAL_GRADE` or above, linear in between."""
    share = (EQUAL_GRADE - grade) / (EQUAL_GRADE - RIEGEL_GRADE)
    return np.asarray(np.clip(share, 0.0, 1.0), dtype=np.float64)


def fit_curves(
    distance_m: FloatArray,
    log_grade: FloatArray,
    log_standard: FloatArray,
    target_m: float,
    target_log_standard: FloatArray,
) -> CurveFit:
    """Fit the personal curve of each athlete and read it at ``target_m``.

    ``distance_m``, ``log_grade`` (ln(time / open standard)) and ``log_standard`` (ln open
    standard, seconds) are shaped (athletes, results), every athlete with the same number of
    results; ``target_log_standard`` (athletes,) is the target's ln open standard. Returns the
    posterior at the target as log-grade (add the target's ln open standard for ln-time).
    """
    d = np.asarray(distance_m, dtype=np.float64)
    q = np.asarray(log_grade, dtype=np.float64)
    n, k = q.shape
    soft = is_soft(d)
    x = np.log(d)
    h = np.maximum(0.0, np.log(d / FADE_FROM_M))
    grade = np.exp(-np.mean(q - SOFT_OFFSET * soft, axis=1))
    b0 = prior_fade(grade)
    # Prior mean shape, relative to the target: Riegel's power law (as log-grade) for
    # recreational runners, equal grade for elite ones, plus the fade and soft PBs.
    riegel = RIEGEL_EXPONENT * (x - np.log(target_m)) - (
        log_standard - np.asarray(target_log_standard)[:, None]
    )
    mu = riegel_share(grade)[:, None] * riegel + b0[:, None] * h + SOFT_OFFSET * soft
    scale2 = (scatter(grade)[:, None] * np.where(soft, SOFT_SCALE, 1.0)) ** 2
    level_var = LEVEL_PRIOR_SD**2
    cov = _kernel(x, h, x, h, level_var)
    xt = np.full((n, 1), np.log(target_m))
    ht = np.maximum(0.0, xt - np.log(FADE_FROM_M))
    cross = _kernel(x, h, xt, ht, level_var)[:, :, 0]
    resid = q - mu
    trust = np.ones_like(q)
    eye = np.eye(k)
    for _ in range(IRLS_STEPS):
        system = cov + eye * (scale2 / trust)[:, :, None]
        alpha = np.linalg.solve(system, resid[:, :, None])[:, :, 0]
        off = alpha * scale2 / trust  # result minus the curve's posterior mean there
        trust = (T_DOF + 1.0) / (T_DOF + off**2 / scale2)
    system = cov + eye * (scale2 / trust)[:, :, None]
    solved = np.linalg.solve(system, np.stack([resid, cross], axis=2))
    alpha, weight = solved[:, :, 0], solved[:, :, 1]
    mean_t = b0 * ht[:, 0] + np.sum(weight * resid, axis=1)
    prior_t = level_var + FADE_PRIOR_SD**2 * ht[:, 0] ** 2 + CURVE_SD**2
    target_scale2 = scatter(grade) ** 2
    var_t = np.maximum(prior_t - np.sum(weight * cross, axis=1), 0.0) + target_scale2
    level = level_var * np.sum(alpha, axis=1)
    fade = b0 + FADE_PRIOR_SD**2 * np.sum(h * alpha, axis=1)
    return CurveFit(
        log_grade=np.asarray(mean_t),
        sd=np.asarray(np.sqrt(var_t)),
        weight=np.asarray(weight),
        trust=np.asarray(trust),
        level_grade=np.asarray(np.exp(-level)),
        fade=np.asarray(fade),
    )
