"""The one text sanitiser: what text may hold, checked where data enters and cleaned where it
leaves.

Entering (the model's validation of typed, edited and imported records: CLI ``set``, the
edit form, every importer): a carriage return is a line break (``\\r\\n`` and ``\\r`` become
``\\n``); any other control character (C0 but tab and line feed, DEL, C1 — ESC and CSI drive
terminals), a lone surrogate (an undecodable byte from the command line) or the
non-characters U+FFFE/U+FFFF is REFUSED, with a message naming the field and the character.
Refusing (not removing) keeps the rule "nothing is silently dropped".

One-line fields (every field but the multi-line texts ``MULTILINE_FIELDS``: names, codes,
units, aliases, groups, filter names...) also refuse a line break and the invisible Unicode
format characters (category Cf: bidi overrides such as U+202E, zero-width spaces and joiners,
the BOM), which make one name look like another or reorder what a terminal shows.

Leaving (a database written before this rule, or edited by hand, may still hold them):
``clean`` removes them for XLSX/DOCX/CSV/HTML writers (which would crash or pass them on) and
``for_terminal`` shows them as escapes. ``echo`` is the ONE way the command line writes a
message (``print`` is banned elsewhere by ruff's T20 rule); ``echo_json`` its JSON output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records.project.model import Project

# C0 controls but tab and LF, DEL, C1 controls, lone surrogates, U+FFFE/U+FFFF
_BAD_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BAD = re.compile(f"[{_BAD_CLASS}]")
_CR = re.compile("\r\n?")
# Unicode format characters (category Cf, Unicode 15; tests check it against unicodedata) and
# the line/paragraph separators U+2028/U+2029
FORMAT_CLASS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
                "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
                "\U000e0020-\U000e007f\u2028\u2029")
_FORMAT = re.compile(f"[{FORMAT_CLASS}]")
# what a terminal is never sent raw (multi-line output keeps tab and line feed)
_UNSHOWN = re.compile(f"[{_BAD_CLASS}{FORMAT_CLASS}]")
# what a one-line message never holds raw: the above, tab and line feed too
_UNSHOWN_LINE = re.compile(f"[\t\n{_BAD_CLASS}{FORMAT_CLASS}]")
# the texts that may span lines; every other text field is one line
MULTILINE_FIELDS = frozenset({"content", "scale", "note", "source"})


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


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return repr(ch)[1:-1] if ord(ch) < 0xA0 else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"


def for_terminal(text: str) -> str:
    """Text to print: control and format characters shown as escapes (``\\x1b``, ``\\u202e``),
    never sent raw; line breaks and tabs kept."""
    text = normalize_newlines(text)
    if not _UNSHOWN.search(text):
        return text
    return _UNSHOWN.sub(_escape, text)


def shown(record: Any) -> Any:
    """A record (a pydantic model) to show on a screen: a copy with every text, list of texts
    and nested record's texts escaped (``for_terminal``); the record itself when nothing needs
    it. The UI's detail panes start here, so that a name edited by hand in the database (an
    OSC sequence, a bidi override) never reaches the terminal."""
    from pydantic import BaseModel

    updates: dict[str, Any] = {}
    for name, value in record:
        if isinstance(value, str):
            new: Any = for_terminal(value) if _UNSHOWN.search(value) else value
        elif isinstance(value, list):
            new = [shown(v) if isinstance(v, BaseModel) else
                   for_terminal(v) if isinstance(v, str) and _UNSHOWN.search(v) else v for v in value]
            if all(a is b for a, b in zip(new, value, strict=True)):
                new = value
        else:
            new = value
        if new is not value:
            updates[name] = new
    return record.model_copy(update=updates) if updates else record


def one_line(text: str) -> str:
    """Input as a message quotes it (an echoed argument, code or path): every control or
    format character, line breaks and tabs included, as an escape: one readable line."""
    text = str(text)
    if not _UNSHOWN_LINE.search(text):
        return text
    return _UNSHOWN_LINE.sub(_escape, text)


def echo(text: object = "", *, err: bool = False) -> None:
    """The one output function of the command line: a message (or a table) on stdout with
    control and format characters escaped (``for_terminal``), or an error or a warning on
    stderr with ``err``, one line (``one_line``: a line break in an echoed path is shown too)."""
    import sys

    from .tracking import suspend

    suspend()  # a progress line on the terminal steps aside first
    if err:
        sys.stderr.write(one_line(str(text)) + "\n")
    else:
        sys.stdout.write(for_terminal(str(text)) + "\n")


def echo_json(data: bytes) -> None:
    """JSON output (already encoded): characters a terminal would act on (C1 controls, format
    characters, which JSON allows raw) written as ``\\uXXXX`` escapes; still the same JSON."""
    import sys

    from .tracking import suspend

    suspend()
    text = data.decode()
    if _UNSHOWN.search(text):
        text = _UNSHOWN.sub(lambda m: "".join(f"\\u{u:04x}" for u in _utf16(m.group())), text)
    sys.stdout.buffer.write(text.encode() + (b"" if text.endswith("\n") else b"\n"))


def _utf16(ch: str) -> list[int]:
    code = ord(ch)
    if code < 0x10000:
        return [code]
    code -= 0x10000
    return [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]


def first_refused(name: str, text: str) -> tuple[str, str] | None:
    """What a field's text may not hold, as (error type, character), else None: a control
    character anywhere; a line break or a format character in a one-line field."""
    bad = first_bad_char(text)
    if bad is not None:
        return "text_control", bad
    if name not in MULTILINE_FIELDS:
        if "\n" in text:
            return "text_line_break", "\n"
        m = _FORMAT.search(text)
        if m:
            return "text_format", m.group()
    return None


def check_name_text(text: str, what: str, error: type[Exception] | None = None) -> str:
    """A name stored outside the records' models (an alias, a group, a saved filter's name or
    query): stripped, and refused with one line naming ``what`` when it holds a character no
    one-line field may hold or is over-long. Raises ``error`` (a ``PortfolioError``)."""
    from .errors import PortfolioError
    from .i18n import _
    from .limits import MAX_FIELD_CHARS

    fail = error or PortfolioError

    text = normalize_newlines(text).strip()
    refused = first_refused("name", text)
    if refused is not None:
        kind, ch = refused
        if kind == "text_line_break":
            raise fail(_("{what} '{text}' must be one line (it holds a line break)").format(
                what=what, text=one_line(text)))
        raise fail(_("{what} '{text}' holds the character {char}; remove it").format(
            what=what, text=one_line(text), char=describe_char(ch)))
    if len(text) > MAX_FIELD_CHARS:
        raise fail(_("{what} is {n} characters long; the limit is {limit}").format(
            what=what, n=len(text), limit=MAX_FIELD_CHARS))
    return text


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
                refused = first_refused(name, text)
                if refused is not None:
                    kind, bad = refused
                    raise PydanticCustomError(kind, "{field} holds the character {char}",
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
