"""The one guard for every file the program opens by name: the database, its journal and lock,
temporary files, the settings file, imported files, forms and exports.

* What is opened is judged on the open file (``fstat`` of the descriptor), never on a name
  looked up earlier: a folder, a FIFO, a device or a socket is refused at once. Files are
  opened non-blocking, so that a FIFO without a writer cannot hang the open, and made
  blocking again once they are known to be regular files.
* ``follow=False`` refuses a symbolic link as the last part of the name (``O_NOFOLLOW``):
  for the files beside a database (journal, lock), where following a link would write
  somewhere else. Where a link is welcome (the database, the settings file) it is resolved
  once (``resolve_link``) and the target is then opened without following again.
* Reads are bounded: a size limit is checked on the open file and again while reading (a
  file that grows meanwhile is refused, not read for ever).
* Files created beside another file (a journal or lock beside its database, a temporary
  file beside the file it replaces) take that file's mode (as the umask allows) and group,
  so that a team sharing a database folder can all write them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from .errors import PortfolioError
from .i18n import _


class FileRefused(PortfolioError):
    """A path that names something other than a regular file, or a file beyond a limit.
    ``reason`` is the phrase without the path (callers put it into their own messages)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(_("{path}: {reason}").format(path=path, reason=reason))


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return _("it is a folder, not a regular file")
    if stat.S_ISFIFO(mode):
        return _("it is a FIFO (a named pipe), not a regular file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("it is a device, not a regular file")
    if stat.S_ISSOCK(mode):
        return _("it is a socket, not a regular file")
    if stat.S_ISLNK(mode):
        return _("it is a symbolic link, which is not followed here")
    return _("it is not a regular file")


def check_regular(path: Path, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(path, kind_of(st.st_mode))


def resolve_link(path: Path) -> Path:
    """The file a path names, a symbolic link followed once (here); other paths unchanged."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def open_regular(path: Path, flags: int, *, follow: bool = True, like: os.stat_result | None = None) -> int:
    """A descriptor of the regular file ``path`` opened with ``flags`` (``O_CREAT`` creates it
    with ``like``'s mode and group, as the umask allows; else 0666 less the umask).

    Raises ``FileRefused`` for anything but a regular file (and for a symbolic link when
    ``follow`` is false), ``OSError`` for the rest (``FileNotFoundError`` as such)."""
    extra = os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    mode = (like.st_mode & 0o666) if like is not None else 0o666
    creating = False
    try:
        if flags & os.O_CREAT:
            try:  # exclusive first: then this process made it (and gives it its group)
                fd = os.open(path, flags | os.O_EXCL | extra, mode)
                creating = True
            except FileExistsError:
                fd = os.open(path, (flags & ~os.O_CREAT) | extra)
        else:
            fd = os.open(path, flags | extra)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise FileRefused(path, kind_of(stat.S_IFLNK)) from None
        if exc.errno == errno.ENXIO:  # a FIFO opened for writing with no reader, a socket
            found = stat_or_none(path)
            raise FileRefused(path, kind_of(found.st_mode if found else stat.S_IFSOCK)) from None
        if exc.errno == errno.EISDIR:
            raise FileRefused(path, kind_of(stat.S_IFDIR)) from None
        raise
    try:
        st = os.fstat(fd)
        check_regular(path, st)
        os.set_blocking(fd, True)
        if creating and like is not None and st.st_gid != like.st_gid:
            keep_group(fd, like.st_gid)
    except BaseException:
        os.close(fd)
        raise
    return fd


def keep_group(fd: int, gid: int) -> None:
    """Give the file the group ``gid`` when this user may (a member of it); else leave it."""
    with contextlib.suppress(OSError):
        os.fchown(fd, -1, gid)


def read_bounded(path: Path, limit: int, *, follow: bool = True) -> bytes:
    """The whole regular file, at most ``limit`` bytes (``FileRefused`` beyond)."""
    fd = open_regular(path, os.O_RDONLY, follow=follow)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise too_big(path, size, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise too_big(path, total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def too_big(path: Path, size: int, limit: int) -> FileRefused:
    mib = 1024 * 1024
    if limit >= mib:
        return FileRefused(path, _("it is over {limit} MB (the limit for this file)").format(limit=limit // mib))
    return FileRefused(path, _("it holds {size} bytes; the limit for this file is {limit}").format(
        size=size, limit=limit))


def stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def create_temp(folder: Path, prefix: str, suffix: str = ".tmp") -> tuple[int, str]:
    """A new temporary file in ``folder`` (created exclusively, never through a link), mode
    0666 less the umask: ``(descriptor, path)``."""
    import secrets

    for _attempt in range(100):
        name = os.path.join(folder, f"{prefix}{secrets.token_hex(4)}{suffix}")
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        return fd, name
    raise FileExistsError(errno.EEXIST, _("no free temporary file name"), str(folder))
