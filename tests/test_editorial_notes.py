"""The site's own blocks on the section pages: dated editorial notes and discussion questions.

Editorial notes (``!!! note ss-ednote "編集注（YYYY年M月）"``) say where the text states
something doubtful or imprecise as fact, with the real basis as known on 27 February
2025. Each sits right after the paragraph it comments on, in both languages, and its
first paragraph carries the anchor ``note-pN``. Every section page ends with the
site's discussion questions (``!!! question ss-discuss``), marked as the site's.
"""

from __future__ import annotations

import re

import pytest

from test_content import SECTIONS, article, has_class, text_of

MONTHS = ("January February March April May June July August September October November December").split()
TITLE = {
    "ja": re.compile(r"^編集注（(?P<year>20\d\d)年(?P<month>1[0-2]|[1-9])月）$"),
    "en": re.compile(r"^Editorial note \((?P<month>" + "|".join(MONTHS) + r") (?P<year>20\d\d)\)$"),
}
# The commentary's date: a note may not be dated before it, and must say what was known then.
AS_OF = {"ja": "2025年2月27日", "en": "27 February 2025"}

# (section, paragraph): words each language's note must contain, i.e. its dated basis.
REQUIRED = {
    ("overall-flow", "p4"): {  # the "20 April" target: a press report, not a declaration
        "ja": ["表明", "ブルームバーグ", "2月16日", "匿名", "4月20日", AS_OF["ja"]],
        "en": ["declared", "Bloomberg", "16 February", "unnamed", "20 April", AS_OF["en"]],
    },
    ("overall-flow", "p1"): {  # the walk-back began before the inauguration
        "ja": ["就任早々取り下げ", "1月7日", "1月8日", "100日"],
        "en": ["as soon as he took office", "7 January", "8 January", "100 days"],
    },
    ("us-stance", "p2"): {  # the deadline the US "set" is the reported one
        "ja": ["米国が自ら期限を設定し", "4月20日", AS_OF["ja"]],
        "en": ["the US setting its own deadline", "20 April", AS_OF["en"]],
    },
    ("recurrence-prevention", "p1"): {  # ~20 % includes Crimea and the areas held since 2014
        "ja": ["約２０％弱", "クリミア", "2014年", "約7％", "11〜12％"],
        "en": ["a little under 20%", "Crimea", "2014", "about 7%", "11–12%"],
    },
    ("recurrence-prevention", "p2"): {  # the author's クスクス州
        "ja": ["クスクス州", "クルスク州", "2024年8月"],
        "en": ["クスクス州", "Kursk Oblast", "August 2024"],
    },
    ("europe-too-slow", "p3"): {  # request and refusal: a compression of Kellogg 15 Feb and Paris 17 Feb
        "ja": ["要請", "ケロッグ", "2月15日", "2月17日", AS_OF["ja"]],
        "en": ["turned down", "Kellogg", "15 February", "17 February", AS_OF["en"]],
    },
    ("china-key", "p1"): {  # 「欧州「他」」: Hegseth's line of 12 Feb, not a consistent Trump statement
        "ja": ["欧州「他」", "一貫して", "ヘグセス", "2月12日", "欧州と欧州以外の部隊", AS_OF["ja"]],
        "en": ["Europe 'and elsewhere'", "consistently", "Hegseth", "12 February", "European and non-European troops",
               AS_OF["en"]],
    },
    ("japan-not-behind", "p2"): {  # "no new law needed": a legal claim, debated
        "ja": ["新たな法律を作らずとも", "国際平和協力法", "停戦合意", "同意", AS_OF["ja"]],
        "en": ["without passing any new law", "International Peace Cooperation Act", "ceasefire agreement", "consent",
               AS_OF["en"]],
    },
}
DISCUSS_TITLE = {"ja": "考えてみよう（本サイトによる問い）", "en": "Discuss (questions from this site, not the author)"}


def notes(art) -> list:
    return art.xpath('.//div[contains(concat(" ", @class, " "), " ss-ednote ")]')


def title_of(block) -> str:
    [title] = block.xpath('./p[contains(concat(" ", @class, " "), " admonition-title ")]')
    return text_of(title)


def note_date(note, language: str) -> tuple[int, int]:
    match = TITLE[language].match(title_of(note))
    assert match, f"{language}: editorial note title is not dated: {title_of(note)!r}"
    month = match["month"]
    return int(match["year"]), int(month) if month.isdigit() else MONTHS.index(month) + 1


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("slug", "block"), sorted(REQUIRED), ids=[f"{s}#{b}" for s, b in sorted(REQUIRED)])
def test_required_note_follows_its_paragraph_with_date_and_basis(site_dir, slug, block, language):
    art = article(site_dir, language, f"ep90/{slug}")
    [paragraph] = art.xpath(f'.//p[@id="{block}"]')
    note = paragraph.getnext()
    assert note is not None and has_class(note, "ss-ednote") and has_class(note, "admonition"), (
        f"{language} ep90/{slug}: no editorial note right after #{block}")
    assert note_date(note, language) >= (2025, 2)
    anchors = [el.get("id") for el in note.xpath(".//*[@id]")]
    assert anchors == [f"note-{block}"], f"{language} ep90/{slug}: note anchor {anchors}, expected note-{block}"
    body = text_of(note)
    missing = [word for word in REQUIRED[slug, block][language] if word not in body]
    assert not missing, f"{language} ep90/{slug}#{block}: the note does not mention {missing}"


@pytest.mark.parametrize("slug", SECTIONS)
def test_notes_match_between_languages_and_sit_after_a_paragraph(site_dir, slug):
    found = {}
    for language in ("ja", "en"):
        art = article(site_dir, language, f"ep90/{slug}")
        anchors = []
        for note in notes(art):
            before = note.getprevious()
            assert before is not None and before.tag == "p" and re.fullmatch(r"p\d+", before.get("id") or ""), (
                f"{language} ep90/{slug}: an editorial note must follow a paragraph block")
            [anchor] = [el.get("id") for el in note.xpath(".//*[@id]")]
            assert anchor == f"note-{before.get('id')}", f"{language} ep90/{slug}: {anchor} after #{before.get('id')}"
            note_date(note, language)
            anchors.append(anchor)
        found[language] = anchors
    assert found["ja"] == found["en"], f"ep90/{slug}: notes differ between languages: {found}"


@pytest.mark.parametrize("slug", SECTIONS)
def test_every_note_date_is_the_same_in_both_languages(site_dir, slug):
    dates = {lang: [note_date(n, lang) for n in notes(article(site_dir, lang, f"ep90/{slug}"))] for lang in ("ja", "en")}
    assert dates["ja"] == dates["en"]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", SECTIONS)
def test_section_ends_with_the_sites_discussion_questions(site_dir, slug, language):
    art = article(site_dir, language, f"ep90/{slug}")
    blocks = art.xpath('.//div[contains(concat(" ", @class, " "), " ss-discuss ")]')
    assert len(blocks) == 1, f"{language} ep90/{slug}: expected one discussion block, found {len(blocks)}"
    [discuss] = blocks
    assert title_of(discuss) == DISCUSS_TITLE[language], f"{language} ep90/{slug}: not marked as the site's questions"
    # Top level, after every paragraph of the text (and after 以上 on the last page).
    assert discuss.getparent() is art or discuss.getparent().tag not in ("li", "ul", "ol")
    last_block = art.xpath('.//p[re:test(@id, "^p[0-9]+$")]', namespaces={"re": "http://exslt.org/regular-expressions"})[-1]
    following = [el for el in discuss.itersiblings(preceding=True)]
    assert any(el is last_block or last_block in el.iterdescendants() for el in following), (
        f"{language} ep90/{slug}: the discussion block comes before the end of the text")
    questions = discuss.xpath("./ol/li")
    assert 2 <= len(questions) <= 3, f"{language} ep90/{slug}: {len(questions)} questions"
    asks = {"ja": re.compile(r"か[。（]|？"), "en": re.compile(r"\?")}[language]
    for question in questions:
        assert asks.search(text_of(question)), f"{language} ep90/{slug}: not a question: {text_of(question)}"


@pytest.mark.parametrize("slug", SECTIONS)
def test_discussion_has_the_same_questions_count_in_both_languages(site_dir, slug):
    counts = {lang: len(article(site_dir, lang, f"ep90/{slug}").xpath(
        './/div[contains(concat(" ", @class, " "), " ss-discuss ")]/ol/li')) for lang in ("ja", "en")}
    assert counts["ja"] == counts["en"], counts


def test_discussion_brings_in_perspectives_the_text_leaves_out(site_dir):
    """Across the six sections the questions name Ukraine, European states, Russia, China and the Global South."""
    text = {lang: "".join(text_of(block) for slug in SECTIONS for block in article(site_dir, lang, f"ep90/{slug}").xpath(
        './/div[contains(concat(" ", @class, " "), " ss-discuss ")]')) for lang in ("ja", "en")}
    for ja, en in [("ウクライナ", "Ukraine"), ("欧州の国々", "European states"), ("ロシア", "Russia"), ("中国", "China"),
                   ("グローバルサウス", "Global South")]:
        assert ja in text["ja"] and en in text["en"], (ja, en)
