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




# -- hostile shapes (issue 12): XML inside xlsx/docx, control characters, sizes, paths -------------
XML_FRAGMENTS = [b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;", b"&lol9;", b"<", b">", b"&", b"]]>",
                 b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', b'<row r="999999999">',
                 b"\x00", b"\xff\xfe", b'<w:gridSpan w:val="99999999"/>', b'<w:vMerge w:val="x"/>',
                 b"<?xml version='1.0'?>", b"<!-- ", b"\xe4\xb8"]


def _mutate(data: bytes, cut: int | None, at: int, fragment: bytes) -> bytes:
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    i = at % (len(data) + 1)
    return data[:i] + fragment + data[i:]


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    import shutil

    from tests.conftest import BUNDLED
    from tests.hostile_files import flat_xlsx, plan_docx

    folder = tmp_path_factory.mktemp("sources")
    db = folder / "db.json"
    shutil.copyfile(BUNDLED, db)
    return {"db": db, "xlsx": flat_xlsx(Repository.open(db), folder), "docx": plan_docx(folder)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["xlsx", "docx"]), cut=st.one_of(st.none(), st.integers(0, 10**6)),
       at=st.integers(0, 10**6), fragment=st.one_of(st.sampled_from(XML_FRAGMENTS), st.binary(max_size=20)))
def test_fuzzed_xml_inside_xlsx_and_docx(sources, tmp_path, kind, cut, at, fragment):
    from portfolio.io.plan_docx import read_plan_docx
    from tests.hostile_files import rewrite_zip

    part = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    path = rewrite_zip(sources[kind], tmp_path / f"f.{kind}",
                       lambda name, data: _mutate(data, cut, at, fragment) if name == part else None)
    before = sources["db"].read_bytes()
    try:
        if kind == "xlsx":
            plan_import(Repository.open(sources["db"]), path)
        else:
            read_plan_docx(path)
    except PortfolioError as exc:
        assert str(exc) and "\n" not in str(exc)
    assert sources["db"].read_bytes() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ["\x07", "\x1b", "\x00", "\x9b", "\r", "\n", "\t", "\ufffe", "]", ";"]), min_size=1, max_size=20),
    field=st.sampled_from(["name", "content", "scale", "units", "sub"]))
def test_fuzzed_control_characters_through_set(capsys, db_path, tmp_path, text, field):
    import os

    code = main(["set", "W01", f"{field}={text}", "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    for stream in (out, err):
        assert not any(ch in stream for ch in "\x00\x07\x1b\x9b")
    if code == 1:
        assert len(err.strip().splitlines()) == 1
    else:  # stored: every writer takes it
        for fmt in ("xlsx", "csv", "md"):
            target = tmp_path / f"out.{fmt}"
            assert main(["export", "-o", str(target), "--db", str(db_path)]) == 0
            os.unlink(target)
        assert main(["show", "W01", "--db", str(db_path)]) == 0
        capsys.readouterr()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.integers(-3, 3))
def test_fuzzed_field_sizes_around_the_limit(repo, extra):
    from portfolio.errors import InvalidProject
    from portfolio.limits import MAX_FIELD_CHARS

    text = "污" * (MAX_FIELD_CHARS + extra)
    try:
        repo.update("W01", {"content": text})
    except InvalidProject as exc:
        assert extra > 0 and str(MAX_FIELD_CHARS) in str(exc)
    else:
        assert extra <= 0


PATH_SHAPES = ["new", "existing", "db", "db-relative", "db-symlink", "db-hardlink", "lock", "journal",
               "fifo", "fifo-symlink", "folder", "missing-folder", "file-symlink"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from(PATH_SHAPES), fmt=st.sampled_from(["csv", "json", "md", "xlsx"]),
       force=st.booleans())
def test_fuzzed_output_paths(capsys, tmp_path_factory, monkeypatch, shape, fmt, force):
    import os
    import shutil
    import stat

    from tests.conftest import BUNDLED

    folder = tmp_path_factory.mktemp("paths")
    db = folder / "db.json"
    shutil.copyfile(BUNDLED, db)
    (folder / "sub").mkdir()
    monkeypatch.chdir(folder / "sub")
    existing = folder / "existing.out"
    existing.write_text("old")
    fifo = folder / "pipe"
    os.mkfifo(fifo)
    targets = {"new": folder / "new.out", "existing": existing, "db": db, "db-relative": "../db.json",
               "db-symlink": folder / "l1", "db-hardlink": folder / "h1", "lock": f"{db}.lock",
               "journal": f"{db}.journal.jsonl", "fifo": fifo, "fifo-symlink": folder / "l2",
               "folder": folder / "sub", "missing-folder": folder / "no" / "x.out", "file-symlink": folder / "l3"}
    os.symlink(db, folder / "l1")
    os.link(db, folder / "h1")
    os.symlink(fifo, folder / "l2")
    os.symlink(existing, folder / "l3")
    target = str(targets[shape])
    before = db.read_bytes()
    argv = ["export", "--format", fmt, "-o", target, "--db", str(db)]
    if force and shape not in ("fifo", "fifo-symlink"):  # a forced FIFO would wait for a reader
        argv += ["--force", target]
    code = main(argv)
    _out, err = capsys.readouterr()
    assert code in (0, 1)
    if code == 1:
        assert len(err.strip().splitlines()) == 1
    plain = shape in ("new", "existing")
    assert code == 0 if plain else True
    if not force:
        assert (code == 0) == plain
    if not (force and shape in ("db", "db-relative", "db-symlink", "db-hardlink")):
        assert db.read_bytes() == before
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert os.path.islink(folder / "l1") and os.path.islink(folder / "l2") and os.path.islink(folder / "l3")
