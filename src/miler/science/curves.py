"""The personal curve of :mod:`miler.science.curve`, vectorised with numpy over many runners.

``miler.science.batch`` fits every athlete of a squad with it (athletes grouped by their
number of results), and ``miler.science.predict`` uses it for one runner with many results
(:data:`miler.science.curve.NUMPY_FROM`), where plain Python's O(k³) solve gets slow. Same
model, same numbers: a seeded sweep checks it against :func:`miler.science.curve.fit_curve`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from miler.science import curve
from miler.units import RIEGEL_EXPONENT

__all__ = ["CurveArrays", "fit_curves"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CurveArrays:
    """:class:`miler.science.curve.CurveFit` for n athletes: ``log_grade``, ``sd``,
    ``level_grade`` and ``fade`` shaped (n,), ``weight`` and ``trust`` (n, k)."""

    log_grade: FloatArray
    sd: FloatArray
    weight: FloatArray
    trust: FloatArray
    level_grade: FloatArray
    fade: FloatArray


def _kernel(x1: FloatArray, h1: FloatArray, x2: FloatArray, h2: FloatArray) -> FloatArray:
    """:func:`miler.science.curve.covariance` between (n, k) and (n, m) points: (n, k, m)."""
    dx = x1[:, :, None] - x2[:, None, :]
    smooth = curve.CURVE_SD**2 * np.exp(-0.5 * (dx / curve.CURVE_LENGTH) ** 2)
    fade = curve.FADE_PRIOR_SD**2 * h1[:, :, None] * h2[:, None, :]
    return np.asarray(curve.LEVEL_PRIOR_SD**2 + fade + smooth)


def _solve(a: FloatArray, b: FloatArray) -> FloatArray:
    """``a⁻¹ b`` for stacked (n, k, k) systems; 1x1 and 2x2 in closed form (numpy's batched
    LU has a per-matrix overhead that dominates for the small systems most runners have)."""
    k = a.shape[1]
    if k == 1:
        return np.asarray(b / a)
    if k == 2:
        p, q, r, s = a[:, 0, 0], a[:, 0, 1], a[:, 1, 0], a[:, 1, 1]
        det = (p * s - q * r)[:, None]
        first = (s[:, None] * b[:, 0, :] - q[:, None] * b[:, 1, :]) / det
        second = (p[:, None] * b[:, 1, :] - r[:, None] * b[:, 0, :]) / det
        return np.stack([first, second], axis=1)
    return np.asarray(np.linalg.solve(a, b))


def fit_curves(
    d: FloatArray, q: FloatArray, log_s: FloatArray, target_m: float, log_s_target: FloatArray
) -> CurveArrays:
    """:func:`miler.science.curve.fit_curve` for n athletes with k results each, vectorised:
    ``d`` metres, ``q`` log-grades and ``log_s`` ln open standards shaped (n, k);
    ``log_s_target`` the target's ln open standard per athlete (n,)."""
    n, k = q.shape
    sharp = np.asarray(curve.SHARP_DISTANCES_M)
    soft = ~(np.abs(d[:, :, None] / sharp - 1.0) <= 0.005).any(axis=2)
    x = np.log(d)
    h = np.maximum(0.0, np.log(d / curve.FADE_FROM_M))
    grade = np.exp(-np.mean(q - curve.SOFT_OFFSET * soft, axis=1))
    b0 = curve.FADE_RECREATIONAL * np.clip(
        (curve.FADE_NONE_GRADE - grade) / (curve.FADE_NONE_GRADE - curve.FADE_FULL_GRADE), 0, 1
    )
    share = np.clip((curve.EQUAL_GRADE - grade) / (curve.EQUAL_GRADE - curve.RIEGEL_GRADE), 0, 1)
    knots_g, knots_s = zip(*curve.SCATTER_KNOTS, strict=True)
    base = np.interp(grade, knots_g, knots_s)
    x_t = np.full((n, 1), math.log(target_m))
    h_t = np.maximum(0.0, x_t - math.log(curve.FADE_FROM_M))
    riegel = RIEGEL_EXPONENT * (x - x_t) - (log_s - log_s_target[:, None])
    resid = q - share[:, None] * riegel - b0[:, None] * h - curve.SOFT_OFFSET * soft
    scale2 = (base[:, None] * np.where(soft, curve.SOFT_SCALE, 1.0)) ** 2
    cov = _kernel(x, h, x, h)
    cross = _kernel(x, h, x_t, h_t)[:, :, 0]
    trust = np.ones_like(q)
    eye = np.eye(k)
    for _ in range(curve.IRLS_STEPS):
        alpha = _solve(cov + eye * (scale2 / trust)[:, :, None], resid[:, :, None])
        off = alpha[:, :, 0] * scale2 / trust
        trust = (curve.T_DOF + 1.0) / (curve.T_DOF + off**2 / scale2)
    system = cov + eye * (scale2 / trust)[:, :, None]
    solved = _solve(system, np.stack([resid, cross], axis=2))
    alpha, weight = solved[:, :, 0], solved[:, :, 1]
    mean = b0 * h_t[:, 0] + np.sum(weight * resid, axis=1)
    prior = curve.LEVEL_PRIOR_SD**2 + curve.FADE_PRIOR_SD**2 * h_t[:, 0] ** 2 + curve.CURVE_SD**2
    var = np.maximum(prior - np.sum(weight * cross, axis=1), 0.0)
    full = (curve.T_DOF + 1.0) / curve.T_DOF
    return CurveArrays(
        log_grade=np.asarray(mean),
        sd=np.asarray(np.sqrt(var + base**2)),
        weight=np.asarray(weight),
        trust=np.asarray(np.minimum(1.0, trust / full)),
        level_grade=np.asarray(np.exp(-(curve.LEVEL_PRIOR_SD**2) * np.sum(alpha, axis=1))),
        fade=np.asarray(b0 + curve.FADE_PRIOR_SD**2 * np.sum(h * alpha, axis=1)),
    )
