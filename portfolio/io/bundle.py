"""The bundled database (``data/projects.json``), built from the seeds by the importers.

``scripts/build_data.py`` calls ``write_bundle``; a test rebuilds it into a temporary folder
and compares it byte for byte with the tracked file. What it holds:

* the plan's 34 key projects (its appendix) and 38 indicators (专栏2), from seed 004;
* the tasks of Liuzhou's annual plans: seed 001 (the city's 2022 water plan), seeds 000 and
  003 (its Liujiang district's 2024 water and soil plans). Seed 002 (Qinzhou) is another city's
  and is not bundled;
* the units directory's defaults (``units.default_entries``).

The records are written as the store writes a new database (``FileRepository.create``: no time
stamps, journal sequence 0), so that the file depends on the seeds alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..records.unit import UnitRecord
from ..store.json_parse import dump_json
from ..store.kinds import KINDS, record_dict
from ..store.schema import empty_database
from ..store.storage import atomic_write
from ..units import default_entries

PLAN_SEED = "004_ae4b6fe49ab368be.txt"
TASK_SEEDS = ("001_80156d0f31168e95.txt", "000_a3e3034f867074b8.txt", "003_8ba30ea8c8a4b740.txt")


def build_bundle(seeds: Path) -> dict[str, Any]:
    from .indicators import read_indicators
    from .plan_text import read_plan_text
    from .tasks_text import read_tasks_text

    plan = seeds / PLAN_SEED
    by_kind: dict[str, list[Any]] = {
        "project": read_plan_text(plan),
        "indicator": read_indicators(plan),
        "task": [t for name in TASK_SEEDS for t in read_tasks_text(seeds / name)],
        "unit": [UnitRecord(code=e.name, aliases=e.aliases, members=e.members) for e in default_entries()],
    }
    data = empty_database()
    counters: dict[str, int] = {}
    for name, records in by_kind.items():
        kind = KINDS[name]
        table = data.setdefault(kind.table, {})
        for record in sorted(records, key=kind.order) if name != "unit" else records:
            table[record.code] = record_dict(record)
            prefix = record.code.rstrip("0123456789")
            number = record.code[len(prefix):]
            if number.isdigit() and name != "unit":
                key = kind.counter_key(prefix)
                counters[key] = max(counters.get(key, 0), int(number))
    data["meta"]["schema"]["counters"] = counters
    return data


def bundle_bytes(seeds: Path) -> bytes:
    return dump_json(build_bundle(seeds))


def write_bundle(seeds: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, bundle_bytes(seeds))
