"""The one text sanitiser: what text may hold, checked where data enters and cleaned where it
leaves.

Entering (the model's validation of typed, edited and imported records: CLI ``set``, the
edit form, every importer): a carriage return is a line break (``\\r\\n`` and ``\\r`` become
``\\n``); any other control character (C0 but tab and line feed, DEL, C1 — ESC and CSI drive
terminals), a lone surrogate (an undecodable byte from the command line) or the
non-characters U+FFFE/U+FFFF is REFUSED, with a message naming the field and the character.
Refusing (not removing) keeps the rule "nothing is silently dropped".

Leaving (a database written before this rule, or edited by hand, may still hold them):
``clean`` removes them for XLSX/DOCX/CSV/HTML writers (which would crash or pass them on) and
``for_terminal`` shows them as escapes in ``list``/``show``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records.project.model import Project

# C0 controls but tab and LF, DEL, C1 controls, lone surrogates, U+FFFE/U+FFFF
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CR = re.compile("\r\n?")


def normalize_newlines(text: str) -> str:
    return _CR.sub("\n", text) if "\r" in text else text


def first_bad_char(text: str) -> str | None:
    """The first character text may not hold (after CR normalisation), else None."""
    m = _BAD.search(text)
    return m.group() if m else None


def describe_char(ch: str) -> str:
    """``'\\x07' (U+0007)``: how a message names a refused character."""
    return f"{repr(ch)[1:-1]} (U+{ord(ch):04X})"


def clean(text: str) -> str:
    """Text made safe to write anywhere (XML, spreadsheets, terminals): refused characters
    removed. The second line of defence, for data that entered before the rule."""
    text = normalize_newlines(text)
    return _BAD.sub("", text) if _BAD.search(text) else text


def for_terminal(text: str) -> str:
    """Text to print: refused characters shown as escapes (``\\x1b``), never sent raw."""
    text = normalize_newlines(text)
    if not _BAD.search(text):
        return text
    return _BAD.sub(lambda m: repr(m.group())[1:-1], text)


def entering(data: dict[str, Any]) -> dict[str, Any]:
    """A record entering the database (typed, edited, imported — never loaded): every text
    field and list of texts with line breaks normalised; a control character or an over-long
    text refused, naming the field (``PydanticCustomError``, translated by ``describe_errors``)."""
    from pydantic_core import PydanticCustomError

    from .limits import MAX_FIELD_CHARS

    out = data
    for name, value in data.items():
        texts = value if isinstance(value, list) else [value]
        if not any(isinstance(t, str) for t in texts):
            continue
        cleaned = []
        for text in texts:
            if isinstance(text, str):
                text = normalize_newlines(text)
                bad = first_bad_char(text)
                if bad is not None:
                    raise PydanticCustomError("text_control", "{field} holds the control character {char}",
                                              {"field": name, "char": describe_char(bad)})
                if len(text) > MAX_FIELD_CHARS:
                    raise PydanticCustomError("text_too_long", "{field} is {n} characters long (limit {limit})",
                                              {"field": name, "n": len(text), "limit": MAX_FIELD_CHARS})
            cleaned.append(text)
        new = cleaned if isinstance(value, list) else cleaned[0]
        if new != value:
            if out is data:
                out = dict(data)
            out[name] = new
    return out


def entering_validator(data: Any, info: Any) -> Any:
    """``entering`` as a model's before-validator: records loaded from the database (context
    ``stored``) pass untouched (cleaned on the way out instead, see ``outgoing``)."""
    if not isinstance(data, dict) or (info.context and info.context.get("stored")):
        return data
    return entering(data)


def project_is_clean(p: Any) -> bool:
    """No refused character in any text of the project (a regex per field: measured faster
    than joining the texts or ``str.isprintable``)."""
    bad = _BAD.search
    if bad(p.name) or bad(p.content) or bad(p.scale) or bad(p.subcategory):
        return False
    return not any(bad(u) for u in p.units) and not any(e.note and bad(e.note) for e in p.progress_log)


def outgoing(projects: Sequence[Project]) -> list[Project]:
    """The projects as writers may take them: a record that holds refused characters (stored
    before the rule, or edited by hand) is cleaned in a copy; the others are passed as they are."""
    out = []
    for p in projects:
        if project_is_clean(p):
            out.append(p)
            continue
        log = [e.model_copy(update={"note": clean(e.note)}) for e in p.progress_log]
        out.append(p.model_copy(update={
            "name": clean(p.name), "content": clean(p.content), "scale": clean(p.scale),
            "subcategory": clean(p.subcategory), "units": [clean(u) for u in p.units], "progress_log": log}))
    return out
