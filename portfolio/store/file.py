"""The repository: the one module that touches TinyDB and writes the database.

File layout (TinyDB tables, documents keyed by string ids)::

    {"meta":     {"schema": {"version": 1, "counters": {"W": 8, ...}}},
     "projects": {"W01": {...project...}, ...},          # plan order
     "history":  {"17": {"seq": 17, "action": "update", "code": "W01",
                         "before": {...}, "after": {...}, "at": "..."}, ...}}

The file is a TinyDB database (any TinyDB opened with ``AtomicJSONStorage`` reads it);
changes are applied to the storage's data and written once per change.
Every change runs under a file lock, re-reads the file if another process wrote it since
it was loaded, refuses to overwrite a record that the other process changed (conflict),
and is written atomically in one write (``AtomicJSONStorage``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Table

from ..categories import BY_KEY, ORDER, CategoryKey
from ..errors import ConflictError, DatabaseError, InvalidProject, NotFound, WriteError, printable
from ..i18n import _
from ..models import STORED, FieldIssue, Project, describe_errors, project_dict, project_list_adapter
from ..query import Query, Row, ensure_pinyin, make_row, parse
from .storage import AtomicJSONStorage, real_path

if TYPE_CHECKING:
    import filelock

SCHEMA_VERSION = 1
HISTORY_LIMIT = 50
LOCK_TIMEOUT = 15.0

# Migrations from version N to N+1, applied in memory on load; written on the next save.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}

Raw = dict[str, Any]


class _StrIdTable(Table):
    """Documents keyed by our own string ids (project codes), never by TinyDB's counter."""

    document_id_class = str  # type: ignore[assignment]


class _DB(TinyDB):
    table_class = _StrIdTable


@dataclass(frozen=True)
class Change:
    """What one call changed: ``before`` is None for an add, ``after`` None for a delete."""

    action: str  # add | update | delete | undo | import
    code: str
    before: Project | None
    after: Project | None

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        b = project_dict(self.before) if self.before else {}
        a = project_dict(self.after) if self.after else {}
        out = []
        for key in (a or b):
            if key == "updated_at":
                continue
            if b.get(key) != a.get(key):
                out.append((key, b.get(key), a.get(key)))
        return out


def empty_database() -> Raw:
    return {"meta": {"schema": {"version": SCHEMA_VERSION, "counters": {}}},
            "projects": {}, "history": {}}


def migrate(data: Raw, path: Path) -> Raw:
    meta = data.get("meta", {}).get("schema") if isinstance(data.get("meta"), dict) else None
    if not isinstance(meta, dict) or type(meta.get("version")) is not int:
        raise DatabaseError(path, _("no schema version (meta.schema.version) in the file"))
    counters = meta.get("counters", {})
    if not isinstance(counters, dict) or any(type(v) is not int for v in counters.values()):
        raise DatabaseError(path, _("meta.schema.counters must map code letters to whole numbers"))
    version = meta["version"]
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            path,
            _("schema version {found} is newer than this program supports ({supported}); "
              "upgrade portfolio").format(found=version, supported=SCHEMA_VERSION),
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DatabaseError(path, _("no migration from schema version {v}").format(v=version))
        data = step(data)
        version += 1
        data["meta"]["schema"]["version"] = version
    return data


def validate_records(data: Raw, path: Path) -> dict[str, Project]:
    """Every record validated (all at once, in pydantic-core); the first bad one is named
    with its fields."""
    table = data.get("projects")
    if not isinstance(table, dict):
        raise DatabaseError(path, _("the 'projects' table is missing or not an object"))
    keys = list(table)
    records = list(table.values())
    try:
        projects = project_list_adapter().validate_python(records, context=STORED)
    except ValidationError as exc:
        first = min(int(e["loc"][0]) for e in exc.errors() if e["loc"] and isinstance(e["loc"][0], int))
        where = _("{code} (#{n})").format(code=printable(keys[first]), n=first + 1)
        if not isinstance(records[first], dict):
            raise DatabaseError(path, _("the record is not an object"), record=where) from None
        try:
            Project.model_validate(records[first], context=STORED)
        except ValidationError as one:
            raise DatabaseError(path, _("invalid record"), record=where,
                                issues=describe_errors(one)) from None
        raise DatabaseError(path, _("invalid record"), record=where) from None
    out: dict[str, Project] = {}
    for n, (key, project) in enumerate(zip(keys, projects, strict=True), start=1):
        if project.code != key:
            where = _("{code} (#{n})").format(code=printable(key), n=n)
            raise DatabaseError(
                path, _("the record's code {code} differs from its key").format(code=project.code),
                record=where,
            )
        out[key] = project
    return out


class Repository:
    """Projects in memory, written through to the database file on every change."""

    def __init__(self, path: str | Path) -> None:
        self.path = real_path(path)  # a symlinked database: its target, under the target's lock
        self._storage = storage = AtomicJSONStorage(self.path)
        # the factory captures the storage, not ``self``: no reference cycle, so a dropped
        # repository is freed at once (its loaded records are frozen out of the collector)
        self._db = _DB(storage=lambda: storage)
        self._projects: dict[str, Project] = {}
        self._raw: dict[str, Raw] = {}
        self._ordered: list[Project] | None = None
        self._rows: list[Row] | None = None
        self._undo: list[Raw] = []  # this session's history entries, newest last
        self._listeners: list[Callable[[Change], None]] = []
        self._lock: filelock.FileLock | None = None

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Repository:
        repo = cls(path)
        if not repo.path.exists():
            raise DatabaseError(repo.path, _("the file does not exist"))
        repo.reload()
        return repo

    @classmethod
    def create(cls, path: str | Path, projects: Iterable[Project]) -> Repository:
        """Write a new database holding ``projects`` (replacing any file at ``path``)."""
        repo = cls(path)
        repo.path.parent.mkdir(parents=True, exist_ok=True)
        data = empty_database()
        counters: dict[str, int] = {}
        for p in projects:
            data["projects"][p.code] = project_dict(p)
            counters[p.code[0]] = max(counters.get(p.code[0], 0), int(p.code[1:]))
        data["meta"]["schema"]["counters"] = counters
        with repo._locked():
            repo._storage.write(data)
        repo.reload()
        return repo

    def reload(self) -> None:
        with gc_paused():
            self._reload()

    def _reload(self) -> None:
        data = self._storage.load()
        if data is None:
            raise DatabaseError(self.path, _("the file does not exist"))
        data = migrate(data, self.path)
        projects = validate_records(data, self.path)
        self._projects = projects
        self._ordered = None
        self._rows = None
        self._raw = dict(data["projects"])  # the parsed records themselves, not copies

    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    def history(self) -> list[Raw]:
        """The file's change history (newest last), read through TinyDB."""
        return [dict(doc) for doc in self._db.table("history").all()]

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    # -- reading -----------------------------------------------------------------------
    def projects(self) -> list[Project]:
        """All projects in the plan's order: by category, then by code."""
        if self._ordered is None:
            self._ordered = sorted(self._projects.values(), key=plan_order)
        return list(self._ordered)

    def rows(self) -> list[Row]:
        """The query rows of ``projects()``, kept between changes (a change recomputes only
        the rows of the projects it touched)."""
        if self._rows is None:
            with gc_paused():  # 100,000 tuples: the collector would rescan them as they are made
                self._rows = [make_row(p) for p in self.projects()]
        return self._rows

    def _patch_views(self, changes: list[Change]) -> None:
        """Keep the ordered list and the query rows after edits of existing projects that
        keep their category (the usual case); anything else rebuilds them when next asked."""
        if self._ordered is None or any(
                c.before is None or c.after is None or c.before.category != c.after.category
                for c in changes):
            self._ordered = self._rows = None
            return
        wanted = {c.code for c in changes}
        positions = {p.code: i for i, p in enumerate(self._ordered) if p.code in wanted}
        for c in changes:
            i = positions[c.code]
            assert c.after is not None
            self._ordered[i] = c.after
            if self._rows is not None:
                self._rows[i] = make_row(c.after)

    def search(self, query: Query | str) -> list[Project]:
        """The projects matching a query (text or compiled), in the plan's order."""
        compiled = parse(query) if isinstance(query, str) else query
        if compiled.empty:
            return self.projects()
        return compiled.filter_rows(self.rows())

    def search_rows(self, query: Query) -> Sequence[Row]:
        """The query rows of the matching projects (for counting without touching models)."""
        return self.rows() if query.empty else query.matching_rows(self.rows())

    def warm_up(self) -> None:
        """Build the query rows and their pinyin now (the UI does it in a worker after its
        first screen, so that no keystroke pays for it)."""
        ensure_pinyin(self.rows())

    def __len__(self) -> int:
        return len(self._projects)

    def __contains__(self, code: object) -> bool:
        return code in self._projects

    def get(self, code: str) -> Project:
        try:
            return self._projects[code]
        except KeyError:
            raise NotFound(code) from None

    def code_counter(self, prefix: str) -> int:
        """The highest number ever used for codes with ``prefix`` (deleted ones included)."""
        data = self._storage.read() or {}
        counters = data.get("meta", {}).get("schema", {}).get("counters", {})
        used = [int(c[1:]) for c in self._projects if c.startswith(prefix) and c[1:].isdigit()]
        return max([int(counters.get(prefix, 0)), *used])

    def units(self) -> list[str]:
        """Every responsible unit, in order of first appearance."""
        seen: dict[str, None] = {}
        for p in self._projects.values():
            for u in p.units:
                seen.setdefault(u, None)
        return list(seen)

    def subcategories(self, category: CategoryKey | str) -> list[str]:
        seen: dict[str, None] = {}
        for p in self._projects.values():
            if p.category == category and p.subcategory:
                seen.setdefault(p.subcategory, None)
        return list(seen)

    # -- writing -----------------------------------------------------------------------
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
                _("The database {path} is locked by another process; try again.").format(
                    path=self.path)
            ) from None
        except PermissionError:
            raise WriteError(_("Cannot save {path}: permission denied").format(
                path=self.path)) from None
        except OSError as exc:  # e.g. a folder where the lock file goes
            raise WriteError(_("Cannot lock {path}: {reason}").format(
                path=str(self.path) + ".lock", reason=exc.strerror or str(exc))) from None

    def _validated(self, data: dict[str, Any], code: str | None) -> Project:
        try:
            return Project.model_validate(data)
        except ValidationError as exc:
            raise InvalidProject(describe_errors(exc), code) from None

    def _next_code(self, category: CategoryKey, data: Raw) -> str:
        prefix = BY_KEY[category].prefix
        return f"{prefix}{self.code_counter(prefix) + 1:02d}"

    def _commit(self, action: str, plan: Callable[[Raw], list[tuple[str, Project | None]]],
                expected: dict[str, Raw | None], record_undo: bool = True,
                forget_seq: int | None = None) -> list[Change]:
        """Apply one change (of one or many records) under the lock, in one atomic write.

        ``expected`` maps each code to what this process believes the record is (None: it
        does not exist). If the file holds something else, another process changed it
        since we loaded it: ``ConflictError``, nothing written, memory refreshed.
        ``plan(data)`` returns the (code, new project or None to delete) pairs to write.
        """
        with self._locked():
            self._storage.remove_stale_temp_files()
            if self._storage.changed_on_disk():
                self.reload()
            for code, believed in expected.items():
                if self._raw.get(code) != believed:
                    raise ConflictError(code)
            data = self._storage.read()
            if data is None:
                raise DatabaseError(self.path, _("the file does not exist"))
            data = migrate(data, self.path)
            pairs = plan(data)
            records: dict[str, Raw] = data["projects"]
            counters = data["meta"]["schema"].setdefault("counters", {})
            history: dict[str, Raw] = data.setdefault("history", {})
            seq = max((int(k) for k in history), default=0) + 1
            entry: Raw = {"seq": seq, "at": _now().isoformat(), "action": action, "changes": []}
            changes: list[Change] = []
            for code, after in pairs:
                before_raw = self._raw.get(code)
                after_raw = project_dict(after) if after is not None else None
                if after_raw is None:
                    records.pop(code, None)
                else:
                    records[code] = after_raw
                    counters[code[0]] = max(counters.get(code[0], 0), int(code[1:]))
                entry["changes"].append({"code": code, "before": before_raw, "after": after_raw})
                changes.append(Change(action, code, self._projects.get(code), after))
            history[str(seq)] = entry
            for key in [k for k in history if int(k) <= seq - HISTORY_LIMIT]:
                del history[key]
            if forget_seq is not None:
                history.pop(str(forget_seq), None)
            # a TinyDB storage write: one atomic replace of the whole file
            self._storage.write(data)
            self._patch_views(changes)
            for change in changes:
                if change.after is None:
                    self._projects.pop(change.code, None)
                    self._raw.pop(change.code, None)
                else:
                    self._projects[change.code] = change.after
                    self._raw[change.code] = records[change.code]
        if record_undo:
            self._undo.append(entry)
        for change in changes:
            for listener in list(self._listeners):
                listener(change)
        return changes

    def add(self, fields: dict[str, Any]) -> Change:
        """Add a project; its code is allocated (never a code used before) unless given."""
        fields = dict(fields)
        given = fields.get("code") or None
        if given and given in self._projects:
            raise InvalidProject([_issue("code", _("code {code} is already used").format(
                code=given))], given)
        # validate before taking the lock (a placeholder code when none is given)
        candidate = self._validated({**fields, "code": given or "X00"}, given)

        def plan(data: Raw) -> list[tuple[str, Project | None]]:
            code = given or self._next_code(candidate.category, data)
            return [(code, candidate.model_copy(update={"code": code, "updated_at": _now()}))]

        expected: dict[str, Raw | None] = {given: None} if given else {}
        return self._commit("add", plan, expected)[0]

    def update(self, code: str, changes: dict[str, Any]) -> Change:
        current = self.get(code)
        if "code" in changes and changes["code"] != code:
            raise InvalidProject([_issue("code", _("the code of a project cannot change"))], code)
        merged = {**project_dict(current), **changes, "code": code}
        # validate before taking the lock: nothing is written unless the record is valid
        candidate = self._validated(merged, code)
        if same_content(candidate, current):
            return Change("update", code, current, current)
        stamped = candidate.model_copy(update={"updated_at": _now()})
        return self._commit("update", lambda data: [(code, stamped)],
                            {code: self._raw.get(code)})[0]

    def replace(self, project: Project) -> Change:
        """Store ``project`` as a whole (the edit form's save)."""
        return self.update(project.code, project_dict(project))

    def delete(self, code: str) -> Change:
        self.get(code)
        return self._commit("delete", lambda data: [(code, None)], {code: self._raw.get(code)})[0]

    def differing(self, projects: Iterable[Project]) -> list[Project]:
        """The projects that are new or differ from the stored ones (``updated_at`` aside)."""
        return [p for p in projects if p.code not in self._projects
                or not same_content(p, self._projects[p.code])]

    def upsert_many(self, projects: list[Project], action: str = "import") -> list[Change]:
        """Write many validated projects in one atomic write (imports); unchanged ones are
        skipped. Returns what changed."""
        todo = self.differing(projects)
        if not todo:
            return []
        now = _now()
        stamped = [p.model_copy(update={"updated_at": now}) for p in todo]
        expected = {p.code: self._raw.get(p.code) for p in todo}
        return self._commit(action, lambda data: [(p.code, p) for p in stamped], expected)

    # -- undo ----------------------------------------------------------------------------
    def last_change(self) -> Raw | None:
        """The change ``undo`` would revert: this session's last, else the file's last."""
        if self._undo:
            return self._undo[-1]
        undoable = [e for e in self.history() if e.get("action") != "undo"]
        return undoable[-1] if undoable else None

    def undo(self) -> list[Change]:
        """Revert the last change; ``[]`` when there is nothing to undo."""
        entry = self.last_change()
        if entry is None:
            return []
        reverts = [(c["code"], c["before"]) for c in reversed(entry["changes"])]

        def plan(data: Raw) -> list[tuple[str, Project | None]]:
            return [(code, self._validated(before, code) if before is not None else None)
                    for code, before in reverts]

        expected = {c["code"]: c["after"] for c in entry["changes"]}
        # the undone entry leaves the file's history, so the next undo goes further back
        changes = self._commit("undo", plan, expected, record_undo=False,
                               forget_seq=entry["seq"])
        if self._undo and self._undo[-1] is entry:
            self._undo.pop()
        return changes


@contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing and validating 100,000 records makes millions of objects, and Python's cyclic
    garbage collector would scan them again and again (measured: validation 2.5 s -> 0.6 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # the loaded records live as long as the repository: move them out of the collector's
        # way (gc.freeze) so that the first collection after loading does not scan them all
        gc.freeze()
        if was_enabled:
            gc.enable()


def plan_order(p: Project) -> tuple[int, int, str]:
    """Category order, then code number: W2 < W10 (codes are zero-padded alike, so
    comparing the length first and then the text gives the numeric order without parsing)."""
    code = p.code
    return (ORDER[p.category], len(code), code)


def same_content(a: Project, b: Project) -> bool:
    return project_dict(a) | {"updated_at": None} == project_dict(b) | {"updated_at": None}


def _issue(field: str, message: str) -> FieldIssue:
    return FieldIssue(field=field, message=message)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)
