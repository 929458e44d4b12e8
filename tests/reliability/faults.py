"""Fault injection shared by the reliability tests (short form) and bench/reliability.py
(long form): kill a saving process at random moments; run writers side by side."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.errors import PortfolioError
from portfolio.store import Repository

ROOT = Path(__file__).resolve().parents[2]


def _python_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.reliability.workers", *args]


def portfolio_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("portfolio")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.launch"]


@dataclass
class KillReport:
    trials: int = 0
    unreadable: int = 0
    lost_ack: int = 0
    journal_mismatch: int = 0  # the journal's last committed line disagrees with the file
    torn_lines: int = 0  # torn journal lines found (skipped by readers)
    acks: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.trials} kills: {self.unreadable} unreadable or half-written files, "
                f"{self.lost_ack} lost acknowledged edits, {self.journal_mismatch} journal/file "
                f"disagreements ({self.torn_lines} torn journal lines skipped); "
                f"{sum(self.acks)} edits acknowledged in all")

    def check_journal(self, db: Path, code: str, field_name: str) -> None:
        """The journal's last committed change of ``code`` holds the file's value of ``field_name``."""
        repo = Repository.open(db)
        entries = [e for e in repo.history(code) if e.after and field_name in e.after]
        self.torn_lines = max(self.torn_lines, len(repo.journal_warnings()))
        if entries and entries[-1].after[field_name] != getattr(repo.get(code), field_name):  # type: ignore[index]
            self.journal_mismatch += 1
            self.failures.append(f"journal says {entries[-1].after[field_name]!r}, "  # type: ignore[index]
                                 f"file holds {getattr(repo.get(code), field_name)!r}")


def kill_during_saves(db: Path, trials: int, seed: int = 1, max_delay: float = 0.4) -> KillReport:
    """SIGKILL a process saving in a loop at random moments; after each kill the file must
    load and hold the last acknowledged edit (or the one after it, if the kill came
    between the save and its acknowledgement)."""
    rng = random.Random(seed)
    report = KillReport()
    for _ in range(trials):
        proc = subprocess.Popen(_python_cmd("save-loop", str(db), "W01"), cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # the kill lands among saves, not during the interpreter's start (slow on a busy machine)
        assert proc.stdout is not None
        first = proc.stdout.readline()
        time.sleep(rng.random() * max_delay)
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate()
        acks = [int(x) for x in (first + out).split()]
        last = acks[-1] if acks else 0
        report.trials += 1
        report.acks.append(len(acks))
        try:
            name = Repository.open(db).get("W01").name
        except PortfolioError as exc:
            report.unreadable += 1
            report.failures.append(str(exc))
            continue
        report.check_journal(db, "W01", "name")
        found = int(name.split()[1]) if name.startswith("iteration ") else 0
        # a new loop restarts counting at 1: compare within this trial
        if acks and found not in (last, last + 1):
            report.lost_ack += 1
            report.failures.append(f"acked {last}, file holds {found}")
    return report


def kill_cli_set_loop(db: Path, trials: int, seed: int = 2) -> KillReport:
    """The same through the console script: a loop of `portfolio set`, killed at random."""
    rng = random.Random(seed)
    report = KillReport()
    acked = Repository.open(db).get("W02").progress_percent
    # one unkilled run measures how long a `portfolio set` takes on this machine now (0.2 s idle,
    # seconds on a busy one): the kills then land across the whole run, not always before its end
    started = time.perf_counter()
    acked = (int(acked) % 99) + 1
    subprocess.run([*portfolio_cmd(), "set", "W02", f"progress={acked}", "--db", str(db)], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    duration = time.perf_counter() - started
    for _ in range(trials):
        value = (int(acked) % 99) + 1
        proc = subprocess.Popen([*portfolio_cmd(), "set", "W02", f"progress={value}", "--db", str(db)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(duration * (0.3 + rng.random() * 0.9))
        proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        report.trials += 1
        try:
            current = Repository.open(db).get("W02").progress_percent
            report.check_journal(db, "W02", "progress_percent")
        except PortfolioError as exc:
            report.unreadable += 1
            report.failures.append(str(exc))
            continue
        if rc == 0:  # the command finished before the kill: its edit was acknowledged
            report.acks.append(1)
            if current != value:
                report.lost_ack += 1
                report.failures.append(f"acked {value}, file holds {current}")
            acked = value
        elif current not in (acked, value):
            report.lost_ack += 1
            report.failures.append(f"file holds {current}, neither {acked} nor {value}")
        else:
            acked = current
    return report


def concurrent_writers(db: Path | str, writers: int, edits: int) -> dict[str, int]:
    """``writers`` processes, each making ``edits`` edits to its own project at the same
    time; returns how many progress-log entries each project ended with."""
    codes = [p.code for p in Repository.open(db).projects()[:writers]]
    procs = [subprocess.Popen(_python_cmd("edit-many", str(db), code, str(edits)), cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for code in codes]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise AssertionError(f"writer failed: {err}")
    final = Repository.open(db)
    return {code: len(final.get(code).progress_log) for code in codes}


def leftover_temp_files(db: Path) -> list[str]:
    return [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")]




def concurrent_cli_set(db: Path | str, codes: list[str], edits: int) -> dict[str, list[float]]:
    """Loops of `portfolio set CODE progress=i --note i`, one loop per code, side by side.
    Returns each project's logged percents."""
    import threading

    errors: list[str] = []

    def loop(code: str) -> None:
        for i in range(1, edits + 1):
            r = subprocess.run([*portfolio_cmd(), "set", code, f"progress={i}", "--note", str(i),
                                "--db", str(db)], cwd=ROOT, capture_output=True, text=True)
            if r.returncode != 0:
                errors.append(r.stderr)

    threads = [threading.Thread(target=loop, args=(c,)) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise AssertionError(errors[0])
    final = Repository.open(db)
    return {c: [e.percent for e in final.get(c).progress_log] for c in codes}


def save_with_file_size_limit(db: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """`portfolio set` in a process that may not write files larger than ``limit`` bytes: the
    save fails as on a full disk (EFBIG), mid-write."""
    import resource

    def limit_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([*portfolio_cmd(), "set", "W01", "content=" + "很长的内容" * 2000, "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, preexec_fn=limit_size, timeout=120)


def save_as_other_user(db: Path) -> subprocess.CompletedProcess[str] | None:
    """`portfolio set` run as an unprivileged user on a folder it may not write (None when
    this process cannot switch users)."""
    import pwd

    if os.geteuid() != 0:
        return None
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return None

    def drop() -> None:
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    try:
        return subprocess.run([*portfolio_cmd(), "set", "W01", "progress=5", "--db", str(db)], cwd=ROOT,
                              capture_output=True, text=True, preexec_fn=drop, timeout=120,
                              env={**os.environ, "HOME": "/tmp", "XDG_DATA_HOME": "/tmp"})
    except PermissionError:
        return None  # the unprivileged user cannot even start the interpreter here
