"""Start an app headless, wait for its first screen, exit: for timing whole-process startup.

    python bench/startup.py portfolio [DB]  # the app on DB (default: a temporary copy of the
                                            # bundled 34 projects)
    python bench/startup.py minimal         # a minimal Textual app with a DataTable and a Footer

``bench/run.py`` passes a copy made beforehand, so that neither run pays for copying a file.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def _exit_when_ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.exit()


def main() -> None:
    mode = sys.argv[1]
    if mode == "minimal":
        from textual.app import App, ComposeResult
        from textual.widgets import DataTable, Footer

        class Minimal(App[None]):
            def compose(self) -> ComposeResult:
                table: DataTable[str] = DataTable()
                table.add_columns("a", "b")
                table.add_row("1", "2")
                yield table
                yield Footer()

        Minimal().run(headless=True, auto_pilot=_exit_when_ready)
        return
    sys.path.insert(0, str(ROOT))
    from tui.app import make_app

    if len(sys.argv) > 2:
        make_app(Path(sys.argv[2])).run(headless=True, auto_pilot=_exit_when_ready)
        return
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "projects.json"
        shutil.copyfile(ROOT / "data" / "projects.json", db)
        make_app(db).run(headless=True, auto_pilot=_exit_when_ready)


if __name__ == "__main__":
    main()
