"""The record kinds: key projects, the plan's indicators, the annual key tasks.

Each kind lives in its own package, ``portfolio.records.<kind>``, declaring in one place:

* ``model.py``: the pydantic model, its field labels and states (and, for a kind registered
  with ``register``, ``STORE``: its table, code prefix and order in the repository);
* ``columns.py``: the list's columns (``records.columns.RecordKind``: the UI's table, the
  column picker, ``--sort``, the status bar);
* ``query.py``: the query keys (``KEYS``) and how a term selects records;
* ``views.py``: cell texts, the detail of one record, the UI's tree;
* ``form.py``: how it is edited: the form's fields, the bulk edit's, its word, a new record's
  first values (``records.editing``);
* ``table.py``: its flat table (CSV/XLSX export and import).

What is shared by every kind sits beside them: field types, the status and the progress log
(``fields``), field-named errors (``issues``), columns (``columns``), editing (``editing``),
change values (``values``) and the generic text views (``views``). ``KINDS`` below is the one
registration: adding a kind is its package and ``register`` (the kinds of the plan are
registered here, their tables in ``store.kinds``).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

# kind -> its package
KINDS: dict[str, str] = {kind: f"{__name__}.{kind}" for kind in ("project", "task", "indicator")}


def register(kind: str, package: str) -> None:
    """Make the kind declared in ``package`` known to every part (lists, forms, bulk edit,
    exports, the repository): its model's ``STORE`` names its table, code prefix and order.
    Register before opening a repository that holds it."""
    from .store_kind import register_store

    KINDS[kind] = package
    register_store(kind, import_module(f"{package}.model"))


def kind_part(kind: str, part: str) -> ModuleType:
    """The module ``part`` (``model``, ``columns``, ``query``, ``views``, ``form``, ``table``) of
    ``kind``'s package, imported on first use (a command about projects never loads the other
    kinds)."""
    if kind not in KINDS:
        raise KeyError(kind)
    return import_module(f"{KINDS[kind]}.{part}")
