"""The Word review report: the structure GB/T 9704-2012 asks for (page, fonts, sizes, colours,
indents, spacing, headings, tables, page numbers, sections) and what a 中期评估 report holds."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from portfolio.cli import main
from portfolio.review.compute import review
from portfolio.review.docx_report import docx_report

AS_OF = date(2023, 12, 31)
ISSUED = date(2024, 1, 15)
TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture
def report(repo):
    reported = date(2023, 6, 30)
    repo.update("W01", {"status": "in_progress", "progress_percent": 30, "completed_investment": 800,
                        "planned_investment": 5000}, when=reported, note="水源地规范化建设推进中")
    repo.update("W05", {"status": "in_progress", "progress_percent": 40}, when=date(2023, 9, 1),
                note="鹿寨县四排镇试点已开工")
    repo.update("W05", {"status": "completed", "progress_percent": 100}, when=date(2024, 3, 1), note="已完成")
    repo.update("R01", {"status": "completed", "progress_percent": 100, "completed_investment": 1200},
                when=reported)
    data = docx_report(review(repo.projects(), AS_OF), issuer="某某市生态环境局", issued=ISSUED)
    return docx.Document(io.BytesIO(data)), data


def _east_asia(element) -> str | None:
    fonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_page_setup_a4_margins_and_text_block(report):
    d, _ = report
    first = d.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    def near(a, b):  # Word stores twips: a millimetre is 56.7 of them
        return abs(a - b) < Mm(0.1)

    assert near(first.page_width, Mm(210)) and near(first.page_height, Mm(297))
    assert near(first.top_margin, Mm(37)) and near(first.left_margin, Mm(28))
    block_w = first.page_width - first.left_margin - first.right_margin
    block_h = first.page_height - first.top_margin - first.bottom_margin
    assert abs(block_w - Mm(156)) < Mm(0.5) and abs(block_h - Mm(225)) < Mm(0.5)
    annex = d.sections[-1]  # the attachment: a landscape section with the same block turned
    assert len(d.sections) == 2 and annex.orientation == WD_ORIENT.LANDSCAPE
    assert near(annex.page_width, Mm(297)) and near(annex.page_height, Mm(210))
    assert abs(annex.page_width - annex.left_margin - annex.right_margin - Mm(225)) < Mm(0.5)


def test_styles_fonts_sizes_black_indent_and_exact_spacing(report):
    d, _ = report
    normal = d.styles["Normal"]
    assert _east_asia(normal.element) == "仿宋_GB2312" and normal.font.size == Pt(16)
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and Pt(28) <= pf.line_spacing <= Pt(29)
    assert pf.first_line_indent == Pt(32)
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    expected = {"Official Title": ("方正小标宋简体", Pt(22), False), "Official Heading 1": ("黑体", Pt(16), False),
                "Official Heading 2": ("楷体_GB2312", Pt(16), False), "Official Heading 3": ("仿宋_GB2312", Pt(16), True)}
    for name, (font, size, bold) in expected.items():
        style = d.styles[name]
        assert _east_asia(style.element) == font, name
        assert style.font.size == size and bool(style.font.bold) == bold, name
    assert d.styles["Official Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # every style we use is black; no theme colour anywhere (Word's Title/Heading print blue)
    used = {p.style.name for p in d.paragraphs}
    assert not used & {"Title", "Heading 1", "Heading 2", "Heading 3"}
    for name in used:
        assert d.styles[name].font.color.rgb == docx.shared.RGBColor(0, 0, 0), name
    styles_xml = d.styles.element.xml
    assert "w:themeColor" not in "".join(d.styles[n].element.xml for n in used)
    assert 'w:eastAsiaTheme' not in styles_xml.split("</w:docDefaults>")[0]


def test_fallback_fonts_declared_in_the_font_table(report):
    _, data = report
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
    for font, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "华文中宋")):
        entry = table.split(f'w:name="{font}"')[1].split("</w:font>")[0]
        assert f'<w:altName w:val="{alt}"/>' in entry and '<w:charset w:val="86"/>' in entry


def test_title_headings_and_contents(report):
    d, _ = report
    paragraphs = [(p.style.name, p.text) for p in d.paragraphs]
    # the title breaks between phrases (never inside 重点工程项目), the lines as even as they can be
    assert paragraphs[0] == ("Official Title", "柳州市生态环境保护“十四五”规划\n重点工程项目中期评估报告")
    level1 = [t for s, t in paragraphs if s == "Official Heading 1"]
    assert level1 == ["一、总体进展", "二、各类工程进展", "三、逾期和滞后项目", "四、各责任单位完成情况",
                      "五、存在的问题", "六、下一步工作建议"]
    level2 = [t for s, t in paragraphs if s == "Official Heading 2"]
    assert level2[:6] == ["（一）碧水工程", "（二）蓝天工程", "（三）净土工程", "（四）清废工程",
                          "（五）应对气候变化工程", "（六）能力建设工程"]
    text = "\n".join(t for _, t in paragraphs)
    assert "已完成投资" in text  # the summary states the investment
    # W05 was completed in 2024: overdue as of 2023-12-31, with its unit's latest note of that time
    w05 = next(p for p in d.paragraphs if "W05 柳州市农村黑臭水体治理试点项目" in p.text)
    assert "牵头单位：鹿寨县。" in w05.text and "鹿寨县四排镇试点已开工" in w05.text
    assert "已完成" not in w05.text.split("：", 1)[1].replace("逾期未完成", "")
    assert w05.runs[0].bold and w05.runs[0].text.startswith("1. W05")  # level 3 in 仿宋 bold
    # problems and suggestions: drafted from the figures and marked as drafts
    notes = [p for p in d.paragraphs if p.style.name == "Official Draft Note"]
    assert len(notes) == 2 and all(p.runs[0].font.highlight_color is not None for p in notes)
    assert "牵头逾期项目较多的单位有市生态环境局（" in text
    assert "从未报送进展" in text
    # attachment note, issuer and date (落款) right-aligned, the date four characters in
    assert "附件：重点工程项目进展情况表" in text
    issuer = next(p for p in d.paragraphs if p.text == "某某市生态环境局")
    when = next(p for p in d.paragraphs if p.text == "2024年1月15日")
    assert issuer.style.name == when.style.name == "Official Signature"
    assert d.styles["Official Signature"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert when.paragraph_format.right_indent == Pt(64)
    assert paragraphs[-2:] == [("Official Annex Mark", "附件"), ("Official Title", "重点工程项目进展情况表")] or \
        ("Official Annex Mark", "附件") in paragraphs


def test_tables_repeat_the_header_keep_rows_whole_and_right_align_numbers(report):
    d, _ = report
    assert len(d.tables) == 2 + 6 + 1 + 1  # by category, investment, one per category, units, the annex
    for table in d.tables:
        rows = table.rows
        first = rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert first.find(qn("w:cantSplit")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        shade = rows[0].cells[0]._tc.tcPr.find(qn("w:shd"))
        assert shade is not None and shade.get(qn("w:fill")) == "D9D9D9"
    summary = d.tables[0]
    assert [c.text for c in summary.rows[-1].cells][:3] == ["合计", "34", "17"]
    assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for c in summary.rows[-1].cells[1:])
    assert summary.rows[-1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT


def test_table_text_is_left_aligned_not_justified(report):
    # the body text is justified (jc=both); table cells must not inherit it: text left, numbers
    # right, headers centred
    d, _ = report
    text_style = d.styles["Official Table Text"]
    assert text_style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for table in d.tables:
        for row_index, row in enumerate(table.rows):
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    align = paragraph.alignment
                    if align is None:
                        style = paragraph.style
                        while align is None and style is not None:
                            align = style.paragraph_format.alignment
                            style = style.base_style
                    assert align in (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER), \
                        (row_index, cell.text, align)


def test_light_column_where_projects_are_listed(report):
    d, _ = report
    water = d.tables[2]
    assert water.rows[0].cells[-1].text == "灯号"
    w01 = next(r for r in water.rows if r.cells[0].text == "W01")
    assert "黄" in w01.cells[-1].text  # 30% against 60% 序时进度: 30 points below
    assert w01.cells[-1]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "FFD966"
    annex = d.tables[-1]
    assert annex.rows[0].cells[-1].text == "灯号"
    heading = annex.rows[1]
    assert heading.cells[0].text == "一、碧水工程" and len({id(c._tc) for c in heading.cells}) == 1


def test_page_number_field_in_the_footer(report):
    d, _ = report
    section = d.sections[0]
    assert d.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                      WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment == align
    style = d.styles["Official Page Number"]
    assert _east_asia(style.element) == "宋体" and style.font.size == Pt(14)


def test_cli_issuer_and_default(db_path, tmp_path):
    out = tmp_path / "r.docx"
    assert main(["review", "--as-of", "2023-12-31", "-o", str(out), "--issuer", "柳州市人民政府",
                 "--db", str(db_path)]) == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "柳州市人民政府" in texts
    out2 = tmp_path / "r2.docx"
    assert main(["review", "--as-of", "2023-12-31", "-o", str(out2), "--db", str(db_path)]) == 0
    assert "柳州市生态环境局" in [p.text for p in docx.Document(str(out2)).paragraphs]


def test_english_report(repo, english):
    d = docx.Document(io.BytesIO(docx_report(review(repo.projects(), AS_OF), issued=ISSUED)))
    headings = [p.text for p in d.paragraphs if p.style.name == "Official Heading 1"]
    assert headings[0] == "1. Overall progress" and len(headings) == 6


def test_tables_sized_to_their_content(report):
    """No number, code or short state broken across lines; the category column holds
    应对气候变化工程 on one line; every table spans the text block of its page."""
    from portfolio.io.docx_tables import PADDING_MM, PT_PER_MM, text_em, unbreakable_em

    d, _ = report
    em_mm = 10.5 / PT_PER_MM
    for n, table in enumerate(d.tables):
        grid = [int(col.get(qn("w:w"))) / TWIPS_PER_MM for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        block = 225 if n == len(d.tables) - 1 else 156
        assert abs(sum(grid) - block) < 0.5, (n, sum(grid))
        for row in table.rows[1:]:
            cells = row.cells
            if len({id(c._tc) for c in cells}) == 1:
                continue  # a category heading across the table
            for c, cell in enumerate(cells):
                assert unbreakable_em(cell.text) * em_mm + PADDING_MM <= grid[c] + 0.01, (n, cell.text, grid[c])
    summary = d.tables[0]
    first = int(summary._tbl.tblGrid.findall(qn("w:gridCol"))[0].get(qn("w:w"))) / TWIPS_PER_MM
    assert text_em("应对气候变化工程") * em_mm + PADDING_MM <= first + 0.01


def test_column_widths_keep_numbers_whole_and_give_the_rest_to_long_text():
    from portfolio.io.docx_tables import PADDING_MM, PT_PER_MM, column_widths, unbreakable_em

    em_mm = 10.5 / PT_PER_MM
    columns = [["编号", "LZS2022-W-01"], ["指标", "城市空气环境质量（臭氧日最大八小时滑动平均值的第90百分位数浓度）" * 2],
               ["最新值", "95.5（2023）", "1,234,567.89"], ["状态", "未达序时目标"]]
    widths = column_widths(columns, 10.5, 156)
    assert abs(sum(widths) - 156) < 1e-6
    for col, w in zip(columns, widths, strict=True):
        assert all(unbreakable_em(t) * em_mm + PADDING_MM <= w + 1e-9 for t in col)
    assert widths[1] == max(widths)  # the long text takes what is left
    assert unbreakable_em("95.5（2023）") > unbreakable_em("95.5")  # the bracket joins the number


def test_headers_of_a_wide_count_table_take_two_lines_at_most():
    from portfolio.io.docx_tables import PADDING_MM, PT_PER_MM, column_widths, text_em

    heads = ["类别", "项目数", "应完成", "已完成", "逾期未完成", "进度滞后", "按序时推进", "未填报", "尚未开始", "暂停",
             "已取消", "完成率"]
    columns = [[h, "34"] for h in heads]
    columns[0] += ["应对气候变化工程"]
    widths = column_widths(columns, 10.5, 156, nowrap=(0,))
    em_mm = 10.5 / PT_PER_MM
    for h, w in zip(heads, widths, strict=True):
        per_line = int((w - PADDING_MM) / em_mm + 1e-6)
        assert -(-text_em(h) // per_line) <= 2, (h, w)


def test_headers_break_between_words_never_inside_one(report) -> None:
    """A header too long for its column is broken where a reader breaks it (填报投资 / 项目数,
    已完成投资 / （万元）), never inside a word (已完 / 成), never before a closing mark."""
    doc, _data = report
    headers = [cell.text for table in doc.tables for cell in table.rows[0].cells]
    assert "填报投资\n项目数" in headers and "已完成投资\n（万元）" in headers
    lines = [line for text in headers for line in text.split("\n")]
    assert not {"已完", "成", "元）", "（万", "目数"} & set(lines)
    assert not any(line.startswith(("）", "、", "，", "%")) for line in lines)


def test_break_header_keeps_a_header_that_fits_and_splits_at_words() -> None:
    from portfolio.io.docx_tables import PADDING_MM, PT_PER_MM, break_header

    em = 10.5 / PT_PER_MM
    assert break_header("投资完成率", 5 * em + PADDING_MM, em) == "投资完成率"
    assert break_header("投资完成率", 3.2 * em + PADDING_MM, em) == "投资\n完成率"
    assert break_header("按序时推进", 3.1 * em + PADDING_MM, em) == "按序时\n推进"
    assert break_header("ABCDEFGHIJ", 2 * em + PADDING_MM, em) == "ABCDEFGHIJ"  # the renderer's to break
