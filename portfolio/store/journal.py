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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from ..errors import JournalFileError
from ..files import FileRefused, open_regular, too_big
from ..i18n import _
from ..limits import MAX_JOURNAL_BYTES
from .journal_check import MAX_SEQ, BadLine, Rollback, Torn, check
from .schema import gc_paused
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
        """The entry of one line, every field checked (``BadLine`` naming the first bad one)."""
        fields = check(line)
        if not isinstance(fields, dict):
            raise BadLine(_("not a change line"))
        return cls(**fields)


@dataclass(frozen=True)
class Problem:
    """A journal line that cannot be used: its number, why, and whether it is a line torn by a
    killed writer (never a change: the database never held it)."""

    line: int
    reason: str
    torn: bool = False


@dataclass
class JournalRead:
    entries: list[JournalEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> list[int]:
        return [p.line for p in self.problems]

    @property
    def damaged(self) -> list[Problem]:
        """The problems that are not torn lines: undo and redo refuse while there is one."""
        return [p for p in self.problems if not p.torn]


@dataclass
class _Scan:
    """What has been read of the journal file: every complete line, parsed and checked."""

    inode: int = -1
    offset: int = 0  # bytes read: up to the end of the last complete line
    lines: int = 0  # complete lines read
    mark: bytes = b""  # the last bytes read (an in-place rewrite is noticed, and read again)
    entries: list[JournalEntry] = field(default_factory=list)
    rollbacks: list[Rollback] = field(default_factory=list)
    bad: list[tuple[int, int, str]] = field(default_factory=list)  # (line, offset, reason)
    torn: set[int] = field(default_factory=set)  # offsets of lines marked torn
    tail: bytes = b""  # an incomplete last line (no newline yet)

    def take(self, data: bytes, start: int) -> None:
        """Parse the complete lines of ``data`` (read from ``start``)."""
        end = data.rfind(b"\n") + 1
        pos = start
        for raw in data[:end].split(b"\n")[:-1]:
            self.lines += 1
            if raw.strip():
                self._line(raw, pos)
            pos += len(raw) + 1
        self.offset = start + end
        self.tail = data[end:]
        if end:
            self.mark = data[max(0, end - 64):end]

    def _line(self, raw: bytes, offset: int) -> None:
        try:
            meaning = check(orjson.loads(raw))
        except orjson.JSONDecodeError:
            self.bad.append((self.lines, offset, _("not valid JSON")))
            return
        except BadLine as exc:
            self.bad.append((self.lines, offset, str(exc)))
            return
        if isinstance(meaning, Torn):
            self.torn.add(meaning.offset)
        elif isinstance(meaning, Rollback):
            self.rollbacks.append(meaning)
        else:
            self.entries.append(JournalEntry(**meaning))


class Journal:
    """The append-only journal file of one database."""

    def __init__(self, db: Path) -> None:
        self.path = journal_path(db)
        self._scan = _Scan()

    def _open(self, flags: int, like: os.stat_result | None = None) -> int:
        """The journal, never through a link (it would write elsewhere), never a FIFO or device."""
        try:
            return open_regular(self.path, flags, follow=False, like=like)
        except FileRefused as exc:
            raise JournalFileError(self.path, exc.reason) from None

    # -- reading ---------------------------------------------------------------------
    def last_seq(self) -> int:
        """The highest ``seq`` written (committed or not), read from the end of the file only."""
        try:
            fd = self._open(os.O_RDONLY)
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise JournalFileError(self.path, exc.strerror or str(exc)) from None
        try:
            with os.fdopen(fd, "rb", closefd=False) as fh:
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
        except OSError as exc:
            raise JournalFileError(self.path, exc.strerror or str(exc)) from None
        finally:
            os.close(fd)

    def scan(self) -> None:
        """Read what was appended since the last scan (the whole file the first time, or when
        it was replaced or rewritten): a long journal is read once, outside the lock, and
        only its new end under it."""
        try:
            fd = self._open(os.O_RDONLY)
        except FileNotFoundError:
            self._scan = _Scan()
            return
        except OSError as exc:
            raise JournalFileError(self.path, exc.strerror or str(exc)) from None
        try:
            st = os.fstat(fd)
            if st.st_size > MAX_JOURNAL_BYTES:
                raise JournalFileError(self.path, too_big(self.path, st.st_size, MAX_JOURNAL_BYTES).reason)
            old = self._scan
            keep = (old.inode == st.st_ino and old.offset <= st.st_size
                    and os.pread(fd, len(old.mark), old.offset - len(old.mark)) == old.mark)
            scan = old if keep else _Scan(inode=st.st_ino)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                fh.seek(scan.offset)
                data = fh.read(MAX_JOURNAL_BYTES + 1 - scan.offset)
            with gc_paused():  # hundreds of thousands of entries: no collector passes over them
                scan.take(data, scan.offset)
            self._scan = scan
        except OSError as exc:
            raise JournalFileError(self.path, exc.strerror or str(exc)) from None
        finally:
            os.close(fd)

    def read(self, committed: int) -> JournalRead:
        """Every committed entry in order; rolled-back and uncommitted lines left out; lines
        that cannot be used reported by line number (a torn one marked as such)."""
        self.scan()
        return _committed(self._scan, committed)

    def read_end(self, committed: int, enough: Callable[[list[JournalEntry]], bool]) -> JournalRead:
        """The committed entries at the end of the journal, read backwards in growing blocks
        until ``enough`` finds what it looks for in them (or the whole file is read): an undo
        reads the steps after the one it reverts, however long the journal. Problems are
        named by their line number in the whole file."""
        try:
            fd = self._open(os.O_RDONLY)
        except FileNotFoundError:
            return JournalRead()
        except OSError as exc:
            raise JournalFileError(self.path, exc.strerror or str(exc)) from None
        try:
            size = os.fstat(fd).st_size
            if size > MAX_JOURNAL_BYTES:
                raise JournalFileError(self.path, too_big(self.path, size, MAX_JOURNAL_BYTES).reason)
            block = TAIL_BLOCK
            while True:
                start = max(0, size - block)
                data = os.pread(fd, size - start, start)
                if start > 0:
                    cut = data.find(b"\n") + 1  # the first line may be cut by the block's start
                    if cut == 0:
                        block *= 4
                        continue
                    data, start = data[cut:], start + cut
                scan = _Scan()
                with gc_paused():
                    scan.take(data, start)
                out = _committed(scan, committed)
                if size - block <= 0 or enough(out.entries):
                    break
                block *= 4
            if out.problems and start > 0:
                before = _lines_before(fd, start)
                out.problems = [Problem(p.line + before, p.reason, p.torn) for p in out.problems]
            return out
        except OSError as exc:
            raise JournalFileError(self.path, exc.strerror or str(exc)) from None
        finally:
            os.close(fd)

    # -- writing (only under the database's lock) ---------------------------------------
    def append(self, lines: Iterable[Raw], like: os.stat_result | None = None) -> None:
        """Append ``lines`` and fsync them. A torn last line left by a killed writer is kept
        and marked (readers skip it): the new lines start on a line of their own. A new
        journal takes the mode and group of ``like`` (the database file)."""
        payload = b"".join(orjson.dumps(line) + b"\n" for line in lines)
        if not payload:
            return
        try:
            try:
                fd = self._open(os.O_RDWR | os.O_APPEND)
                created = False
            except FileNotFoundError:
                fd = self._open(os.O_RDWR | os.O_APPEND | os.O_CREAT, like=like)
                created = True
            try:
                size = os.fstat(fd).st_size
                if size:
                    torn = _torn_start(fd, size)
                    if torn is not None:
                        payload = b"\n" + orjson.dumps({"action": "torn", "offset": torn}) + b"\n" + payload
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


def _committed(scan: _Scan, committed: int) -> JournalRead:
    out = JournalRead()
    ranges = [(r.first, r.last) for r in scan.rollbacks]
    if ranges:
        out.entries = [e for e in scan.entries
                       if e.seq <= committed and not any(a <= e.seq <= b for a, b in ranges)]
    else:
        out.entries = [e for e in scan.entries if e.seq <= committed]
    out.problems = [Problem(n, reason, offset in scan.torn) for n, offset, reason in scan.bad]
    if scan.tail.strip():  # a last line without its newline: a writer killed mid-line...
        if _tail_committed(scan, committed):  # ...unless the database records it: damaged evidence
            out.problems.append(Problem(scan.lines + 1, _(
                "incomplete, though the database records this change as saved")))
        else:
            out.problems.append(Problem(scan.lines + 1, _("incomplete (an interrupted write)"), torn=True))
    return out


_SEQ_PREFIX = re.compile(rb'\s*\{\s*"seq"\s*:\s*(\d{1,19})\D')


def _tail_committed(scan: _Scan, committed: int) -> bool:
    """Whether an incomplete last line is one the database holds as committed: its ``seq`` (when
    its beginning still says it) is not above the database's, or the database counts a step
    that no complete line carries. A writer killed before committing leaves a higher one."""
    m = _SEQ_PREFIX.match(scan.tail)
    if m is not None:
        return int(m.group(1)) <= committed
    return committed > max((e.seq for e in scan.entries), default=0)


def _lines_before(fd: int, offset: int) -> int:
    count = 0
    pos = 0
    while pos < offset:
        chunk = os.pread(fd, min(1 << 24, offset - pos), pos)
        if not chunk:
            break
        count += chunk.count(b"\n")
        pos += len(chunk)
    return count


def _torn_start(fd: int, size: int) -> int | None:
    """Where the file's last line starts when it has no newline (a writer killed mid-line)."""
    if os.pread(fd, 1, size - 1) == b"\n":
        return None
    block = TAIL_BLOCK
    while True:
        start = max(0, size - block)
        found = os.pread(fd, size - start, start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        if start == 0:
            return 0
        block *= 4


def _seq_of(raw: bytes) -> int | None:
    if not raw.strip():
        return None
    try:
        line = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    seq = line.get("seq") if isinstance(line, dict) else None
    return seq if type(seq) is int and 0 < seq <= MAX_SEQ else None


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
