"""Every field of a journal line checked before use: the journal is evidence, and undo acts on
it. A line is a change line (``seq``, ``group``, ``time``, ``author``, ``session``, ``action``,
``kind``, ``code``, ``before``, ``after``, optional ``reverts`` and ``note``), a ``rollback``
line (``seq``, ``from``, ``to``) or a ``torn`` marker (``offset``: where a line torn by a killed
writer starts; the next writer adds it, so that readers know the line was never a change).

``check`` returns the fields of a ``JournalEntry`` (or a rollback range, or a torn offset), or
raises ``BadLine`` with the reason in words. Times with a zone are taken as the same moment in
local time (the journal writes local times without a zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..i18n import _
from .kinds import KINDS

MAX_SEQ = 2**63 - 1  # the largest number a line may carry (an SQL bigint)
MAX_TEXT = 20_000  # author, session, note, code: far above any real one
ACTION = re.compile(r"[a-z][a-z_]{0,39}")


class BadLine(ValueError):
    """A journal line that cannot be used; ``str()`` is the reason."""


@dataclass(frozen=True)
class Rollback:
    first: int
    last: int


@dataclass(frozen=True)
class Torn:
    offset: int


def whole(line: dict[str, Any], key: str, *, required: bool = True, low: int = 1) -> int | None:
    value = line.get(key)
    if value is None and not required:
        return None
    if type(value) is not int or not low <= value <= MAX_SEQ:
        raise BadLine(_("\"{field}\" must be a whole number from {low} to {high}").format(
            field=key, low=low, high=MAX_SEQ))
    return value


def text(line: dict[str, Any], key: str, default: str = "") -> str:
    value = line.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise BadLine(_("\"{field}\" must be a text").format(field=key))
    return value


def record(line: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = line.get(key)
    if value is not None and not isinstance(value, dict):
        raise BadLine(_("\"{field}\" must be an object of fields or null").format(field=key))
    return value


def moment(line: dict[str, Any]) -> datetime:
    value = line.get("time")
    if not isinstance(value, str) or len(value) > 64:
        raise BadLine(_("\"time\" must be a date and time"))
    try:
        when = datetime.fromisoformat(value)
        if when.tzinfo is not None:
            when = when.astimezone().replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        raise BadLine(_("\"time\" is not a date and time: {value}").format(value=value[:40])) from None
    return when


def check(line: Any) -> Any:
    """The line's meaning: the fields of a ``JournalEntry`` (a dict), a ``Rollback`` or a
    ``Torn`` marker."""
    if not isinstance(line, dict):
        raise BadLine(_("not a JSON object"))
    if line.get("action") == "torn" and "seq" not in line:
        offset = whole(line, "offset", low=0)
        assert offset is not None
        return Torn(offset)
    seq = whole(line, "seq")
    assert seq is not None
    action = line.get("action")
    if not isinstance(action, str) or not ACTION.fullmatch(action):
        raise BadLine(_("\"action\" must be a word such as update"))
    if action == "rollback":
        first, last = whole(line, "from"), whole(line, "to")
        assert first is not None and last is not None
        if first > last or last >= seq:
            raise BadLine(_("a rollback must name earlier lines (from ≤ to < seq)"))
        return Rollback(first, last)
    group = whole(line, "group", required=False) or seq
    if group > seq:
        raise BadLine(_("\"group\" cannot be later than \"seq\""))
    kind = text(line, "kind", "project")
    if kind not in KINDS:
        raise BadLine(_("unknown record kind \"{kind}\"").format(kind=kind[:40]))
    before, after = record(line, "before"), record(line, "after")
    reverts = whole(line, "reverts", required=action in ("undo", "redo"))
    if reverts is not None and reverts >= seq:
        raise BadLine(_("\"reverts\" must name an earlier step"))
    code = text(line, "code")
    if action != "create" and (not code or (before is None and after is None)):
        raise BadLine(_("a change needs a record code and the fields before or after it"))
    return {"seq": seq, "group": group, "time": moment(line), "author": text(line, "author"),
            "session": text(line, "session"), "action": action, "kind": kind, "code": code,
            "before": before, "after": after, "reverts": reverts, "note": text(line, "note")}
