"""A second episode needs no code: only pages, data files and nav entries.

The test copies the project, adds a tiny synthetic episode 91 next to episode 90
(tests/fixtures/second-episode/: section, quiz, side-by-side, timeline and teacher
pages in both languages; quiz, glossary, timeline and readings files; its nav
entries), builds the copy with ``mkdocs build --strict`` once, and checks what a
reader, a student and a teacher get: its pages, its own date in the notice and
the glossary, its quiz, the teacher pages, every LMS export and the search index.
Expected text comes from the fixture files, not from the code under test.

One strict build of the copy: the module takes 21 s alone on the 2-core machine,
up to about 60 s while other work loads it (the build is almost all of it). Marked
``site``, with the other built-site tests, so ``-m "not browser and not site"`` skips it.
"""

from __future__ import annotations

import difflib
import filecmp
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree, html

from sitepages import search_fragments
from support import LANG_PREFIX, ROOT, SHARED
from lms_graders import read_moodle
from projectcopy import IGNORE, build, copy_project

# One worker builds the second episode once (xdist_group: module fixtures are per worker).
pytestmark = [pytest.mark.site, pytest.mark.xdist_group("second-episode")]

FIXTURE = ROOT / "tests" / "fixtures" / "second-episode"
NAV = yaml.safe_load((FIXTURE / "nav.yml").read_text(encoding="utf-8"))
# Where the nav entries go in mkdocs.yml: the episode after episode 90's group,
# its group title with the other English nav titles.
NAV_BEFORE = "  - 学習の道具:\n"
TRANSLATIONS_AFTER = "          nav_translations:\n"

EPISODE = "ep91"
SECTIONS = ("first-step", "second-step")
QUIZ_ID = "ep91-first-step"
PAGES = ("ep91/", "ep91/first-step/", "ep91/second-step/", "ep91/quiz/first-step/",
         "ep91/timeline/", "ep91/parallel/first-step/")
PREFIX = LANG_PREFIX
# The episodes' dates (their timeline.yml as_of), as a reader writes them.
EP91_DATE = {"ja": "2025年6月12日", "en": "12 June 2025"}
EP90_DATE = {"ja": "2025年2月27日", "en": "27 February 2025"}
QTI_XSD = SHARED / "schemas" / "qti21" / "qtiv2p1" / "imsqti_v2p1.xsd"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def fixture_data(name: str) -> dict:
    return yaml.safe_load((FIXTURE / "quizzes" / EPISODE / name).read_text(encoding="utf-8"))


QUIZ = fixture_data("first-step.quiz.yml")
GLOSSARY = fixture_data("glossary.yml")
TIMELINE = fixture_data("timeline.yml")


# ------------------------------------------------------------------ the project and its build


def add_episode(project: Path) -> None:
    """What a maintainer does (README.md, "Adding an episode"): pages, data files, nav entries."""
    for folder in ("docs", "quizzes"):
        shutil.copytree(FIXTURE / folder, project / folder, dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(NAV_BEFORE) == 1 and text.count(TRANSLATIONS_AFTER) == 1, "mkdocs.yml changed shape"
    text = text.replace(NAV_BEFORE, NAV["nav"] + NAV_BEFORE)
    text = text.replace(TRANSLATIONS_AFTER, TRANSLATIONS_AFTER + NAV["nav_translations"])
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("second-episode") / "project")
    add_episode(project)
    return project


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("second-episode-site")
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def page(site: Path, path: str, lang: str = "ja") -> html.HtmlElement:
    file = site / PREFIX[lang] / path / "index.html"
    assert file.is_file(), f"not built: {PREFIX[lang]}{path}"
    return html.fromstring(file.read_bytes())


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def source_blocks(slug: str, lang: str) -> dict[str, str]:
    """h1 and the paragraphs {: #pN } of a fixture section page, from its Markdown."""
    name = f"{slug}.md" if lang == "ja" else f"{slug}.en.md"
    markdown = (FIXTURE / "docs" / EPISODE / name).read_text(encoding="utf-8")
    blocks = {"h1": re.search(r"^# (.+)$", markdown, re.M)[1]}
    for text, block in re.findall(r"^([^\n{<#-][^\n]*)\n\{: #(p\d+) \}$", markdown, re.M):
        blocks[block] = text
    assert len(blocks) == 3, blocks
    return blocks


# ------------------------------------------------------------------ nothing but data


def _tree(root: Path) -> set[str]:
    """Every file of a project, as copy_project sees it (the same names left out)."""
    files = set()
    for folder, subfolders, names in os.walk(root):
        ignored = IGNORE(folder, subfolders + names)
        subfolders[:] = [d for d in subfolders if d not in ignored]
        files.update(Path(folder, n).relative_to(root).as_posix() for n in names if n not in ignored)
    return files


def test_adding_it_changed_no_code_only_pages_data_and_nav(project):
    """The copy differs from the project only by new files under docs/ and quizzes/,
    and by lines added to mkdocs.yml's nav and nav_translations."""
    original, copy = _tree(ROOT), _tree(project)
    assert original <= copy, f"files gone from the copy: {sorted(original - copy)[:5]}"
    changed = sorted(p for p in original if not filecmp.cmp(ROOT / p, project / p, shallow=False))
    assert changed == ["mkdocs.yml"], changed
    added = sorted(copy - original)
    assert added and all(p.startswith(("docs/", "quizzes/")) for p in added), added
    assert all(f"/{EPISODE}/" in f"/{p}" or f"/{EPISODE}-" in p for p in added), added
    diff = list(difflib.ndiff((ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines(),
                              (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()))
    assert not [line for line in diff if line.startswith("- ")], "mkdocs.yml lost lines"
    plus = [line[2:] for line in diff if line.startswith("+ ")]
    assert plus == (NAV["nav_translations"] + NAV["nav"]).splitlines()


# ------------------------------------------------------------------ pages


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_its_pages_are_built_in_both_languages(site, lang):
    for path in PAGES:
        tree = page(site, path, lang)
        assert tree.get("lang") == lang, path
        assert tree.cssselect("article h1"), path
    for slug in SECTIONS:
        article = page(site, f"ep91/{slug}/", lang).cssselect("article")[0]
        for block, expected in source_blocks(slug, lang).items():
            found = article.cssselect("h1" if block == "h1" else f"p#{block}")
            assert found, f"{slug}#{block} ({lang})"
            # Glossary links and furigana add markup only: the text stays the author's.
            shown = found[0].text_content().replace("¶", "").strip() if block == "h1" else text_of(found[0])
            assert shown == expected, (slug, block, lang)


def test_its_japanese_text_has_the_furigana_of_its_readings_file(site):
    readings = fixture_data("readings.yml")["readings"]
    article = page(site, "ep91/first-step/", "ja").cssselect("article")[0]
    for ref, items in readings.items():
        block = ref.partition("#")[2]
        element = article.cssselect("h1" if block == "h1" else f"p#{block}")[0]
        shown = [(r.text_content(), r.cssselect("rt")[0].get("data-ss-rt")) for r in element.cssselect("ruby")]
        # Okurigana carry no ruby: 古い ふるい is shown as 古(ふる)い.
        expected = []
        for word, reading in (item.split() for item in items):
            okurigana = len(re.search(r"[ぁ-ゖ]*$", word)[0])
            expected.append((word[:len(word) - okurigana], reading[:len(reading) - okurigana]))
        assert shown == expected, ref


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_site_nav_and_the_404_page_offer_it(site, lang):
    title = "第91回 港町の仮設橋" if lang == "ja" else "Episode 91: A temporary bridge for the port town"
    home = page(site, "", lang)
    assert title in [text_of(e) for e in home.cssselect(".md-nav__item label, .md-nav__link")]
    not_found = html.fromstring((site / PREFIX[lang] / "404.html").read_bytes())
    links = {text_of(a): a.get("href") for a in not_found.cssselect("[data-ss-not-found] li a")}
    assert links.get(title, "").endswith(f"/{PREFIX[lang]}ep91/"), links
    assert len(links) == 3, links  # home, episode 90, episode 91


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_notice_gives_each_episode_its_own_date(site, lang):
    for path in ("ep91/", "ep91/first-step/", "ep91/parallel/first-step/"):
        notice = text_of(page(site, path, lang).cssselect(".ss-notice")[0])
        assert EP91_DATE[lang] in notice and EP90_DATE[lang] not in notice, (path, notice)
    notice = text_of(page(site, "ep90/us-stance/", lang).cssselect(".ss-notice")[0])
    assert EP90_DATE[lang] in notice and EP91_DATE[lang] not in notice


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_glossary_lists_its_terms_with_its_date(site, lang):
    glossary = page(site, "glossary/", lang)

    def as_of_label(entry_id: str) -> str:
        return text_of(glossary.cssselect(f"#{entry_id} .ss-entry__asof .ss-entry__label")[0])

    for entry in GLOSSARY["entries"]:
        shown = glossary.cssselect(f"#{entry['id']}")
        assert shown, entry["id"]
        assert entry["term"][lang] in text_of(shown[0])
    dated = next(e for e in GLOSSARY["entries"] if "as_of" in e)
    ep90_dated = next(e for e in yaml.safe_load((ROOT / "quizzes/ep90/glossary.yml").read_text(encoding="utf-8"))["entries"]
                      if "as_of" in e)
    label = {"ja": "{}時点", "en": "As of {}"}[lang]
    assert as_of_label(dated["id"]) == label.format(EP91_DATE[lang])
    assert as_of_label(ep90_dated["id"]) == label.format(EP90_DATE[lang])
    # Its section pages link its terms, and the glossary says where they appear.
    appears = text_of(glossary.cssselect(f"#{dated['id']} .ss-entry__appears")[0])
    assert source_blocks("first-step", lang)["h1"] in appears
    section = page(site, "ep91/first-step/", lang)
    assert section.cssselect(f"article a[href$='glossary/#{dated['id']}']")
    cards = json.loads(page(site, "flashcards/", lang).cssselect("[data-ss-flashcards-data]")[0].text)
    assert {(e["id"], e["term"]["en"]) for e in GLOSSARY["entries"]} <= {(c["id"], c["en"]) for c in cards}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_its_quiz_renders_with_everything_needed_to_grade_it(site, lang):
    quiz = page(site, "ep91/quiz/first-step/", lang)
    root = quiz.cssselect(f"[data-ss-quiz='{QUIZ_ID}']")
    assert root and root[0].get("data-ss-lang") == lang
    scripts = [s.get("src") or "" for s in quiz.cssselect("script")]
    assert any(s.endswith("assets/study/quiz.js") for s in scripts), scripts
    questions = {q["id"]: q for q in QUIZ["questions"]}
    fieldsets = {f.get("data-ss-question"): f for f in root[0].cssselect("fieldset[data-ss-question]")}
    assert list(fieldsets) == list(questions)
    for qid, q in questions.items():
        field = fieldsets[qid]
        assert field.get("data-ss-type") == q["type"]
        assert q["prompt"][lang] in text_of(field)
        if q["type"] == "single":
            right = [text_of(o.cssselect("label")[0]) for o in field.cssselect("[data-ss-opt][data-ss-ok]")]
            assert right == [o["text"][lang] for o in q["options"] if o.get("correct")]
        elif q["type"] == "fill":
            assert set(json.loads(field.get("data-ss-accept"))) >= set(q["answers"][lang])
        elif q["type"] == "order":
            # Shown shuffled; data-ss-item is each item's place in the correct order.
            items = {int(li.get("data-ss-item")): text_of(li) for li in field.cssselect("[data-ss-item]")}
            assert items == {i: item[lang] for i, item in enumerate(q["items"])}
        cite = field.cssselect("a[data-ss-cite]")[0].get("href")
        assert re.search(r"(^|/)first-step/#p\d$", cite), cite


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_its_timeline_and_side_by_side_pages(site, lang):
    timeline = page(site, "ep91/timeline/", lang)
    items = timeline.cssselect(".ss-timeline__item")
    assert [li.get("id") for li in items] == [e["id"] for e in sorted(TIMELINE["events"], key=lambda e: str(e["date"]))]
    assert EP91_DATE[lang] in text_of(timeline.cssselect(".ss-timeline > p")[0])
    assert [li.get("id") for li in timeline.cssselect(".ss-timeline__item--target")] == ["ep91-works-done"]
    side = page(site, "ep91/parallel/first-step/", lang)
    article = text_of(side.cssselect("article")[0])
    for other in ("ja", "en"):
        for block, text in source_blocks("first-step", other).items():
            if block != "h1":
                assert " ".join(text.split()) in article, (lang, other, block)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_teacher_pages_include_it(site, lang):
    questions = QUIZ["questions"]
    key = text_of(page(site, f"teachers/answer-key/{QUIZ_ID}/", lang).cssselect("article")[0])
    sheet = text_of(page(site, f"teachers/worksheet/{QUIZ_ID}/", lang).cssselect("article")[0])
    for q in questions:
        assert q["prompt"][lang] in key and q["prompt"][lang] in sheet, q["id"]
    single = next(q for q in questions if q["type"] == "single")
    fill = next(q for q in questions if q["type"] == "fill")
    assert next(o for o in single["options"] if o.get("correct"))["text"][lang] in key
    assert all(a in key for a in fill["answers"][lang])
    assert not any(a in sheet for a in fill["answers"][lang])  # the worksheet has no answers
    # The assignment-link builder offers its questions and links to its quiz page in both languages.
    builder = page(site, "teachers/assign/", lang)
    markup = html.tostring(builder, encoding="unicode")
    assert all(q["id"] in markup for q in questions)
    assert "ep91/quiz/first-step/" in markup and "en/ep91/quiz/first-step/" in markup
    # The exports page has a row for it whose every link is a file the build wrote.
    exports = page(site, "teachers/exports/", lang)
    row = next(tr for tr in exports.cssselect("tr") if QUIZ["title"][lang] in text_of(tr))
    links = [a.get("href") for a in row.cssselect("a")]
    assert len(links) >= 7, links  # Moodle XML ×3 (+ ordering ×3), GIFT ×2, QTI ×2
    base = site / PREFIX[lang] / "teachers" / "exports"
    for href in links:
        target = (base / href).resolve()
        assert target.is_file() and QUIZ_ID in target.name, href


def test_every_export_includes_it(site):
    exports = site / "exports"
    ids = [q["id"] for q in QUIZ["questions"]]
    for name in (f"{QUIZ_ID}.xml", "all-quizzes.xml"):
        moodle = etree.parse(str(exports / "moodle" / name))
        found = moodle.xpath("//question/idnumber/text()")
        assert all(i in found for i in ids), (name, found[:5])
    assert len(etree.parse(str(exports / "moodle" / f"{QUIZ_ID}.xml")).xpath("//question[@type!='category']")) == 3
    for lang in ("ja", "en"):
        for name in (f"{QUIZ_ID}.{lang}.gift", f"all-quizzes.{lang}.gift"):
            gift = (exports / "gift" / name).read_text(encoding="utf-8")
            prompt = QUIZ["questions"][0]["prompt"][lang]
            assert prompt.rstrip("?。") in gift.replace("\\", ""), name
    parser = etree.XMLParser(no_network=True)
    schema = etree.XMLSchema(etree.parse(str(QTI_XSD), parser))
    for lang in ("ja", "en"):
        for name in (f"{QUIZ_ID}.{lang}.zip", f"all-quizzes.{lang}.zip"):
            with zipfile.ZipFile(io.BytesIO((exports / "qti" / name).read_bytes())) as package:
                items = {}
                for member in package.namelist():
                    if member.endswith(".xml") and member != "imsmanifest.xml":
                        doc = etree.fromstring(package.read(member))
                        if doc.tag == f"{QTI}assessmentItem":
                            items[doc.get("identifier")] = doc
            ours = [items[i] for i in ids if i in items]
            assert len(ours) == len(ids), (name, sorted(items)[:5])
            for doc in ours:
                assert schema.validate(etree.ElementTree(doc)), schema.error_log


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_its_moodle_questions_grade_the_fixture_s_answers(site, lang):
    """Read back the way Moodle would (tests/lms_graders.py), graded against the quiz file."""
    questions = {q["type"]: q for q in QUIZ["questions"]}
    text = (site / "exports" / "moodle" / f"{QUIZ_ID}.xml").read_text(encoding="utf-8")
    graded = {g.idnumber: g for g in read_moodle(text, lang)[1]}
    single, fill = graded[questions["single"]["id"]], graded[questions["fill"]["id"]]
    for option in questions["single"]["options"]:
        assert single.grade(option["text"][lang]) == (1.0 if option.get("correct") else 0.0)
    for answer in questions["fill"]["answers"][lang]:
        assert fill.grade(answer) == 1.0, answer
    assert fill.grade("三千") == 0.0
    text = (site / "exports" / "moodle-ordering" / f"{QUIZ_ID}.xml").read_text(encoding="utf-8")
    order = {g.idnumber: g for g in read_moodle(text, lang)[1]}[questions["order"]["id"]]
    items = [item[lang] for item in questions["order"]["items"]]
    assert order.grade(items) == 1.0 and order.grade(items[::-1]) < 1.0


def test_the_search_index_has_its_pages(site):
    by_url = {f["url"]: f for f in search_fragments(site)}
    for lang in ("ja", "en"):
        for slug in SECTIONS:
            url = f"/{PREFIX[lang]}ep91/{slug}/"
            assert url in by_url, sorted(u for u in by_url if "ep91" in u)
            content = by_url[url]["content"].replace(" ", "")
            assert source_blocks(slug, lang)["p1"].replace(" ", "")[:8] in content, (url, content[:80])
        assert f"/{PREFIX[lang]}ep91/parallel/first-step/" not in by_url  # `search: exclude`, as ep90's
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["ja"]["page_count"] == entry["languages"]["en"]["page_count"]
