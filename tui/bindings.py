"""Bindings whose descriptions follow the UI language.

Textual copies a class's bindings per instance; ``translate_bindings`` replaces each copy's
description (an English msgid kept in the class's ``BINDINGS``) with its translation. Call it
on mount and whenever the language changes. Every binding has an ``id`` so that users can
remap keys (``App.set_keymap``).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from portfolio.i18n import _


def translate_bindings(node: DOMNode) -> None:
    merged = type(node)._merged_bindings
    if merged is None:
        return
    msgids: dict[tuple[str, str], tuple[str, str | None]] = {}
    for bindings in merged.key_to_bindings.values():
        for b in bindings:
            msgids[(b.id or b.action, b.action)] = (b.description, b.tooltip)
    for key, bindings in node._bindings.key_to_bindings.items():
        translated: list[Binding] = []
        for b in bindings:
            original = msgids.get((b.id or b.action, b.action))
            if original is None:
                translated.append(b)
                continue
            description, tooltip = original
            translated.append(replace(
                b, description=_(description) if description else description,
                tooltip=_(tooltip) if tooltip else "",
            ))
        node._bindings.key_to_bindings[key] = translated
