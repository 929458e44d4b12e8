"""The audit journal: every change ever made, kept for good, beside the database.

``<db>.journal.jsonl`` holds one JSON object per line and per changed record::

    {"seq": 41, "group": 40, "time": "2026-11-30T19:02:11", "author": "li", "session": "9f…",
     "action": "update", "kind": "project", "code": "W01",
     "before": {"progress_percent": 30.0}, "after": {"progress_percent": 55.0}}

``before``/``after`` hold the changed fields (the whole record for an add or a delete);
``group`` is the ``seq`` of the first line of one step (an import, a bulk edit, an undo), so a
step is undone as one; ``reverts`` names the group an undo or redo reverted.

Consistency with the database, across a SIGKILL at any point
-------------------------------------------------------------
A change is written under the database's lock in this order:

1. the journal lines of the step are appended and fsync'd;
2. the database is replaced atomically; its ``meta.schema.journal_seq`` is the ``seq`` of the
   last line whose change it holds.

A line is *committed* when its ``seq`` is at most the database's ``journal_seq``. A kill
between 1 and 2 leaves lines beyond ``journal_seq`` whose change never reached the database:
readers ignore them, and the next writer (under the lock) first appends a ``rollback`` line
naming them, so that they stay ignored once ``journal_seq`` moves past them. A kill in the
middle of 1 leaves a torn last line (no newline): the next writer starts its lines on a new
line, and readers skip the torn one with a warning; nothing is ever rewritten. A kill during 2
leaves the old database or the new one (atomic replace), never half of one. So the database
and the committed part of the journal always agree, and every acknowledged change (one whose
``portfolio set`` returned) is in both.

Opening a database never reads the journal; ``portfolio log`` and undo read it when asked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from ..errors import DatabaseError
from .storage import save_error

Raw = dict[str, Any]
SUFFIX = ".journal.jsonl"
TAIL_BLOCK = 1 << 16


def journal_path(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


@dataclass(frozen=True)
class JournalEntry:
    """One changed record of one step."""

    seq: int
    group: int
    time: datetime
    author: str
    session: str
    action: str  # add | update | delete | import | bulk | collect | undo | redo | create
    kind: str
    code: str
    before: Raw | None  # the changed fields before (the whole record for a delete); None for an add
    after: Raw | None  # the changed fields after (the whole record for an add); None for a delete
    reverts: int | None = None  # undo / redo: the group reverted
    note: str = ""

    def fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) of every changed field."""
        b, a = self.before or {}, self.after or {}
        return [(k, b.get(k), a.get(k)) for k in dict.fromkeys([*b, *a]) if k != "updated_at"]

    def to_json(self) -> Raw:
        out: Raw = {"seq": self.seq, "group": self.group, "time": self.time.isoformat(),
                    "author": self.author, "session": self.session, "action": self.action,
                    "kind": self.kind, "code": self.code, "before": self.before, "after": self.after}
        if self.reverts is not None:
            out["reverts"] = self.reverts
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_json(cls, line: Raw) -> JournalEntry:
        return cls(seq=int(line["seq"]), group=int(line.get("group") or line["seq"]),
                   time=datetime.fromisoformat(line["time"]), author=str(line.get("author", "")),
                   session=str(line.get("session", "")), action=str(line["action"]),
                   kind=str(line.get("kind", "project")), code=str(line["code"]),
                   before=line.get("before"), after=line.get("after"),
                   reverts=line.get("reverts"), note=str(line.get("note", "")))


@dataclass
class JournalRead:
    entries: list[JournalEntry] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # line numbers of torn or unreadable lines


class Journal:
    """The append-only journal file of one database."""

    def __init__(self, db: Path) -> None:
        self.path = journal_path(db)

    # -- reading ---------------------------------------------------------------------
    def last_seq(self) -> int:
        """The highest ``seq`` written (committed or not), read from the end of the file only."""
        try:
            with open(self.path, "rb") as fh:
                end = fh.seek(0, os.SEEK_END)
                size = TAIL_BLOCK
                while True:
                    start = max(0, end - size)
                    fh.seek(start)
                    chunk = fh.read(end - start)
                    lines = chunk.split(b"\n")
                    if start > 0:
                        lines = lines[1:]  # the first may be cut by the block's start
                    for raw in reversed(lines):
                        seq = _seq_of(raw)
                        if seq is not None:
                            return seq
                    if start == 0:
                        return 0
                    size *= 4
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise DatabaseError(self.path, exc.strerror or str(exc)) from None

    def read(self, committed: int) -> JournalRead:
        """Every committed entry in order; rolled-back and uncommitted lines left out, torn or
        unreadable lines skipped and reported by line number."""
        out = JournalRead()
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return out
        except OSError as exc:
            raise DatabaseError(self.path, exc.strerror or str(exc)) from None
        lines: list[Raw] = []
        rolled_back: list[tuple[int, int]] = []
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if not raw.strip():
                continue
            try:
                line = orjson.loads(raw)
                if not isinstance(line, dict) or not isinstance(line.get("seq"), int):
                    raise ValueError
            except ValueError:
                out.skipped.append(number)
                continue
            if line.get("action") == "rollback":
                rolled_back.append((int(line["from"]), int(line["to"])))
            else:
                lines.append(line)
        for line in lines:
            seq = line["seq"]
            if seq > committed or any(a <= seq <= b for a, b in rolled_back):
                continue
            try:
                out.entries.append(JournalEntry.from_json(line))
            except (KeyError, ValueError, TypeError):
                out.skipped.append(-seq)
        return out

    # -- writing (only under the database's lock) ---------------------------------------
    def append(self, lines: Iterable[Raw]) -> None:
        """Append ``lines`` and fsync them. A torn last line left by a killed writer is kept
        (readers skip it): the new lines start on a line of their own."""
        payload = b"".join(orjson.dumps(line) + b"\n" for line in lines)
        if not payload:
            return
        created = not self.path.exists()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                size = os.fstat(fd).st_size
                if size and not _ends_with_newline(self.path, size):
                    payload = b"\n" + payload
                view = memoryview(payload)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                dir_fd = os.open(self.path.parent, os.O_RDONLY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)
        except OSError as exc:
            raise save_error(self.path, exc) from None


def _ends_with_newline(path: Path, size: int) -> bool:
    with open(path, "rb") as fh:
        fh.seek(size - 1)
        return fh.read(1) == b"\n"


def _seq_of(raw: bytes) -> int | None:
    if not raw.strip():
        return None
    try:
        line = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    seq = line.get("seq") if isinstance(line, dict) else None
    return seq if isinstance(seq, int) else None


def select(entries: list[JournalEntry], code: str | None = None, author: str | None = None,
           since: date | datetime | None = None, kind: str | None = None) -> list[JournalEntry]:
    """The entries matching every given filter (``since``: on or after that day / moment)."""
    if isinstance(since, datetime):
        start = since
    elif isinstance(since, date):
        start = datetime(since.year, since.month, since.day)
    else:
        start = None
    return [e for e in entries
            if (code is None or e.code == code) and (author is None or e.author == author)
            and (kind is None or e.kind == kind) and (start is None or e.time >= start)]
