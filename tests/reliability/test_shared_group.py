"""Two people of one group share a database in a setgid folder (README: "Sharing a database
folder"): real users made with ``useradd`` (as root; skipped otherwise), each running the
installed ``portfolio`` with umask 002. Both can save, undo and read the log; the database,
its journal and its lock keep the group and stay group-writable."""

from __future__ import annotations

import grp
import os
import secrets
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.store import Repository

from .faults import ROOT, portfolio_cmd

pytestmark = pytest.mark.reliability


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True)


@pytest.fixture
def team() -> Iterator[tuple[str, list[str]]]:
    if os.geteuid() != 0:
        pytest.skip("making users needs root")
    if shutil.which("useradd") is None or shutil.which("groupadd") is None:
        pytest.skip("no useradd/groupadd here")
    tag = secrets.token_hex(3)
    group, users = f"pt{tag}", [f"pa{tag}", f"pb{tag}"]
    try:
        _run("groupadd", group)
        for user in users:
            _run("useradd", "-M", "-N", "-G", group, "-s", "/bin/sh", user)
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"cannot make users here: {exc}")
    try:
        yield group, users
    finally:
        for user in users:
            subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)


def as_user(user: str, *argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    import pwd

    entry = pwd.getpwnam(user)
    groups = [g.gr_gid for g in grp.getgrall() if user in g.gr_mem]

    def drop() -> None:
        os.setgroups(groups)
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)
        os.umask(0o002)

    env = {**os.environ, "HOME": str(home), "PORTFOLIO_CONFIG_DIR": str(home / user), "PORTFOLIO_USER": user,
           "PORTFOLIO_LANG": "en", "XDG_DATA_HOME": str(home / user)}
    return subprocess.run([*command_for_others(), *argv], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          preexec_fn=drop, env=env)


def command_for_others() -> list[str]:
    """The installed ``portfolio``; when its interpreter lies in a folder other users cannot
    enter (a pyenv under /root), the system's Python of the same version with this
    environment's packages."""
    import sys
    import sysconfig

    exe = Path(sys.executable)
    if all(os.access(p, os.X_OK) for p in (exe.resolve(), *exe.resolve().parents)) and \
            all(os.stat(p).st_mode & 0o001 for p in exe.resolve().parents):
        return portfolio_cmd()
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if not system.exists():
        pytest.skip("the installed package's interpreter cannot be run by other users here")
    packages = sysconfig.get_paths()["purelib"]
    return [str(system), "-c", "import site, sys; site.addsitedir(sys.argv.pop(1)); sys.argv[0] = 'portfolio'; "
            "from tui.launch import main; sys.exit(main())", packages]


def test_two_users_of_one_group_both_save_a_shared_database(team):
    group, (alice, bob) = team
    gid = grp.getgrnam(group).gr_gid
    base = Path(tempfile.mkdtemp(prefix="portfolio-shared-", dir="/tmp"))
    try:
        os.chmod(base, 0o777 | stat.S_ISVTX)
        shared = base / "plans"
        shared.mkdir()
        os.chown(shared, 0, gid)
        os.chmod(shared, 0o2775)  # setgid: files made in it take its group
        db = shared / "projects.json"
        plan = base / "plan.txt"
        shutil.copyfile(ROOT / "seeds" / "004_ae4b6fe49ab368be.txt", plan)
        os.chmod(plan, 0o644)

        made = as_user(alice, "import", str(plan), "--db", str(db), home=base)
        if "ModuleNotFoundError" in made.stderr or "Permission denied: '/" in made.stderr:
            pytest.skip("the new users cannot run the installed package here")
        assert made.returncode == 0, made.stderr
        steps = [(bob, ("set", "W01", "progress=10")), (alice, ("set", "W02", "progress=20")),
                 (bob, ("set", "W03", "progress=30")), (bob, ("undo",)), (alice, ("log",))]
        for user, argv in steps:
            result = as_user(user, *argv, "--db", str(db), home=base)
            assert result.returncode == 0, (user, argv, result.stderr)
            assert "Traceback" not in result.stderr

        repo = Repository.open(db)
        assert [repo.get(c).progress_percent for c in ("W01", "W02", "W03")] == [10, 20, 0]
        for path in (db, Path(str(db) + ".journal.jsonl"), Path(str(db) + ".lock")):
            info = path.stat()
            assert info.st_gid == gid, (path, info.st_gid)
            assert info.st_mode & 0o060 == 0o060, (path, oct(info.st_mode))
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_save_keeps_the_files_group_outside_a_setgid_folder(team, tmp_path):
    group, (alice, _bob) = team
    gid = grp.getgrnam(group).gr_gid
    base = Path(tempfile.mkdtemp(prefix="portfolio-group-", dir="/tmp"))
    try:
        os.chmod(base, 0o777 | stat.S_ISVTX)
        folder = base / "plain"
        folder.mkdir()
        os.chmod(folder, 0o777)  # no setgid: a new file would take the writer's own group
        db = folder / "projects.json"
        shutil.copyfile(ROOT / "data" / "projects.json", db)
        os.chown(db, 0, gid)
        os.chmod(db, 0o664)
        result = as_user(alice, "set", "W01", "progress=15", "--db", str(db), home=base)
        if "ModuleNotFoundError" in result.stderr or "Permission denied: '/" in result.stderr:
            pytest.skip("the new users cannot run the installed package here")
        assert result.returncode == 0, result.stderr
        for path in (db, Path(str(db) + ".journal.jsonl"), Path(str(db) + ".lock")):
            assert path.stat().st_gid == gid, path
            assert path.stat().st_mode & 0o060 == 0o060, (path, oct(path.stat().st_mode))
    finally:
        shutil.rmtree(base, ignore_errors=True)
