"""Settings are a convenience (hypothesis): whatever bytes the settings file holds, ``load``
gives settings or one warning and the defaults, the typed views give values of their types,
and a change saved on top of it is read back."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio import settings as user_settings

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
KEYS = st.sampled_from(["columns", "filter_history", "saved_filters", "export", "other"])
DOCUMENTS = st.dictionaries(KEYS, JSON | st.dictionaries(st.sampled_from(["project", "task", "format", "a"]), JSON),
                            max_size=5)


def check_views(loaded: user_settings.Settings) -> None:
    assert loaded.warning is None or "\n" not in loaded.warning
    for kind in ("project", "task", "indicator"):
        columns = loaded.columns(kind)
        assert columns is None or all(isinstance(c, str) for c in columns)
    assert all(isinstance(h, str) for h in loaded.history())
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in loaded.saved_filters().items())
    fmt, folder = loaded.export_choice()
    assert fmt is None or isinstance(fmt, str)
    assert folder is None or isinstance(folder, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=DOCUMENTS | JSON, raw=st.binary(max_size=64), use_raw=st.booleans())
def test_any_settings_file_loads_and_saves(tmp_path: Path, document, raw, use_raw):
    path = tmp_path / "settings.json"
    path.write_bytes(raw if use_raw else json.dumps(document).encode())
    check_views(user_settings.load(path))
    saved = user_settings.update(lambda data: data.__setitem__("saved_filters", {"mine": "cat:碧水"}), path)
    check_views(saved)
    again = user_settings.load(path)
    assert again.saved_filters() == {"mine": "cat:碧水"}
    check_views(again)
