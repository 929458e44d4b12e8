from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from babel.support import Translations

from portfolio import i18n

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_compiled_catalogs_are_installed(lang):
    """A missing .mo silently gives NullTranslations: make sure the build compiled them."""
    assert (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "portfolio.mo").exists()
    assert isinstance(Translations.load(str(i18n.LOCALE_DIR), [lang], "portfolio"), Translations)


def test_every_message_has_a_chinese_translation():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n as catalogs  # scripts/i18n.py
    finally:
        sys.path.pop(0)
    assert catalogs.missing("zh_CN") == []


def test_language_resolution(monkeypatch):
    assert i18n.resolve_language(None) == "zh_CN"
    monkeypatch.setenv("PORTFOLIO_LANG", "en_US")
    assert i18n.resolve_language(None) == "en"
    assert i18n.resolve_language("zh-CN") == "zh_CN"
    with pytest.raises(i18n.UnknownLanguage):
        i18n.resolve_language("fr")


def test_formatting_follows_language():
    i18n.set_language("zh_CN")
    assert i18n.format_number(12345678.905, 2) == "12,345,678.90" or i18n.format_number(12345678.905, 2) == "12,345,678.91"
    assert i18n.format_percent(45.67, 1) == "45.7%"
    assert i18n.format_date(date(2025, 3, 7)) == "2025年3月7日"
    assert i18n.format_money_wan(1500) == "1,500.00 万元"
    i18n.set_language("en")
    assert i18n.format_date(date(2025, 3, 7)) == "Mar 7, 2025"
    assert i18n._("Name") == "Name"
    i18n.set_language("zh_CN")
    assert i18n._("Name") == "项目名称"


def test_listeners_hear_switch():
    heard = []
    i18n.on_language_change(heard.append)
    i18n.set_language("en")
    i18n.set_language("zh_CN")
    assert heard[-2:] == ["en", "zh_CN"]
    i18n._listeners.remove(heard.append) if heard.append in i18n._listeners else None
