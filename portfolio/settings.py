"""Per-user settings: the columns of each list, the filter history, saved filters, the last
export choice. One small JSON file in the user's config folder (platformdirs), or in
``$PORTFOLIO_CONFIG_DIR`` (tests, portable set-ups).

Written atomically (a temporary file beside it, fsync, ``os.replace``): a crash leaves the old
file or the new one. Every change re-reads the file first, so two windows adding to the
filter history both keep their entries. A corrupt or unreadable file never stops the
program: ``load`` returns the defaults with a one-line warning (``Settings.warning``), and the
file is only replaced by the next change the user makes.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .errors import PortfolioError, WriteError
from .files import FileRefused, read_bounded, resolve_link
from .i18n import _
from .limits import MAX_SETTINGS_BYTES
from .store.storage import atomic_write

ENV_VAR = "PORTFOLIO_CONFIG_DIR"
FILE_NAME = "settings.json"
HISTORY_LIMIT = 100


def config_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    import platformdirs  # only when needed (start-up time)

    return platformdirs.user_config_path("portfolio", appauthor=False)


def settings_path() -> Path:
    return config_dir() / FILE_NAME


class SettingsError(PortfolioError, OSError):
    """The settings cannot be saved (one line; an ``OSError`` too, for callers that report a
    folder that cannot be written)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# the shape of each known key: a value of another shape is dropped (with a warning)
def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


SHAPES: dict[str, Callable[[Any], bool]] = {
    "columns": lambda v: isinstance(v, dict) and all(_str_list(c) for c in v.values()),
    "filter_history": _str_list,
    "saved_filters": lambda v: isinstance(v, dict) and all(isinstance(q, str) for q in v.values()),
    "export": lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
}


@dataclass
class Settings:
    """The settings as read; ``data`` is the JSON object, ``warning`` a one-line message when
    the file (or a part of it) could not be used."""

    data: dict[str, Any] = field(default_factory=dict)
    warning: str | None = None

    def _table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}

    # -- typed views ---------------------------------------------------------------------
    def columns(self, kind: str) -> list[str] | None:
        value = self._table("columns").get(kind)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        return None

    def history(self) -> list[str]:
        value = self.data.get("filter_history", [])
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def saved_filters(self) -> dict[str, str]:
        value = self._table("saved_filters")
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}

    def export_choice(self) -> tuple[str | None, str | None]:
        """(last format, last folder) of the export dialog."""
        value = self._table("export")
        fmt, folder = value.get("format"), value.get("folder")
        return (fmt if isinstance(fmt, str) else None, folder if isinstance(folder, str) else None)


def _defaults(path: Path, reason: str) -> Settings:
    return Settings(warning=_("Settings {path} cannot be used ({reason}); using the defaults").format(
        path=path, reason=reason))


def load(path: Path | None = None) -> Settings:
    """The settings; anything wrong with the file (not a regular file, a link to one, too
    big, not UTF-8 JSON, nested too deep, a key of the wrong shape) is one warning and the
    defaults (for that key), never an error: settings are a convenience."""
    path = path or settings_path()
    try:
        raw = read_bounded(resolve_link(path), MAX_SETTINGS_BYTES, follow=False)
    except FileNotFoundError:
        return Settings()
    except FileRefused as exc:
        return _defaults(path, exc.reason)
    except OSError as exc:
        return _defaults(path, str(exc.strerror or exc))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return Settings(warning=_("Settings {path} are not valid JSON (line {line}); using the defaults").format(
            path=path, line=getattr(exc, "lineno", "?")))
    if not isinstance(data, dict):
        return Settings(warning=_("Settings {path} do not hold an object; using the defaults").format(path=path))
    bad = [key for key, fits in SHAPES.items() if key in data and not fits(data[key])]
    for key in bad:
        del data[key]
    if bad:
        return Settings(data, _("Settings {path}: \"{key}\" is not what it should be; using its default").format(
            path=path, key=bad[0]))
    return Settings(data)


def _write(path: Path, data: dict[str, Any]) -> None:
    """Replace the settings file atomically; a symbolic link is kept (its target is written),
    anything but a regular file is refused."""
    target = resolve_link(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = (_("{folder} is not a folder").format(folder=target.parent)
                  if exc.errno in (errno.EEXIST, errno.ENOTDIR) else exc.strerror or str(exc))
        raise SettingsError(_("Cannot save the settings {path}: {reason}").format(path=path, reason=reason)) from None
    try:
        atomic_write(target, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    except WriteError as exc:
        raise SettingsError(_("The settings were not saved: {reason}").format(reason=exc)) from None
    except OSError as exc:
        raise SettingsError(_("Cannot save the settings {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


def update(change: Callable[[dict[str, Any]], None], path: Path | None = None) -> Settings:
    """Re-read the file, apply ``change`` to its data, write it back atomically. A corrupt
    file is replaced by the defaults plus this change (its warning was shown on load).
    Raises ``SettingsError`` (an ``OSError``) when the file cannot be written."""
    path = path or settings_path()
    current = load(path)
    data = current.data
    change(data)
    _write(path, data)
    return Settings(data)


# -- the changes the program makes ---------------------------------------------------------------
def set_columns(kind: str, columns: list[str] | None) -> Settings:
    """Keep the shown columns of a list (``None``: back to the defaults)."""
    def change(data: dict[str, Any]) -> None:
        table = data.get("columns")
        if not isinstance(table, dict):
            table = data["columns"] = {}
        if columns is None:
            table.pop(kind, None)
        else:
            table[kind] = list(columns)
    return update(change)


def push_history(query: str) -> Settings:
    """Add a query to the filter history (newest last, no repeats, at most ``HISTORY_LIMIT``)."""
    query = query.strip()

    def change(data: dict[str, Any]) -> None:
        history = [h for h in Settings(data).history() if h != query]
        history.append(query)
        data["filter_history"] = history[-HISTORY_LIMIT:]
    if not query:
        return load()
    return update(change)


def set_saved_filter(name: str, query: str | None) -> Settings:
    """Save (or, with ``None``, delete) a named filter."""
    def change(data: dict[str, Any]) -> None:
        saved = Settings(data).saved_filters()
        if query is None:
            saved.pop(name, None)
        else:
            saved[name] = query
        data["saved_filters"] = saved
    return update(change)


def set_export_choice(fmt: str, folder: str) -> Settings:
    def change(data: dict[str, Any]) -> None:
        data["export"] = {"format": fmt, "folder": folder}
    return update(change)
