"""The three lists as tabs (重点项目 / 重点任务 / 指标): one screen per list, the project list
being the main screen. The task and indicator screens are built on first show (starting the
app builds only the main screen) and kept (installed) afterwards, so a tab keeps its filter,
tree scope, sort and cursor while another is shown.

Keys (on every list screen): ``1`` ``2`` ``3`` choose a tab, ``ctrl+right`` / ``ctrl+left`` the
next / previous one; a click on a tab's name chooses it. ``show_tab`` switches, and with a
code shows that record in its tab (the unit view's ``enter``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from portfolio.i18n import N_, _, get_language

if TYPE_CHECKING:
    from textual.app import App

def tab_kinds() -> tuple[str, ...]:
    """The lists, one a registered record kind (``portfolio.records.KINDS``), in their order."""
    from portfolio.records import KINDS

    return tuple(KINDS)

# the tabs' names: the plan's words in Chinese (重点项目 is shorter than the catalog's 重点工程项目)
TAB_LABELS = {"project": ("重点项目", N_("Key projects")), "task": ("重点任务", N_("Key tasks")),
              "indicator": ("指标", N_("Indicator list"))}


def tab_label(kind: str) -> str:
    if kind not in TAB_LABELS:  # a kind registered later: its own list title (records/<kind>/form.py)
        from portfolio.records.editing import list_title

        return list_title(kind)
    zh, en = TAB_LABELS[kind]
    return zh if get_language() == "zh_CN" else _(en)

TAB_BINDINGS: list[Binding] = [
    Binding("1", "app.show_tab('project')", N_("Lists"), id="tabs.projects", key_display="1-3"),
    Binding("2", "app.show_tab('task')", N_("Key tasks"), show=False, id="tabs.tasks"),
    Binding("3", "app.show_tab('indicator')", N_("Indicator list"), show=False, id="tabs.indicators"),
    Binding("ctrl+right", "app.next_tab(1)", N_("Next list"), show=False, id="tabs.next"),
    Binding("ctrl+left", "app.next_tab(-1)", N_("Previous list"), show=False, id="tabs.previous"),
    Binding("u", "app.unit_view", N_("Unit view"), show=False, id="tabs.units"),  # named in the tab strip
]


def screen_name(kind: str) -> str:
    return f"list-{kind}"


def current_kind(app: App[Any]) -> str:
    return str(getattr(app.screen, "list_kind", "project"))


def show_tab(app: App[Any], kind: str, code: str | None = None) -> None:
    """Show the list of ``kind`` (building its pane on first show); with ``code``, that
    record in it. Only switches when a list pane is on top (not under a dialog)."""
    from .screens.main import ListScreen, MainScreen

    screen = app.screen
    if not isinstance(screen, ListScreen):
        return
    if kind == "project":
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        if not isinstance(screen, MainScreen):
            app.pop_screen()
            main.update_status()  # a message of before the switch ("Saved: W01") is stale now
        if code is not None and code in main.repo:
            main.jump_to(code)
        return
    from portfolio.store.kinds import KINDS

    if kind not in KINDS:  # a store without the kind (before the three lists were stored)
        app.notify(_("This database holds no {list}").format(list=tab_label(kind)), severity="warning")
        return
    name = screen_name(kind)
    if not app.is_screen_installed(name):
        app.install_screen(ListScreen(getattr(app, "repo"), kind), name)  # noqa: B009
    target = app.get_screen(name)
    assert isinstance(target, ListScreen)
    if code is not None:
        target.pending_code = code
    if screen is target:
        target.show_pending()
        return
    if target.is_mounted:
        target.update_status()  # a message of its last visit is stale now
    if isinstance(screen, MainScreen):
        app.push_screen(name)
    else:
        app.switch_screen(name)
