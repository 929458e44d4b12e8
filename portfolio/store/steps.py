"""One write step of the file backend, as pure functions over the file's data: each record's
part (``Op``) is planned against the record on disk (merged, or refused), then the step's
journal lines are made and the records put into the data (``file.py`` writes both, journal
first, under the lock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ConflictError, InvalidProject, MergeConflict, UndoRefused
from ..i18n import _
from ..progress import TRACKED, check_agreement
from ..records.issues import FieldIssue, describe_errors
from .journal import JournalEntry
from .kinds import Kind, get_kind, record_dict
from .merge import changed_fields, merge_records
from .undo import who_changed

Raw = dict[str, Any]


@dataclass
class Op:
    """One record's part of a step. ``base``/``mine`` None: an add / a delete. With
    ``overlay`` they hold only some fields, laid over the record on disk (undo, redo)."""

    kind: Kind
    code: str | None
    base: Raw | None
    mine: Raw | None
    overlay: bool = False
    reverts: JournalEntry | None = None  # undo / redo: the journal line reverted
    model: BaseModel | None = None  # mine, validated (an add: its code prefix)


@dataclass
class Planned:
    kind: Kind
    code: str
    theirs: Raw | None  # the record on disk (None: an add)
    result: Raw | None  # the record to write (None: a delete)


def validated(kind: Kind, data: Raw, code: str | None) -> BaseModel:
    try:
        return kind.model.model_validate(data)
    except ValidationError as exc:
        raise InvalidProject(describe_errors(exc), code, kind.name) from None


def issue(field_name: str, message: str) -> FieldIssue:
    return FieldIssue(field=field_name, message=message)


def stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def same(a: Raw | None, b: Raw | None) -> bool:
    """Equal apart from the store's time stamp."""
    if a is None or b is None:
        return a is b
    return a | {"updated_at": None} == b | {"updated_at": None}


def plan(data: Raw, op: Op, entries: list[JournalEntry] | None) -> Planned:
    """What ``op`` writes, against the file's ``data``; raises (nothing changed) on a conflict,
    a used code or an invalid merge."""
    kind = op.kind
    table: Raw = data.setdefault(kind.table, {})
    if op.base is None:  # add
        assert op.mine is not None
        code = op.code
        if code is None:
            code = allocate(data, kind, op)
        elif code in table:
            if op.reverts is not None:
                raise refusal(op, entries, None, table[code])
            raise InvalidProject([issue("code", _("code {code} is already used").format(code=code))], code, kind.name)
        return Planned(kind, code, None, {**op.mine, "code": code, "updated_at": stamp()})
    assert op.code is not None
    theirs = table.get(op.code)
    if theirs is None:
        if op.reverts is not None:
            raise refusal(op, entries, None, None)
        raise ConflictError(op.code)
    if op.mine is None:  # delete: only the version the caller saw
        if not same(theirs, op.base):
            if op.reverts is not None:
                raise refusal(op, entries, _first_difference(op.base, theirs), theirs)
            raise ConflictError(op.code)
        return Planned(kind, op.code, theirs, None)
    base, mine = (({**theirs, **op.base}, {**theirs, **op.mine}) if op.overlay else (op.base, op.mine))
    if same(theirs, base):
        result = mine
    else:
        result, conflicts = merge_records(base, theirs, mine)
        if conflicts:
            if op.reverts is not None:
                raise refusal(op, entries, conflicts[0].field, theirs)
            raise MergeConflict(op.code, conflicts, validated(kind, theirs, op.code), kind.name)
        result = record_dict(validated(kind, result, op.code))
        if op.reverts is None and any(result.get(k) != theirs.get(k) for k in TRACKED):
            check_agreement(result, op.code, kind.name)  # e.g. their 'completed' with my lower progress
    if same(result, theirs):
        return Planned(kind, op.code, theirs, theirs)
    return Planned(kind, op.code, theirs, {**result, "updated_at": stamp()})


def allocate(data: Raw, kind: Kind, op: Op) -> str:
    """A code never used before for the new record's prefix."""
    assert op.model is not None
    prefix = kind.prefix(op.model)
    counters = data["meta"]["schema"].get("counters", {})
    table = data.get(kind.table) or {}
    used = [int(c[len(prefix):]) for c in table if c.startswith(prefix) and c[len(prefix):].isdigit()]
    n = max([int(counters.get(kind.counter_key(prefix), 0)), *used]) + 1
    return f"{prefix}{n:02d}"


def refusal(op: Op, entries: list[JournalEntry] | None, field_name: str | None, theirs: Raw | None) -> UndoRefused:
    """Why an undo or redo cannot be written: who changed which field since, to what."""
    assert op.reverts is not None and op.code is not None
    redo = op.reverts.action == "undo"
    later = who_changed(entries or [], op.reverts.group, op.kind.name, op.code, field_name)
    who = later.author if later is not None else _("someone outside portfolio")
    name = field_name or "code"
    value = theirs.get(name) if theirs is not None else _("deleted")
    refused = UndoRefused(op.code, name, who, value, undo=not redo, kind=op.kind.name)
    refused.step = op.reverts.group
    return refused


def journal_lines(planned: list[Planned], *, action: str, reverts: int | None, committed: int, last: int,
                  author: str, session: str) -> tuple[list[Raw], int]:
    """The step's journal lines and the last ``seq``. Lines a killed writer left beyond the
    file's ``journal_seq`` (``committed``) are first marked rolled back."""
    seq = max(committed, last)
    now = stamp()
    lines: list[Raw] = []
    if last > committed:
        seq += 1
        lines.append({"seq": seq, "action": "rollback", "from": committed + 1, "to": last, "time": now})
    group = seq + 1
    for p in planned:
        seq += 1
        if p.theirs is None:
            before, after = None, p.result
        elif p.result is None:
            before, after = p.theirs, None
        else:
            before, after = changed_fields(p.theirs, p.result)
        line: Raw = {"seq": seq, "group": group, "time": now, "author": author, "session": session,
                     "action": action, "kind": p.kind.name, "code": p.code, "before": before, "after": after}
        if reverts is not None:
            line["reverts"] = reverts
        lines.append(line)
    return lines, seq


def put(data: Raw, planned: list[Planned], seq: int) -> None:
    """The planned records into the file's data, with the code counters and ``journal_seq``."""
    meta = data["meta"]["schema"]
    counters = meta.setdefault("counters", {})
    for p in planned:
        table = data.setdefault(p.kind.table, {})
        # the counter passes every code written or deleted: a code is never given again, not
        # even one a hand-edit added without raising the counter and a delete then freed
        prefix = p.code.rstrip("0123456789")
        number = p.code[len(prefix):]
        if number.isdigit():
            key = p.kind.counter_key(prefix)
            counters[key] = max(int(counters.get(key, 0)), int(number))
        if p.result is None:
            table.pop(p.code, None)
            continue
        table[p.code] = p.result
    meta["journal_seq"] = seq


def inverse(e: JournalEntry) -> Op:
    """The op that reverts one journal line (undo; redo is the undo of an undo)."""
    kind = get_kind(e.kind)
    if e.before is None:  # an add: delete the record as it was added
        return Op(kind, e.code, e.after, None, reverts=e)
    if e.after is None:  # a delete: add the record back
        return Op(kind, e.code, None, e.before, reverts=e)
    return Op(kind, e.code, e.after, e.before, overlay=True, reverts=e)


def _first_difference(a: Raw | None, b: Raw | None) -> str | None:
    before, _after = changed_fields(a, b)
    return next(iter(before), None)
