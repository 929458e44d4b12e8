"""How a kind is edited, declared once in its package (``records/<kind>/form.py``) and read by
every editor: the UI's one form (``tui/screens/form.py``), bulk edit (``portfolio.bulk``, the
UI's ``b``), add and delete.

A kind's ``form.py`` declares:

* ``WORD``: what a record is called (项目, 任务, 指标): titles, the delete question;
  ``counted(n)``: the word in a count (3 个项目, 3 项任务), the bulk edit's counts;
* ``NEW_TITLE``: the form's title for a new record; ``LIST_TITLE`` (optional): its list's;
* ``FORM``: the form's rows, each a tuple of ``FormField`` shown side by side;
* ``LOG``: whether the form has the progress report part (the log, the report's date and note);
* ``BULK``: the fields a bulk edit may change (``BulkField``, built with the helpers below);
* ``new_values(repo, scope, current)``: the fields a new record starts with (its code, when the
  kind's store does not allocate one from a prefix);
* optionally ``collected(data, record)``: the typed values adjusted before validation (a task's
  due date typed by hand).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..errors import printable
from ..i18n import N_, _
from . import kind_part

Options = Callable[[Any], list[tuple[str, str]]]  # (repo) -> (label, value)


@dataclass(frozen=True)
class FormField:
    """One field of the form.

    ``widget``: ``input``, ``integer``, ``number`` (one line), ``text`` (several lines), ``lines``
    (one unit a line), ``units`` (names on one line, separated by 、), ``select`` (``options``),
    ``suggest`` (a choice among ``suggest(repo, value of depends)`` or a new value typed in the
    field ``new_<name>``, laid out as the field ``new`` of the same name)."""

    name: str
    widget: str = "input"
    label: str | None = None  # msgid; default: the kind's field label
    options: Options | None = None
    empty: Any = ""  # what an empty box means (None: no value)
    placeholder: str | None = None  # msgid
    depends: str | None = None  # ``suggest``: the field whose value the suggestions follow
    suggest: Callable[[Any, str], list[str]] | None = None


@dataclass(frozen=True)
class BulkField:
    """One change a bulk edit can make: ``parse`` reads the typed value once (``ValueError``
    naming what is wrong), ``fields`` turns it into one record's changes (``{}``: none),
    ``refuse`` says why a record cannot take them (None: it can)."""

    key: str
    label: str  # msgid
    hint: str | Callable[[], str]  # msgid, or the hint in the language of the moment
    parse: Callable[[str], Any]
    fields: Callable[[Any, Any], dict[str, Any]]
    refuse: Callable[[dict[str, Any]], str | None] = lambda fields: None
    preview: Callable[[Any, dict[str, Any]], tuple[str, str, str]] | None = None  # (label, before, after)

    def hint_text(self) -> str:
        return _(self.hint) if isinstance(self.hint, str) else self.hint()


def declared(kind: str) -> ModuleType:
    """The kind's editing declaration (``records/<kind>/form.py``)."""
    return kind_part(kind, "form")


def form_rows(kind: str) -> tuple[tuple[FormField, ...], ...]:
    rows: tuple[tuple[FormField, ...], ...] = declared(kind).FORM
    return rows


def bulk_fields(kind: str) -> dict[str, BulkField]:
    fields: Sequence[BulkField] = declared(kind).BULK
    return {f.key: f for f in fields}


def word(kind: str) -> str:
    """What a record of ``kind`` is called: 项目 / project."""
    return _(declared(kind).WORD)


def list_title(kind: str) -> str:
    """The title of the kind's list (its tab): ``LIST_TITLE``, else its word."""
    module = declared(kind)
    return _(getattr(module, "LIST_TITLE", module.WORD))


def counted(kind: str, n: int) -> str:
    """The kind's word after a count of ``n``: 个项目 / projects."""
    text: str = declared(kind).counted(n)
    return text


# -- bulk fields every kind may use ---------------------------------------------------------------
def status_bulk() -> BulkField:
    def parse(text: str) -> str:
        from .fields import find_status

        status = find_status(text)
        if status is None:
            raise ValueError(_("'{value}' is not a status").format(value=printable(text)))
        return status.value

    def hint() -> str:  # the labels in the language of the moment, never the stored keys
        from .fields import Status, status_label

        return _("、").join(status_label(s) for s in Status)

    return BulkField("status", N_("Status"), hint, parse, lambda value, record: {"status": value})


def percent_bulk(name: str = "progress_percent") -> BulkField:
    def parse(text: str) -> float | int:
        from ..numbers import NumberError, parse_number

        try:
            number = float(parse_number(text, percent=True))
        except NumberError as exc:
            raise ValueError(str(exc)) from None
        if not 0 <= number <= 100:
            raise ValueError(_("Progress must be between 0 and 100, not {value}").format(value=printable(text)))
        return int(number) if number.is_integer() else number

    return BulkField(name, N_("Progress %"), N_("a number from 0 to 100"), parse,
                     lambda value, record: {name: value})


def unit_add_bulk(name: str, label: str = N_("Add a responsible unit")) -> BulkField:
    def fields(value: str, record: Any) -> dict[str, Any]:
        units = list(getattr(record, name))
        return {} if value in units else {name: [*units, value]}

    return BulkField(f"{name}_add" if name != "units" else "unit_add", label, N_("a unit's name, added last"),
                     lambda text: text, fields)


def unit_remove_bulk(name: str, label: str = N_("Remove a responsible unit"),
                     needs_one: str | None = None) -> BulkField:
    """``needs_one``: the refusal (msgid) when the last unit would go; None: may be emptied."""

    def fields(value: str, record: Any) -> dict[str, Any]:
        units = list(getattr(record, name))
        return {name: [u for u in units if u != value]} if value in units else {}

    def refuse(changes: dict[str, Any]) -> str | None:
        return _(needs_one) if needs_one is not None and not changes.get(name) else None

    return BulkField(f"{name}_remove" if name != "units" else "unit_remove", label, N_("a unit's exact name"),
                     lambda text: text, fields, refuse)


def text_bulk(name: str, label: str, hint: str = N_("the new text")) -> BulkField:
    return BulkField(name, label, hint, lambda text: text, lambda value, record: {name: value})


def choice_bulk(name: str, label: str, options: Callable[[], list[tuple[str, str]]]) -> BulkField:
    """A field chosen among ``options()`` ((label, value)): typed as the label or the value."""

    def parse(text: str) -> str:
        wanted = text.strip().lower()
        for shown, value in options():
            if wanted in (shown.lower(), value.lower()):
                return value
        raise ValueError(_("'{value}' is not one of: {choices}").format(
            value=printable(text), choices=", ".join(shown for shown, _value in options())))

    def hint() -> str:
        return ", ".join(shown for shown, _value in options()[:3]) + " …"

    return BulkField(name, label, hint, parse, lambda value, record: {name: value})
