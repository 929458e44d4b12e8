"""Regenerate the README's pictures of the documents: the Word review report and the appendix
XLSX, rendered as a reader sees them (LibreOffice -> PDF -> PNG, through the shared
``render-docs`` tool, or ``soffice`` and ``pdftoppm`` directly), a few pages each, 900 px wide.

    .venv/bin/python scripts/readme_pictures.py [--out docs/pictures]

The data: a copy of data/projects.json with some progress reported before the mid-term review
(so that the report has overdue and behind projects, notes and investment); the tracked file is
never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio.i18n import set_language  # noqa: E402
from portfolio.io.export import export_projects  # noqa: E402
from portfolio.review.compute import review  # noqa: E402
from portfolio.review.docx_report import docx_report  # noqa: E402
from portfolio.store.file import Repository  # noqa: E402

RENDER_DOCS = Path(os.environ.get("RENDER_DOCS", "/work/shared/tools/render-docs"))
WIDTH = 900
AS_OF = date(2023, 12, 31)
ISSUED = date(2024, 1, 15)
# (code, changes, reported on, note): what units reported before the mid-term review
REPORTS = [
    ("W01", {"status": "in_progress", "progress_percent": 30, "completed_investment": 800}, date(2023, 6, 30),
     "水源地规范化建设推进中，部分监测设施已安装"),
    ("W02", {"status": "in_progress", "progress_percent": 20, "completed_investment": 150}, date(2023, 9, 30),
     "已完成流域调查方案编制"),
    ("W03", {"status": "in_progress", "progress_percent": 60, "completed_investment": 2500}, date(2023, 12, 20),
     "截污纳管主体完工，清淤进行中"),
    ("W04", {"status": "in_progress", "progress_percent": 80, "completed_investment": 1800,
             "planned_investment": 3000}, date(2023, 12, 10), "流域监管平台已上线试运行"),
    ("W05", {"status": "in_progress", "progress_percent": 40}, date(2023, 9, 1), "鹿寨县四排镇试点已开工"),
    ("W05", {"status": "completed", "progress_percent": 100}, date(2024, 3, 1), "已完成验收"),
    ("W06", {"status": "in_progress", "progress_percent": 25, "completed_investment": 300}, date(2023, 11, 30),
     "已完成2个村屯黑臭水体整治，其余资金未落实"),
    ("A01", {"status": "in_progress", "progress_percent": 70, "completed_investment": 5000}, date(2023, 10, 31),
     "超低排放改造主体工程完工"),
    ("S01", {"status": "in_progress", "progress_percent": 50, "completed_investment": 300}, date(2023, 12, 15),
     "土壤污染状况调查已完成一半"),
    ("R01", {"status": "completed", "progress_percent": 100, "completed_investment": 1200}, date(2023, 5, 20),
     "项目已投运"),
    ("C01", {"status": "in_progress", "progress_percent": 5}, date(2023, 7, 1), "前期工作滞后，资金未落实"),
    ("K01", {"status": "in_progress", "progress_percent": 40, "completed_investment": 200}, date(2023, 12, 1),
     "监测能力建设设备采购中"),
    ("K02", {"status": "in_progress", "progress_percent": 55, "planned_investment": 900,
             "completed_investment": 400}, date(2023, 11, 15), "已完成系统招标"),
]


def sample_repository(folder: Path) -> Repository:
    db = folder / "projects.json"
    shutil.copyfile(ROOT / "data" / "projects.json", db)
    repo = Repository.open(db)
    for code, changes, when, note in REPORTS:
        repo.update(code, changes, when=when, note=note)
    return repo


def to_pdf(document: Path, folder: Path) -> Path:
    """LibreOffice's PDF of ``document`` (through render-docs, which maps the office fonts)."""
    if RENDER_DOCS.exists():
        subprocess.run([str(RENDER_DOCS), "-r", "20", "-o", str(folder), str(document)], check=True,
                       stdout=subprocess.DEVNULL)
    else:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(document)],
                       check=True, stdout=subprocess.DEVNULL)
    return folder / (document.stem + ".pdf")


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def _squeeze(text: str) -> str:
    return "".join(text.split())


def first_page_with(pdf: Path, text: str, *, starting: bool = False) -> int:
    """The first page holding ``text`` (or starting with it), white space ignored."""
    wanted = _squeeze(text)
    for page in range(1, page_count(pdf) + 1):
        found = _squeeze(page_text(pdf, page))
        if (found.startswith(wanted) if starting else wanted in found):
            return page
    raise SystemExit(f"{pdf.name}: no page holds {text!r}")


def picture(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-singlefile", "-png", "-scale-to-x", str(WIDTH),
                    "-scale-to-y", "-1", str(pdf), str(stem)], check=True)
    _shrink(target)
    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  (page {page})")


def _shrink(target: Path) -> None:
    """64 colours instead of 24-bit (a third of the size) when Pillow is installed."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(target) as im:
        small = im.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pictures")
    args = parser.parse_args()
    set_language("zh_CN")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="readme-pictures-") as tmp:
        folder = Path(tmp)
        repo = sample_repository(folder)
        report = folder / "review_report.docx"
        report.write_bytes(docx_report(review(repo.projects(), AS_OF), issued=ISSUED))
        appendix = folder / "appendix.xlsx"
        export_projects(repo.projects(), appendix, layout="appendix")
        pdf = to_pdf(report, folder)
        pages = {"report-1-title.png": 1,
                 "report-2-overdue.png": first_page_with(pdf, "三、逾期和滞后项目"),
                 "report-3-signature.png": first_page_with(pdf, "2024年1月15日"),
                 "report-4-annex.png": first_page_with(pdf, "附件 重点工程项目进展情况表", starting=True)}
        for name, page in pages.items():
            picture(pdf, page, args.out / name)
        pdf = to_pdf(appendix, folder)
        for page in (1, 2):
            picture(pdf, page, args.out / f"appendix-xlsx-{page}.png")


if __name__ == "__main__":
    main()
