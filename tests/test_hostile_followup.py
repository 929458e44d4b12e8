"""Defects a security-minded user found after issue 12 (FIFOs, folders, strict JSON import,
messages naming import files and records, terminal escapes, line breaks, argument errors)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.errors import ImportFormatError
from portfolio.io.table_import import read_rows


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".txt", ".docx", ".json"])
def test_a_fifo_or_a_folder_is_refused_at_once_in_one_line(capsys, db_path, tmp_path, suffix):
    fifo = tmp_path / f"in{suffix}"
    os.mkfifo(fifo)
    folder = tmp_path / f"d{suffix}"
    folder.mkdir()
    before = digest(db_path)
    for path, word in ((fifo, "not a regular file"), (folder, "folder")):
        for argv in (("import", str(path), "--dry-run"), ("import", str(path))):
            code, _out, err = run(capsys, *argv, "--db", str(db_path), "--lang", "en")
            assert code == 1 and word in err and str(path) in err
            assert len(err.strip().splitlines()) == 1
        if suffix == ".xlsx":
            code, _out, err = run(capsys, "collect", str(path), "--db", str(db_path), "--lang", "en")
            assert code == 1 and word in err and len(err.strip().splitlines()) == 1
    assert digest(db_path) == before


def test_readers_refuse_a_fifo_themselves(tmp_path, english):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportFormatError, match="not a regular file"):
        read_rows(fifo)


def _exported(capsys, db_path: Path, tmp_path: Path) -> list[dict]:
    target = tmp_path / "export.json"
    assert run(capsys, "export", "-o", str(target), "--db", str(db_path))[0] == 0
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("field", "value"), [("progress_percent", True), ("start_year", "2021"),
                                              ("planned_investment", "100"), ("end_year", 2023.0)])
def test_json_import_refuses_wrong_types_like_the_database(capsys, db_path, tmp_path, field, value):
    records = _exported(capsys, db_path, tmp_path)
    records[1][field] = value
    source = tmp_path / "wrong.json"
    source.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    before = digest(db_path)
    code, _out, err = run(capsys, "import", str(source), "--db", str(db_path), "--lang", "en")
    assert code == 1 and repr(value) in err and len(err.strip().splitlines()) == 1
    assert digest(db_path) == before


def test_json_export_still_imports_unchanged(capsys, db_path, tmp_path):
    records = _exported(capsys, db_path, tmp_path)
    source = tmp_path / "same.json"
    source.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "import", str(source), "--dry-run", "--db", str(db_path), "--lang", "en")
    assert code == 0, err
    assert f"0 new, 0 changed, {len(records)} unchanged" in out


def _insert_before(text: str, code: str, field: str, insert: str) -> str:
    at = text.index(f'"{field}"', text.index(f'"{code}"'))
    return text[:at] + insert + text[at:]


def test_duplicate_key_in_an_import_file_names_the_import_file_record_and_line(capsys, db_path, tmp_path):
    _exported(capsys, db_path, tmp_path)
    text = (tmp_path / "export.json").read_text(encoding="utf-8")
    source = tmp_path / "j_dup.json"
    source.write_text(_insert_before(text, "W02", "name", '"name": "x", '), encoding="utf-8")
    code, _out, err = run(capsys, "import", str(source), "--db", str(db_path), "--lang", "en")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "Import file" in err and "Database" not in err and "record W02" in err and "line " in err


@pytest.mark.parametrize(("insert", "field", "words"), [('"name": "x",\n', "name", 'key "name" appears twice'),
                                                         ('"progress_percent": NaN,\n', "progress_percent",
                                                          "NaN is not a JSON number")])
def test_database_json_errors_name_the_record_and_the_line(capsys, db_path, insert, field, words):
    text = db_path.read_text(encoding="utf-8")
    if "NaN" in insert:  # replace the value rather than duplicate the key
        at = text.index(f'"{field}"', text.index('"W02"'))
        end = text.index(",", at)
        text = text[:at] + insert.rstrip(",\n") + text[end:]
    else:
        text = _insert_before(text, "W02", field, insert)
    db_path.write_text(text, encoding="utf-8")
    before = digest(db_path)
    code, _out, err = run(capsys, "show", "W01", "--db", str(db_path), "--lang", "en")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "Database" in err and "record W02" in err and words in err and "(line " in err
    assert digest(db_path) == before


@pytest.mark.parametrize("argv", [("set", "W01", "progress=2", "--date", "2023-02-30"),
                                  ("review", "--as-of", "2023-13-01"), ("list", "--format", "foo")])
def test_invalid_option_values_give_one_line_and_status_2(capsys, db_path, argv):
    before = digest(db_path)
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--db", str(db_path), "--lang", "en"])
    _out, err = capsys.readouterr()
    assert stop.value.code == 2
    assert len(err.strip().splitlines()) == 1 and "usage:" not in err and "error:" in err
    assert digest(db_path) == before
