"""The file backend's views of its records: the validated tables (a kind validated when first
asked for), the ordered lists and the query rows, kept between changes.

A file whose records were all proved valid by an earlier read (``trust``) is not validated
again to be queried: its rows are made from the stored records (``stored_rows``) and a row's
project is validated when first read, so that ``portfolio list --where`` builds the models of
the projects it prints only. Anything that needs every model (``records``, a write) validates
the whole table as before.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ..errors import DatabaseError, NotFound
from ..i18n import _
from ..records.project.model import Project
from ..records.project.query import CAT, SUBCATEGORY, UNIT_LIST, Row, make_row, stored_rows
from . import snapshot
from .base import Change
from .kinds import get_kind
from .schema import gc_paused, validate_one, validate_records
from .snapshot import Snapshot
from .storage import AtomicJSONStorage
from .trust import Seal


class FileViews:
    path: Path
    _storage: AtomicJSONStorage
    _records: dict[str, dict[str, Any]]  # validated records by kind
    _tables: dict[str, dict[str, Any]]  # every kind's records as stored (``_raw``)
    _quick: Snapshot | None  # a quick open's snapshot until the open is completed
    _opening: threading.Lock
    _stamp: tuple[int, int, int] | None
    _ordered: dict[str, list[Any]]
    _rows: list[Row] | None
    _seal: Seal | None  # the file version ``_raw`` was read from
    _partial: dict[str, Any]  # projects validated one by one (a proved file's rows)

    def _adopt(self, data: dict[str, Any], stamp: tuple[int, int, int] | None, keep_views: bool = False) -> None:
        raise NotImplementedError

    # -- a quick open (the UI's first screen of a large file) --------------------------------
    @property
    def _raw(self) -> dict[str, dict[str, Any]]:
        """Every kind's records as stored (a quick open is completed first)."""
        if self._quick is not None:
            self.complete_open()
        return self._tables

    @_raw.setter
    def _raw(self, tables: dict[str, dict[str, Any]]) -> None:
        self._tables = tables

    def open_quick(self) -> None:
        """Read the file; when a row snapshot of it is kept (``snapshot``), take the rows from
        it and leave the file's bytes unparsed until something needs more than the rows and
        the projects they show (``complete_open``); else read it as ``reload`` does."""
        with gc_paused():
            found = self._storage.load_quick()
            if found is None:
                data = self._storage.read()
                if data is None:
                    raise DatabaseError(self.path, _("the file does not exist"))
                self._adopt(data, self._storage.stamp)
                return
            self._views_reset(self._storage.seal)
            self._records, self._tables, self._quick = {}, {}, found
            self._stamp = self._storage.stamp
            self._rows = found.rows(self)

    def complete_open(self) -> None:
        """Parse the file a quick open left unparsed (the UI does it in a worker after its first
        screen); the rows and the projects validated so far are kept: the same file version."""
        if self._quick is None:
            return
        with self._opening:
            if self._quick is None:
                return
            with gc_paused():
                data = self._storage.complete_quick()
                assert data is not None
                self._adopt(data, self._stamp, keep_views=True)
            self._quick = None

    def keep_snapshot(self) -> bool:
        """Keep a row snapshot of the file version this process last read or wrote, so that
        the next quick open of it is quick (the UI does it in a worker). Nothing to do when
        one is kept already; False when it cannot be made (another version on disk by now, a
        file not proved valid, an unwritable cache)."""
        seal = self._storage.seal
        if seal is None or "project" not in self._storage.valid:
            return False
        if snapshot.current(self.path, seal):
            return True
        self.complete_open()
        data = self._storage.complete_quick()
        if data is None:
            return False
        items = list(data.get("projects", {}).items())  # the records of this version (put replaces them)
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read()
        except OSError:
            return False
        with gc_paused():
            rows = stored_rows(dict(items), self)
            return snapshot.write(self.path, seal, raw, items, rows)

    def _views_reset(self, seal: Seal | None) -> None:
        self._ordered = {}
        self._rows = None
        self._seal = seal
        self._partial = {}

    def _validated(self, kind: str) -> dict[str, Any]:
        """The records of ``kind`` validated (every one); stamps the file when that proves it."""
        k = get_kind(kind)
        with gc_paused():
            found = validate_records(self._raw.get(k.name, {}), k, self.path)
        if kind == "project" and self._partial:
            found.update({c: p for c, p in self._partial.items() if c in found})  # the same objects
        self._storage.proved_valid(self._seal, frozenset((kind,)))
        return found

    def _table(self, kind: str) -> dict[str, Any]:
        """The validated records of ``kind`` (validated now when first asked for)."""
        found = self._records.get(kind)
        if found is None:
            found = self._records[kind] = self._validated(kind)
        return found

    def get(self, code: str, kind: str = "project") -> Any:
        if kind == "project" and kind not in self._records and kind in self._storage.valid:
            quick = self._quick
            if code not in (quick if quick is not None else self._raw.get(kind, {})):
                raise NotFound(code, kind)
            return self.stored_project(code)  # a proved file: this project validated alone
        try:
            return self._table(kind)[code]
        except KeyError:
            raise NotFound(code, kind) from None

    def stored_project(self, code: str) -> Project:
        """One project of a proved file, validated alone (the rows of ``stored_rows``)."""
        table = self._records.get("project")
        if table is not None:
            return table[code]  # type: ignore[no-any-return]
        found: Project | None = self._partial.get(code)
        if found is None:
            record = self._storage.quick_record(code) if self._quick is not None else None
            stored = {code: record} if record is not None else self._raw["project"]
            model = validate_one(stored, code, get_kind("project"), self.path)
            assert isinstance(model, Project)
            found = self._partial.setdefault(code, model)  # (a worker may have built it meanwhile)
        return found

    def stored_record(self, code: str) -> dict[str, Any]:
        """A project's record as stored (a row's searchable text)."""
        return self._raw["project"][code]  # type: ignore[no-any-return]

    def records(self, kind: str = "project") -> list[Any]:
        found = self._ordered.get(kind)
        if found is None:
            found = self._ordered[kind] = sorted(self._table(kind).values(), key=get_kind(kind).order)
        return list(found)

    def projects(self) -> list[Project]:
        return self.records("project")

    def rows(self) -> list[Row]:
        """The query rows of ``projects()``, kept between changes (a change recomputes only
        the rows of the projects it touched)."""
        if self._rows is None:
            with gc_paused():  # 100,000 tuples: the collector would rescan them as they are made
                if "project" in self._records or "project" not in self._storage.valid:
                    self._rows = [make_row(p) for p in self.projects()]
                else:
                    self._rows = stored_rows(self._raw.get("project", {}), self)
        return self._rows

    def units(self) -> list[str]:
        """Every responsible unit of the projects, in order of first appearance (from the
        rows: a proved file's projects are not all validated for it)."""
        seen: dict[str, None] = {}
        if self._rows is None and "project" in self._records:
            lists: Any = (p.units for p in self.projects())  # the models are there: no rows needed
        else:
            lists = (r[UNIT_LIST] for r in self.rows())
        for units in lists:
            for u in units:
                seen.setdefault(u, None)
        return list(seen)

    def subcategories(self, category: str) -> list[str]:
        """The subcategories used in ``category``, in order of first appearance (from the rows,
        as ``units``: the form asks for them)."""
        seen: dict[str, None] = {}
        for r in self.rows():
            if r[CAT] == category and r[SUBCATEGORY]:
                seen.setdefault(r[SUBCATEGORY], None)
        return list(seen)

    def _patch_views(self, changes: list[Change]) -> None:
        """Keep the ordered lists and the query rows after edits of existing records that keep
        their place (the usual case); anything else rebuilds them when next asked."""
        for kind in {c.kind for c in changes}:
            mine = [c for c in changes if c.kind == kind]
            if kind == "project":
                for c in mine:
                    self._partial.pop(c.code, None)
            ordered = self._ordered.get(kind)
            if ordered is None:
                if kind == "project":
                    self._rows = None  # rows made from the stored records: made again
                continue
            order = get_kind(kind).order
            if any(c.before is None or c.after is None or order(c.before) != order(c.after) for c in mine):
                self._ordered.pop(kind, None)
                if kind == "project":
                    self._rows = None
                continue
            wanted = {c.code for c in mine}
            positions = {r.code: i for i, r in enumerate(ordered) if r.code in wanted}
            for c in mine:
                i = positions[c.code]
                ordered[i] = c.after
                if kind == "project" and self._rows is not None:
                    self._rows[i] = make_row(c.after)
