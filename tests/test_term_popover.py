"""Linked glossary terms: a tooltip on hover and focus, a popover on tap (phone).

The definition comes from data-ss-tip (never from title: Material's
content.tooltips would render that as HTML). A tap shows it in place, with a
link to the full entry; Esc, an outside tap and the close button dismiss it.
"""

from __future__ import annotations

import pytest

from support import LANG_PREFIX, describe_violations, run_axe

pytestmark = pytest.mark.browser
PREFIX = LANG_PREFIX
PHONE = {"viewport": {"width": 375, "height": 740}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone(open_tab, server, request):
    return open_tab(server, color_scheme=getattr(request, "param", "light"), **PHONE)


def test_no_term_link_carries_a_title(page):
    """A title would be turned into HTML by Material's tooltips: glossary text must never be in one."""
    for url in ("ep90/us-stance/", "en/ep90/china-key/"):
        page.goto(url)
        assert page.locator("a.ss-term").count() > 3
        assert page.locator("a.ss-term[title]").count() == 0
        assert page.locator("a.ss-term:not([data-ss-tip])").count() == 0


@pytest.mark.parametrize("phone", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_tap_shows_the_definition_in_place(phone, lang):
    page = phone
    page.goto(f"{PREFIX[lang]}ep90/us-stance/")
    url = page.url
    term = page.locator("a.ss-term").nth(1)
    tip, href = term.get_attribute("data-ss-tip"), term.get_attribute("href")
    term.tap()
    name = term.evaluate("a => { const c = a.cloneNode(true); c.querySelectorAll('rt, rp').forEach(n => n.remove()); return c.textContent; }")
    pop = page.get_by_role("dialog", name=name)
    pop.wait_for(state="visible", timeout=3000)
    assert pop.get_attribute("id") == "ss-pop"
    assert page.url == url, "the tap left the page"
    assert pop.locator(".ss-pop__text").text_content() == tip
    assert pop.get_attribute("aria-labelledby") == "ss-pop-term"
    assert pop.locator("#ss-pop-term").text_content() == name
    more = pop.get_by_role("link")
    assert more.get_attribute("href") == term.evaluate("a => a.href") and href.endswith("#" + term.get_attribute("data-ss-term"))
    assert more.text_content() == {"ja": "用語集で詳しく見る", "en": "Full entry in the glossary"}[lang]
    assert pop.get_by_role("button").get_attribute("aria-label") == {"ja": "閉じる", "en": "Close"}[lang]
    assert term.get_attribute("aria-expanded") == "true"
    box, viewport = pop.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    violations = run_axe(page, "#ss-pop")
    assert not violations, describe_violations(violations)
    page.keyboard.press("Escape")
    assert page.locator("#ss-pop").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('data-ss-term')") == term.get_attribute("data-ss-term")
    assert term.get_attribute("aria-expanded") is None


def test_the_popover_closes_on_an_outside_tap_and_its_button_and_follows_its_link(phone):
    page = phone
    page.goto("ep90/china-key/")
    terms = page.locator("a.ss-term")
    terms.nth(0).tap()
    page.locator("#ss-pop").wait_for()
    page.locator("h1").tap()
    assert page.locator("#ss-pop").count() == 0
    terms.nth(0).tap()
    page.locator("#ss-pop .ss-pop__close").tap()
    assert page.locator("#ss-pop").count() == 0
    terms.nth(1).tap()
    page.keyboard.press("Tab")  # keyboard-usable: focus moves through the popover
    focused = page.evaluate("document.activeElement.closest('#ss-pop') !== null")
    assert focused
    entry = terms.nth(1).get_attribute("data-ss-term")
    page.locator("#ss-pop .ss-pop__more").tap()
    page.wait_for_url(f"**/glossary/#{entry}")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hover_and_focus_show_a_tooltip_and_a_click_follows_the_link(page, lang):
    page.goto(f"{PREFIX[lang]}ep90/recurrence-prevention/")
    term = page.locator("a.ss-term").nth(0)
    term.hover()
    tip = page.locator("#ss-tip")
    tip.wait_for(state="visible")
    assert tip.get_attribute("role") == "tooltip" and tip.text_content() == term.get_attribute("data-ss-tip")
    assert term.get_attribute("aria-describedby") == "ss-tip"
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")
    term.focus()
    assert tip.is_visible() and term.get_attribute("aria-describedby") == "ss-tip"
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    violations = run_axe(page, ".md-content")
    assert not violations, describe_violations(violations)
    entry = term.get_attribute("data-ss-term")
    term.click()
    page.wait_for_url(f"**/glossary/#{entry}")
    assert page.locator("#ss-pop").count() == 0
