"""Quotations are quotations: quoted phrases in quizzes must be the site's own text.

The rules are in quizzes/README.md ("Quotations"); the check is
hooks/studykit/load/quotations.py, run by the quiz loader whenever the caller
checks the quizzes as site content (the build, ``python -m studykit check``).
The tests use a small synthetic docs tree so they do not depend on the wording
of the real pages, plus one run over the real quizzes.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from support import ROOT
from studykit.errors import StudyDataError
from studykit.load.glossary import glossary_ids
from studykit.load.quiz import load_quizzes
from studykit.load.quotations import phrase_in, quotes_in, _fold

JA_PAGE = """\
---
title: 試験の節
---

# 試験の節

<!-- study:notice ep90 -->

- 本来は侵略「された」側であり、順番であるはずだが、「欧州「他」」の国が参加すべきだ。ウクライナの考え方(ボトムライン)。
  {: #p1 }

    !!! note "編集注"

        編集注だけにある言葉。
        {: #note-p1 }

- 紛争開始の敷居を下げることにもなりかねない。
  {: #p2 }

!!! question "話し合ってみよう"

    議論だけにある問い。
"""

EN_PAGE = """\
---
title: A test section
---

# A test section

<!-- study:notice ep90 -->

- The proper order would have been to confirm Ukraine's thinking (its *bottom line*) first, and countries from "Europe 'and elsewhere'" should take part.
  {: #p1 }

    !!! note "Editorial note"

        Words only in the editorial note.
        {: #note-p1 }

- This could well lower the threshold, he thought.
  {: #p2 }
"""

OTHER_JA = """\
# 別の節

<!-- study:notice ep90 -->

ぼやぼやしていてはいけないだろう。
{: #p1 }
"""

OTHER_EN = """\
# Another section

<!-- study:notice ep90 -->

Japan probably cannot afford to dawdle.
{: #p1 }
"""


@pytest.fixture
def site(tmp_path):
    docs = tmp_path / "docs" / "ep90"
    docs.mkdir(parents=True)
    for name, text in {"sec.md": JA_PAGE, "sec.en.md": EN_PAGE, "other.md": OTHER_JA, "other.en.md": OTHER_EN}.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "quizzes" / "ep90").mkdir(parents=True)
    return tmp_path


def write_quiz(site, *, en="Plain.", ja="平文。", source="sec#p1", tags="[]", prompt_en="True?", extra=""):
    """One true/false question; explanation.en is on line 10, explanation.ja on line 11,
    ``extra`` (more keys of the question) from line 14."""
    text = textwrap.dedent(f"""\
        id: t-quiz
        section: sec
        title: {{ja: "試験", en: "Test"}}
        questions:
          - id: t-question
            type: truefalse
            prompt: {{ja: "正しい？", en: {json.dumps(prompt_en)}}}
            source: {source}
            explanation:
              en: {json.dumps(en, ensure_ascii=False)}
              ja: {json.dumps(ja, ensure_ascii=False)}
            tags: {tags}
            answer: true
        """) + textwrap.indent(textwrap.dedent(extra), "    ")
    (site / "quizzes" / "ep90" / "t.quiz.yml").write_text(text, encoding="utf-8")


def problems(site) -> list[str]:
    try:
        load_quizzes(site / "quizzes", site / "docs", site, known_glossary_ids=set())
    except StudyDataError as error:
        return [str(p) for p in error.problems]
    return []


F = "quizzes/ep90/t.quiz.yml"


# ------------------------------------------------------------------ the build check


def test_a_phrase_not_on_the_english_page_is_an_error_with_its_place(site):
    write_quiz(site, en="The author says it 'ought to' have been different.")
    assert problems(site) == [
        f"{F}:10:7: questions[0].explanation.en: quoted phrase not in the English text of sec: 'ought to'"]


def test_the_page_wording_passes(site):
    write_quiz(site, en="The author says 'the proper order would have been' different.",
               ja="著者は「順番であるはず」だと言う。")
    assert problems(site) == []


def test_japanese_phrases_are_checked_against_the_japanese_page(site):
    # In the English page (as a word) but not in the Japanese one.
    write_quiz(site, ja="本文は「ロシアペース」と言う。")
    assert problems(site) == [
        f"{F}:11:7: questions[0].explanation.ja: quoted phrase not in the Japanese text of sec: 'ロシアペース'"]
    # A Japanese quote inside English text is checked against the Japanese page too.
    write_quiz(site, en="The text uses 「敷居を下げる」 here.")
    assert problems(site) == []
    write_quiz(site, en="The text uses 「敷居を上げる」 here.")
    assert problems(site) == [
        f"{F}:10:7: questions[0].explanation.en: quoted phrase not in the Japanese text of sec: '敷居を上げる'"]


def test_prompts_are_checked_too(site):
    write_quiz(site, prompt_en="The text says 'must not dawdle'. True?")
    assert problems(site) == [
        f"{F}:7:26: questions[0].prompt.en: quoted phrase not in the English text of sec: 'must not dawdle'"]


def test_editorial_notes_and_discussion_questions_are_not_the_text(site):
    write_quiz(site, en="'Words only in the editorial note'", ja="「議論だけにある問い」")
    assert sorted(p.split(": ", 2)[2] for p in problems(site)) == [
        "quoted phrase not in the English text of sec: 'Words only in the editorial note'",
        "quoted phrase not in the Japanese text of sec: '議論だけにある問い'",
    ]


def test_a_quote_from_another_section_needs_that_section_cited(site):
    write_quiz(site, en="He says Japan 'probably cannot afford to dawdle'.")
    assert problems(site) == [
        f"{F}:10:7: questions[0].explanation.en: quoted phrase not in the English text of sec: 'probably cannot afford to dawdle'"]
    write_quiz(site, en="He says Japan 'probably cannot afford to dawdle'.", source="[sec#p1, other#p1]")
    assert problems(site) == []


def test_section_titles_may_be_named_anywhere(site):
    write_quiz(site, en="See 'Another section'.", ja="「別の節」を見よ。")
    assert problems(site) == []


def test_hedges_must_be_kept(site):
    write_quiz(site, en="It 'could lower the threshold'.")  # the page: "could well lower the threshold"
    assert len(problems(site)) == 1
    write_quiz(site, en="It 'could well lower the threshold'.")
    assert problems(site) == []


def test_unbalanced_quote_marks_are_errors(site):
    write_quiz(site, ja="本文は「順番であるはず、と言う。")
    assert problems(site) == [f"{F}:11:7: questions[0].explanation.ja: quote mark opened and not closed: 「順番であるはず、と言う。…"]


def test_not_checked_when_the_caller_checks_files_only(site):
    """The LMS export loader passes no glossary: shapes and sources only."""
    write_quiz(site, en="It 'ought to' be fine.")
    assert load_quizzes(site / "quizzes", site / "docs", site).question_count == 1


def test_retired_and_unknown_tags(site):
    write_quiz(site, tags="[opinion-vs-fact]")
    assert problems(site) == [
        f"{F}:12:12: questions[0].tags[0]: tag 'opinion-vs-fact' is retired: the two-way scheme is replaced by "
        "verified-event, authors-claim and authors-judgement"]
    write_quiz(site, tags="[authors-judgment]")
    assert problems(site) == [
        f"{F}:12:12: questions[0].tags[0]: unknown tag 'authors-judgment': use verified-event, authors-claim, authors-judgement"]
    write_quiz(site, tags="[verified-event, authors-claim, authors-judgement]")
    assert problems(site) == []


# ------------------------------------------------------------------ the rules in detail


@pytest.mark.parametrize("text, quotes", [
    ("「本来は侵略「された」側」と書く", ["本来は侵略「された」側"]),  # nested: one outer quote
    ("he said 'yes' and \"no\"", ["yes", "no"]),
    ("Russia's pace, the leaders' talks and 'a quote'", ["a quote"]),  # apostrophes
    ("'the talks already run at Russia's pace' here", ["the talks already run at Russia's pace"]),
    ("“curly” and ‘single’ and Russia’s", ["curly", "single"]),
    ("〈著者の判断〉 is a label, not a quote", []),
    ("「欧州『他』」", ["欧州『他』"]),
])
def test_quotes_found(text, quotes):
    found, unbalanced = quotes_in(text)
    assert unbalanced is None and [q.text for q in found] == quotes


@pytest.mark.parametrize("text", ["「開いたまま", "閉じるだけ」", "an \"open quote", "‘dangling"])
def test_unbalanced_marks(text):
    assert quotes_in(text)[1] is not None


@pytest.mark.parametrize("quote, language, found", [
    ("ought", "en", False),  # whole words: not inside "thought"
    ("thought", "en", True),
    ("THIS COULD WELL", "en", True),  # letter case is ignored
    ("could well lower the threshold,", "en", True),  # end punctuation is ignored
    ("This … the threshold", "en", True),  # an omission
    ("the threshold … This", "en", False),  # parts in order
    ("could   well", "en", True),  # runs of spaces
    ("〜かねない", "ja", True),  # a wave dash marks a pattern
    ("敷居を＿＿＿ことにも", "ja", True),  # a blank is an omission
    ("敷居を 下げる", "ja", True),  # no spaces in Japanese
    ("敷居を下げた", "ja", False),
    ("欧州『他』", "ja", True),  # inner quote marks are ignored on both sides
])
def test_phrase_rules(quote, language, found):
    pages = {"en": "This could well lower the threshold, he thought.",
             "ja": "紛争開始の敷居を下げることにもなりかねない。「欧州「他」」の国"}
    assert phrase_in(quote, _fold(pages[language], language), language) is found


def test_width_is_not_folded():
    """Full-width digits and half-width brackets are the page's characters: quote them as they are."""
    assert phrase_in("１００日間", _fold("１００日間で解決", "ja"), "ja")
    assert not phrase_in("100日間", _fold("１００日間で解決", "ja"), "ja")


# ------------------------------------------------------------------ the real quizzes


def test_real_quizzes_quote_only_the_site_text():
    quizzes = load_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT, glossary_ids(ROOT / "quizzes", ROOT))
    assert quizzes.question_count > 0


def test_exceptions_are_few():
    quizzes = load_quizzes(ROOT / "quizzes", ROOT / "docs", ROOT, glossary_ids(ROOT / "quizzes", ROOT))
    exceptions = [(q.id, e.phrase) for lq in quizzes.quizzes for q in lq.quiz.questions for e in q.quoted_elsewhere]
    assert len(exceptions) <= 5, exceptions


# ------------------------------------------------------------------ exceptions (quoted_elsewhere)

DICTATOR = "On 19 February he called Zelensky 'a dictator without elections'."
EXCEPTION = """\
    quoted_elsewhere:
      - {phrase: %s, reason: "Trump's post of 19 February 2025"}
"""


def test_a_quote_from_elsewhere_passes_only_with_its_exception(site):
    write_quiz(site, en=DICTATOR)
    assert problems(site) == [
        f"{F}:10:7: questions[0].explanation.en: quoted phrase not in the English text of sec: 'a dictator without elections'"]
    write_quiz(site, en=DICTATOR, extra=EXCEPTION % "a dictator without elections")
    assert problems(site) == []


def test_an_exception_for_a_phrase_the_question_does_not_quote_is_an_error(site):
    write_quiz(site, en="Plain.", extra=EXCEPTION % "a dictator without elections")
    assert problems(site) == [
        f"{F}:15:10: questions[0].quoted_elsewhere[0].phrase: "
        "'a dictator without elections' is not quoted in this question: remove the exception"]


def test_an_exception_for_the_text_s_own_words_is_an_error(site):
    write_quiz(site, en="The author says 'the proper order would have been' different.",
               extra=EXCEPTION % "the proper order would have been")
    assert problems(site) == [
        f"{F}:15:10: questions[0].quoted_elsewhere[0].phrase: "
        "'the proper order would have been' is in the text: it needs no exception"]
