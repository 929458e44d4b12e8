"""The tab strip above every list: 重点项目 / 重点任务 / 指标, the one on show highlighted, each
with its key; a click chooses a tab (``tui.tabs``)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

from portfolio.i18n import _

from ..tabs import tab_kinds, tab_label


class ListTabs(Widget):
    DEFAULT_CSS = """
    ListTabs { height: 1; background: $panel; }
    """

    def __init__(self, active: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.active = active
        self._spans: list[tuple[int, int, str]] = []
        self._units_at = (0, 0)

    def render(self) -> Text:
        text = Text()
        self._spans = []
        for i, kind in enumerate(tab_kinds(), start=1):
            start = text.cell_len
            label = f" {i} {tab_label(kind)} "
            if kind == self.active:
                text.append(label, style="bold reverse")
            else:
                text.append(label, style="dim")
            self._spans.append((start, text.cell_len, kind))
            text.append(" ")
        start = text.cell_len
        text.append("  u", style="bold")
        text.append(" " + _("Unit view"), style="dim")
        self._units_at = (start, text.cell_len)
        return text

    async def _on_click(self, event: events.Click) -> None:
        start, end = self._units_at
        if start <= event.x < end:
            await self.app.run_action("unit_view")
            return
        for start, end, kind in self._spans:
            if start <= event.x < end and kind != self.active:
                await self.app.run_action(f"show_tab('{kind}')")
                return
