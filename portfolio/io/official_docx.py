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
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree  # type: ignore[import-untyped]
from wcwidth import wcswidth

# fonts: the name the standard asks for, and its usual fallback (declared in the font table)
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
XIAOBIAOSONG = "方正小标宋简体"
LATIN = "Times New Roman"
FALLBACKS = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "华文中宋", HEITI: "SimHei", SONGTI: "SimSun"}
# family / pitch of each, so that a machine without the font or its fallback substitutes one alike
FAMILIES = {FANGSONG: "modern", KAITI: "modern", XIAOBIAOSONG: "script", HEITI: "modern", SONGTI: "auto"}

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 五号, for tables
CAPTION_SIZE = Pt(14)
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm text block
BLACK = RGBColor(0, 0, 0)
HEADER_SHADE = "D9D9D9"
CHAR = 16.0  # points of one character of body text
CELL_MARGIN = Mm(1.0)

# style names
BODY = "Normal"
TITLE = "Official Title"
SUBTITLE = "Official Subtitle"
HEADING_1 = "Official Heading 1"
HEADING_2 = "Official Heading 2"
HEADING_3 = "Official Heading 3"
SIGNATURE = "Official Signature"
CAPTION = "Official Table Caption"
TABLE_TEXT = "Official Table Text"
TABLE_HEADER = "Official Table Header"
ANNEX_MARK = "Official Annex Mark"
PAGE_NUMBER = "Official Page Number"
DRAFT_NOTE = "Official Draft Note"


@dataclass(frozen=True)
class PageGeometry:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float


PORTRAIT = PageGeometry(210, 297, 37, 35, 28, 26)
# a landscape page keeps the same text block turned (225 × 156 mm)
LANDSCAPE = PageGeometry(297, 210, 28, 26, 37, 35)


def set_fonts(rpr_owner: Any, east_asia: str, latin: str = LATIN) -> None:
    """Name the fonts of a style or run: Latin text in ``latin``, Chinese in ``east_asia``;
    theme font attributes (which win over names) are removed."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _first_line_chars(paragraph_format: Any, chars: float) -> None:
    """First-line indent in characters (``w:firstLineChars``, what Word's 首行缩进 2 字符 writes),
    with the same in points for applications that read only ``w:firstLine``."""
    paragraph_format.first_line_indent = Pt(CHAR * chars)
    ind = paragraph_format.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(int(chars * 100)))


def _outline_level(style: Any, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)


def text_width(text: str, size: float = CHAR) -> float:
    """Points ``text`` takes at ``size`` (a CJK character one em, ASCII half)."""
    return max(wcswidth(text), len(text)) * size / 2


class OfficialDocument:
    """A document in the GB/T 9704 format; add content in reading order, then ``to_bytes()``."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self._style_ids: dict[str, str] = {}
        self._defaults()
        self._styles()
        self._page(self.doc.sections[0], PORTRAIT)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._page_numbers(self.doc.sections[0])
        self._font_table()

    # -- set-up -----------------------------------------------------------------------------
    def _defaults(self) -> None:
        """Document defaults without theme fonts or colours: everything black 仿宋."""
        styles_el = self.doc.styles.element
        rpr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr_default is not None:
            fonts = rpr_default.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr_default.insert(0, fonts)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            for attr, name in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", FANGSONG), ("w:cs", LATIN)):
                fonts.set(qn(attr), name)
            lang = rpr_default.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:eastAsia"), "zh-CN")

    def _paragraph_style(self, name: str, font: str, size: Any, *, bold: bool = False,
                         align: Any = None, indent_chars: float = 0, keep_next: bool = False,
                         exact: Any = LINE_PITCH, outline: int | None = None) -> Any:
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles[BODY]
        style.quick_style = True
        self._format(style, font, size, bold=bold, align=align, indent_chars=indent_chars,
                     keep_next=keep_next, exact=exact)
        if outline is not None:
            _outline_level(style, outline)
        return style

    @staticmethod
    def _format(style: Any, font: str, size: Any, *, bold: bool = False, align: Any = None,
                indent_chars: float = 0, keep_next: bool = False, exact: Any = LINE_PITCH) -> None:
        style.font.size = size
        style.font.bold = bold
        style.font.color.rgb = BLACK
        set_fonts(style.element, font)
        pf = style.paragraph_format
        pf.alignment = align
        if exact is None:
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = exact
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.widow_control = False
        pf.keep_with_next = keep_next
        if indent_chars:
            _first_line_chars(pf, indent_chars)
        else:
            pf.first_line_indent = Pt(0)
            ind = pf.element.get_or_add_pPr().get_or_add_ind()
            ind.set(qn("w:firstLineChars"), "0")

    def _styles(self) -> None:
        normal = self.doc.styles[BODY]
        self._format(normal, FANGSONG, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2)
        center = WD_ALIGN_PARAGRAPH.CENTER
        self._paragraph_style(TITLE, XIAOBIAOSONG, TITLE_SIZE, align=center, exact=Pt(35), keep_next=True)
        self._paragraph_style(SUBTITLE, KAITI, BODY_SIZE, align=center, keep_next=True)
        self._paragraph_style(HEADING_1, HEITI, BODY_SIZE, indent_chars=2, keep_next=True, outline=0)
        self._paragraph_style(HEADING_2, KAITI, BODY_SIZE, indent_chars=2, keep_next=True, outline=1)
        self._paragraph_style(HEADING_3, FANGSONG, BODY_SIZE, bold=True, indent_chars=2, keep_next=True,
                              outline=2)
        self._paragraph_style(SIGNATURE, FANGSONG, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self._paragraph_style(CAPTION, HEITI, CAPTION_SIZE, align=center, keep_next=True, exact=Pt(24))
        # left, not the justified body text (Normal's jc=both would spread the characters in cells)
        self._paragraph_style(TABLE_TEXT, FANGSONG, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT, exact=None)
        self._paragraph_style(TABLE_HEADER, HEITI, TABLE_SIZE, align=center, exact=None)
        self._paragraph_style(ANNEX_MARK, HEITI, BODY_SIZE, keep_next=True)
        self._paragraph_style(PAGE_NUMBER, SONGTI, PAGE_NUMBER_SIZE, exact=None)
        self._paragraph_style(DRAFT_NOTE, KAITI, BODY_SIZE, indent_chars=2)

    @staticmethod
    def _page(section: Any, g: PageGeometry) -> None:
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

    def _font_table(self) -> None:
        """Declare each font with its fallback (``w:altName``), charset GB2312, family, pitch."""
        part = next((p for p in self.doc.part.package.iter_parts()
                     if str(p.partname) == "/word/fontTable.xml"), None)
        if part is None:
            return
        root = etree.fromstring(part.blob)
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        for name, alt in FALLBACKS.items():
            font = etree.SubElement(root, f"{{{w}}}font")
            font.set(f"{{{w}}}name", name)
            etree.SubElement(font, f"{{{w}}}altName").set(f"{{{w}}}val", alt)
            etree.SubElement(font, f"{{{w}}}charset").set(f"{{{w}}}val", "86")
            etree.SubElement(font, f"{{{w}}}family").set(f"{{{w}}}val", FAMILIES[name])
            etree.SubElement(font, f"{{{w}}}pitch").set(f"{{{w}}}val", "variable")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- content ---------------------------------------------------------------------------------
    def title(self, text: str) -> None:
        self._add(text, TITLE)

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

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], widths_mm: Sequence[float], *,
              numeric: Iterable[int] = (), fills: dict[tuple[int, int], str] | None = None,
              spans: Iterable[int] = ()) -> Any:
        """A table: shaded header repeated on each page, rows kept whole, ``numeric`` columns
        right-aligned; ``fills`` shade cells (row index, column); a row index in ``spans`` is a
        heading row merged across all columns (its text is the row's first cell)."""
        numbers = set(numeric)
        merged = set(spans)
        text_style = self.doc.styles[TABLE_TEXT].style_id
        header_style = self.doc.styles[TABLE_HEADER].style_id
        table = self.doc.add_table(rows=0, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table, CELL_MARGIN)
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)  # the grid LibreOffice and WPS lay out by
        twips = [round(Mm(w).twips) for w in widths_mm]
        # rows as WordprocessingML built in bulk and parsed in chunks: python-docx's cell API
        # costs ~1 ms a cell (a 100,000-project annex took minutes); the XML is the same
        builder = _RowsXml(twips, text_style, header_style)
        builder.row(headers, header=True, fills=[HEADER_SHADE] * len(headers))
        for i, values in enumerate(rows):
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
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def _cell_margins(table: Any, margin: Any) -> None:
    """Left and right cell padding of the whole table (Word's default is 1.9 mm)."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(margin.pt * 20)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class _RowsXml:
    """Table rows (w:tr) as text: every row unsplittable (w:cantSplit), the header repeated
    (w:tblHeader) and shaded, cell widths, paragraph styles by id, right alignment, fills."""

    def __init__(self, twips: Sequence[int], text_style: str, header_style: str) -> None:
        self.twips = list(twips)
        self.text_style, self.header_style = text_style, header_style
        self.parts: list[str] = []
        self.pending = 0

    @staticmethod
    def _runs(text: str) -> str:
        lines = [f'<w:r><w:t xml:space="preserve">{xml_escape(line)}</w:t></w:r>' for line in text.split("\n")]
        return "<w:r><w:br/></w:r>".join(lines)

    def _cell(self, text: str, width: int, style: str, *, right: bool = False, fill: str | None = None,
              span: int = 1, keep: bool = False) -> str:
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        ppr = f'<w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep else "") + (
            '<w:jc w:val="right"/>' if right else "")
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{shade}</w:tcPr>'
                f"<w:p><w:pPr>{ppr}</w:pPr>{self._runs(text)}</w:p></w:tc>")

    def row(self, values: Sequence[str], *, header: bool = False, right: Iterable[int] = (),
            fills: Sequence[str | None] | None = None) -> None:
        flags = '<w:cantSplit w:val="true"/>' + ('<w:tblHeader w:val="true"/>' if header else "")
        style = self.header_style if header else self.text_style
        right_set = set(right)
        cells = "".join(self._cell(str(v), w, style, right=c in right_set, fill=fills[c] if fills else None)
                        for c, (v, w) in enumerate(zip(values, self.twips, strict=True)))
        self.parts.append(f"<w:tr><w:trPr>{flags}</w:trPr>{cells}</w:tr>")
        self.pending += 1

    def span(self, text: str, fill: str) -> None:
        """A heading row merged across all columns, kept with the row after it."""
        cell = self._cell(text, sum(self.twips), self.header_style, fill=fill, span=len(self.twips), keep=True)
        self.parts.append(f'<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>{cell}</w:tr>')
        self.pending += 1

    def flush_into(self, tbl: Any) -> None:
        if not self.parts:
            return
        fragment = parse_xml(f'<w:tbl xmlns:w="{_W}">' + "".join(self.parts) + "</w:tbl>")
        for tr in list(fragment):
            tbl.append(tr)
        self.parts.clear()
        self.pending = 0


def chinese_date(when: date) -> str:
    """成文日期 in Arabic numerals: 2023年12月31日."""
    return f"{when.year}年{when.month}月{when.day}日"
