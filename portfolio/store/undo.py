"""Undo and redo from the journal: each author's (or each open repository's) own steps.

Walking the journal's steps in order, for the steps of one scope (an author, or a session):

* a change pushes its step on the undo stack and clears the redo stack;
* an undo step (``reverts`` = the step undone) pops that step and pushes itself on the redo stack;
* a redo step (``reverts`` = the undo step) pops that and pushes itself on the undo stack;
* a new database created at the same path (``create``) empties both stacks, whoever's.

Undoing a step writes the inverse of its lines as a new step (so undo is itself in the
journal, and redo is the undo of an undo). Another person's later change to a field the step
changed blocks the undo (``UndoRefused`` names who, which field and their value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .journal import JournalEntry

Raw = dict[str, Any]


def steps(entries: list[JournalEntry]) -> dict[int, list[JournalEntry]]:
    out: dict[int, list[JournalEntry]] = {}
    for e in entries:
        out.setdefault(e.group, []).append(e)
    return out


def stacks(entries: list[JournalEntry], mine: Callable[[JournalEntry], bool]) -> tuple[list[int], list[int]]:
    """(undo stack, redo stack) of step ids, newest last."""
    undo: list[int] = []
    redo: list[int] = []
    for group, lines in steps(entries).items():
        first = lines[0]
        if first.action == "create":  # a new database at this path: nothing before it applies
            undo.clear()
            redo.clear()
            continue
        if not mine(first):
            continue
        if first.action == "undo":
            if first.reverts in undo:
                undo.remove(first.reverts)
            redo.append(group)
        elif first.action == "redo":
            if first.reverts in redo:
                redo.remove(first.reverts)
            undo.append(group)
        else:
            undo.append(group)
            redo.clear()
    return undo, redo


def _groups_from_the_end(entries: list[JournalEntry]) -> Iterator[tuple[int, list[JournalEntry]]]:
    """(group, its lines in order), the newest step first: a step's lines are contiguous."""
    end = len(entries)
    while end > 0:
        group = entries[end - 1].group
        start = end - 1
        while start > 0 and entries[start - 1].group == group:
            start -= 1
        yield group, entries[start:end]
        end = start


def top_step(entries: list[JournalEntry], mine: Callable[[JournalEntry], bool],
             redo: bool) -> tuple[int, list[JournalEntry]] | None:
    """The step an undo (or redo) reverts and its lines: the top of ``stacks``' undo (redo)
    stack, found from the end of the journal (an undo reads only the steps after it, however
    long the journal: what the database's lock is held for)."""
    return find_step(entries, mine, redo)[1]


def find_step(entries: list[JournalEntry], mine: Callable[[JournalEntry], bool],
              redo: bool) -> tuple[bool, tuple[int, list[JournalEntry]] | None]:
    """(whether ``entries``, the end of a journal, decide it, ``top_step``'s answer). They do
    when they reach a step that ends the search (a new database, a change of mine before a
    redo) or hold the step found whole (a line of another step before it)."""
    removed: set[int | None] = set()
    for group, lines in _groups_from_the_end(entries):
        first = lines[0]
        if first.action == "create":
            return True, None
        if not mine(first):
            continue
        if first.action == ("redo" if redo else "undo"):
            removed.add(first.reverts)
        elif first.action == ("undo" if redo else "redo") or not redo:
            if group not in removed:
                return first is not entries[0], (group, lines)
        else:  # a change of mine empties the redo stack
            return True, None
    return False, None


def who_changed(entries: list[JournalEntry], after_group: int, kind: str, code: str,
                field: str | None) -> JournalEntry | None:
    """The latest entry after ``after_group`` that changed ``field`` of the record (any field
    when None)."""
    found = None
    for e in entries:
        if e.group <= after_group or e.kind != kind or e.code != code:
            continue
        if field is None or e.before is None or e.after is None or field in (e.after or {}):
            found = e
    return found
