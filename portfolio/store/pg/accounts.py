"""Accounts of a server database: names, roles, units and argon2 password hashes (never the
password). An empty ``accounts`` table means the database is open to whoever reaches it (as
a file is); once an account exists, every connection logs in."""

from __future__ import annotations

import os
import sys
from typing import Any

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ...errors import LoginError as LoginError  # (re-exported: accounts.LoginError)
from ...errors import LoginNeeded as LoginNeeded
from ...errors import PortfolioError
from ...i18n import _
from ...rights import ROLES, Account
from .connect import shown

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if not password:
        raise PortfolioError(_("the password must not be empty"))
    return _hasher.hash(password)


def any_accounts(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT exists (SELECT 1 FROM accounts)").fetchone()
    return bool(row and row[0])


def has_accounts(url: str) -> bool:
    """Whether the URL's database exists, holds a portfolio and has accounts (a database that
    is not there, or holds none yet, has none)."""
    from .connect import connection, database_exists
    from .schema import current_version

    if not database_exists(url):
        return False
    with connection(url) as conn:
        if current_version(conn) is None:
            return False
        row = conn.execute("SELECT to_regclass('accounts') IS NOT NULL").fetchone()
        return bool(row and row[0]) and any_accounts(conn)


def find(conn: psycopg.Connection[Any], name: str) -> tuple[Account, str] | None:
    row = conn.execute("SELECT name, role, unit, hash FROM accounts WHERE name = %s", (name,)).fetchone()
    if row is None:
        return None
    return Account(row[0], row[1], row[2]), row[3]


def stored_hash(conn: psycopg.Connection[Any], name: str) -> str | None:
    row = conn.execute("SELECT hash FROM accounts WHERE name = %s", (name,)).fetchone()
    return str(row[0]) if row else None


def verify(conn: psycopg.Connection[Any], url: str, name: str, password: str) -> Account:
    """The account when ``password`` is its own; ``LoginError`` otherwise (the same words for
    an unknown name and a wrong password)."""
    found = find(conn, name)
    wrong = LoginError(_("{db}: wrong user name or password for {name}").format(db=shown(url), name=name))
    if found is None:
        _hasher.hash(password or "-")  # as long as a real check: the answer's time tells nothing
        raise wrong
    account, stored = found
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise wrong from None
    if _hasher.check_needs_rehash(stored):
        conn.execute("UPDATE accounts SET hash = %s WHERE name = %s", (_hasher.hash(password), name))
    return account


def password_from_environment(url: str, name: str, interactive: bool = True) -> str:
    """``$PORTFOLIO_PASSWORD``, else asked on the terminal (``interactive``); ``LoginError``
    when neither."""
    password = os.environ.get("PORTFOLIO_PASSWORD")
    if password is not None:
        return password
    if interactive and sys.stdin is not None and sys.stdin.isatty():
        import getpass

        from ...tracking import paused

        with paused():  # asked before the progress line would hide the prompt
            return getpass.getpass(_("Password of {name} for {db}: ").format(name=name, db=shown(url)))
    raise LoginNeeded(_("{db} needs a login: set PORTFOLIO_USER and PORTFOLIO_PASSWORD").format(db=shown(url)))


def known_unit(conn: psycopg.Connection[Any], unit: str) -> str:
    """The directory's name for ``unit`` (an alias resolved); a ``PortfolioError`` naming close
    matches when neither the units directory nor any project or task names it (a reporter
    of an unknown unit could report nothing)."""
    import difflib

    from psycopg import sql

    from ...rights import UNIT_FIELDS
    from ...units import Directory
    from .records import unit_directory
    from .schema import table

    observed: list[str] = []
    for kind in ("project", "task"):
        for key in UNIT_FIELDS:
            rows = conn.execute(sql.SQL(
                "SELECT DISTINCT u FROM {}, jsonb_array_elements_text(CASE WHEN jsonb_typeof(data->%s) = 'array' "
                "THEN data->%s ELSE '[]'::jsonb END) AS u").format(table(kind)), (key, key)).fetchall()
            observed += [str(r[0]) for r in rows]
    directory = Directory(unit_directory(conn).entries.values(), observed)
    canonical = directory.canonical(unit)
    known = directory.known_names()
    if canonical in known:
        return canonical
    close = difflib.get_close_matches(unit, known, n=3, cutoff=0.5)
    if close:
        raise PortfolioError(_("the unit {unit} is not in the units directory; did you mean {close}?").format(
            unit=unit, close=_("、").join(close)))
    raise PortfolioError(_("the unit {unit} is not in the units directory nor named by any project or task; "
                           "see 'portfolio units'").format(unit=unit))


def add(conn: psycopg.Connection[Any], name: str, role: str, unit: str | None, password: str) -> None:
    if role not in ROLES:
        raise PortfolioError(_("unknown role {role}; use one of {roles}").format(role=role, roles=", ".join(ROLES)))
    if role == "reporter" and not unit:
        raise PortfolioError(_("a reporter needs --unit, the unit it reports for"))
    if unit:
        unit = known_unit(conn, unit)
    if find(conn, name) is not None:
        raise PortfolioError(_("the account {name} already exists").format(name=name))
    conn.execute("INSERT INTO accounts (name, role, unit, hash) VALUES (%s, %s, %s, %s)",
                 (name, role, unit or None, hash_password(password)))


def listing(conn: psycopg.Connection[Any]) -> list[tuple[Account, Any]]:
    rows = conn.execute("SELECT name, role, unit, created FROM accounts ORDER BY name").fetchall()
    return [(Account(n, r, u), c) for n, r, u, c in rows]


def set_password(conn: psycopg.Connection[Any], name: str, password: str) -> None:
    if conn.execute("UPDATE accounts SET hash = %s WHERE name = %s", (hash_password(password), name)).rowcount == 0:
        raise PortfolioError(_("no account {name}").format(name=name))


ACCOUNTS_LOCK = 0x61636374  # advisory lock key of account changes ("acct")


def remove(conn: psycopg.Connection[Any], name: str) -> None:
    """Remove an account; never the last planner (nobody could manage the accounts then)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (ACCOUNTS_LOCK,))
        found = find(conn, name)
        if found is None:
            raise PortfolioError(_("no account {name}").format(name=name))
        if found[0].role == "planner":
            row = conn.execute("SELECT count(*) FROM accounts WHERE role = 'planner'").fetchone()
            if row is not None and int(row[0]) <= 1:
                raise PortfolioError(_("{name} is the last planner: nobody could manage the accounts "
                                       "without one; add another planner first").format(name=name))
        conn.execute("DELETE FROM accounts WHERE name = %s", (name,))
