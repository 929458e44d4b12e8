"""The one progress rule, applied by the repository on every path that changes a record
(an edit from the CLI or the form, a bulk edit, an add, an import, a collected form):

* any change of status, progress or completed investment (or a note given with the change)
  appends a dated ``ProgressEntry`` to the progress log — dated ``when`` (a report made earlier:
  ``portfolio set … --date 2023-06-30``) or today, sorted into the log by date (after the
  entries of the same date); an entry the caller already added for the same percent and status
  is not doubled;
* the current status, progress and completed investment are those of the latest entry by date:
  a report dated earlier than the latest goes into the log in its place and leaves the current
  figures as they were (``review --as-of`` reads it for its date);
* status and progress agree: setting the status to completed sets the progress to 100 %, and a
  completed project below 100 % is refused with a message naming both fields; progress above
  0 % reported on a project whose status is not reported or not started (the status not given
  with it) makes it in progress.

Records are handled in their JSON form, as the store holds them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from .errors import InvalidProject
from .i18n import N_, _
from .records.fields import Status
from .records.issues import FieldIssue

Raw = dict[str, Any]
TRACKED = ("status", "progress_percent", "completed_investment")
DEFAULTS: Raw = {"status": Status.NOT_REPORTED.value, "progress_percent": 0.0, "completed_investment": None,
                 "progress_log": []}


def report_date_problem(when: date) -> str | None:
    """Why a progress report cannot be dated ``when``: before the year ahead of the plan's
    start (2020) or after today. None when it can."""
    from .records.project.categories import PLAN_START_YEAR

    first, today = date(PLAN_START_YEAR - 1, 1, 1), date.today()
    if first <= when <= today:
        return None
    return _("the report date {when} is outside {first} … {today} (the year before the plan to today)").format(
        when=when.isoformat(), first=first.isoformat(), today=today.isoformat())


def new_entries_date_problem(before: Any, after: Any) -> str | None:
    """Why an imported record's progress log cannot be taken: an entry it adds or changes
    (not in ``before``'s log; entries already stored are left alone) dated outside the range
    ``report_date_problem`` allows. None when every new entry's date is allowed."""
    stored = list(getattr(before, "progress_log", None) or [])
    for entry in getattr(after, "progress_log", None) or []:
        if entry not in stored:
            problem = report_date_problem(entry.date)
            if problem is not None:
                return problem
    return None


def applies(record: Raw) -> bool:
    """The rule concerns records that keep a progress log."""
    return "progress_log" in record and "status" in record and "progress_percent" in record


def apply_rule(before: Raw | None, after: Raw, *, explicit: Collection[str] = (), when: date | None = None,
               note: str = "", code: str | None = None, kind: str = "project") -> Raw:
    """``after`` with the rule applied (a new dict; ``before`` is None for a new record).
    ``explicit``: the fields the caller set (a progress given with a completed status is kept
    and checked, not replaced by 100). Raises ``InvalidProject`` naming status and progress."""
    if not applies(after):
        return after
    prior = before if before is not None else DEFAULTS
    out = dict(after)
    completed = Status.COMPLETED.value
    if out["status"] == completed and prior.get("status") != completed and "progress_percent" not in explicit \
            and out["progress_percent"] == prior.get("progress_percent"):
        out["progress_percent"] = 100.0
    # progress reported on a project not yet reported (or not started) means it is under way
    if "status" not in explicit and out["status"] == prior.get("status") \
            and out["status"] in (Status.NOT_REPORTED.value, Status.NOT_STARTED.value) \
            and out["progress_percent"] != prior.get("progress_percent") and float(out["progress_percent"]) > 0:
        out["status"] = Status.IN_PROGRESS.value
    changed = [k for k in TRACKED if k in out and out.get(k) != prior.get(k)]
    if not changed and not note:
        return out
    problem = None if when is None else report_date_problem(when)
    if problem is not None:
        raise InvalidProject([FieldIssue("date", problem)], code, kind)
    entry: Raw = {"date": (when or date.today()).isoformat(), "percent": float(out["progress_percent"]),
                  "status": out["status"], "note": note}
    # the completed investment this report gave (changed now, or given by the caller)
    if out.get("completed_investment") is not None and (
            "completed_investment" in changed or "completed_investment" in explicit):
        entry["completed_investment"] = out["completed_investment"]
    log = list(out.get("progress_log") or [])
    full = {**entry, "completed_investment": entry.get("completed_investment")}
    if _latest(entry["date"], log, full):
        if changed:
            check_agreement(out, code, kind)
    else:
        # a report dated earlier: what it does not say is what was in force on its date (nothing
        # reported before it: not reported, 0 %), and it changes the current figures only where
        # no later report says otherwise
        in_force = _in_force(entry["date"], log) or {"percent": 0.0, "status": Status.NOT_REPORTED.value}
        for key, field in (("percent", "progress_percent"), ("status", "status")):
            if field not in explicit and field not in changed:
                entry[key] = in_force.get(key, entry[key])
        if "status" not in explicit and entry["status"] in (Status.NOT_REPORTED.value, Status.NOT_STARTED.value) \
                and float(entry["percent"]) > 0:
            entry["status"] = Status.IN_PROGRESS.value
        # the report agrees with itself on its date (the figures in force now may be completed)
        check_agreement({"status": entry["status"], "progress_percent": entry["percent"], "progress_log": []},
                        code, kind)
        full = {**entry, "completed_investment": entry.get("completed_investment")}
        out = _current_kept(out, prior)
        invested = entry.get("completed_investment")
        if invested is not None and not any(
                _entry_date(e) > entry["date"] and isinstance(e, dict) and e.get("completed_investment") is not None
                for e in log):
            out["completed_investment"] = invested  # the latest investment reported
    if full in log:
        return out  # this very report is logged already (a form collected twice)
    earlier = prior.get("progress_log") or []
    added = [e for e in log if e not in earlier]
    if any(isinstance(e, dict) and float(e.get("percent", -1)) == entry["percent"]
           and e.get("status") == entry["status"] for e in added):
        return out  # the caller wrote this report's entry itself (the form's log)
    log.append(full)
    out["progress_log"] = sorted(log, key=_entry_date)  # stable: after the entries of its date
    return out


def _entry_date(entry: Any) -> str:
    return str(entry.get("date", "")) if isinstance(entry, dict) else ""


def _latest(day: str, log: list[Any], entry: Raw) -> bool:
    """Whether a report dated ``day`` is the latest of the log (a later-dated entry, other than
    this very report, makes it an earlier one)."""
    return all(_entry_date(e) <= day for e in log if e != entry)


def _in_force(day: str, log: list[Any]) -> Raw | None:
    """The latest entry dated on or before ``day`` (None: nothing reported by then)."""
    found = [e for e in log if isinstance(e, dict) and _entry_date(e) <= day]
    return found[-1] if found else None


def _current_kept(out: Raw, prior: Raw) -> Raw:
    """``out`` with the current figures of ``prior``: a report dated earlier than the latest
    changes the log, not the figures in force."""
    return {**out, **{k: prior.get(k, DEFAULTS[k]) for k in TRACKED if k in out or k in prior}}


_BELOW_100 = {
    "project": N_("must be 100 for a completed project (not {percent})"),
    "task": N_("must be 100 for a completed task (not {percent})"),
}


def check_agreement(record: Raw, code: str | None = None, kind: str = "project") -> None:
    """A completed record (project, task) is at 100 %."""
    if not applies(record):
        return
    if record["status"] == Status.COMPLETED.value and float(record["progress_percent"]) < 100:
        from .records.fields import status_label

        raise InvalidProject([
            FieldIssue("status", _("is {status}").format(status=status_label(Status.COMPLETED))),
            FieldIssue("progress_percent", _(_BELOW_100.get(kind, _BELOW_100["project"])).format(
                percent=_number(record["progress_percent"]))),
        ], code, kind)


def _number(value: Any) -> str:
    v = float(value)
    return str(int(v)) if v.is_integer() else str(v)
