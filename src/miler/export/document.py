"""The plan on paper: Markdown, HTML and PDF, at a glance and then a week per page.

First a plan for the fridge: one page for the whole plan, or one per month when it does
not fit (a month too long is split by weeks), each day with its session and the session's
main set and target (:func:`miler.export.describe.main_set_text`) in 10 pt type. Then the
detail, readable at the track: each session with its blocks and steps, rep target times,
paces per 400 m for track reps and per km and per mile elsewhere, heart-rate ranges and
effort, a week per page (a long week in two columns of smaller type rather than spilling
onto a second page). Paper is A4 or US Letter.

The HTML is one self-contained file (inline CSS, no fonts or scripts to fetch) that prints
the same pages: the cover, the at-a-glance pages, a week per page. Its pagination and each
week's layout are measured with the PDF's type metrics, with room to spare for a browser's
own line breaking.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from miler.export.describe import main_set_text, pace_range_text, session_lines, session_notes
from miler.plan.model import Plan, Session, Week
from miler.units import event_name, format_time

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = [
    "FONT_DIRS",
    "PAPER_SIZES",
    "glance_pages",
    "is_miler_html",
    "is_miler_markdown",
    "is_miler_pdf",
    "plan_to_html",
    "plan_to_markdown",
    "plan_to_pdf",
    "plan_to_pdf_bytes",
]

#: Where a Unicode TrueType font (DejaVu Sans, Debian's fonts-dejavu-core) is looked for.
#: Without one the PDF uses a core font and Latin-1 text.
FONT_DIRS: Final = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)
#: (columns, type size in pt) tried in turn until a week fits its page.
_PDF_LAYOUTS: Final = (
    (1, 11.0),
    (1, 10.0),
    (1, 9.0),
    (2, 9.0),
    (2, 8.0),
    (2, 7.0),
    (2, 6.5),
    (2, 6.0),
    (2, 5.5),
    (2, 5.0),
)
#: Paper sizes (width, height) in mm: ISO A4 and US Letter (8.5 x 11 in).
PAPER_SIZES: Final[dict[str, tuple[float, float]]] = {
    "A4": (210.0, 297.0),
    "Letter": (215.9, 279.4),
}
#: The at-a-glance pages' type size: pinned up, read from a step away.
GLANCE_PT: Final = 10.0
#: Share of a page the HTML fills by the PDF's measure: a browser breaks lines its own way.
_HTML_FILL: Final = 0.8
_GLANCE_COLUMNS_MM: Final = (26.0, 58.0)  # day, session; the main set takes the rest
_MARGIN_MM: Final = 12.0
_GUTTER_MM: Final = 6.0
_INDENT_MM: Final = 4.0
_LINE_FACTOR: Final = 0.45  # line height in mm per pt of type
_MEASURE_PT: Final = 10.0
_LATIN1: Final = {
    "–": "-",
    "—": "-",
    "×": "x",
    "≤": "<=",
    "≥": ">=",
    "·": "|",
    "’": "'",
    "…": "...",
    "≈": "~",
}


_GENERATOR: Final = "miler"
_TITLE_START: Final = "Training plan: "


def is_miler_markdown(data: bytes) -> bool:
    """Whether ``data`` is a Markdown plan miler wrote (it opens with the plan's title)."""
    return data.startswith(f"# {_TITLE_START}".encode())


def is_miler_html(data: bytes) -> bool:
    """Whether ``data`` is an HTML plan miler wrote (its generator, or its title)."""
    return (
        f'<meta name="generator" content="{_GENERATOR}">'.encode() in data
        or f"<title>{_TITLE_START}".encode() in data
    )


def is_miler_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF miler wrote (its creator)."""
    return data.startswith(b"%PDF") and f"/Creator ({_GENERATOR})".encode() in data


@dataclass(frozen=True)
class _Heading:
    title: str
    lines: tuple[str, ...]


def _date_text(session: Session) -> str:
    return f"{session.day.capitalize()} {session.date.day} {session.date.strftime('%b')}"


def _week_title(week: Week) -> str:
    last = week.start_date + dt.timedelta(days=6)
    deload = ", deload" if week.deload else ""
    return (
        f"Week {week.index} — {week.phase}{deload} "
        f"({week.start_date.day} {week.start_date.strftime('%b')} – "
        f"{last.day} {last.strftime('%b %Y')})"
    )


def _session_title(session: Session) -> str:
    return f"{_date_text(session)} · {session.name}"


def _session_subtitle(session: Session) -> str:
    parts = [session.purpose] if session.purpose else []
    if session.location != "any":
        parts.append(session.location)
    if session.needs_track:
        parts.append("needs a track")
    return " · ".join(parts)


def _cover(plan: Plan) -> _Heading:
    goal = plan.goal
    paces = plan.paces
    athlete = plan.athlete
    who = ", ".join(part for part in (athlete.name, athlete.level) if part)
    goal_pace = pace_range_text(paces.goal_mile_speed_mps, paces.goal_mile_speed_mps, True)
    goal_road = pace_range_text(paces.goal_mile_speed_mps, paces.goal_mile_speed_mps, False)
    easy = pace_range_text(paces.easy_speed_low_mps, paces.easy_speed_high_mps, False)
    lines = [
        f"Athlete: {who}",
        f"Goal: {goal.type.value.replace('_', ' ')} {format_time(goal.time_s, 1)}"
        + (f" on {goal.race_date.isoformat()}" if goal.race_date else ""),
        f"Current best mile: {format_time(plan.assessment.current_mile_s, 1)}"
        + (" (estimated)" if plan.assessment.current_mile_estimated else ""),
        f"Goal pace: {goal_pace} · {goal_road}",
        f"Easy pace: {easy}",
        f"HRmax: {round(paces.hr_max_bpm)} bpm ({paces.hr_max_source})",
        f"Weeks: {len(plan.weeks)}, from {plan.start_date.isoformat()}",
        *plan.notes,
    ]
    title = f"{_TITLE_START}{format_time(goal.time_s, 1)} for {_goal_event(plan)}"
    return _Heading(title=title, lines=tuple(lines))


def _goal_event(plan: Plan) -> str:
    name = event_name(plan.goal.distance_m)
    return "the mile" if name == "mile" else name


# --- Markdown ---

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def plan_to_markdown(plan: Plan) -> str:
    """The plan as Markdown: a cover section, then one section per week split by rules."""
    cover = _cover(plan)
    out = [f"# {_md(cover.title)}", ""]
    out.extend(f"- {_md(line)}" for line in cover.lines)
    for week in plan.weeks:
        out += ["", "---", "", f"## {_md(_week_title(week))}", ""]
        if week.notes:
            out += [_md(week.notes), ""]
        for session in week.sessions:
            out += [f"### {_md(_session_title(session))}", ""]
            subtitle = _session_subtitle(session)
            if subtitle:
                out += [f"*{_md(subtitle)}*", ""]
            for depth, text in session_lines(session):
                line = f"**{_md(text)}**" if depth == 0 else _md(text)
                out.append(f"{'  ' * depth}- {line}")
            notes = session_notes(session)
            if notes:
                out += ["", *(f"> {_md(note)}" for note in notes)]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- at a glance ---


@dataclass(frozen=True)
class GlancePage:
    """One at-a-glance page: its title and its rows (day, session, main set and target)."""

    title: str
    rows: tuple[tuple[str, str, str], ...]


def _glance_row(session: Session) -> tuple[str, str, str]:
    return (_date_text(session), session.name, main_set_text(session))


def _month_title(day: dt.date) -> str:
    return day.strftime("%B %Y")


def glance_pages(
    plan: Plan, fits: Callable[[list[tuple[str, str, str]]], bool]
) -> list[GlancePage]:
    """The plan at a glance, page by page: the whole plan on one page when ``fits`` says
    its rows fit, else a page per calendar month, a month that does not fit split by weeks
    (and a week that does not fit by sessions)."""
    sessions = list(plan.sessions())
    rows = [_glance_row(session) for session in sessions]
    if fits(rows):
        return [GlancePage("At a glance: the whole plan", tuple(rows))]
    months: dict[tuple[int, int], list[Session]] = {}
    for session in sessions:
        months.setdefault((session.date.year, session.date.month), []).append(session)
    pages: list[GlancePage] = []
    for month_sessions in months.values():
        title = f"At a glance: {_month_title(month_sessions[0].date)}"
        chunks = _split(month_sessions, fits)
        for number, chunk in enumerate(chunks, start=1):
            suffix = f" ({number} of {len(chunks)})" if len(chunks) > 1 else ""
            pages.append(GlancePage(title + suffix, tuple(_glance_row(s) for s in chunk)))
    return pages


def _split(
    sessions: list[Session], fits: Callable[[list[tuple[str, str, str]]], bool]
) -> list[list[Session]]:
    """``sessions`` in pages that fit: whole weeks where possible."""
    weeks: dict[int, list[Session]] = {}
    for session in sessions:
        weeks.setdefault(session.week, []).append(session)
    pages: list[list[Session]] = [[]]
    for week_sessions in weeks.values():
        for unit in (
            [week_sessions]
            if fits([_glance_row(s) for s in week_sessions])
            else [[s] for s in week_sessions]
        ):
            candidate = pages[-1] + unit
            if pages[-1] and not fits([_glance_row(s) for s in candidate]):
                pages.append(list(unit))
            else:
                pages[-1] = candidate
    return [page for page in pages if page]


# --- HTML ---

_CSS: Final = """
@page { size: %(paper)s; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, Arial, Helvetica, sans-serif; font-size: 11pt;
       line-height: 1.3; color: #000; background: #fff; margin: 0 auto; max-width: 48em;
       padding: 1em; }
h1 { font-size: 18pt; margin: 0 0 .5em; }
h2 { font-size: calc(1em + 4pt); margin: 0 0 .4em; border-bottom: 2px solid #000; }
h3 { font-size: calc(1em + 1pt); margin: .6em 0 .1em; }
.sub { font-style: italic; margin: 0 0 .2em; }
ul { margin: .1em 0 .1em 1.2em; padding: 0; }
li.block { font-weight: bold; list-style: none; margin-left: -1.2em; }
li.block > ul { font-weight: normal; }
blockquote { margin: .2em 0 .2em 1em; font-size: calc(1em - 0.5pt); }
section { break-after: page; page-break-after: always; }
section:last-of-type { break-after: auto; page-break-after: auto; }
article { break-inside: avoid; page-break-inside: avoid; }
section.glance { font-size: %(glance)spt; }
section.glance h2 { font-size: 14pt; }
table.glance { border-collapse: collapse; width: 100%%; }
table.glance th, table.glance td { text-align: left; vertical-align: top; padding: 1pt 3pt;
  border-bottom: 0.5pt solid #888; }
table.glance td:first-child { white-space: nowrap; }
@media screen { section { border-bottom: 1px dashed #888; padding-bottom: 1em; } }
@media print {
  body { max-width: none; padding: 0; }
  section.two { column-count: 2; column-gap: 6mm; }
  section.two h2 { column-span: all; }
%(weeks)s
}
"""


def _html_steps(lines: list[tuple[int, str]]) -> str:
    """Nested lists from (depth, text) lines; depth-0 lines are block headings."""
    out: list[str] = ["<ul>"]
    depth_now = 0
    for index, (depth, text) in enumerate(lines):
        while depth_now > depth:
            out.append("</li></ul>")
            depth_now -= 1
        if index and depth_now == depth:
            out.append("</li>")
        if depth > depth_now:
            out.append("<ul>")
            depth_now = depth
        css = ' class="block"' if depth == 0 else ""
        out.append(f"<li{css}>{html.escape(text)}")
    while depth_now > 0:
        out.append("</li></ul>")
        depth_now -= 1
    out.append("</li></ul>" if lines else "</ul>")
    return "".join(out)


def _html_session(session: Session) -> str:
    parts = [f"<article><h3>{html.escape(_session_title(session))}</h3>"]
    subtitle = _session_subtitle(session)
    if subtitle:
        parts.append(f'<p class="sub">{html.escape(subtitle)}</p>')
    parts.append(_html_steps(session_lines(session)))
    parts.extend(f"<blockquote>{html.escape(n)}</blockquote>" for n in session_notes(session))
    parts.append("</article>")
    return "".join(parts)


def _html_glance(page: GlancePage) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in page.rows
    )
    return (
        f'<section class="glance"><h2>{html.escape(page.title)}</h2><table class="glance">'
        "<thead><tr><th>Day</th><th>Session</th><th>Main set and target</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def plan_to_html(plan: Plan, paper: str = "A4") -> str:
    """The plan as one self-contained HTML page that prints, offline, on ``paper`` (A4 or
    Letter): the cover, the plan at a glance, then a week per page."""
    cover = _cover(plan)
    writer = _PdfWriter(_find_fonts(FONT_DIRS), paper)
    body = [
        f'<section class="cover"><h1>{html.escape(cover.title)}</h1><ul>',
        *(f"<li>{html.escape(line)}</li>" for line in cover.lines),
        "</ul></section>",
    ]
    body.extend(
        _html_glance(page)
        for page in glance_pages(plan, lambda r: writer.glance_fits(r, _HTML_FILL))
    )
    week_css = []
    for week in plan.weeks:
        columns, size = writer.week_layout(week, _HTML_FILL)[:2]
        css = "week two" if columns == 2 else "week"
        week_css.append(f"  #week-{week.index} {{ font-size: {size:g}pt; }}")
        title = html.escape(_week_title(week))
        body.append(f'<section class="{css}" id="week-{week.index}"><h2>{title}</h2>')
        if week.notes:
            body.append(f"<p>{html.escape(week.notes)}</p>")
        body.extend(_html_session(session) for session in week.sessions)
        body.append("</section>")
    joined = "\n".join(body)
    style = _CSS % {
        "paper": _paper(paper).lower(),
        "glance": f"{GLANCE_PT:g}",
        "weeks": "\n".join(week_css),
    }
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{_GENERATOR}">\n'
        f"<title>{html.escape(cover.title)}</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n{joined}\n</body>\n</html>\n"
    )


# --- PDF ---


def _paper(paper: str) -> str:
    """The paper size's name as :data:`PAPER_SIZES` has it (``a4`` -> ``A4``)."""
    from miler.errors import InvalidInputError

    for name in PAPER_SIZES:
        if name.lower() == paper.lower():
            return name
    raise InvalidInputError(f"unknown paper size {paper!r}: use A4 or Letter")


def _find_fonts(font_dirs: tuple[Path, ...]) -> tuple[Path, Path] | None:
    for folder in font_dirs:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class _PdfWriter:
    """Draws the plan with fpdf2, in DejaVu Sans if present, else Helvetica and Latin-1.

    A week goes on one page: in one column at the largest type that fits, else in two
    columns, shrinking the type only as far as needed.
    """

    def __init__(self, fonts: tuple[Path, Path] | None, paper: str = "A4") -> None:
        from fpdf import FPDF

        self.pdf: FPDF = FPDF(orientation="portrait", unit="mm", format=PAPER_SIZES[_paper(paper)])
        self.pdf.set_margins(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM)
        # a week never spills over: its layout is chosen to fit before it is drawn
        self.pdf.set_auto_page_break(auto=False)
        self.unicode = fonts is not None
        if fonts is not None:
            self.pdf.add_font("DejaVu", "", str(fonts[0]))
            self.pdf.add_font("DejaVu", "B", str(fonts[1]))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self._widths: dict[tuple[str, bool], tuple[tuple[float, ...], float]] = {}

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        for char, plain in _LATIN1.items():
            value = value.replace(char, plain)
        return value.encode("latin-1", errors="replace").decode("latin-1")

    def _word_widths(self, row: _Row) -> tuple[tuple[float, ...], float]:
        """Widths (mm) of the row's words and of a space, in 1 pt type: text width
        scales with type size, so a layout is measured without setting any text."""
        key = (row.text, row.bold)
        if key not in self._widths:
            self.pdf.set_font(self.family, "B" if row.bold else "", _MEASURE_PT)
            words = tuple(
                self.pdf.get_string_width(word) / _MEASURE_PT
                for word in self.text(row.text).split(" ")
            )
            self._widths[key] = (words, self.pdf.get_string_width(" ") / _MEASURE_PT)
        return self._widths[key]

    def height(self, row: _Row, size: float, width: float) -> float:
        """The height (mm) of ``row`` in ``size`` pt type across ``width`` mm, wrapping at
        spaces as fpdf2 does, with its cell margins."""
        type_size = size + row.size_delta
        room = width - row.indent - 2 * self.pdf.c_margin
        words, space = self._word_widths(row)
        lines, used = 1, 0.0
        for word in words:
            word_mm = word * type_size
            if used and used + space * type_size + word_mm > room:
                lines += 1
                used = 0.0
            if used:
                used += space * type_size
            lines += int(word_mm // room) if word_mm > room else 0
            used += word_mm % room if word_mm > room else word_mm
        return lines * type_size * _LINE_FACTOR + row.space_before

    def row(self, row: _Row, size: float, x: float, width: float) -> None:
        """Draw ``row`` in ``size`` pt type at ``x`` across ``width`` mm."""
        from fpdf.enums import XPos, YPos

        pdf = self.pdf
        type_size = size + row.size_delta
        pdf.set_font(self.family, "B" if row.bold else "", type_size)
        pdf.set_y(pdf.get_y() + row.space_before)
        pdf.set_x(x + row.indent)
        pdf.multi_cell(
            width - row.indent,
            type_size * _LINE_FACTOR,
            self.text(row.text),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def cover(self, cover: _Heading) -> None:
        self.pdf.add_page()
        rows = [_Row(cover.title, 8, True)] + [
            _Row(line, 1, space_before=1.5) for line in cover.lines
        ]
        for row in rows:
            self.row(row, 10, self.pdf.l_margin, self.pdf.epw)

    # -- at a glance --

    def _glance_widths(self) -> tuple[float, float, float]:
        day, name = _GLANCE_COLUMNS_MM
        return (day, name, self.pdf.epw - day - name)

    def _glance_row_height(self, cells: tuple[str, str, str], bold: bool = False) -> float:
        return _GLANCE_PAD_MM + max(
            self.height(_Row(text, 0, bold), GLANCE_PT, width)
            for text, width in zip(cells, self._glance_widths(), strict=True)
        )

    def _glance_title_height(self) -> float:
        return self.height(_Row("At a glance", 4, True), GLANCE_PT, self.pdf.epw) + 2

    def glance_fits(self, rows: list[tuple[str, str, str]], fill: float = 1.0) -> bool:
        """Whether ``rows`` (and the title and header) fit one page, ``fill`` of it."""
        available = (self.pdf.h - 2 * _MARGIN_MM) * fill
        used = self._glance_title_height() + self._glance_row_height(_GLANCE_HEADER, True)
        for row in rows:
            used += self._glance_row_height(row)
            if used > available:
                return False
        return True

    def glance(self, page: GlancePage) -> None:
        pdf = self.pdf
        pdf.add_page()
        self.row(_Row(page.title, 4, True), GLANCE_PT, pdf.l_margin, pdf.epw)
        pdf.set_y(pdf.get_y() + 2)
        for cells, bold in [(_GLANCE_HEADER, True), *((row, False) for row in page.rows)]:
            top = pdf.get_y()
            height = self._glance_row_height(cells, bold)
            x = pdf.l_margin
            for text, width in zip(cells, self._glance_widths(), strict=True):
                pdf.set_xy(x, top + _GLANCE_PAD_MM / 2)
                self.row(_Row(text, 0, bold), GLANCE_PT, x, width)
                x += width
            pdf.set_draw_color(136)
            pdf.line(pdf.l_margin, top + height, pdf.l_margin + pdf.epw, top + height)
            pdf.set_y(top + height)

    # -- the weeks --

    def _layout(
        self, heights: list[list[float]], top: float, columns: int, fill: float
    ) -> list[list[int]] | None:
        """Sessions per column, or None if they do not fit ``columns`` columns."""
        available = (self.pdf.h - _MARGIN_MM - top) * fill
        packed: list[list[int]] = [[]]
        used = 0.0
        for index, session_rows in enumerate(heights):
            height = sum(session_rows)
            if height > available:
                return None
            if used + height > available:
                if len(packed) == columns:
                    return None
                packed.append([])
                used = 0.0
            packed[-1].append(index)
            used += height
        return packed

    def _height(self, rows: list[_Row], size: float, width: float) -> list[float]:
        return [self.height(row, size, width) for row in rows]

    def week_layout(
        self, week: Week, fill: float = 1.0
    ) -> tuple[int, float, list[list[int]], float, float]:
        """(columns, type size, sessions per column, top, column width) for ``week``: the
        first layout of :data:`_PDF_LAYOUTS` that fits ``fill`` of the page."""
        pdf = self.pdf
        header = _week_rows(week)
        sessions = [_session_rows(session) for session in week.sessions]
        for columns, size in _PDF_LAYOUTS:
            top = pdf.t_margin + sum(self._height(header, size, pdf.epw))
            width = (pdf.epw - _GUTTER_MM * (columns - 1)) / columns
            heights = [self._height(rows, size, width) for rows in sessions]
            packed = self._layout(heights, top, columns, fill)
            if packed is not None:
                return columns, size, packed, top, width
        return columns, size, [list(range(len(sessions)))], top, width

    def week(self, week: Week) -> None:
        pdf = self.pdf
        pdf.add_page()
        _, size, packed, top, width = self.week_layout(week)
        for row in _week_rows(week):
            self.row(row, size, pdf.l_margin, pdf.epw)
        sessions = [_session_rows(session) for session in week.sessions]
        for column, indices in enumerate(packed):
            x = pdf.l_margin + column * (width + _GUTTER_MM)
            pdf.set_y(top)
            for index in indices:
                for row in sessions[index]:
                    self.row(row, size, x, width)


_GLANCE_HEADER: Final = ("Day", "Session", "Main set and target")
_GLANCE_PAD_MM: Final = 1.4


@dataclass(frozen=True)
class _Row:
    """One paragraph of the PDF: its text, type size relative to the week's, weight,
    indent and the space above it (mm)."""

    text: str
    size_delta: float = 0.0
    bold: bool = False
    indent: float = 0.0
    space_before: float = 0.0


def _week_rows(week: Week) -> list[_Row]:
    rows = [_Row(_week_title(week), 4, True)]
    if week.notes:
        rows.append(_Row(week.notes, 0, space_before=1))
    return rows


def _session_rows(session: Session) -> list[_Row]:
    rows = [_Row(_session_title(session), 1, True, space_before=3)]
    subtitle = _session_subtitle(session)
    if subtitle:
        rows.append(_Row(subtitle))
    rows.extend(
        _Row(text, 0, depth == 0, _INDENT_MM * depth) for depth, text in session_lines(session)
    )
    rows.extend(_Row(note, -0.5, False, _INDENT_MM) for note in session_notes(session))
    return rows


def plan_to_pdf_bytes(
    plan: Plan, font_dirs: tuple[Path, ...] = FONT_DIRS, paper: str = "A4"
) -> bytes:
    """The PDF of the plan (see :func:`plan_to_pdf`) as bytes on ``paper`` (A4 or Letter);
    ``font_dirs`` are searched for DejaVu Sans (none found: a core font and Latin-1 text)."""
    cover = _cover(plan)
    writer = _PdfWriter(_find_fonts(font_dirs), paper)
    writer.pdf.set_title(cover.title)
    writer.pdf.set_creator(_GENERATOR)
    writer.pdf.set_creation_date(dt.datetime.combine(plan.created, dt.time(0, 0), tzinfo=dt.UTC))
    writer.cover(cover)
    for page in glance_pages(plan, writer.glance_fits):
        writer.glance(page)
    for week in plan.weeks:
        writer.week(week)
    return bytes(writer.pdf.output())


def plan_to_pdf(plan: Plan, path: Path, paper: str = "A4") -> None:
    """Write the plan as a PDF to ``path``: a cover page, the plan at a glance, then one
    page per week.

    The file is written whole or not at all (see :mod:`miler.export.atomic`).
    """
    from miler.export.atomic import write_atomic

    write_atomic(path, plan_to_pdf_bytes(plan, paper=paper))
