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

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import _

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


@dataclass
class Settings:
    """The settings as read; ``data`` is the JSON object, ``warning`` a one-line message when
    the file could not be used."""

    data: dict[str, Any] = field(default_factory=dict)
    warning: str | None = None

    # -- typed views ---------------------------------------------------------------------
    def columns(self, kind: str) -> list[str] | None:
        value = self.data.get("columns", {}).get(kind)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        return None

    def history(self) -> list[str]:
        value = self.data.get("filter_history", [])
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def saved_filters(self) -> dict[str, str]:
        value = self.data.get("saved_filters", {})
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}

    def export_choice(self) -> tuple[str | None, str | None]:
        """(last format, last folder) of the export dialog."""
        value = self.data.get("export", {})
        if not isinstance(value, dict):
            return None, None
        fmt, folder = value.get("format"), value.get("folder")
        return (fmt if isinstance(fmt, str) else None, folder if isinstance(folder, str) else None)


def load(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(warning=_("Settings {path} cannot be read ({error}); using the defaults").format(
            path=path, error=exc.strerror or exc))
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return Settings(warning=_("Settings {path} are not valid JSON (line {line}); using the defaults").format(
            path=path, line=getattr(exc, "lineno", "?")))
    if not isinstance(data, dict):
        return Settings(warning=_("Settings {path} do not hold an object; using the defaults").format(path=path))
    return Settings(data)


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def update(change: Callable[[dict[str, Any]], None], path: Path | None = None) -> Settings:
    """Re-read the file, apply ``change`` to its data, write it back atomically. A corrupt
    file is replaced by the defaults plus this change (its warning was shown on load).
    Raises ``OSError`` when the folder cannot be written."""
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
        table = data.setdefault("columns", {})
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
