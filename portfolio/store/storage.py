"""A crash-safe TinyDB storage: UTF-8 JSON written by temp file + fsync + ``os.replace``.

TinyDB's own ``JSONStorage`` rewrites the file in place (a kill mid-write leaves new data
followed by the old tail) and re-parses the whole file on every read. This storage keeps
the parsed data in memory and re-reads only when the file on disk changed (its inode,
size or mtime), and writes atomically. ``batch()`` folds several TinyDB operations into
one write.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ..errors import DatabaseError, WriteError
from ..files import FileRefused, create_temp, keep_group, kind_of, open_regular, resolve_link
from ..i18n import _
from ..tracking import shielded
from . import snapshot, trust
from .json_parse import _parse_proved, dump_json, parse_json
from .snapshot import Snapshot

Stamp = tuple[int, int, int]


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file a database path names: a symlink is followed (once, here) so that writes
    replace the link's target, not the link, and the lock and journal are the target's."""
    return resolve_link(Path(path))


def check_regular_file(path: Path) -> os.stat_result | None:
    """The file's status when it is a regular file (None when it does not exist); a
    folder, a FIFO or a device is refused at once (reading a FIFO would hang)."""
    try:
        fd = open_regular(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except FileRefused as exc:
        raise DatabaseError(path, exc.reason) from None
    except OSError as exc:
        raise DatabaseError(path, exc.strerror or str(exc)) from None
    try:
        return os.fstat(fd)
    finally:
        os.close(fd)


def file_stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def save_error(path: Path, exc: OSError) -> WriteError:
    """The one-line error for a failed save of ``path`` (the database, its journal, an
    export): a full disk and a refused permission said as such."""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        reason = _("the disk is full")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = _("permission denied")
    else:
        reason = exc.strerror or str(exc)
    return WriteError(_("Cannot save {path}: {reason}. The previous file is unchanged.").format(
        path=path, reason=reason))


def atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves either the old or the new file; an
    interrupt (``ctrl+c``) waits until it is written (``tracking.shielded``), so no temp file is
    left behind and the command knows what it wrote."""
    with shielded():
        _atomic_write(path, payload)


def _atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves either the old or the new file.

    Temp file in the same folder (created exclusively, never through a link), flush + fsync,
    ``os.replace``, fsync of the folder. The new file keeps the old one's mode and group (a
    new file: 0666 less the umask, the folder's group in a setgid folder). On failure (disk
    full, permission denied) the temp file is removed and the old file stays as it was.
    """
    folder = path.parent
    try:
        old: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise save_error(path, exc) from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise WriteError(_("Cannot save {path}: {reason}").format(path=path, reason=kind_of(old.st_mode)))
    if old is not None and not os.access(path, os.W_OK):
        raise WriteError(_("Cannot save {path}: permission denied").format(path=path))
    tmp_name: str | None = None
    try:
        fd, tmp_name = create_temp(folder, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            if old is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(old.st_mode))
                if os.fstat(fh.fileno()).st_gid != old.st_gid:
                    keep_group(fh.fileno(), old.st_gid)
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise save_error(path, exc) from None
    finally:
        if tmp_name is not None:
            with suppress(OSError):
                os.unlink(tmp_name)


_OPEN: weakref.WeakSet[AtomicJSONStorage] = weakref.WeakSet()


def open_databases() -> list[Path]:
    """The database files this process has open (the output guard never overwrites them)."""
    return [s.path for s in list(_OPEN)]


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, cached in memory, written atomically."""

    def __init__(self, path: str | Path) -> None:
        self.path = real_path(path)
        _OPEN.add(self)
        self._data: dict[str, Any] | None = None
        self.stamp: Stamp | None = None
        # the version of the file the data was read from or written as, and the kinds of
        # records proved valid in it (``trust``: a stamp from an earlier read, or this process)
        self.seal: trust.Seal | None = None
        self.valid: frozenset[str] = frozenset()
        self._pending: bytes | None = None  # a quick load's bytes, parsed when first needed
        self._snapshot: Snapshot | None = None
        self._completing = threading.Lock()
        self._batch_depth = 0
        self._dirty = False

    # -- TinyDB's Storage interface ------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._pending is not None:
            self.complete_quick()
        if self._data is not None and (self._batch_depth or self.stamp == file_stamp(self.path)):
            return self._data
        return self.load()

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self._batch_depth:
            self._dirty = True
        else:
            self._flush()

    def close(self) -> None:
        pass

    # -- our own --------------------------------------------------------------------
    def load(self) -> dict[str, Any] | None:
        """Read and parse the file now (``None`` when it does not exist)."""
        read = self._read()
        if read is None:
            return None
        st, raw = read
        seal = trust.seal_of(st, raw)
        return self._parse(raw, seal, trust.proved(self.path, seal), st)

    def load_quick(self) -> Snapshot | None:
        """Read the file; when it was proved valid and has a row snapshot (``snapshot``), keep
        its bytes unparsed and return the snapshot; else parse it as ``load`` does (None)."""
        read = self._read()
        if read is None:
            return None
        st, raw = read
        seal = trust.seal_of(st, raw)
        known = trust.proved(self.path, seal)
        found = snapshot.read(self.path, seal) if "project" in known else None
        if found is None:
            self._parse(raw, seal, known, st)
            return None
        self._data, self._pending, self._snapshot = None, raw, found
        self.stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        self.seal, self.valid = seal, known
        return found

    def quick_record(self, code: str) -> dict[str, Any] | None:
        """One project record of a quick load not completed yet, parsed from its own bytes
        (None: completed, or not there)."""
        raw, found = self._pending, self._snapshot
        return found.record(memoryview(raw), code) if raw is not None and found is not None else None

    def complete_quick(self) -> dict[str, Any] | None:
        """The data of a quick load, its bytes parsed now if they were not: the projects table
        record by record (a thread doing this lets the others run between records), the rest
        at once. The file is not read again (``read`` does when it changed)."""
        with self._completing:
            raw, found = self._pending, self._snapshot
            if raw is None or found is None:
                return self._data
            data = found.rest(raw)
            table = found.records(memoryview(raw)) if data is not None else None
            if data is None or table is None:  # not the bytes the snapshot describes: parse them all
                data = _parse_proved(raw)
                if not isinstance(data, dict):
                    raise DatabaseError(self.path, _("the top level must be a JSON object"))
            else:
                data["projects"] = table
            self._data, self._pending, self._snapshot = data, None, None
            return data

    def _parse(self, raw: bytes, seal: trust.Seal, known: frozenset[str], st: os.stat_result) -> dict[str, Any]:
        data = _parse_proved(raw) if known else None
        if data is None:
            known = frozenset()
            data = parse_json(raw, self.path)
        if not isinstance(data, dict):
            raise DatabaseError(self.path, _("the top level must be a JSON object"))
        self._pending = self._snapshot = None
        self._data, self.stamp = data, (st.st_ino, st.st_size, st.st_mtime_ns)
        self.seal, self.valid = seal, known
        return data

    def _read(self) -> tuple[os.stat_result, bytes] | None:
        try:
            fd = open_regular(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self._data, self.stamp, self._pending, self._snapshot = None, None, None, None
            self.seal, self.valid = None, frozenset()
            return None
        except FileRefused as exc:
            raise DatabaseError(self.path, exc.reason) from None
        except OSError as exc:
            raise DatabaseError(self.path, exc.strerror or str(exc)) from None
        try:
            st = os.fstat(fd)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read()
        except OSError as exc:
            raise DatabaseError(self.path, exc.strerror or str(exc)) from None
        finally:
            os.close(fd)
        return st, raw

    def proved_valid(self, seal: trust.Seal | None, kinds: frozenset[str]) -> None:
        """The records of ``kinds`` in the file version ``seal`` were validated: stamp it, so
        that the next read of the same bytes need not validate them again."""
        if seal is None or seal != self.seal or kinds <= self.valid:
            return
        self.valid |= kinds
        trust.remember(self.path, seal, self.valid)

    def remove_stale_temp_files(self) -> int:
        """Remove temp files left by a writer that was killed mid-save. Call it only while
        holding the database lock (no other writer can be mid-save then)."""
        removed = 0
        for tmp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
        return removed

    def changed_on_disk(self) -> bool:
        return self.stamp != file_stamp(self.path)

    def invalidate(self) -> None:
        """Forget the cached data (it was changed in memory and not written): the next read
        comes from disk."""
        self._data, self.stamp, self._pending, self._snapshot = None, None, None, None
        self.seal, self.valid = None, frozenset()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the writes of several operations into one atomic write."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._dirty:
                # drop the half-applied changes: the next read comes from disk
                self._dirty = False
                self._data = None
                self.seal, self.valid = None, frozenset()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            self._flush()

    def _flush(self) -> None:
        assert self._data is not None
        payload = dump_json(self._data)
        try:
            atomic_write(self.path, payload)
        except WriteError:
            self._data = None  # memory no longer matches the file: re-read next time
            self.stamp = None
            self.seal, self.valid = None, frozenset()
            raise
        # what we wrote is strict JSON; the kinds valid in what we read stay valid (the
        # repository validates every record it writes): stamp the new version
        try:
            st = os.stat(self.path)
        except OSError:
            self.stamp, self.seal, self.valid = None, None, frozenset()
            return
        self.stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        self.seal = trust.seal_of(st, payload)
        if self.valid and st.st_size == len(payload):  # else another writer came between
            trust.remember(self.path, self.seal, self.valid)
