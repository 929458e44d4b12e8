"""The bundled database is what the importers make of the seeds, byte for byte; importing the
seeds one after the other with the CLI gives the same records; Qinzhou's plan (seed 002) is
not bundled but imports into a database of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from portfolio.cli import main
from portfolio.io.bundle import TASK_SEEDS
from portfolio.store import Repository

from .conftest import BUNDLED, ROOT, SEEDS


def test_build_script_rebuilds_the_bundled_file_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "projects.json"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_data.py"), "-o", str(target)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == BUNDLED.read_bytes()


def test_the_bundle_holds_the_three_lists() -> None:
    repo = Repository.open(BUNDLED)
    assert len(repo.projects()) == 34
    assert len(repo.records("indicator")) == 38
    tasks = repo.records("task")
    by_plan = {code: sum(t.plan_code == code for t in tasks) for code in dict.fromkeys(t.plan_code for t in tasks)}
    assert by_plan == {"LZS2022W": 54, "LJQ2024S": 15, "LJQ2024W": 54}
    assert not any(t.plan.startswith("钦州") for t in tasks)
    assert {u.code for u in repo.records("unit")} >= {"市生态环境局", "各县区人民政府", "鹿寨县"}


def strip_stamps(table: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    return {code: {k: v for k, v in record.items() if k != "updated_at"} for code, record in table.items()}


def test_cli_imports_give_the_bundled_records(tmp_path: Path, capsys) -> None:
    db = tmp_path / "new.json"
    for seed in ("004_ae4b6fe49ab368be.txt", *TASK_SEEDS):
        assert main(["import", str(SEEDS / seed), "--db", str(db)]) == 0
    made, bundled = orjson.loads(db.read_bytes()), orjson.loads(BUNDLED.read_bytes())
    for table in ("projects", "indicators", "tasks"):
        assert sorted(strip_stamps(made[table]).items()) == sorted(strip_stamps(bundled[table]).items()), table
    out = capsys.readouterr().out
    assert "38" in out and "54" in out and "15" in out


def test_qinzhou_imports_into_a_database_of_its_own(tmp_path: Path, capsys) -> None:
    db = tmp_path / "qinzhou.json"
    assert main(["import", str(SEEDS / "002_1cf15a59c1d7aec4.txt"), "--db", str(db)]) == 0
    repo = Repository.open(db)
    tasks = repo.records("task")
    assert len(tasks) == 56 and repo.projects() == [] and repo.records("indicator") == []
    assert {t.plan for t in tasks} == {"钦州市2024年度水污染防治工作实施方案"}
    t13 = repo.get("QZS2024W-13", "task")
    assert t13.name == "增强港口码头污染防治能力"
    assert t13.lead_units == ["北部湾港口管理局钦州分局", "自治区交通运输综合行政执法局第十支队"]
    # importing it again changes nothing
    before = db.read_bytes()
    assert main(["import", str(SEEDS / "002_1cf15a59c1d7aec4.txt"), "--db", str(db)]) == 0
    assert db.read_bytes() == before
