"""The part of a parsed query that PostgreSQL answers: SQL built from the query's terms, with
every value a parameter (the user's text never becomes SQL).

Terms over the projects' indexed columns (``cat``, ``status``, ``code``, ``year``, ``start``,
``end``, ``sub``), negated or not, become conditions AND-ed together; the rest (free words and
their pinyin, ``unit``/``lead`` through the units directory, ``light``) are left to Python,
which runs the whole query again on the narrowed rows (``Query.matching_rows``), so that the
result is the file backend's to the row.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql

from ...query import YEAR_EXPR, YEAR_RANGE, Term
from ...records.fields import find_status
from ...records.project.categories import find_category
from ...records.project.query import Query

_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _years(term: Term, lo: str, hi: str) -> tuple[sql.Composable, list[Any]] | None:
    value = term.value.replace(" ", "")
    lo_col, hi_col = sql.Identifier(lo), sql.Identifier(hi)
    m = YEAR_RANGE.match(value)
    if m:
        return (sql.SQL("({} <= %s AND {} >= %s)").format(lo_col, hi_col), [int(m.group(2)), int(m.group(1))])
    m = YEAR_EXPR.match(value)
    if not m:
        return None
    op, year = m.group(1), int(m.group(2))
    if op in (None, "="):
        return sql.SQL("({} <= %s AND %s <= {})").format(lo_col, hi_col), [year, year]
    column = lo_col if op in ("<", "<=") else hi_col
    return sql.SQL("{} {} %s").format(column, sql.SQL(_CMP[op])), [year]


def term_sql(term: Term) -> tuple[sql.Composable, list[Any]] | None:
    """The SQL condition of one term over the projects table, or None (Python answers it)."""
    key = term.key
    if key == "cat":
        found = find_category(term.value)
        return (sql.SQL("category = %s"), [found.key.value]) if found else None
    if key == "status":
        status = find_status(term.value)
        return (sql.SQL("status = %s"), [status.value]) if status else None
    if key == "code":
        return sql.SQL("starts_with(code, %s)"), [term.value.upper()]
    if key == "sub":
        return sql.SQL("strpos(subcategory, %s) > 0"), [term.value.lower()]
    if key == "year":
        return _years(term, "start_year", "end_year")
    if key == "start":
        return _years(term, "start_year", "start_year")
    if key == "end":
        return _years(term, "end_year", "end_year")
    return None


def where(query: Query) -> tuple[sql.Composable, list[Any]]:
    """``WHERE …`` (or nothing) and its parameters for the terms PostgreSQL can answer."""
    parts: list[sql.Composable] = []
    params: list[Any] = []
    for term in query.terms:
        found = term_sql(term)
        if found is None:
            continue
        condition, values = found
        parts.append(sql.SQL("NOT ({})").format(condition) if term.negate else condition)
        params += values
    if not parts:
        return sql.SQL(""), []
    return sql.SQL("WHERE ") + sql.SQL(" AND ").join(parts), params
