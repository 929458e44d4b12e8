"""Every file beside a database, and the settings, through the one guard (``portfolio.files``):
real FIFOs, devices, symbolic links and folders where the journal, the lock or the settings
file should be. Each case, run as a user runs it (the installed ``portfolio`` in a process of
its own, killed after 20 s): one clear line or the right result, the database unchanged, no
traceback, no hang."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from .faults import ROOT, portfolio_cmd

pytestmark = [pytest.mark.reliability, pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")]

HANG = 20


def portfolio(*argv: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTFOLIO_LANG": "en"}
    if config is not None:
        env["PORTFOLIO_CONFIG_DIR"] = str(config)
    try:
        return subprocess.run([*portfolio_cmd(), *argv], cwd=ROOT, capture_output=True, text=True,
                              timeout=HANG, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"portfolio {' '.join(argv)} hung for {HANG} s")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    err = result.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _elsewhere(path: Path) -> None:
    target = path.parent / "elsewhere.txt"
    target.write_text("someone else's file\n")
    path.symlink_to(target)


SHAPES = {"fifo": _fifo, "dev-zero": _zero, "folder": _folder, "symlink": _elsewhere}
WORDS = {"fifo": "FIFO", "dev-zero": "symbolic link", "folder": "folder", "symlink": "symbolic link"}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_journal_that_is_not_a_file_is_refused_at_once(db_path, shape):
    journal = Path(str(db_path) + ".journal.jsonl")
    SHAPES[shape](journal)
    before = digest(db_path)
    for argv in (("set", "W01", "progress=40"), ("log",), ("undo",), ("redo",)):
        result = portfolio(*argv, "--db", str(db_path))
        assert result.returncode == 1, (argv, result.stdout, result.stderr)
        err = one_line(result)
        assert "Journal" in err and WORDS[shape] in err, err
    assert digest(db_path) == before
    if shape == "symlink":
        assert (db_path.parent / "elsewhere.txt").read_text() == "someone else's file\n"


@pytest.mark.parametrize("shape", ["fifo", "folder", "symlink"])
def test_a_lock_that_is_not_a_file_is_refused_and_its_target_untouched(db_path, shape):
    lock = Path(str(db_path) + ".lock")
    SHAPES[shape](lock)
    before = digest(db_path)
    result = portfolio("set", "W01", "progress=40", "--db", str(db_path))
    assert result.returncode == 1
    assert "lock" in one_line(result)
    assert digest(db_path) == before
    if shape == "symlink":
        assert (db_path.parent / "elsewhere.txt").read_text() == "someone else's file\n"


def test_a_symlinked_database_keeps_its_journal_beside_its_real_file(tmp_path, db_path):
    link_folder = tmp_path / "links"
    link_folder.mkdir()
    link = link_folder / "projects.json"
    link.symlink_to(db_path)
    result = portfolio("set", "W01", "progress=40", "--db", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and Path(str(db_path) + ".journal.jsonl").exists()
    assert sorted(p.name for p in link_folder.iterdir()) == ["projects.json"]


# -- settings: a convenience ---------------------------------------------------------------------

def _write(text: bytes):
    def make(path: Path) -> None:
        path.write_bytes(text)
    return make


BAD_SETTINGS = {
    "fifo": _fifo,
    "dev-zero": _zero,
    "folder": _folder,
    "dangling-fifo-link": lambda p: (os.mkfifo(p.parent / "pipe"), p.symlink_to(p.parent / "pipe")),
    "invalid-utf8": _write(b'{"saved_filters": {"a": "\xff\xfe"}}'),
    "deep": _write(b"[" * 100_000 + b"]" * 100_000),
    "columns-abc": _write(b'{"columns": "abc", "saved_filters": {"mine": "cat:\xe7\xa2\xa7\xe6\xb0\xb4"}}'),
    "not-an-object": _write(b"[1, 2]"),
    "oversized": _write(b'{"filter_history": ["' + b"x" * (2 * 1024 * 1024) + b'"]}'),
    "damaged": _write(b'{"saved_filters": {'),
}


@pytest.mark.parametrize("shape", BAD_SETTINGS)
def test_a_bad_settings_file_is_one_warning_and_the_defaults(tmp_path, db_path, shape):
    config = tmp_path / "cfg"
    config.mkdir()
    BAD_SETTINGS[shape](config / "settings.json")
    result = portfolio("filter", "list", "--db", str(db_path), config=config)
    assert result.returncode == 0, result.stderr
    assert "Settings" in one_line(result)
    if shape == "columns-abc":  # only the bad key is dropped
        assert "@mine" in result.stdout
    result = portfolio("list", "--where", "cat:碧水", "--db", str(db_path), config=config)
    assert result.returncode == 0 and "W01" in result.stdout


@pytest.mark.parametrize("shape", ["fifo", "folder", "dev-zero"])
def test_saving_onto_a_settings_file_that_is_not_a_file_is_one_line(tmp_path, db_path, shape):
    config = tmp_path / "cfg"
    config.mkdir()
    SHAPES[shape](config / "settings.json")
    result = portfolio("filter", "save", "mine", "cat:碧水", "--db", str(db_path), config=config)
    assert result.returncode == 1
    err = result.stderr.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert "not saved" in err[-1] or "Cannot save" in err[-1]


def test_a_symlinked_settings_file_is_read_and_saved_through_its_link(tmp_path, db_path):
    config = tmp_path / "cfg"
    config.mkdir()
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "portfolio.json"
    real.write_text('{"saved_filters": {"old": "cat:碧水"}}')
    (config / "settings.json").symlink_to(real)
    result = portfolio("filter", "save", "new", "cat:蓝天", "--db", str(db_path), config=config)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (config / "settings.json").is_symlink()
    listed = portfolio("filter", "list", "--db", str(db_path), config=config).stdout
    assert "@old" in listed and "@new" in listed
    assert "new" in real.read_text()


def test_filter_save_when_the_settings_folder_cannot_be_written(tmp_path, db_path):
    config = tmp_path / "cfg"
    config.write_text("a file where the folder should be")
    result = portfolio("filter", "save", "mine", "cat:碧水", "--db", str(db_path), config=config)
    assert result.returncode == 1
    assert "not saved" in one_line(result) or "Cannot save" in result.stderr


def test_export_onto_the_settings_file_is_refused(tmp_path, db_path):
    config = tmp_path / "cfg"
    config.mkdir()
    settings = config / "settings.json"
    assert portfolio("filter", "save", "mine", "cat:碧水", "--db", str(db_path), config=config).returncode == 0
    before = settings.read_bytes()
    for target in (settings, config / ".." / "cfg" / "settings.json"):
        result = portfolio("export", "-o", str(target), "-f", "json", "--db", str(db_path), config=config)
        assert result.returncode == 1 and "settings" in one_line(result)
    assert settings.read_bytes() == before
    for target in (Path(str(db_path) + ".journal.jsonl"), db_path):
        result = portfolio("export", "-o", str(target), "-f", "json", "--db", str(db_path), config=config)
        assert result.returncode == 1 and "Refusing" in one_line(result)
