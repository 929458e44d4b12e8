"""Where the database is: ``--db``, else ``$PORTFOLIO_DB``, else the checkout's
``data/projects.json``, else a per-user copy of the bundled data (installed from a wheel)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV_VAR = "PORTFOLIO_DB"
PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DB = PACKAGE_DIR.parent / "data" / "projects.json"
BUNDLED_DB = PACKAGE_DIR / "bundled" / "projects.json"


def user_db() -> Path:
    import platformdirs  # only when there is no checkout: not on every start

    return platformdirs.user_data_path("portfolio", appauthor=False) / "projects.json"


def checkout_db() -> Path | None:
    """The checkout's database when running from a checkout (an editable install)."""
    if CHECKOUT_DB.exists() and (PACKAGE_DIR.parent / "pyproject.toml").exists():
        return CHECKOUT_DB
    return None


def default_db() -> Path:
    checkout = checkout_db()
    if checkout is not None:
        return checkout
    target = user_db()
    if not target.exists() and BUNDLED_DB.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BUNDLED_DB, target)
    return target


def resolve_db(cli_value: str | os.PathLike[str] | None = None) -> Path:
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return default_db()
