"""Styles and fonts of the official Word documents (``io.official_docx``; GB/T 9704-2012): sizes,
the fonts the standard asks for with their fallbacks (declared in the font table), the document
defaults without theme fonts or colours, and the "Official …" paragraph styles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree  # type: ignore[import-untyped]

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


def clear_defaults(doc: Any) -> None:
    """Document defaults without theme fonts or colours: everything black 仿宋."""
    styles_el = doc.styles.element
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

def paragraph_style(doc: Any, name: str, font: str, size: Any, *, bold: bool = False,
                     align: Any = None, indent_chars: float = 0, keep_next: bool = False,
                     exact: Any = LINE_PITCH, outline: int | None = None) -> Any:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[BODY]
    style.quick_style = True
    format_style(style, font, size, bold=bold, align=align, indent_chars=indent_chars,
                 keep_next=keep_next, exact=exact)
    if outline is not None:
        _outline_level(style, outline)
    return style

def format_style(style: Any, font: str, size: Any, *, bold: bool = False, align: Any = None,
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

def define_styles(doc: Any) -> None:
    """The document's own styles ("Official …"), Normal included."""
    normal = doc.styles[BODY]
    format_style(normal, FANGSONG, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2)
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_style(doc, TITLE, XIAOBIAOSONG, TITLE_SIZE, align=center, exact=Pt(35), keep_next=True)
    paragraph_style(doc, SUBTITLE, KAITI, BODY_SIZE, align=center, keep_next=True)
    paragraph_style(doc, HEADING_1, HEITI, BODY_SIZE, indent_chars=2, keep_next=True, outline=0)
    paragraph_style(doc, HEADING_2, KAITI, BODY_SIZE, indent_chars=2, keep_next=True, outline=1)
    paragraph_style(doc, HEADING_3, FANGSONG, BODY_SIZE, bold=True, indent_chars=2, keep_next=True,
                          outline=2)
    paragraph_style(doc, SIGNATURE, FANGSONG, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style(doc, CAPTION, HEITI, CAPTION_SIZE, align=center, keep_next=True, exact=Pt(24))
    # left, not the justified body text (Normal's jc=both would spread the characters in cells)
    paragraph_style(doc, TABLE_TEXT, FANGSONG, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT, exact=None)
    paragraph_style(doc, TABLE_HEADER, HEITI, TABLE_SIZE, align=center, exact=None)
    paragraph_style(doc, ANNEX_MARK, HEITI, BODY_SIZE, keep_next=True)
    paragraph_style(doc, PAGE_NUMBER, SONGTI, PAGE_NUMBER_SIZE, exact=None)
    paragraph_style(doc, DRAFT_NOTE, KAITI, BODY_SIZE, indent_chars=2)

def font_table(doc: Any) -> None:
    """Declare each font with its fallback (``w:altName``), charset GB2312, family, pitch."""
    part = next((p for p in doc.part.package.iter_parts()
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
