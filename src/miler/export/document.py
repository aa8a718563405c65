"""The plan on paper: Markdown, HTML and PDF, a week per page.

Readable at the track: each session with its blocks and steps, rep target times,
paces per 400 m for track reps and per km and per mile elsewhere, heart-rate ranges and
effort. The HTML is one self-contained file (inline CSS, no fonts or scripts to fetch)
that prints a week per page; the PDF has a cover page and then exactly one page per
week, shrinking the type of a long week rather than spilling it onto a second page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from miler.export.describe import pace_range_text, session_lines, session_notes
from miler.plan.model import Plan, Session, Week
from miler.units import event_name, format_time

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = [
    "FONT_DIRS",
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
_MARGIN_MM: Final = 12.0
_GUTTER_MM: Final = 6.0
_INDENT_MM: Final = 4.0
_LINE_FACTOR: Final = 0.45  # line height in mm per pt of type
_MEASURE_PT: Final = 10.0
#: Beyond this many lines a week prints in two columns of smaller type in the HTML.
_HTML_ONE_COLUMN_ROWS: Final = 70
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


# --- HTML ---

_CSS: Final = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, Arial, Helvetica, sans-serif; font-size: 11pt;
       line-height: 1.35; color: #000; background: #fff; margin: 0 auto; max-width: 48em;
       padding: 1em; }
h1 { font-size: 18pt; margin: 0 0 .5em; }
h2 { font-size: 15pt; margin: 0 0 .4em; border-bottom: 2px solid #000; }
h3 { font-size: 12pt; margin: .8em 0 .1em; }
.sub { font-style: italic; margin: 0 0 .2em; }
ul { margin: .1em 0 .1em 1.2em; padding: 0; }
li.block { font-weight: bold; list-style: none; margin-left: -1.2em; }
li.block > ul { font-weight: normal; }
blockquote { margin: .2em 0 .2em 1em; font-size: 10pt; }
section { break-after: page; page-break-after: always; }
section:last-of-type { break-after: auto; page-break-after: auto; }
article { break-inside: avoid; page-break-inside: avoid; }
@media screen { section { border-bottom: 1px dashed #888; padding-bottom: 1em; } }
@media print {
  body { max-width: none; padding: 0; }
  section.crowded { column-count: 2; column-gap: 6mm; font-size: 8.5pt; }
  section.crowded h2 { column-span: all; }
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


def plan_to_html(plan: Plan) -> str:
    """The plan as one self-contained HTML page that prints a week per page, offline."""
    cover = _cover(plan)
    body = [
        f'<section class="cover"><h1>{html.escape(cover.title)}</h1><ul>',
        *(f"<li>{html.escape(line)}</li>" for line in cover.lines),
        "</ul></section>",
    ]
    for week in plan.weeks:
        rows = sum(len(_session_rows(session)) for session in week.sessions)
        css = "week crowded" if rows > _HTML_ONE_COLUMN_ROWS else "week"
        body.append(f'<section class="{css}"><h2>{html.escape(_week_title(week))}</h2>')
        if week.notes:
            body.append(f"<p>{html.escape(week.notes)}</p>")
        body.extend(_html_session(session) for session in week.sessions)
        body.append("</section>")
    joined = "\n".join(body)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{_GENERATOR}">\n'
        f"<title>{html.escape(cover.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{joined}\n</body>\n</html>\n"
    )


# --- PDF ---


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

    def __init__(self, fonts: tuple[Path, Path] | None) -> None:
        from fpdf import FPDF

        self.pdf: FPDF = FPDF(orientation="portrait", unit="mm", format="A4")
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

    def _layout(
        self, heights: list[list[float]], top: float, columns: int
    ) -> list[list[int]] | None:
        """Sessions per column, or None if they do not fit ``columns`` columns."""
        available = self.pdf.h - _MARGIN_MM - top
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

    def week(self, week: Week) -> None:
        pdf = self.pdf
        pdf.add_page()
        header = _week_rows(week)
        sessions = [_session_rows(session) for session in week.sessions]
        packed: list[list[int]] | None = None
        for columns, size in _PDF_LAYOUTS:
            top = pdf.t_margin + sum(self._height(header, size, pdf.epw))
            width = (pdf.epw - _GUTTER_MM * (columns - 1)) / columns
            heights = [self._height(rows, size, width) for rows in sessions]
            packed = self._layout(heights, top, columns)
            if packed is not None:
                break
        for row in header:
            self.row(row, size, pdf.l_margin, pdf.epw)
        for column, indices in enumerate(packed or [list(range(len(sessions)))]):
            x = pdf.l_margin + column * (width + _GUTTER_MM)
            pdf.set_y(top)
            for index in indices:
                for row in sessions[index]:
                    self.row(row, size, x, width)


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


def plan_to_pdf_bytes(plan: Plan, font_dirs: tuple[Path, ...] = FONT_DIRS) -> bytes:
    """The PDF of the plan (see :func:`plan_to_pdf`) as bytes; ``font_dirs`` are searched
    for DejaVu Sans (none found: a core font and Latin-1 text)."""
    cover = _cover(plan)
    writer = _PdfWriter(_find_fonts(font_dirs))
    writer.pdf.set_title(cover.title)
    writer.pdf.set_creator(_GENERATOR)
    writer.pdf.set_creation_date(dt.datetime.combine(plan.created, dt.time(0, 0), tzinfo=dt.UTC))
    writer.cover(cover)
    for week in plan.weeks:
        writer.week(week)
    return bytes(writer.pdf.output())


def plan_to_pdf(plan: Plan, path: Path) -> None:
    """Write the plan as a PDF to ``path``: a cover page, then one page per week.

    The file is written whole or not at all (see :mod:`miler.export.atomic`).
    """
    from miler.export.atomic import write_atomic

    write_atomic(path, plan_to_pdf_bytes(plan))
