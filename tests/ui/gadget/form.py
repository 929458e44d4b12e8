from __future__ import annotations

from portfolio.i18n import ngettext
from portfolio.records.editing import FormField, status_bulk, text_bulk
from portfolio.records.fields import Status, status_label

WORD = "gadget"
NEW_TITLE = "New gadget"
LIST_TITLE = "Gadgets"
LOG = False


def counted(n: int) -> str:
    return ngettext("gadget (counted)", "gadgets (counted)", n)


FORM = (
    (FormField("name"),),
    (FormField("unit"), FormField("status", "select", options=lambda repo: [(status_label(s), s.value) for s in Status])),
)
BULK = (status_bulk(), text_bulk("unit", "Unit"))


def new_values(repo, scope, current) -> dict:
    return {"unit": current.unit if current is not None else ""}
