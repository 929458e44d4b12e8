"""Start an app headless, wait for its first screen, exit: for timing whole-process startup.

    python bench/startup.py portfolio [DB]  # the app on DB (default: a temporary copy of the
                                            # bundled 34 projects)
    python bench/startup.py minimal         # a minimal Textual app with a DataTable and a Footer
    python bench/startup.py table DB        # the app on DB as `portfolio --db DB` starts it (through
                                            # tui.launch.main: the arguments parsed, a large file
                                            # behind the loading screen); prints the time (time.time())
                                            # when the table first shows projects, and leaves
                                            # (with --keep: once the app has kept the file's row
                                            # snapshot, as it does after its first screen; with
                                            # --keys: then the slowest answer to 40 keys sent over
                                            # the next 2 s, "keys SECONDS")

``bench/run.py`` passes a copy made beforehand, so that neither run pays for copying a file.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def _exit_when_ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.exit()


async def _print_when_table_shows(pilot) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    import os
    import time

    from tui.widgets.record_table import RecordTable

    app = pilot.app
    while not app.screen.query(RecordTable) or not app.screen.query_one(RecordTable).records:
        await asyncio.sleep(0.005)
    await pilot.pause()  # the frame with the projects drawn
    os.write(1, f"{time.time()}\n".encode())
    if "--keys" in sys.argv:  # usable: the slowest of 40 keys sent in the 2 s after the first frame
        os.write(1, f"keys {await _slowest_key(app, RecordTable)}\n".encode())
    if "--keep" in sys.argv:  # stay until the app has kept the file's row snapshot
        from portfolio.store import snapshot

        storage = app.repo._storage
        for _ in range(6000):
            if storage.seal is not None and snapshot.current(storage.path, storage.seal):
                break
            await asyncio.sleep(0.01)
    os._exit(0)  # as the console script leaves: the data is not freed object by object


async def _slowest_key(app, table_type) -> float:  # type: ignore[no-untyped-def]
    """``down`` every 50 ms for 2 s, each timed from its key event to the table's cursor on the
    next row (what the next frame draws), while the app completes its open in a worker; the
    pilot's own ``press`` is not used: it waits for the whole process to be idle."""
    import asyncio
    import time

    from textual import events

    table = app.screen.query_one(table_type)
    slowest = 0.0
    for _ in range(40):
        before, start = table.cursor_row, time.perf_counter()
        app.post_message(events.Key("down", None))
        while table.cursor_row == before:
            await asyncio.sleep(0.0005)
        slowest = max(slowest, time.perf_counter() - start)
        await asyncio.sleep(0.05)
    return slowest


def main() -> None:
    mode = sys.argv[1]
    if mode == "table":  # the console script's own path: tui.launch.main(["--db", DB])
        sys.path.insert(0, str(ROOT))
        from tui import launch

        import_app = launch.import_app

        def headless_app_factory():  # type: ignore[no-untyped-def]
            make_app = import_app()

            def make(*args, **kwargs):  # type: ignore[no-untyped-def]
                app = make_app(*args, **kwargs)
                run = app.run
                app.run = lambda: run(headless=True, size=(120, 40), auto_pilot=_print_when_table_shows)
                return app

            return make

        launch.import_app = headless_app_factory  # main() looks it up when it starts the app
        launch.main(["--db", sys.argv[2]])
        return
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
    from tui.launch import import_app

    make_app = import_app()  # as the console script imports it

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
