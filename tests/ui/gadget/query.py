from __future__ import annotations

from datetime import date

from portfolio.query import KeyTable, Predicate, Term, keys_text, term_error
from portfolio.records.fields import find_status

FILTER_EXAMPLE = "Filter: 扳手 unit:市财政局"
KEYS: KeyTable = {"unit": (("单位",), "unit"), "status": (("状态",), "status")}


def predicate(term: Term, today: date) -> Predicate:
    if term.key is None:
        return lambda g: term.value.lower() in g.name.lower()
    if term.key == "unit":
        return lambda g: term.value in g.unit
    if term.key == "status":
        status = find_status(term.value)
        return lambda g: g.status == status
    raise term_error(term, keys_text("gadget"))
