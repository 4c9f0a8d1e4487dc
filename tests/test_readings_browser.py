"""Furigana in a real browser: the switch (mouse, keyboard, remembered, instant navigation,
language round trip, bad or missing storage), copy without readings, search without readings,
the sic mark, and axe with every reading shown."""

from __future__ import annotations

import re

import pytest

from support import axe_rules, describe_violations, run_axe
from tabpool import blank_on_origin
from test_readings import markdown_blocks

pytestmark = pytest.mark.browser

KEY = "ss-furigana:v1"
# Readings shown: the <rt>s that take up space (display none when hidden).
SHOWN = """() => {
  const rts = [...document.querySelectorAll('article .ss-ruby rt')];
  const shown = rt => getComputedStyle(rt).display !== 'none' && rt.getBoundingClientRect().height > 0;
  return {
    difficult: rts.filter(rt => rt.parentElement.classList.contains('ss-ruby--difficult') && shown(rt)).length,
    plain: rts.filter(rt => !rt.parentElement.classList.contains('ss-ruby--difficult') && shown(rt)).length,
    total: rts.length,
  };
}"""


def mode(page) -> str:
    return page.evaluate("() => document.querySelector('[data-ss-furigana-mode]:checked').value")


def assert_mode(page, expected: str):
    # After instant navigation the new page's script mounts a moment after the URL changes.
    page.wait_for_function("(m) => document.querySelector('[data-ss-furigana-mode]:checked')?.value === m",
                           arg=expected, timeout=5000)
    shown = page.evaluate(SHOWN)
    assert mode(page) == expected
    assert shown["total"] > 50
    if expected == "off":
        assert shown["difficult"] == shown["plain"] == 0, shown
    elif expected == "difficult":
        assert shown["difficult"] > 0 and shown["plain"] == 0, shown
    else:
        assert shown["difficult"] + shown["plain"] == shown["total"], shown


def stored(page):
    return page.evaluate(f"() => localStorage.getItem('{KEY}')")


def test_switch_works_by_mouse_and_keyboard_and_is_remembered(page):
    page.goto("/ep90/china-key/")
    assert_mode(page, "difficult")  # the default
    legend = page.locator("[data-ss-furigana] legend").inner_text()
    assert "ふりがな" in legend and "Furigana" in legend
    # Mouse: click the labels.
    page.get_by_label("すべての漢字").check()
    assert_mode(page, "all")
    page.locator("label", has_text="Off").click()
    assert_mode(page, "off")
    assert stored(page) == "off"
    # Keyboard: Tab reaches the group, arrow keys move the choice.
    page.locator("h1").click()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('[data-ss-furigana-mode]')"):
            break
    else:
        pytest.fail("the furigana switch is not reachable with Tab")
    page.keyboard.press("ArrowRight")
    assert_mode(page, "difficult")
    page.keyboard.press("ArrowRight")
    assert_mode(page, "all")
    assert stored(page) == "all"
    page.reload()
    assert_mode(page, "all")


def test_choice_survives_instant_navigation_and_a_language_round_trip(page):
    page.goto("/ep90/china-key/")
    page.get_by_label("すべての漢字").check()
    page.evaluate("() => { window.__ssSamePage = true; }")
    page.locator(".md-nav__link", has_text="日本も後れを取らないように").first.click()
    page.wait_for_url("**/ep90/japan-not-behind/")
    assert page.evaluate("() => window.__ssSamePage === true"), "expected instant navigation"
    assert_mode(page, "all")
    page.get_by_label("なし").check()
    # To the English page (no ruby there) and back through the language links.
    page.goto("/en/ep90/japan-not-behind/")
    assert page.locator("ruby, [data-ss-furigana]").count() == 0
    page.evaluate("() => document.querySelector('.md-select__link[hreflang=ja]').click()")
    page.wait_for_url("**/ep90/japan-not-behind/")
    page.wait_for_function("() => document.documentElement.lang === 'ja'")
    assert_mode(page, "off")
    # The side-by-side page shares the choice.
    page.goto("/ep90/parallel/china-key/")
    assert_mode(page, "off")


def test_bad_stored_value_is_ignored_and_never_html(page):
    page.goto("/ep90/china-key/")
    page.evaluate(f"() => localStorage.setItem('{KEY}', '<img src=x onerror=window.pwned=1>')")
    page.reload()
    assert_mode(page, "difficult")
    assert not page.evaluate("() => window.pwned") and page.locator("article img[src=x]").count() == 0


def test_switch_works_without_storage(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('disabled', 'SecurityError'); } });""")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto("/ep90/china-key/")
        assert_mode(page, "difficult")
        page.get_by_label("すべての漢字").check()
        assert_mode(page, "all")
        assert not [e for e in errors if "furigana" in e.lower()], errors
    finally:
        context.close()


def test_copying_a_sentence_gives_the_text_without_readings(open_tab, server):
    page = open_tab(server, viewport={"width": 1280, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/ep90/recurrence-prevention/")
    page.get_by_label("すべての漢字").check()
    expected = markdown_blocks("recurrence-prevention")["p4"]  # the author's words, nothing more
    selected = page.evaluate("""() => {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById('p4'));
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return selection.toString();
    }""")
    assert selected.strip() == expected and "露ほども" in selected and "つゆ" not in selected
    page.keyboard.press("Control+C")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == expected.strip(), copied
    # The sic mark is not copied either.
    page.evaluate("""() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('p2'));
                             getSelection().removeAllRanges(); getSelection().addRange(r); }""")
    page.keyboard.press("Control+C")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "ロシア領クスクス州に侵攻" in copied and "ママ" not in copied and "しゅう" not in copied


@pytest.mark.parametrize(("query", "reading"), [("戦狼", "せんろう"), ("露ほども", "つゆ"), ("纏まって", "まと")])
def test_search_results_show_no_readings(page, query, reading):
    page.goto("/ep90/")
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)  # an input event, as an IME commit gives
    box.press("End")  # and a key event, for engines that search on keyup
    page.wait_for_function(
        "(q) => [...document.querySelectorAll('.md-search-result__item')].some(i => i.innerText.includes(q))",
        arg=query, timeout=15000)
    # Results from the pages that carry furigana (the glossary shows readings as its content).
    items = page.eval_on_selector_all(".md-search-result__item", """items => items.map(i => ({
        href: new URL(i.querySelector('a').href).pathname, text: i.innerText}))""")
    texts = [i["text"] for i in items if re.fullmatch(r"/ep90/(?!quiz/)[a-z-]+/", i["href"])]
    assert texts and any(query in t for t in texts), items
    for text in texts:
        assert reading not in text and "〔ママ〕" not in text, text


def test_sic_mark_takes_the_reader_to_the_editorial_note(page):
    page.goto("/ep90/recurrence-prevention/")
    mark = page.locator("#p2 .ss-sic")
    assert mark.evaluate("el => getComputedStyle(el, '::after').content") == '"〔ママ〕"'
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#note-p2")
    assert "クルスク州" in page.locator("#note-p2").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_with_every_reading_shown(open_tab, server, scheme, width):
    page = open_tab(server, color_scheme=scheme, viewport={"width": width, "height": 900})
    blank_on_origin(page, server)  # the choice is stored before the first page loads
    page.evaluate(f"() => localStorage.setItem('{KEY}', 'all')")
    rules = axe_rules(scheme)
    failures = {}
    for path in ("/ep90/recurrence-prevention/", "/ep90/parallel/recurrence-prevention/", "/ep90/hedges/"):
        page.goto(path)
        if page.locator("[data-ss-furigana]").count():
            assert_mode(page, "all")
        page.locator("[data-ss-vocab] summary").first.click() if page.locator("[data-ss-vocab]").count() else None
        violations = run_axe(page, ".md-content", rules=rules)
        if violations:
            failures[path] = describe_violations(violations)
    assert not failures, failures
