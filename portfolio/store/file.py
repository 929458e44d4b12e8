"""The file backend: records in a TinyDB file (``schema.py``), the journal beside it.

The file is a TinyDB database (any TinyDB opened with ``AtomicJSONStorage`` reads it). Every
change runs under a file lock (``<db>.lock``), reads what other processes wrote since (only
when the file changed: its inode, size and mtime), merges field by field (``merge.py``),
appends its journal lines and replaces the file atomically (``journal.py`` explains the
order). A conflict writes nothing and leaves this repository's records as they were, so that
a second try from the same stale version conflicts again; ``refresh`` takes the newer file.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from tinydb import TinyDB
from tinydb.table import Table

from ..errors import (
    ConflictError,
    DatabaseError,
    InvalidProject,
    MergeConflict,
    NotFound,
    UndoRefused,
    WriteError,
)
from ..i18n import _
from ..models import FieldIssue, Project, describe_errors
from ..progress import apply_rule, check_agreement
from ..query import Query, Row, ensure_pinyin, make_row, parse
from .base import Change, UndoScope
from .base import Repository as RepositoryBase
from .journal import Journal, JournalEntry, select
from .kinds import KINDS, Kind, get_kind, plan_order, record_dict, same_content
from .merge import changed_fields, merge_records
from .schema import MIGRATIONS, SCHEMA_VERSION, empty_database, gc_paused, migrate, validate_all
from .storage import AtomicJSONStorage, file_stamp, real_path
from .undo import stacks, steps, who_changed

if TYPE_CHECKING:
    import filelock

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Change", "FileRepository", "Repository", "gc_paused",
           "plan_order", "same_content"]

LOCK_TIMEOUT = 15.0
Raw = dict[str, Any]


class _StrIdTable(Table):
    """Documents keyed by our own string ids (record codes), never by TinyDB's counter."""

    document_id_class = str  # type: ignore[assignment]


class _DB(TinyDB):
    table_class = _StrIdTable


@dataclass
class _Op:
    """One record's part of a step. ``base``/``mine`` None: an add / a delete. With
    ``overlay`` they hold only some fields, laid over the record on disk (undo, redo)."""

    kind: Kind
    code: str | None
    base: Raw | None
    mine: Raw | None
    overlay: bool = False
    reverts: JournalEntry | None = None  # undo / redo: the line reverted
    model: BaseModel | None = None  # mine, validated (add)


@dataclass
class _Planned:
    kind: Kind
    code: str
    theirs: Raw | None
    result: Raw | None
    entry: Raw = field(default_factory=dict)


def resolve_author(explicit: str | None = None) -> str:
    """``--user``, else ``$PORTFOLIO_USER``, else the OS user."""
    import os

    from ..errors import printable

    name = (explicit or os.environ.get("PORTFOLIO_USER") or "").strip()
    if not name:
        try:
            import getpass

            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return printable(name)


class FileRepository(RepositoryBase):
    """Records in memory, written through to a TinyDB file on every change."""

    def __init__(self, path: str | Path, author: str | None = None) -> None:
        self.path = real_path(path)  # a symlinked database: its target, under the target's lock
        self._author = resolve_author(author)
        self._session = uuid.uuid4().hex[:12]
        self._storage = storage = AtomicJSONStorage(self.path)
        # the factory captures the storage, not ``self``: no reference cycle, so a dropped
        # repository is freed at once (its loaded records are frozen out of the collector)
        self._db = _DB(storage=lambda: storage)
        self._journal = Journal(self.path)
        self._records: dict[str, dict[str, Any]] = {}
        self._raw: dict[str, dict[str, Raw]] = {}
        self._stamp: tuple[int, int, int] | None = None
        self._ordered: dict[str, list[Any]] = {}
        self._rows: list[Row] | None = None
        self._listeners: list[Callable[[Change], None]] = []
        self._lock: filelock.FileLock | None = None
        self._adopted: list[str] = []  # codes others changed, taken in by one of our writes
        self._warnings: list[str] = []

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, author: str | None = None) -> FileRepository:
        repo = cls(path, author)
        if not repo.path.exists():
            raise DatabaseError(repo.path, _("the file does not exist"))
        repo.reload()
        return repo

    @classmethod
    def create(cls, path: str | Path, projects: Iterable[Project], author: str | None = None) -> FileRepository:
        """Write a new database holding ``projects`` (replacing any file at ``path``)."""
        repo = cls(path, author)
        repo.path.parent.mkdir(parents=True, exist_ok=True)
        data = empty_database()
        counters: dict[str, int] = {}
        for p in projects:
            data["projects"][p.code] = record_dict(p)
            counters[p.code[0]] = max(counters.get(p.code[0], 0), int(p.code[1:]))
        data["meta"]["schema"]["counters"] = counters
        with repo._locked():
            data["meta"]["schema"]["journal_seq"] = max(repo._journal.last_seq(), 0)
            repo._storage.write(data)
        repo.reload()
        return repo

    @property
    def author(self) -> str:
        return self._author

    @property
    def session(self) -> str:
        return self._session

    def reload(self) -> None:
        with gc_paused():
            data = self._storage.load()
            if data is None:
                raise DatabaseError(self.path, _("the file does not exist"))
            self._adopt(data, self._storage.stamp)

    def _adopt(self, data: Raw, stamp: tuple[int, int, int] | None) -> None:
        data = migrate(data, self.path)
        records = validate_all(data, self.path)
        self._records = records
        self._raw = {name: dict(data.get(KINDS[name].table) or {}) for name in records}
        self._ordered = {}
        self._rows = None
        self._stamp = stamp

    def changed_on_disk(self) -> bool:
        return self._stamp != file_stamp(self.path)

    def refresh(self) -> list[str]:
        codes, self._adopted = self._adopted, []
        if not self.changed_on_disk():
            return codes
        before = self._raw
        self.reload()
        for name, table in self._raw.items():
            old = before.get(name, {})
            codes += [c for c, r in table.items() if old.get(c) != r]
            codes += [c for c in old if c not in table]
        return list(dict.fromkeys(codes))

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    # -- reading -----------------------------------------------------------------------
    def get(self, code: str, kind: str = "project") -> Any:
        try:
            return self._records[kind][code]
        except KeyError:
            raise NotFound(code) from None

    def records(self, kind: str = "project") -> list[Any]:
        found = self._ordered.get(kind)
        if found is None:
            found = self._ordered[kind] = sorted(self._records.get(kind, {}).values(), key=get_kind(kind).order)
        return list(found)

    def projects(self) -> list[Project]:
        """All projects in the plan's order: by category, then by code."""
        return self.records("project")

    def rows(self) -> list[Row]:
        """The query rows of ``projects()``, kept between changes (a change recomputes only
        the rows of the projects it touched)."""
        if self._rows is None:
            with gc_paused():  # 100,000 tuples: the collector would rescan them as they are made
                self._rows = [make_row(p) for p in self.projects()]
        return self._rows

    def _patch_views(self, changes: list[Change]) -> None:
        """Keep the ordered lists and the query rows after edits of existing records that keep
        their place (the usual case); anything else rebuilds them when next asked."""
        for kind in {c.kind for c in changes}:
            mine = [c for c in changes if c.kind == kind]
            ordered = self._ordered.get(kind)
            if ordered is None:
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

    def search(self, query: Query | str) -> list[Project]:
        compiled = parse(query) if isinstance(query, str) else query
        if compiled.empty:
            return self.projects()
        return compiled.filter_rows(self.rows())

    def search_rows(self, query: Query) -> Sequence[Row]:
        return self.rows() if query.empty else query.matching_rows(self.rows())

    def warm_up(self) -> None:
        ensure_pinyin(self.rows())

    def __len__(self) -> int:
        return len(self._records.get("project", {}))

    def __contains__(self, code: object) -> bool:
        return code in self._records.get("project", {})

    def code_counter(self, prefix: str, kind: str = "project") -> int:
        data = self._storage.read() or {}
        counters = data.get("meta", {}).get("schema", {}).get("counters", {})
        used = [int(c[1:]) for c in self._records.get(kind, {}) if c.startswith(prefix) and c[1:].isdigit()]
        return max([int(counters.get(get_kind(kind).counter_key(prefix), 0)), *used])

    def units(self) -> list[str]:
        seen: dict[str, None] = {}
        for p in self._records.get("project", {}).values():
            for u in p.units:
                seen.setdefault(u, None)
        return list(seen)

    def subcategories(self, category: str) -> list[str]:
        seen: dict[str, None] = {}
        for p in self._records.get("project", {}).values():
            if p.category == category and p.subcategory:
                seen.setdefault(p.subcategory, None)
        return list(seen)

    # -- history -------------------------------------------------------------------------
    def _journal_entries(self) -> list[JournalEntry]:
        data = self._storage.read() or {}
        committed = int(data.get("meta", {}).get("schema", {}).get("journal_seq", 0) or 0)
        read = self._journal.read(committed)
        self._warnings = [_("Journal {path}: line {n} is incomplete or unreadable (an interrupted write); "
                            "skipped").format(path=self._journal.path, n=abs(n)) for n in read.skipped]
        return read.entries

    def history(self, code: str | None = None, author: str | None = None,
                since: date | datetime | None = None, kind: str | None = None) -> list[JournalEntry]:
        return select(self._journal_entries(), code=code, author=author, since=since, kind=kind)

    def journal_warnings(self) -> list[str]:
        return list(self._warnings)

    # -- writing: the public operations --------------------------------------------------
    def _validated(self, kind: Kind, data: Raw, code: str | None) -> BaseModel:
        try:
            return kind.model.model_validate(data)
        except ValidationError as exc:
            raise InvalidProject(describe_errors(exc), code) from None

    def _raw_of(self, kind: Kind, code: str) -> Raw:
        try:
            return self._raw[kind.name][code]
        except KeyError:
            raise NotFound(code) from None

    def _edit_op(self, kind: Kind, code: str, changes: dict[str, Any], base: Any,
                 when: date | None, note: str) -> _Op | None:
        """The op of one edit, validated and with the progress rule applied; None when it
        changes nothing."""
        current = self._raw_of(kind, code)
        base_raw = record_dict(base) if base is not None else current
        if "code" in changes and changes["code"] != code:
            raise InvalidProject([_issue("code", _("the code of a project cannot change"))], code)
        candidate = self._validated(kind, {**base_raw, **changes, "code": code}, code)
        mine = record_dict(candidate)
        explicit = {k for k in changes if mine.get(k) != base_raw.get(k)}
        ruled = apply_rule(base_raw, mine, explicit=explicit, when=when, note=note, code=code)
        if ruled != mine:
            mine = record_dict(self._validated(kind, ruled, code))
        if _same(mine, base_raw):
            return None
        return _Op(kind, code, base_raw, mine)

    def add(self, fields: dict[str, Any], *, kind: str = "project", when: date | None = None,
            note: str = "") -> Change:
        k = get_kind(kind)
        fields = dict(fields)
        given = fields.get("code") or None
        if given and given in self._records.get(k.name, {}):
            raise InvalidProject([_issue("code", _("code {code} is already used").format(code=given))], given)
        # validate before taking the lock (a placeholder code when none is given)
        candidate = self._validated(k, {**fields, "code": given or "X00"}, given)
        mine = apply_rule(None, record_dict(candidate), explicit=set(fields), when=when, note=note, code=given)
        model = self._validated(k, mine, given)
        return self._write("add", [_Op(k, given, None, record_dict(model), model=model)])[0]

    def update(self, code: str, changes: dict[str, Any], *, base: Any = None, when: date | None = None,
               note: str = "", kind: str = "project") -> Change:
        k = get_kind(kind)
        op = self._edit_op(k, code, changes, base, when, note)
        if op is None:
            current = self.get(code, kind)
            return Change("update", code, current, current, k.name)
        return self._write("update", [op])[0]

    def update_many(self, changes: dict[str, dict[str, Any]], *, action: str = "bulk",
                    when: date | Mapping[str, date] | None = None, note: str | Mapping[str, str] = "",
                    kind: str = "project", bases: Mapping[str, Any] | None = None) -> list[Change]:
        k = get_kind(kind)
        ops = []
        for code, fields in changes.items():
            day = when.get(code) if isinstance(when, Mapping) else when
            text = note if isinstance(note, str) else note.get(code, "")
            op = self._edit_op(k, code, fields, (bases or {}).get(code), day, text)
            if op is not None:
                ops.append(op)
        return self._write(action, ops) if ops else []

    def upsert_many(self, records: list[Any], action: str = "import", *, when: date | None = None,
                    kind: str = "project") -> list[Change]:
        k = get_kind(kind)
        ops: list[_Op] = []
        for record in self.differing(records, kind):
            if record.code in self._records.get(k.name, {}):
                fields = {key: v for key, v in record_dict(record).items() if key != "updated_at"}
                op = self._edit_op(k, record.code, fields, None, when, "")
            else:
                mine = apply_rule(None, record_dict(record), explicit=set(), when=when, code=record.code)
                model = self._validated(k, mine, record.code)
                op = _Op(k, record.code, None, record_dict(model), model=model)
            if op is not None:
                ops.append(op)
        return self._write(action, ops) if ops else []

    def delete(self, code: str, *, base: Any = None, kind: str = "project") -> Change:
        k = get_kind(kind)
        current = self._raw_of(k, code)
        base_raw = record_dict(base) if base is not None else current
        return self._write("delete", [_Op(k, code, base_raw, None)])[0]

    # -- undo and redo -------------------------------------------------------------------
    def _scope(self, scope: UndoScope) -> Callable[[JournalEntry], bool]:
        if scope == "session":
            return lambda e: e.session == self._session
        return lambda e: e.author == self._author

    def undo(self, scope: UndoScope = "author") -> list[Change]:
        return self._revert(scope, redo=False)

    def redo(self, scope: UndoScope = "author") -> list[Change]:
        return self._revert(scope, redo=True)

    def _revert(self, scope: UndoScope, redo: bool) -> list[Change]:
        with self._locked():
            entries = self._journal_entries()
            undo_stack, redo_stack = stacks(entries, self._scope(scope))
            stack = redo_stack if redo else undo_stack
            if not stack:
                return []
            group = stack[-1]
            ops = [self._inverse(e) for e in reversed(steps(entries)[group])]
            return self._write("redo" if redo else "undo", ops, reverts=group, entries=entries, locked=True)

    @staticmethod
    def _inverse(e: JournalEntry) -> _Op:
        kind = get_kind(e.kind)
        if e.before is None:  # an add: delete the record as it was added
            return _Op(kind, e.code, e.after, None, reverts=e)
        if e.after is None:  # a delete: add the record back
            return _Op(kind, e.code, None, e.before, reverts=e)
        return _Op(kind, e.code, e.after, e.before, overlay=True, reverts=e)

    # -- writing: one step under the lock ------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        import filelock  # imported with the first write: reading and browsing never lock

        if self._lock is None:
            self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)
        try:
            with self._lock:
                yield
        except filelock.Timeout:
            raise WriteError(
                _("The database {path} is locked by another process; try again.").format(path=self.path)
            ) from None
        except PermissionError:
            raise WriteError(_("Cannot save {path}: permission denied").format(path=self.path)) from None
        except OSError as exc:  # e.g. a folder where the lock file goes
            raise WriteError(_("Cannot lock {path}: {reason}").format(
                path=str(self.path) + ".lock", reason=exc.strerror or str(exc))) from None

    def _write(self, action: str, ops: list[_Op], *, reverts: int | None = None,
               entries: list[JournalEntry] | None = None, locked: bool = False) -> list[Change]:
        if not locked:
            with self._locked():
                return self._write(action, ops, reverts=reverts, entries=entries, locked=True)
        self._storage.remove_stale_temp_files()
        data = self._storage.read()  # the file as it is now (re-read only if it changed)
        if data is None:
            raise DatabaseError(self.path, _("the file does not exist"))
        stamp = self._storage.stamp
        try:
            data = migrate(data, self.path)
            planned = [self._plan(data, op, entries) for op in ops]
            # an undo or redo is written even when it finds the records as it would leave them
            # (someone made the same change by hand): its step leaves the undo stack
            planned = [p for p in planned if p.theirs != p.result or reverts is not None]
            if not planned:
                return []
            changes = self._apply(data, action, planned, reverts)
        except BaseException:
            self._storage.invalidate()  # the cached data may be half-changed: read it again
            raise
        others = stamp != self._stamp
        if others:
            # another process wrote since we last read: take the whole file in (validated)
            old = self._raw
            with gc_paused():
                self._adopt(data, self._storage.stamp)
            touched = {c.code for c in changes}
            for name, table in self._raw.items():
                before = old.get(name, {})
                self._adopted += [c for c, r in table.items() if c not in touched and before.get(c) != r]
                self._adopted += [c for c in before if c not in table and c not in touched]
        else:
            self._patch_views(changes)
            for c in changes:
                table = data[get_kind(c.kind).table]
                if c.after is None:
                    self._records[c.kind].pop(c.code, None)
                    self._raw[c.kind].pop(c.code, None)
                else:
                    self._records.setdefault(c.kind, {})[c.code] = c.after
                    self._raw.setdefault(c.kind, {})[c.code] = table[c.code]
            self._stamp = self._storage.stamp
        for change in changes:
            for listener in list(self._listeners):
                listener(change)
        return changes

    def _plan(self, data: Raw, op: _Op, entries: list[JournalEntry] | None) -> _Planned:
        kind = op.kind
        table: Raw = data.setdefault(kind.table, {})
        if op.base is None:  # add
            assert op.mine is not None
            code = op.code
            if code is None:
                code = self._allocate(data, kind, op)
            elif code in table:
                if op.reverts is not None:
                    raise self._refusal(op, entries, None, table[code])
                raise InvalidProject([_issue("code", _("code {code} is already used").format(code=code))], code)
            return _Planned(kind, code, None, {**op.mine, "code": code, "updated_at": _stamp()})
        assert op.code is not None
        theirs = table.get(op.code)
        if theirs is None:
            if op.reverts is not None:
                raise self._refusal(op, entries, None, None)
            raise ConflictError(op.code)
        if op.mine is None:  # delete: only the version the caller saw
            if not _same(theirs, op.base):
                if op.reverts is not None:
                    raise self._refusal(op, entries, _first_difference(op.base, theirs), theirs)
                raise ConflictError(op.code)
            return _Planned(kind, op.code, theirs, None)
        base, mine = (({**theirs, **op.base}, {**theirs, **op.mine}) if op.overlay else (op.base, op.mine))
        if _same(theirs, base):
            result = mine
        else:
            result, conflicts = merge_records(base, theirs, mine)
            if conflicts:
                if op.reverts is not None:
                    raise self._refusal(op, entries, conflicts[0].field, theirs)
                raise MergeConflict(op.code, conflicts, self._validated(kind, theirs, op.code), kind.name)
            result = record_dict(self._validated(kind, result, op.code))
            if op.reverts is None:
                check_agreement(result, op.code)
        if _same(result, theirs):
            return _Planned(kind, op.code, theirs, theirs)
        return _Planned(kind, op.code, theirs, {**result, "updated_at": _stamp()})

    def _allocate(self, data: Raw, kind: Kind, op: _Op) -> str:
        assert op.model is not None
        prefix = kind.prefix(op.model)
        counters = data["meta"]["schema"].get("counters", {})
        table = data.get(kind.table) or {}
        used = [int(c[len(prefix):]) for c in table if c.startswith(prefix) and c[len(prefix):].isdigit()]
        n = max([int(counters.get(kind.counter_key(prefix), 0)), *used]) + 1
        return f"{prefix}{n:02d}"

    def _refusal(self, op: _Op, entries: list[JournalEntry] | None, field_name: str | None,
                 theirs: Raw | None) -> UndoRefused:
        assert op.reverts is not None and op.code is not None
        redo = op.reverts.action == "undo"
        later = who_changed(entries or [], op.reverts.group, op.kind.name, op.code, field_name)
        who = later.author if later is not None else _("someone outside portfolio")
        name = field_name or "code"
        value = (theirs or {}).get(name) if theirs is not None else _("deleted")
        return UndoRefused(op.code, name, who, value, undo=not redo)

    def _apply(self, data: Raw, action: str, planned: list[_Planned], reverts: int | None) -> list[Change]:
        """Journal first, then the file (see ``journal.py`` for why this order)."""
        meta = data["meta"]["schema"]
        committed = int(meta.get("journal_seq", 0) or 0)
        last = self._journal.last_seq()
        seq = max(committed, last)
        now = _stamp()
        lines: list[Raw] = []
        if last > committed:  # lines of a writer killed before its save: never committed
            seq += 1
            lines.append({"seq": seq, "action": "rollback", "from": committed + 1, "to": last, "time": now})
        group = seq + 1
        changes: list[Change] = []
        for p in planned:
            seq += 1
            if p.theirs is None:
                before, after = None, p.result
            elif p.result is None:
                before, after = p.theirs, None
            else:
                before, after = changed_fields(p.theirs, p.result)
            line: Raw = {"seq": seq, "group": group, "time": now, "author": self._author, "session": self._session,
                         "action": action, "kind": p.kind.name, "code": p.code, "before": before, "after": after}
            if reverts is not None:
                line["reverts"] = reverts
            lines.append(line)
            old = self._records.get(p.kind.name, {}).get(p.code)
            if p.theirs is not None and self._raw.get(p.kind.name, {}).get(p.code) != p.theirs:
                old = self._validated(p.kind, p.theirs, p.code)  # as another process left it
            new = self._validated(p.kind, p.result, p.code) if p.result is not None else None
            changes.append(Change(action, p.code, old, new, p.kind.name))
        self._journal.append(lines)
        counters = meta.setdefault("counters", {})
        for p in planned:
            table = data.setdefault(p.kind.table, {})
            if p.result is None:
                table.pop(p.code, None)
            else:
                table[p.code] = p.result
                prefix = p.code.rstrip("0123456789")
                number = p.code[len(prefix):]
                if number.isdigit():
                    key = p.kind.counter_key(prefix)
                    counters[key] = max(int(counters.get(key, 0)), int(number))
        meta["journal_seq"] = seq
        self._storage.write(data)  # one atomic replace of the whole file
        return changes


# Old name: ``from portfolio.store import Repository`` keeps working for the file backend.
Repository = FileRepository


def _same(a: Raw | None, b: Raw | None) -> bool:
    if a is None or b is None:
        return a is b
    return a | {"updated_at": None} == b | {"updated_at": None}


def _first_difference(a: Raw | None, b: Raw | None) -> str | None:
    before, _after = changed_fields(a, b)
    return next(iter(before), None)


def _issue(field_name: str, message: str) -> FieldIssue:
    return FieldIssue(field=field_name, message=message)


def _stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat()
