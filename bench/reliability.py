"""The long form of the fault-injection suite, with its figures printed.

    python bench/reliability.py                 # 200 kills in saves, 50 kills of `portfolio set`
    python bench/reliability.py --kills 500

The short form runs in CI: ``pytest -m reliability``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability.faults import (  # noqa: E402
    concurrent_cli_set,
    concurrent_writers,
    kill_cli_set_loop,
    kill_during_saves,
    leftover_temp_files,
    save_with_file_size_limit,
)


def fresh(tmp: Path, name: str) -> Path:
    target = tmp / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "data" / "projects.json", target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--cli-kills", type=int, default=50)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        t = time.perf_counter()
        report = kill_during_saves(fresh(tmp, "kill/projects.json"), args.kills)
        print(f"SIGKILL during saves: {report} ({time.perf_counter() - t:.0f} s)")
        failed |= bool(report.unreadable or report.lost_ack or report.journal_mismatch)
        t = time.perf_counter()
        db = fresh(tmp, "cli/projects.json")
        report = kill_cli_set_loop(db, args.cli_kills)
        print(f"SIGKILL of `portfolio set`: {report}; temp files left: {len(leftover_temp_files(db))} "
              f"({time.perf_counter() - t:.0f} s)")
        failed |= bool(report.unreadable or report.lost_ack or report.journal_mismatch)
        for writers in (2, 4):
            t = time.perf_counter()
            counts = concurrent_writers(fresh(tmp, f"w{writers}/projects.json"), writers, args.edits)
            lost = sum(args.edits - n for n in counts.values())
            print(f"{writers} processes x {args.edits} edits each: {lost} lost updates "
                  f"({time.perf_counter() - t:.0f} s)")
            failed |= lost != 0
        logged = concurrent_cli_set(fresh(tmp, "clis/projects.json"), ["S01", "S02"], 20)
        lost = sum(20 - len(v) for v in logged.values())
        print(f"2 loops of `portfolio set` x 20 at once: {lost} lost edits")
        failed |= lost != 0
        db = fresh(tmp, "full/projects.json")
        before = db.read_bytes()
        result = save_with_file_size_limit(db, len(before) + 1000)
        intact = db.read_bytes() == before
        print(f"disk full during a save: exit {result.returncode}, previous file intact: {intact}, "
              f"message: {result.stderr.strip()}")
        failed |= not intact or result.returncode == 0
    print("all passed" if not failed else "FAILURES above")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
