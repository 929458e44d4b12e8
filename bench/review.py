"""Review benchmarks: ``portfolio review`` as users run it (a whole process, each format) at
10,000 and 100,000 projects in one run, beside the floor of the same run (a process that
``json.load``s the same file) and the state computation alone; the 10k -> 100k ratio of each;
and the review screen's first paint.

    python bench/review.py                          # 10k and 100k, every format (about 15 minutes)
    python bench/review.py --formats txt,md,json    # the text formats only (about 2 minutes)
    python bench/run.py --review-only               # the same, from the main bench

Targets: ``portfolio review --format md`` at 100,000 projects within 5x the floor; for every
format, 10x the projects never costs more than 15x the time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import median_time, ms, portfolio_cmd, process_times  # noqa: E402

FORMATS = ("txt", "md", "json", "xlsx", "docx")
TEXT_FORMATS = ("txt", "md", "json")  # printed to standard output
SIZES = (10_000, 100_000)
MD_TARGET = 5.0  # x the floor at 100k
SCALING_TARGET = 15.0  # 100k / 10k


def review_commands(db: Path, formats: tuple[str, ...], out: Path) -> dict[str, list[str]]:
    commands: dict[str, list[str]] = {}
    for fmt in formats:
        cmd = [*portfolio_cmd(), "review", "--db", str(db), "--format", fmt]
        if fmt not in TEXT_FORMATS:
            cmd += ["-o", str(out / f"review.{fmt}")]
        commands[f"review_{fmt}"] = cmd
    return commands


def floor_command(db: Path) -> list[str]:
    return [sys.executable, "-c", f"import json; json.load(open({str(db)!r}, encoding='utf-8'))"]


def measure_size(db: Path, formats: tuple[str, ...], repeat: int) -> dict[str, float]:
    """One size: the processes (text formats alternating with the floor, ``repeat`` rounds;
    the documents, which take minutes at 100k, alternating with it once), the state
    computation and the screen, each in its own process."""
    out: dict[str, float] = {"file_mb": db.stat().st_size / 1e6}
    with tempfile.TemporaryDirectory(prefix="portfolio-bench-review-") as tmp:
        fast = [f for f in formats if f in TEXT_FORMATS]
        slow = [f for f in formats if f not in TEXT_FORMATS]
        times = process_times({"floor": floor_command(db), **review_commands(db, tuple(fast), Path(tmp))}, repeat)
        out.update(times)
        if slow:
            docs = process_times({"floor_docs": floor_command(db),
                                  **review_commands(db, tuple(slow), Path(tmp))}, 1, warm_up=False)
            out.update(docs)
    for mode in (["--states"], ["--screen"]):
        proc = subprocess.run([sys.executable, __file__, *mode, "--db", str(db), "--repeat", str(repeat)],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(f"{mode[0]} failed")
        out.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


def measure_states(db: Path, repeat: int) -> dict[str, float]:
    """The state computation alone (the repository loaded beforehand)."""
    from portfolio.review.compute import review
    from portfolio.store import open_repository

    projects = open_repository(db).projects()
    return {"states": median_time(lambda: review(projects), repeat)}


async def measure_screen(db: Path, repeat: int) -> dict[str, float]:
    """``r`` on the main screen to the first frame of the review screen (its progress bar), and
    to the first frame drawn with the figures (the repository loaded beforehand)."""
    from textual.widgets import Input

    from portfolio.store import open_repository
    from tui.app import PortfolioApp
    from tui.screens.review import ReviewScreen
    from tui.widgets.project_table import ProjectTable

    repo = open_repository(db)
    firsts: list[float] = []
    paints: list[float] = []
    marks: dict[str, float] = {}
    mount, show = ReviewScreen.on_mount, ReviewScreen.show

    def mounted(self: ReviewScreen) -> None:
        mount(self)
        marks["mounted"] = time.perf_counter()

    def shown(self: ReviewScreen, prepared: Any) -> None:
        show(self, prepared)
        marks["shown"] = time.perf_counter()

    ReviewScreen.on_mount = mounted  # type: ignore[method-assign]
    ReviewScreen.show = shown  # type: ignore[method-assign]
    for _ in range(repeat):
        app = PortfolioApp(repo)
        async with app.run_test(size=(120, 40)) as pilot:
            while not app.screen.query(ProjectTable) or not app.screen.query_one(ProjectTable).projects:
                await asyncio.sleep(0.01)
            await app.workers.wait_for_complete()
            app.screen.query_one(ProjectTable).focus()
            await pilot.pause()
            assert not isinstance(app.focused, Input)
            frames: list[float] = []
            display = app._display

            def drawing(*args: Any, frames: list[float] = frames, display: Any = display) -> None:
                frames.append(time.perf_counter())
                display(*args)

            app._display = drawing  # type: ignore[method-assign,assignment]
            marks.clear()
            t = time.perf_counter()
            await pilot.press("r")
            # the first frame drawn after the screen mounted, and after the figures were shown
            while "mounted" not in marks or not frames or frames[-1] < marks["mounted"]:
                await asyncio.sleep(0.001)
            firsts.append(min(f for f in frames if f >= marks["mounted"]) - t)
            while "shown" not in marks or frames[-1] < marks["shown"]:
                await asyncio.sleep(0.001)
            paints.append(min(f for f in frames if f >= marks["shown"]) - t)
            app._display = display  # type: ignore[method-assign]
            await pilot.press("escape")
    ReviewScreen.on_mount, ReviewScreen.show = mount, show  # type: ignore[method-assign]
    return {"screen_first_frame": statistics.median(firsts), "screen_first_paint": statistics.median(paints)}


def generate(n: int, target: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(n), "-o", str(target)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def run(sizes: tuple[int, ...] = SIZES, formats: tuple[str, ...] = FORMATS, repeat: int = 3) -> str:
    results: dict[int, dict[str, float]] = {}
    for n in sizes:
        print(f"review: measuring {n:,} projects ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="portfolio-bench-") as tmp:
            db = Path(tmp) / "projects.json"
            generate(n, db)
            results[n] = measure_size(db, formats, repeat)
    return report(results, formats)


def report(results: dict[int, dict[str, float]], formats: tuple[str, ...]) -> str:
    from tabulate import tabulate

    sizes = sorted(results)
    small, large = (sizes[0], sizes[-1]) if len(sizes) > 1 else (None, sizes[0])

    def row(name: str, key: str, floor: str | None = "floor") -> list[str]:
        cells = [name]
        for n in sizes:
            r = results[n]
            if key not in r:
                cells.append("")
                continue
            text = ms(r[key])
            if floor is not None and floor in r:
                text += f" = {r[key] / r[floor]:.2f}x floor"
            cells.append(text)
        if small is not None and key in results[small] and key in results[large]:
            ratio = results[large][key] / results[small][key]
            scale = large / small
            cells.append(f"{ratio:.1f}x for {scale:.0f}x the projects")
        else:
            cells.append("")
        return cells

    rows = [["file size", *[f"{results[n]['file_mb']:.1f} MB" for n in sizes], ""],
            row("process: python -c json.load (floor)", "floor", None),
            row("review: state computation (in process)", "states", None)]
    for fmt in formats:
        floor = "floor" if fmt in TEXT_FORMATS else "floor_docs"
        rows.append(row(f"process: portfolio review --format {fmt}", f"review_{fmt}", floor))
    rows.append(row("review screen: r -> first frame", "screen_first_frame", None))
    rows.append(row("review screen: r -> first frame with the figures", "screen_first_paint", None))
    scaling = f"{small:,} -> {large:,}" if small is not None else ""
    headers = ["measure (median)", *[f"{n:,} projects" for n in sizes], scaling]
    text = tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)
    verdicts = []
    if "review_md" in results[large]:
        md = results[large]["review_md"] / results[large]["floor"]
        verdicts.append(f"md at {large:,}: {md:.2f}x the floor (target <= {MD_TARGET:.0f}x): "
                        + ("met" if md <= MD_TARGET else "NOT MET"))
    if small is not None:
        worst = max((results[large][f"review_{f}"] / results[small][f"review_{f}"], f) for f in formats
                    if f"review_{f}" in results[large] and f"review_{f}" in results[small])
        verdicts.append(f"worst {small:,} -> {large:,} ratio: {worst[0]:.1f}x ({worst[1]}; "
                        f"target <= {SCALING_TARGET:.0f}x for 10x the projects): "
                        + ("met" if worst[0] <= SCALING_TARGET else "NOT MET"))
    return text + "\n\n" + "\n".join(verdicts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--states", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--screen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.states:
        print(json.dumps(measure_states(args.db, args.repeat)))
        return
    if args.screen:
        print(json.dumps(asyncio.run(measure_screen(args.db, args.repeat))))
        return
    print(run(tuple(int(n) for n in args.sizes.split(",")), tuple(args.formats.split(",")), args.repeat))


if __name__ == "__main__":
    main()
