"""The query keys of indicators (``portfolio.query``): ``attr:约束性``, ``state:met`` (the state
today), ``cat:``, ``code:``, ``link:``; a bare word searches the indicator and its
sub-indicator."""

from __future__ import annotations

from datetime import date

from ...i18n import N_, _
from ...query import KeyTable, Predicate, Term, keys_text, link_is, term_error
from .model import (
    ATTRIBUTES,
    CATEGORIES,
    STATE_LABELS,
    IndicatorState,
    find_attribute,
    find_indicator_category,
    find_indicator_state,
    indicator_state,
)

KEYS: KeyTable = {
    "attr": (("attribute", "属性", "指标属性"), N_("attribute: 约束性, 预期性, 指导性 (binding, expected, guiding)")),
    "state": (("状态",), N_("state today: met, on_path, off_path, not_met, to_judge, not_reported")),
    "cat": (("category", "类别"), N_("category: 环境质量改善, 污染防治治理, 生态保护, 环境经济, 应对气候变化")),
    "code": (("编号",), N_("indicator code or its beginning: I05, I1")),
    "link": (("links", "关联"), N_("a linked project or box: W01, 专栏5, any, none")),
}


def predicate(term: Term, today: date) -> Predicate:
    key, value, low = term.key, term.value, term.value.lower()
    if key is None:
        return lambda i: low in f"{i.name}\n{i.sub_name}".lower()
    if key == "attr":
        attribute = find_attribute(value)
        if attribute is None:
            names = ", ".join(f"{zh}/{_(en)}" for zh, en in ATTRIBUTES)
            raise term_error(term, _("unknown attribute; use one of {names}").format(names=names))
        return lambda i: i.attribute == attribute
    if key == "state":
        state = find_indicator_state(value)
        if state is None:
            names = ", ".join(f"{s.value}/{_(STATE_LABELS[s])}" for s in IndicatorState)
            raise term_error(term, _("unknown state; use one of {names}").format(names=names))
        return lambda i: indicator_state(i, today) is state
    if key == "cat":
        category = find_indicator_category(value)
        if category is None:
            names = ", ".join(zh for zh, _en in CATEGORIES)
            raise term_error(term, _("unknown category; use one of {names}").format(names=names))
        return lambda i: i.category == category
    if key == "code":
        return lambda i: i.code.upper().startswith(value.upper())
    if key == "link":
        return link_is(term)
    raise term_error(term, _("unknown key; valid keys: {keys}").format(keys=keys_text("indicator")))
