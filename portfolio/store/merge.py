"""Three-way field merge of one record: the version an edit started from (base), the version
another process wrote since (theirs) and the edited one (mine).

* a field changed only by me is taken from mine, only by them from theirs;
* the same field changed by both to different values is a conflict (``FieldConflict``);
* the progress log is append-only history: entries added (or removed) on either side are all
  applied, never a conflict, and the result is sorted by date.

Records are compared in their JSON form (``record_dict``), the form the file holds.
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldConflict

Raw = dict[str, Any]

# list fields merged entry by entry (a set of dated entries), never a conflict
LOG_FIELDS = frozenset({"progress_log"})
# fields the store sets itself: never merged, never a conflict
IGNORED = frozenset({"updated_at"})


def merge_log(base: list[Any], theirs: list[Any], mine: list[Any]) -> list[Any]:
    """Entries mine added or removed (against base) applied to theirs, sorted by date
    (stable: entries of one date keep their order)."""
    removed = [e for e in base if e not in mine]
    added = [e for e in mine if e not in base]
    out = [e for e in theirs if e not in removed]
    out += [e for e in added if e not in out]
    return sorted(out, key=lambda e: str(e.get("date", "")) if isinstance(e, dict) else "")


def merge_records(base: Raw, theirs: Raw, mine: Raw) -> tuple[Raw, list[FieldConflict]]:
    """The merged record and the fields in conflict (when any, the merge must not be written)."""
    out = dict(theirs)
    conflicts: list[FieldConflict] = []
    for key in dict.fromkeys([*mine, *theirs]):
        if key in IGNORED:
            continue
        b, t, m = base.get(key), theirs.get(key), mine.get(key)
        if m == b or t == m:
            continue  # unchanged by me, or both made the same change: theirs is right
        if t == b:
            out[key] = m
        elif key in LOG_FIELDS and isinstance(m, list) and isinstance(t, list):
            out[key] = merge_log(b if isinstance(b, list) else [], t, m)
        else:
            conflicts.append(FieldConflict(key, b, t, m))
    return out, conflicts


def changed_fields(before: Raw | None, after: Raw | None) -> tuple[Raw, Raw]:
    """(before, after) restricted to the fields that differ (the store's stamp aside)."""
    b, a = before or {}, after or {}
    keys = [k for k in dict.fromkeys([*b, *a]) if k not in IGNORED and b.get(k) != a.get(k)]
    return {k: b.get(k) for k in keys}, {k: a.get(k) for k in keys}
