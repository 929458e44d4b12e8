"""Write the plan's 专栏 boxes 3-15 (``portfolio/plan_boxes.json``) from seed 004.

    .venv/bin/python scripts/build_boxes.py            # writes portfolio/plan_boxes.json
    .venv/bin/python scripts/build_boxes.py --check    # exit 1 if it differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio.io.boxes import boxes_bytes  # noqa: E402
from portfolio.io.bundle import PLAN_SEED  # noqa: E402
from portfolio.plan_boxes import BOXES_FILE  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    data = boxes_bytes(args.seeds / PLAN_SEED)
    if args.check:
        same = BOXES_FILE.read_bytes() == data
        print("up to date" if same else f"{BOXES_FILE} differs from a build from {args.seeds}")
        return 0 if same else 1
    BOXES_FILE.write_bytes(data)
    print(f"wrote {BOXES_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
