"""Numbers from a hostile or careless user (issue 12 follow-up): inf, nan and absurd amounts are
refused before anything is written; the formatters never raise, so journals and databases
written before the limits still display."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.i18n import format_number, format_percent, set_language
from portfolio.limits import MAX_INVESTMENT_WAN
from portfolio.store.journal import journal_path
from portfolio.tables import money_text, percent_text


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("assignment", ["planned=1e308", "planned=inf", "completed=1e20", "progress=nan",
                                        "progress=inf", "planned=-inf", "completed=nan", "planned=1e11"])
def test_non_finite_and_absurd_amounts_are_refused_and_nothing_is_written(capsys, db_path, assignment):
    before = digest(db_path)
    code, _out, err = run(capsys, "set", "W01", assignment, "--db", str(db_path), "--lang", "en")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "W01" in err
    assert digest(db_path) == before
    assert not journal_path(db_path).exists() or "1e308" not in journal_path(db_path).read_text()
    for argv in (("show", "W01"), ("review", "--format", "json"), ("log", "W01")):
        assert run(capsys, *argv, "--db", str(db_path))[0] == 0


def test_nan_progress_says_not_a_number(capsys, db_path):
    code, _out, err = run(capsys, "set", "W01", "progress=nan", "--db", str(db_path), "--lang", "en")
    assert code == 1 and "not a finite number" in err and "at most" not in err


def test_largest_allowed_amount_is_accepted(capsys, db_path):
    code, _out, err = run(capsys, "set", "W01", f"planned={MAX_INVESTMENT_WAN:.0f}", "--db", str(db_path))
    assert code == 0, err
    assert run(capsys, "review", "--format", "json", "--db", str(db_path))[0] == 0


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("value", [1e308, -1e308, math.inf, -math.inf, math.nan, 1e20, 5e-324, 123456.789])
def test_formatters_never_raise(lang, value):
    set_language(lang)
    try:
        for digits in (None, 0, 2):
            assert format_number(value, digits)
        assert format_percent(value) and format_percent(value, 1)
        assert money_text(value) and percent_text(value)
    finally:
        set_language("zh_CN")
    assert format_number(123456.789, 2) in ("123,456.79",)


def test_database_written_before_the_limits_is_refused_in_one_line(capsys, db_path):
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["projects"]["W01"]["planned_investment"] = 1e308
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = digest(db_path)
    code, _out, err = run(capsys, "show", "W01", "--db", str(db_path), "--lang", "en")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert str(db_path) in err and "W01" in err and "planned_investment" in err
    assert digest(db_path) == before


def test_log_shows_old_journal_lines_with_huge_and_non_finite_amounts(capsys, db_path):
    assert run(capsys, "set", "W01", "planned=100", "--db", str(db_path))[0] == 0
    journal = journal_path(db_path)
    lines = journal.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-1])
    entry["after"]["planned_investment"] = 1e308
    extra = dict(entry, before={"completed_investment": None}, after={"completed_investment": 1e20})
    lines[-1] = json.dumps(entry)
    journal.write_text("\n".join([*lines, json.dumps(extra)]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "log", "W01", "--db", str(db_path))
    assert code == 0, err
    assert "Traceback" not in err
    assert "100,000,000,000,000,000,000.00" in out  # 1e20, as babel could not write it
    assert len([line for line in out.splitlines() if "W01" in line]) == 2  # 1e308 too
