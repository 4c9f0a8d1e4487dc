"""Teacher tools in a real browser: assignment links, hostile parameters, the
completion summary, print output of answer keys and worksheets, accessibility
of the completion summary (the pages as they open: test_a11y's crawl)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from support import LANG_PREFIX, ROOT, describe_violations, run_axe, settle
from studykit.export import load_export_quizzes

SHOTS = Path("/tmp/teacher-shots")
PREFIX = LANG_PREFIX
CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def quizzes():
    return {q.id: q for q in load_export_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT)}


def seeded_shuffle(items: list, seed: int) -> list:
    """Python twin of assignment.js (mulberry32 + Fisher-Yates), to check the exact order."""
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def random():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = int(random() * (i + 1))
        items[i], items[j] = items[j], items[i]
    return items


def shown_ids(page) -> list[str]:
    return page.eval_on_selector_all("[data-ss-question]", "els => els.map(e => e.getAttribute('data-ss-question'))")


def build_link(page, quiz_id: str, picks: list[str], order: str, seed: int, lang: str, teacher_lang: str = "ja") -> str:
    page.goto(f"{PREFIX[teacher_lang]}teachers/assign/")
    page.select_option("[data-ss-lb-quiz]", quiz_id)
    fieldset = page.locator(f'[data-ss-lb-set="{quiz_id}"]')
    fieldset.locator("[data-ss-lb-none]").click()
    for question_id in picks:
        fieldset.locator(f'input[value="{question_id}"]').check()
    page.check(f'input[name="ss-lb-order"][value="{order}"]')
    if order == "shuffle":
        page.fill("[data-ss-lb-seed]", str(seed))
    page.check(f'input[name="ss-lb-lang"][value="{lang}"]')
    return page.input_value("[data-ss-lb-link]")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_assignment_link_shows_exactly_the_chosen_questions(page, quizzes, lang, base_url):
    quiz = quizzes["ep90-us-stance"]
    all_ids = [q.id for q in quiz.questions]
    picks = [all_ids[4], all_ids[0], all_ids[2], all_ids[6]]
    in_quiz_order = [i for i in all_ids if i in picks]

    link = build_link(page, quiz.id, picks, "fixed", 0, lang, teacher_lang="en" if lang == "ja" else "ja")
    assert link.startswith(f"{base_url}{PREFIX[lang]}ep90/quiz/{quiz.slug}/?questions="), link
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == lang
    assert shown_ids(page) == in_quiz_order
    numbers = page.eval_on_selector_all("[data-ss-question] .ss-q-num", "els => els.map(e => e.textContent)")
    assert [re.sub(r"\D", "", n) for n in numbers] == ["1", "2", "3", "4"]
    assert page.locator("[data-ss-assign-notice]").is_visible()

    link = build_link(page, quiz.id, picks, "shuffle", 4242, lang)
    assert "order=shuffle" in link and "seed=4242" in link
    page.goto(link)
    expected = seeded_shuffle(in_quiz_order, 4242)
    assert expected != in_quiz_order  # the seed really shuffles
    assert shown_ids(page) == expected
    page.reload()
    assert shown_ids(page) == expected, "a seed must give the same order every time"


def test_hostile_parameters_render_as_text(page, quizzes):
    quiz = quizzes["ep90-overall-flow"]
    first = quiz.questions[1].id
    hostile = {
        "questions": f"{first},<img src=x onerror=window.__pwned=1>,\"><script>window.__pwned=2</script>",
        "order": "<svg onload=window.__pwned=3>",
        "seed": "1e9;alert(1)",
        "<b>evil</b>": "<iframe src=javascript:window.__pwned=4>",
    }
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in hostile.items())
    page.goto(f"en/ep90/quiz/{quiz.slug}/?{query}")
    notice = page.locator("[data-ss-assign-notice]")
    assert notice.is_visible()
    text = notice.inner_text()
    for raw in ("<img src=x onerror=window.__pwned=1>", "<svg onload=window.__pwned=3>", "1e9;alert(1)", "<b>evil</b>"):
        assert raw in text, raw
    assert notice.locator("img, script, svg, iframe, b").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x], svg[onload], iframe").count() == 0
    assert shown_ids(page) == [first]


@pytest.mark.parametrize("kind", ["100-kb-of-ids", "questions-300-times", "unknown-keys"])
def test_huge_or_repeated_parameters_stay_fast_and_small(page, quizzes, kind):
    """Only a bounded part of a link is read; the rest is counted in one line, not listed."""
    quiz = quizzes["ep90-overall-flow"]
    first = quiz.questions[0].id
    query = {
        "100-kb-of-ids": "questions=" + first + "," + ",".join(f"no-such-question-{i:05}" for i in range(4500)),
        "questions-300-times": "&".join([f"questions={first}"] + [f"questions=bad-{i}" for i in range(299)]),
        "unknown-keys": f"questions={first}&" + "&".join(f"key{i}=<b>{i}</b>" for i in range(500)),
    }[kind]
    assert len(query) > (100_000 if kind == "100-kb-of-ids" else 2000)
    page.goto(f"en/ep90/quiz/{quiz.slug}/")
    plain_nodes = page.evaluate("document.getElementsByTagName('*').length")
    # The test server (like many) refuses a request line over 64 KB: hand the
    # browser the page itself, so the whole URL reaches the script.
    body = page.request.get(f"en/ep90/quiz/{quiz.slug}/").text()
    page.route(re.compile(r".*/quiz/[^/]+/\?.*"), lambda route: route.fulfill(body=body, content_type="text/html"))
    started = page.evaluate("performance.now()")
    page.goto(f"en/ep90/quiz/{quiz.slug}/?{query}")
    page.wait_for_selector("[data-ss-assign-notice]")
    elapsed = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    notice = page.locator("[data-ss-assign-notice]")
    assert shown_ids(page) == [first]
    assert notice.locator("li").count() <= 11, "more than 10 problems listed"
    assert page.evaluate("document.getElementsByTagName('*').length") - plain_nodes < 40
    text = notice.inner_text()
    assert re.search(r"(\d+) more values were ignored|the remaining (\d+) values were not read", text), text
    assert "<b>" not in notice.inner_html()
    assert elapsed < 3000 and started >= 0, elapsed


def test_no_parameters_leave_the_quiz_alone(page, quizzes):
    quiz = quizzes["ep90-china-key"]
    page.goto(f"ep90/quiz/{quiz.slug}/")
    assert shown_ids(page) == [q.id for q in quiz.questions]
    assert page.locator("[data-ss-assign-notice]").count() == 0


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_completion_summary_matches_the_answers(page, quizzes, lang):
    quiz = quizzes["ep90-us-stance"]
    singles = [q for q in quiz.questions if q.type == "single"][:2]
    tf = next(q for q in quiz.questions if q.type == "truefalse")
    chosen = [singles[0], tf, singles[1]]
    page.goto(f"{PREFIX[lang]}ep90/quiz/{quiz.slug}/?questions={','.join(q.id for q in chosen)}")
    right_single = page.locator(f'[data-ss-question="{singles[0].id}"]')
    right_single.locator("[data-ss-ok] input").check()
    right_single.locator('[data-ss-act="check"]').click()
    wrong_tf = page.locator(f'[data-ss-question="{tf.id}"]')
    wrong_tf.locator(f'input[value="{0 if tf.answer else 1}"]').check()
    wrong_tf.locator('[data-ss-act="check"]').click()
    assert page.locator("[data-ss-summary]").count() == 0, "summary only when every question is done"
    wrong_single = page.locator(f'[data-ss-question="{singles[1].id}"]')
    wrong_single.locator(".ss-opt:not([data-ss-ok]) input").first.check()
    wrong_single.locator('[data-ss-act="check"]').click()

    summary = page.locator(f'[data-ss-summary="{quiz.id}"]')
    summary.wait_for()
    rows = summary.locator("[data-ss-summary-question]")
    got = [(rows.nth(i).get_attribute("data-ss-summary-question"), rows.nth(i).get_attribute("data-ss-correct"))
           for i in range(rows.count())]
    assert got == [(singles[0].id, "1"), (tf.id, "0"), (singles[1].id, "0")]
    facts = summary.locator(".ss-summary-facts").inner_text()
    assert ("3 問中 1 問正解" if lang == "ja" else "1 of 3 correct") in facts
    assert ("日本語" if lang == "ja" else "English") in facts
    assert quiz.title[lang] in facts
    assert re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", facts)
    plain = summary.locator("[data-ss-summary-text]").input_value()
    assert plain.count("○") == 1 and plain.count("×") == 2
    for question in chosen:
        assert question.id in plain
        assert " ".join(question.prompt[lang].split())[:20] in plain
    SHOTS.mkdir(exist_ok=True)
    summary.screenshot(path=str(SHOTS / f"summary-{lang}.png"))
    # The summary appears under the pointer; let the button's hover transition end.
    page.mouse.move(0, 0)
    settle(page)
    run = run_axe(page, "[data-ss-summary]")
    assert not run, describe_violations(run)


def _pdf_to_png(pdf: Path) -> list[Path]:
    assert shutil.which("pdftoppm"), "pdftoppm missing: apt-get install poppler-utils"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(pdf.stem + "-*.png"))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("kind", ["answer-key", "worksheet"])
def test_print_shows_no_site_chrome(open_tab, server, quizzes, lang, kind):
    quiz = quizzes["ep90-us-stance"]
    SHOTS.mkdir(exist_ok=True)
    page = open_tab(server, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(f"{PREFIX[lang]}teachers/{kind}/{quiz.slug}/")
    page.screenshot(path=str(SHOTS / f"{kind}-{lang}-screen-dark.png"))
    page.emulate_media(media="print")
    for selector in CHROME.split(", "):
        for i in range(page.locator(selector).count()):
            assert not page.locator(selector).nth(i).is_visible(), f"{selector} visible in print"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    color = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color")
    assert color == "rgb(0, 0, 0)", color
    for size in ("A4", "Letter"):
        pdf = SHOTS / f"{kind}-{lang}-{size}.pdf"
        pdf.write_bytes(page.pdf(format=size, print_background=True))
        pngs = _pdf_to_png(pdf)
        assert pngs, pdf
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = re.sub(r"\s+", "", text)
        assert re.sub(r"\s+", "", quiz.questions[0].prompt[lang])[:15] in flat
        footer = "解説本文の著作権" if lang == "ja" else "Thecommentaryistheauthor's"
        for chrome in (footer, "MadewithMaterial", "このサイトについて" if lang == "ja" else "Aboutthissite"):
            assert chrome not in flat, f"{chrome} printed in {pdf.name}"


# The teacher pages as they open are in test_a11y's crawl (every built page, light and dark).
