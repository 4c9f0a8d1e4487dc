"""Reading aids: the reviewed readings file against the text, and furigana, vocabulary, sic mark,
hedges and side-by-side notes in the built site (browser tests: tests/test_readings_browser.py)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import unicodedata

import lxml.html
import pytest

from support import ROOT
from studykit.annotate import readings as rd
from studykit.errors import StudyDataError
from studykit.schemas import schema_texts
from studykit.annotate.htmltext import block_texts, tokenize
from studykit.docs import load_section

SLUGS = ["overall-flow", "us-stance", "recurrence-prevention", "europe-too-slow", "china-key", "japan-not-behind"]
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005-\u3007]")


@pytest.fixture(scope="module")
def readings():
    return rd.load_readings(ROOT / "docs", ROOT / "quizzes", "ep90", root=ROOT)


def page(site_dir, path: str):
    return lxml.html.parse(str(site_dir / path / "index.html")).getroot()


def article(doc):
    [node] = doc.cssselect("article.md-content__inner")
    return node


def without_readings(element) -> str:
    """Text of ``element`` with <rt>/<rp> removed (what a reader copies)."""
    copy = lxml.html.fromstring(lxml.html.tostring(element, encoding="unicode"))
    for el in copy.cssselect("rt, rp"):
        el.drop_tree()
    return copy.text_content()


def markdown_blocks(slug: str) -> dict[str, str]:
    """Block text straight from the Markdown source: the line(s) before `{: #pN }`, joined."""
    lines = (ROOT / "docs" / "ep90" / f"{slug}.md").read_text(encoding="utf-8").splitlines()
    blocks = {}
    for i, line in enumerate(lines):
        match = re.fullmatch(r"\s*\{: #(p\d+) \}", line)
        if match:
            text, j = [], i - 1
            while j >= 0 and lines[j].strip():
                text.insert(0, re.sub(r"^\s*(- )?", "", lines[j]))
                j -= 1
            blocks[match[1]] = " ".join(text)
    return blocks


# --- the data file ---------------------------------------------------------------------------


def test_schema_file_matches_the_model_and_the_file_names_it():
    name = "readings.schema.json"
    committed = (ROOT / "quizzes" / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_texts()[name], f"run: PYTHONPATH=hooks .venv/bin/python -m studykit schema ({name})"
    first = (ROOT / "quizzes" / "ep90" / "readings.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/readings.schema.json"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_kanji_on_a_section_page_has_a_reviewed_reading(readings, slug):
    html = load_section(ROOT / "docs", f"ep90/{slug}", "ja").html
    texts = block_texts(tokenize(html))
    assert set(texts) >= {"h1", "p1"}
    for block, text in texts.items():
        covered = set()
        for word in readings.words.get(f"{slug}#{block}", []):
            assert text[word.start:word.end] == word.text
            covered.update(range(word.start, word.end))
        missing = [(i, c) for i, c in enumerate(text) if KANJI.match(c) and i not in covered]
        assert not missing, f"{slug}#{block}: no reading for {missing} (add them to quizzes/ep90/readings.yml)"


def test_the_analysers_known_mistakes_are_corrected(readings):
    def reading(ref, word):
        return [w.reading for w in readings.words[ref] if w.text == word]

    assert reading("china-key#p4", "戦狼") == ["せんろう"]
    assert reading("recurrence-prevention#p4", "露") == ["つゆ"]
    assert reading("recurrence-prevention#p2", "親") == ["しん"]  # 親ロシア派, not おや
    assert reading("overall-flow#p4", "２０日") == ["はつか"]
    assert reading("us-stance#p2", "他") == ["ほか"]


def test_words_outside_the_joyo_list_are_difficult_and_glossed(readings):
    assert len(rd.joyo()) == 2136 and "狼" not in rd.joyo() and "露" in rd.joyo()
    hard = {w.text for ws in readings.words.values() for w in ws if rd.non_joyo(w.text)}
    assert {"纏まっ", "殆ど", "楔", "戦狼", "舵"} <= hard
    assert hard <= readings.difficult
    for entry in readings.data.vocabulary:
        assert entry.gloss.en.strip() and entry.gloss.ja.strip()


@pytest.mark.parametrize(("word", "reading", "parts"), [
    ("纏まっ", "まとまっ", [("纏", "まと"), ("まっ", None)]),
    ("取り戻す", "とりもどす", [("取", "と"), ("り", None), ("戻", "もど"), ("す", None)]),
    ("大統領", "だいとうりょう", [("大統領", "だいとうりょう")]),
    ("１４日", "じゅうよっか", [("１４日", "じゅうよっか")]),  # no split: one ruby over the whole word
])
def test_okurigana_carry_no_ruby(word, reading, parts):
    assert rd.ruby_parts(word, reading) == parts


@pytest.fixture
def project(tmp_path):
    """A copy of the episode's pages and readings file to break."""
    for sub in ("docs/ep90", "quizzes/ep90"):
        (tmp_path / sub).mkdir(parents=True)
    for file in (ROOT / "docs" / "ep90").glob("*.md"):
        shutil.copy(file, tmp_path / "docs" / "ep90")
    shutil.copy(ROOT / "quizzes" / "ep90" / "readings.yml", tmp_path / "quizzes" / "ep90")
    return tmp_path


def _load(project):
    return rd.load_readings(project / "docs", project / "quizzes", "ep90", root=project)


def _line_of(project, needle: str) -> int:
    lines = (project / "quizzes" / "ep90" / "readings.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_a_reading_that_no_longer_matches_the_text_stops_the_build(project):
    page = project / "docs" / "ep90" / "china-key.md"
    page.write_text(page.read_text(encoding="utf-8").replace("戦狼外交", "強硬な外交"), encoding="utf-8")
    with pytest.raises(StudyDataError) as error:
        _load(project)
    line = _line_of(project, "- 戦狼 せんろう")
    assert re.search(rf"^quizzes/ep90/readings\.yml:{line}:\d+: readings\.china-key#p4\[\d+\]: '戦狼' is not in the text",
                     str(error.value), re.M), str(error.value)


def test_a_new_kanji_word_without_a_reading_is_found(project):
    page = project / "docs" / "ep90" / "china-key.md"
    page.write_text(page.read_text(encoding="utf-8").replace("メリットの方が", "利点の方が"), encoding="utf-8")
    loaded = _load(project)  # still loads: the words it has are all there
    text = loaded.texts["china-key#p2"]
    assert rd.uncovered(text, loaded.words["china-key#p2"]) == [(text.index("利点"), "利点")]


def test_bad_items_are_reported_with_their_place(project):
    file = project / "quizzes" / "ep90" / "readings.yml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("    - 戦狼 せんろう", "    - 戦狼せんろう").replace("  - word: 戦狼\n", "  - word: 戦争\n"),
                    encoding="utf-8")
    with pytest.raises(StudyDataError) as error:
        _load(project)
    message = str(error.value)
    assert f"readings.yml:{_line_of(project, '戦狼せんろう')}:" in message and "readings.china-key#p4" in message


def test_a_non_joyo_word_must_be_in_the_vocabulary(project):
    file = project / "quizzes" / "ep90" / "readings.yml"
    text = file.read_text(encoding="utf-8")
    file.write_text(re.sub(r"  - word: 楔\n    gloss: .*\n", "", text), encoding="utf-8")
    with pytest.raises(StudyDataError, match=r"'楔' has kanji outside the jōyō list \(楔\): add it to vocabulary"):
        _load(project)


def test_a_word_split_by_a_link_is_an_error_not_broken_markup(readings):
    html = '<p id="p2">停戦<a href="#">プロセスへの中</a>国参加は</p>'
    tokens = tokenize(html)
    ref = "china-key#p2"
    index = next(i for i, w in enumerate(readings.words[ref]) if w.text == "中国")
    word = rd.Word("中国", "ちゅうごく", 8, False, readings.words[ref][index].loc)
    with pytest.raises(StudyDataError) as error:
        rd.apply_spans(tokens, {"p2": rd.word_spans([word], {})}, readings.located)
    line = readings.located.position(("readings", ref, index))[0]
    assert str(error.value).startswith(f"quizzes/ep90/readings.yml:{line}:") and "crosses markup" in str(error.value)


# --- the built site ---------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_ruby_keeps_the_text_verbatim_and_links_in_place(site_dir, readings, slug):
    doc = page(site_dir, f"ep90/{slug}")
    for block_id, text in markdown_blocks(slug).items():
        [p] = doc.cssselect(f"p#{block_id}")
        assert without_readings(p) == text == p.text_content(), block_id  # readings are never text
        for rt in p.cssselect("rt"):
            assert not rt.text_content() and re.fullmatch("[ぁ-ゖー]+", rt.get("data-ss-rt"))
            assert rt.get("data-pagefind-ignore") is not None and rt.get("data-search-exclude") is not None
        # Every kanji of the author's block sits in a ruby base.
        bare = lxml.html.fromstring(lxml.html.tostring(p, encoding="unicode"))
        for ruby in bare.cssselect("ruby"):
            ruby.drop_tree()
        assert not KANJI.search(bare.text_content()), (block_id, bare.text_content())
    rubies = article(doc).cssselect("ruby.ss-ruby")
    assert len(rubies) == sum(1 for ws in readings.for_section(slug).values() for w in ws
                              for _, r in rd.ruby_parts(w.text, w.reading) if r)
    assert any(r.getparent().tag == "a" and "ss-term" in r.getparent().get("class") for r in rubies)
    difficult = article(doc).cssselect("ruby.ss-ruby--difficult")
    assert difficult and all(r.xpath("string(.)") for r in difficult)


@pytest.mark.parametrize("path", [f"en/ep90/{s}" for s in SLUGS] + [f"en/ep90/parallel/{s}" for s in SLUGS]
                         + ["en/glossary", "en/ep90/hedges"])
def test_english_pages_carry_no_ruby(site_dir, path):
    doc = page(site_dir, path)
    assert not doc.cssselect("ruby, rt, [data-ss-furigana]"), path


def search_texts(site_dir) -> dict[str, str]:
    """Page URL -> indexed text, from Material's lunr index or from Pagefind's fragments."""
    lunr = site_dir / "search" / "search_index.json"
    if lunr.is_file():
        return {d["location"]: d["text"] for d in json.loads(lunr.read_text(encoding="utf-8"))["docs"]}
    fragments = sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "no search index found (neither search_index.json nor pagefind/fragment)"
    out = {}
    for file in fragments:
        data = json.loads(gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[data["url"].lstrip("/")] = data["content"]
    return out


def test_search_index_has_no_readings(site_dir, readings):
    # Pagefind stores Japanese cut into words: compare without the spaces.
    docs = {loc: re.sub(r"\s+", "", text) for loc, text in search_texts(site_dir).items()}
    china = "".join(t for loc, t in docs.items() if loc.startswith("ep90/china-key/"))
    recurrence = "".join(t for loc, t in docs.items() if loc.startswith("ep90/recurrence-prevention/"))
    assert "戦狼外交" in china and "せんろう" not in china
    assert "露ほども" in recurrence and "つゆ" not in recurrence and "〔ママ〕" not in recurrence
    assert not any("data-ss-rt" in t or "ss-vocab" in t for t in docs.values())


@pytest.mark.parametrize("slug", SLUGS)
def test_vocabulary_lists_difficult_words_in_order_with_links(site_dir, readings, slug):
    doc = page(site_dir, f"ep90/{slug}")
    items = article(doc).cssselect(".ss-vocab__item")
    words = [w.text for b in ["h1"] + [f"p{i}" for i in range(1, 20)] + ["closing"]
             for w in readings.for_section(slug).get(b, []) if w.difficult]
    assert [li.cssselect(".ss-vocab__word")[0].text_content() for li in items] == list(dict.fromkeys(words))
    assert items, slug
    for li in items:
        href = li.cssselect(".ss-vocab__word")[0].get("href")
        [target] = doc.cssselect(href)  # the first occurrence in the text
        word = li.cssselect(".ss-vocab__word")[0].text_content()
        assert target.tag == "ruby" and word.startswith(target.xpath("string(.)"))
        assert target.getparent().tag in ("p", "a", "h1")
        assert li.cssselect(".ss-vocab__reading")[0].text_content()
        assert li.cssselect("[lang=en].ss-vocab__gloss")[0].text_content()
    glossary_links = {li.cssselect(".ss-vocab__word")[0].text_content(): li.cssselect(".ss-vocab__glossary")[0].get("href")
                      for li in items if li.cssselect(".ss-vocab__glossary")}
    if slug == "china-key":
        assert glossary_links["楔"] == "../../glossary/#kusabi-wo-uchikomu"
        assert glossary_links["戦狼"] == "../../glossary/#wolf-warrior-diplomacy"


def test_sic_mark_at_kursk_links_to_the_note_and_is_not_text(site_dir):
    for path, note in (("ep90/recurrence-prevention", "#note-p2"), ("ep90/parallel/recurrence-prevention", "#ja-note-p2")):
        doc = page(site_dir, path)
        [mark] = doc.cssselect(".ss-sic")
        assert mark.get("data-ss-sic") == "〔ママ〕" and not mark.text_content()
        assert mark.get("href") == note and doc.cssselect(note)
        assert "原文のまま" in mark.get("aria-label")
        before = mark.getprevious()
        assert before.tag == "a" and before.text_content() == "クスクス州"  # right after the word (its term link)
        assert "ウクライナはロシア領クスクス州に侵攻しており" in without_readings(mark.getparent())


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_side_by_side_carries_notes_links_and_notice(site_dir, slug, language):
    prefix = "" if language == "ja" else "en/"
    parallel = article(page(site_dir, f"{prefix}ep90/parallel/{slug}"))
    assert parallel.cssselect(".ss-notice"), "the dated notice"
    ids = [el.get("id") for el in parallel.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for lang in ("ja", "en"):
        section = article(page(site_dir, f"{'' if lang == 'ja' else 'en/'}ep90/{slug}"))
        for note in section.cssselect(".admonition:not(.ss-notice):not(.ss-discuss)"):
            block = note.xpath("preceding::p[starts-with(@id, 'p')][1]")[0].get("id")
            row = parallel.cssselect(f"[data-ss-pair='{block}'] [data-ss-cell='{lang}']")[0]
            texts = [without_readings(n).strip() for n in row.cssselect(".admonition")]
            assert without_readings(note).strip() in texts, (lang, block)
        section_terms = [a.get("data-ss-term") for a in section.cssselect("a.ss-term")
                         if not a.xpath("ancestor::*[contains(@class, 'ss-discuss')]")]
        cells = parallel.cssselect(f"[data-ss-cell='{lang}']")
        parallel_terms = [a.get("data-ss-term") for c in cells for a in c.cssselect("a.ss-term")]
        assert parallel_terms == section_terms, lang
        for a in (a for c in cells for a in c.cssselect("a.ss-term")):
            assert a.get("href") == f"../../../glossary/#{a.get('data-ss-term')}"
    assert bool(parallel.cssselect("ruby.ss-ruby")) == (language == "ja")


def test_side_by_side_note_links_point_at_the_section_pages(site_dir):
    doc = page(site_dir, "ep90/parallel/us-stance")
    hrefs = [a.get("href") for a in article(doc).cssselect(".admonition a:not(.ss-term)")]
    assert "../../overall-flow/#note-p4" in hrefs, hrefs
    doc = page(site_dir, "en/ep90/parallel/us-stance")
    hrefs = [a.get("href") for a in article(doc).cssselect("[data-ss-cell='ja'] .admonition a:not(.ss-term)")]
    assert "../../../../ep90/overall-flow/#note-p4" in hrefs, hrefs


@pytest.mark.parametrize("language", ["ja", "en"])
def test_hedges_page_lists_each_hedge_with_the_sentences_that_use_it(site_dir, readings, language):
    doc = page(site_dir, f"{'' if language == 'ja' else 'en/'}ep90/hedges")
    root = article(doc)
    texts = {slug: "".join(markdown_blocks(slug).values()) for slug in SLUGS}
    for hedge in readings.data.hedges:
        [section] = root.cssselect(f"section#{hedge.id}")
        uses = section.cssselect(".ss-hedge__uses li")
        assert uses and uses[0].cssselect("mark"), hedge.id
        for li in uses:
            sentence = li.cssselect("[lang=ja]")[0].text_content()
            link = li.cssselect("a.ss-hedge__source")[0].get("href")
            slug, block = re.fullmatch(r"\.\./([a-z-]+)/#(p\d+)", link).groups()
            assert sentence in markdown_blocks(slug)[block], (hedge.id, sentence)
            assert any(m.text_content() in hedge.match for m in li.cssselect("mark"))
        expected = sum(1 for slug in SLUGS for b in markdown_blocks(slug).values()
                       for s in re.findall(r"[^。]*。|[^。]+$", b)
                       if any(m in s.strip() for m in hedge.match))
        assert len(uses) == expected, hedge.id
        assert root.cssselect(f"a[href='#{hedge.id}']")
    for needle in ("はず", "だろう", "かねない", "模様", "ことになろう", "一案だ", "すべきだろう", "可能性"):
        assert needle in unicodedata.normalize("NFC", root.text_content()), needle
