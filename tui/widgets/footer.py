"""Textual's footer, rebuilt only when what it shows changes.

Textual's ``Footer`` recomposes all of its keys each time a screen publishes
``bindings_updated`` — on every focus change and a few times while a screen mounts, even
when the same keys stay on show. At start-up that is four rebuilds of ten keys, about 40 ms
of the first screen (measured with ``bench/startup.py``). This footer keeps a signature of
the keys it shows and skips the rebuild when nothing it would draw has changed (a switch of
language changes the descriptions and so rebuilds it)."""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


def shown_keys(screen: Screen[object]) -> tuple[Hashable, ...]:
    """What a footer on ``screen`` would draw: each shown binding with its state, and the
    command palette's key."""
    app = screen.app
    keys: list[Hashable] = [
        (binding.key, app.get_key_display(binding), binding.description, binding.action,
         binding.group, enabled, tooltip)
        for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    ]
    palette = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    if palette is not None:
        keys.append(("palette", palette[1].description, palette[2]))
    return tuple(keys)


class Footer(TextualFooter):
    """The key bar at the bottom of a screen."""

    _shown: tuple[Hashable, ...] | None = None  # the keys of the last rebuild
    _pending = False  # a rebuild is scheduled: it will read the newest bindings

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen or not screen.app.app_focus:
            super().bindings_changed(screen)
            return
        if self._pending or shown_keys(screen) == self._shown:
            self._bindings_ready = True
            return
        self._pending = True
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self._pending = False
        if self.is_attached:
            keys = shown_keys(self.screen)
            if keys == self._shown:
                return
            self._shown = keys
        await super().recompose()
