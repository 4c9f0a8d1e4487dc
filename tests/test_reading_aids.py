"""Linked terms, glossary page, flashcards, side-by-side view and timeline in the built site."""

from __future__ import annotations

import re

import lxml.html
import pytest

from sitepages import article, built
from studykit.load import glossary as gl
from studykit.load import timeline as tl
from studykit.annotate.linker import TermMatcher
from support import axe_rules, LANG_PREFIX, ROOT, describe_violations, run_axe, section_slugs

SLUGS = section_slugs()
PREFIX = LANG_PREFIX
SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "script", "style"}
SKIP_CLASSES = {"admonition-title", "ss-notice"}


@pytest.fixture(scope="module")
def glossary():
    return gl.load_glossaries(ROOT / "quizzes", root=ROOT)


def skipped(node) -> bool:
    while node is not None:
        classes = set((node.get("class") or "").split())
        if node.tag in SKIP and "ss-term" not in classes or classes & SKIP_CLASSES:
            return True
        if node.get("data-ss-nolink") is not None:  # the furigana switch and the vocabulary list
            return True
        node = node.getparent()
    return False


def text_nodes(root) -> list[str]:
    """Text of the article outside headings/links/code/notice, with term links folded back into the text."""
    root = lxml.html.fromstring(lxml.html.tostring(root, encoding="unicode"))
    for rt in root.cssselect("rt, rp"):  # furigana: the base text stays, the reading goes
        rt.drop_tree()
    for a in root.cssselect("a.ss-term, ruby"):
        a.drop_tag()
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and not skipped(el):
            out.append(el.text)
        if el.tail and not skipped(el.getparent()):
            out.append(el.tail)
    return out


def term_links(doc):
    return article(doc).cssselect("a.ss-term")


# --- section pages --------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_term_in_a_section_is_linked_there_once(site_dir, glossary, slug, language):
    doc = built(site_dir, language, f"ep90/{slug}")
    links = term_links(doc)
    linked = [a.get("data-ss-term") for a in links]
    assert len(linked) == len(set(linked)), f"linked more than once: {linked}"
    matcher = TermMatcher(glossary.forms[language], language)
    occurring = {entry_id for text in text_nodes(article(doc)) for _, _, entry_id in matcher.finditer(text)}
    assert set(linked) == occurring
    for a in links:
        entry = glossary[a.get("data-ss-term")]
        if language == "ja":
            assert a.text_content() in entry.forms("ja")
        else:  # spaces/hyphens/dashes, case and a plural s may vary in English
            fold = lambda t: re.sub(r"[\s\-\u2010\u2011\u2013]+", " ", t).casefold().removesuffix("s")
            assert fold(a.text_content()) in {fold(f) for f in entry.forms("en")}, a.text_content()
        assert a.get("href") == f"../../glossary/#{entry.id}"
        tip = a.get("data-ss-tip")  # never a title: Material would render it as HTML
        assert a.get("title") is None
        # The term in both languages (the longer one when it contains the other), then the short definition.
        separator = "：" if language == "ja" else ": "
        assert tip.endswith(separator + entry.short[language]), tip
        head = tip[: -len(separator + entry.short[language])]
        terms = (entry.term.ja, entry.term.en)
        nested = terms[0] in terms[1] or terms[1] in terms[0]
        assert (max(terms, key=len) in head) if nested else all(t in head for t in terms), (tip, terms)
    if language == "ja":
        assert len(linked) >= 5, linked


EXPECTED_JA = {
    "overall-flow": ["munich-security-conference", "kellogg", "ichido-ni-kaisuru", "saudi-talks", "rubio", "lavrov"],
    "us-stance": ["bottom-line", "narrative", "zelensky", "ichito-wo-tadoru", "senkyo-no-senrei"],
    "recurrence-prevention": ["crimea", "kursk", "ceasefire-line", "nato", "collective-defence", "tsuyu-hodomo", "yoboosen-wo-haru"],
    "europe-too-slow": ["tazan-no-ishi", "shuutai-wo-enjiru", "ceasefire-monitoring-force", "us-election-2024"],
    "china-key": ["kusabi-wo-uchikomu", "on-wo-uru", "wolf-warrior-diplomacy", "global-south", "security-council-resolution",
                  "un-security-council", "peacekeeping-force", "kabu-wo-ageru", "sanctions"],
    "japan-not-behind": ["demining", "self-defense-forces", "japan-russia-relations", "kaji-wo-kiru", "boyaboya", "peacekeeping-force"],
}


@pytest.mark.parametrize("slug", SLUGS)
def test_japanese_terms_are_linked_inside_running_text(site_dir, slug):
    """No word boundaries in Japanese: 停戦ライン, クスクス州, 舵を切 are found mid-sentence."""
    linked = {a.get("data-ss-term"): a.text_content() for a in term_links(built(site_dir, "ja", f"ep90/{slug}"))}
    for entry_id in EXPECTED_JA[slug]:
        assert entry_id in linked, (slug, entry_id)
    if slug == "recurrence-prevention":
        assert linked["kursk"] == "クスクス州" and linked["ceasefire-line"] == "停戦ライン"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_term_link_in_headings_code_links_or_titles(site_dir, language):
    pages = [f"ep90/{slug}" for slug in SLUGS]
    for path in pages:
        doc = built(site_dir, language, path)
        for a in doc.cssselect("a.ss-term"):
            for ancestor in a.iterancestors():
                classes = set((ancestor.get("class") or "").split())
                assert ancestor.tag not in SKIP, (path, ancestor.tag, a.text_content())
                assert not classes & SKIP_CLASSES, (path, classes)
    # Pages that are not sections get no term links (side-by-side pages do: tests/test_readings.py).
    for path in ("", "ep90", "glossary", "flashcards", "ep90/timeline", "ep90/hedges"):
        assert not built(site_dir, language, path).cssselect("a.ss-term"), path


def markdown_blocks(slug: str, language: str) -> dict[str, str]:
    """Paragraph text per #pN straight from the Markdown source (the line(s) before `{: #pN }`)."""
    suffix = ".md" if language == "ja" else ".en.md"
    lines = (ROOT / "docs" / "ep90" / f"{slug}{suffix}").read_text(encoding="utf-8").splitlines()
    blocks = {}
    for i, line in enumerate(lines):
        match = re.fullmatch(r"\s*\{: #(p\d+) \}", line)
        if match:
            text = []
            j = i - 1
            while j >= 0 and lines[j].strip():
                text.insert(0, re.sub(r"^\s*(- )?", "", lines[j]))
                j -= 1
            blocks[match[1]] = " ".join(text)
    return blocks


@pytest.mark.parametrize("slug", SLUGS)
def test_japanese_text_stays_verbatim_with_links(site_dir, slug):
    doc = built(site_dir, "ja", f"ep90/{slug}")
    blocks = markdown_blocks(slug, "ja")
    assert blocks
    for block_id, text in blocks.items():
        [p] = doc.cssselect(f"p#{block_id}")
        assert p.text_content() == text, block_id


# --- glossary page -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_glossary_page_lists_every_entry_sorted_with_index_and_sections(site_dir, glossary, language):
    doc = built(site_dir, language, "glossary")
    root = article(doc)
    for entry_id in glossary.ids:
        assert len(root.cssselect(f"[id='{entry_id}'].ss-entry")) == 1, entry_id
    main = [el.get("id") for el in root.cssselect(".ss-glossary__group:not(.ss-glossary__notes) .ss-entry")]
    assert main == [e.id for e in glossary.sorted_entries(language, language_notes=False)]
    notes = [el.get("id") for el in root.cssselect(".ss-glossary__notes .ss-entry")]
    assert set(notes) == {e.id for e in glossary if e.group is gl.Group.language}
    if language == "ja":
        readings = [el.text_content() for el in root.cssselect(
            ".ss-glossary__group:not(.ss-glossary__notes) .ss-entry__reading")]
        assert readings[0].startswith("あ") and readings[-1].startswith("ろ")
        labels = [a.text_content() for a in root.cssselect(".ss-glossary__index a")]
        assert labels[:4] == ["あ", "か", "さ", "た"]
    else:
        terms = [el.text_content().casefold() for el in root.cssselect(
            ".ss-glossary__group:not(.ss-glossary__notes) .ss-entry__term")]
        assert terms[0].startswith("b") and terms[-1].startswith("volodymyr")
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for a in root.cssselect(".ss-glossary__index a, .ss-entry__related a"):
        assert a.get("href").lstrip("#") in ids, a.get("href")
    # "Appears in" is exactly the set of section pages that link the term.
    linked_on = {}
    for slug in SLUGS:
        for a in term_links(built(site_dir, language, f"ep90/{slug}")):
            linked_on.setdefault(a.get("data-ss-term"), set()).add(f"../ep90/{slug}/")
    for entry in root.cssselect(".ss-entry"):
        hrefs = {a.get("href") for a in entry.cssselect(".ss-entry__appears a")}
        assert hrefs == linked_on.get(entry.get("id"), set()), entry.get("id")
    nato = root.cssselect("#nato")[0]
    assert "../ep90/recurrence-prevention/" in {a.get("href") for a in nato.cssselect(".ss-entry__appears a")}
    kursk = root.cssselect("#kursk")[0].text_content()
    assert "クスクス州" in kursk


# --- side by side ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_side_by_side_pairs_every_block(site_dir, slug, language):
    doc = built(site_dir, language, f"ep90/parallel/{slug}")
    rows = article(doc).cssselect("[data-ss-pair]")
    sections = {lang: built(site_dir, lang, f"ep90/{slug}") for lang in ("ja", "en")}
    block_ids = {lang: [p.get("id") for p in article(d).cssselect("p[id^='p']") if re.fullmatch(r"p\d+", p.get("id"))]
                 for lang, d in sections.items()}
    assert block_ids["ja"] == block_ids["en"] == list(markdown_blocks(slug, "ja"))
    assert [r.get("data-ss-pair") for r in rows] == block_ids["ja"]
    for row in rows:
        cells = row.cssselect("[data-ss-cell]")
        assert [c.get("lang") for c in cells] == (["ja", "en"] if language == "ja" else ["en", "ja"])
        for cell in cells:
            lang = cell.get("lang")
            [p] = sections[lang].cssselect(f"p#{row.get('data-ss-pair')}")
            expected = re.sub(r"\s+", " ", p.text_content()).strip()
            body = re.sub(r"\s+", " ", cell.xpath("./p[1]")[0].text_content()).strip()  # then its notes
            assert body == expected and body


# --- timeline --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_timeline_is_an_ordered_list_of_dated_events(site_dir, language):
    model = tl.load_timeline(ROOT / "quizzes" / "ep90" / "timeline.yml", "quizzes/ep90/timeline.yml")
    root = article(built(site_dir, language, "ep90/timeline"))
    [ol] = root.cssselect("ol.ss-timeline__list")
    items = ol.findall("li")
    assert len(items) == len(model.events) >= 8
    dates = [li.cssselect("time")[0].get("datetime") for li in items]
    assert dates == sorted(dates, key=lambda d: tl._start_of(d))
    for li, date in zip(items, dates):
        assert re.fullmatch(tl.DATE_PATTERN, date)
        if tl._start_of(date) > tl._end_of(model.as_of):
            assert "ss-timeline__item--target" in li.get("class")
            label = li.cssselect(".ss-timeline__kind")[0].text_content()
            assert ("目標" in label) if language == "ja" else ("Target" in label)
    text = ol.text_content()
    for needle in ({"ja": ["2014年", "2022年2月24日", "2024年8月6日", "2024年11月5日", "2025年1月20日", "2025年2月14日〜16日",
                           "2025年2月18日", "2025年4月20日"],
                    "en": ["2014", "24 February 2022", "6 August 2024", "5 November 2024", "20 January 2025",
                           "14–16 February 2025", "18 February 2025", "20 April 2025"]}[language]):
        assert needle in text, needle


# --- in a real browser ---------------------------------------------------------------------


def tooltip_text(page) -> str:
    page.wait_for_selector("#ss-tip:not([hidden])", timeout=5000)
    return page.locator("#ss-tip").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize(("language", "needle"), [("ja", "停戦時に双方の部隊"), ("en", "separates the two sides")])
def test_term_tooltip_shows_on_hover_and_on_keyboard_focus(page, language, needle):
    page.goto(f"/{PREFIX[language]}ep90/recurrence-prevention/")
    term = page.locator("a.ss-term[data-ss-term='ceasefire-line']")
    term.hover()
    assert needle in tooltip_text(page)
    page.mouse.move(0, 0)
    page.wait_for_selector("#ss-tip", state="hidden", timeout=5000)
    # Keyboard: Tab through the page until the term has focus.
    page.locator("body").click(position={"x": 5, "y": 200})
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.ssTerm") == "ceasefire-line":
            break
    else:
        pytest.fail("the term link is not reachable with Tab")
    page.wait_for_function(
        "(n) => { const t = document.getElementById('ss-tip'); return t && !t.hidden && t.innerText.includes(n); }",
        arg=needle, timeout=5000)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["ja", "en"])
def test_flashcards_work_by_mouse_and_keyboard_and_keep_progress(page, glossary, language):
    page.goto(f"/{PREFIX[language]}flashcards/")
    status = page.locator("[data-ss-fc-status]")
    front, back = page.locator("[data-ss-fc-front]"), page.locator("[data-ss-fc-back]")
    first = glossary.sorted_entries(language, language_notes=False)[0]
    total = len(glossary.entries)
    assert re.search(rf"\b1\b.*\b{total}\b", status.inner_text())
    assert first.term[language] in front.inner_text()
    assert back.is_hidden()
    # Mouse: flip, next, mark known.
    page.locator("[data-ss-fc-flip]").click()
    assert back.inner_text() == first.short[language]
    page.locator("[data-ss-fc-next]").click()
    assert re.search(rf"\b2\b.*\b{total}\b", status.inner_text()) and back.is_hidden()
    page.locator("[data-ss-fc-known]").click()
    assert page.locator("[data-ss-fc-known]").get_attribute("aria-pressed") == "true"
    # Keyboard: Enter on the focused Flip button, arrows, K/R shortcuts.
    page.locator("[data-ss-fc-flip]").focus()
    page.keyboard.press("Enter")
    assert back.is_visible()
    page.keyboard.press("ArrowRight")
    assert re.search(rf"\b3\b.*\b{total}\b", status.inner_text())
    page.keyboard.press("r")
    page.keyboard.press("ArrowLeft")
    assert re.search(rf"\b2\b.*\b{total}\b", status.inner_text())
    # Japanese → English direction.
    page.locator("[data-ss-fc-mode]").select_option("ja-en")
    assert glossary.sorted_entries(language, language_notes=False)[1].term.ja in front.inner_text()
    # Progress survives a reload.
    page.reload()
    text = page.locator("[data-ss-fc-status]").inner_text()
    assert re.search(r"(覚えた 1・要復習 1|known 1 · to review 1)", text), text
    # "Only cards to review" shows exactly the card marked with R.
    page.locator("[data-ss-fc-review-only]").check()
    assert re.search(r"\b1\b.*\b1\b", page.locator("[data-ss-fc-status]").inner_text())
    third = glossary.sorted_entries(language, language_notes=False)[2]
    assert third.term.ja in front.inner_text() or third.term.en in front.inner_text()
    # Shuffle keeps every card.
    page.locator("[data-ss-fc-review-only]").uncheck()
    page.locator("[data-ss-fc-shuffle]").click()
    assert re.search(rf"\b1\b.*\b{total}\b", status.inner_text())


@pytest.mark.browser
def test_flashcard_progress_from_storage_is_validated_and_never_html(page):
    page.goto("/flashcards/")
    page.evaluate("""() => localStorage.setItem('ss-flashcards:v1', JSON.stringify(
        {known: ['<img src=x onerror=window.pwned=1>', 'nato', 'nato', 42], review: 'nato'}))""")
    page.reload()
    assert "覚えた 1・要復習 0" in page.locator("[data-ss-fc-status]").inner_text()
    assert page.locator(".ss-fc img").count() == 0 and not page.evaluate("window.pwned")
    page.evaluate("() => localStorage.setItem('ss-flashcards:v1', '{not json')")
    page.reload()
    assert "覚えた 0・要復習 0" in page.locator("[data-ss-fc-status]").inner_text()


@pytest.mark.browser
def test_side_by_side_is_two_columns_on_desktop_and_stacked_on_phones(page):
    page.goto("/ep90/parallel/us-stance/")
    row = page.locator("[data-ss-pair='p1']")
    ja, en = row.locator("[lang=ja][data-ss-cell]").bounding_box(), row.locator("[lang=en][data-ss-cell]").bounding_box()
    assert abs(ja["y"] - en["y"]) < 2 and en["x"] > ja["x"] + ja["width"] - 1
    page.set_viewport_size({"width": 375, "height": 800})
    ja, en = row.locator("[lang=ja][data-ss-cell]").bounding_box(), row.locator("[lang=en][data-ss-cell]").bounding_box()
    assert en["y"] >= ja["y"] + ja["height"] - 1


@pytest.mark.browser
def test_glossary_filter_narrows_entries(page):
    page.goto("/glossary/")
    page.locator("[data-ss-glossary-filter]").fill("ていせん")
    visible = page.locator(".ss-entry:visible")
    assert 2 <= visible.count() < 10
    assert page.locator("#ceasefire-line").is_visible() and page.locator("#nato").is_hidden()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_flashcards_after_interaction(open_tab, server, scheme):
    """Flipped and marked known, in both languages (every page's first state: test_a11y's crawl)."""
    page = open_tab(server, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    rules = axe_rules(scheme)
    failures = {}
    for language in ("ja", "en"):
        page.goto(f"/{PREFIX[language]}flashcards/")
        page.locator("[data-ss-fc-flip]").click()
        page.locator("[data-ss-fc-known]").click()
        assert page.locator("[data-ss-fc-back]").is_visible()
        assert page.locator("[data-ss-fc-known]").get_attribute("aria-pressed") == "true"
        violations = run_axe(page, ".md-content", rules=rules)
        if violations:
            failures[language + ":flashcards/"] = describe_violations(violations)
    assert not failures, failures
