"""The one guard for every file a command or the UI writes (exports, reviews, progress forms).

An output path is refused when it is (or, through a symlink, a hard link or another relative
path, names) the open database or one of its companion files (lock, journal, temp files), the
settings file, a
folder, a FIFO, a device, a socket or a symlink — unless ``--force`` names that very path.
Regular files are written atomically (temp file + fsync + ``os.replace``); a forced FIFO or
device is written into, never replaced; a forced symlink keeps its link and its target is
replaced.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PortfolioError
from ..i18n import _
from ..store.storage import atomic_write, open_databases


class OutputRefused(PortfolioError):
    """The output path names something that must not be overwritten."""


def _same_path(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _database_of(target: Path, st: os.stat_result | None) -> Path | None:
    """The open database that ``target`` is, or that it belongs to: its journal, its lock, the
    temporary files of its saves (``.NAME.*``), in the same folder. ``NAME.csv`` beside it is
    an export like any other."""
    from ..store.journal import SUFFIX
    from ..store.locking import lock_path

    real = Path(os.path.realpath(target))
    for db in open_databases():
        db_real = Path(os.path.realpath(db))
        if real == db_real:
            return db
        side = {db_real.name + SUFFIX, lock_path(db_real).name}
        if real.parent == db_real.parent and (real.name in side or real.name.startswith("." + db_real.name + ".")):
            return db
        if st is not None:
            try:
                db_st = os.stat(db_real)
            except OSError:
                continue
            if (db_st.st_dev, db_st.st_ino) == (st.st_dev, st.st_ino):
                return db
    return None


def _is_settings(target: Path, st: os.stat_result | None) -> bool:
    """Whether ``target`` is the settings file (or a temporary file of it)."""
    from ..settings import settings_path

    settings = Path(os.path.realpath(settings_path()))
    real = Path(os.path.realpath(target))
    if real == settings or (real.parent == settings.parent and real.name.startswith("." + settings.name + ".")):
        return True
    if st is None:
        return False
    try:
        known = os.stat(settings)
    except OSError:
        return False
    return (known.st_dev, known.st_ino) == (st.st_dev, st.st_ino)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("a FIFO")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _refuse(path: Path, why: str) -> OutputRefused:
    return OutputRefused(_("Refusing to write {path}: {why}; nothing was written (to overwrite it "
                           "anyway, add --force {path})").format(path=path, why=why))


def check_output(path: Path, force: Path | None = None) -> tuple[Path, bool]:
    """Where to write for the output ``path``: (the file to write, whether it is a regular file
    or a new one). Raises ``OutputRefused`` with a one-line reason."""
    forced = force is not None and os.path.abspath(force) == os.path.abspath(path)
    if force is not None and not forced:
        raise OutputRefused(_("--force names {force}, not the output {path}; nothing was written").format(
            force=force, path=path))
    target = path
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise OutputRefused(_("Cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if link is not None and stat.S_ISLNK(link.st_mode):
        target = Path(os.path.realpath(path))
        if not forced:
            raise _refuse(path, _("it is a symbolic link to {target}").format(target=target))
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputRefused(_("Cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputRefused(_("Cannot write {path}: it is a folder; give a file name").format(path=path))
    if not forced and _is_settings(target, st):
        raise _refuse(path, _("it is your settings file (saved filters, columns)"))
    db = _database_of(target, st)
    if db is not None and not forced:
        if _same_path(target, db):
            raise _refuse(path, _("it is the open database"))
        raise _refuse(path, _("it belongs to the open database {db}").format(db=db))
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not forced:
            raise _refuse(path, _("it is {kind}").format(kind=_kind(st.st_mode)))
        return target, False
    folder = target.parent
    if not folder.is_dir():
        raise OutputRefused(_("The folder {folder} does not exist").format(folder=folder))
    return target, True


def write_output(path: Path, payload: bytes, force: Path | None = None) -> Path:
    """Write ``payload`` to the output ``path`` after ``check_output``; returns the file written."""
    target, regular = check_output(path, force)
    if regular:
        atomic_write(target, payload)
        return target
    # a forced FIFO or device: written into, never replaced (and never blocking on a FIFO
    # without a reader)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        reason = _("no process is reading it") if exc.errno == errno.ENXIO else (exc.strerror or str(exc))
        raise OutputRefused(_("Cannot write {path}: {reason}").format(path=path, reason=reason)) from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise OutputRefused(_("Cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    finally:
        os.close(fd)
    return target


@contextmanager
def building(what: Path) -> Iterator[None]:
    """Building a file in memory may still use the temporary folder (openpyxl's write-only
    sheets): a full or unwritable TMPDIR becomes one line, and nothing is written."""
    try:
        yield
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            reason = _("the temporary folder is full")
        else:
            reason = exc.strerror or str(exc)
        raise PortfolioError(_("Cannot build {path}: {reason}; nothing was written").format(
            path=what, reason=reason)) from None
