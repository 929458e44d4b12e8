"""Proofs that a database file was fully checked: a small stamp per file in the user's cache
folder, so that a file read again byte for byte as it was is not checked again.

Reading a 100,000-project file spends more time proving it valid (the duplicate-key check,
pydantic's validation of every record) than parsing it. A stamp is written after a read that
checked the file strictly and validated a kind's records, and after every save by this
program; it names the file (its real path, device, inode, size and modification time) and
its content (a CRC-32 of the bytes read: 0.05 s for 100 MB), the kinds of records proved
valid and the rules they were proved against (a digest of the modules that define what a
stored record must be, so that a program with other rules checks again). A read whose file
matches its stamp in every part skips those checks; any difference — a hand edit, even of
the same size with the old time restored, a copy, another version of the program — and the
file is checked in full as before, with the same messages.

The stamps live in ``$PORTFOLIO_CACHE_DIR`` (tests, portable set-ups), else the user's cache
folder (``$XDG_CACHE_HOME/portfolio`` on Linux), never beside the data. The cache is only an
optimisation: a stamp that cannot be read or written is as good as none.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import orjson

from ..files import FileRefused, create_temp, read_bounded

ENV_VAR = "PORTFOLIO_CACHE_DIR"
MAX_STAMP_BYTES = 4096
PACKAGE = Path(__file__).resolve().parent.parent
# what a stored record must be: the models and their fields, the limits, the file's layout
RULE_MODULES = ("records", "limits.py", "store/schema.py", "store/kinds.py", "store/storage.py", "store/trust.py",
                "store/json_parse.py", "store/snapshot.py")


@dataclass(frozen=True)
class Seal:
    """One version of a database file: where it is and what bytes it holds."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    crc: int


def seal_of(st: os.stat_result, raw: bytes) -> Seal:
    return Seal(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, zlib.crc32(raw))


def cache_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    import platformdirs  # only when needed (start-up time)

    return platformdirs.user_cache_path("portfolio", appauthor=False)


def stamp_path(path: Path) -> Path:
    """The stamp of the database at ``path`` (its real path: links resolved by the caller)."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:32]
    return cache_dir() / "validated" / f"{key}.json"


@cache
def rules() -> str:
    """A digest of the modules defining what a valid stored record is (read once a process)."""
    digest = hashlib.sha256()
    for name in RULE_MODULES:
        target = PACKAGE / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for f in files:
            digest.update(os.fsencode(f.relative_to(PACKAGE)))
            with suppress(OSError):
                digest.update(f.read_bytes())
    from .. import __version__

    digest.update(__version__.encode())
    return digest.hexdigest()[:32]


def entry(path: Path, seal: Seal) -> dict[str, object]:
    return {"path": os.path.abspath(path), "dev": seal.dev, "ino": seal.ino, "size": seal.size,
            "mtime_ns": seal.mtime_ns, "crc": seal.crc, "rules": rules()}


def proved(path: Path, seal: Seal) -> frozenset[str]:
    """The kinds of records proved valid in exactly this file (empty: check it in full)."""
    try:
        stored = orjson.loads(read_bounded(stamp_path(path), MAX_STAMP_BYTES))
    except (OSError, FileRefused, orjson.JSONDecodeError):
        return frozenset()
    if not isinstance(stored, dict):
        return frozenset()
    kinds = stored.pop("kinds", None)
    if stored != entry(path, seal) or not isinstance(kinds, list):
        return frozenset()
    return frozenset(k for k in kinds if isinstance(k, str))


def remember(path: Path, seal: Seal, kinds: Iterable[str]) -> None:
    """Record that this exact file was checked strictly and its ``kinds`` validated (quietly
    nothing when the cache folder cannot be written: the next read checks in full)."""
    put(stamp_path(path), orjson.dumps({**entry(path, seal), "kinds": sorted(kinds)}))


def put(target: Path, payload: bytes, private: bool = False) -> bool:
    """Write a cache file whole (a temp file replaced; ``private``: readable and writable by
    the user alone); False, quietly, when it cannot be."""
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = create_temp(target.parent, prefix=f".{target.name}.")
        with os.fdopen(fd, "wb") as fh:
            if private:
                os.fchmod(fh.fileno(), 0o600)
            fh.write(payload)
        os.replace(tmp, target)
        tmp = None
    except OSError:
        return False
    finally:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
    return True


def forget(path: Path) -> None:
    with suppress(OSError):
        stamp_path(path).unlink()
