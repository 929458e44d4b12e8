"""HTML exports print: <title>, <meta charset>, @page A4 landscape, header in <thead>, rows kept
whole; the appendix layout has the plan's merged cells (colspan headings, rowspan subcategories)."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from portfolio.io.appendix_layout import appendix_lines
from portfolio.io.export import export_projects


class _Table(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, dict[str, str | None]]]] = []
        self.title = ""
        self.style = ""
        self.meta: list[dict[str, str | None]] = []
        self.thead = 0
        self._where: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append(("", a))
        elif tag == "thead":
            self.thead += 1
        elif tag == "meta":
            self.meta.append(a)
        self._where = tag

    def handle_endtag(self, tag):
        self._where = None

    def handle_data(self, data):
        if self._where in ("td", "th") and self.rows and self.rows[-1]:
            text, a = self.rows[-1][-1]
            self.rows[-1][-1] = (text + data, a)
        elif self._where == "title":
            self.title += data
        elif self._where == "style":
            self.style += data


def _parse(path) -> _Table:
    parser = _Table()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_appendix_html_has_the_plans_spans_and_print_rules(repo, tmp_path):
    out = tmp_path / "a.html"
    export_projects(repo.projects(), out, layout="appendix")
    t = _parse(out)
    assert t.title.strip() == "重点工程项目" and {"charset": "utf-8"} in t.meta and t.thead == 1
    assert "@page { size: A4 landscape" in t.style
    assert "break-inside: avoid" in t.style and "display: table-header-group" in t.style
    lines = appendix_lines(repo.projects())
    # a visible title: the first row of the repeated header, across the table
    assert t.rows[0] == [("重点工程项目", {"colspan": "5"})]
    t.rows = t.rows[1:]
    assert len(t.rows) == 1 + len(lines)
    headings = [row for row in t.rows[1:] if len(row) == 1]
    assert [text for ((text, _a),) in headings][:2] == ["一、碧水工程", "二、蓝天工程"]
    assert all(a.get("colspan") == "5" for ((_t, a),) in headings) and len(headings) == 6
    spans = [int(a["rowspan"]) for row in t.rows for _t, a in row if a.get("rowspan")]
    assert spans == [line.group_size for line in lines if line.group_size > 1]
    # each grid row holds 5 cells, counting the cells spanning down into it
    covered = 0
    for row in t.rows[1:]:
        if len(row) == 1:
            continue
        width = len(row) + (1 if covered else 0)
        covered = max(covered - 1, 0)
        for _t, a in row:
            if a.get("rowspan"):
                covered = int(a["rowspan"]) - 1
        assert width == 5, row
    west = next(row for row in t.rows if row and row[0][0] == "（二）西江流域保护")
    assert west[0][1].get("rowspan") == "3"


def test_html_is_escaped_by_the_standard_library(repo, tmp_path):
    repo.update("W01", {"name": "<b>x</b> & \"y\""})
    for layout in ("flat", "appendix"):
        out = tmp_path / f"{layout}.html"
        export_projects(repo.projects(), out, layout=layout)
        text = out.read_text(encoding="utf-8")
        assert "<b>x</b>" not in text and "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;" in text


def test_flat_html_numbers_right_aligned(repo, tmp_path):
    repo.update("W01", {"planned_investment": 1200})
    out = tmp_path / "f.html"
    export_projects(repo.projects(), out)
    t = _parse(out)
    assert t.rows[0][0][0] == "重点工程项目"
    header = [text for text, _a in t.rows[1]]
    w01 = next(row for row in t.rows if row and row[0][0] == "W01")
    cell = w01[header.index("计划投资（万元）")]
    assert cell[0] == "1200" and cell[1].get("class") == "num"


@pytest.mark.skipif(not shutil.which("chromium") or not shutil.which("pdftotext"), reason="needs chromium, poppler")
def test_appendix_prints_in_chromium_with_a_title_and_rows_whole(repo, tmp_path):
    """Headless Chromium's print to PDF: the title on the first page, and no project row split
    over two pages (the end of each project's content is on the page its name starts on)."""
    projects = repo.projects()
    out = tmp_path / "a.html"
    export_projects(projects, out, layout="appendix")
    pdf = tmp_path / "a.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", out.as_uri()], capture_output=True, timeout=120, check=True)
    pages = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = ["".join(page.split()) for page in pages if page.strip()]
    assert len(pages) > 3 and pages[0].startswith("重点工程项目")
    for p in projects:
        start = next(n for n, page in enumerate(pages) if p.name[:8] in page)
        tail = "".join(p.content.split())[-8:]
        assert tail in pages[start], (p.code, start)
