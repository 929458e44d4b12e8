"""Issue 19, names that cannot collide or loop, and nothing raw on the terminal: unit groups
acyclic, the sanitiser on every store of names (units, aliases, groups, saved filters),
Unicode format characters refused in one-line fields, saved filters expanded within a bound,
and every message through the one output function."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio import saved_filters
from portfolio.cli import main
from portfolio.text import FORMAT_CLASS, first_refused, for_terminal, one_line

ESC = "\x1b"
OSC = "\x1b]0;pwned\x07"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # a usage error (exit status 2)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def raw_escape_free(text: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" for ch in text)


# -- unit groups are acyclic ---------------------------------------------------------------------
def test_a_group_cycle_is_refused_naming_the_path(capsys, db_path: Path):
    before = db_path.read_bytes()
    code, out, err = run(capsys, "units", "group", "鹿寨县", "各县区人民政府", "--db", str(db_path))
    assert code == 1 and out == ""
    assert "鹿寨县 → 各县区人民政府 → 鹿寨县" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_a_group_of_itself_is_refused(capsys, db_path: Path):
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "units", "group", "丙组", "丙组", "--db", str(db_path))
    assert code == 1 and "丙组" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_a_longer_cycle_through_new_groups_is_refused(capsys, db_path: Path):
    db = ("--db", str(db_path))
    assert run(capsys, "units", "group", "甲组", "乙组", *db)[0] == 0
    assert run(capsys, "units", "group", "乙组", "丙组", *db)[0] == 0
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "units", "group", "丙组", "市生态环境局", "甲组", *db)
    assert code == 1 and "丙组 → 甲组 → 乙组 → 丙组" in err
    assert db_path.read_bytes() == before
    # a group that is not a cycle is still fine
    assert run(capsys, "units", "group", "丙组", "市生态环境局", *db)[0] == 0


def test_an_alias_that_is_another_units_name_is_refused(capsys, db_path: Path):
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "units", "alias", "市生态环境局", "鹿寨县", "--db", str(db_path))
    assert code == 1 and "鹿寨县" in err
    assert db_path.read_bytes() == before


# -- the sanitiser on every store of names -------------------------------------------------------
@pytest.mark.parametrize("bad", [OSC, "\u202e", "\u200b", "\ufeff", "\n", "\x9b"])
@pytest.mark.parametrize("action", [("alias", "市生态环境局", "X{bad}Y"), ("group", "X{bad}Y", "市应急局"),
                                    ("group", "新组", "市{bad}应急局"), ("alias", "新{bad}单位", "别名")])
def test_units_directory_names_run_the_sanitiser(capsys, db_path: Path, bad: str, action):
    before = db_path.read_bytes()
    argv = [a.format(bad=bad) for a in action]
    code, out, err = run(capsys, "units", *argv, "--db", str(db_path))
    assert code == 1 and out == "", out
    assert err.count("\n") == 1 and raw_escape_free(err), repr(err)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("bad", [OSC, "\u202e", "\u200b", "\n"])
def test_saved_filter_names_and_queries_run_the_sanitiser(capsys, bad: str):
    code, _out, err = run(capsys, "filter", "save", f"a{bad}b", "cat:碧水")
    assert code == 1 and err.count("\n") == 1 and raw_escape_free(err), repr(err)
    code, _out, err = run(capsys, "filter", "save", "ok", f"cat:碧水{bad}status:completed")
    assert code == 1 and err.count("\n") == 1 and raw_escape_free(err), repr(err)
    assert saved_filters.saved() == {}


def test_a_saved_filter_that_would_close_a_cycle_is_refused_naming_it(capsys) -> None:
    assert run(capsys, "filter", "save", "b", "cat:碧水")[0] == 0
    assert run(capsys, "filter", "save", "a", "@b end:<=2023")[0] == 0
    code, _out, err = run(capsys, "filter", "save", "b", "@a")
    assert code == 1 and err.strip() == "错误：已保存的筛选“@b”引用了自身：@b → @a → @b", err
    code, _out, err = run(capsys, "filter", "save", "c", "@c")
    assert code == 1 and "@c → @c" in err
    assert saved_filters.saved() == {"b": "cat:碧水", "a": "@b end:<=2023"}


@pytest.mark.parametrize("bad", ["\u202e", "\u200b", "\u2066", "\ufeff", "\n"])
def test_json_import_refuses_format_characters_in_one_line_fields(capsys, db_path: Path, tmp_path: Path, bad):
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["projects"]["W01"]["name"] = f"污水{bad}处理"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(list(data["projects"].values()), ensure_ascii=False), encoding="utf-8")
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "import", str(source), "--db", str(db_path))
    assert code == 1 and (f"U+{ord(bad):04X}" in err or "一行" in err), err
    assert db_path.read_bytes() == before


def test_set_refuses_a_bidi_override_in_a_name_and_keeps_it_in_content(capsys, db_path: Path):
    db = ("--db", str(db_path))
    code, _out, err = run(capsys, "set", "W01", "name=污水\u202e处理", *db)
    assert code == 1 and "U+202E" in err
    # line breaks stay allowed in the multi-line texts
    assert run(capsys, "set", "W01", "content=第一行\n第二行", *db)[0] == 0


def test_the_format_class_holds_every_format_character():
    import re

    pattern = re.compile(f"[{FORMAT_CLASS}]")
    missing = [hex(cp) for cp in range(sys.maxunicode + 1)
               if unicodedata.category(chr(cp)) in ("Cf", "Zl", "Zp") and not pattern.match(chr(cp))]
    assert missing == []


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_fuzz_one_line_output_holds_nothing_a_terminal_acts_on(text: str):
    shown = one_line(text)
    assert raw_escape_free(shown) and "\n" not in shown and "\t" not in shown
    assert raw_escape_free(for_terminal(text))


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_fuzz_a_name_either_passes_or_is_refused_for_a_named_character(text: str):
    refused = first_refused("name", text)
    if refused is None:
        assert "\n" not in text and raw_escape_free(text.replace("\t", ""))
    else:
        assert refused[1] in text


# -- saved filters expand within a bound ----------------------------------------------------------
def _write_filters(filters: dict[str, str]) -> None:
    from portfolio import settings as user_settings

    path = user_settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"saved_filters": filters}), encoding="utf-8")


def test_ten_wide_mutual_references_are_refused_at_once(capsys, db_path: Path):
    names = [f"f{i}" for i in range(10)]
    _write_filters({n: " ".join("@" + m for m in names if m != n) for n in names})
    code, out, err = run(capsys, "list", "--where", "@f0", "--db", str(db_path))
    assert code == 1 and out == "" and "@f0 → @f1 → @f0" in err


def test_wide_references_without_a_cycle_stop_at_the_size_or_depth_bound(capsys, db_path: Path):
    names = [f"f{i}" for i in range(40)]
    _write_filters({n: " ".join("@" + m for m in names[i + 1:]) + " status:completed" for i, n in enumerate(names)})
    code, out, err = run(capsys, "list", "--where", "@f0", "--db", str(db_path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert str(saved_filters.MAX_DEPTH) in err or str(saved_filters.MAX_EXPANDED_CHARS) in err
    # a shallow chain still expands
    _write_filters({"a": "@b", "b": "cat:碧水"})
    assert run(capsys, "list", "--where", "@a", "--db", str(db_path))[0] == 0


def test_size_bound_on_a_shallow_fan_out(capsys):
    wide = "cat:碧水 " * 300
    table = {"big": wide, "top": " ".join(["@big"] * 10)}
    with pytest.raises(saved_filters.FilterNameError, match=str(saved_filters.MAX_EXPANDED_CHARS)):
        saved_filters.expand("@top", table)


# -- nothing raw reaches the terminal -------------------------------------------------------------
def test_echoed_arguments_and_paths_are_escaped(capsys, db_path: Path, tmp_path: Path):
    db = ("--db", str(db_path))
    for argv in (("show", f"W{OSC}1", *db), ("list", "--db", str(tmp_path / f"no{OSC}.json")),
                 ("import", str(tmp_path / f"x{OSC}.csv"), *db), ("list", "--lang", f"e{OSC}n", *db),
                 ("show", "I9\x1b[2J", "--kind", "indicator", *db)):
        code, out, err = run(capsys, *argv)
        assert code != 0, argv
        assert raw_escape_free(out + err) and err.count("\n") == 1, (argv, err)


def test_export_success_line_escapes_the_path(capsys, db_path: Path, tmp_path: Path):
    target = tmp_path / f"out{ESC}[31m.csv"
    code, out, err = run(capsys, "export", "-o", str(target), "--db", str(db_path))
    assert code == 0, err
    assert target.exists() and raw_escape_free(out) and "\\x1b[31m" in out


def test_hand_edited_names_are_shown_escaped_by_units_log_and_filter_list(capsys, db_path: Path):
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["projects"]["W01"]["units"] = [f"单位{OSC}"]
    data["units"][f"组{OSC}"] = {"code": f"组{OSC}", "aliases": [f"别{ESC}[2J"], "members": ["市应急局"],
                                 "updated_at": None}
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _write_filters({f"f{ESC}]0;x\x07": f"cat:碧水{ESC}[31m"})
    for argv in (("units",), ("units", "--format", "json"), ("filter", "list"), ("list",), ("show", "W01"),
                 ("list", "--format", "json")):
        code, out, err = run(capsys, *argv, "--db", str(db_path))
        assert code == 0, (argv, err)
        assert raw_escape_free(out) and raw_escape_free(err), (argv, out[:200])
    code, out, _err = run(capsys, "units", "--format", "json", "--db", str(db_path))
    assert any(e["name"] == f"组{OSC}" for e in json.loads(out))  # the JSON is the same JSON
