"""The places that lean on Material / static-i18n internals: the one warning the
hook silences, and the upgrade checklist in requirements.txt that lists them."""

from __future__ import annotations

import importlib.util
import logging
import re

import yaml

from support import ROOT

I18N_LOGGER = "mkdocs.plugins.mkdocs_static_i18n.reconfigure"


def _load_hook():
    spec = importlib.util.spec_from_file_location("study_hook_under_test", ROOT / "hooks" / "study.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_the_instant_navigation_warning_is_dropped():
    _load_hook()
    _load_hook()  # serve re-imports the hook: the filter must not pile up
    logger = logging.getLogger(I18N_LOGGER)
    assert sum(getattr(f, "__name__", "") == "_drop_instant_warning" for f in logger.filters) == 1
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    logger.addHandler(handler)
    try:
        logger.warning("mkdocs-material language switcher contextual link is not "
                       "compatible with theme.features = navigation.instant")
        logger.warning("mkdocs-material version could not be detected")
    finally:
        logger.removeHandler(handler)
    assert seen == ["mkdocs-material version could not be detected"]


def test_instant_navigation_is_plain_config():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "navigation.instant" in config["theme"]["features"]


def test_upgrade_checklist_names_files_that_exist():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    checklist = text[text.index("# Upgrade checklist"):]
    paths = set(re.findall(r"\b((?:hooks|overrides|docs|tests)/[\w./-]+\.(?:py|html|js|css))", checklist))
    assert len(paths) >= 8, paths
    assert [p for p in sorted(paths) if not (ROOT / p).is_file()] == []
