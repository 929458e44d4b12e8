"""Who may change what on a server database (accounts exist only there; a file has no logins).

* a **planner** changes everything;
* a **reporter** reads everything and changes only the report fields (status, progress,
  completed investment, the progress log with its notes and report dates) of the projects and
  tasks that its unit leads or joins — through the units directory, so a group a record names
  (各县区人民政府) counts for each of its members;
* a **viewer** reads.

``check`` is given each record's part of a step (before, after) and raises ``NotAllowed``
naming the account, the record and the reason; nothing of the step is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .errors import PortfolioError
from .i18n import N_, _

ROLES = ("planner", "reporter", "viewer")
ROLE_LABELS = {"planner": N_("planner"), "reporter": N_("reporter"), "viewer": N_("viewer")}
REPORT_FIELDS = frozenset({"status", "progress_percent", "completed_investment", "progress_log", "updated_at"})
REPORTED_KINDS = ("project", "task")
UNIT_FIELDS = ("units", "lead_units", "cooperating_units", "responsible_units")

Raw = dict[str, Any]


class NotAllowed(PortfolioError):
    """The account may not make this change (nothing was written)."""

    def __init__(self, account: str, code: str, reason: str) -> None:
        self.account, self.code, self.reason = account, code, reason
        self.kind = "project"
        self.before: Raw | None = None  # the fields it tried to change (the journal's refusal line)
        self.after: Raw | None = None
        super().__init__(_("{account} may not change {code}: {reason}; nothing was written").format(
            account=account, code=code or "—", reason=reason))


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    unit: str | None = None


def record_units(raw: Raw) -> list[str]:
    """Every unit a record names (lead first)."""
    out: list[str] = []
    for key in UNIT_FIELDS:
        value = raw.get(key)
        if isinstance(value, list):
            out += [str(v) for v in value]
    return out


def check(account: Account, kind: str, code: str, before: Raw | None, after: Raw | None,
          reach: Callable[[str], set[str]]) -> None:
    """Raise ``NotAllowed`` unless ``account`` may turn ``before`` into ``after`` (None: an add or
    a delete). ``reach``: the units directory's ``reach`` (a name -> the canonical units it
    stands for)."""
    if account.role == "planner":
        return
    if account.role != "reporter":
        raise NotAllowed(account.name, code, _("a viewer only reads"))
    if kind not in REPORTED_KINDS:
        raise NotAllowed(account.name, code, _("a reporter changes only projects and tasks"))
    if before is None or after is None:
        raise NotAllowed(account.name, code, _("a reporter cannot add or delete records"))
    fields = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    other = [k for k in fields if k not in REPORT_FIELDS]
    if other:
        from .records.issues import field_label

        raise NotAllowed(account.name, code, _("a reporter changes only status, progress, completed investment, "
                                               "notes and report dates, not {fields}").format(
            fields=_("、").join(field_label(k) for k in other)))
    mine = reach(account.unit or "")
    if not any(mine & reach(u) for u in record_units(before)):
        raise NotAllowed(account.name, code, _("{unit} neither leads nor joins it").format(unit=account.unit or "—"))


def check_all(account: Account | None, parts: Iterable[tuple[str, str, Raw | None, Raw | None]],
              reach: Callable[[str], set[str]]) -> None:
    if account is None:
        return
    for kind, code, before, after in parts:
        check(account, kind, code, before, after, reach)


Checker = Callable[[str, str, Raw | None, Raw | None], None]


def checker_of(repo: Any) -> Checker | None:
    """``check`` for ``repo``'s logged-in account (a preview counts the refusals the save will
    make by the same rule); None when it may change anything (a planner, no accounts)."""
    account: Account | None = getattr(repo, "account", None)
    if account is None or account.role == "planner":
        return None
    from .units import directory_of

    reach = directory_of(repo).reach

    def checked(kind: str, code: str, before: Raw | None, after: Raw | None) -> None:
        check(account, kind, code, before, after, reach)

    return checked
