"""Maintain the gettext catalogs.

    python scripts/i18n.py update     # extract msgids, merge into zh_CN and en .po files
    python scripts/i18n.py missing    # list msgids without a zh_CN translation (exit 1 if any)

The .mo files are compiled by the build hook (hatch_build.py) on install.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "portfolio" / "locale"
POT = LOCALE / "portfolio.pot"
LANGS = ("zh_CN", "en")


def extract(output: Path = POT) -> None:
    """Extract the msgids into ``output`` (the tracked template by default)."""
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
         "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "--no-location", "--sort-output",
         "--omit-header", "--ignore-dirs", ".venv .git tests bench scripts", "-o", str(output), str(ROOT)]
    )
    # written again as the catalogs are (a header, one line a message): the tracked template
    # is exactly what this writes, whoever runs it
    with output.open("rb") as fh:
        template = read_po(fh)
    with output.open("wb") as fh:
        write_po(fh, template, omit_header=False, no_location=True, sort_output=True, width=0)
    _stable_header(output)


def _stable_header(path: Path) -> None:
    """No date or tool version in the header: a catalog changes only when a message does
    (several branches adding messages then merge without conflicts in the header)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"POT-Creation-Date: [^"]*"', lambda _m: '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"', text)
    text = re.sub(r'"Generated-By: Babel [^"]*"', lambda _m: '"Generated-By: Babel\\n"', text)
    path.write_text(text, encoding="utf-8")


def update() -> None:
    extract()
    with POT.open("rb") as fh:
        template = read_po(fh)
    for lang in LANGS:
        po = LOCALE / lang / "LC_MESSAGES" / "portfolio.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=lang, domain="portfolio", project="portfolio")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        with po.open("wb") as fh:
            write_po(fh, catalog, omit_header=False, no_location=True, sort_output=True, width=0)
        _stable_header(po)


def missing(lang: str = "zh_CN") -> list[str]:
    """The msgids of the code that ``lang`` does not translate (extracted into a temporary
    file: checking writes nothing into the checkout)."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "portfolio.pot"
        extract(pot)
        with pot.open("rb") as fh:
            template = read_po(fh)
    with (LOCALE / lang / "LC_MESSAGES" / "portfolio.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    out = []
    for msg in template:
        if not msg.id:
            continue
        have = catalog.get(msg.id)
        if have is None or not have.string or (isinstance(have.string, tuple) and not all(have.string)):
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return out


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "update"
    if cmd == "update":
        update()
    elif cmd == "missing":
        gaps = missing()
        for m in gaps:
            print(m)
        sys.exit(1 if gaps else 0)
