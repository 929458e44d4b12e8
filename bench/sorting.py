"""Sorting benchmark: medians of repeated sorts of generated portfolios (``bench/generate.py``),
each beside a floor measured in the same run — Python's ``sorted`` of the bare names (code
point order, in C, no keys to compute).

    python bench/sorting.py                  # 1k, 10k and 100k projects (about a minute)
    python bench/sorting.py --sizes 100000

"first" is the first sort of a session (the pinyin collation keys are computed and kept);
the others reuse the kept keys, as the table does when the filter or the direction changes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import make
from portfolio.sorting import KEYS, parse_sort, sort_records

REPEAT = 7


def median(fn: Callable[[], Any], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run(n: int) -> list[tuple[str, str]]:
    projects = make(n)
    names = [p.name for p in projects]
    floor = median(lambda: sorted(names))
    rows = [("floor: sorted(names), code points", f"{floor * 1000:,.0f} ms")]
    KEYS.clear()
    t = time.perf_counter()
    sort_records(projects, parse_sort("name"), "project")
    first = time.perf_counter() - t
    rows.append(("name (pinyin), first", f"{first * 1000:,.0f} ms"))
    for spec in ("name", "-name", "-end,name", "lead,-progress,code", "years"):
        sort_records(projects, parse_sort(spec), "project")  # keys kept
        took = median(lambda s=spec: sort_records(projects, parse_sort(s), "project"))  # type: ignore[misc]
        rows.append((f"--sort {spec}", f"{took * 1000:,.0f} ms = {took / floor:.1f}x floor"))
    half = projects[::2]  # a filter keeps half: the kept keys serve
    took = median(lambda: sort_records(half, parse_sort("name"), "project"))
    rows.append(("name, half the rows (after a filter)", f"{took * 1000:,.0f} ms"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"{n:,} projects")
        for label, value in run(n):
            print(f"  {label:<40} {value}")


if __name__ == "__main__":
    main()
