"""Rights on a server database beyond one step (issue #21): migrate into and out of a server
with accounts, the last planner, an open session whose account was removed or whose password
changed, the password prompt beside the progress line (a real server: tests/pg.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.errors import PortfolioError
from portfolio.rights import NotAllowed
from portfolio.store import open_repository
from portfolio.store.migrate import migrate
from portfolio.store.pg import accounts
from portfolio.store.pg.connect import connection
from tests.pg import fresh_database

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "projects.json"


@pytest.fixture
def server():
    with fresh_database() as url:
        migrate(str(BUNDLED), url)
        with connection(url, writing=True) as conn:
            accounts.add(conn, "boss", "planner", None, "boss-pw")
            accounts.add(conn, "lz", "reporter", "鹿寨县", "lz-pw")
            accounts.add(conn, "v", "viewer", None, "v-pw")
        yield url


def _cli(*argv: str, user: str | None = None, password: str | None = None,
         stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PORTFOLIO_USER", "PORTFOLIO_PASSWORD")}
    if user is not None:
        env["PORTFOLIO_USER"] = user
    if password is not None:
        env["PORTFOLIO_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "tui.launch", *argv], capture_output=True, text=True,
                          input=stdin, env=env, timeout=120)


def _journal(url: str) -> list[tuple[str, str, str]]:
    with connection(url) as conn:
        rows = conn.execute("SELECT author, action, note FROM journal ORDER BY seq").fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def _state(url: str) -> tuple[float, int]:
    with connection(url) as conn:
        row = conn.execute("SELECT data->>'progress_percent', (SELECT count(*) FROM projects) FROM projects "
                           "WHERE code = 'W05'").fetchone()
    assert row is not None
    return float(row[0] or 0), int(row[1])


def test_only_a_planner_replaces_a_server_portfolio(server, tmp_path):
    repo = open_repository(server, author="lz", password="lz-pw")
    repo.update("W05", {"progress_percent": 77})
    small = tmp_path / "small.json"
    migrate(str(BUNDLED), str(small))
    before = _state(server)
    for user, password in (("lz", "lz-pw"), ("v", "v-pw"), (None, None)):
        done = _cli("migrate", str(small), server, "--replace", user=user, password=password)
        assert done.returncode == 1, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert ("规划" in lines[0] if user else "登录" in lines[0]), lines[0]
        assert _state(server) == before  # nothing written: W05 keeps 77, the journal is there
    log = _journal(server)
    assert log[0][:2] == ("lz", "update")
    import getpass

    assert [(a, b) for a, b, _n in log[1:]] == [("lz", "refused"), ("v", "refused"), (getpass.getuser(), "refused")]
    assert "--replace" in log[3][2]
    # a wrong password is refused (and journalled) too
    assert _cli("migrate", str(small), server, "--replace", user="boss", password="nope").returncode == 1
    assert _state(server) == before
    done = _cli("migrate", str(small), server, "--replace", user="boss", password="boss-pw")
    assert done.returncode == 0, done.stderr
    assert _state(server)[0] != 77


def test_reading_a_server_with_accounts_needs_a_login(server, tmp_path):
    out = tmp_path / "out.json"
    done = _cli("migrate", server, str(out))
    assert done.returncode == 1 and "登录" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()
    done = _cli("migrate", server, str(out), user="v", password="wrong")
    assert done.returncode == 1 and not out.exists()
    done = _cli("migrate", server, str(out), user="v", password="v-pw")
    assert done.returncode == 0, done.stderr
    assert open_repository(out).get("W05") is not None


def test_the_last_planner_cannot_be_removed(server):
    as_boss = {"user": "boss", "password": "boss-pw"}
    done = _cli("user", "remove", "boss", "--db", server, **as_boss)
    assert done.returncode == 1 and "boss" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "规划员" in done.stderr
    with connection(server) as conn:
        assert accounts.find(conn, "boss") is not None
    assert _cli("user", "add", "boss2", "--role", "planner", "--password-stdin", "--db", server,
                stdin="b2\n", **as_boss).returncode == 0
    done = _cli("user", "remove", "boss", "--db", server, **as_boss)
    assert done.returncode == 0, done.stderr
    with connection(server, writing=True) as conn, pytest.raises(PortfolioError, match="boss2"):
        accounts.remove(conn, "boss2")


def test_an_open_session_loses_its_rights_with_its_account(server):
    lz = open_repository(server, author="lz", password="lz-pw")
    boss = open_repository(server, author="boss", password="boss-pw")
    assert lz.update("W05", {"progress_percent": 45}).after.progress_percent == 45
    with connection(server, writing=True) as conn:
        accounts.remove(conn, "lz")
    with pytest.raises(NotAllowed, match="lz"):
        lz.update("W05", {"progress_percent": 46})
    assert _state(server)[0] == 45
    with connection(server, writing=True) as conn:
        accounts.set_password(conn, "boss", "new-pw")
    with pytest.raises(NotAllowed, match="boss"):
        boss.update("A01", {"name": "改名"})
    again = open_repository(server, author="boss", password="new-pw")
    assert again.update("A01", {"name": "改名"}).after.name == "改名"
    log = _journal(server)
    assert [(a, b) for a, b, _n in log] == [("lz", "update"), ("lz", "refused"), ("boss", "refused"),
                                          ("boss", "update")]


def test_a_session_opened_before_the_accounts_must_log_in():
    with fresh_database() as url:
        migrate(str(BUNDLED), url)
        early = open_repository(url, author="early")
        with connection(url, writing=True) as conn:
            accounts.add(conn, "boss", "planner", None, "pw")
        with pytest.raises(NotAllowed, match="early"):
            early.update("W05", {"progress_percent": 9})
        assert _state(url)[0] != 9


def test_the_password_prompt_is_not_hidden_by_the_progress_line(server):
    """On a terminal without $PORTFOLIO_PASSWORD: the prompt stays on screen until answered."""
    import pty
    import select
    import time

    env = {k: v for k, v in os.environ.items() if k != "PORTFOLIO_PASSWORD"}
    env.update(PORTFOLIO_USER="v", TERM="xterm", COLUMNS="100")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command on the terminal
        os.execve(sys.executable, [sys.executable, "-m", "tui.launch", "list", "--db", server], env)

    def read_for(seconds: float) -> str:
        out = b""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _w, _x = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    break
        return out.decode("utf-8", "replace")

    try:
        shown = read_for(0.1)
        end = time.monotonic() + 30
        while "密码" not in shown and time.monotonic() < end:
            shown += read_for(0.2)
        assert "密码" in shown, shown
        later = read_for(1.5)  # nothing draws over the prompt while it waits
        assert "\r" not in later and "\x1b[2K" not in later and "读取" not in later, repr(later)
        os.write(fd, b"v-pw\n")
        rest = read_for(0.5)
        end = time.monotonic() + 60
        while "W05" not in rest and time.monotonic() < end:
            rest += read_for(0.5)
        assert "W05" in rest, rest[-500:]
    finally:
        import signal

        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def test_a_reporter_unit_must_be_known(server):
    as_boss = {"user": "boss", "password": "boss-pw"}
    for unit, named in (("鹿寨区", "鹿寨县"), ("不存在的单位", "portfolio units")):
        done = _cli("user", "add", "bad", "--role", "reporter", "--unit", unit, "--password-stdin", "--db", server,
                    stdin="pw\n", **as_boss)
        assert done.returncode == 1 and unit in done.stderr and named in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    with connection(server) as conn:
        assert accounts.find(conn, "bad") is None
    done = _cli("user", "add", "lb", "--role", "reporter", "--unit", "柳北区", "--password-stdin", "--db", server,
                stdin="pw\n", **as_boss)
    assert done.returncode == 0, done.stderr


def test_the_log_counts_refusals_apart(server):
    lz = open_repository(server, author="lz", password="lz-pw")
    lz.update("W05", {"progress_percent": 45})
    with pytest.raises(NotAllowed):
        lz.update("A01", {"progress_percent": 10})
    done = _cli("log", "--db", server, user="boss", password="boss-pw")
    assert done.returncode == 0 and "共 1 项变更，1 次拒绝" in done.stdout, done.stdout


def test_the_bulk_preview_refuses_what_the_save_refuses(server):
    from portfolio.bulk import plan_bulk
    from portfolio.rights import checker_of

    lz = open_repository(server, author="lz", password="lz-pw")
    records = lz.projects()
    plan = plan_bulk(records, "progress_percent", "50", rights=checker_of(lz))
    assert "W05" in plan.changes and "A01" not in plan.changes
    assert plan.refused and all("鹿寨县" in reason for _code, reason in plan.refused)
    saved = lz.update_many({code: fields for code, fields in plan.changes.items()})
    assert {c.code for c in saved} == set(plan.changes)  # the save refuses nothing the preview let through
    boss = open_repository(server, author="boss", password="boss-pw")
    assert checker_of(boss) is None and not plan_bulk(boss.projects(), "progress_percent", "50").refused
