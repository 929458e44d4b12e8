"""The PostgreSQL store under load, under faults and beside the file (issue #21).

    python bench/server.py edits   --projects 10000 --clients 20 --edits 2000 [--restart]
    python bench/server.py cli     --processes 8 --sets 50
    python bench/server.py compare --projects 100000 [--repeat 3]

``edits``: CLIENTS processes, each with its own repository, make EDITS changes in all on a
server store of PROJECTS projects (each client its own projects, all at once); every change a
client was told succeeded must be in the database and in the journal (0 lost updates); the
latency of an edit (p50/p95). ``--restart`` restarts the PostgreSQL server mid-run: the clients
get one clear error each time, retry, and still nothing acknowledged is lost.
``cli``: PROCESSES ``portfolio set`` loops of SETS each against the server: nothing lost, the
journal holds them all.
``compare``: the migration of PROJECTS projects to the server, then ``list --where`` and one
``set`` as whole processes on the server beside the same on the TinyDB file.
The server: $PORTFOLIO_BENCH_PG (default postgresql://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("PORTFOLIO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
QUERY = "污水 cat:water year:2024 unit:生态环境局"
FIRST: list[str] = []  # the first generated project's code


def fresh_server_db(n: int, tmp: Path) -> tuple[str, Path]:
    """A new database of ``n`` generated projects on the server, and the same as a file (its
    first project's code in ``FIRST``)."""
    from bench.generate import make
    from portfolio.store import create_repository
    from portfolio.store.migrate import migrate
    from portfolio.store.pg.connect import create_database

    path = tmp / f"bench-{n}.json"
    projects = make(n)
    FIRST[:] = [projects[0].code]
    create_repository(path, projects)
    url = f"{SERVER}/portfolio_bench_{uuid.uuid4().hex[:8]}"
    create_database(url)
    t = time.perf_counter()
    migrate(str(path), url)
    print(f"migrate {n:,} projects file -> server: {time.perf_counter() - t:.1f} s")
    return url, path


def drop(url: str) -> None:
    from portfolio.store.pg.connect import drop_database

    drop_database(url)


# -- edits: concurrent clients -------------------------------------------------------------------
def client(url: str, number: int, clients: int, edits: int, codes: list[str], out: multiprocessing.Queue) -> None:
    import random

    from portfolio.errors import ConflictError, PortfolioError
    from portfolio.store import open_repository

    mine = codes[number::clients]
    rng = random.Random(number)
    repo = open_repository(url, author=f"client{number}")
    done: list[tuple[str, float, float]] = []
    errors: list[str] = []
    for i in range(edits):
        code = rng.choice(mine)
        value = float(number * 100000 + i)
        while True:
            t = time.perf_counter()
            try:
                repo.update(code, {"planned_investment": value})
                break
            except ConflictError:
                repo.refresh()
            except PortfolioError as exc:  # the server went away: one clear error, try again
                errors.append(str(exc))
                time.sleep(0.5)
        done.append((code, value, time.perf_counter() - t))
    out.put((number, done, errors))


def run_edits(args: argparse.Namespace) -> None:
    from portfolio.store import open_repository

    with tempfile.TemporaryDirectory() as tmp:
        url, _path = fresh_server_db(args.projects, Path(tmp))
        try:
            codes = [p.code for p in open_repository(url).projects()]
            queue: multiprocessing.Queue = multiprocessing.Queue()
            per_client = args.edits // args.clients
            procs = [multiprocessing.Process(target=client, args=(url, c, args.clients, per_client, codes, queue))
                     for c in range(args.clients)]
            started = time.perf_counter()
            for p in procs:
                p.start()
            if args.restart:
                time.sleep(args.restart_after)
                print("restarting the PostgreSQL server …")
                subprocess.run(["pg_ctlcluster", args.cluster_version, "main", "restart"], check=True)
            results = [queue.get() for _ in procs]
            for p in procs:
                p.join()
            wall = time.perf_counter() - started
            last: dict[str, float] = {}
            latencies: list[float] = []
            errors: list[str] = []
            for _number, done, errs in sorted(results):
                for code, value, seconds in done:
                    last[code] = value  # each client owns its codes: its last write stands
                    latencies.append(seconds)
                errors += errs
            final = open_repository(url)
            lost = [c for c, v in last.items() if final.get(c).planned_investment != v]
            journal = [e for e in final.history() if e.action == "update"]
            acknowledged = len(latencies)
            latencies.sort()
            print(f"{args.clients} clients x {per_client} edits on {args.projects:,} projects: {acknowledged} "
                  f"acknowledged in {wall:.1f} s; lost updates: {len(lost)}; journal lines: {len(journal)}")
            print(f"edit latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
                  f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms")
            if errors:
                print(f"server errors seen by clients (each retried): {len(errors)}; first: {errors[0]}")
            assert not lost and len(journal) >= acknowledged, "updates lost"
        finally:
            drop(url)


# -- cli: processes of `portfolio set` -------------------------------------------------------------
def portfolio_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("portfolio")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.launch"]


def run_cli(args: argparse.Namespace) -> None:
    from portfolio.store import open_repository
    from portfolio.store.migrate import migrate
    from portfolio.store.pg.connect import create_database

    url = f"{SERVER}/portfolio_bench_{uuid.uuid4().hex[:8]}"
    create_database(url)
    migrate(str(ROOT / "data" / "projects.json"), url)
    try:
        codes = [p.code for p in open_repository(url).projects()][: args.processes]
        script = ("for i in $(seq 1 {n}); do {cmd} set {code} planned={base}$i --db {url} >/dev/null || exit 1; done")
        started = time.perf_counter()
        procs = [subprocess.Popen(["bash", "-c", script.format(n=args.sets, cmd=" ".join(portfolio_cmd()),
                                                               code=code, base=1000 + k, url=url)])
                 for k, code in enumerate(codes)]
        assert all(p.wait() == 0 for p in procs), "a set failed"
        wall = time.perf_counter() - started
        final = open_repository(url)
        values = [final.get(code).planned_investment for code in codes]
        expected = [float(f"{1000 + k}{args.sets}") for k in range(len(codes))]
        journal = final.history()
        print(f"{args.processes} processes x {args.sets} set: {wall:.1f} s; final values right: "
              f"{values == expected}; journal lines: {len(journal)} (expected {args.processes * args.sets})")
        assert values == expected and len(journal) == args.processes * args.sets
    finally:
        drop(url)


# -- compare: the server beside the file ------------------------------------------------------------
def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def run_compare(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url, path = fresh_server_db(args.projects, Path(tmp))
        try:
            cmd = portfolio_cmd()
            rows: dict[str, dict[str, list[float]]] = {"list --where": {}, "set": {}}
            for i in range(args.repeat + 1):  # the first round warms caches and is not counted
                for name, db in (("file", str(path)), ("server", url)):
                    listing = timed([*cmd, "list", "--where", QUERY, "--db", db])
                    setting = timed([*cmd, "set", FIRST[0], f"planned={5000 + i}", "--db", db])
                    if i:
                        rows["list --where"].setdefault(name, []).append(listing)
                        rows["set"].setdefault(name, []).append(setting)
            print(f"{args.projects:,} projects, whole processes, median of {args.repeat}:")
            for what, by in rows.items():
                f, s = statistics.median(by["file"]), statistics.median(by["server"])
                print(f"  {what:<14} file {f:.2f} s   server {s:.2f} s   server/file {s / f:.2f}")
        finally:
            drop(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("edits")
    p.add_argument("--projects", type=int, default=10000)
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--edits", type=int, default=2000)
    p.add_argument("--restart", action="store_true")
    p.add_argument("--restart-after", type=float, default=5.0)
    p.add_argument("--cluster-version", default="15")
    p = sub.add_parser("cli")
    p.add_argument("--processes", type=int, default=8)
    p.add_argument("--sets", type=int, default=50)
    p = sub.add_parser("compare")
    p.add_argument("--projects", type=int, default=100000)
    p.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    {"edits": run_edits, "cli": run_cli, "compare": run_compare}[args.what](args)


if __name__ == "__main__":
    main()
