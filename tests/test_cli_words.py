"""Every CLI output of every kind, in the Chinese interface, speaks Chinese: no raw enum value
(``not_started``, ``on_path``, ``higher``) and no English word outside codes, units and the
data's own text (``PM2.5``). Runs on a copy of the bundled database with reported values, a
backdated progress report, a hand-set due date and a units directory edit, so that the change
reports and the history have every kind of value to show."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import orjson
import pytest

from portfolio.cli import main
from portfolio.i18n import set_language
from portfolio.records.fields import Status
from portfolio.records.indicator.model import IndicatorState
from portfolio.records.task.model import DueState

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "projects.json"
RAW = {*(s.value for s in Status), *(s.value for s in IndicatorState), *(s.value for s in DueState),
       "higher", "lower", "True", "False", "None"}
WORD = re.compile(r"[A-Za-z_][A-Za-z_]{2,}")


def _data_words() -> set[str]:
    """The ASCII words the data itself holds (names, units, plan codes): not interface words."""
    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            words.update(WORD.findall(value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(orjson.loads(BUNDLED.read_bytes()))
    return words - RAW


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "projects.json"
    shutil.copyfile(BUNDLED, path)
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main([*args, "--lang", "zh_CN", "--user", "测试员"])
    out, err = capsys.readouterr()
    return out + err


def test_every_output_of_every_kind_is_chinese(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    d = ("--db", str(db))
    outputs = {
        "set W05": _run(capsys, "set", "W05", "progress=40", *d),
        "set W05 earlier": _run(capsys, "set", "W05", "progress=25", "--date", "2023-06-30", *d),
        "set W06 status": _run(capsys, "set", "W06", "status=not_started", *d),
        "report": _run(capsys, "report", "I25", "2023", "57", *d),
        "report again": _run(capsys, "report", "I25", "2023", "58", *d),
        "report qualitative": _run(capsys, "report", "I11", "2023", "达到", "--met", *d),
        "report refused": _run(capsys, "report", "I25", "2023", "很多", *d),
        "report unknown": _run(capsys, "report", "I99", "2023", "5", *d),
        "task text": _run(capsys, "set", "--kind", "task", "LZS2022W-05", "deadline=年底前（调整）", *d),
        "task date": _run(capsys, "set", "--kind", "task", "LZS2022W-05", "deadline=2024-06-30", *d),
        "task status": _run(capsys, "set", "--kind", "task", "LZS2022W-05", "status=in_progress", *d),
        "indicator direction": _run(capsys, "set", "--kind", "indicator", "I25", "direction=higher", *d),
        "units alias": _run(capsys, "units", "alias", "市生态环境局", "环保局", *d),
        "units": _run(capsys, "units", *d),
    }
    for kind, code in (("project", "W05"), ("task", "LZS2022W-05"), ("indicator", "I25")):
        outputs[f"list {kind}"] = _run(capsys, "list", "--kind", kind, *d)
        outputs[f"show {kind}"] = _run(capsys, "show", "--kind", kind, code, *d)
    outputs["log"] = _run(capsys, "log", *d)
    outputs["review"] = _run(capsys, "review", "--as-of", "2023-12-31", *d)
    assert "没有编号为 I99 的指标" in outputs["report unknown"]
    assert "2023年 57 → 58" in outputs["report again"] and "2023年 57 → 58" in outputs["log"]
    assert "手动设定" in outputs["show task"]
    allowed = _data_words()
    for name, text in outputs.items():
        raw = sorted({w for w in WORD.findall(text) if w in RAW})
        assert not raw, f"{name}: raw values {raw} in\n{text}"
        english = sorted({w for w in WORD.findall(text) if w not in allowed and not w.isupper()})
        assert not english, f"{name}: English words {english} in\n{text}"
    set_language("zh_CN")
