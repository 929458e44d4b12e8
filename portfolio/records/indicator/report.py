"""Reporting an indicator's value for a year (``portfolio report`` and the UI's report form):
one function, so that both validate and store a value the same way.

A year holds one value: reporting a year again replaces its value. The date defaults to 31
December of the year. The value is validated (``IndicatorValue``) before anything is written;
the change goes through the repository (merge, undo, journal)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from ...errors import PortfolioError
from ...i18n import _
from .model import Indicator, IndicatorValue


class InvalidValue(PortfolioError):
    """A reported value that does not validate; ``issues`` maps each field to its message."""

    def __init__(self, message: str, issues: dict[str, str]) -> None:
        super().__init__(message)
        self.issues = issues


def value_of(code: str, year: int | str, value: str, *, when: date | None = None, source: str = "",
             note: str = "", judgement: str | None = None) -> IndicatorValue:
    """The validated value; ``InvalidValue`` names each bad field."""
    from ..issues import describe_errors

    raw: dict[str, Any] = {"year": year, "value": value, "source": source, "note": note, "judgement": judgement}
    try:
        raw["date"] = when or date(int(year), 12, 31)
    except (TypeError, ValueError):
        raw["date"] = date.today()  # the year itself is reported as invalid below
    try:
        return IndicatorValue.model_validate(raw)
    except ValidationError as exc:
        issues = {i.field: i.message for i in describe_errors(exc)}
        raise InvalidValue(_("Invalid value for {code}: {issues}").format(
            code=code, issues=_("; ").join(str(i) for i in describe_errors(exc))), issues) from None


def report_value(repo: Any, code: str, year: int | str, value: str, *, when: date | None = None,
                 source: str = "", note: str = "", judgement: str | None = None,
                 base: Indicator | None = None) -> Any:
    """Store the value of indicator ``code`` for ``year`` (replacing that year's value) and
    return the repository's ``Change``. Raises ``InvalidValue`` (nothing written), ``NotFound``,
    ``MergeConflict`` when another process changed the values since ``base``."""
    code = code.strip().upper()
    indicator: Indicator = base or repo.get(code, "indicator")
    reported = value_of(code, year, value, when=when, source=source, note=note, judgement=judgement)
    kept = [v.model_dump(mode="json") for v in indicator.values if v.year != reported.year]
    values = sorted([*kept, reported.model_dump(mode="json")], key=lambda v: (v["year"], v["date"]))
    return repo.update(code, {"values": values}, kind="indicator", base=base)
