"""The PostgreSQL store under load, under faults and beside the file (issue #21).

    python bench/server.py edits   --projects 10000 --clients 20 --edits 2000 [--reporters 2] [--restart]
    python bench/server.py cli     --processes 8 --sets 50 [--same | --distinct]
    python bench/server.py compare --projects 100000 [--repeat 3]

``edits``: CLIENTS processes (planner accounts), each with its own repository, make EDITS
changes in all on a server store of PROJECTS projects (each client its own projects, all at
once), while REPORTERS reporter accounts try changes outside their rights (other units'
projects, fields a reporter may not change, deletes): every one must be refused and journalled
as refused. Every change a client was told succeeded must be in the journal and the last one of
each project in the database (0 lost updates); the latency of an edit (p50/p95).
``--restart`` restarts the PostgreSQL server mid-run (``pg_ctlcluster VERSION main restart -m
fast``): the clients get one clear one-line error per failed try, retry, and still nothing
acknowledged is lost. NOTE: on a shared machine this restarts everyone's server (their open
sessions are cut for the second or two it takes); run it only when that is acceptable. The
test suite never restarts the server.
``cli``: PROCESSES loops of SETS ``portfolio set`` (the console script, one process per set),
each loop on a record of its own (``--distinct``) and all on one field of one record
(``--same``; both by default): every acknowledged set is in the journal once and in order, each
record's journal chains (no update lost), the record holds the last value
(tests/store/set_loops.py).
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
PASSWORD = "bench-password"


def client(url: str, number: int, clients: int, edits: int, codes: list[str], out: multiprocessing.Queue) -> None:
    import random

    from portfolio.errors import ConflictError, DatabaseError, WriteError
    from portfolio.store import open_repository

    mine = codes[number::clients]
    rng = random.Random(number)
    errors: list[str] = []
    while True:
        try:
            repo = open_repository(url, author=f"client{number}", password=PASSWORD)
            break
        except DatabaseError as exc:
            errors.append(str(exc))
            time.sleep(0.5)
    done: list[tuple[str, float, float]] = []
    for i in range(edits):
        code = rng.choice(mine)
        value = float(number * 100000 + i)
        started = time.perf_counter()
        while True:
            t = time.perf_counter()
            try:
                repo.update(code, {"planned_investment": value})
                break
            except ConflictError:
                repo.refresh()
            except (DatabaseError, WriteError) as exc:  # the server went away: one clear error, try again
                errors.append(str(exc))
                time.sleep(0.5)
        # the latency of the try that succeeded; with the time spent retrying apart
        done.append((code, value, time.perf_counter() - t, t - started))
    out.put(("client", number, done, errors))


def reporter(url: str, number: int, attempts: int, unit: str, theirs: list[str], others: list[str],
             out: multiprocessing.Queue) -> None:
    """A reporter of ``unit`` trying changes outside its rights: progress on other units'
    projects (``others``), renames and deletes of its own (``theirs``)."""
    from portfolio.errors import DatabaseError, WriteError
    from portfolio.rights import NotAllowed
    from portfolio.store import open_repository

    name = f"reporter{number}"
    refused = allowed = 0
    errors: list[str] = []
    repo = None
    for i in range(attempts):
        while True:
            try:
                if repo is None:
                    repo = open_repository(url, author=name, password=PASSWORD)
                what = i % 3
                if what == 0:
                    repo.update(others[i % len(others)], {"progress_percent": 7})
                elif what == 1:
                    repo.update(theirs[i % len(theirs)], {"name": f"改名{i}"})
                else:
                    repo.delete(theirs[i % len(theirs)])
                allowed += 1
                break
            except NotAllowed:
                refused += 1
                break
            except (DatabaseError, WriteError) as exc:  # the server went away: try again
                errors.append(str(exc))
                time.sleep(0.5)
    out.put(("reporter", number, (refused, allowed), errors))


REPORTABLE = {"not_started", "not_reported", "in_progress"}  # progress 7 % is a valid report there


def add_accounts(url: str, clients: int, reporters: list[str]) -> None:
    from portfolio.store.pg import accounts
    from portfolio.store.pg.connect import connection

    with connection(url, writing=True) as conn:
        for c in range(clients):
            accounts.add(conn, f"client{c}", "planner", None, PASSWORD)
        for r, unit in enumerate(reporters):
            accounts.add(conn, f"reporter{r}", "reporter", unit, PASSWORD)


def restart_server(version: str) -> float:
    t = time.perf_counter()
    subprocess.run(["pg_ctlcluster", version, "main", "restart", "-m", "fast"], check=True)
    return time.perf_counter() - t


def run_edits(args: argparse.Namespace) -> None:
    from portfolio.store import open_repository

    with tempfile.TemporaryDirectory() as tmp:
        url, _path = fresh_server_db(args.projects, Path(tmp))
        try:
            projects = open_repository(url).projects()
            codes = [p.code for p in projects]
            units = [p.units[0] for p in projects[: args.reporters * 7: 7]]
            add_accounts(url, args.clients, units)
            queue: multiprocessing.Queue = multiprocessing.Queue()
            per_client = args.edits // args.clients
            procs = [multiprocessing.Process(target=client, args=(url, c, args.clients, per_client, codes, queue))
                     for c in range(args.clients)]
            for r, unit in enumerate(units):
                theirs = [p.code for p in projects if unit in p.units][:20]
                others = [p.code for p in projects if p.status in REPORTABLE
                          and not any(u.startswith(unit[:2]) for u in p.units)][:20]
                procs.append(multiprocessing.Process(target=reporter, args=(url, r, args.attempts, unit, theirs,
                                                                              others, queue)))
            started = time.perf_counter()
            for p in procs:
                p.start()
            if args.restart:
                time.sleep(args.restart_after)
                print(f"restarting the PostgreSQL server (pg_ctlcluster {args.cluster_version} main restart) …")
                print(f"  restarted in {restart_server(args.cluster_version):.1f} s")
            results = [queue.get(timeout=900) for _ in procs]  # a stuck client ends the run
            for p in procs:
                p.join()
            wall = time.perf_counter() - started
            report(url, args, results, wall, per_client)
        finally:
            drop(url)


def report(url: str, args: argparse.Namespace, results: list, wall: float, per_client: int) -> None:
    from portfolio.store import open_repository

    last: dict[str, float] = {}
    acknowledged: set[tuple[str, str, float]] = set()
    latencies: list[float] = []
    retrying: list[float] = []
    errors: list[str] = []
    refused = allowed = 0
    for role, number, done, errs in sorted(results, key=lambda r: (r[0], r[1])):
        errors += errs
        if role == "reporter":
            refused, allowed = refused + done[0], allowed + done[1]
            continue
        for code, value, seconds, waited in done:
            last[code] = value  # each client owns its codes: its last write stands
            acknowledged.add((f"client{number}", code, value))
            latencies.append(seconds)
            retrying.append(waited)
    final = open_repository(url, author="client0", password=PASSWORD)
    lost = [c for c, v in last.items() if final.get(c).planned_investment != v]
    history = final.history()
    journal = {(e.author, e.code, float(e.after["planned_investment"])) for e in history
               if e.action == "update" and e.after and "planned_investment" in e.after}
    missing = acknowledged - journal
    refusals = [e for e in history if e.action == "refused"]
    latencies.sort()
    print(f"{args.clients} clients x {per_client} edits on {args.projects:,} projects: {len(latencies)} "
          f"acknowledged in {wall:.1f} s; lost updates: {len(lost)}; acknowledged edits missing from the "
          f"journal: {len(missing)}")
    print(f"edit latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms (the try that succeeded)")
    if args.reporters:
        print(f"{args.reporters} reporters x {args.attempts} attempts outside their rights: {refused} refused, "
              f"{allowed} allowed; refusals in the journal: {len(refusals)}")
    if errors:
        lines = {len(e.splitlines()) for e in errors}
        print(f"server errors seen (each retried): {len(errors)}, lines per error: {sorted(lines)}; "
              f"longest wait for one edit {max(retrying):.1f} s; first: {errors[0]}")
    assert not lost and not missing, "updates lost"
    assert allowed == 0 and len(refusals) == refused, "a reporter got through"
    assert all(len(e.splitlines()) == 1 for e in errors), "an error of more than one line"


# -- cli: processes of `portfolio set` -------------------------------------------------------------
def run_cli(args: argparse.Namespace) -> None:
    from portfolio.store.migrate import migrate
    from portfolio.store.pg.connect import create_database
    from tests.store.set_loops import run_set_loops

    modes = [m for m, on in (("distinct", args.distinct), ("same", args.same)) if on] or ["distinct", "same"]
    for mode in modes:
        url = f"{SERVER}/portfolio_bench_{uuid.uuid4().hex[:8]}"
        create_database(url)
        migrate(str(ROOT / "data" / "projects.json"), url)
        try:
            codes = [f"W0{k + 1}" if k < 8 else f"A0{k - 7}" for k in range(args.processes)]
            loops = run_set_loops(url, codes, args.sets, same=mode == "same")
            print(f"{args.processes} processes x {args.sets} set ({mode} records): {loops.count} acknowledged in "
                  f"{loops.seconds:.1f} s ({loops.seconds / max(loops.count, 1) * args.processes * 1000:.0f} ms a set "
                  f"per process); refused as conflicts and tried again: {loops.retries}; journal lines: "
                  f"{loops.journal_lines}; problems: {len(loops.problems)}")
            for problem in loops.problems[:5]:
                print(f"  {problem}")
            assert not loops.problems and loops.count == args.processes * args.sets
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
            from tests.store.set_loops import portfolio_cmd

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
    p.add_argument("--reporters", type=int, default=2)
    p.add_argument("--attempts", type=int, default=30, help="attempts outside its rights per reporter")
    p.add_argument("--restart", action="store_true",
                   help="restart the PostgreSQL server mid-run (the machine's server: everyone's sessions)")
    p.add_argument("--restart-after", type=float, default=8.0)
    p.add_argument("--cluster-version", default="15")
    p = sub.add_parser("cli")
    p.add_argument("--processes", type=int, default=8)
    p.add_argument("--sets", type=int, default=50)
    p.add_argument("--distinct", action="store_true", help="each process a record of its own")
    p.add_argument("--same", action="store_true", help="all processes on one record")
    p = sub.add_parser("compare")
    p.add_argument("--projects", type=int, default=100000)
    p.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    {"edits": run_edits, "cli": run_cli, "compare": run_compare}[args.what](args)


if __name__ == "__main__":
    main()
