"""``portfolio migrate SRC DST``: a whole portfolio between a file and a PostgreSQL server."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from ..i18n import _
from ..store import describe
from ..text import echo

BAR = 24


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("migrate", parents=[common],
                       help=_("copy a whole portfolio (records, units, journal) between a file and a "
                              "PostgreSQL server: portfolio migrate data/projects.json postgresql://…"))
    p.add_argument("src", metavar="SRC", help=_("the database to copy: a file or a postgresql:// URL"))
    p.add_argument("dst", metavar="DST", help=_("where to: a new file or a postgresql:// URL"))
    p.add_argument("--replace", action="store_true", help=_("overwrite a DST that already holds a portfolio"))
    p.set_defaults(func=cmd_migrate)


class ProgressBar:
    """One line on stderr redrawn as the copy goes (a terminal), else nothing until the end."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.live:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = BAR * done // total if total else BAR
        sys.stderr.write(f"\r{what:<10} [{'#' * filled}{'.' * (BAR - filled)}] {done:,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..store.migrate import migrate

    started = time.monotonic()
    copied = migrate(args.src, args.dst, replace=args.replace, quiet=False, progress=ProgressBar())
    for warning in copied.warnings:
        echo(_("Warning: {message}").format(message=warning), err=True)
    counts = copied.counts()
    echo(_("Copied {src} to {dst}: {projects} projects, {tasks} tasks, {indicators} indicators, "
            "{units} units, {journal} journal entries ({seconds:.1f} s)").format(
        src=describe(args.src), dst=describe(args.dst), projects=counts.get("project", 0),
        tasks=counts.get("task", 0), indicators=counts.get("indicator", 0), units=counts.get("unit", 0),
        journal=counts["journal"], seconds=time.monotonic() - started))
    return 0
