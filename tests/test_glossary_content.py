"""What the glossary and timeline say in the site's own voice (content review, section 4).

Doubtful claims of the text are reported as the text's, with their real basis; the
context the text assumes is there, dated; nothing after 27 February 2025 is known.
"""

from __future__ import annotations

import re

import pytest

from support import ROOT
from studykit.load import glossary as gl
from studykit.load import timeline as tl

DATA = ROOT / "quizzes"
AS_OF = "2025-02-27"


@pytest.fixture(scope="module")
def glossary():
    return gl.load_glossaries(DATA, root=ROOT)


@pytest.fixture(scope="module")
def timeline(glossary):
    model = tl.load_timeline(DATA / "ep90" / "timeline.yml", "quizzes/ep90/timeline.yml", glossary_ids=glossary.ids)
    return {event.id: event for event in model.events}


def texts(entry, *fields: str) -> dict[str, str]:
    """All the entry's reader-facing text per language."""
    out = {"ja": "", "en": ""}
    for name in fields or ("short", "explanation", "as_of"):
        value = getattr(entry, name)
        if value is not None:
            for lang in out:
                out[lang] += value[lang] + "\n"
    return out


def test_20_april_is_reported_not_declared(glossary, timeline):
    summit = texts(glossary["us-russia-summit"])
    assert "ブルームバーグ" in summit["ja"] and "2月16日" in summit["ja"] and "匿名" in summit["ja"]
    assert "Bloomberg" in summit["en"] and "16 February" in summit["en"] and "unnamed" in summit["en"]
    # Trump's "declaration" is attributed to the text, never asserted.
    assert "本文" in summit["ja"] and "The text says" in summit["en"]
    target = timeline["ceasefire-target"]
    assert (target.kind, target.date, target.stated) == (tl.Kind.target, "2025-04-20", "2025-02-16")
    assert "報道" in target.title.ja and "Reported" in target.title.en
    report = timeline["easter-target-report"]
    assert report.date == "2025-02-16" and "ブルームバーグ" in report.text.ja and "Bloomberg" in report.text.en
    for event in timeline.values():
        for lang in ("ja", "en"):
            said = event.text[lang] + event.title[lang]
            assert not re.search(r"トランプ大統領が.*4月20日.*表明した目標", said), event.id
            assert "by which President Trump said" not in said, event.id


def test_sdf_is_a_defence_organisation_and_the_law_is_not_settled(glossary):
    sdf = glossary["self-defense-forces"]
    assert "防衛組織" in sdf.short.ja and "defence organisation" in sdf.short.en
    assert "military" not in sdf.short.en
    text = texts(sdf)
    assert "第9条" in text["ja"] and "Article 9" in text["en"]
    assert "参加5原則" in text["ja"] and "five principles" in text["en"]
    assert "議論" in text["ja"] and "debated" in text["en"]
    assert "このため" not in text["ja"] and "which is why the text says" not in text["en"]


def test_a_force_to_keep_the_ceasefire_is_not_only_un_peacekeeping(glossary):
    force = glossary["peacekeeping-force"]
    text = texts(force)
    assert "PKO" not in force.aliases.ja, "PKO means UN peacekeeping; 停戦維持部隊 is not necessarily that"
    assert "通常" in text["ja"] and "normally" in text["en"]
    assert "NATOの任務でもない" in text["ja"] and "not a NATO" in text["en"]
    assert "ヘグセス" in text["ja"] and "Hegseth" in text["en"] and "2月12日" in text["ja"] and "12 February" in text["en"]
    resolution = texts(glossary["security-council-resolution"])
    assert "通常" in resolution["ja"] and "normally" in resolution["en"]


def test_donbas_only_partly_held_since_2014(glossary, timeline):
    regions = texts(glossary["pro-russian-regions"])
    assert "一部" in regions["ja"] and "parts of" in regions["en"]
    assert "著者の呼び方" in regions["ja"] and "author's label" in regions["en"]
    assert "held by Russian-backed forces since 2014" not in regions["en"]
    assert timeline["donbas-2014"].date == "2014-04"


def test_walk_back_began_before_the_inauguration(glossary, timeline):
    inauguration = texts(glossary["inauguration-2025"])
    assert "1月7日" in inauguration["ja"] and "7 January" in inauguration["en"]
    assert "once in office he pushed the target back" not in inauguration["en"]
    assert timeline["trump-six-months"].date == "2025-01-07"
    assert timeline["kellogg-100-days"].date == "2025-01-08"
    assert "取り下げられた" not in timeline["inauguration-2025"].text.ja


def test_dmitriev_at_riyadh(glossary, timeline):
    talks = texts(glossary["saudi-talks"])
    assert "ドミトリエフ" in talks["ja"] and "Dmitriev" in talks["en"]
    assert "ドミトリエフ" in timeline["riyadh-talks"].text.ja and "Dmitriev" in timeline["riyadh-talks"].text.en


def test_twenty_percent_includes_the_areas_held_since_2014(glossary, timeline):
    invasion = texts(glossary["russian-invasion-2022"])
    for text, words in [(invasion["ja"], ["2014年", "約7％", "11〜12％"]), (invasion["en"], ["2014", "about 7%", "11–12%"]),
                        (timeline["invasion-2022"].text.ja, ["約7％", "11〜12％"]),
                        (timeline["invasion-2022"].text.en, ["about 7%", "11–12%"])]:
        for word in words:
            assert word in text, word


def test_ja_and_en_agree_where_the_review_found_them_apart(glossary):
    assert "trying to" in glossary["kaji-wo-kiru"].explanation.en and "about to" not in glossary["kaji-wo-kiru"].explanation.en
    ceasefire = glossary["ceasefire"].explanation
    assert "著者" in ceasefire.ja and "author" in ceasefire.en


# id: (date, words per language) of the context section 4.3 asks for.
CONTEXT = {
    "budapest-1994": ("1994-12-05", {"ja": "ブダペスト", "en": "Budapest"}),
    "minsk-1": ("2014-09-05", {"ja": "ミンスク", "en": "Minsk"}),
    "minsk-2": ("2015-02-12", {"ja": "ミンスク", "en": "Minsk"}),
    "hegseth-brussels": ("2025-02-12", {"ja": "欧州と欧州以外の部隊", "en": "European and non-European troops"}),
    "munich-2025": ("2025-02-14", {"ja": "ゼレンスキー", "en": "Zelensky"}),
    "paris-meeting": ("2025-02-17", {"ja": "パリ", "en": "Paris"}),
    "trump-remarks-0218": ("2025-02-18", {"ja": "始めるべきではなかった", "en": "You should have never started it"}),
    "dictator-remark": ("2025-02-19", {"ja": "偽情報", "en": "disinformation"}),
    "unga-2025": ("2025-02-24", {"ja": "93", "en": "93 votes to 18 with 65 abstentions"}),
    "unga-es-11-1": ("2022-03-02", {"ja": "侵略", "en": "Aggression against Ukraine"}),
}


@pytest.mark.parametrize("event_id", sorted(CONTEXT))
def test_timeline_has_the_missing_context(timeline, event_id):
    date, words = CONTEXT[event_id]
    event = timeline[event_id]
    assert event.date == date
    for lang, word in words.items():
        assert word in event.text[lang] + event.title[lang], (event_id, lang, word)


@pytest.mark.parametrize(("entry_id", "dates"), [
    ("minsk-agreements", {"ja": ["2014年9月5日", "2015年2月12日"], "en": ["5 September 2014", "12 February 2015"]}),
    ("budapest-memorandum", {"ja": ["1994年12月5日"], "en": ["5 December 1994"]}),
    ("hegseth", {"ja": ["2025年2月12日"], "en": ["12 February 2025"]}),
    ("paris-meeting-2025", {"ja": ["2025年2月17日"], "en": ["17 February 2025"]}),
    ("un-general-assembly", {"ja": ["2025年2月24日", "2022年3月2日", "ES-11/1"], "en": ["24 February 2025", "2 March 2022", "ES-11/1"]}),
    ("aggression-invasion", {"ja": ["ES-11/1", "侵略", "侵攻"], "en": ["ES-11/1", "Aggression against Ukraine"]}),
    ("trump", {"ja": ["2月18日", "2月19日"], "en": ["18 February", "19 February"]}),
    ("zelensky", {"ja": ["2月15日", "19日"], "en": ["15 February", "19 February"]}),
])
def test_glossary_context_entries_carry_their_dates(glossary, entry_id, dates):
    text = texts(glossary[entry_id])
    for lang, words in dates.items():
        for word in words:
            assert word in text[lang], (entry_id, lang, word)


def test_the_us_vote_against_the_resolution_is_stated(glossary):
    unga = texts(glossary["un-general-assembly"])
    assert "米国はロシアなどとともに反対" in unga["ja"] and "the US voted against" in unga["en"]


def test_new_terms_do_not_over_match(glossary):
    """New forms are auto-linked on the section pages: only specific names, no everyday words."""
    too_general = {"ja": {"総会", "合意", "会合", "長官", "部隊", "覚書"}, "en": {"invasion", "force", "meeting", "troops"}}
    for lang, words in too_general.items():
        assert not words & set(glossary.forms[lang]), words & set(glossary.forms[lang])


def test_no_year_after_the_commentary_in_glossary_or_timeline(glossary, timeline):
    """Nothing after 27 February 2025 is presented as known (the ceasefire target is a labelled target)."""
    later = re.compile(r"20(2[6-9]|3\d)年|\b20(2[6-9]|3\d)\b|2025年([3-9]|1[0-2])月|(March|April|May|June|July|August|"
                       r"September|October|November|December) 2025")
    for entry in glossary:
        for lang, text in texts(entry).items():
            assert not later.search(text), (entry.id, lang, later.search(text)[0])
    for event in timeline.values():
        if event.kind is tl.Kind.target:
            continue
        for lang in ("ja", "en"):
            said = event.title[lang] + event.text[lang]
            assert not later.search(said), (event.id, lang)


def test_short_texts_and_terms_are_plain(glossary):
    for entry in glossary:
        for value in (entry.term.ja, entry.term.en, entry.short.ja, entry.short.en):
            assert "<" not in value and ">" not in value, entry.id
