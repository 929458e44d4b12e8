"""Subprocess workers for the fault-injection tests and ``bench/reliability.py``.

    python -m tests.reliability.workers save-loop DB CODE      # saves forever, prints each ack
    python -m tests.reliability.workers edit-many DB CODE N    # N progress edits of one project
"""

from __future__ import annotations

import sys
from datetime import date

from portfolio.store import Repository


def save_loop(db: str, code: str) -> None:
    repo = Repository.open(db)
    i = 0
    while True:
        i += 1
        # the file grows and shrinks, so a torn write would show as a bad tail
        repo.update(code, {"name": f"iteration {i}", "content": "内容" * (1 + (i * 7919) % 3000)})
        print(i, flush=True)


def edit_many(db: str, code: str, n: int) -> None:
    repo = Repository.open(db)
    for i in range(1, n + 1):
        # the repository appends the progress-log entry (the progress rule)
        repo.update(code, {"progress_percent": i % 100, "status": "in_progress"}, when=date(2024, 1, 1),
                    note=str(i))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "save-loop":
        save_loop(sys.argv[2], sys.argv[3])
    elif mode == "edit-many":
        edit_many(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode}")
