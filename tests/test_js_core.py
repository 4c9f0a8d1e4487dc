"""The shared core of the study scripts (docs/assets/study/core.js, window.ss) and
what it changes on the built site, in a real browser: the helpers on hostile
input, binding once, the assignment code loaded only when a quiz page needs it,
and the glossary filter without its counter (a missing null check)."""

from __future__ import annotations

import re

import pytest

from studykit.export import load_export_quizzes
from support import ROOT

pytestmark = pytest.mark.browser

QUIZ = "ep90/quiz/us-stance/"


@pytest.fixture
def errors(page):
    return page.errors  # the page's uncaught errors from now on (conftest.open_tab)


def study_requests(page) -> list[str]:
    """Names of the assets/study/ scripts and stylesheets this page requested."""
    names = page.evaluate("""() => performance.getEntriesByType('resource').map(e => e.name)
        .filter(n => n.includes('/assets/study/')).map(n => n.split('/assets/study/')[1].split('?')[0])
        .filter(n => /\\.(js|css)$/.test(n))""")
    return sorted(set(names))


def test_fmt_keeps_replacement_patterns_as_text(page):
    page.goto(QUIZ)
    out = page.evaluate("""() => [
        ss.fmt('{a} moved to {n}', {a: "cost $& $' $` $1", n: 3}),
        ss.fmt('{known} {missing}', {known: 0})]""")
    assert out == ["cost $& $' $` $1 moved to 3", "0 {missing}"]


def test_store_is_versioned_and_ignores_corrupt_data(page):
    page.goto(QUIZ)
    out = page.evaluate("""() => {
        const box = ss.store('ss-test', 2, v => (v && Array.isArray(v.list)) ? v : null);
        const seen = [box.key];
        for (const raw of ['{', '"text"', '{"list": 1}', '{"__proto__": {"list": []}}']) {
            localStorage.setItem('ss-test:v2', raw);
            seen.push(box.load());
        }
        seen.push(box.save({list: [1]}), localStorage.getItem('ss-test:v2'), box.load());
        localStorage.removeItem('ss-test:v2');
        seen.push(box.load());
        return seen;
    }""")
    assert out == ["ss-test:v2", None, None, None, None, True, '{"list":[1]}', {"list": [1]}, None]


def test_shuffle_is_a_permutation_driven_by_the_given_random(page):
    page.goto(QUIZ)
    out = page.evaluate("""() => {
        const list = [0, 1, 2, 3, 4];
        const same = ss.shuffle(list, () => 0);
        return [same === list, list, ss.shuffle([0, 1, 2, 3, 4], () => 0.999999)];
    }""")
    # random() = 0 always swaps with the first element: [1, 2, 3, 4, 0]; near 1 swaps nothing.
    assert out == [True, [1, 2, 3, 4, 0], [0, 1, 2, 3, 4]]


def test_copy_falls_back_to_exec_command_and_gives_focus_back(page):
    page.goto(QUIZ)
    out = page.evaluate("""async () => {
        Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});
        const copied = [];
        document.execCommand = (cmd) => { copied.push(cmd, getSelection().toString() ||
            document.activeElement.value); return true; };
        const button = document.querySelector('[data-ss-act="check"]');
        button.focus();
        const done = await ss.copy('https://example.org/?a=1&b=<x>');
        return [done, copied, document.activeElement === button,
                document.querySelectorAll('body > textarea').length];
    }""")
    assert out == [True, ["copy", "https://example.org/?a=1&b=<x>"], True, 0]


def test_mount_binds_each_element_once(page):
    page.goto(QUIZ)
    out = page.evaluate("""() => {
        const calls = [];
        const scan = ss.mount('[data-ss-test-widget]', el => calls.push(el.id));
        const a = document.createElement('div'); a.id = 'a'; a.setAttribute('data-ss-test-widget', '');
        document.body.append(a);
        scan(); scan();
        ss.mount('[data-ss-test-widget]', el => calls.push('again ' + el.id)); // a script re-run
        const b = a.cloneNode(); b.id = 'b'; document.body.append(b);
        scan();
        return calls;
    }""")
    assert out == ["a", "again b"] or out == ["a", "b"]


def test_load_takes_only_names_of_this_sites_assets(page):
    page.goto(QUIZ)
    out = page.evaluate("""async () => {
        const results = [];
        for (const name of ['https://evil.example/x', '../x', 'x.js', '']) {
            try { await ss.load(name); results.push('loaded'); } catch (e) { results.push('refused'); }
        }
        return results;
    }""")
    assert out == ["refused"] * 4


def test_quiz_page_loads_no_assignment_code_without_a_link(page, errors):
    page.goto(QUIZ)
    page.wait_for_selector("[data-ss-quiz][data-ss-bound]")
    requested = study_requests(page)
    assert "quiz.js" in requested and "core.js" in requested
    assert not [name for name in requested if name.startswith("assignment.")], requested
    # What the page requests is what its HTML links: the budget test measures exactly that.
    linked = page.evaluate("""() => [...document.querySelectorAll('script[src], link[rel~=stylesheet]')]
        .map(e => e.src || e.href).filter(n => n.includes('/assets/study/'))
        .map(n => n.split('/assets/study/')[1])""")
    assert set(requested) == set(linked)
    assert errors == []


@pytest.fixture(scope="module")
def us_stance():
    quizzes = {q.id: q for q in load_export_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT)}
    return quizzes["ep90-us-stance"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_assignment_link_loads_the_assignment_code_first(page, errors, us_stance, lang):
    ids = [q.id for q in us_stance.questions]
    prefix = "" if lang == "ja" else "en/"
    page.goto(f"{prefix}{QUIZ}?questions={ids[2]},{ids[0]}")
    page.wait_for_selector("[data-ss-quiz][data-ss-bound]")
    assert {"assignment.js", "assignment.css"} <= set(study_requests(page))
    # Applied before binding: the quiz shows only the chosen questions, in the link's order.
    assert page.eval_on_selector_all("[data-ss-question]", "els => els.map(e => e.dataset.ssQuestion)") == [ids[2], ids[0]]
    assert page.locator("[data-ss-progress]").inner_text().count("2") >= 1
    notice = page.locator("[data-ss-assign-notice]")
    assert notice.is_visible()
    assert ("課題：2 問" if lang == "ja" else "Assignment: 2 of") in notice.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.ss-assign-title')).fontWeight") == "700"
    assert errors == []


def test_completion_summary_loads_on_demand_without_a_link(page, errors, us_stance):
    """A plain quiz page fetches assignment.js only when the last question is done."""
    page.goto(f"en/{QUIZ}")
    page.wait_for_selector("[data-ss-quiz][data-ss-bound]")
    for question in us_stance.questions:
        page.locator(f'[data-ss-question="{question.id}"] [data-ss-act="show"]').click()
        if question is not us_stance.questions[-1]:
            assert "assignment.js" not in study_requests(page)
    summary = page.locator(f'[data-ss-summary="{us_stance.id}"]')
    summary.wait_for()
    assert "assignment.js" in study_requests(page)
    assert f"0 of {len(us_stance.questions)} correct" in summary.locator(".ss-summary-facts").inner_text()
    assert summary.locator("[data-ss-summary-question]").count() == len(us_stance.questions)
    # A reload shows the finished quiz's summary again.
    page.reload()
    page.locator(f'[data-ss-summary="{us_stance.id}"]').wait_for()
    assert errors == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_glossary_filter_works_without_its_counter(browser, server, lang):
    """Code review: glossary.js used the counter without the null check the filter box got."""
    context = browser.new_context(base_url=server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Runs before the page's scripts: the counter is gone when glossary.js binds.
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        const count = document.querySelector('[data-ss-glossary-count]');
        if (count) { count.remove(); window.__counterRemoved = true; } });""")
    page.goto(("" if lang == "ja" else "en/") + "glossary/")
    assert page.evaluate("window.__counterRemoved") is True
    entries = page.locator("[data-ss-entry]")
    total = entries.count()
    page.locator("[data-ss-glossary-filter]").fill("nato")
    page.wait_for_timeout(100)
    shown = page.locator("[data-ss-entry]:visible").count()
    assert 0 < shown < total
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang, one, many", [("ja", "1 件", "件"), ("en", "1 entry", "entries")])
def test_glossary_counter_strings_come_from_the_page(page, lang, one, many):
    page.goto(("" if lang == "ja" else "en/") + "glossary/")
    strings = page.get_attribute("[data-ss-glossary]", "data-ss-t")
    assert "{n}" in strings
    page.locator("[data-ss-glossary-filter]").fill("nato")
    count = page.locator("[data-ss-glossary-count]")
    shown = page.locator("[data-ss-entry]:visible").count()
    assert re.fullmatch(rf"{shown} {re.escape(many if shown != 1 else one.split(' ')[1])}", count.inner_text().strip())
