"""The PostgreSQL store beyond the contract: migrate both ways, accounts and rights, queries
narrowed in SQL, many writers at once (a real server: tests/pg.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.errors import DatabaseError, PortfolioError
from portfolio.records.project.query import parse
from portfolio.rights import NotAllowed
from portfolio.store import open_repository
from portfolio.store.migrate import migrate, read
from portfolio.store.pg import accounts
from portfolio.store.pg.connect import connection
from portfolio.store.pg.where import where
from tests.pg import fresh_database
from tests.store.set_loops import run_set_loops

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "projects.json"


@pytest.fixture
def server(tmp_path: Path):
    with fresh_database() as url:
        migrate(str(BUNDLED), url)
        yield url


def _cli(*argv: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "tui.launch", *argv], capture_output=True, text=True,
                          input=stdin, env={**os.environ, **(env or {})}, timeout=120)


def test_migrate_round_trip_is_lossless(server, tmp_path):
    back = tmp_path / "back.json"
    migrate(server, str(back))
    assert back.read_bytes() == BUNDLED.read_bytes()
    for kind in ("project", "task", "indicator"):
        a = _cli("list", "--kind", kind, "--format", "json", "--db", server)
        b = _cli("list", "--kind", kind, "--format", "json", "--db", str(BUNDLED))
        assert a.returncode == 0 and a.stdout == b.stdout and json.loads(a.stdout)


def test_migrate_keeps_backslashes_quotes_and_line_breaks(tmp_path):
    """The COPY text stream escapes what it must: a record comes back byte for byte."""
    import orjson

    data = orjson.loads(BUNDLED.read_bytes())
    w01 = data["projects"]["W01"]
    w01["name"] = 'C:\\路径\\n "引号" \\\\ 末尾\\'
    w01["content"] = "第一行\n第二行\t制表\r回车 \\N"
    source = tmp_path / "odd.json"
    source.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    back = tmp_path / "back.json"
    with fresh_database() as url:
        migrate(str(source), url)
        assert open_repository(url).get("W01").content == w01["content"]
        migrate(url, str(back))
    assert back.read_bytes() == source.read_bytes()


def test_a_deleted_code_is_never_given_again_even_without_a_counter(tmp_path):
    """A file edited by hand (a record added without its counter): once deleted on the server,
    its code is still never allocated again."""
    import orjson

    data = orjson.loads(BUNDLED.read_bytes())
    data["meta"]["schema"]["counters"] = {}
    source = tmp_path / "no-counters.json"
    source.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    with fresh_database() as url:
        migrate(str(source), url)
        repo = open_repository(url)
        repo.delete("R04")
        new = {"category": "waste", "name": "新增项目", "start_year": 2024, "end_year": 2025, "units": ["市生态环境局"]}
        assert repo.add(new).code == "R05"


def test_migrate_keeps_the_journal_and_refuses_to_overwrite(server, tmp_path):
    repo = open_repository(server, author="li")
    repo.update("W01", {"progress_percent": 30})
    copy = tmp_path / "copy.json"
    migrate(server, str(copy))
    [entry] = open_repository(copy).history()
    assert entry.author == "li" and entry.after["progress_percent"] == 30
    assert read(str(copy)).journal == read(server).journal
    with pytest.raises(PortfolioError, match="--replace"):
        migrate(str(BUNDLED), server)
    with pytest.raises(PortfolioError, match="--replace"):
        migrate(server, str(copy))


def test_sql_narrows_and_python_finishes(server):
    repo = open_repository(server)
    condition, params = where(parse("cat:碧水 -status:completed end:<=2023 unit:鹿寨 污水"))
    text = condition.as_string(None)
    assert "category" in text and "NOT" in text and "end_year" in text and "鹿寨" not in text
    assert params[0] == "water"
    file_repo = open_repository(BUNDLED)
    for q in ("cat:碧水 end:<=2023", "-cat:碧水 year:2024", "code:W0 unit:鹿寨县", "sub:水 lidian",
              "start:2021-2022 -status:in_progress", "code:\"W'; DROP TABLE projects; --\""):
        assert [p.code for p in repo.search(q)] == [p.code for p in file_repo.search(q)], q
    assert len(open_repository(server)) == 34


def test_a_missing_or_empty_database_is_one_clear_error():
    with pytest.raises(DatabaseError, match=r"PostgreSQL.*refused"):
        open_repository("postgresql://postgres@127.0.0.1:1/nothing")
    with fresh_database() as url, pytest.raises(DatabaseError, match="portfolio migrate"):
        open_repository(url)


@pytest.fixture
def with_accounts(server):
    with connection(server, writing=True) as conn:
        accounts.add(conn, "planner1", "planner", None, "p-secret")
        accounts.add(conn, "lz", "reporter", "鹿寨县", "r-secret")
        accounts.add(conn, "lb", "reporter", "柳北区", "b-secret")
        accounts.add(conn, "v", "viewer", None, "v-secret")
    return server


def test_reporter_rights(with_accounts):
    url = with_accounts
    lz = open_repository(url, author="lz", password="r-secret")
    assert lz.update("W05", {"progress_percent": 45}, note="月报").after.progress_percent == 45
    with pytest.raises(NotAllowed, match="A01"):
        lz.update("A01", {"progress_percent": 10})
    with pytest.raises(NotAllowed, match="W05"):
        lz.update("W05", {"name": "改名"})
    with pytest.raises(NotAllowed):
        lz.delete("W05")
    # a group the project names counts for each member: 柳北区 is one of 各相关县区人民政府 (W01)
    lb = open_repository(url, author="lb", password="b-secret")
    assert lb.update("W01", {"status": "in_progress"}).after.status == "in_progress"
    with pytest.raises(NotAllowed):
        open_repository(url, author="v", password="v-secret").update("W05", {"progress_percent": 50})
    planner = open_repository(url, author="planner1", password="p-secret")
    planner.update("A01", {"name": "规划员改名"})
    final = open_repository(url, author="planner1", password="p-secret")
    assert final.get("W05").progress_percent == 45 and final.get("W05").name != "改名"
    log = final.history()
    assert [(e.author, e.action, e.code) for e in log] == [
        ("lz", "update", "W05"), ("lz", "refused", "A01"), ("lz", "refused", "W05"), ("lz", "refused", "W05"),
        ("lb", "update", "W01"), ("v", "refused", "W05"), ("planner1", "update", "A01")]
    assert "鹿寨县" in log[1].note and log[2].after == {"name": "改名"}
    assert [c.code for c in lz.undo()] == ["W05"]  # a refusal is no step of its own


def test_logins(with_accounts):
    url = with_accounts
    with pytest.raises(accounts.LoginError, match="lz"):
        open_repository(url, author="lz", password="wrong")
    with pytest.raises(accounts.LoginError):
        open_repository(url, author="nobody", password="r-secret")
    entries = open_repository(url, author="planner1", password="p-secret").history()
    assert [(e.author, e.action) for e in entries] == [("lz", "refused"), ("nobody", "refused")]
    with connection(url) as conn:
        stored = conn.execute("SELECT hash FROM accounts WHERE name = 'lz'").fetchone()[0]
    assert stored.startswith("$argon2") and "r-secret" not in stored


def test_user_commands(server):
    env = {"PORTFOLIO_DB": server, "PORTFOLIO_USER": "boss", "PORTFOLIO_PASSWORD": "boss-pw"}
    assert _cli("user", "add", "boss", "--role", "planner", "--password-stdin", env=env, stdin="boss-pw\n").returncode == 0
    done = _cli("user", "add", "lz", "--role", "reporter", "--unit", "鹿寨县", "--password-stdin", env=env,
                stdin="lz-pw\n")
    assert done.returncode == 0, done.stderr
    as_lz = {**env, "PORTFOLIO_USER": "lz", "PORTFOLIO_PASSWORD": "lz-pw"}
    assert _cli("set", "W05", "progress=40", env=as_lz).returncode == 0
    refused = _cli("set", "W05", "name=改名", env=as_lz)
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1 and "W05" in refused.stderr
    wrong = _cli("list", env={**as_lz, "PORTFOLIO_PASSWORD": "nope"})
    assert wrong.returncode == 1 and "lz" in wrong.stderr and "Traceback" not in wrong.stderr
    assert _cli("user", "add", "x", "--role", "viewer", "--password-stdin", env=as_lz, stdin="x\n").returncode == 1
    assert _cli("user", "passwd", "lz", "--password-stdin", env=as_lz, stdin="new-pw\n").returncode == 0
    listed = _cli("user", "list", env=env)
    assert "lz" in listed.stdout and "鹿寨县" in listed.stdout and "new-pw" not in listed.stdout
    assert _cli("user", "remove", "lz", env=env).returncode == 0
    assert "lz" not in _cli("user", "list", env=env).stdout


@pytest.mark.parametrize("same", [False, True], ids=["distinct", "same"])
def test_processes_of_set_lose_nothing_and_the_journal_holds_them(server, same):
    """4 processes x 5 ``portfolio set`` (the console script), each on a record of its own or
    all on the same field of one record: every acknowledged set is in the journal once and in
    order, each record's journal chains (no update lost), the record holds the last value.
    8 x 50: ``python bench/server.py cli``."""
    loops = run_set_loops(server, ["W01", "W02", "W03", "W04"], sets=5, same=same)
    assert loops.problems == [] and loops.count == 20 and loops.journal_lines == 20
    final = open_repository(server)
    if not same:
        assert [final.get(f"W0{k + 1}").planned_investment for k in range(4)] == [
            float((k + 1) * 100000 + 5) for k in range(4)]
    else:
        assert final.get("W01").planned_investment in {float((k + 1) * 100000 + 5) for k in range(4)}


def test_sessions_cut_by_the_server_are_one_clear_line_and_a_retry_goes_through(server):
    """The server ends this database's sessions (as a restart does, without restarting the
    machine's shared server): a step cut mid-way is one line, writes nothing, and the next
    try goes through; nothing acknowledged is lost."""
    import threading

    import psycopg

    from portfolio.errors import WriteError
    from portfolio.store.pg.connect import database_name, maintenance_url

    repo = open_repository(server, author="a")
    repo.update("W01", {"planned_investment": 1})

    def cut() -> None:
        with psycopg.connect(maintenance_url(server), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                          "AND pid <> pg_backend_pid()", (database_name(server),))

    cut()  # idle pooled connections die: the pool's check replaces them, no error at all
    repo.update("W01", {"planned_investment": 2})
    # a step cut while it holds the writers' lock: another session holds the lock meanwhile
    blocker = psycopg.connect(server)
    blocker.execute("SELECT pg_advisory_lock(%s)", (0x77726974,))
    timer = threading.Timer(1.0, cut)
    timer.start()
    with pytest.raises(WriteError) as exc:
        repo.update("W01", {"planned_investment": 3})
    timer.join()
    blocker.close()
    message = str(exc.value)
    assert len(message.splitlines()) == 1 and "未写入任何内容" in message and "PostgreSQL" in message
    assert open_repository(server).get("W01").planned_investment == 2
    repo.update("W01", {"planned_investment": 3})  # the retry
    final = open_repository(server)
    assert final.get("W01").planned_investment == 3
    assert [e.after["planned_investment"] for e in final.history()] == [1, 2, 3]


def test_a_forked_child_never_shares_its_parents_connections(server):
    """multiprocessing forks with the parent's pool open: parent and children all write."""
    import multiprocessing

    parent = open_repository(server, author="parent")
    parent.update("W05", {"planned_investment": 1})
    ctx = multiprocessing.get_context("fork")
    children = [ctx.Process(target=_child_writes, args=(server, f"W0{n}")) for n in (6, 7, 8)]
    for child in children:
        child.start()
    parent.update("W05", {"planned_investment": 2})
    for child in children:
        child.join(timeout=120)
    assert [c.exitcode for c in children] == [0, 0, 0]
    parent.update("W05", {"planned_investment": 3})
    final = open_repository(server)
    assert [final.get(c).planned_investment for c in ("W05", "W06", "W07", "W08")] == [3.0, 10.0, 10.0, 10.0]
    assert len(final.history()) == 3 + 30


def _child_writes(url: str, code: str) -> None:
    repo = open_repository(url, author=code)
    for i in range(1, 11):
        repo.update(code, {"planned_investment": i})


def test_notify_tells_an_open_repository_within_a_second(server):
    import time

    watcher = open_repository(server, author="ui")
    watcher.projects()  # the UI reads a whole kind
    before = watcher.watch_token()
    time.sleep(0.5)  # the listening thread is connected
    open_repository(server, author="other").update("W03", {"progress_percent": 33})
    deadline = time.monotonic() + 1.0
    while watcher.watch_token() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert watcher.watch_token() != before and watcher.changed_on_disk()
    assert watcher.refresh() == ["W03"] and watcher.get("W03").progress_percent == 33
    assert watcher.projects()[2].progress_percent == 33
