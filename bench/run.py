"""Benchmarks: medians of repeated runs, each against a baseline measured in the same run.

    python bench/run.py                       # 1k, 10k and 100k projects (about 6 minutes)
    python bench/run.py --sizes 1000,10000    # quicker
    python bench/run.py --json results.json   # also write the figures
    python bench/run.py --review-only         # the review: `portfolio review` per format at 10k and 100k,
                                              # the state computation, the review screen (bench/review.py)
    python bench/run.py --list-only           # `portfolio list --where` beside `json.load` of the same
                                              # 100k file, process time side by side, and the UI's first
                                              # screen from process start (about 3 minutes)

Each size runs in its own process (so that its peak RSS is its own). Baselines ("floors"):
``json.load`` / ``orjson.loads`` of the same file (load), a list comprehension over prebuilt
dicts (query), openpyxl write-only of the same rows (xlsx), a minimal Textual app (startup).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY = "污水 cat:water year:2024 unit:生态环境局"  # free text + cat + year + unit
PINYIN_QUERY = "wushui"
TARGETS = {  # at 100k projects
    "load": "<= 4x json.load and <= 2 s", "query": "<= 50 ms", "cli_list": "<= 1.5x floor",
    "ui_first_screen": "<= 1.5 s", "ui_keystroke": "<= 100 ms", "edit": "<= 1.5 s",
    "export_csv": "<= 2 s", "export_xlsx": "<= 1.5x floor", "peak_rss_mb": "<= 1024 MB",
}


STARTUP_ROUNDS = 21


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def portfolio_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("portfolio")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.launch"]


def process_times(commands: dict[str, list[str]], repeat: int, warm_up: bool = True) -> dict[str, float]:
    """Whole processes, the commands alternating (drift hits all alike), after one round that
    warms the file cache (``warm_up``): the median wall-clock time of each, and as ``NAME_cpu``
    the median CPU time (user + system), which a busy neighbour on a shared machine disturbs less."""
    times: dict[str, list[float]] = {}
    first = 0 if warm_up else 1
    for i in range(first, repeat + 1):
        for name, cmd in commands.items():
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"{' '.join(cmd)} failed")
            if i:
                times.setdefault(name, []).append(wall)
                times.setdefault(name + "_cpu", []).append(usage.ru_utime + usage.ru_stime)
    return {name: statistics.median(values) for name, values in times.items()}


def list_commands(db: Path, cache: Path) -> dict[str, list[str]]:
    """`portfolio list --where` and its floor, a process that ``json.load``s the same file.
    ``cli_list`` reads the file as a planner's second command does: an earlier run proved it
    valid (``portfolio.store.trust``, its stamp in ``cache``); ``cli_list_checked`` as the
    first one does, checking it in full (its cache folder is a file: no stamp is ever kept)."""
    command = [*portfolio_cmd(), "list", "--where", QUERY, "--format", "json", "--db", str(db)]
    return {
        "floor_cli_json_load": [sys.executable, "-c", f"import json; json.load(open({str(db)!r}, encoding='utf-8'))"],
        "cli_list": ["env", f"PORTFOLIO_CACHE_DIR={cache / 'stamps'}", *command],
        "cli_list_checked": ["env", f"PORTFOLIO_CACHE_DIR={cache / 'no-stamps'}", *command],
    }


def stamp_folder(tmp: str) -> Path:
    """The cache folder of the bench's commands (never the user's): ``no-stamps`` is a file."""
    cache = Path(tmp) / "cache"
    cache.mkdir()
    (cache / "no-stamps").write_text("")
    return cache


def ui_first_screen_process(db: Path, cache: Path, repeat: int) -> dict[str, float]:
    """The UI as a planner starts it, from process start (interpreter, imports, reading the
    file) to the first frame with the projects: medians of ``repeat`` runs (``bench/startup.py
    table``), the file proved by an earlier read (``ui_process``) and checked in full
    (``ui_process_checked``), alternating."""
    times: dict[str, list[float]] = {}
    for i in range(repeat + 1):
        for name, folder in (("ui_process", cache / "stamps"), ("ui_process_checked", cache / "no-stamps")):
            env = {**os.environ, "PORTFOLIO_CACHE_DIR": str(folder)}
            t = time.time()
            # the first round: the file as a planner's earlier session left it (stamped, its snapshot kept)
            keep = ["--keep"] if i == 0 and name == "ui_process" else []
            keys = ["--keys"] if i and name == "ui_process" else []
            proc = subprocess.run([sys.executable, str(ROOT / "bench" / "startup.py"), "table", str(db), *keep,
                                   *keys], capture_output=True, text=True, cwd=ROOT, env=env)
            if proc.returncode != 0:
                raise SystemExit(f"the UI on {db} failed: {proc.stderr}")
            if i:  # the first round warms the file cache and writes the stamp and the row snapshot
                lines = proc.stdout.split("\n")
                times.setdefault(name, []).append(float(lines[0]) - t)
                if keys:  # the slowest key of the run, in the 2 s after its first frame
                    times.setdefault("ui_keys_after", []).append(float(lines[1].split()[1]))
    return {name: statistics.median(values) for name, values in times.items()}


def list_side_by_side(n: int, repeat: int, db: Path | None) -> str:
    """The list command beside its floor, alternating, medians of wall-clock and process (CPU)
    time; the file is generated unless ``db`` is given."""
    import compileall

    for package in ("portfolio", "tui"):  # byte-compiled, as pip does on install (see measure_startup)
        compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory(prefix="portfolio-bench-") as tmp:
        if db is None:
            db = Path(tmp) / "projects.json"
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(n), "-o", str(db)],
                           check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        cache = stamp_folder(tmp)
        t = process_times(list_commands(db, cache), repeat)
        ui = ui_first_screen_process(db, cache, repeat)
        size = db.stat().st_size / 1e6
    floor, ours, checked = t["floor_cli_json_load"], t["cli_list"], t["cli_list_checked"]
    floor_cpu, ours_cpu, checked_cpu = t["floor_cli_json_load_cpu"], t["cli_list_cpu"], t["cli_list_checked_cpu"]
    return (f"portfolio list --where {QUERY!r} --format json, {size:.0f} MB "
            f"(medians of {repeat} alternating runs; target <= 1.5x):\n"
            f"  process time (user + system): {ms(ours_cpu)}; python -c json.load: {ms(floor_cpu)}; "
            f"ratio {ours_cpu / floor_cpu:.2f}x\n"
            f"  wall clock:                   {ms(ours)}; python -c json.load: {ms(floor)}; ratio {ours / floor:.2f}x\n"
            f"  first read of a file (checked in full, then stamped): process time {ms(checked_cpu)} = "
            f"{checked_cpu / floor_cpu:.2f}x; wall clock {ms(checked)} = {checked / floor:.2f}x\n"
            f"UI, process start to the first frame with the projects (target <= 1.5 s): {ms(ui['ui_process'])}; "
            f"first read of a file (checked in full): {ms(ui['ui_process_checked'])}\n"
            f"  keys in the 2 s after that frame (40 x down, while the file is parsed in a worker): "
            f"slowest answer {ms(ui['ui_keys_after'])} (median over the runs)")


# -- one size, in its own process ------------------------------------------------------------------
def measure(n: int, repeat: int, db: Path) -> dict[str, float]:
    import orjson
    from openpyxl import Workbook

    from portfolio.io.export import export_projects
    from portfolio.io.flat import XLSX_FLAT_FIELDS, flat_value
    from portfolio.review.compute import review
    from portfolio.store import Repository

    out: dict[str, float] = {"n": n}
    tmp = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    out["file_mb"] = db.stat().st_size / 1e6
    big = n >= 50_000
    r = max(3, repeat // 2) if big else repeat

    # load
    out["floor_json_load"] = median_time(lambda: json.loads(db.read_bytes()), r)
    out["floor_orjson_load"] = median_time(lambda: orjson.loads(db.read_bytes()), r)
    cache = stamp_folder(str(tmp))  # never the user's cache
    os.environ["PORTFOLIO_CACHE_DIR"] = str(cache / "no-stamps")  # a file: no stamp is kept
    out["load_checked"] = median_time(lambda: Repository.open(db), r)
    os.environ["PORTFOLIO_CACHE_DIR"] = str(cache / "stamps")
    Repository.open(db)  # proves the file (``portfolio.store.trust``)
    out["load"] = median_time(lambda: Repository.open(db), r)
    repo = Repository.open(db)

    # query
    dicts = list(orjson.loads(db.read_bytes())["projects"].values())

    def floor_query() -> list[dict[str, Any]]:
        return [d for d in dicts if d["category"] == "water" and d["start_year"] <= 2024 <= d["end_year"]
                and any("生态环境局" in u for u in d["units"])
                and "污水" in (d["name"] + d["content"] + d["scale"]).lower()]

    out["floor_query"] = median_time(floor_query, repeat)
    t = time.perf_counter()
    repo.search(QUERY)
    out["query_first"] = time.perf_counter() - t
    out["query"] = median_time(lambda: repo.search(QUERY), repeat)
    t = time.perf_counter()
    repo.search(PINYIN_QUERY)
    out["pinyin_first"] = time.perf_counter() - t
    out["pinyin_query"] = median_time(lambda: repo.search(PINYIN_QUERY), repeat)
    out["matches"] = len(repo.search(QUERY))

    # the CLI as a whole process
    processes = process_times(list_commands(db, cache), 3)
    out["floor_cli_json_load"], out["cli_list"] = processes["floor_cli_json_load"], processes["cli_list"]
    out["cli_list_checked"] = processes["cli_list_checked"]

    # one edit saved
    codes = [p.code for p in repo.projects()[:r]]
    values = iter(range(1, 1000))
    out["edit"] = median_time(lambda: repo.update(codes[0], {"progress_percent": next(values) % 100}), r)

    # exports
    projects = repo.projects()
    for fmt in ("csv", "md", "xlsx"):
        target = tmp / f"export.{fmt}"
        out[f"export_{fmt}"] = median_time(lambda t=target: export_projects(projects, t), 3 if big else r)

    def floor_xlsx() -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(list(XLSX_FLAT_FIELDS))
        for p in projects:
            ws.append([flat_value(p, f) for f in XLSX_FLAT_FIELDS])
        wb.save(tmp / "floor.xlsx")

    out["floor_xlsx"] = median_time(floor_xlsx, 3 if big else r)

    # review
    out["review"] = median_time(lambda: review(projects), r)

    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()
    return out


async def measure_ui(db: Path, repeat: int) -> dict[str, float]:
    from textual.widgets import Input

    from tui.app import make_app
    from tui.launch import BACKGROUND_LOAD_BYTES
    from tui.widgets.record_table import RecordTable

    firsts = []
    frames = []
    keystrokes: list[float] = []
    direct: list[float] = []
    for _ in range(repeat):
        t = time.perf_counter()
        # as `portfolio` does: a large file loads behind a loading screen
        app = make_app(db, background_load=db.stat().st_size > BACKGROUND_LOAD_BYTES)
        async with app.run_test(size=(120, 40)) as pilot:
            frames.append(time.perf_counter() - t)
            while not app.screen.query(RecordTable) or not app.screen.query_one(RecordTable).records:
                await asyncio.sleep(0.005)
            await pilot.pause()
            firsts.append(time.perf_counter() - t)
            await app.workers.wait_for_complete()  # the warm-up of the search rows
            await pilot.press("slash")
            box = app.screen.query_one("#filter", Input)
            for ch in "wushui":
                t = time.perf_counter()
                await pilot.press(ch)
                while getattr(app.screen, "query_text", None) != box.value:
                    await asyncio.sleep(0.002)
                await pilot.pause()
                keystrokes.append(time.perf_counter() - t)
            direct += await keystrokes_to_frames(app, "wushui")
    return {"ui_first_screen": statistics.median(firsts), "ui_first_frame": statistics.median(frames),
            "ui_keystroke": statistics.median(keystrokes), "floor_ui_keystroke": await measure_pilot_floor(),
            "ui_keystroke_direct": statistics.median(direct)}


async def keystrokes_to_frames(app: Any, text: str) -> list[float]:
    """Each key sent as the terminal driver sends it, timed to the first frame drawn with the
    new result (the pilot waits for the process to look idle in 20 ms steps, which is most
    of what a pilot keystroke costs)."""
    from textual import events
    from textual.widgets import Input

    frames: list[float] = []
    display = app._display

    def drawing(*args: Any) -> None:
        frames.append(time.perf_counter())
        display(*args)

    app._display = drawing
    screen = app.screen
    refreshed: list[float] = []
    refresh_view = screen.refresh_view

    def refreshing() -> None:
        refresh_view()
        refreshed.append(time.perf_counter())

    screen.refresh_view = refreshing
    box = app.screen.query_one("#filter", Input)
    box.focus()
    box.value = ""
    while app.screen.query_text != "":
        await asyncio.sleep(0.002)
    await asyncio.sleep(0.1)
    times = []
    for ch in text:
        t = time.perf_counter()
        key = events.Key(ch, ch)
        key.set_sender(app)
        app._driver.send_message(key)
        while screen.query_text != box.value or not refreshed or refreshed[-1] < t:
            await asyncio.sleep(0.001)
        # the frame that shows the result: the first one drawn after the table was refreshed
        while not frames or frames[-1] < refreshed[-1]:
            await asyncio.sleep(0.001)
        times.append(min(f for f in frames if f >= refreshed[-1]) - t)
        await asyncio.sleep(0.05)
    app._display = display
    del screen.refresh_view
    return times


def measure_rss(db: Path) -> float:
    """Peak RSS of a process doing what a planner does: open, search (also in pinyin), the
    review, a CSV export, and the UI's first screen."""
    from portfolio.io.export import export_projects
    from portfolio.review.compute import review
    from portfolio.store import Repository
    from tui.app import PortfolioApp
    from tui.widgets.record_table import RecordTable

    repo = Repository.open(db)
    repo.search(QUERY)
    repo.search(PINYIN_QUERY)
    review(repo.projects())
    with tempfile.TemporaryDirectory() as tmp:
        export_projects(repo.projects(), Path(tmp) / "x.csv")

    async def ui() -> None:
        app = PortfolioApp(repo)  # the same repository: one copy of the data, as in the app
        async with app.run_test(size=(120, 40)) as pilot:
            while not app.screen.query(RecordTable) or not app.screen.query_one(RecordTable).records:
                await asyncio.sleep(0.01)
            await pilot.press("slash", *"wushui")
            await app.workers.wait_for_complete()

    asyncio.run(ui())
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure_pilot_floor() -> float:
    """The same keystroke into an Input of a minimal app: what the pilot itself costs."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    times = []
    app = Minimal()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for ch in "wushui":
            t = time.perf_counter()
            await pilot.press(ch)
            await pilot.pause()
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure_startup(repeat: int) -> dict[str, float]:
    """Whole-process start to first screen, against a minimal Textual app. Our modules are
    byte-compiled first, as pip does on install: a checkout run with PYTHONDONTWRITEBYTECODE
    (set on this machine) would otherwise compile them on every start."""
    import compileall

    for package in ("portfolio", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    script = ROOT / "bench" / "startup.py"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "projects.json"
        shutil.copyfile(ROOT / "data" / "projects.json", db)
        return process_times({"startup_minimal": [sys.executable, str(script), "minimal"],
                              "startup_portfolio": [sys.executable, str(script), "portfolio", str(db)]},
                             repeat)


# -- report -------------------------------------------------------------------------------------------------
def ms(x: float) -> str:
    return f"{x * 1000:,.0f} ms" if x < 10 else f"{x:,.1f} s"


def report(results: list[dict[str, float]], startup: dict[str, float]) -> str:
    rows: list[tuple[str, str, Callable[[dict[str, float]], str]]] = [
        ("file size", "", lambda r: f"{r['file_mb']:.1f} MB"),
        ("json.load (floor)", "", lambda r: ms(r["floor_json_load"])),
        ("orjson.loads (floor)", "", lambda r: ms(r["floor_orjson_load"])),
        ("load, first read (open + check + validate)", TARGETS["load"],
         lambda r: f"{ms(r['load_checked'])} = {r['load_checked'] / r['floor_json_load']:.2f}x json.load"),
        ("load, file proved by an earlier read", "",
         lambda r: f"{ms(r['load'])} = {r['load'] / r['floor_json_load']:.2f}x json.load"),
        ("query floor (dict listcomp)", "", lambda r: ms(r["floor_query"])),
        ("query: " + QUERY, TARGETS["query"],
         lambda r: f"{ms(r['query'])} = {r['query'] / r['floor_query']:.2f}x floor (first {ms(r['query_first'])})"),
        ("query: " + PINYIN_QUERY, TARGETS["query"],
         lambda r: f"{ms(r['pinyin_query'])} (first {ms(r['pinyin_first'])})"),
        ("process: python -c json.load (floor)", "", lambda r: ms(r["floor_cli_json_load"])),
        ("process: portfolio list --where", "<= 1.5x floor",
         lambda r: f"{ms(r['cli_list'])} = {r['cli_list'] / r['floor_cli_json_load']:.2f}x floor"),
        ("process: portfolio list --where, first read", "",
         lambda r: f"{ms(r['cli_list_checked'])} = {r['cli_list_checked'] / r['floor_cli_json_load']:.2f}x floor"),
        ("UI first frame (loading screen for large files)", "", lambda r: ms(r["ui_first_frame"])),
        ("UI first screen with the projects", TARGETS["ui_first_screen"], lambda r: ms(r["ui_first_screen"])),
        ("pilot keystroke, minimal app (floor)", "", lambda r: ms(r["floor_ui_keystroke"])),
        ("UI keystroke -> table (pilot)", "",
         lambda r: f"{ms(r['ui_keystroke'])} = floor + {ms(r['ui_keystroke'] - r['floor_ui_keystroke'])}"),
        ("UI keystroke -> frame drawn with the new table", TARGETS["ui_keystroke"],
         lambda r: ms(r["ui_keystroke_direct"])),
        ("one edit saved", TARGETS["edit"], lambda r: ms(r["edit"])),
        ("export csv", TARGETS["export_csv"], lambda r: ms(r["export_csv"])),
        ("export md", "", lambda r: ms(r["export_md"])),
        ("openpyxl write-only (floor)", "", lambda r: ms(r["floor_xlsx"])),
        ("export xlsx", TARGETS["export_xlsx"],
         lambda r: f"{ms(r['export_xlsx'])} = {r['export_xlsx'] / r['floor_xlsx']:.2f}x floor"),
        ("review computation", "", lambda r: ms(r["review"])),
        ("peak RSS (open, search, review, csv, UI)", TARGETS["peak_rss_mb"],
         lambda r: f"{r['peak_rss_mb']:,.0f} MB"),
    ]
    from tabulate import tabulate

    headers = ["measure (median)", *[f"{int(r['n']):,} projects" for r in results], "target at 100k"]
    table = [[name, *[fn(r) for r in results], target] for name, target, fn in rows]
    text = tabulate(table, headers=headers, tablefmt="github", disable_numparse=True)
    return text + "\n\n" + startup_line(startup)


def startup_line(startup: dict[str, float]) -> str:
    mini, ours = startup["startup_minimal"], startup["startup_portfolio"]
    mini_cpu, ours_cpu = startup["startup_minimal_cpu"], startup["startup_portfolio_cpu"]
    return (f"Startup to first screen, bundled 34 projects (medians of {STARTUP_ROUNDS} alternating runs; "
            f"target <= 1.5x):\n"
            f"  wall clock: {ms(ours)}; a minimal Textual app: {ms(mini)}; ratio {ours / mini:.2f}x\n"
            f"  CPU time:   {ms(ours_cpu)}; a minimal Textual app: {ms(mini_cpu)}; ratio {ours_cpu / mini_cpu:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rss", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ui", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--startup-only", action="store_true",
                        help="measure only the startup against a minimal Textual app (about 15 s)")
    parser.add_argument("--review-only", action="store_true",
                        help="measure only the review (bench/review.py: about 15 minutes)")
    parser.add_argument("--no-review", action="store_true", help="leave out the review (bench/review.py)")
    parser.add_argument("--list-only", action="store_true",
                        help="measure only `portfolio list --where` beside json.load (--sizes: its last size; "
                             "--db: an existing file instead of a generated one)")
    args = parser.parse_args()
    if args.list_only:
        print(list_side_by_side(int(args.sizes.split(",")[-1]), args.repeat, args.db))
        return
    if args.startup_only:
        print(startup_line(measure_startup(STARTUP_ROUNDS)))
        return
    if args.review_only:
        from bench import review as review_bench

        print(review_bench.run())
        return
    if args.rss:
        print(json.dumps(measure_rss(args.db)))
        return
    if args.ui:  # a fresh process, as when a planner starts the app
        print(json.dumps(asyncio.run(measure_ui(args.db, 1))))
        return
    if args.one:
        print(json.dumps(measure(args.one, args.repeat, args.db)))
        return
    results = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if "PORTFOLIO_CACHE_DIR" not in env:  # the stamps of the UI runs: never the user's cache
        env["PORTFOLIO_CACHE_DIR"] = tempfile.mkdtemp(prefix="portfolio-bench-cache-")
    for n in [int(x) for x in args.sizes.split(",")]:
        print(f"measuring {n:,} projects ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="portfolio-bench-") as tmp:
            db = Path(tmp) / "projects.json"
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(n), "-o", str(db)],
                           check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            runs = []
            ui_runs = max(3, args.repeat // 2)
            modes = [["--one", str(n), "--repeat", str(args.repeat)], ["--rss"], *[["--ui"]] * ui_runs]
            for mode in modes:
                proc = subprocess.run([sys.executable, __file__, *mode, "--db", str(db)],
                                      capture_output=True, text=True, cwd=ROOT, env=env)
                if proc.returncode != 0:
                    print(proc.stderr, file=sys.stderr)
                    raise SystemExit(f"measuring {n} failed")
                runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            result, rss, *ui = runs
            result["peak_rss_mb"] = rss
            for key in ui[0]:
                result[key] = statistics.median(u[key] for u in ui)
            results.append(result)
    print("measuring startup ...", file=sys.stderr, flush=True)
    startup = measure_startup(STARTUP_ROUNDS)
    print(report(results, startup))
    if not args.no_review:
        from bench import review as review_bench

        print("\n" + review_bench.run())
    if args.json:
        args.json.write_text(json.dumps({"sizes": results, "startup": startup}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
