"""What the logged-in account may not change in the edit form: read-only (disabled) boxes and
a hint, decided by the very check the save makes (``portfolio.rights``), so the form never
offers a change the save would refuse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from portfolio.i18n import _
from portfolio.rights import ROLE_LABELS, NotAllowed, checker_of
from portfolio.store.kinds import record_dict

if TYPE_CHECKING:
    from .form import FormScreen


class _Changed:
    """A value different from every other (a field as if typed in)."""

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return id(self)


def lock_by_rights(form: FormScreen) -> list[str]:
    """Disable the boxes of the fields the account may not change; the names disabled."""
    check = checker_of(form.repo)
    if check is None or form.record is None:
        return []
    before = record_dict(form.record)
    code = str(form.record.code)
    names = [f.name for f in form.fields] + (["progress_log"] if form.has_log else [])
    locked: list[str] = []
    for name in dict.fromkeys(names):
        try:
            check(form.kind, code, before, {**before, name: _Changed()})
        except NotAllowed:
            locked.append(name)
    for name in locked:
        selectors = ["#log-date", "#log-note"] if name == "progress_log" else [f"#{name}", f"#new_{name}"]
        for selector in selectors:
            for box in form.query(selector):
                box.disabled = True
    if locked:
        account = getattr(form.repo, "account", None)
        role = _(ROLE_LABELS[account.role]) if account is not None else ""
        hint = Static(Text(_("Greyed fields are read-only for {account} ({role}): its rights do not "
                             "cover them").format(account=form.repo.author, role=role), style="italic"),
                      id="form-rights", markup=False)
        form.query_one("#form").mount(hint, after="#form-title")
    return locked
