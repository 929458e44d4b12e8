"""The command line, run in-process (main) and as a real process (console script)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from wcwidth import wcswidth

from portfolio.cli import main
from portfolio.store import Repository

from .conftest import BUNDLED, plan_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_is_the_full_records(capsys, db_path):
    code, out, _ = run(capsys, "list", "--format", "json", "--db", str(db_path))
    assert code == 0
    records = orjson.loads(out)
    assert records == list(orjson.loads(BUNDLED.read_bytes())["projects"].values())


def test_list_where_table_is_aligned(capsys, db_path):
    code, out, _ = run(capsys, "list", "--where", "cat:碧水 end:<=2023", "--db", str(db_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[2].startswith("W05") and lines[3].startswith("W08")
    assert "共 34 个项目，显示 2 个" in lines[-1]
    widths = {wcswidth(line.rstrip()) for line in lines[:4]}
    # header, rule and rows share column starts: the rule is as wide as the widest line
    assert max(widths) == wcswidth(lines[1])


def test_db_from_environment(capsys, db_path, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_DB", str(db_path))
    code, out, _ = run(capsys, "show", "W05")
    assert code == 0 and "柳州市农村黑臭水体治理试点项目" in out and "鹿寨县人民政府（牵头）" in out


def test_unknown_query_key(capsys, db_path):
    code, out, err = run(capsys, "list", "--where", "foo:bar", "--db", str(db_path))
    assert code == 1 and out == ""
    assert "foo" in err and "cat, sub, unit, lead, year, start, end, status, code" in err
    assert len(err.strip().splitlines()) == 1


def test_set_prints_changes_and_logs_progress(capsys, db_path):
    code, out, _ = run(capsys, "set", "w05", "status=实施中", "progress=40", "--note", "已开工",
                       "--db", str(db_path))
    assert code == 0
    assert "W05 状态：未填报 → 实施中" in out
    assert "W05 进度：0% → 40%" in out
    assert "W05 进展记录：+" in out and "40% 实施中" in out
    p = Repository.open(db_path).get("W05")
    assert p.status == "in_progress" and p.progress_percent == 40
    assert [(e.percent, e.status, e.note) for e in p.progress_log] == [(40, "in_progress", "已开工")]


def test_set_years_units_category(capsys, db_path):
    code, out, _ = run(capsys, "set", "K01", "years=2022-2024", "units=市生态环境局、市公安局",
                       "planned=1500.5", "--db", str(db_path))
    assert code == 0, out
    p = Repository.open(db_path).get("K01")
    assert (p.start_year, p.end_year, p.units, p.planned_investment) == (
        2022, 2024, ["市生态环境局", "市公安局"], 1500.5)


def test_set_years_as_the_plan_writes_them(capsys, db_path):
    code, out, _ = run(capsys, "set", "K01", "years=2022至2025年", "--db", str(db_path))
    assert code == 0, out
    assert Repository.open(db_path).get("K01").years == "2022-2025"
    before = db_path.read_bytes()
    code, _, err = run(capsys, "set", "K01", "years=明年", "--db", str(db_path))
    assert code == 2 and "明年" in err and "2021-2023" in err
    assert db_path.read_bytes() == before


def test_set_quotes_pasted_line_breaks_on_one_line(capsys, db_path):
    code, _, err = run(capsys, "set", "K01", "name\n新名称", "--db", str(db_path))
    assert code == 2 and "name\\n新名称" in err and len(err.strip().splitlines()) == 1


def test_set_completed_means_100(capsys, db_path):
    run(capsys, "set", "R01", "status=completed", "--db", str(db_path))
    assert Repository.open(db_path).get("R01").progress_percent == 100


def test_set_invalid_is_refused_and_file_unchanged(capsys, db_path):
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "set", "W01", "end=2019", "--db", str(db_path))
    assert code == 1 and "end_year" in err and "结束年份 2019 早于开始年份 2021" in err
    code, _out, err = run(capsys, "set", "W01", "colour=red", "--db", str(db_path))
    assert code == 1 and "colour" in err  # like every other field error
    code, _out, err = run(capsys, "set", "Z01", "name=x", "--db", str(db_path))
    assert code == 1 and "Z01" in err
    assert db_path.read_bytes() == before


def test_undo(capsys, db_path):
    run(capsys, "set", "W01", "name=临时", "--db", str(db_path))
    code, out, _ = run(capsys, "undo", "--db", str(db_path))
    assert code == 0 and "已撤销" in out and "临时 → 柳州市集中式饮用水水源水环境保护项目" in out
    assert Repository.open(db_path).get("W01").name == "柳州市集中式饮用水水源水环境保护项目"


def test_corrupt_database_one_line_error(capsys, db_path):
    db_path.write_bytes(b'{"meta": ')
    code, _out, err = run(capsys, "list", "--db", str(db_path))
    assert code == 1 and str(db_path) in err and "JSON" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert db_path.read_bytes() == b'{"meta": '


def test_missing_database(capsys, tmp_path):
    code, _, err = run(capsys, "list", "--db", str(tmp_path / "nope.json"))
    assert code == 1 and "nope.json" in err and "文件不存在" in err


def test_import_creates_and_reimport_changes_nothing(capsys, tmp_path):
    db = tmp_path / "new.json"
    code, out, _ = run(capsys, "import", str(plan_path()), "--db", str(db))
    assert code == 0 and "34" in out and "38 项指标" in out
    made, bundled = orjson.loads(db.read_bytes()), orjson.loads(BUNDLED.read_bytes())
    assert made["projects"] == bundled["projects"]
    assert [{k: v for k, v in i.items() if k != "updated_at"} for i in made["indicators"].values()] == \
        [{k: v for k, v in i.items() if k != "updated_at"} for i in bundled["indicators"].values()]
    first = db.read_bytes()
    code, out, _ = run(capsys, "import", str(plan_path()), "--db", str(db), "--dry-run")
    assert "将有 0 个项目变化" in out and "0 项指标将有更新" in out
    code, out, _ = run(capsys, "import", str(plan_path()), "--db", str(db))
    assert db.read_bytes() == first


def test_reimport_keeps_tracking_fields(capsys, db_path):
    Repository.open(db_path).update("W01", {"name": "改名", "progress_percent": 30})
    run(capsys, "import", str(plan_path()), "--db", str(db_path))
    p = Repository.open(db_path).get("W01")
    assert p.name == "柳州市集中式饮用水水源水环境保护项目" and p.progress_percent == 30


def test_english(capsys, db_path):
    _code, out, _ = run(capsys, "--lang", "en", "list", "-w", "code:R01", "--db", str(db_path))
    assert "Lead unit" in out and "Waste clearance" in out and "not reported" in out
    assert "1 of 34 projects" in out


def test_language_from_environment(capsys, db_path, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_LANG", "en")
    _, out, _ = run(capsys, "list", "-w", "code:R01", "--db", str(db_path))
    assert "Lead unit" in out


def test_console_script_process(db_path):
    exe = Path(sys.executable).with_name("portfolio")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.launch"]
    result = subprocess.run([*cmd, "list", "--where", "foo:bar", "--db", str(db_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "foo" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run([*cmd, "list", "-f", "json", "-w", "cat:清废", "--db", str(db_path)],
                            capture_output=True, text=True, timeout=60)
    assert [r["code"] for r in orjson.loads(result.stdout)] == ["R01", "R02", "R03", "R04"]


@pytest.mark.parametrize("argv", [["--lang", "fr", "list"], ["list", "--format", "xml"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_help_and_usage_errors_in_the_chosen_language(capsys):
    import argparse

    saved = argparse._  # type: ignore[attr-defined]
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：portfolio list") and "显示本帮助并退出" in out and "筛选条件" in out
    with pytest.raises(SystemExit):
        main(["export"])
    assert "portfolio export：错误：缺少以下参数：-o/--output" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "list", "--format", "xml"])
    assert "portfolio list: error: argument --format/-f: invalid choice: 'xml'" in capsys.readouterr().err
    assert argparse._ is saved  # type: ignore[attr-defined]  # argparse itself is left as it was


def test_where_may_start_with_a_negation(capsys, db_path):
    code, out, _ = run(capsys, "list", "--where", "-cat:碧水", "--db", str(db_path))
    assert code == 0 and "共 34 个项目，显示 26 个" in out
    code, out, _ = run(capsys, "list", "-w", "-status:completed -cat:碧水", "-f", "json", "--db", str(db_path))
    assert code == 0 and len(orjson.loads(out)) == 26


def test_set_strips_typed_text(capsys, db_path):
    run(capsys, "set", "W01", "content=  新的内容  ", "--db", str(db_path))
    assert Repository.open(db_path).get("W01").content == "新的内容"
