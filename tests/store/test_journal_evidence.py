"""The journal is evidence: every field of every line is checked before use; undo and redo
refuse a damaged line (naming it) and write nothing; ``log`` reports it and goes on; a torn
line left by a killed writer is marked and never blocks undo; the database's meta is checked
the same way; two creators of a new database at one moment both keep their records."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.cli import main
from portfolio.errors import DatabaseExists, JournalDamaged, PortfolioError
from portfolio.store import Repository, create_repository
from portfolio.store.journal import journal_path

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def three_steps(db: Path) -> list[bytes]:
    repo = Repository.open(db)
    for value in (20, 30, 40):
        repo.update("W01", {"progress_percent": value})
    return journal_path(db).read_bytes().splitlines()


def rewrite(db: Path, n: int, line: bytes) -> None:
    path = journal_path(db)
    lines = path.read_bytes().splitlines()
    lines[n - 1] = line
    path.write_bytes(b"\n".join(lines) + b"\n")


def change(raw: bytes, **fields) -> bytes:
    line = orjson.loads(raw)
    for key, value in fields.items():
        if value is ...:
            line.pop(key, None)
        else:
            line[key] = value
    return json.dumps(line).encode()


DAMAGE = {
    "seq too big": lambda raw: change(raw, seq=2**64),
    "seq a string": lambda raw: change(raw, seq="3"),
    "missing code": lambda raw: change(raw, code=...),
    "missing time": lambda raw: change(raw, time=...),
    "before a string": lambda raw: change(raw, before="abc"),
    "after a list": lambda raw: change(raw, after=[1, 2]),
    "group later than seq": lambda raw: change(raw, group=10**6),
    "bad time": lambda raw: change(raw, time="yesterday"),
    "unknown kind": lambda raw: change(raw, kind="spaceship"),
    "not JSON": lambda raw: raw[: len(raw) // 2] + b"}",
    "not an object": lambda raw: b"[1, 2, 3]",
    "undo without reverts": lambda raw: change(raw, action="undo"),
}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("which", [1, 3])
def test_undo_and_redo_refuse_a_damaged_line_naming_it(capsys, db_path, damage, which):
    lines = three_steps(db_path)
    rewrite(db_path, which, DAMAGE[damage](lines[which - 1]))
    before = digest(db_path), digest(journal_path(db_path))
    for command in ("undo", "redo"):
        code, out, err = run(capsys, command, "--db", str(db_path))
        assert code == 1 and out == ""
        assert f"line {which}" in err and "nothing was changed" in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (digest(db_path), digest(journal_path(db_path))) == before
    code, out, err = run(capsys, "log", "--db", str(db_path))
    assert code == 0 and f"line {which} is damaged" in err
    assert "2 change(s)" in out  # the other two are shown


def test_repository_undo_raises_and_writes_nothing(db_path, english):
    lines = three_steps(db_path)
    rewrite(db_path, 2, change(lines[1], seq=-1))
    repo = Repository.open(db_path)
    with pytest.raises(JournalDamaged, match="line 2"):
        repo.undo()
    assert repo.get("W01").progress_percent == 40
    assert [e.after["progress_percent"] for e in repo.history()] == [20, 40]
    assert len(repo.journal_warnings()) == 1


def test_a_time_with_a_zone_is_the_same_moment_in_local_time(capsys, db_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    lines = three_steps(db_path)
    rewrite(db_path, 3, change(lines[2], time="2026-03-01T12:00:00+08:00"))
    repo = Repository.open(db_path)
    assert repo.history()[-1].time.isoformat() == "2026-03-01T04:00:00"
    assert [c.after.progress_percent for c in repo.undo()] == [30]
    code, _out, err = run(capsys, "log", "--since", "2026-01-01", "--db", str(db_path))
    assert code == 0 and err == ""


@pytest.mark.parametrize("cut", [150, 20, 5])
def test_a_committed_last_line_cut_short_is_damaged_not_torn(db_path, capsys, english, cut):
    repo = Repository.open(db_path)
    for code, value in (("W01", 10), ("W02", 20), ("W03", 30)):
        repo.update(code, {"progress_percent": value})
    path = journal_path(db_path)
    lines = path.read_bytes().splitlines()
    path.write_bytes(b"\n".join([*lines[:-1], lines[-1][:cut]]))  # the database holds it as saved
    before, journal = digest(db_path), digest(path)
    for action in ("undo", "redo"):
        code, _out, err = run(capsys, action, "--db", str(db_path))
        assert code != 0 and "line 3" in err and "saved" in err
        assert digest(db_path) == before and digest(path) == journal
    with pytest.raises(JournalDamaged):
        Repository.open(db_path).undo()
    code, out, err = run(capsys, "log", "--db", str(db_path))
    assert code == 0 and "line 3" in err and "W02" in out
    assert digest(path) == journal


def test_a_torn_line_is_marked_by_the_next_writer_and_never_blocks_undo(db_path, english):
    repo = Repository.open(db_path)
    repo.update("W01", {"progress_percent": 10})
    with open(journal_path(db_path), "ab") as fh:
        fh.write(b'{"seq": 3, "group": 3, "time": "2026-')  # a writer killed mid-line
    assert [c.after.progress_percent for c in Repository.open(db_path).undo()] == [0]  # torn: never a change
    repo = Repository.open(db_path)
    repo.update("W02", {"progress_percent": 20})
    marker = [orjson.loads(x) for x in journal_path(db_path).read_bytes().splitlines() if b'"torn"' in x]
    assert len(marker) == 1 and marker[0]["action"] == "torn"
    assert [c.code for c in Repository.open(db_path).undo()] == ["W02"]
    assert all("incomplete" in w for w in Repository.open(db_path).journal_warnings())


@pytest.mark.parametrize("meta", [
    {"schema": {"version": 2, "counters": {}, "journal_seq": "abc"}},
    {"schema": {"version": 2, "counters": {}, "journal_seq": 10**30}},
    {"schema": {"version": 2, "counters": {"W": 10**30}, "journal_seq": 0}},
    {"schema": {"version": 2, "counters": {"W": "abc"}, "journal_seq": 0}},
    {"schema": {"version": "abc"}},
    {"schema": {"version": 10**30}},
    {"schema": "abc"},
    "abc",
    10**30,
])
def test_odd_meta_values_are_one_line(capsys, db_path, meta):
    data = json.loads(db_path.read_text())
    data["meta"] = meta
    db_path.write_text(json.dumps(data))
    before = digest(db_path)
    for argv in (("list",), ("set", "W01", "progress=5"), ("log",), ("undo",), ("show", "W01")):
        code, _out, err = run(capsys, *argv, "--db", str(db_path))
        assert code == 1 and ("meta" in err or "schema" in err), err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert digest(db_path) == before


# -- hypothesis: any line appended to a journal --------------------------------------------------

JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=8)
FIELDS = st.fixed_dictionaries({}, optional={
    "seq": st.integers(-3, 2**65) | JSON, "group": st.integers(-3, 2**65) | JSON,
    "time": st.sampled_from(["2026-01-01T10:00:00", "2026-01-01T10:00:00+08:00", "2026-01-01T10:00:00Z",
                             "0001-01-01T00:00:00+14:00", "x"]) | JSON,
    "author": JSON, "session": JSON, "action": st.sampled_from(["update", "undo", "redo", "create", "rollback",
                                                                "torn", "add"]) | JSON,
    "kind": st.sampled_from(["project", "task", "indicator"]) | JSON, "code": st.sampled_from(["W01", ""]) | JSON,
    "before": JSON, "after": JSON, "reverts": st.integers(-1, 2**65) | JSON, "from": JSON, "to": JSON,
    "offset": JSON, "note": JSON})


@pytest.fixture(scope="module")
def journalled(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("journalled") / "p.json"
    shutil.copyfile(ROOT / "data" / "projects.json", db)
    Repository.open(db).update("W01", {"progress_percent": 10})
    data = json.loads(db.read_text())
    data["meta"]["schema"]["journal_seq"] = 2**20  # every line appended counts as committed
    db.write_text(json.dumps(data))
    return db


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=FIELDS | JSON, raw=st.booleans())
def test_fuzzed_journal_lines_never_give_a_traceback(tmp_path_factory, journalled, english, line, raw):
    db = tmp_path_factory.mktemp("fuzz") / "p.json"
    shutil.copyfile(journalled, db)
    shutil.copyfile(journal_path(journalled), journal_path(db))
    payload = (json.dumps(line) if not raw else repr(line)).encode()
    with open(journal_path(db), "ab") as fh:
        fh.write(payload.replace(b"\n", b" ") + b"\n")
    repo = Repository.open(db)
    repo.history()
    try:
        repo.undo()
    except JournalDamaged as exc:
        assert "line 2" in str(exc) and "\n" not in str(exc)
    except PortfolioError as exc:  # another one-line refusal (an undo that no longer fits)
        assert "\n" not in str(exc)


# -- two creators of one new database ------------------------------------------------------------

def test_an_exclusive_create_never_replaces_a_database(db_path):
    before = digest(db_path)
    with pytest.raises(DatabaseExists):
        create_repository(db_path, [], exclusive=True)
    assert digest(db_path) == before


def test_an_import_that_finds_the_database_created_meanwhile_merges_into_it(capsys, tmp_path, monkeypatch):
    from portfolio.cli import transfer

    db = tmp_path / "new.json"
    real = transfer.create_repository
    raced: list[bool] = []

    def another_creator_first(path, projects, author=None, *, exclusive=False):
        if not raced:  # another `import` wins the race by a hair
            raced.append(True)
            assert main(["import", str(ROOT / "seeds" / "002_1cf15a59c1d7aec4.txt"), "--db", str(path)]) == 0
        return real(path, projects, author, exclusive=exclusive)

    monkeypatch.setattr(transfer, "create_repository", another_creator_first)
    assert main(["import", str(ROOT / "seeds" / "001_80156d0f31168e95.txt"), "--db", str(db)]) == 0
    capsys.readouterr()
    plans = {t.plan for t in Repository.open(db).records("task")}
    assert len(plans) == 2, plans


@pytest.mark.reliability
def test_two_imports_into_a_new_database_at_once_keep_both_plans(tmp_path):
    seeds = [ROOT / "seeds" / "001_80156d0f31168e95.txt", ROOT / "seeds" / "002_1cf15a59c1d7aec4.txt"]
    exe = Path(os.sys.executable).with_name("portfolio")
    for trial in range(4):
        db = tmp_path / f"new{trial}.json"
        procs = [subprocess.Popen([str(exe), "import", str(seed), "--db", str(db)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for seed in seeds]
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        plans = {t.plan for t in Repository.open(db).records("task")}
        assert len(plans) == 2, (trial, plans)


# -- undo's step found from the end is the top of the stacks walked from the start ---------------

STEPS = st.lists(st.tuples(st.sampled_from(["update", "undo", "redo", "create", "import"]), st.booleans(),
                           st.integers(1, 3)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(steps=STEPS)
def test_the_step_found_from_the_end_is_the_top_of_the_stacks(steps):
    from datetime import datetime

    from portfolio.store.journal import JournalEntry
    from portfolio.store.undo import find_step, stacks, top_step

    entries: list[JournalEntry] = []
    seq = 0
    undo: list[int] = []
    redo: list[int] = []
    for action, mine, size in steps:
        who = "me" if mine else "other"
        if action == "undo" and mine:  # undo only what the stack holds, as the repository does
            if not undo:
                continue
            reverts: int | None = undo[-1]
        elif action == "redo" and mine:
            if not redo:
                continue
            reverts = redo[-1]
        elif action in ("undo", "redo"):
            reverts = 1
        else:
            reverts = None
        group = seq + 1
        for _ in range(size):
            seq += 1
            entries.append(JournalEntry(seq=seq, group=group, time=datetime(2026, 1, 1), author=who, session="s",
                                        action=action, kind="project", code="W01", before={}, after={},
                                        reverts=reverts))
        undo, redo = stacks(entries, lambda e: e.author == "me")
    for is_redo, stack in ((False, undo), (True, redo)):
        found = top_step(entries, lambda e: e.author == "me", is_redo)
        assert (found[0] if found else None) == (stack[-1] if stack else None)
        if found:
            assert [e.group for e in found[1]] == [found[0]] * len(found[1])
            assert len(found[1]) == sum(1 for e in entries if e.group == found[0])
        for cut in range(len(entries)):  # the end of the journal, as undo reads it backwards
            decided, answer = find_step(entries[cut:], lambda e: e.author == "me", is_redo)
            if decided:
                assert answer == found
