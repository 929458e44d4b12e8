"""What a new user meets (issue 12): formatted amounts in every text table, messages the
extractor can see, help in the chosen language, field and query errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from wcwidth import wcswidth

from portfolio.cli import main
from portfolio.tables import wrap_text

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_amounts_over_a_thousand_everywhere_text_is_tabulated(capsys, db_path, tmp_path, lang):
    db = ("--db", str(db_path), "--lang", lang)
    assert run(capsys, "set", "A01", "completed=50000", "planned=1234567.5", "progress=40", *db)[0] == 0
    code, out, err = run(capsys, "show", "A01", *db)
    assert code == 0, err
    assert "50,000.00" in out and "1,234,567.50" in out
    assert run(capsys, "list", *db)[0] == 0
    for fmt in ("txt", "md"):
        code, out, err = run(capsys, "review", "--as-of", "2023-12-31", "--format", fmt, *db)
        assert code == 0, err
    for fmt in ("md", "txt", "html", "csv", "xlsx", "docx"):
        target = tmp_path / f"out.{fmt}"
        if fmt == "docx":
            code, _out, err = run(capsys, "review", "--as-of", "2023-12-31", "-o", str(target), *db)
        else:
            code, _out, err = run(capsys, "export", "-o", str(target), *db)
        assert code == 0, err
    assert "50,000" in (tmp_path / "out.md").read_text(encoding="utf-8") or \
        "50000" in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_show_wraps_long_fields_in_linear_time():
    text = "污水处理 " * 200_000  # 1M characters: tabulate's own wrapping took 32 s
    import time

    start = time.process_time()
    wrapped = wrap_text(text, 60)
    elapsed = time.process_time() - start
    lines = wrapped.splitlines()
    assert max(wcswidth(line) for line in lines) <= 60
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert elapsed < 10  # linear: about a second; quadratic was half a minute


def test_wrap_keeps_every_character():
    assert wrap_text("ab cd ef", 5) == "ab cd\nef"
    assert wrap_text("一二三四五六", 4) == "一二\n三四\n五六"
    assert wrap_text("x" * 12, 5) == "xxxxx\nxxxxx\nxx"


def _gettext_in_fstrings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and \
                        inner.func.id in ("_", "N_") and inner.args and isinstance(inner.args[0], ast.Constant):
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    return found


def test_no_gettext_call_inside_an_fstring():
    """The extractor cannot see ``_("...")`` inside an f-string: such text stays English."""
    found = [hit for folder in ("portfolio", "tui") for p in sorted((ROOT / folder).rglob("*.py"))
             for hit in _gettext_in_fstrings(p)]
    assert found == []


def test_review_headings_are_chinese(capsys, db_path):
    code, out, _ = run(capsys, "review", "--as-of", "2023-12-31", "--db", str(db_path))
    assert code == 0
    assert "分类汇总" in out and "Summary by category" not in out


@pytest.mark.parametrize(("lang", "expected"), [("zh_CN", "显示程序版本并退出"), ("en", "show the program's version")])
def test_version_help_in_the_chosen_language(capsys, lang, expected):
    with pytest.raises(SystemExit):
        main(["--lang", lang, "--help"])
    assert expected in capsys.readouterr().out


def test_db_help_names_the_real_default(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "list", "--help"])
    out = "".join(capsys.readouterr().out.split())  # argparse may wrap the path at a hyphen
    assert str(ROOT / "data" / "projects.json").replace(" ", "") in out


def test_db_help_outside_a_checkout_names_the_user_copy(monkeypatch):
    from portfolio import paths
    from portfolio.cli import base

    monkeypatch.setattr(paths, "checkout_db", lambda: None)
    assert str(paths.user_db()) in base._db_help()


def test_unknown_field_lists_the_documented_names(capsys, db_path):
    code, _out, err = run(capsys, "set", "W01", "foo=1", "--db", str(db_path))
    code_bad_value, _o, _e = run(capsys, "set", "W01", "progress=abc", "--db", str(db_path))
    assert code == code_bad_value == 1
    assert "progress" in err and "planned" in err and "progress_percent" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("query", ["-", "- ", "cat:碧水 -", "- cat:碧水", '-""'])
def test_a_lone_minus_is_an_error_naming_it(capsys, db_path, query):
    code, _out, err = run(capsys, "list", "--where", query, "--db", str(db_path))
    assert code != 0
    assert "-" in err and len(err.strip().splitlines()) == 1
