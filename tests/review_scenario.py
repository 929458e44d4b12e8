"""A dated scenario on the bundled plan, reviewed as of 2023-12-31: fifteen progress reports (some
completed, one suspended, one cancelled, investments on some projects only, one dated after the
review), a binding indicator below its path (with a value of a later year that must be ignored),
one judged not met, and a task of the 2022 plan done. Used by the tests that read the review's
documents back the way a reviewer checks them."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from portfolio.records.indicator.report import report_value

AS_OF = date(2023, 12, 31)
REPORTS: list[tuple[str, date, dict[str, Any]]] = [
    ("W05", date(2023, 10, 1), {"status": "completed", "progress_percent": 100, "planned_investment": 500,
                                "completed_investment": 480}),
    ("S03", date(2023, 6, 30), {"status": "completed", "progress_percent": 100}),
    ("R01", date(2023, 11, 15), {"status": "completed", "progress_percent": 100, "planned_investment": 3000,
                                 "completed_investment": 3100}),
    ("S04", date(2023, 5, 1), {"status": "suspended", "progress_percent": 40}),
    ("K04", date(2023, 3, 1), {"status": "cancelled", "progress_percent": 0}),
    ("A01", date(2023, 9, 30), {"status": "in_progress", "progress_percent": 70}),
    ("R02", date(2023, 12, 1), {"status": "in_progress", "progress_percent": 50, "planned_investment": 2000,
                                "completed_investment": 900}),
    ("W01", date(2023, 12, 20), {"status": "in_progress", "progress_percent": 30, "planned_investment": 1200,
                                 "completed_investment": 300}),
    ("W02", date(2023, 12, 20), {"status": "in_progress", "progress_percent": 60}),
    ("W03", date(2023, 11, 30), {"status": "in_progress", "progress_percent": 55}),
    ("A03", date(2023, 8, 31), {"status": "in_progress", "progress_percent": 20, "planned_investment": 800}),
    ("C01", date(2023, 12, 10), {"status": "in_progress", "progress_percent": 70, "planned_investment": 4000,
                                 "completed_investment": 2500}),
    ("K02", date(2023, 10, 31), {"status": "in_progress", "progress_percent": 50, "completed_investment": 120}),
    ("S01", date(2023, 7, 31), {"status": "in_progress", "progress_percent": 10}),
    ("W06", date(2024, 3, 1), {"status": "completed", "progress_percent": 100}),  # after the review date
]


def apply_scenario(repo: Any) -> None:
    for code, when, changes in REPORTS:
        repo.update(code, changes, when=when)
    report_value(repo, "I03", 2023, "95", when=date(2023, 12, 20))  # binding, target 100: off its path
    report_value(repo, "I03", 2024, "100", when=date(2025, 1, 10))  # a later year: ignored in 2023
    report_value(repo, "I12", 2023, "未达到", when=date(2023, 12, 25), judgement="not_met")  # binding
    repo.update("LZS2022W-01", {"status": "completed", "progress_percent": 100}, when=date(2022, 11, 30),
                kind="task")


# -- reading tables back ------------------------------------------------------------------------------------
def number(text: Any) -> float | None:
    """A cell as a reviewer reads it: 1,234.50 → 1234.5, 97.3% → 97.3, '' → None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    t = str(text).strip().replace(",", "")
    if not t:
        return None
    t = t.rstrip("%")
    return float(t) if re.fullmatch(r"-?\d+(\.\d+)?", t) else None


def md_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """The pipe tables of a Markdown document: headers and rows of cell texts."""
    out = []
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if len(block) >= 2:
            cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in block]
            out.append((cells[0], cells[2:]))
        block = []
    return out
