"""Every format read back by a real reader and compared with the database."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import openpyxl
import pytest
from wcwidth import wcswidth

from portfolio.cli import main
from portfolio.errors import PortfolioError
from portfolio.io.appendix_layout import appendix_lines
from portfolio.io.export import export_projects
from portfolio.records.project.model import project_dict
from portfolio.records.project.query import select
from portfolio.store import Repository


def test_csv_has_bom_34_rows_and_rfc4180_quoting(repo, tmp_path):
    repo.update("W02", {"content": '第一行\n第二行，含"引号"'})
    out = tmp_path / "p.csv"
    export_projects(repo.projects(), out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 35 and rows[0][0] == "编号"
    assert [r[0] for r in rows[1:]] == [p.code for p in repo.projects()]
    w02 = rows[2]
    assert w02[rows[0].index("项目内容")] == '第一行\n第二行，含"引号"'
    assert b'"\xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c\r\n' not in raw  # newline kept as in the value
    assert '"第一行\n第二行，含""引号"""' in raw.decode("utf-8-sig")


def test_xlsx_flat_typed_cells_header_filter(repo, tmp_path):
    repo.update("W01", {"progress_percent": 37.5, "planned_investment": 1200})
    out = tmp_path / "p.xlsx"
    export_projects(repo.projects(), out)
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.max_row == 36 and ws["A1"].value == "重点工程项目"  # the title, then the header
    header = [c.value for c in ws[2]]
    assert header[:3] == ["编号", "类别", "子类"] and ws["A2"].font.bold
    assert ws.auto_filter.ref == f"A2:{ws.cell(2, len(header)).column_letter}36"
    assert ws.freeze_panes == "B3"
    row = {h: c.value for h, c in zip(header, ws[3], strict=False)}
    assert row["开始年份"] == 2021 and isinstance(row["结束年份"], int)
    assert row["进度"] == 37.5 and row["计划投资（万元）"] == 1200
    assert row["责任单位"] == "市生态环境局、各相关县区人民政府"
    assert row["状态"] == "实施中"  # progress reported: in progress (the progress rule)


def test_xlsx_appendix_layout(repo, tmp_path):
    out = tmp_path / "a.xlsx"
    export_projects(repo.projects(), out, layout="appendix")
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "重点工程项目"
    assert [c.value for c in ws[2]] == ["类别", "项目名称", "项目内容", "建设年限", "责任单位"]
    assert ws["A3"].value == "一、碧水工程"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:E1" in merged and "A3:E3" in merged  # the title, the category heading across the table
    assert ws["A4"].value == "（一）饮用水水源保护"
    assert ws["A5"].value == "（二）西江流域保护" and "A5:A7" in merged  # W02-W04 share it
    assert ws["C4"].alignment.wrap_text
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    names = [ws.cell(r, 2).value for r in range(3, ws.max_row + 1) if ws.cell(r, 2).value]
    assert len(names) == 34
    headings = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)
                if str(ws.cell(r, 1).value or "").endswith("工程") and "、" in str(ws.cell(r, 1).value)]
    assert headings == ["一、碧水工程", "二、蓝天工程", "三、净土工程", "四、清废工程", "五、应对气候变化工程",
                        "六、能力建设工程"]
    # content followed by its scale
    w05_row = names.index("柳州市农村黑臭水体治理试点项目")
    assert any("建设规模：在柳州市鹿寨县四排镇" in str(ws.cell(r, 3).value) for r in range(2, ws.max_row + 1))
    assert w05_row >= 0


def test_appendix_lines_match_the_plan(repo):
    lines = appendix_lines(repo.projects())
    assert sum(1 for line in lines if line.heading) == 6
    assert sum(1 for line in lines if line.project) == 34
    s01 = next(line for line in lines if line.project and line.project.code == "S01")
    assert s01.cells[0] == "（一）建设用地污染防控" and s01.group_size == 8


def test_markdown_aligned_rows(repo, tmp_path):
    out = tmp_path / "w.md"
    export_projects(select(repo.projects(), "cat:清废"), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 + 4
    assert {wcswidth(line) for line in lines} == {wcswidth(lines[0])}  # every line equally wide
    assert all(line.startswith("| R0") for line in lines[2:])


def test_txt_grid_is_aligned(repo, tmp_path):
    out = tmp_path / "w.txt"
    export_projects(select(repo.projects(), "cat:清废"), out, columns=["code", "name", "years", "units"])
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line]
    assert len({wcswidth(line) for line in lines}) == 1


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._in = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.rows[-1][-1] += data


def test_html_escaped_and_complete(repo, tmp_path):
    repo.update("W01", {"name": "<script>alert(1)</script> & “引号”"})
    out = tmp_path / "p.html"
    export_projects(repo.projects(), out)
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    parser = _Cells()
    parser.feed(text)
    assert len(parser.rows) == 36 and parser.rows[0] == ["重点工程项目"]  # the visible title, the header, 34 rows
    assert parser.rows[2][3].strip() == "<script>alert(1)</script> & “引号”"


def test_json_is_the_records(repo, tmp_path):
    out = tmp_path / "p.json"
    export_projects(repo.projects(), out)
    assert json.loads(out.read_text(encoding="utf-8")) == [project_dict(p) for p in repo.projects()]
    out2 = tmp_path / "a.json"
    export_projects(repo.projects(), out2, layout="appendix")
    data = json.loads(out2.read_text(encoding="utf-8"))
    assert next(c["heading"] for c in data) == "一、碧水工程"
    assert sum(len(s["projects"]) for c in data for s in c["subcategories"]) == 34


def test_neutralize_every_trigger():
    from portfolio.io.flat import neutralize, unneutralize

    for value in ["=1", "+1", "-1", "@x", "\t=x", "\r=x"]:
        assert neutralize(value) == "'" + value and unneutralize(neutralize(value)) == value
    assert neutralize("柳州") == "柳州" and unneutralize("'柳州") == "'柳州"


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2+3", "@SUM(1)", "=HYPERLINK(\"x\")"])
def test_formula_injection_neutralized_in_csv_and_xlsx(repo, tmp_path, value):
    repo.update("R01", {"name": value})
    out = tmp_path / "p.csv"
    export_projects(repo.projects(), out)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    r01 = next(r for r in rows if r[0] == "R01")
    assert r01[3] == "'" + value
    out = tmp_path / "p.xlsx"
    export_projects(repo.projects(), out)
    ws = openpyxl.load_workbook(out).active
    cell = next(row[3] for row in ws.iter_rows(min_row=3) if row[0].value == "R01")
    assert cell.data_type == "s" and cell.value == value
    # also in the appendix layout
    out = tmp_path / "a.xlsx"
    export_projects(repo.projects(), out, layout="appendix")
    ws = openpyxl.load_workbook(out).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_english_headers_and_labels(repo, tmp_path, english):
    out = tmp_path / "p.csv"
    export_projects(repo.projects()[:1], out)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["Code", "Category", "Subcategory", "Name"]
    assert rows[1][rows[0].index("Status")] == "not reported"
    assert rows[1][3] == "柳州市集中式饮用水水源水环境保护项目"  # data stays as the plan wrote it


def test_bad_format_column_folder(repo, tmp_path):
    with pytest.raises(PortfolioError, match="pdf"):
        export_projects(repo.projects(), tmp_path / "x.pdf")
    with pytest.raises(PortfolioError, match="colour"):
        export_projects(repo.projects(), tmp_path / "x.csv", columns=["code", "colour"])
    with pytest.raises(PortfolioError):
        export_projects(repo.projects(), tmp_path / "missing" / "x.csv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md", "html", "json", "txt"])
def test_cli_export_every_format(capsys, db_path, tmp_path, fmt):
    out = tmp_path / f"p.{fmt}"
    assert main(["export", "--format", fmt, "-o", str(out), "--db", str(db_path)]) == 0
    assert "34" in capsys.readouterr().out and out.stat().st_size > 1000


def test_cli_export_where_md(capsys, db_path, tmp_path):
    out = tmp_path / "w.md"
    main(["export", "--where", "cat:清废", "--format", "md", "-o", str(out), "--db", str(db_path)])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6 and len({wcswidth(line) for line in lines}) == 1


def test_export_does_not_touch_database(db_path, tmp_path):
    before = db_path.read_bytes()
    export_projects(Repository.open(db_path).projects(), tmp_path / "x.xlsx")
    assert db_path.read_bytes() == before


def test_large_export_reports_progress(repo, tmp_path):
    from portfolio.tracking import WRITING, tracking

    seen: list[tuple[int, int | None]] = []

    class Recorder:  # the one progress mechanism (portfolio.tracking), as the CLI and UI use it
        done, total, label = 0, None, ""

        def stage(self, label, total=None):
            self.label, self.done, self.total = label, 0, total

        def advance(self, n=1):
            self.done += n
            if self.label == WRITING:
                seen.append((self.done, self.total))

    projects = repo.projects() * 60  # 2040 rows
    with tracking(Recorder()):
        export_projects(projects, tmp_path / "big.xlsx")
    assert seen[-1] == (2040, 2040) and len(seen) >= 3
    assert openpyxl.load_workbook(tmp_path / "big.xlsx").active.max_row == 2042


