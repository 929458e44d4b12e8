"""Loops of ``portfolio set`` in real processes of the console script, side by side, against
one database (tests/store/test_server.py, and ``bench/server.py cli`` for 8 x 50).

Each loop sets ``planned=`` to values of its own, one process per ``set``. On distinct
records every loop has a record of its own; on the same record all loops write the same field
of one record: a ``set`` that meets another's write of that field between its read and its
write is refused (one line, nothing written) and is tried again, as a user would.

What is checked (``SetLoops.problems``): every acknowledged ``set`` is in the journal exactly
once, in the order it was acknowledged in its loop; each record's journal chains (each line's
value before is the previous line's value after: no write was lost between two others); the
record holds the last value its journal shows."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.store import open_repository

CONFLICT = "changed by another process"


def portfolio_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("portfolio")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.launch"]


@dataclass
class SetLoops:
    acknowledged: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # loop -> (code, value)
    retries: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    journal_lines: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.acknowledged.values())


def run_set_loops(db: str, codes: list[str], sets: int, same: bool, max_tries: int = 20) -> SetLoops:
    """``len(codes)`` loops of ``sets`` ``portfolio set`` each (on ``codes[0]`` for all when
    ``same``), then the checks."""
    out = SetLoops()
    lock = threading.Lock()
    env = {**os.environ, "PORTFOLIO_LANG": "en"}
    cmd = portfolio_cmd()

    def loop(k: int, code: str) -> None:
        done: list[tuple[str, float]] = []
        with lock:
            out.acknowledged[k] = done  # kept also when the loop stops at a failure
        for i in range(1, sets + 1):
            value = float((k + 1) * 100000 + i)
            for _try in range(max_tries):
                r = subprocess.run([*cmd, "set", code, f"planned={value:g}", "--user", f"loop{k}", "--db", db],
                                   capture_output=True, text=True, env=env, timeout=300)
                if r.returncode == 0:
                    done.append((code, value))
                    break
                with lock:
                    if CONFLICT in r.stderr and len(r.stderr.strip().splitlines()) == 1:
                        out.retries += 1
                        continue
                    out.failures.append(r.stderr.strip() or f"exit {r.returncode}")
                return
            else:
                with lock:
                    out.failures.append(f"loop {k}: set {i} refused {max_tries} times")
                return

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(k, codes[0] if same else code)) for k, code in enumerate(codes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.seconds = time.perf_counter() - started
    _check(db, out)
    return out


def _check(db: str, out: SetLoops) -> None:
    repo = open_repository(db, author="checker")
    entries = [e for e in repo.history() if e.action == "update"]
    out.journal_lines = len(entries)
    problems = out.problems
    problems += out.failures
    # every acknowledged set once in the journal, in its loop's order
    by_loop: dict[str, list[tuple[str, float]]] = {}
    for e in entries:
        if e.after and "planned_investment" in e.after:
            by_loop.setdefault(e.author, []).append((e.code, float(e.after["planned_investment"])))
    for k, done in out.acknowledged.items():
        if by_loop.get(f"loop{k}", []) != done:
            problems.append(f"loop {k}: the journal does not hold its {len(done)} acknowledged sets in order")
    if out.journal_lines != out.count:
        problems.append(f"{out.count} sets acknowledged, {out.journal_lines} update lines in the journal")
    # each record's journal chains, and the record holds its last value
    chains: dict[str, list[tuple[object, object]]] = {}
    for e in entries:
        chains.setdefault(e.code, []).append(((e.before or {}).get("planned_investment"),
                                              (e.after or {}).get("planned_investment")))
    for code, chain in chains.items():
        for (_b0, a0), (b1, _a1) in itertools.pairwise(chain):
            if b1 != a0:
                problems.append(f"{code}: a line found {b1} where the previous line left {a0} (a lost update)")
        if repo.get(code).planned_investment != chain[-1][1]:
            problems.append(f"{code}: holds {repo.get(code).planned_investment}, the journal ends at {chain[-1][1]}")
