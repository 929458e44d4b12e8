"""``portfolio filter save|list|delete``: named saved filters, used as ``--where @name`` in
every command and recalled by name in the UI (``ctrl+o``)."""

from __future__ import annotations

import argparse
from typing import Any

from .. import saved_filters, settings
from ..i18n import _
from ..text import echo
from .base import warn_settings


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("filter", parents=[common], help=_("saved filters: save, list, delete"))
    actions = p.add_subparsers(dest="filter_command", metavar="ACTION", required=True)
    s = actions.add_parser("save", parents=[common], help=_("save QUERY under NAME (use it as --where @NAME)"))
    s.add_argument("name", metavar="NAME")
    s.add_argument("query", metavar="QUERY")
    s.set_defaults(func=cmd_save)
    s = actions.add_parser("list", parents=[common], help=_("list the saved filters"))
    s.set_defaults(func=cmd_list)
    s = actions.add_parser("delete", parents=[common], help=_("delete a saved filter"))
    s.add_argument("name", metavar="NAME")
    s.set_defaults(func=cmd_delete)


def cmd_save(args: argparse.Namespace) -> int:
    loaded = settings.load()
    name = saved_filters.save(args.name, args.query)  # a refusal is one line, without the warning
    if loaded.warning:
        echo(_("Warning: {message}").format(message=loaded.warning), err=True)
    echo(_("Saved @{name}: {query}").format(name=name, query=args.query.strip()))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    filters = warn_settings().saved_filters()
    if not filters:
        echo(_("No saved filters; save one with: portfolio filter save NAME 'QUERY'"))
        return 0
    width = max(len(n) for n in filters) + 1
    for name in sorted(filters):
        echo(f"@{name:<{width}} {filters[name]}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    warn_settings()
    saved_filters.delete(args.name)
    echo(_("Deleted @{name}").format(name=args.name.strip().removeprefix("@")))
    return 0
