"""Word documents in the national official-document format (GB/T 9704-2012, 党政机关公文格式),
for any document the application hands in: page setup, styles, fonts, page numbers, tables.

* A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a 156 × 225 mm text block;
  22 lines a page (fixed line spacing of 28.95 pt; the document grid has the same pitch).
* Every element 3号 (16 pt) 仿宋_GB2312 in black; the title 2号 (22 pt) 方正小标宋简体, centred;
  headings 一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋 bold; paragraphs indented two characters.
  Own styles ("Official …"), never Word's Title/Heading styles (their theme colours print blue);
  the document defaults lose their theme fonts and colours too.
* Page numbers 4号 宋体 "— 1 —" (a PAGE field), odd pages right and even pages left, one
  character in from the edge.
* Tables: a shaded header row repeated on each page (``w:tblHeader``), rows that never split
  across pages (``w:cantSplit``), numbers right-aligned; wide tables in a landscape section.

Fonts and their fallbacks. Word keeps one East Asian font name per run or style
(``w:rFonts w:eastAsia``); what a machine lacks, Word substitutes through the document's font
table (word/fontTable.xml). So each style names the font the standard asks for, and the font
table declares, for each such font, ``w:altName`` — the usual installed fallback (仿宋_GB2312 →
仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 华文中宋) — with the GB2312 character set and a
family and pitch, so that a machine with neither picks a font of the same kind (a 宋 face for
方正小标宋简体, which is what the standard's own fallback 宋体 is). WPS and LibreOffice map the
same names through their own substitution tables.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from wcwidth import wcswidth

from ..tracking import SAVING, WRITING_TABLE, stage, track
from .docx_tables import PT_PER_MM, RowsXml, break_header, cell_margins, column_widths, set_widths
from .official_styles import (
    ANNEX_MARK,
    BODY,
    CAPTION,
    CELL_MARGIN,
    CHAR,
    DRAFT_NOTE,
    HEADER_SHADE,
    HEADING_1,
    HEADING_2,
    HEADING_3,
    LANDSCAPE,
    LINE_PITCH,
    PAGE_NUMBER,
    PAGE_NUMBER_SIZE,
    PORTRAIT,
    SIGNATURE,
    SUBTITLE,
    TABLE_HEADER,
    TABLE_SIZE,
    TABLE_TEXT,
    TITLE,
    TITLE_SIZE,
    PageGeometry,
    clear_defaults,
    define_styles,
    font_table,
)


def text_width(text: str, size: float = CHAR) -> float:
    """Points ``text`` takes at ``size`` (a CJK character one em, ASCII half)."""
    return max(wcswidth(text), len(text)) * size / 2


def title_lines(phrases: Sequence[str], width_pt: float, size: float) -> list[str]:
    """The title's lines: one if it fits, else the fewest lines that hold whole phrases, the
    longest of them as short as can be (a phrase longer than a line is left to wrap)."""
    phrases = [p for p in phrases if p]
    widths = [text_width(p, size) for p in phrases]
    if sum(widths) <= width_pt or len(phrases) < 2:
        return ["".join(phrases)]
    if len(phrases) > 12:  # not a title's phrases: whole lines, greedily
        out = [""]
        for p in phrases:
            if out[-1] and text_width(out[-1] + p, size) > width_pt:
                out.append("")
            out[-1] += p
        return out
    best: tuple[int, float, list[str]] | None = None
    n = len(phrases)
    for mask in range(1 << (n - 1)):  # a break after phrase i where bit i is set (titles are short)
        lines, start = [], 0
        for i in range(n - 1):
            if mask >> i & 1:
                lines.append((start, i + 1))
                start = i + 1
        lines.append((start, n))
        longest = max(sum(widths[a:b]) for a, b in lines)
        key = (len(lines) if longest <= width_pt else n + 1, longest)
        if best is None or key < best[:2]:
            best = (key[0], key[1], ["".join(phrases[a:b]) for a, b in lines])
    assert best is not None
    return best[2]


class OfficialDocument:
    """A document in the GB/T 9704 format; add content in reading order, then ``to_bytes()``."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self._style_ids: dict[str, str] = {}
        self._block_mm = PORTRAIT.width_mm - PORTRAIT.left_mm - PORTRAIT.right_mm
        clear_defaults(self.doc)
        define_styles(self.doc)
        self._page(self.doc.sections[0], PORTRAIT)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._page_numbers(self.doc.sections[0])
        font_table(self.doc)

    # -- set-up -----------------------------------------------------------------------------
    def _page(self, section: Any, g: PageGeometry) -> None:
        self._block_mm = g.width_mm - g.left_mm - g.right_mm
        section.orientation = WD_ORIENT.LANDSCAPE if g.width_mm > g.height_mm else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(g.width_mm), Mm(g.height_mm)
        section.top_margin, section.bottom_margin = Mm(g.top_mm), Mm(g.bottom_mm)
        section.left_margin, section.right_margin = Mm(g.left_mm), Mm(g.right_mm)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(22)  # the number's line about 7 mm below the text block
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        # the pitch of the 22 lines, for Word's grid view; no snapping ("lines" would put every
        # table line and the title's on whole grid lines): the exact spacing makes the 22 lines
        grid.attrib.pop(qn("w:type"), None)
        grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))

    def _page_numbers(self, section: Any) -> None:
        """"— N —": odd pages right, even pages left, one character in from the edge."""
        for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                    (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles[PAGE_NUMBER]
            paragraph.alignment = align
            setattr(paragraph.paragraph_format, side, PAGE_NUMBER_SIZE)
            self._page_field(paragraph)

    @staticmethod
    def _page_field(paragraph: Any) -> None:
        paragraph.add_run("— ")
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            if kind is not None:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text
        paragraph.add_run(" —")

    # -- content ---------------------------------------------------------------------------------
    def title(self, text: str | Sequence[str]) -> None:
        """The title, centred; given as phrases, its lines break between phrases only, as evenly
        as the lines allow (GB/T 9704: a multi-line title is symmetrical, words kept whole)."""
        phrases = [text] if isinstance(text, str) else list(text)
        lines = title_lines(phrases, self._block_mm * 72 / 25.4, TITLE_SIZE.pt)
        p = self._add("", TITLE)
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()

    def subtitle(self, text: str) -> None:
        self._add(text, SUBTITLE)

    def _add(self, text: str, style: str) -> Any:
        """A paragraph in one of our styles. The style id is looked up once per document:
        python-docx resolves a style name by scanning every style for the default on each
        paragraph (7 ms a paragraph, most of a report's time at 2,000 projects)."""
        style_id = self._style_ids.get(style)
        if style_id is None:
            from docx.enum.style import WD_STYLE_TYPE

            found = self.doc.styles[style]
            default = self.doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            # the default style is not named on a paragraph (as python-docx itself writes it)
            style_id = self._style_ids[style] = "" if found == default else found.style_id
        paragraph = self.doc.add_paragraph(text)
        if style_id:
            paragraph._p.style = style_id
        return paragraph

    def blank(self) -> Any:
        return self._add("", BODY)

    def heading(self, level: int, text: str) -> None:
        self._add(text, (HEADING_1, HEADING_2, HEADING_3)[level - 1])

    def paragraph(self, text: str, *, lead: str = "") -> Any:
        """A body paragraph; ``lead`` starts it in bold (a level-3 heading run in, "1. …")."""
        p = self._add("", BODY)
        if lead:
            p.add_run(lead).bold = True
        p.add_run(text)
        return p

    def draft_note(self, text: str) -> None:
        """A visible marker over text generated from the figures: 楷体 on a yellow highlight,
        to be edited and removed before the document is issued."""
        p = self._add("", DRAFT_NOTE)
        run = p.add_run(text)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def caption(self, text: str) -> None:
        self._add(text, CAPTION)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]],
              widths_mm: Sequence[float] | None = None, *, numeric: Iterable[int] = (),
              fills: dict[tuple[int, int], str] | None = None, spans: Iterable[int] = (),
              nowrap: Iterable[int] = ()) -> Any:
        """A table across the text block: shaded header repeated on each page, rows kept whole,
        ``numeric`` columns right-aligned; ``fills`` shade cells (row index, column); a row index
        in ``spans`` is a heading row merged across all columns (its text is the row's first
        cell). Columns are sized to their content (``io.docx_tables.column_widths``; ``nowrap``
        columns keep every cell on one line) unless ``widths_mm`` are given."""
        numbers = set(numeric)
        merged = set(spans)
        rows = [list(map(str, r)) for r in rows]
        if widths_mm is None:
            columns = [[h, *(r[c] for i, r in enumerate(rows) if i not in merged)] for c, h in enumerate(headers)]
            widths_mm = column_widths(columns, TABLE_SIZE.pt, self._block_mm, nowrap=nowrap)
        text_style = self.doc.styles[TABLE_TEXT].style_id
        header_style = self.doc.styles[TABLE_HEADER].style_id
        table = self.doc.add_table(rows=0, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        cell_margins(table, CELL_MARGIN)
        twips = set_widths(table, widths_mm)
        # rows as WordprocessingML built in bulk and parsed in chunks: python-docx's cell API
        # costs ~1 ms a cell (a 100,000-project annex took minutes); the XML is the same
        builder = RowsXml(twips, text_style, header_style)
        em_mm = TABLE_SIZE.pt / PT_PER_MM
        headers = [break_header(h, w, em_mm) for h, w in zip(headers, widths_mm, strict=True)]
        builder.row(headers, header=True, fills=[HEADER_SHADE] * len(headers))
        # a long table is a stage of its own (a short one is over before it would show)
        for i, values in enumerate(track(rows, WRITING_TABLE) if len(rows) >= 1000 else rows):
            if i in merged:
                builder.span(values[0], "F2F2F2")
            else:
                builder.row(values, right=numbers,
                            fills=[fills.get((i, c)) for c in range(len(values))] if fills else None)
            if builder.pending >= 500:
                builder.flush_into(table._tbl)
        builder.flush_into(table._tbl)
        return table

    def page_break(self) -> None:
        self._add("", BODY).add_run().add_break(WD_BREAK.PAGE)

    def landscape_section(self) -> None:
        """A new section on a new page, landscape, the same text block turned; page numbers go on."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, LANDSCAPE)

    def closing(self, attachments: Sequence[str], label: str, issuer: str, when: str) -> None:
        """附件说明, then 落款 two lines below: kept together on one page (a signature never
        stands alone at the top of a page)."""
        paragraphs = [*self.attachment_note(attachments, label), self.blank(), self.blank(),
                      *self.signature(issuer, when)]
        for p in paragraphs[:-1]:
            p.paragraph_format.keep_with_next = True

    def attachment_note(self, names: Sequence[str], label: str) -> list[Any]:
        """附件说明: "附件：…" two characters in, under the body (numbered when several)."""
        if len(names) == 1:
            return [self.paragraph(label + names[0])]
        return [self.paragraph((label if i == 1 else "　" * len(label)) + f"{i}. {name}")
                for i, name in enumerate(names, start=1)]

    def signature(self, issuer: str, when: str) -> list[Any]:
        """落款: the date four characters from the right edge, the issuer centred over it."""
        date_indent = 4 * CHAR
        date_w, issuer_w = text_width(when), text_width(issuer)
        issuer_indent = max(0.0, date_indent + (date_w - issuer_w) / 2)
        out = []
        for text, indent in ((issuer, issuer_indent), (when, date_indent)):
            p = self._add(text, SIGNATURE)
            p.paragraph_format.right_indent = Pt(indent)
            out.append(p)
        return out

    def annex(self, mark: str, title: str) -> None:
        """An attachment on a landscape page: "附件" at the top left, its title centred."""
        self.landscape_section()
        self._add(mark, ANNEX_MARK)
        self.title(title)
        self.blank()

    def to_bytes(self) -> bytes:
        stage(SAVING)
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def chinese_date(when: date) -> str:
    """成文日期 in Arabic numerals: 2023年12月31日."""
    return f"{when.year}年{when.month}月{when.day}日"
