"""The help screen (``?``, ``f1``): every key of the screen it was opened from, read from the
bindings of that screen, its widgets and the app (so it never drifts from what the keys do),
then the query language of the kind the screen lists (its keys from ``records/<kind>/query.py``) with
examples, in the interface language."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from portfolio.i18n import N_, _
from portfolio.records import kind_part

from ..bindings import translate_bindings

# examples for every kind, then the project list's own
ANY_KIND_EXAMPLES: tuple[tuple[str, str], ...] = (
    ('"工业 园区"', N_("quotes hold spaces")),
    ("@name", N_("a saved filter (ctrl+s in the filter saves one, ctrl+o recalls)")),
)
QUERY_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("cat:碧水 end:<=2023", N_("water projects due by the end of 2023")),
    ("unit:鹿寨县 -status:completed", N_("projects 鹿寨县 takes part in, not completed")),
    ("lead:市生态环境局 year:2024", N_("led by 市生态环境局, under way in 2024")),
    ("锂电池  lidianchi  ldc", N_("a word in the name, content or scale; the name's pinyin or initials")),
    *ANY_KIND_EXAMPLES,
)


def examples_of(kind: str) -> tuple[tuple[str, str], ...]:
    """The help's query examples for a list of ``kind``: (query, meaning msgid). Each one runs
    (tests/ui/test_help_examples.py parses every one through the kind's query language)."""
    if kind == "project":
        return QUERY_EXAMPLES
    # the kind's filter example (the filter box's placeholder), then what every kind has
    placeholder = _(kind_part(kind, "query").FILTER_EXAMPLE)
    example = placeholder.partition("：" if "：" in placeholder else ":")[2].strip()
    return ((example, N_("terms of this list combined")), *ANY_KIND_EXAMPLES)


# Textual's own bindings (no id): those worth listing, in our words
TEXTUAL_ACTIONS = {
    "app.focus_next": N_("Next pane or field"),
    "app.focus_previous": N_("Previous pane or field"),
    "screen.copy_text": N_("Copy the selected text"),
    "quit": N_("Quit"),
}


def _owners(screen: Screen[object]) -> list[tuple[str, DOMNode]]:
    """The nodes whose keys the screen offers: the screen, its own widgets, the app."""
    owners: list[tuple[str, DOMNode]] = [(_("This screen"), screen)]
    seen: set[type] = {type(screen)}
    for widget in screen.walk_children():
        cls = type(widget)
        if cls in seen or not cls.__module__.startswith("tui."):
            continue
        seen.add(cls)
        title = getattr(cls, "HELP_TITLE", "")
        if widget._bindings.key_to_bindings and title:
            owners.append((_(title), widget))
    owners.append((_("Everywhere"), screen.app))
    return owners


def key_rows(screen: Screen[object]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, description)]) for every binding with a description; keys that do
    the same action are listed together."""
    app = screen.app
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for title, node in _owners(screen):
        by_action: dict[str, tuple[list[str], str]] = {}
        offers = getattr(node, "offers", None)  # a list pane: the actions of its kind only
        for bindings in node._bindings.key_to_bindings.values():
            for b in bindings:
                if b.system or not b.description or (offers is not None and not offers(b.action)):
                    continue
                if b.id is None and b.action not in TEXTUAL_ACTIONS:
                    continue
                description = _(TEXTUAL_ACTIONS[b.action]) if b.id is None else _(b.description)
                keys, _desc = by_action.setdefault(b.action, ([], description))
                display = app.get_key_display(b)
                if display not in keys:
                    keys.append(display)
        rows = [(" ".join(keys), desc) for keys, desc in by_action.values()]
        if rows:
            sections.append((title, rows))
    return sections


def help_renderable(screen: Screen[object]) -> RenderableType:
    parts: list[RenderableType] = []
    for title, rows in key_rows(screen):
        table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for keys, desc in rows:
            table.add_row(Text(keys), Text(desc))
        parts += [Text(title, style="bold underline"), table, Text("")]
    parts.append(Text(_("The query language"), style="bold underline"))
    parts.append(Text(_("Terms are separated by spaces and all must hold; -term negates one.")))
    terms = Table(show_header=False, box=None, pad_edge=False, padding=(0, 2, 0, 0))
    terms.add_column(style="bold cyan", no_wrap=True)
    terms.add_column()
    kind = getattr(screen, "list_kind", "project")  # a list pane's kind; other screens list projects
    query = kind_part(kind, "query")
    for key, (aliases, description) in query.KEYS.items():
        terms.add_row(Text(f"{key}:"), Text(f"{_(description)}  ({', '.join(a + ':' for a in aliases)})"))
    parts += [terms, Text(""), Text(_("Examples"), style="bold underline")]
    examples = Table(show_header=False, box=None, pad_edge=False, padding=(0, 2, 0, 0))
    examples.add_column(style="bold green", no_wrap=True)
    examples.add_column()
    for text, meaning in examples_of(kind):
        examples.add_row(Text(text), Text(_(meaning)))
    parts.append(examples)
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-dialog { width: 100; max-width: 100%; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    HelpScreen #help-title { text-style: bold; height: 1; }
    HelpScreen #help-hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "dismiss", N_("Close"), id="help.close"),
        Binding("q", "dismiss", N_("Close"), show=False, id="help.quit"),
        Binding("question_mark", "dismiss", N_("Close"), show=False, id="help.toggle", key_display="?"),
        Binding("f1", "dismiss", N_("Close"), show=False, id="help.f1"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.body = help_renderable(screen)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(_("Keys and the query language"), id="help-title", markup=False)
            yield Static(_("↑/↓ scroll · esc closes"), id="help-hint", markup=False)
            with VerticalScroll(id="help-body"):
                yield Static(self.body, id="help-text", markup=False)

    def on_mount(self) -> None:
        translate_bindings(self)
        self.query_one("#help-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
