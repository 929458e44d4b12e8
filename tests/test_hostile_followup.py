"""Defects a security-minded user found after issue 12 (FIFOs, folders, strict JSON import,
messages naming import files and records, terminal escapes, line breaks, argument errors)."""

from __future__ import annotations

import hashlib
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


def test_readers_refuse_a_fifo_themselves(tmp_path):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportFormatError, match="not a regular file"):
        read_rows(fifo)
