"""Traffic lights (红黄绿灯) for key projects, the way cities run them: green at or near
序时进度, yellow when 10-30 points below it, red when more than 30 points below it or overdue.

The thresholds live here and nowhere else (``THRESHOLDS``); callers pass another
``Thresholds`` to change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..i18n import N_, _


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


LIGHT_LABELS: dict[Light, str] = {
    Light.GREEN: N_("green"),
    Light.YELLOW: N_("yellow"),
    Light.RED: N_("red"),
}
# what a light looks like where colour is missing (text, print in black and white)
LIGHT_SYMBOLS: dict[Light, str] = {Light.GREEN: "●", Light.YELLOW: "▲", Light.RED: "■"}
# RGB hex for cell fills and terminal styles
LIGHT_COLOURS: dict[Light, str] = {Light.GREEN: "63BE7B", Light.YELLOW: "FFD966", Light.RED: "F8696B"}


@dataclass(frozen=True)
class Thresholds:
    """Points below 序时进度 at which a project turns yellow, and red."""

    yellow_below: float = 10.0
    red_below: float = 30.0


THRESHOLDS = Thresholds()


def light_label(light: Light | str) -> str:
    return _(LIGHT_LABELS[Light(light)])


def find_light(text: str) -> Light | None:
    """A light from its key, its English or Chinese label (红, 红灯, red …)."""
    t = text.strip().lower()
    aliases = {"绿": Light.GREEN, "绿灯": Light.GREEN, "黄": Light.YELLOW, "黄灯": Light.YELLOW,
               "红": Light.RED, "红灯": Light.RED}
    if t in aliases:
        return aliases[t]
    for light in Light:
        if t in (light.value, _(LIGHT_LABELS[light]).lower()):
            return light
    return None


def light_for(gap: float, overdue: bool, thresholds: Thresholds = THRESHOLDS) -> Light:
    """The light of a running project: ``gap`` is its progress minus 序时进度 (negative:
    behind); an overdue project is red."""
    if overdue or gap < -thresholds.red_below:
        return Light.RED
    if gap < -thresholds.yellow_below:
        return Light.YELLOW
    return Light.GREEN


def light_text(light: Light | str | None) -> str:
    """A light readable without colour: its symbol and label ("● 绿"); "—" for none."""
    if light is None:
        return "—"
    found = Light(light)
    return f"{LIGHT_SYMBOLS[found]} {light_label(found)}"
