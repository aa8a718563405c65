"""Charts of a run: pace and heart rate against distance.

``html_plot`` gives a self-contained HTML page with inline SVG (no script, no network);
``png_plot`` gives PNG bytes drawn by matplotlib (needed only for PNG). Writing the
file is left to the caller.
"""

from __future__ import annotations

import html
import io

import numpy as np

from miler.activities.model import Activity
from miler.activities.motion import clean_distance, resample_1hz
from miler.errors import ActivityFileError

__all__ = ["html_plot", "png_plot"]

_W, _H, _PAD = 900, 260, 40


def _series(activity: Activity) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    samples = activity.samples
    d = clean_distance(samples)
    if not np.isfinite(d).any():
        d = np.zeros(len(samples))
    _, dd = resample_1hz(samples, d)
    speed = np.convolve(np.diff(dd, prepend=dd[0]), np.ones(15) / 15, mode="same")
    _, hr = resample_1hz(samples, samples.heart_rate_bpm)
    return dd / 1000.0, speed, hr


def _polyline(x: np.ndarray, y: np.ndarray, lo: float, hi: float, colour: str) -> str:
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2 or hi <= lo:
        return ""
    xs = _PAD + (x[ok] - x[ok].min()) / max(float(np.ptp(x[ok])), 1e-9) * (_W - 2 * _PAD)
    ys = _H - _PAD - (np.clip(y[ok], lo, hi) - lo) / (hi - lo) * (_H - 2 * _PAD)
    step = max(1, xs.size // 2000)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(xs[::step], ys[::step], strict=True))
    return f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{points}"/>'


def html_plot(activity: Activity, title: str) -> str:
    """A standalone HTML page with pace (min/km) and heart rate against distance."""
    km, speed, hr = _series(activity)
    pace = np.where(speed > 1.0, 1000.0 / np.maximum(speed, 1e-9) / 60.0, np.nan)
    charts = []
    for label, values, colour in (
        ("pace, min/km (up = faster)", -pace, "#1f77b4"),
        ("heart rate, bpm", hr, "#d62728"),
    ):
        finite = values[np.isfinite(values)]
        if finite.size < 2:
            continue
        lo, hi = float(np.percentile(finite, 1)), float(np.percentile(finite, 99))
        line = _polyline(km, values, lo, hi, colour)
        low_text = f"{abs(lo):.1f}" if "pace" in label else f"{lo:.0f}"
        high_text = f"{abs(hi):.1f}" if "pace" in label else f"{hi:.0f}"
        charts.append(
            f'<h2>{html.escape(label)}</h2><svg xmlns="http://www.w3.org/2000/svg" width="{_W}" '
            f'height="{_H}" role="img" aria-label="{html.escape(label)}">'
            f'<rect width="{_W}" height="{_H}" fill="#fff" stroke="#ccc"/>{line}'
            f'<text x="4" y="{_PAD}" font-size="11">{high_text}</text>'
            f'<text x="4" y="{_H - _PAD}" font-size="11">{low_text}</text>'
            f'<text x="{_W - _PAD}" y="{_H - 8}" font-size="11">'
            f"{float(np.nanmax(km)):.2f} km</text></svg>"
        )
    body = "".join(charts) or "<p>No pace or heart-rate data to plot.</p>"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body style='font-family:sans-serif'>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>\n"
    )


def png_plot(activity: Activity, title: str) -> bytes:
    """A PNG chart with matplotlib (required only for PNG output)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ActivityFileError(
            "a PNG plot needs matplotlib (pip install matplotlib); use --plot out.html instead"
        ) from None
    km, speed, hr = _series(activity)
    pace = np.where(speed > 1.0, 1000.0 / np.maximum(speed, 1e-9) / 60.0, np.nan)
    fig, axes = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    axes[0].plot(km, pace, color="#1f77b4", linewidth=1)
    axes[0].invert_yaxis()
    axes[0].set_ylabel("pace, min/km")
    axes[1].plot(km, hr, color="#d62728", linewidth=1)
    axes[1].set_ylabel("heart rate, bpm")
    axes[1].set_xlabel("distance, km")
    fig.suptitle(title)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return buffer.getvalue()
