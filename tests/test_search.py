"""Search works in both languages: typed into Material's search box, each query
finds the right section page (Japanese queries from the Japanese site, English
from the English site). The stock configuration finds none of 停戦ライン,
クルスク, ceasefire or Munich; see the search comment in mkdocs.yml."""

from __future__ import annotations

import json
import re

import pytest

SECTIONS = ("overall-flow", "us-stance", "recurrence-prevention", "europe-too-slow", "china-key", "japan-not-behind")

# (site language, query, section slug that must be the first section page listed; None: any)
CASES = [
    ("ja", "停戦ライン", "recurrence-prevention"),
    ("ja", "クルスク", "recurrence-prevention"),
    ("ja", "再発防止", "recurrence-prevention"),
    ("ja", "中国", "china-key"),
    ("ja", "NATO", "recurrence-prevention"),
    ("ja", "ミュンヘン", "overall-flow"),
    ("ja", "他山の石", "europe-too-slow"),
    # Not 自衛隊: Material's worker cuts a Kanji query at the longest word the index
    # knows that leaves the run unfinished (自衛隊 -> 自, as in 自ら), so it lands on us-stance.
    ("en", "ceasefire", None),
    ("en", "Munich", "overall-flow"),
    ("en", "NATO", "recurrence-prevention"),
    ("en", "Kursk", "recurrence-prevention"),
    ("en", "China", "china-key"),
    ("en", "Zelensky", "us-stance"),
]


def _section_of(path: str, lang: str) -> str | None:
    prefix = "" if lang == "ja" else f"{lang}/"
    match = re.fullmatch(re.escape(prefix) + r"ep90/([a-z-]+)/", path)
    return match[1] if match and match[1] in SECTIONS else None


def search(page, query: str) -> list[str]:
    """Type ``query`` into the search box; return the site paths of all result articles."""
    page.locator(".md-search__input").click()  # inline in the header at desktop width
    box = page.locator(".md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=20)
    # Material reads the query on keyup; Playwright types characters that have no
    # key on the keyboard (kana, kanji) as inserted text without key events, so
    # end with a real key that leaves the text as it is (an IME user's last key).
    box.press("End")
    page.wait_for_function(
        "(q) => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /\\d/.test(m.textContent) && document.querySelector('.md-search__input').value === q; }",
        arg=query)
    # Material renders ten results at a time as the list is scrolled: scroll
    # until every result the meta line counts is in the list.
    total = int(re.search(r"\d+", page.locator(".md-search-result__meta").inner_text())[0])
    # Each chunk of four needs the bottom boundary to be reached anew.
    wrap = page.locator(".md-search__scrollwrap")
    for _ in range(total // 4 + 3):
        if page.locator(".md-search-result__item").count() >= total:
            break
        wrap.evaluate("el => el.scrollTo(0, 0)")
        page.wait_for_timeout(100)
        wrap.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(200)
    assert page.locator(".md-search-result__item").count() == total, query
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link",
        "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")
    return [h.lstrip("/") for h in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize("lang, query, expected", CASES, ids=[f"{l}-{q}" for l, q, _ in CASES])
def test_query_finds_the_right_section(page, lang, query, expected):
    page.goto("/" if lang == "ja" else f"/{lang}/")
    results = search(page, query)
    assert results, f"no results for {query!r}"
    sections = [s for s in (_section_of(r, lang) for r in results) if s]
    assert sections, (query, results)
    if expected is not None:
        assert sections[0] == expected, (query, sections, results[:12])


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("ja", "NATO"), ("en", "NATO"), ("ja", "中国"), ("en", "China")])
def test_results_are_in_the_reader_s_language(page, lang, query):
    # The index holds both languages; the worker is given only this language's pages.
    page.goto("/" if lang == "ja" else f"/{lang}/")
    results = search(page, query)
    assert results, f"no results for {query!r}"
    in_english = [r.startswith("en/") for r in results]
    assert all(in_english) if lang == "en" else not any(in_english), results


def test_index_config_has_no_stemmer_and_splits_scripts(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    config = index["config"]
    assert set(config["lang"]) == {"ja", "en"}
    # Query terms get a trailing wildcard and skip the pipeline: a stemmed index misses them.
    assert "stemmer" not in config["pipeline"]
    separator = re.compile(config["separator"])
    assert [t for t in separator.split("「停戦ライン」のNATO加盟、Munich.") if t] == ["停戦", "ライン", "の", "NATO", "加盟", "Munich"]
    # Both languages share one index.
    locations = [d["location"] for d in index["docs"]]
    assert any(loc.startswith("en/") for loc in locations) and any(not loc.startswith("en/") for loc in locations)
