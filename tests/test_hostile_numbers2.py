"""Issue 19, numbers mean one thing: one parser for every number typed or imported (``5,0``,
``0,5``, ``1_0`` refused with the cell named, ``5,000`` read), ``review --margin`` finite and
0–100, report dates from the year before the plan to today, and no traceback on a huge year."""

from __future__ import annotations

import csv
import math
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.cli import main
from portfolio.numbers import NumberError, parse_number

REFUSED = ["5,0", "0,5", "1_0", "5.000,5", "1,00", "12,3456", "nan", "inf", "-inf", "1e999", "５０", "", "5 000",
           "0x10", "1,", ",5", "+", "1.2.3"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("text", REFUSED)
def test_the_parser_refuses_what_could_mean_two_things(text: str):
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize(("text", "value"), [("5,000", 5000), ("1,234,567.5", 1234567.5), ("5000", 5000),
                                             (" 7 ", 7), ("-3", -3), (".5", 0.5), ("2.5e3", 2500.0)])
def test_the_parser_reads_numbers_in_their_proper_form(text: str, value: float):
    assert parse_number(text) == value


def test_percent_signs_only_where_a_percent_is_read():
    assert parse_number("50%", percent=True) == 50 and parse_number("50 ％", percent=True) == 50
    with pytest.raises(NumberError):
        parse_number("50%")


@given(st.integers(-10**12, 10**12))
def test_fuzz_integers_with_and_without_thousands(n: int):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_fuzz_finite_floats_read_back(x: float):
    assert parse_number(repr(x)) == x


@given(st.text(max_size=12))
def test_fuzz_any_text_is_a_finite_number_or_refused(text: str):
    try:
        value = parse_number(text)
    except NumberError as exc:
        assert "\n" not in str(exc)
        return
    assert math.isfinite(value)
    # what was read is what an unambiguous reading gives
    assert "_" not in text and not re.search(r",\d{0,2}(?!\d)|,\d{4}", text)


def _csv_with(db: Path, folder: Path, column: str, value: str, capsys) -> Path:
    exported = folder / "all.csv"
    assert run(capsys, "export", "-o", str(exported), "--db", str(db))[0] == 0
    rows = list(csv.reader(exported.open(encoding="utf-8-sig")))
    rows[1][rows[0].index(column)] = value
    target = folder / "edited.csv"
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return target


@pytest.mark.parametrize("value", ["5,0", "0,5", "1_0"])
@pytest.mark.parametrize("column", ["进度", "计划投资（万元）"])
def test_csv_import_refuses_an_ambiguous_number_naming_the_cell(capsys, db_path, tmp_path, value, column):
    source = _csv_with(db_path, tmp_path, column, value, capsys)
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "import", str(source), "--db", str(db_path))
    assert code == 1 and "第 2 行" in err and column in err and value in err, err
    assert err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_csv_import_reads_thousands_in_their_proper_form(capsys, db_path, tmp_path):
    source = _csv_with(db_path, tmp_path, "计划投资（万元）", "5,000", capsys)
    code, out, err = run(capsys, "import", str(source), "--db", str(db_path))
    assert code == 0, err
    assert "5,000.00" in out


def test_xlsx_import_refuses_an_ambiguous_number_naming_the_cell(capsys, db_path, tmp_path):
    from openpyxl import load_workbook

    exported = tmp_path / "all.xlsx"
    assert run(capsys, "export", "-o", str(exported), "--db", str(db_path))[0] == 0
    wb = load_workbook(exported)
    ws = wb.active
    assert ws is not None
    headers = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))]  # below the title row
    ws.cell(row=3, column=headers.index("进度") + 1, value="5,0")
    wb.save(exported)
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "import", str(exported), "--db", str(db_path))
    assert code == 1 and "进度" in err and "5,0" in err, err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("value", ["5,0", "1_0", "nan"])
def test_set_uses_the_same_parser(capsys, db_path, value):
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "set", "W01", f"progress={value}", "--db", str(db_path))
    assert code == 1 and value in err and err.count("\n") == 1
    code, _out, err = run(capsys, "set", "LZS2022W-05", f"progress={value}", "--kind", "task", "--db", str(db_path))
    assert code == 1 and value in err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("margin", ["nan", "inf", "-5", "101", "-inf", "5,0"])
def test_review_margin_is_finite_and_within_0_100(capsys, db_path, margin):
    code, out, err = run(capsys, "review", "--margin", margin, "--db", str(db_path))
    assert code == 2 and out == "" and "--margin" in err and err.count("\n") == 1


def test_review_margin_within_bounds_is_taken(capsys, db_path):
    assert run(capsys, "review", "--margin", "0", "--db", str(db_path))[0] == 0
    assert run(capsys, "review", "--margin", "100", "--db", str(db_path))[0] == 0


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31", "2019-12-31", str(date.today() + timedelta(days=1))])
def test_report_dates_from_the_year_before_the_plan_to_today(capsys, db_path, when):
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "set", "W01", "progress=5", "--date", when, "--db", str(db_path))
    assert code == 2 and when in err and err.count("\n") == 1
    code, _out, err = run(capsys, "report", "I25", "2023", "57", "--date", when, "--db", str(db_path))
    assert code == 2 and when in err
    assert db_path.read_bytes() == before
    assert run(capsys, "set", "W01", "progress=5", "--date", "2020-01-01", "--db", str(db_path))[0] == 0


def test_the_repository_refuses_an_out_of_range_report_date(repo):
    from portfolio.errors import InvalidProject

    with pytest.raises(InvalidProject, match="9999-12-31"):
        repo.update("W01", {"progress_percent": 5}, when=date(9999, 12, 31))


@pytest.mark.parametrize("year", ["99999999999999999999999", "-1", "20x3", "２０２３"])
def test_report_of_a_huge_year_is_one_line(capsys, db_path, year):
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "report", "I25", year, "57", "--db", str(db_path))
    assert code in (1, 2) and err.count("\n") == 1 and "Traceback" not in err
    assert db_path.read_bytes() == before
