"""Every sheet of every workbook we write prints right: A4, orientation, one page wide, header
repeated, page-number footer, rows tall enough for their wrapped text, numbers typed with
formats, charts in the review pack, page breaks that keep headings and merged cells whole."""

from __future__ import annotations

import zipfile
from datetime import date
from math import ceil
from pathlib import Path

import openpyxl
import pytest
from wcwidth import wcswidth

from portfolio.io.appendix_layout import appendix_lines
from portfolio.io.export import export_projects
from portfolio.io.xlsx_print import Block, display_width, keep_blocks, plan_breaks, text_lines
from portfolio.review.compute import review
from portfolio.review.dispatch import dispatch
from portfolio.review.report import write_review

AS_OF = date(2023, 12, 31)


def _with_progress(repo) -> None:
    """Progress reported before the review date (the review reads the log as of that date)."""
    reported = date(2023, 6, 30)
    repo.update("W01", {"status": "in_progress", "progress_percent": 30, "completed_investment": 800,
                        "planned_investment": 5000}, when=reported, note="水源地规范化建设推进中")
    repo.update("A01", {"status": "in_progress", "progress_percent": 70, "completed_investment": 5000},
                when=reported)
    repo.update("R01", {"status": "completed", "progress_percent": 100, "completed_investment": 1200},
                when=reported)


@pytest.fixture
def workbooks(repo, tmp_path) -> dict[str, Path]:
    _with_progress(repo)
    out = {"flat": tmp_path / "flat.xlsx", "appendix": tmp_path / "appendix.xlsx",
           "review": tmp_path / "review.xlsx"}
    export_projects(repo.projects(), out["flat"])
    export_projects(repo.projects(), out["appendix"], layout="appendix")
    write_review(review(repo.projects(), AS_OF), out["review"])
    [out["form"]] = dispatch(repo, tmp_path / "form.xlsx", AS_OF, unit="市生态环境局")
    return out


def _merged_extent(ws) -> dict[str, tuple[float, float]]:
    """Top-left cell of each merged range -> (width in "0"s, height in points)."""
    extent = {}
    for rng in ws.merged_cells.ranges:
        width = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8.43
                    for c in range(rng.min_col, rng.max_col + 1))
        height = sum(ws.row_dimensions[r].height or 15 for r in range(rng.min_row, rng.max_row + 1))
        extent[f"{openpyxl.utils.get_column_letter(rng.min_col)}{rng.min_row}"] = (width, height)
    return extent


def _needed_lines(text: str, width: float) -> int:
    # independent of the code under test: wcwidth's count against the full column width
    return sum(max(1, ceil(max(wcswidth(line), 0) / width)) for line in text.split("\n"))


@pytest.mark.parametrize("name", ["flat", "appendix", "review", "form"])
def test_every_sheet_prints_on_a4_one_page_wide_with_header_and_footer(workbooks, name):
    wb = openpyxl.load_workbook(workbooks[name])
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        # A4, or A3 where A4 would print the text below 9 pt (the flat export's 15 columns)
        paper = int(ws.page_setup.paperSize)
        assert paper == int(ws.PAPERSIZE_A3 if name == "flat" else ws.PAPERSIZE_A4), ws.title
        assert ws.page_setup.orientation == "landscape", ws.title  # every table here is wide
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0, ws.title
        if name == "review" and ws.title == "汇总":
            # two short tables, then the charts on a page of their own: no row repeats (a
            # repeated header stood alone above the charts)
            assert not ws.print_title_rows, ws.title
        else:
            assert ws.print_title_rows, ws.title
            header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
            assert ws.cell(header_row, 1).font.bold, ws.title  # the repeated row is the table header
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页", ws.title
        assert ws["A1"].value and ws["A1"].font.bold, ws.title  # a title row
        assert ws.row_dimensions[1].height >= 14 * 1.2


@pytest.mark.parametrize("name", ["flat", "appendix", "review", "form"])
def test_row_heights_hold_their_wrapped_text(workbooks, name):
    wb = openpyxl.load_workbook(workbooks[name])
    checked = 0
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        extent = _merged_extent(ws)
        inside_merge = {(r, c) for rng in ws.merged_cells.ranges for r in range(rng.min_row, rng.max_row + 1)
                        for c in range(rng.min_col, rng.max_col + 1)} - {
            (rng.min_row, rng.min_col) for rng in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or (cell.row, cell.column) in inside_merge:
                    continue
                if cell.coordinate in extent:
                    width, height = extent[cell.coordinate]
                else:
                    width = ws.column_dimensions[cell.column_letter].width or 8.43
                    height = ws.row_dimensions[cell.row].height
                assert height is not None, (ws.title, cell.coordinate)
                size = cell.font.size or 11
                lines = _needed_lines(cell.value, width)
                assert height >= lines * 1.2 * size, (ws.title, cell.coordinate, height, lines)
                checked += 1
    assert checked > 30


def test_numbers_rates_and_amounts_are_typed_with_formats(workbooks):
    wb = openpyxl.load_workbook(workbooks["review"])
    summary = wb["汇总"]
    header = [c.value for c in summary[4]]
    total = next(row for row in summary.iter_rows(min_row=5) if row[0].value == "合计")
    rate = total[header.index("完成率")]
    assert rate.data_type == "n" and rate.value == pytest.approx(1 / 34, abs=1e-4) and rate.number_format == "0.0%"
    assert total[header.index("项目数")].value == 34
    # the investment table below: the amounts over the projects that reported both, beside the rate
    start = next(row[0].row for row in summary.iter_rows(min_row=5) if row[2].value == "填报投资项目数")
    ih = [c.value for c in summary[start]]
    invested_total = next(row for row in summary.iter_rows(min_row=start + 1) if row[0].value == "合计")
    invested = invested_total[ih.index("已完成投资（万元）")]
    assert invested.number_format == "#,##0.00"
    planned = invested_total[ih.index("计划投资（万元）")].value
    assert invested_total[ih.index("投资完成率")].value == pytest.approx(invested.value / planned)
    late = wb["逾期及滞后"]
    lh = [c.value for c in late[2]]
    w01 = next(row for row in late.iter_rows(min_row=3) if row[0].value == "W01")
    assert w01[lh.index("进度")].value == pytest.approx(0.3) and w01[lh.index("进度")].number_format == "0.0%"
    assert isinstance(w01[lh.index("序时进度")].value, float)
    for ws in wb.worksheets:  # no number stored as text anywhere
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.rstrip("%").replace(",", "")
                            .replace(".", "").isdigit()), (ws.title, cell.coordinate, cell.value)
    flat = openpyxl.load_workbook(workbooks["flat"]).active
    fh = [c.value for c in flat[2]]
    w01 = next(row for row in flat.iter_rows(min_row=3) if row[0].value == "W01")
    assert w01[fh.index("计划投资（万元）")].number_format == "#,##0.00"
    form = openpyxl.load_workbook(workbooks["form"]).active
    expected = form.cell(5, 7)
    assert isinstance(expected.value, float) and expected.number_format == "0.0%"


def test_per_unit_sheets_are_titled_with_the_unit(workbooks):
    wb = openpyxl.load_workbook(workbooks["review"])
    ws = wb["鹿寨县"]  # the unit's canonical name (鹿寨县人民政府 as the plan writes it)
    assert ws["A1"].value.startswith("鹿寨县重点工程项目台账")
    roles = {row[0].value: row[1].value for row in ws.iter_rows(min_row=3)}
    assert roles["W05"] == "牵头" and roles["W01"] == "参与"  # W01: 各县区人民政府, its group
    assert "鹿寨县人民政府" not in wb.sheetnames and "各县区人民政府" not in wb.sheetnames


def test_review_pack_has_native_bar_charts(workbooks):
    with zipfile.ZipFile(workbooks["review"]) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 2
        xml = [z.read(n).decode("utf-8") for n in charts]
    assert all("<barChart>" in x for x in xml)
    assert any("<f>'汇总'!$L$5:$L$10</f>" in x for x in xml)  # the completion rates of the six categories
    assert any('<grouping val="stacked"/>' in x and "<f>'汇总'!$D$5:$D$10</f>" in x for x in xml)  # states


def test_dispatch_form_has_a_signature_block_and_borders(workbooks):
    wb = openpyxl.load_workbook(workbooks["form"])
    ws = [s for s in wb.worksheets if s.sheet_state != "hidden"][-1]  # after the last rows of the last sheet
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    first = [c.value for row in wb.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert ws is not wb.active and "填报人：" not in first
    for label in ("填报单位（盖章）：", "填报人：", "联系电话："):
        assert label in texts
    assert any(t.startswith("填报日期：") for t in texts)
    assert ws.cell(5, 1).border.left.style == "thin"
    assert ws.print_title_rows == "$4:$4"


def test_appendix_page_breaks_keep_headings_and_merged_cells(repo, tmp_path):
    projects = repo.projects() * 4  # many pages
    out = tmp_path / "big.xlsx"
    export_projects(projects, out, layout="appendix")
    ws = openpyxl.load_workbook(out).active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) >= 10
    headings = {r for r in range(3, ws.max_row + 1) if ws.cell(r, 2).value is None and ws.cell(r, 1).value}
    groups = [(rng.min_row, rng.max_row) for rng in ws.merged_cells.ranges
              if rng.min_col == 1 and rng.max_col == 1]
    for row in breaks:
        assert row not in headings, f"a heading ends a page at row {row}"
        assert not any(first <= row < last for first, last in groups if
                       sum(ws.row_dimensions[r].height for r in range(first, last + 1)) < 400), row


def test_plan_breaks_never_leaves_a_heading_at_a_page_end():
    heights = {3: 20.0, 4: 100.0, 5: 100.0, 6: 20.0, 7: 100.0, 8: 100.0}
    blocks = keep_blocks(heights, groups=[(4, 5), (7, 8)], keep_with_next=[3, 6])
    assert [(b.first, b.last) for b in blocks] == [(3, 5), (6, 8)]
    assert plan_breaks(blocks, capacity=300) == [5]  # 6 (a heading) moves to the next page
    # a block taller than a page starts a page and breaks between its own rows
    assert plan_breaks([Block(1, (50.0,)), Block(2, (200.0, 200.0, 200.0))], capacity=450) == [1, 3]


def test_display_width_is_wcwidth_for_cjk_and_never_less_elsewhere():
    for text in ["柳州市生态环境局", "abc 123", "建设规模：45.8公里（含“十四五”）", "é—ü", "🙂"]:
        assert display_width(text) >= wcswidth(text)
    assert display_width("柳州市生态环境局") == wcswidth("柳州市生态环境局") == 16
    assert text_lines("甲" * 40, 23) == 4 and text_lines("第一行\n第二行", 40) == 2


def test_appendix_rows_and_merges_match_layout(repo, tmp_path):
    out = tmp_path / "a.xlsx"
    export_projects(repo.projects(), out, layout="appendix")
    ws = openpyxl.load_workbook(out).active
    lines = appendix_lines(repo.projects())
    assert ws.max_row == 2 + len(lines)


def _printed_pt(ws) -> float:
    """The size the sheet's body text prints at: font × the fit-to-one-page-wide scale, from the
    file alone (paper, orientation, margins, column widths)."""
    short, long = {int(ws.PAPERSIZE_A4): (595.3, 841.9), int(ws.PAPERSIZE_A3): (841.9, 1190.6)}[
        int(ws.page_setup.paperSize)]
    paper_w = long if ws.page_setup.orientation == "landscape" else short
    printable = paper_w - (ws.page_margins.left + ws.page_margins.right) * 72
    columns = sum((ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width * 7 + 5) * 0.75
                  for c in range(1, ws.max_column + 1))
    return (ws.cell(3, 2).font.size or 11) * min(1.0, printable / columns)


def test_flat_export_prints_legibly(repo, tmp_path):
    """15 default columns on A3 landscape at 9.8 pt (they printed at 5.5 pt on one A4 width); a
    few chosen columns stay on A4; long texts wrap in the widest columns; typed cells."""
    _with_progress(repo)
    out = tmp_path / "flat.xlsx"
    export_projects(repo.projects(), out)
    ws = openpyxl.load_workbook(out).active
    assert ws.max_column == 15
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A3) and ws.page_setup.orientation == "landscape"
    assert round(_printed_pt(ws), 1) == 9.8
    assert (ws.page_margins.left, ws.page_margins.right) == (0.4, 0.4)
    # a Chinese face as the default and cell font: columns are counted in its "0"s everywhere
    # (LibreOffice without Calibri laid them out a third wider and printed at 7.7 pt)
    assert ws.cell(3, 5).font.name == ws.cell(2, 1).font.name == "宋体"
    assert openpyxl.load_workbook(out)._fonts[0].name == "宋体"
    widths = {ws.cell(2, c).value: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
              for c in range(1, 16)}
    assert max(widths, key=widths.__getitem__) == "项目内容" and widths["编号"] == 6
    w01 = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "W01")
    assert ws.cell(w01, 5).alignment.wrap_text and ws.cell(w01, 13).value == 800  # typed number
    # rows no taller than their text: the W01 row is as tall as its longest wrapped cell
    content = ws.cell(w01, 5).value
    lines = ceil(wcswidth(content) / ((widths["项目内容"] - 1) / 1.1))
    assert ws.row_dimensions[w01].height <= lines * 1.35 * 11 + 4 + 0.1
    small = tmp_path / "small.xlsx"
    export_projects(repo.projects(), small, columns=["code", "name", "status", "progress_percent"])
    ws = openpyxl.load_workbook(small).active
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and _printed_pt(ws) == 11


def test_appendix_fills_its_pages(repo, tmp_path):
    """Every page but the last is full (the row after its end would not have fitted), a page
    never ends on a heading, a subcategory going on over a break is merged and named on each
    page, and the last page holds more than one row."""
    from portfolio.io.xlsx import APPENDIX_WIDTHS
    from portfolio.io.xlsx_print import page_capacity

    projects = repo.projects() * 3
    out = tmp_path / "big.xlsx"
    export_projects(projects, out, layout="appendix")
    ws = openpyxl.load_workbook(out).active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) >= 5
    height = {r: ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)}
    capacity = page_capacity(APPENDIX_WIDTHS, landscape=True, repeated=height[2])
    headings = {r for r in range(3, ws.max_row + 1) if ws.cell(r, 2).value is None and ws.cell(r, 1).value}
    starts = [3, *(b + 1 for b in breaks)]
    ends = [*breaks, ws.max_row]
    for n, (first, last) in enumerate(zip(starts, ends, strict=True)):
        used = sum(height[r] for r in range(first, last + 1)) + (height[1] if n == 0 else 0)
        assert used <= capacity + 0.01, (first, last)
        if last < ws.max_row:
            nxt = height[last + 1] + (height[last + 2] if last + 1 in headings else 0)
            assert used + nxt > capacity - 0.01, f"page {n + 1} could hold row {last + 1}"
            assert last not in headings
    assert ends[-1] - starts[-1] >= 1  # not a single row on the last page
    merges = [(rng.min_row, rng.max_row) for rng in ws.merged_cells.ranges if rng.min_col == rng.max_col == 1]
    assert not any(a <= b < z for a, z in merges for b in breaks)
    assert all(p.subcategory for p in projects)
    for b in breaks:  # the group going on over the break is named again at the top of the page
        assert ws.cell(b + 1, 1).value, b
