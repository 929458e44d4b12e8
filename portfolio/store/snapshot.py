"""Row snapshots: the query rows of a proved file (``trust``) and where each project's record
lies in its bytes, kept in the user's cache beside the file's stamp, so that the UI's first
screen of a large file is drawn without parsing it.

Parsing 100,000 projects (110 MB) takes 0.6-0.8 s and making their query rows 0.35 s more:
most of the UI's start-up. A snapshot (20 MB at 100,000) is read in 0.2 s, and then:

* the table, the tree's counts and every query key but free words work from its rows;
* a project is validated from its own bytes (its span), as the rows of a proved file are;
* everything else (a free-word search, tasks, a write) first completes the open — the file's
  bytes, already read and sealed, are parsed then, one record at a time, so that a UI worker
  doing it leaves the screen responsive (``FileViews.complete_open``).

A snapshot names the file version it was made from exactly as a stamp does (path, device,
inode, size, modification time, CRC-32 of the bytes, the rules' digest) and holds a CRC-32
of its own payload: a snapshot of any other version, a damaged or foreign one (not the user's
own file, or writable by others) is as good as none, and the file is read as before. It is
made from the bytes themselves: each record's span is checked byte for byte against the
record as ``dump_json`` writes it, so a snapshot can never disagree with its file.
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import orjson

from ..files import FileRefused, open_regular
from ..records.project.query import Row, snapshot_fields, snapshot_rows
from . import trust

FORMAT = 1
MAGIC = b"portfolio-rows\n"
INDENT = b"\n    "  # a project's lines in the file: inside the top level and the projects table

Raw = dict[str, Any]


class Snapshot:
    """The rows and record spans of one proved file version."""

    __slots__ = ("data", "spans", "table")

    def __init__(self, data: list[tuple[Any, ...]], spans: dict[str, tuple[int, int]], table: tuple[int, int]) -> None:
        self.data = data
        self.spans = spans
        self.table = table  # the projects table's braces: its "{" and its "}"

    def __len__(self) -> int:
        return len(self.data)

    def __contains__(self, code: object) -> bool:
        return code in self.spans

    def rows(self, source: Any) -> list[Row]:
        """The query rows, in the plan's order, their projects read from ``source``."""
        return snapshot_rows(self.data, source)

    def record(self, raw: bytes | memoryview, code: str) -> Raw | None:
        """The stored record of ``code`` parsed from its own bytes (None: not there)."""
        span = self.spans.get(code)
        if span is None:
            return None
        try:
            found = orjson.loads(raw[span[0]:span[1]])
        except orjson.JSONDecodeError:
            return None
        return found if isinstance(found, dict) and found.get("code") == code else None

    def records(self, raw: bytes | memoryview) -> Raw | None:
        """The whole projects table parsed record by record, in the file's order (None: the
        bytes are not what the spans say)."""
        table: Raw = {}
        loads = orjson.loads
        try:
            for code, (start, end) in self.spans.items():
                table[code] = loads(raw[start:end])
        except orjson.JSONDecodeError:
            return None
        return table

    def rest(self, raw: bytes) -> Raw | None:
        """Everything but the projects table's records, parsed (their table left empty)."""
        opening, closing = self.table
        if raw[opening:opening + 1] != b"{" or raw[closing:closing + 1] != b"}":
            return None
        try:
            found = orjson.loads(raw[:opening + 1] + raw[closing:])
        except orjson.JSONDecodeError:
            return None
        return found if isinstance(found, dict) else None


def path_of(db: Path) -> Path:
    return trust.stamp_path(db).with_suffix(".rows")


def spans_of(raw: bytes, items: Sequence[tuple[str, Raw]]) -> tuple[dict[str, tuple[int, int]], int, int] | None:
    """Where each project record lies in ``raw`` (the projects table as ``dump_json`` writes
    it), each checked byte for byte, and where the table's braces are; None when the bytes
    are anything else."""
    if not items:
        return None
    marker = b'\n  "projects": {'
    pos = raw.find(marker)
    if pos < 0:
        return None
    opening = pos + len(marker) - 1
    pos += len(marker)
    spans: dict[str, tuple[int, int]] = {}
    dumps, indent2 = orjson.dumps, orjson.OPT_INDENT_2
    separator = b""
    for code, record in items:
        key = separator + INDENT + dumps(code) + b": "
        if raw[pos:pos + len(key)] != key:
            return None
        start = pos + len(key)
        text = dumps(record, option=indent2).replace(b"\n", INDENT)
        end = start + len(text)
        if raw[start:end] != text:
            return None
        spans[code] = (start, end)
        pos, separator = end, b","
    return (spans, opening, pos + 3) if raw[pos:pos + 4] == b"\n  }" else None


def write(db: Path, seal: trust.Seal, raw: bytes, items: Sequence[tuple[str, Raw]], rows: Sequence[Row]) -> bool:
    """Keep the snapshot of the file version ``seal`` (whose bytes are ``raw``, its projects
    ``items`` in the file's order, their query ``rows``). False when the bytes do not match
    (another version by now) or the cache cannot be written: nothing is kept then."""
    if seal.crc != zlib.crc32(raw) or len(rows) != len(items):
        return False
    found = spans_of(raw, items)
    if found is None:
        return False
    spans, opening, closing = found
    payload = marshal.dumps((snapshot_fields(rows), list(spans), [s for pair in spans.values() for s in pair],
                             (opening, closing)))
    header = orjson.dumps({**trust.entry(db, seal), "format": FORMAT, "payload_crc": zlib.crc32(payload)})
    target = path_of(db)
    for left in target.parent.glob(f".{target.name}.*.tmp"):  # of a writer that was stopped mid-write
        with suppress(OSError):
            left.unlink()
    return trust.put(target, MAGIC + header + b"\n" + payload, private=True)


def _header(blob: bytes) -> tuple[dict[str, Any], int] | None:
    if not blob.startswith(MAGIC):
        return None
    line_end = blob.find(b"\n", len(MAGIC))
    try:
        header = orjson.loads(blob[len(MAGIC):line_end])
    except orjson.JSONDecodeError:
        return None
    return (header, line_end + 1) if isinstance(header, dict) else None


def current(db: Path, seal: trust.Seal) -> bool:
    """Whether the snapshot kept is of this file version (its header alone read)."""
    try:
        with open(path_of(db), "rb") as fh:
            found = _header(fh.read(4096))
    except OSError:
        return False
    if found is None:
        return False
    header = found[0]
    return header.get("format") == FORMAT and {k: v for k, v in header.items()
                                               if k not in ("format", "payload_crc")} == trust.entry(db, seal)


def read(db: Path, seal: trust.Seal) -> Snapshot | None:
    """The snapshot of exactly this file version (None: none, another, damaged or foreign)."""
    try:
        fd = open_regular(path_of(db), os.O_RDONLY)
    except (OSError, FileRefused):
        return None
    try:
        st = os.fstat(fd)
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None  # only the user's own file, which nobody else can change, is unmarshalled
        with os.fdopen(fd, "rb", closefd=False) as fh:
            blob = fh.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    found = _header(blob)
    if found is None:
        return None
    header, start = found
    payload = memoryview(blob)[start:]
    if (header.pop("format", None) != FORMAT
            or header.pop("payload_crc", None) != zlib.crc32(payload) or header != trust.entry(db, seal)):
        return None
    with suppress(ValueError, EOFError, TypeError):
        data, codes, bounds, (opening, closing) = marshal.loads(payload)
        if len(codes) == len(data) and len(bounds) == 2 * len(codes):
            it = iter(bounds)
            return Snapshot(data, dict(zip(codes, zip(it, it, strict=True), strict=True)), (opening, closing))
    return None

