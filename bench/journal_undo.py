"""Undo with a long journal: how long the database's lock is held.

    python bench/journal_undo.py              # a 180 MB journal (issue 19: 179 MB held it 5 s)
    python bench/journal_undo.py --mb 400

Undo reads the journal backwards from its end, in growing blocks, back to the step it reverts
(every line read is checked), so its time does not grow with the journal. Prints the time of
the whole undo and the time the lock was held; the target is well under a second
(measured: 182 MB, 440,001 lines, undo 0.04 s, lock held 0.04 s; it was 5-11 s).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio.store import Repository  # noqa: E402
from portfolio.store.journal import journal_path  # noqa: E402
from portfolio.store.locking import DatabaseLock  # noqa: E402


def grow(db: Path, megabytes: int) -> int:
    """Fill the journal with another author's edits up to ``megabytes``; the database then
    holds them all (its journal_seq), and one edit of ours comes last."""
    repo = Repository.open(db, author="someone")
    repo.update("W02", {"progress_percent": 1})
    path = journal_path(db)
    template = json.loads(path.read_bytes().splitlines()[-1])
    seq = template["seq"]
    target = megabytes * 1024 * 1024
    with open(path, "ab") as fh:
        size = path.stat().st_size
        while size < target:
            chunk = []
            for _ in range(10_000):
                seq += 1
                template.update(seq=seq, group=seq)
                chunk.append(json.dumps(template, ensure_ascii=False).encode() + b"\n")
            data = b"".join(chunk)
            fh.write(data)
            size += len(data)
    raw = json.loads(db.read_text())
    raw["meta"]["schema"]["journal_seq"] = seq
    db.write_text(json.dumps(raw, ensure_ascii=False))
    Repository.open(db, author="me").update("W01", {"progress_percent": 42})
    return seq


held: list[float] = []


def timed_lock() -> None:
    original = DatabaseLock.held

    @contextmanager
    def held_and_timed(self: DatabaseLock) -> Iterator[None]:
        with original(self):
            started = time.perf_counter()
            try:
                yield
            finally:
                held.append(time.perf_counter() - started)

    DatabaseLock.held = held_and_timed  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=180)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="portfolio-journal-"))
    try:
        db = folder / "projects.json"
        shutil.copyfile(ROOT / "data" / "projects.json", db)
        lines = grow(db, args.mb)
        size = journal_path(db).stat().st_size / 1024 / 1024
        timed_lock()
        repo = Repository.open(db, author="me")
        started = time.perf_counter()
        changes = repo.undo()
        total = time.perf_counter() - started
        assert [c.code for c in changes] == ["W01"], changes
        print(f"journal {size:.0f} MB, {lines:,} lines: undo {total:.2f} s, lock held {held[-1]:.3f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
