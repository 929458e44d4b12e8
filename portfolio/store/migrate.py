"""``portfolio migrate SRC DST``: a whole portfolio (every kind's records, the code counters,
the journal) from a file to a server database or back, unchanged.

The records are validated on the way out of SRC (a damaged source is refused before DST is
touched) and written in the JSON form the file holds (``record_dict``); the journal's
committed lines are copied as they are. DST must be new or empty unless ``replace``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DatabaseError, WriteError
from ..i18n import _
from .base import resolve_author
from .journal import Journal
from .kinds import KINDS
from .schema import SCHEMA_VERSION, gc_paused, validate_all
from .schema import migrate as upgrade_file
from .storage import AtomicJSONStorage, real_path

Raw = dict[str, Any]
Progress = Callable[[str, int, int], None]  # (kind or "journal", done, total)


@dataclass
class Portfolio:
    tables: dict[str, list[Raw]]  # kind -> records in the kind's order
    counters: dict[str, int]
    journal: list[Raw]  # the committed journal lines, oldest first
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {**{kind: len(rows) for kind, rows in self.tables.items()}, "journal": len(self.journal)}


def read(db: str) -> Portfolio:
    """Everything in the portfolio at ``db`` (a file path or a server URL)."""
    from . import server_url

    url = server_url(db)
    if url is not None:
        from .pg.copying import dump

        tables, counters, entries = dump(url)
        return Portfolio(tables, counters, [e.to_json() for e in entries])
    path = real_path(db)
    data = AtomicJSONStorage(path).load()
    if data is None:
        raise DatabaseError(path, _("the file does not exist"))
    data = upgrade_file(data, path)
    records = validate_all(data, path)
    # the records as the file holds them (validated above), in the kind's order
    tables = {name: [data[KINDS[name].table][m.code] for m in sorted(models.values(), key=KINDS[name].order)]  # type: ignore[attr-defined]
              for name, models in records.items()}
    meta = data["meta"]["schema"]
    journal = Journal(path)
    found = journal.read(int(meta.get("journal_seq", 0) or 0))
    warnings = [_("Journal {path}: line {n} is incomplete or unreadable; not copied").format(
        path=journal.path, n=abs(n)) for n in found.skipped]
    return Portfolio(tables, dict(meta.get("counters", {})), [e.to_json() for e in found.entries], warnings)


def write(db: str, portfolio: Portfolio, *, replace: bool = False, progress: Progress | None = None) -> None:
    """Write ``portfolio`` to ``db`` (a new file, or a server database made when missing)."""
    from . import server_url

    url = server_url(db)
    if url is not None:
        _write_server(url, portfolio, replace, progress)
    else:
        _write_file(Path(db), portfolio, replace, progress)


def _write_server(url: str, portfolio: Portfolio, replace: bool, progress: Progress | None) -> None:
    from .pg.connect import create_database, shown
    from .pg.copying import load, occupied

    create_database(url)
    if not replace and occupied(url):
        raise WriteError(_("{db} already holds a portfolio; give --replace to overwrite it").format(db=shown(url)))
    totals = portfolio.counts()
    done: dict[str, int] = {}

    def step(what: str, n: int) -> None:
        done[what] = done.get(what, 0) + n
        if progress:
            progress(what, done[what], totals.get(what, done[what]))

    load(url, portfolio.tables, counters=portfolio.counters, journal=portfolio.journal,
         author=resolve_author(), progress=step)


def _write_file(path: Path, portfolio: Portfolio, replace: bool, progress: Progress | None) -> None:
    journal = Journal(path)
    if not replace and (path.exists() or journal.path.exists()):
        raise WriteError(_("{db} already exists; give --replace to overwrite it").format(db=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    last = max((int(line["seq"]) for line in portfolio.journal), default=0)
    data: Raw = {"meta": {"schema": {"version": SCHEMA_VERSION, "counters": portfolio.counters,
                                     "journal_seq": last}}}
    for name, rows in portfolio.tables.items():
        if rows or name == "project":
            data[KINDS[name].table] = {r["code"]: r for r in rows}
        if progress:
            progress(name, len(rows), len(rows))
    if replace:
        journal.path.unlink(missing_ok=True)
    journal.append(portfolio.journal)  # the journal first, then the file (journal.py)
    if progress:
        progress("journal", len(portfolio.journal), len(portfolio.journal))
    AtomicJSONStorage(path).write(data)


def migrate(src: str, dst: str, *, replace: bool = False, quiet: bool = True,
            progress: Progress | None = None) -> Portfolio:
    """Copy the portfolio at ``src`` to ``dst``; what was copied."""
    if str(src) == str(dst):
        raise WriteError(_("the source and the destination are the same database"))
    with gc_paused():  # millions of objects and no cycles: 100,000 projects validate 3x faster
        portfolio = read(src)
        write(dst, portfolio, replace=replace, progress=None if quiet else progress)
    return portfolio
