"""The database's lock (``<db>.lock``, a file lock held while writing) and the files beside a
database: they are created with the database file's mode and group (as the umask allows), so
that a team sharing a database folder can all take the lock and append to the journal."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WriteError
from ..files import FileRefused, open_regular
from ..i18n import _

if TYPE_CHECKING:
    import filelock

LOCK_TIMEOUT = 15.0


def companion_like(db: Path) -> os.stat_result | None:
    """The database file's status (None before it exists): files beside it copy its mode and group."""
    try:
        return os.stat(db)
    except OSError:
        return None


def lock_path(db: Path) -> Path:
    return Path(str(db) + ".lock")


class DatabaseLock:
    """The lock of one database file, taken by every write."""

    def __init__(self, db: Path, timeout: float = LOCK_TIMEOUT) -> None:
        self.db = db
        self.path = lock_path(db)
        self.timeout = timeout
        self._lock: filelock.FileLock | None = None

    def _prepare(self) -> None:
        """The lock file is a regular file beside the database, never a link (locking would
        truncate its target), a FIFO or a folder; a new one takes the database's mode and group."""
        try:
            fd = open_regular(self.path, os.O_RDWR | os.O_CREAT, follow=False, like=companion_like(self.db))
        except FileRefused as exc:
            raise WriteError(_("Cannot lock {path}: {reason}").format(path=self.path, reason=exc.reason)) from None
        except PermissionError:
            raise WriteError(_("Cannot save {path}: permission denied").format(path=self.db)) from None
        except OSError as exc:
            raise WriteError(_("Cannot lock {path}: {reason}").format(
                path=self.path, reason=exc.strerror or str(exc))) from None
        os.close(fd)

    @contextmanager
    def held(self) -> Iterator[None]:
        import filelock  # imported with the first write: reading and browsing never lock

        if self._lock is None:
            self._lock = filelock.FileLock(str(self.path), timeout=self.timeout)
        if not self._lock.is_locked:
            self._prepare()
        try:
            with self._lock:
                yield
        except filelock.Timeout:
            raise WriteError(
                _("The database {path} is locked by another process; try again.").format(path=self.db)
            ) from None
        except PermissionError:
            raise WriteError(_("Cannot save {path}: permission denied").format(path=self.db)) from None
        except OSError as exc:  # e.g. a folder where the lock file goes
            raise WriteError(_("Cannot lock {path}: {reason}").format(
                path=self.path, reason=exc.strerror or str(exc))) from None
