"""The fast path of views.tabulate writes exactly what tabulate writes."""

from __future__ import annotations

import random

import pytest
import tabulate as module

from portfolio.tables import _fast_table, tabulate

WORDS = ["柳州市", "生态环境局", "W01", "", "  空格  ", "“引号”…", "Mixed 中英", "100%", "50,000.00", "■ 红灯",
         "a|b", "-", "ｆｕｌｌ", "0", "1e5"]


def reference(rows, headers, fmt):
    module.WIDE_CHARS_MODE = True
    return module.tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)


@pytest.mark.parametrize("fmt", ["simple", "pipe"])
@pytest.mark.parametrize("seed", range(8))
def test_same_as_tabulate(fmt, seed):
    rng = random.Random(seed)
    ncols = rng.randint(1, 6)
    headers = [rng.choice(WORDS) or "h" for _ in range(ncols)]
    rows = [[rng.choice(WORDS) for _ in range(ncols)] for _ in range(rng.randint(0, 30))]
    assert _fast_table(rows, headers=headers, tablefmt=fmt, disable_numparse=True) is not None
    assert tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True) == reference(rows, headers, fmt)


@pytest.mark.parametrize("rows", [[["多行\n文字"]], [[1]], [["\x1b[31mred"]], [["a\x07"]]])
def test_other_cells_go_to_tabulate(rows):
    assert _fast_table(rows, headers=["h"], tablefmt="pipe", disable_numparse=True) is None
    assert tabulate(rows, headers=["h"], tablefmt="pipe", disable_numparse=True) == reference(rows, ["h"], "pipe")


def test_review_reports_unchanged(repo):
    from datetime import date

    from portfolio.review.compute import review
    from portfolio.review.report import project_table
    from portfolio.review.tables import category_table, unit_table

    r = review(repo.projects(), date(2023, 12, 31))
    tables = [(list(t.headers), t.text_rows()) for t in (category_table(r), unit_table(r))]
    for headers, rows in (*tables, project_table(r.items)):
        for fmt in ("simple", "pipe"):
            assert tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True) == reference(
                rows, headers, fmt)
