"""Printable plans: Markdown, self-contained HTML and PDF, a week per page, with rep
target times, paces per 400 m on the track and per km/mi on the road, HR and effort."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from export.plans import easy_run, full_plan, ladder, power, quality_sections, strength
from miler.export.document import (
    plan_to_html,
    plan_to_markdown,
    plan_to_pdf,
    plan_to_pdf_bytes,
)
from miler.plan.model import Plan, Week


@pytest.fixture(scope="module")
def plan() -> Plan:
    return full_plan()


def _busy_week_plan(plan: Plan) -> Plan:
    """One week of seven long sessions, to prove a full week still fits one page."""
    sessions = (
        quality_sections(1),
        strength(1, "tue"),
        power(1),
        ladder(1),
        strength(1, "fri"),
        easy_run(1, "sat", 40),
        easy_run(1, "sun", 60, long=True),
    )
    sessions = tuple(
        s.model_copy(update={"id": f"{s.id}-{i}", "notes": "a long note " * 12})
        for i, s in enumerate(sessions)
    )
    week = Week(index=1, start_date=plan.start_date, phase="build", sessions=sessions)
    return plan.model_copy(update={"weeks": (week,)})


def test_markdown_has_a_section_per_week_with_paces(plan: Plan) -> None:
    text = plan_to_markdown(plan)
    assert text.count("\n## Week ") == len(plan.weeks)
    assert "- 400 m: 400 m in 1:29.5 · 1:29–1:30/400 m" in text
    assert "200 m: 200 m in 44.7 s" in text
    assert "Easy run: 30:00 · 5:03–5:45/km · 8:08–9:15/mi · HR ≤146 · RPE 2–4" in text
    assert "Mile time trial: 1 mile in 6:10.8" in text
    assert "laps: 409.3 m 1:34.3, 400 m 1:32.2" in text
    assert "Hill sprint: 10 s · RPE 9–10 · hill 8%" in text
    assert "Box jumps: 3 × 5 · rest 1:30 · low intensity · 15 contacts" in text


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def test_html_is_self_contained_and_prints_a_week_per_page(plan: Plan) -> None:
    page = plan_to_html(plan)
    checker = _Checker()
    checker.feed(page)
    assert checker.stack == []
    names = [tag for tag, _ in checker.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert "http" not in page and "url(" not in page and "@import" not in page
    weeks = [
        a for tag, a in checker.tags if tag == "section" and "week" in str(a.get("class")).split()
    ]
    assert len(weeks) == len(plan.weeks)
    assert "break-after: page" in page and "page-break-after: always" in page
    assert "400 m: 400 m in 1:29.5 · 1:29–1:30/400 m" in page


def test_html_prints_a_crowded_week_in_two_columns(plan: Plan) -> None:
    page = plan_to_html(_busy_week_plan(plan))
    assert '<section class="week two" id="week-1">' in page
    assert "column-count: 2" in page


def _pages(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_pdf_has_a_cover_and_one_page_per_week(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    plan_to_pdf(plan, path)
    pages = _pages(path.read_bytes())
    # the cover, the three weeks at a glance on one page, then a page per week
    assert len(pages) == 2 + len(plan.weeks)
    assert "Training plan: 6:00.0 for the mile" in pages[0]
    assert "At a glance: the whole plan" in pages[1]
    week1 = pages[2]
    assert "Week 1 — base" in week1
    assert "Tue 6 Jan · 4 x 400 m" in week1
    assert "400 m in 1:29.5" in week1
    assert "HR ≤146" in week1
    assert "Week 2" in pages[3] and "Mile time trial" in pages[3]


def test_a_crowded_week_still_fits_one_page(plan: Plan) -> None:
    pages = _pages(plan_to_pdf_bytes(_busy_week_plan(plan)))
    assert len(pages) == 3  # cover, at a glance, the week
    assert "Hill and parachute sprints" in pages[2]


def test_pdf_without_unicode_font_falls_back_to_latin1(plan: Plan) -> None:
    pages = _pages(plan_to_pdf_bytes(plan, font_dirs=()))
    assert len(pages) == 2 + len(plan.weeks)
    assert "400 m in 1:29.5 | 1:29-1:30/400 m" in pages[2]
    assert "HR <=146" in pages[2]
