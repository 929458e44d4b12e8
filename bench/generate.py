"""Deterministic synthetic portfolios for benchmarks: realistic Chinese text lengths, the six
categories, years 2021-2030, responsible units from a realistic pool, some progress logs.

    python bench/generate.py 100000 -o /tmp/p100k.json [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio.records.fields import ProgressEntry, Status  # noqa: E402
from portfolio.records.project.categories import CATEGORIES  # noqa: E402
from portfolio.records.project.model import Project  # noqa: E402
from portfolio.store import Repository  # noqa: E402

CITIES = ["南宁", "柳州", "桂林", "梧州", "北海", "防城港", "钦州", "贵港", "玉林", "百色", "贺州", "河池",
          "来宾", "崇左"]
COUNTIES = ["柳江区", "柳城县", "鹿寨县", "融安县", "融水县", "三江县", "武鸣区", "横州市", "阳朔县", "灵川县",
            "藤县", "岑溪市", "合浦县", "东兴市", "灵山县", "浦北县", "平南县", "桂平市", "北流市", "容县",
            "田阳区", "靖西市", "昭平县", "钟山县", "宜州区", "南丹县", "象州县", "武宣县", "凭祥市", "龙州县"]
BUREAUS = ["生态环境局", "发展改革委", "工业和信息化局", "自然资源局", "住房城乡建设局", "水利局", "农业农村局",
           "交通运输局", "财政局", "城市管理局", "应急管理局", "林业局", "市场监管局"]
THEMES = {
    "water": ["饮用水水源地保护", "流域水环境综合整治", "城镇污水处理厂提标改造", "农村生活污水治理", "黑臭水体治理",
              "入河排污口规范化建设", "地下水污染防治", "生态缓冲带建设", "河湖生态修复"],
    "air": ["钢铁超低排放改造", "挥发性有机物综合治理", "燃煤锅炉淘汰", "工业窑炉深度治理", "扬尘污染防治",
            "柴油货车污染治理"],
    "soil": ["污染地块风险管控与修复", "土壤污染状况调查", "受污染耕地安全利用", "尾矿库污染治理", "重金属污染防控"],
    "waste": ["危险废物集中处置中心", "医疗废物处置能力提升", "生活垃圾焚烧发电", "一般工业固废综合利用",
              "废旧锂电池回收利用", "建筑垃圾资源化利用"],
    "climate": ["低碳城市试点", "碳普惠平台建设", "气候投融资试点", "近零碳排放园区建设"],
    "capacity": ["生态环境监测能力建设", "智慧环保平台", "环境执法能力建设", "环境应急物资库建设",
                 "机动车排放监管系统"],
}
WEIGHTS = [30, 15, 15, 15, 5, 20]


def fragments() -> list[str]:
    """Sentence fragments cut from the plan's own project contents."""
    data = Repository.open(ROOT / "data" / "projects.json").projects()
    parts: list[str] = []
    for p in data:
        parts += [s for s in re.split(r"[，；。]", p.content + "，" + p.scale) if 6 <= len(s) <= 60]
    return parts


def make(n: int, seed: int = 1) -> list[Project]:
    rng = random.Random(seed)
    pieces = fragments()
    units_pool = [f"{c}市{b}" for c in CITIES for b in BUREAUS] + [f"{c}人民政府" for c in COUNTIES] + \
        [f"{c}{b}" for c in COUNTIES for b in ("生态环境分局", "住房城乡建设局")]
    counters = {c.key: 0 for c in CATEGORIES}
    projects: list[Project] = []
    for _i in range(n):
        c = rng.choices(CATEGORIES, WEIGHTS)[0]
        counters[c.key] += 1
        place = rng.choice(CITIES + COUNTIES)
        theme = rng.choice(THEMES[c.key.value])
        name = f"{place}{theme}{rng.choice(['项目', '工程', '一期工程', '二期工程', '试点项目'])}"
        content = "，".join(rng.sample(pieces, rng.randint(2, 8))) + "。"
        scale = "" if rng.random() < 0.5 else "，".join(rng.sample(pieces, rng.randint(1, 3))) + "。"
        start = rng.randint(2021, 2027)
        end = min(2030, start + rng.randint(0, 4))
        lead = rng.choice(units_pool[: len(CITIES) * len(BUREAUS)])
        units = [lead, *rng.sample(units_pool, rng.randint(0, 4))]
        units = list(dict.fromkeys(units))
        status = rng.choices(list(Status), [30, 10, 40, 12, 4, 4])[0]
        percent = {Status.COMPLETED: 100.0, Status.NOT_REPORTED: 0.0, Status.NOT_STARTED: 0.0}.get(
            status, float(rng.randint(1, 99)))
        log = []
        if status not in (Status.NOT_REPORTED,) and rng.random() < 0.4:
            day = date(start, 1, 1)
            for k in range(rng.randint(1, 3)):
                day += timedelta(days=rng.randint(30, 300))
                log.append(ProgressEntry(date=day, percent=min(percent, 30.0 * (k + 1)), status=status,
                                         note=rng.choice(pieces)[:30]))
        planned = round(rng.uniform(100, 50000), 2) if rng.random() < 0.6 else None
        projects.append(Project(
            code=f"{c.prefix}{counters[c.key]:05d}", category=c.key, subcategory=theme, name=name,
            content=content, scale=scale, start_year=start, end_year=end, units=units, status=status,
            progress_percent=percent, progress_log=log, planned_investment=planned,
            completed_investment=round(planned * percent / 100, 2) if planned else None,
        ))
    return projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.output.exists():
        args.output.unlink()
    Repository.create(args.output, make(args.n, args.seed))
    print(f"{args.n} projects -> {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
