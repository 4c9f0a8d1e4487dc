"""The content pages against the source: verbatim Japanese, aligned blocks, both languages.

The source text is the authority: the Japanese pages must reproduce every sentence of
it unchanged, and each section's paragraph blocks (id, list depth, list item) must be
the same in Japanese and English and match the source's paragraph structure.

A section page holds the author's text plus the site's own blocks, each marked by a class:
the notice under the title (``ss-notice``), dated editorial notes (``ss-ednote``, after the
paragraph they comment on), the closing discussion questions (``ss-discuss``) and the
reading aids (``ss-furigana``, ``ss-vocab``). Outside those blocks, the Japanese page is the source, character for
character, and nothing else (tests/test_editorial_notes.py checks the blocks themselves).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

import sitepages
from support import section_slugs
from support import ROOT, SOURCE_TEXT
from sourcedoc import load
from studykit.text.sentences import sentences

# Section pages in the order of the source's sections (as the episode's contents page lists them).
SECTIONS = section_slugs("ep90")
BLOCK_ID = re.compile(r"p\d+")
MARKERS = "■・−-"
# The site's own blocks on a section page; anything else in the article is the author's text.
# Notice, editorial notes and discussion questions; on Japanese pages also the furigana
# switch and the vocabulary list (reading aids, which add no text to the author's blocks).
SITE_BLOCKS = ("ss-notice", "ss-ednote", "ss-discuss", "ss-furigana", "ss-vocab")


@pytest.fixture(scope="module")
def source():
    return load(SOURCE_TEXT)


def article(site_dir: Path, language: str, page: str):
    """The article element of a built page; page is '' (home), 'ep90' or 'ep90/<slug>'."""
    return sitepages.article(sitepages.built(site_dir, language, page))


def text_of(element) -> str:
    """Text content with tags stripped and whitespace-only text between tags dropped.

    Words wrapped in links or other inline markup still read as one run of text;
    comments, scripts and ruby annotations (rt, rp) are not text.
    """
    return "".join(t for t in element.xpath(".//text()[not(ancestor::rt or ancestor::rp or ancestor::script)]")
                   if t.strip())


def has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def without_site_blocks(art):
    """A copy of the article with the site's own blocks, permalinks and hidden helpers removed."""
    copy = lxml.html.fromstring(lxml.html.tostring(art, encoding="unicode"))
    doomed = [el for el in copy.iter() if isinstance(el.tag, str) and (
        any(has_class(el, name) for name in SITE_BLOCKS + ("headerlink",))
        or el.get("hidden") is not None or el.tag in ("script", "style", "link"))]
    for el in doomed:
        el.drop_tree()
    return copy


def blocks(element) -> list[tuple[str, int, object]]:
    """Each paragraph block in the article: (id, list depth, enclosing li element or None)."""
    out = []
    for p in element.xpath(".//p[@id]"):
        if not BLOCK_ID.fullmatch(p.get("id")):
            continue
        depth, li = 0, None
        for ancestor in p.iterancestors():
            if ancestor is element:
                break
            if ancestor.tag in ("ul", "ol"):
                depth += 1
            elif ancestor.tag == "li" and li is None:
                li = ancestor
        out.append((p.get("id"), depth, li))
    return out


def expected_depths(section) -> list[int]:
    """List depth each source paragraph should have: ■ and ・ 1, − 2, a continued paragraph as before it."""
    depths: list[int] = []
    for para in section.paragraphs:
        if para.kind in ("point", "item"):
            depths.append(1)
        elif para.kind == "sub-item":
            depths.append(2)
        else:  # continued: stays in the item it continues
            assert depths, f"section {section.heading} starts with a continued paragraph"
            depths.append(depths[-1])
    return depths


# -- verbatim ---------------------------------------------------------------


@pytest.mark.shared  # reads ../shared/source
def test_source_has_the_expected_sections(source):
    # The section slugs below are bound to the source's order; a changed source must fail here.
    assert len(source.sections) == len(SECTIONS)
    assert source.groups == ["全体の流れ", "今後留意すべきポイント"]
    assert source.closing == "以上"


@pytest.mark.shared  # reads ../shared/source
@pytest.mark.parametrize("index", range(len(SECTIONS)), ids=SECTIONS)
def test_japanese_section_is_verbatim(site_dir, source, index):
    slug, section = SECTIONS[index], source.sections[index]
    art = article(site_dir, "ja", f"ep90/{slug}")
    text = text_of(art)
    h1 = art.xpath(".//h1")
    assert h1 and text_of(h1[0]).rstrip("¶") == section.heading, f"{slug}: h1 is not the source heading"
    for number, para in enumerate(section.paragraphs, 1):
        for sentence in sentences(para.text):
            assert sentence in text, f"ep90/{slug} (p{number}) is missing the source sentence: {sentence}"
        # The paragraph block itself holds exactly the author's paragraph.
        block = art.xpath(f'.//p[@id="p{number}"]')
        assert block and text_of(block[0]) == para.text, f"ep90/{slug}#p{number} differs from the source paragraph"


@pytest.mark.shared  # reads ../shared/source
@pytest.mark.parametrize("index", range(len(SECTIONS)), ids=SECTIONS)
def test_japanese_section_holds_only_the_author_text_outside_site_blocks(site_dir, source, index):
    """Character by character: the heading, every paragraph in order and (last page) 以上, nothing more.

    The site's notes and questions are allowed only as marked blocks; an unmarked
    admonition or a stray sentence would show up here as text the author did not write.
    """
    slug, section = SECTIONS[index], source.sections[index]
    art = article(site_dir, "ja", f"ep90/{slug}")
    for admonition in art.xpath('.//div[contains(concat(" ", @class, " "), " admonition ")]'):
        assert any(has_class(admonition, name) for name in SITE_BLOCKS), (
            f"ep90/{slug}: an admonition that is not one of the site's marked blocks {SITE_BLOCKS}")
    expected = section.heading + "".join(p.text for p in section.paragraphs)
    if index == len(SECTIONS) - 1:
        expected += source.closing
    assert text_of(without_site_blocks(art)) == expected, f"ep90/{slug}: text outside the site's blocks is not the source"


@pytest.mark.parametrize("index", range(len(SECTIONS)), ids=SECTIONS)
def test_english_section_has_text_only_in_blocks_and_site_blocks(site_dir, index):
    """The English page mirrors the structure: heading, #pN blocks, closing line, and the marked site blocks."""
    slug = SECTIONS[index]
    art = without_site_blocks(article(site_dir, "en", f"ep90/{slug}"))
    for node in art.xpath(".//text()[normalize-space()]"):
        holder = node.getparent()
        inside = [holder, *holder.iterancestors()]
        assert any(el.tag == "h1" or (el.tag == "p" and BLOCK_ID.fullmatch(el.get("id") or ""))
                   or has_class(el, "ss-closing") for el in inside), (
            f"en ep90/{slug}: text outside a paragraph block or site block: {node.strip()[:60]}")


@pytest.mark.shared  # reads ../shared/source
def test_episode_index_has_title_date_and_groups(site_dir, source):
    art = article(site_dir, "ja", "ep90")
    text = text_of(art)
    assert text_of(art.xpath(".//h1")[0]).rstrip("¶") == source.title
    assert source.date_line in text, f"ep90/ is missing the date line: {source.date_line}"
    h2 = [text_of(h).rstrip("¶") for h in art.xpath(".//h2")]
    assert h2 == source.groups, f"ep90/ group headings {h2} != {source.groups}"
    for slug in SECTIONS:
        assert art.xpath(f'.//a[@href="{slug}/"]'), f"ep90/ does not link to {slug}"


@pytest.mark.shared  # reads ../shared/source
def test_japanese_ends_with_closing(site_dir, source):
    closing = article(site_dir, "ja", "ep90/japan-not-behind").xpath('.//*[contains(@class, "ss-closing")]')
    assert [text_of(c) for c in closing] == [source.closing]


@pytest.mark.shared  # reads ../shared/source
def test_every_source_line_survives(site_dir):
    """Independent of the parser: each raw source line (marker removed) is in some Japanese page.

    Lines are fragments of sentences split by the original delivery's hard breaks, so
    this catches text the parser might drop or mangle.
    """
    pages = ["ep90"] + [f"ep90/{slug}" for slug in SECTIONS]
    corpus = "\n".join(text_of(article(site_dir, "ja", page)) for page in pages)
    for raw in SOURCE_TEXT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("【") and line.endswith("】"):
            line = line[1:-1]
        line = line.lstrip(MARKERS)
        if line:
            assert line in corpus, f"source line not found on the Japanese pages: {line}"


# -- block alignment --------------------------------------------------------


@pytest.mark.shared  # reads ../shared/source
@pytest.mark.parametrize("index", range(len(SECTIONS)), ids=SECTIONS)
def test_blocks_align_with_source_and_translation(site_dir, source, index):
    slug, section = SECTIONS[index], source.sections[index]
    expected = [(f"p{n}", depth) for n, depth in enumerate(expected_depths(section), 1)]
    for language in ("ja", "en"):
        found = blocks(article(site_dir, language, f"ep90/{slug}"))
        assert [(i, d) for i, d, _ in found] == expected, f"{language} ep90/{slug}: blocks (id, depth) differ from the source"
        # A continued paragraph sits in the same list item as the paragraph before it.
        for para, (block_id, _, li), (_, _, prev_li) in zip(section.paragraphs[1:], found[1:], found):
            same = li is not None and li == prev_li
            assert same == (para.kind == "continued"), f"{language} ep90/{slug}#{block_id}: wrong list item"


# -- both languages ---------------------------------------------------------


def test_every_page_has_both_languages():
    docs = ROOT / "docs"
    pages = list(docs.rglob("*.md"))
    ja = {p.relative_to(docs).as_posix() for p in pages if not p.name.endswith(".en.md")}
    en = {p.relative_to(docs).as_posix().removesuffix(".en.md") + ".md" for p in pages if p.name.endswith(".en.md")}
    assert ja, "no Japanese pages found"
    assert sorted(ja - en) == [], "Japanese pages without an English .en.md"
    assert sorted(en - ja) == [], "English .en.md pages without a Japanese page"


def test_every_built_page_has_an_english_counterpart(site_dir):
    built = [p.relative_to(site_dir) for p in site_dir.rglob("*.html")]
    ja = [p for p in built if p.parts[0] != "en" and p.name != "404.html"]
    assert len(ja) >= 1 + 1 + 1 + len(SECTIONS), f"too few Japanese pages built: {ja}"
    missing = [str(p) for p in ja if not (site_dir / "en" / p).is_file()]
    assert missing == [], f"built Japanese pages without /en/ counterpart: {missing}"


# -- notices and the Kursk note -----------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", SECTIONS)
def test_section_shows_notice(site_dir, slug, language):
    art = article(site_dir, language, f"ep90/{slug}")
    notice = art.xpath('.//*[contains(concat(" ", @class, " "), " ss-notice ")]')
    assert len(notice) == 1 and text_of(notice[0]), f"{language} ep90/{slug}: no notice"
    # The date comes from the episode's data (timeline.yml as_of), as the reader would write it.
    date = {"ja": "2025年2月27日時点", "en": "as of 27 February 2025"}[language]
    assert date in text_of(notice[0]), f"{language} ep90/{slug}: notice does not date the commentary"


KURSK = {
    # language: (admonition title, words the note must contain)
    "ja": ("編集注（2026年11月）", ("クスクス州", "クルスク州")),
    "en": ("Editorial note (November 2026)", ("クスクス州", "クルスク州", "Kursk Oblast")),
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_kursk_editorial_note_follows_p2(site_dir, language):
    art = article(site_dir, language, "ep90/recurrence-prevention")
    p2 = art.xpath('.//p[@id="p2"]')[0]
    note = p2.getnext()
    title, words = KURSK[language]
    assert note is not None and "admonition" in note.get("class", "").split(), (
        f"{language}: no admonition right after recurrence-prevention#p2"
    )
    assert text_of(note.xpath('./p[contains(@class, "admonition-title")]')[0]) == title
    ids = [el.get("id") for el in note.xpath(".//*[@id]")]
    assert not any(BLOCK_ID.fullmatch(i) for i in ids), "an editorial note is not a numbered block"
    assert ids == ["note-p2"], f"{language}: the note's anchor should be note-p2, found {ids}"
    for word in words:
        assert word in text_of(note), f"{language}: the editorial note does not mention {word}"


def test_japanese_keeps_author_spelling_and_english_says_kursk(site_dir):
    ja = text_of(article(site_dir, "ja", "ep90/recurrence-prevention").xpath('.//p[@id="p2"]')[0])
    en = text_of(article(site_dir, "en", "ep90/recurrence-prevention").xpath('.//p[@id="p2"]')[0])
    assert "ロシア領クスクス州" in ja and "クルスク" not in ja
    assert "Kursk" in en and "クスクス" not in en
