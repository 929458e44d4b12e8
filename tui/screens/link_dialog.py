"""Links of a task or an indicator (``l`` in the lists' tabs): its links, checked, then what its
text suggests (``portfolio.links.suggest``) with the reason, unchecked. ``space`` checks or
unchecks the one under the cursor (so does ``enter``), ``ctrl+s`` saves the checked ones as the record's
links (through ``repo.update``: journal, undo, merge), ``escape`` leaves without a change."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from portfolio.errors import ConflictError, PortfolioError
from portfolio.i18n import N_, _
from portfolio.links import link_title, suggest
from portfolio.store import Repository

from ..bindings import translate_bindings


class LinkDialog(ModalScreen["str | ConflictError | None"]):
    CSS_PATH = "link_dialog.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("ctrl+s", "save", N_("Save"), id="links.save"),
        Binding("escape", "cancel", N_("Cancel"), id="links.cancel"),
    ]

    def __init__(self, repo: Repository, kind: str, record: Any) -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.kind = kind
        self.record = record
        self.projects = {p.code: p for p in repo.records("project")}
        self.suggestions = suggest(record, list(self.projects.values()))

    def options(self) -> list[Selection[str]]:
        unknown = _("(unknown)")
        linked = [Selection(Text.assemble((link, "bold"), "  ", link_title(link, self.projects) or unknown),
                            link, True) for link in self.record.links]
        suggested = [Selection(Text.assemble((s.target, "bold"), "  ", s.title, "  ", (s.reason, "italic")),
                               s.target, False) for s in self.suggestions]
        return [*linked, *suggested]

    def compose(self) -> ComposeResult:
        r = self.record
        with Vertical(id="links-dialog"):
            yield Static(Text(_("Links: {code} {name}").format(code=r.code, name=r.title), style="bold"),
                         id="links-title")
            yield Static(Text(_("Checked: linked. space or enter checks or unchecks, ctrl+s saves, esc cancels."),
                              style="dim"), id="links-help")
            options = self.options()
            yield SelectionList[str](*options, id="links-list")
            if not options:
                yield Static(Text(_("No links and no suggestions"), style="dim"), id="links-empty")
            with Horizontal(id="links-buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def chosen(self) -> list[str]:
        selected = set(self.query_one(SelectionList).selected)
        order = [*self.record.links, *(s.target for s in self.suggestions)]
        return [link for link in dict.fromkeys(order) if link in selected]

    def action_save(self) -> None:
        links = self.chosen()
        if links == list(self.record.links):
            self.dismiss(None)
            return
        try:
            change = self.repo.update(self.record.code, {"links": links}, base=self.record, kind=self.kind)
        except ConflictError as exc:
            self.dismiss(exc)
            return
        except PortfolioError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.dismiss(change.code)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
