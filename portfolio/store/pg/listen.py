"""LISTEN/NOTIFY: every write step announces its last journal ``seq`` on the ``portfolio``
channel (``repo.py``); a ``Listener`` keeps the highest it heard, in a thread of its own with
a connection of its own, so that the UI's live view learns of other users' changes without
asking the server every time it looks (``Repository.watch_token``).

When the server goes away the listener reconnects every second; each reconnection reads the
journal's last ``seq`` (what was announced while it was away)."""

from __future__ import annotations

import threading
import time

import psycopg

from .connect import connect

CHANNEL = "portfolio"


class Listener:
    def __init__(self, url: str, start: int) -> None:
        self.url = url
        self.latest = start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="portfolio listen", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with connect(self.url, autocommit=True) as conn:
                    conn.execute("LISTEN portfolio")
                    row = conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()
                    self.latest = max(self.latest, int(row[0]) if row else 0)
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            if note.payload.isdigit():
                                self.latest = max(self.latest, int(note.payload))
            except psycopg.Error:
                time.sleep(1.0)
