"""Build the bundled database from the seeds (the plan and Liuzhou's annual work plans).

    .venv/bin/python scripts/build_data.py                 # writes data/projects.json
    .venv/bin/python scripts/build_data.py -o /tmp/x.json  # elsewhere
    .venv/bin/python scripts/build_data.py --check         # exit 1 if data/projects.json differs

The same records as importing the seeds one after the other into a new database::

    portfolio --db NEW.json import seeds/004_ae4b6fe49ab368be.txt   # 34 projects, 38 indicators
    portfolio --db NEW.json import seeds/001_80156d0f31168e95.txt   # 54 tasks (Liuzhou 2022, water)
    portfolio --db NEW.json import seeds/000_a3e3034f867074b8.txt   # 54 tasks (Liujiang 2024, water)
    portfolio --db NEW.json import seeds/003_8ba30ea8c8a4b740.txt   # 15 tasks (Liujiang 2024, soil)

but written without time stamps or journal (``portfolio.io.bundle``), so that the file depends
on the seeds alone and a test can rebuild it byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio.io.bundle import bundle_bytes, write_bundle  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "data" / "projects.json")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    if args.check:
        same = args.output.read_bytes() == bundle_bytes(args.seeds)
        print("up to date" if same else f"{args.output} differs from a build from {args.seeds}")
        return 0 if same else 1
    write_bundle(args.seeds, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
