"""Issue 12, a plan for the fridge: the plan at a glance (day, session, main set and
target) in 10 pt or larger, on A4 and Letter, before the detailed week pages, in the PDF and
the HTML; and the HTML prints as it claims, checked by printing it from Chromium."""

from __future__ import annotations

import functools
import io
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest

from export.plans import full_plan
from miler.export.document import PAPER_SIZES, plan_to_html, plan_to_pdf_bytes
from miler.plan.model import Plan

CHROMIUM = Path("/usr/bin/chromium")
MM_PER_PT = 25.4 / 72


def _generated() -> list[Plan]:
    generate = pytest.importorskip("miler.planning.generate")
    return _made(generate)


@functools.cache
def _made(generate: Any) -> list[Plan]:
    from export.test_generated_plan import REQUESTS

    return [generate.generate_plan(request) for request in REQUESTS.values()]


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _font_sizes(page: pypdf.PageObject) -> set[float]:
    sizes: set[float] = set()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.add(round(size * abs(tm[3]) * abs(cm[3]) if tm[3] and cm[3] else size, 2))

    page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_glance_pages_come_before_the_weeks_in_ten_point_type_or_larger(paper: str) -> None:
    for plan in [full_plan(), *_generated()]:
        data = plan_to_pdf_bytes(plan, paper=paper)
        reader = pypdf.PdfReader(io.BytesIO(data))
        width, height = PAPER_SIZES[paper]
        box = reader.pages[0].mediabox
        assert float(box.width) * MM_PER_PT == pytest.approx(width, abs=0.5)
        assert float(box.height) * MM_PER_PT == pytest.approx(height, abs=0.5)
        texts = [page.extract_text() for page in reader.pages]
        glance = [i for i, text in enumerate(texts) if text.startswith("At a glance")]
        assert glance == list(range(1, 1 + len(glance)))  # right after the cover
        assert len(texts) == 1 + len(glance) + len(plan.weeks)
        for index in glance:
            assert min(_font_sizes(reader.pages[index])) >= 10
        # every session is on a glance page, with its day and its main set
        shown = "\n".join(texts[i] for i in glance)
        for session in plan.sessions():
            assert f"{session.date.day} {session.date.strftime('%b')}" in shown
        weeks_start = texts[1 + len(glance)]
        assert weeks_start.startswith("Week 1")


def test_a_short_plan_fits_on_one_glance_page_and_a_long_one_goes_by_month() -> None:
    short = _texts(plan_to_pdf_bytes(full_plan()))
    assert short[1].startswith("At a glance: the whole plan")
    assert "4 × 400 m in 1:29.5; recover 3:00" in short[1]
    assert "4 × 200 m in 44.7 s, 2 × 400 m in 1:29.5" in short[1]
    for plan in _generated():
        texts = _texts(plan_to_pdf_bytes(plan))
        titles = [t.splitlines()[0] for t in texts if t.startswith("At a glance")]
        months = {s.date.strftime("%B %Y") for s in plan.sessions()}
        assert {t.removeprefix("At a glance: ").split(" (")[0] for t in titles} == months


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_html_glance_pages_list_every_session_in_ten_point_type(paper: str) -> None:
    for plan in [full_plan(), *_generated()]:
        page = plan_to_html(plan, paper)
        assert f"@page {{ size: {paper.lower()}; margin: 12mm; }}" in page
        assert "section.glance { font-size: 10pt; }" in page
        glance = page[page.index('<section class="glance">') : page.index('class="week')]
        assert glance.count("<tr><td>") == sum(1 for _ in plan.sessions())


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.is_file() and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_html_prints_the_cover_the_glance_pages_and_a_week_per_page(chromium, paper) -> None:
    """Printed from Chromium, the HTML has exactly the pages it lays out: the cover, its
    glance pages, one page per week (it used to print 25 pages for 12 weeks), on the
    chosen paper."""
    page = chromium.new_page()
    try:
        for plan in [full_plan(), *_generated()]:
            html = plan_to_html(plan, paper)
            page.set_content(html)
            printed = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
            glance = html.count('<section class="glance">')
            assert glance >= 1
            assert len(printed.pages) == 1 + glance + len(plan.weeks), plan.plan_id
            width, height = PAPER_SIZES[paper]
            box = printed.pages[0].mediabox
            assert float(box.width) * MM_PER_PT == pytest.approx(width, abs=1)
            assert float(box.height) * MM_PER_PT == pytest.approx(height, abs=1)
            texts = [p.extract_text() for p in printed.pages]
            assert texts[1].startswith("At a glance")
            for index, week in enumerate(plan.weeks, start=1 + glance):
                assert texts[index].startswith(f"Week {week.index} "), (index, texts[index][:40])
    finally:
        page.close()
