"""Command palette: the main screen's actions, by their translated names."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from portfolio.i18n import N_, _

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("focus_filter", N_("Filter"), N_("Focus the filter box (/)")),
    ("edit", N_("Edit"), N_("Edit the selected project (e, enter)")),
    ("add", N_("Add"), N_("Add a project (a)")),
    ("delete", N_("Delete"), N_("Delete the selected project (d)")),
    ("undo", N_("Undo"), N_("Undo your last change in this window (ctrl+z)")),
    ("redo", N_("Redo"), N_("Redo the change you undid (ctrl+y)")),
    ("history", N_("History"), N_("Show the selected project's history (h)")),
    ("export", N_("Export"), N_("Export the projects in view (x)")),
    ("review", N_("Review"), N_("Mid-term review (r)")),
    ("columns", N_("Columns"), N_("Show, hide and order the columns (c)")),
    ("saved_filters", N_("Saved filters"), N_("Recall a saved filter (ctrl+o)")),
    ("bulk_edit", N_("Bulk edit"), N_("Change a field of every marked project (b)")),
    ("app.help", N_("Help"), N_("Keys and the query language (?, f1)")),
    ("app.switch_language", N_("Switch language"), N_("Switch the interface language (f2)")),
)


class PortfolioCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        from .screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        return [(action, _(name), _(help_)) for action, name, help_ in ACTIONS
                if screen.check_action(action.removeprefix("app."), ()) is True
                or action.startswith("app.")]

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    async def discover(self) -> Hits:
        for action, name, help_ in self._commands():
            yield DiscoveryHit(name, partial(self._run, action), help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, name, help_ in self._commands():
            score = matcher.match(name + " " + help_)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_)
