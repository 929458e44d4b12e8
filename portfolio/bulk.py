"""Bulk edits: one change (a status, a progress, a unit added or removed, years, a text) for
many records of one kind, planned first so that the user sees every change (code, field,
before -> after) before one save through ``repo.update_many`` (one undo step, one journal
entry per record).

What a kind's bulk edit may change is declared with the kind (``records/<kind>/form.py``:
``BULK``). ``plan_bulk`` reads the value once (a one-line ``BulkError`` naming what is wrong)
and checks each record's result with the kind's model (a record the change would make invalid
is listed in ``refused`` with the reason, and left out); records the change would not alter
are left out too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .errors import InvalidProject, PortfolioError, printable
from .i18n import _
from .progress import TRACKED, apply_rule
from .records.editing import BulkField, bulk_fields
from .records.values import value_text
from .records.views import field_label
from .rights import Checker, NotAllowed


class BulkError(PortfolioError):
    """The value cannot be used for the chosen field."""


@dataclass(frozen=True)
class PreviewRow:
    code: str
    field: str  # label
    before: str
    after: str


@dataclass
class BulkPlan:
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    preview: list[PreviewRow] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)
    unchanged: int = 0


def _field(kind: str, key: str) -> BulkField:
    fields = bulk_fields(kind)
    if key not in fields:
        raise BulkError(_("Unknown field '{key}'; fields: {fields}").format(
            key=printable(key), fields=", ".join(fields)))
    return fields[key]


def _value(bulk: BulkField, text: str) -> Any:
    text = text.strip()
    if not text:
        raise BulkError(_("Type a value for {field}").format(field=_(bulk.label)))
    try:
        return bulk.parse(text)
    except ValueError as exc:
        raise BulkError(str(exc)) from None


def plan_bulk(records: Sequence[Any], field_key: str, text: str, kind: str = "project",
              rights: Checker | None = None) -> BulkPlan:
    """What setting ``field_key`` to ``text`` would change in each of ``records`` (of ``kind``);
    ``rights`` (``rights.checker_of(repo)``): a change the account may not make is refused
    here, with the reason the save would give."""
    from .store.kinds import get_kind, record_dict

    bulk = _field(kind, field_key)
    value = _value(bulk, text)
    model = get_kind(kind).model
    plan = BulkPlan()
    for r in records:
        before = record_dict(r)
        fields = {k: v for k, v in bulk.fields(value, r).items() if before.get(k) != v}
        if not fields:
            plan.unchanged += 1
            continue
        reason = bulk.refuse(fields)
        if reason is not None:
            plan.refused.append((r.code, reason))
            continue
        try:
            # what the save will write: the progress rule (e.g. 已完成 sets progress to 100 %)
            # runs in the repository's update path, so the preview runs the very same rule
            after = apply_rule(before, {**before, **fields}, explicit=tuple(fields), code=r.code, kind=kind)
            after = record_dict(model.model_validate(after))
        except InvalidProject as exc:
            plan.refused.append((r.code, str(exc)))
            continue
        except ValidationError as exc:
            first = exc.errors()[0]
            plan.refused.append((r.code, str(first.get("msg", ""))))
            continue
        if rights is not None:
            try:
                rights(kind, r.code, before, after)
            except NotAllowed as exc:
                plan.refused.append((r.code, exc.reason))
                continue
        plan.changes[r.code] = fields
        if bulk.preview is not None:
            plan.preview.append(PreviewRow(r.code, *bulk.preview(r, fields)))
            continue
        shown = [*fields, *(k for k in TRACKED if k not in fields and after.get(k) != before.get(k))]
        for key in shown:
            plan.preview.append(PreviewRow(r.code, field_label(kind, key), value_text(key, before.get(key)),
                                           value_text(key, after.get(key))))
    return plan
