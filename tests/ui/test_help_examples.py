"""Issue 18: the help's query examples must run. Every example of every list, in both
languages, parses through that list's query language (the filter box's own compiler); the
project example ``unit:鹿寨县 -status:completed`` finds what the help says it does."""

from __future__ import annotations

import pytest

from portfolio import i18n, saved_filters
from portfolio.records.fields import Status
from portfolio.store import open_repository
from portfolio.units import unit_matcher
from tui.panes import pane_kind
from tui.screens.help import QUERY_EXAMPLES, examples_of


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("kind", ["project", "task", "indicator"])
def test_every_help_example_parses(db_path, kind, lang):
    i18n.set_language(lang)
    try:
        view = pane_kind(open_repository(db_path), kind)
        shown = examples_of(kind)
        assert len(shown) >= 3
        for text, _meaning in shown:
            if text.startswith("@"):  # a saved filter: as the filter box expands it
                text = saved_filters.expand(text, {text[1:]: "水"})
            query = view.compile(text)  # raises on a term the language does not know
            assert not query.empty, text
    finally:
        i18n.set_language("zh_CN")


def test_the_unit_example_finds_the_unit_s_projects_not_completed(db_path):
    text = "unit:鹿寨县 -status:completed"
    assert text in [t for t, _m in QUERY_EXAMPLES]
    repo = open_repository(db_path, author="tester")
    view = pane_kind(repo, "project")
    found = {p.code for p in view.compile(text).filter(repo.projects())}
    part = {p.code for p in view.compile("unit:鹿寨县").filter(repo.projects())}
    assert found and found == {c for c in part if repo.get(c).status != Status.COMPLETED}
    takes_part = unit_matcher("鹿寨县")  # by name, alias or a group it belongs to (各县区人民政府)
    assert all(takes_part(repo.get(c).units) for c in found)
    done = sorted(found)[0]
    repo.update(done, {"status": "completed", "progress_percent": 100})
    after = {p.code for p in view.compile(text).filter(open_repository(db_path).projects())}
    assert after == found - {done}
