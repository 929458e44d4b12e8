"""Field-named problems (``FieldIssue``) in the user's language, from pydantic's errors
(``describe_errors``), and the field labels they name (``FIELD_LABELS``: each kind adds its own)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..i18n import N_, _

# Field labels shown to users (forms, errors, table headers), of every kind: the fields they all
# share here, each kind's model adds its own (``add_labels``).
FIELD_LABELS: dict[str, str] = {
    "code": N_("Code"),
    "status": N_("Status"),
    "progress_percent": N_("Progress %"),
    "progress_log": N_("Progress log"),
    "completed_investment": N_("Completed investment (10k yuan)"),
    "updated_at": N_("Updated"),
    "date": N_("Date"),
    "percent": N_("Percent"),
    "note": N_("Note"),
}


def add_labels(labels: dict[str, str], *, first: bool = False) -> None:
    """A kind's field labels, named by field-named errors too; ``first``: its labels win over
    another kind's for the same field (projects: ``content`` is 项目内容, not 任务内容)."""
    for key, label in labels.items():
        if first:
            FIELD_LABELS[key] = label
        else:
            FIELD_LABELS.setdefault(key, label)


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


# the labels of a field's values (a status, a category, an indicator's direction): a refused
# value lists the labels users type and read, never the stored keys (未填报、实施中…, not
# not_reported). Each field registers its values and the function naming one in a language.
VALUE_LABELS: dict[str, tuple[tuple[str, ...], Callable[[str, str], str]]] = {}
LANGUAGES = ("zh_CN", "en")


def add_value_labels(field: str, values: Iterable[Any], name: Callable[[str, str], str]) -> None:
    """``name(value, language)``: the label of ``value`` in ``language``."""
    VALUE_LABELS[field] = (tuple(str(v) for v in values), name)


def message_label(labels: dict[Any, str]) -> Callable[[str, str], str]:
    """A ``name`` for ``add_value_labels`` from labels that are gettext messages."""
    from ..i18n import load_catalog

    by_value = {str(k): v for k, v in labels.items()}
    return lambda value, language: load_catalog(language).gettext(by_value[value])


def value_labels(field: str) -> list[str] | None:
    """The labels of ``field``'s values in the language in use (None: not a field of labelled values)."""
    from ..i18n import get_language

    if field not in VALUE_LABELS:
        return None
    values, name = VALUE_LABELS[field]
    return [name(v, get_language()) for v in values]


def find_value(field: str, text: str) -> str | None:
    """The stored value of ``field`` that ``text`` names: its key or its label in either
    interface language; None when it names none."""
    if field not in VALUE_LABELS:
        return None
    values, name = VALUE_LABELS[field]
    t = text.strip().lower()
    wanted = {t, t.replace(" ", "_").replace("-", "_")}
    for v in values:
        if v.lower() in wanted or any(name(v, lang).strip().lower() in wanted for lang in LANGUAGES):
            return v
    return None


# pydantic error types -> messages in the user's language. ``{...}`` takes the error's ctx.
_ERROR_MESSAGES: dict[str, str] = {
    "missing": N_("is required"),
    "string_too_short": N_("must not be empty"),
    "too_short": N_("needs at least {min_length} entry"),
    "string_type": N_("must be text"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "finite_number": N_("is not a finite number (NaN and infinity are refused)"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than_equal": N_("must be at most {le}"),
    "enum": N_("must be one of: {expected}"),
    "literal_error": N_("must be one of: {expected}"),
    "extra_forbidden": N_("is not a known field"),
    "list_type": N_("must be a list"),
    "model_type": N_("must be an object"),
    "dict_type": N_("must be an object"),
    "date_parsing": N_("must be a date such as 2023-12-31"),
    "date_from_datetime_parsing": N_("must be a date such as 2023-12-31"),
    "date_type": N_("must be a date such as 2023-12-31"),
    "datetime_parsing": N_("must be a date and time such as 2023-12-31T09:00:00"),
    "datetime_from_date_parsing": N_("must be a date and time such as 2023-12-31T09:00:00"),
    "datetime_type": N_("must be a date and time such as 2023-12-31T09:00:00"),
    "code_format": N_("code must be a capital letter followed by 2-6 digits, e.g. W01"),
    "unit_empty": N_("responsible unit {index} is empty"),
    "years_order": N_("end year {end} is before start year {start}"),
    "stored_type": N_("must be stored as a number in the file, not {value}"),
    "text_control": N_("holds the control character {char}; remove it"),
    "text_line_break": N_("must be one line (it holds a line break)"),
    "text_format": N_("holds the invisible formatting character {char}; remove it"),
    "text_too_long": N_("is {n} characters long; the limit is {limit}"),
}


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field, ready to show."""

    field: str  # dotted path, e.g. ``end_year`` or ``progress_log.2.percent``
    message: str

    @property
    def label(self) -> str:
        parts = self.field.split(".")
        head = field_label(parts[0])
        if len(parts) > 1:
            rest = [field_label(p) if not p.isdigit() else f"#{int(p) + 1}" for p in parts[1:]]
            return " ".join([head, *rest])
        return head

    def __str__(self) -> str:
        return _("{label} ({field}): {message}").format(
            label=self.label, field=self.field, message=self.message)


def describe_errors(exc: ValidationError) -> list[FieldIssue]:
    """Translate pydantic's errors into field-named messages in the active language."""
    issues: list[FieldIssue] = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        kind = err["type"]
        if kind == "string_pattern_mismatch" and loc[:1] == ["code"]:
            kind = "code_format"
        if kind == "string_too_short" and loc[:1] == ["units"] and len(loc) == 2:
            kind = "unit_empty"
            loc = ["units"]
            err = {**err, "ctx": {"index": int(err["loc"][1]) + 1}}
        if kind in ("stored_type", "text_control", "text_line_break", "text_format", "text_too_long"):
            loc = [*loc, str((err.get("ctx") or {}).get("field", ""))]
        template = _ERROR_MESSAGES.get(kind)
        if err.get("input", "") is None and kind.endswith("_type"):
            template = _ERROR_MESSAGES["missing"]  # an empty form field
        ctx = dict(err.get("ctx") or {})
        if err["type"] in ("enum", "literal_error") and "expected" in ctx:
            labels = value_labels(loc[-1] if loc else "")
            ctx["expected"] = (_("、").join(labels) if labels else
                               str(ctx["expected"]).replace("'", "").replace(" or ", ", "))
        for key, value in ctx.items():
            if isinstance(value, float) and value.is_integer():
                ctx[key] = int(value)
        if template is not None:
            try:
                message = _(template).format(**ctx)
            except (KeyError, IndexError):
                message = err["msg"]
        else:
            message = err["msg"]
        issues.append(FieldIssue(field=".".join(loc) or "record", message=message))
    return issues
