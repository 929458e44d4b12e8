"""Fuzzing (hypothesis): whatever the input, the user gets a clear message, never a traceback."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portfolio.cli import main
from portfolio.errors import PortfolioError
from portfolio.io.flat import FLAT_FIELDS, flat_header
from portfolio.io.plan_text import read_plan_text
from portfolio.io.table_import import plan_import
from portfolio.store import Repository

pytestmark = pytest.mark.reliability

cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "2021-2023", "2025-2021", "碧水", "火星", "实施中", "=1+1", "-", "100", "-5",
                     "W01", "w1", "X99", "2023-13-01 | 50 | 实施中", "市生态环境局、", "\u3000", "NaN"]),
)
HEADERS = [flat_header(f) for f in FLAT_FIELDS]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=len(HEADERS) + 2), max_size=6),
       headers=st.one_of(st.just(HEADERS), st.lists(st.sampled_from([*HEADERS, "颜色", ""]), max_size=8)))
def test_fuzzed_csv_import_gives_a_clear_error_or_a_plan(db_path, tmp_path, rows, headers):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([headers, *rows])
    path = tmp_path / "fuzz.csv"
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    before = db_path.read_bytes()
    try:
        plan_import(Repository.open(db_path), path)
    except PortfolioError as exc:
        assert str(exc)
    assert db_path.read_bytes() == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_fuzzed_bytes_as_xlsx_or_csv(db_path, tmp_path, payload):
    for name in ("x.xlsx", "x.csv"):
        path = tmp_path / name
        path.write_bytes(payload)
        try:
            plan_import(Repository.open(db_path), path)
        except PortfolioError as exc:
            assert str(exc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(
    ["附件：规划重点工程项目", "\t一、碧水工程", "\t（一）子类", "\t名称", "\t2021-2023", "\t单位", "",
     "\t七、火星工程", "\t", "建设规模：x", "\t20xx"])), max_size=30))
def test_fuzzed_plan_text(tmp_path, lines):
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        projects = read_plan_text(path)
    except PortfolioError as exc:
        assert str(exc)
    else:
        assert projects


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
@example('"\r')  # found by this test: the message quoted the line break and became two lines
@example("foo\x01:bar")
def test_fuzzed_queries_through_the_cli(capsys, db_path, where):
    code = main(["list", "--where", where, "--format", "json", "--db", str(db_path)])
    _out, err = capsys.readouterr()
    assert code in (0, 1)
    if code == 1:
        assert err.startswith("错误：") and "Traceback" not in err and len(err.strip().splitlines()) == 1


