"""The record kinds: key projects, the plan's indicators, the annual key tasks.

Each kind lives in its own package, ``portfolio.records.<kind>``, declaring in one place:

* ``model.py``: the pydantic model, its field labels and states;
* ``columns.py``: the list's columns (``records.columns.RecordKind``: the UI's table, the
  column picker, ``--sort``, the status bar);
* ``query.py``: the query keys (``KEYS``) and how a term selects records;
* ``views.py``: cell texts, the detail of one record, the UI's tree.

What is shared by every kind sits beside them: field types, the status and the progress log
(``fields``), field-named errors (``issues``), columns (``columns``), change values
(``values``) and the generic text views (``views``). ``KINDS`` below is the one registration:
adding a kind is its package and its name here (and its table in ``store.kinds``).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

KINDS: tuple[str, ...] = ("project", "task", "indicator")


def kind_part(kind: str, part: str) -> ModuleType:
    """The module ``part`` (``model``, ``columns``, ``query``, ``views``) of ``kind``'s package,
    imported on first use (a command about projects never loads the other kinds)."""
    if kind not in KINDS:
        raise KeyError(kind)
    return import_module(f"{__name__}.{kind}.{part}")
