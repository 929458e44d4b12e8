"""The key bar at the bottom of a screen: the keys of the moment, clickable, in one widget.

Textual's ``Footer`` mounts a widget per key and rebuilds them all whenever a screen
publishes ``bindings_updated`` (on every focus change); each rebuild restyles every key and
reflows the whole screen. Measured on the main screen (ten keys, CPU time, ``bench/``): about
23 ms a rebuild, four rebuilds while the first screen mounts, and another each time the
filter takes or leaves the focus. This bar is one widget that draws the same keys as one line
of text: a change of keys repaints one line (well under a millisecond) and changes nothing
else on the screen. It reads the same bindings as the footer (``Binding.show``, greyed out
when ``check_action`` returns None, one key per action, the command palette on the right)
and uses the footer's colours; the key under the mouse is highlighted and a click presses
it (a greyed-out key rings the bell)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from portfolio.i18n import N_, _

# Textual's own key descriptions that a bar can show (an open Select's menu, the palette): in
# the catalog, so that the bar says them in the interface language
TEXTUAL_WORDS = (N_("Dismiss menu"), N_("Exit the command palette"), N_("Open link"))


@dataclass(frozen=True)
class KeyHint:
    key: str  # what a click presses
    display: str  # how the key is shown: "^z", "/"
    description: str
    enabled: bool
    action: str = ""


# kept when the bar is short: these go last (help and quit must always be reachable)
ESSENTIAL = ("app.help", "app.quit", "help", "quit", "back", "cancel")


def fit_hints(hints: tuple[KeyHint, ...], widths: list[int], room: int) -> list[int]:
    """The indexes of the hints that fit in ``room`` cells, whole: the essential ones (help,
    quit, back) first, then the others in their order; the bar keeps the original order."""
    order = sorted(range(len(hints)), key=lambda i: (hints[i].action not in ESSENTIAL, i))
    kept: list[int] = []
    used = 0
    for i in order:
        if used + widths[i] <= room:
            kept.append(i)
            used += widths[i]
    return sorted(kept)


def key_hints(screen: Screen[object]) -> tuple[tuple[KeyHint, ...], KeyHint | None]:
    """The keys a bar on ``screen`` shows now, and the command palette's key."""
    app = screen.app
    hints: list[KeyHint] = []
    actions: set[str] = set()
    bindings = screen.active_bindings
    for _node, binding, enabled, _tooltip in bindings.values():
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        # every description through the catalog: a widget's bindings (the filter's ctrl+s) are msgids
        hints.append(KeyHint(binding.key, app.get_key_display(binding), _(binding.description), enabled,
                             binding.action))
    palette: KeyHint | None = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in bindings:
        _node, binding, enabled, _tooltip = bindings[app.COMMAND_PALETTE_BINDING]
        palette = KeyHint(binding.key, app.get_key_display(binding), _(binding.description), enabled)
    return tuple(hints), palette


class KeyBar(Widget):
    """One line of key hints; ``hints`` and ``palette`` hold what it shows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
        }
        .key-bar--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hints: tuple[KeyHint, ...] = ()
        self.palette: KeyHint | None = None
        self._places: list[tuple[int, int, KeyHint]] = []  # cells each hint takes, as drawn
        self._hover: KeyHint | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # the screen's own widgets may still be mounting: ask once the screen is drawn
        self.call_after_refresh(self._bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        hints, palette = key_hints(screen)
        if (hints, palette) != (self.hints, self.palette):
            self.hints, self.palette = hints, palette
            self.refresh()

    def hint_at(self, x: int) -> KeyHint | None:
        for start, end, hint in self._places:
            if start <= x < end:
                return hint
        return None

    def on_click(self, event: events.Click) -> None:
        hint = self.hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hint = self.hint_at(event.x)
        if hint != self._hover:
            self._hover = hint
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def _hint(self, hint: KeyHint) -> Content:
        key = self.get_visual_style("key-bar--key")
        description = self.get_visual_style("key-bar--description")
        content = Content.assemble((f" {hint.display} ", key), (hint.description, description), " ")
        if not hint.enabled:
            content = content.stylize(Style(dim=True))
        if hint == self._hover:
            content = content.stylize(Style(background=self.get_visual_style("key-bar--hover").background))
        return content

    def render(self) -> Content:
        parts = [self._hint(h) for h in self.hints]
        width = self.size.width
        if width > 0 and sum(p.cell_length for p in parts) > width:
            # too narrow: drop the less important keys whole rather than cut the bar's end
            kept = fit_hints(self.hints, [p.cell_length for p in parts], width)
            shown = [self.hints[i] for i in kept]
            parts = [parts[i] for i in kept]
        else:
            shown = list(self.hints)
        x = 0
        self._places = []
        for hint, part in zip(shown, parts, strict=True):
            self._places.append((x, x + part.cell_length, hint))
            x += part.cell_length
        line = Content("").join(parts)
        if self.palette is not None:
            right = self._hint(self.palette)
            gap = self.size.width - x - right.cell_length
            if gap > 0:
                self._places.append((x + gap, x + gap + right.cell_length, self.palette))
                line = Content.assemble(line, " " * gap, right)
        return line
