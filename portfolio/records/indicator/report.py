"""Reporting an indicator's value for a year (``portfolio report`` and the UI's report form):
one function, so that both validate and store a value the same way.

A year holds one value: reporting a year again replaces its value. The date defaults to 31
December of the year. The value is checked (``check_value``: years, numbers for numeric targets,
met / not met for qualitative ones) before anything is written;
the change goes through the repository (merge, undo, journal)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from ...errors import PortfolioError, printable
from ...i18n import _
from ...numbers import NumberError, parse_number
from .model import BASE_YEAR, JUDGEMENT_LABELS, TARGET_YEAR, Indicator, IndicatorValue


class InvalidValue(PortfolioError):
    """A reported value that does not validate; ``issues`` maps each field to its message."""

    def __init__(self, message: str, issues: dict[str, str]) -> None:
        super().__init__(message)
        self.issues = issues


def check_value(indicator: Indicator, year: int | str, value: str, *, when: date | None = None,
                source: str = "", note: str = "", judgement: str | None = None) -> IndicatorValue:
    """The value of ``indicator`` for ``year`` as it would be stored, checked; the one check of
    ``portfolio report`` and the UI's report dialog.

    * the year: from the baseline (2020) to the plan's last year (2025);
    * a target with a number (``≥65``, ``>98``): the value must be a number (``57``, ``57.3%``;
      ``57%`` for a ``%`` indicator; stored as the number read: ``1,234.5`` as ``1234.5``) and the state follows it, so ``--met``/``--not-met`` are refused;
    * a qualitative target (``达到自治区考核要求``): any text, judged by hand with ``judgement``
      (``met`` / ``not_met``; without it the value waits to be judged).

    Raises ``InvalidValue``: one line naming the indicator, the year and the reason (nothing is
    written); ``issues`` maps each field to its reason."""
    code = indicator.code
    try:
        text_year = str(year).strip()
        if not (text_year.isascii() and text_year.isdigit()):  # ２０２３, 20_23, +2023: not a year as typed
            raise ValueError(text_year)
        number = int(text_year)
    except ValueError:
        raise _refused(code, str(year), "year", _("the year must be a whole number such as 2023")) from None
    if not BASE_YEAR <= number <= TARGET_YEAR:
        raise _refused(code, str(number), "year", _("the year must be from the baseline year {first} to the "
                                                     "plan's last year {last}").format(first=BASE_YEAR,
                                                                                       last=TARGET_YEAR))
    text = (value or "").strip()
    if not text and judgement is None:
        raise _refused(code, str(number), "value", _("the value is empty"))
    target = indicator.target
    if target.number is not None:
        if judgement is not None:
            raise _refused(code, str(number), "judgement", _(
                "the target {target} is a number: the value is judged by it, met / not met are for qualitative "
                "targets").format(target=indicator.target_2025))
        try:  # the one reader of numbers: 1,234.5 read, ５７ and 5,0 refused; stored as the number it reads
            read = parse_number(text, percent=indicator.unit.strip() in ("%", "％"))
        except NumberError:
            raise _refused(code, str(number), "value", _(
                "the target {target} is a number: the value must be a number such as 57.3, not '{value}'").format(
                target=indicator.target_2025, value=printable(text))) from None
        text = _number_text(read)
    elif not text:
        text = _(JUDGEMENT_LABELS[judgement]) if judgement in JUDGEMENT_LABELS else ""
    raw: dict[str, Any] = {"year": number, "value": text, "source": source, "note": note, "judgement": judgement,
                           "date": when or date(number, 12, 31)}
    try:
        return IndicatorValue.model_validate(raw)
    except ValidationError as exc:
        from ..issues import describe_errors

        found = describe_errors(exc)
        raise _refused(code, str(number), found[0].field if found else "value",
                       _("; ").join(i.message for i in found)) from None


def _number_text(value: float) -> str:
    """A number as stored: ``57``, ``57.3``, ``1234.5``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def new_values_problem(before: Any, after: Any) -> tuple[Indicator, str | None]:
    """``after`` with each value it adds or changes (not in ``before``'s values; values already
    stored are left alone) checked as ``portfolio report`` checks it (``check_value``) and stored
    as that check gives it; and why the first refused value cannot be taken (None: all taken)."""
    assert isinstance(after, Indicator)
    stored = list(before.values) if isinstance(before, Indicator) else []
    values = []
    for v in after.values:
        if v in stored:
            values.append(v)
            continue
        try:
            values.append(check_value(after, v.year, v.value, when=v.date, source=v.source, note=v.note,
                                      judgement=v.judgement))
        except InvalidValue as exc:
            return after, _("year {year}: {reason}").format(year=v.year, reason=next(iter(exc.issues.values())))
    return after.model_copy(update={"values": values}), None


def _refused(code: str, year: str, field: str, reason: str) -> InvalidValue:
    message = _("Indicator {code}, year {year}: {reason}; nothing was written").format(
        code=code, year=printable(year), reason=reason)
    return InvalidValue(message, {field: reason})


def report_value(repo: Any, code: str, year: int | str, value: str, *, when: date | None = None,
                 source: str | None = None, note: str | None = None, judgement: str | None = None,
                 base: Indicator | None = None) -> Any:
    """Store the value of indicator ``code`` for ``year`` (replacing that year's value) and
    return the repository's ``Change``; a source or note not given (None) is the one the year
    had. Raises ``InvalidValue`` (nothing written), ``NotFound``,
    ``MergeConflict`` when another process changed the values since ``base``."""
    code = code.strip().upper()
    indicator: Indicator = base or repo.get(code, "indicator")
    earlier = next((v for v in indicator.values if str(v.year) == str(year).strip()), None)
    if earlier is not None:
        source = earlier.source if source is None else source
        note = earlier.note if note is None else note
    reported = check_value(indicator, year, value, when=when, source=source or "", note=note or "",
                           judgement=judgement)
    kept = [v.model_dump(mode="json") for v in indicator.values if v.year != reported.year]
    values = sorted([*kept, reported.model_dump(mode="json")], key=lambda v: (v["year"], v["date"]))
    return repo.update(code, {"values": values}, kind="indicator", base=base)
