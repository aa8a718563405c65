"""A runner's personal performance curve with a population prior (empirical Bayes): ``auto``.

Every result is graded against the sex-specific open standards (WMA 2023, as shipped in
``miler/data/records/open_standards.csv``: track standards to 10 000 m, road standards beyond),
as a log-grade ``q = ln(time / standard)`` (0 = world class, 0.4 ≈ a 67 % grade). A runner's
log-grades across distances are modelled as

    q(x) = m(x) + a + b · h(x) + f(x) + o(d) + e,     x = ln d,  h(x) = max(0, ln(d / 5 km)),

* ``m`` the prior mean shape, relative to the target: Riegel's 1.06 power law (as log-grade)
  for runners at :data:`RIEGEL_GRADE` or below, equal open grade (m = 0) from
  :data:`EQUAL_GRADE`, blended linearly in between (:func:`riegel_share`);
* ``a`` the runner's level (prior N(0, :data:`LEVEL_PRIOR_SD`²): all but flat);
* ``b`` the runner's own fade beyond 5 km, on top of ``m`` (prior N(b₀(level),
  :data:`FADE_PRIOR_SD`²), b₀ = 0 for runners at :data:`FADE_NONE_GRADE` or better,
  :data:`FADE_RECREATIONAL` per unit of ln-distance at :data:`FADE_FULL_GRADE` or below,
  linear in between);
* ``f`` a smooth personal deviation (speed or endurance specialisation): a Gaussian process
  with squared-exponential covariance :data:`CURVE_SD`² · exp(−Δx² / 2 :data:`CURVE_LENGTH`²),
  so that results near the target in distance agree with it more than far ones;
* ``o(d)`` :data:`SOFT_OFFSET` for a rarely raced distance (its PB is usually run once and
  soft), 0 for a much-raced one (:data:`SHARP_DISTANCES_M`);
* ``e`` the scatter of one race around the curve: Student-t with :data:`T_DOF` degrees of
  freedom and scale :func:`scatter` (by level: elite runners race to their curve, recreational
  runners less evenly), :data:`SOFT_SCALE` times wider at a rarely raced distance.

The t errors are fitted as a scale mixture by iteratively reweighted least squares
(at most :data:`IRLS_STEPS` steps), so one soft PB far off the others loses weight instead of
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

This module fits one runner in plain Python (no numpy import: ``miler predict`` and every
command's current mile start fast); ``miler.science.curves`` runs the same fit vectorised with
numpy, for squads (``miler.science.batch``) and for one runner with :data:`NUMPY_FROM` or more
results, and a seeded random sweep checks that both agree.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

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
    "NUMPY_FROM",
    "RIEGEL_GRADE",
    "SCATTER_KNOTS",
    "SHARP_DISTANCES_M",
    "SOFT_OFFSET",
    "SOFT_SCALE",
    "T_DOF",
    "CurveFit",
    "covariance",
    "fit_curve",
    "is_soft",
    "prior_fade",
    "riegel_share",
    "scatter",
]

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

CURVE_SD: Final = 0.03
"""Sd of the smooth personal deviation (specialisation) from level + fade. Judgement: first
0.02; raised because then a club runner's 4:40 1500 m beside an 18:30 5 km was treated as an
outlier and the mile came out 5:24 (5:10 at 0.03, 5:07 at 0.04; Blythe & Király's second and
third components are this kind of specialisation). On the non-mile single-age-best pairs
the one-result range holds 84 % at 0.02, 86 % at 0.03, 88 % at 0.04: 0.03 was kept."""
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
"""Most reweighting steps (the batch always takes them all; one runner's fit stops once the
weights change by less than :data:`CONVERGED`, which moves the answer by less than 1e-10)."""
CONVERGED: Final = 1e-11
NUMPY_FROM: Final = 25
"""From this many results one runner's curve is fitted with numpy (``miler.science.curves``):
plain Python's O(k³) solve takes about 0.1 s at 60 results and 0.5 s at 120."""


def is_soft(distance_m: float) -> bool:
    """Whether ``distance_m`` is rarely raced (not within 0.5 % of :data:`SHARP_DISTANCES_M`)."""
    return not any(abs(distance_m / sharp - 1.0) <= 0.005 for sharp in SHARP_DISTANCES_M)


def scatter(grade: float) -> float:
    """Scale of one race's error around the runner's curve at open ``grade`` (0-1), from
    :data:`SCATTER_KNOTS` (linear in between, flat outside)."""
    (g0, s0), *_ = SCATTER_KNOTS
    if grade <= g0:
        return s0
    for (ga, sa), (gb, sb) in itertools.pairwise(SCATTER_KNOTS):
        if grade <= gb:
            return sa + (grade - ga) / (gb - ga) * (sb - sa)
    return SCATTER_KNOTS[-1][1]


def prior_fade(grade: float) -> float:
    """Prior mean fade b₀ (log-grade per unit of ln-distance beyond 5 km) at open ``grade``."""
    share = (FADE_NONE_GRADE - grade) / (FADE_NONE_GRADE - FADE_FULL_GRADE)
    return FADE_RECREATIONAL * min(1.0, max(0.0, share))


def riegel_share(grade: float) -> float:
    """Weight of Riegel's power law in the prior mean curve at open ``grade``: 1 at
    :data:`RIEGEL_GRADE` or below, 0 at :data:`EQUAL_GRADE` or above, linear in between."""
    return min(1.0, max(0.0, (EQUAL_GRADE - grade) / (EQUAL_GRADE - RIEGEL_GRADE)))


@dataclass(frozen=True, slots=True)
class CurveFit:
    """The posterior of one runner's curve at the target: ``log_grade`` (ln(time / open
    standard)) and its ``sd`` (with the target race's own scatter); per result, in input
    order, its ``weight`` in the prediction (they sum to about 1) and its t-weight ``trust``
    relative to full agreement (1; towards 0 = treated as an outlier); the runner's
    ``level_grade`` at the target (open grade) and ``fade`` (posterior mean, log-grade per
    unit of ln-distance beyond 5 km)."""

    log_grade: float
    sd: float
    weight: tuple[float, ...]
    trust: tuple[float, ...]
    level_grade: float
    fade: float


def covariance(x1: float, h1: float, x2: float, h2: float) -> float:
    """Prior covariance of the curve (level + fade + smooth deviation) between two points
    (``x`` = ln metres, ``h`` = ln-distance beyond 5 km)."""
    smooth = CURVE_SD**2 * math.exp(-0.5 * ((x1 - x2) / CURVE_LENGTH) ** 2)
    return LEVEL_PRIOR_SD**2 + FADE_PRIOR_SD**2 * h1 * h2 + smooth


def _solve(matrix: list[list[float]], columns: list[list[float]]) -> list[list[float]]:
    """Solve ``matrix`` · X = each column (symmetric positive definite: Cholesky; one or two
    results in closed form)."""
    k = len(matrix)
    if k == 1:
        return [[b[0] / matrix[0][0]] for b in columns]
    if k == 2:
        (p, q), (r, s) = matrix
        det = p * s - q * r
        return [[(s * b[0] - q * b[1]) / det, (p * b[1] - r * b[0]) / det] for b in columns]
    low = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i + 1):
            total = matrix[i][j] - sum(low[i][m] * low[j][m] for m in range(j))
            low[i][j] = math.sqrt(total) if i == j else total / low[j][j]
    out = []
    for b in columns:
        y = [0.0] * k
        for i in range(k):
            y[i] = (b[i] - sum(low[i][m] * y[m] for m in range(i))) / low[i][i]
        z = [0.0] * k
        for i in reversed(range(k)):
            z[i] = (y[i] - sum(low[m][i] * z[m] for m in range(i + 1, k))) / low[i][i]
        out.append(z)
    return out


def fit_curve(
    distances_m: Sequence[float],
    log_grades: Sequence[float],
    log_standards: Sequence[float],
    target_m: float,
    target_log_standard: float,
) -> CurveFit:
    """Fit one runner's personal curve to their results and read it at ``target_m``.

    ``log_grades`` = ln(time / open standard) and ``log_standards`` = ln(open standard, s) of
    each result over ``distances_m``; ``target_log_standard`` the target's. The model and its
    sources are in the module docstring; ``miler.science.batch`` runs the same fit vectorised
    over many runners.
    """
    k = len(distances_m)
    soft = [is_soft(d) for d in distances_m]
    x = [math.log(d) for d in distances_m]
    h = [max(0.0, math.log(d / FADE_FROM_M)) for d in distances_m]
    grade = math.exp(-sum(q - SOFT_OFFSET * s for q, s in zip(log_grades, soft, strict=True)) / k)
    b0, share = prior_fade(grade), riegel_share(grade)
    x_t = math.log(target_m)
    h_t = max(0.0, x_t - math.log(FADE_FROM_M))
    resid = [
        q - share * (RIEGEL_EXPONENT * (xi - x_t) - (s - target_log_standard)) - b0 * hi
        - SOFT_OFFSET * si
        for q, xi, s, hi, si in zip(log_grades, x, log_standards, h, soft, strict=True)
    ]  # fmt: skip
    scale2 = [(scatter(grade) * (SOFT_SCALE if si else 1.0)) ** 2 for si in soft]
    cov = [[covariance(x[i], h[i], x[j], h[j]) for j in range(k)] for i in range(k)]
    cross = [covariance(x[i], h[i], x_t, h_t) for i in range(k)]
    trust = [1.0] * k

    def system() -> list[list[float]]:
        return [
            [cov[i][j] + (scale2[i] / trust[i] if i == j else 0.0) for j in range(k)]
            for i in range(k)
        ]

    for _ in range(IRLS_STEPS):
        (alpha,) = _solve(system(), [resid])
        off = [a * s2 / u for a, s2, u in zip(alpha, scale2, trust, strict=True)]
        new = [(T_DOF + 1.0) / (T_DOF + o * o / s2) for o, s2 in zip(off, scale2, strict=True)]
        settled = max(abs(a - b) for a, b in zip(new, trust, strict=True)) < CONVERGED
        trust = new
        if settled:  # the remaining steps would change the answer by less than ~1e-10
            break
    alpha, weight = _solve(system(), [resid, cross])
    mean = b0 * h_t + sum(w * r for w, r in zip(weight, resid, strict=True))
    prior = LEVEL_PRIOR_SD**2 + FADE_PRIOR_SD**2 * h_t**2 + CURVE_SD**2
    var = max(prior - sum(w * c for w, c in zip(weight, cross, strict=True)), 0.0)
    full = (T_DOF + 1.0) / T_DOF
    return CurveFit(
        log_grade=mean,
        sd=math.sqrt(var + scatter(grade) ** 2),
        weight=tuple(weight),
        trust=tuple(min(1.0, u / full) for u in trust),
        level_grade=math.exp(-(LEVEL_PRIOR_SD**2) * sum(alpha)),
        fade=b0 + FADE_PRIOR_SD**2 * sum(hi * a for hi, a in zip(h, alpha, strict=True)),
    )
