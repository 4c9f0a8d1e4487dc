"""Fixtures: the built site (built once, strict), a local server, a real browser, and
one shared crawl of the built site per colour scheme. Helpers live in support.py.

Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright;
Playwright's own browser download is not used.

Markers are added here, so no test has to remember them: a test that uses the built
site (``site_dir``, ``server`` or a fixture built on them) is marked ``site``.

The suite runs on two pytest-xdist workers (pytest.ini: ``-n 2 --dist loadgroup``).
Session fixtures are per worker, so every test that reads the shared crawl carries
``xdist_group("crawl-light")`` or ``xdist_group("crawl-dark")``: each scheme is then
crawled once, on one worker. A test that reads the crawl without a group stops the run.
"""

from __future__ import annotations

import functools
import http.server
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from sitepages import site_pages
from support import CHROMIUM_ARGS, ROOT, SiteHandler, crawl_site, free_port
from tabpool import TabPool, collect_page_errors
from workergroups import GROUPS_FILE_KEY, GroupScheduling, group_of, write_groups

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SITE_FIXTURES = {"site_dir", "server"}
DESKTOP_TAB = {"width": 1280, "height": 900}  # the ``page`` fixture's viewport


CRAWL_GROUPS = {"crawl-light", "crawl-dark"}


# Last: the groups are written for the tests that are left after -k and -m.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    worker = getattr(config, "workerinput", {})
    if GROUPS_FILE_KEY in worker:
        write_groups(worker[GROUPS_FILE_KEY], worker["workerid"], items)
    for item in items:
        if SITE_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.site)
        if "site_crawl" in item.fixturenames and group_of(item) not in CRAWL_GROUPS:
            raise pytest.UsageError(f"{item.nodeid} reads site_crawl: mark it xdist_group('crawl-light'"
                                    " or 'crawl-dark') so that the scheme is crawled on one worker only")


def pytest_report_header(config):
    # Debian's Chromium is not pinned (its mirror keeps only the newest build), so every
    # run says which one it drove, beside the pinned Playwright.
    try:
        found = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        found = f"not usable ({error})"
    return f"browser: {CHROMIUM}: {found or 'no version printed'}; playwright {importlib.metadata.version('playwright')}"


# ---- xdist_group on pytest 9.2 (see workergroups.py): the controller side ----


def pytest_configure(config):
    if config.getoption("dist", "no") == "loadgroup" and not hasattr(config, "workerinput"):
        config.ss_groups_dir = tempfile.mkdtemp(prefix="ss-xdist-groups-")


def pytest_unconfigure(config):
    if getattr(config, "ss_groups_dir", None):
        shutil.rmtree(config.ss_groups_dir, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput[GROUPS_FILE_KEY] = os.path.join(node.config.ss_groups_dir, "groups.json")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if getattr(config, "ss_groups_dir", None):
        return GroupScheduling(config, log, os.path.join(config.ss_groups_dir, "groups.json"))
    return None


# ---- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def base_url(port) -> str:
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, base_url) -> Path:
    """The whole site, built once with --strict and site_url matching the test server."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def server(site_dir, port, base_url):
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base_url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tab_pool(browser):
    """Open tabs kept per worker and reset between tests (tabpool.py): a new tab costs
    Chromium about three times the CPU of a page load in an open one."""
    pool = TabPool(browser)
    yield pool
    pool.close()


@pytest.fixture
def open_tab(tab_pool):
    """``open_tab(base_url, **context_options)``: a pooled tab, reset when the test ends.
    ``page.errors`` collects the page's uncaught errors."""
    taken = []

    def take(base_url, **options):
        taken.append(tab_pool.take(base_url, **options))
        return taken[-1]

    yield take
    for page in taken:
        tab_pool.give_back(page)


@pytest.fixture
def fresh_tab(browser):
    """``fresh_tab(base_url, **context_options)``: a tab in a new context, closed when the
    test ends, for tests that add listeners or init scripts, or need a cold HTTP cache."""
    contexts = []

    def new(base_url, **options):
        contexts.append(browser.new_context(base_url=base_url, **options))
        return collect_page_errors(contexts[-1].new_page())

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_tab, server):
    return open_tab(server, viewport=DESKTOP_TAB)


@pytest.fixture
def fresh_page(fresh_tab, server):
    """``page`` in a context of its own: for tests that add listeners or init scripts."""
    return fresh_tab(server, viewport=DESKTOP_TAB)


@pytest.fixture(scope="session")
def site_crawl(browser, server, site_dir):
    """``site_crawl(scheme)``: every built page visited once in that scheme (support.crawl_site).

    Each scheme is crawled the first time a test asks for it, then shared: the axe,
    privacy, CSP, language-mark and phone-width tests assert on the stored results.
    """
    urls = site_pages(site_dir)
    return functools.cache(lambda scheme: crawl_site(browser, server, urls, scheme))
