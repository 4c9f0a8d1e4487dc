"""Renderers for the teacher pages' markers.

``<!-- study:answer-key ID -->``, ``<!-- study:worksheet ID -->``,
``<!-- study:exports -->`` and ``<!-- study:link-builder -->``. They read the
same validated quizzes as the quiz pages and the exporters.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, StudyDataError
from .kernel import Rendered
from ..docs import page_title, paragraph_text, quiz_pages
from .quiz import site_quizzes
from ..urls import LANG_PREFIX, page_url, relative_url, root_prefix, source_href
from ..export.build import ALL, ALL_TITLE, FORMATS, export_list, in_reading_order
from ..datafile import LANGUAGES
from ..models.quiz import Question, Quiz, TextList


STRINGS = {
    "ja": {
        "key": "解答キー", "worksheet": "ワークシート", "answer": "正解", "explanation": "解説",
        "source": "本文の該当段落", "read": "本文で読む", "true": "正しい", "false": "誤り",
        "correct_mark": "（正解）", "accepted": "認められる答え", "likely_wrong": "想定される誤答",
        "order": "正しい順番", "pairs": "正しい組み合わせ", "feedback": "フィードバック",
        "name": "名前", "class": "クラス", "date": "日付", "write": "答えを書く欄",
        "order_hint": "正しい順番になるよう、各項目の前の枠に番号を書きましょう。",
        "match_hint": "左の各項目に合うものを右から選び、記号を書きましょう。",
        "tf_hint": "正しいか誤りか、どちらかに丸をつけましょう。",
        "single_hint": "正しいものを一つ選びましょう。", "multiple_hint": "当てはまるものをすべて選びましょう。",
        "notes": "メモ・考えたこと",
        "types": {"single": "択一", "multiple": "複数選択", "truefalse": "正誤", "fill": "穴埋め", "order": "並べ替え", "match": "組み合わせ"},
        "quiz": "クイズ", "all": "全クイズ", "both": "日英両方", "ja": "日本語", "en": "英語",
        "moodle": "Moodle XML", "gift": "GIFT", "qti": "QTI 2.1（zip）",
        "multilang": "日英", "multilang_note": "日英：多言語フィルタが必要", "ordering": "Moodle 4.4 以降の並べ替え問題", "none": "—",
        "ws_numbers": "ワークシートの各枠に書く番号（上から）",
    },
    "en": {
        "key": "Answer key", "worksheet": "Worksheet", "answer": "Answer", "explanation": "Explanation",
        "source": "Source paragraph", "read": "Read it in the text", "true": "True", "false": "False",
        "correct_mark": "(correct)", "accepted": "Accepted answers", "likely_wrong": "Likely wrong answers",
        "order": "Correct order", "pairs": "Correct pairs", "feedback": "Feedback",
        "name": "Name", "class": "Class", "date": "Date", "write": "Write your answer",
        "order_hint": "Number the boxes to put the items in the correct order.",
        "match_hint": "Write the letter of the matching item next to each one on the left.",
        "tf_hint": "Circle True or False.",
        "single_hint": "Choose one answer.", "multiple_hint": "Choose every answer that applies.",
        "notes": "Notes",
        "types": {"single": "Single choice", "multiple": "Multiple choice", "truefalse": "True or false", "fill": "Fill in the blank", "order": "Ordering", "match": "Matching"},
        "quiz": "Quiz", "all": "All quizzes", "both": "Japanese and English", "ja": "Japanese", "en": "English",
        "moodle": "Moodle XML", "gift": "GIFT", "qti": "QTI 2.1 (zip)",
        "multilang": "Both", "multilang_note": "Both: needs the multi-language filter", "ordering": "Moodle 4.4+ ordering type", "none": "—",
        "ws_numbers": "Numbers to write in the worksheet boxes (top to bottom)",
    },
}


def _rendered(html: str, assets: tuple[str, ...] = ("teacher",)):
    return Rendered(html, assets=assets)


def _lang(language: str) -> str:
    return language if language in LANGUAGES else "en"


def _quiz(site, arg: str | None, page_path: str, kind: str):
    quizzes = site_quizzes(site)
    loaded = quizzes.get(arg or "")
    if loaded is None:
        known = ", ".join(q.quiz.id for q in quizzes.quizzes) or "none"
        raise StudyDataError([Problem(f"docs/{page_path}", 1, 1, f"study:{kind}", f"unknown quiz '{arg}' (known: {known})")])
    return loaded, loaded.quiz


def letter(position: int, upper: bool = False) -> str:
    """a, b, c… (A, B, C… for matching), as the worksheet labels shown positions."""
    return chr((ord("A") if upper else ord("a")) + position)


def question_view(question: Question, lang: str, episode: str, docs_dir: Path, page_path: str,
                  shown: list[int] | None = None) -> dict:
    """What the answer key and the worksheet need of one question; ``shown`` is its order
    from order.presentation(), the same as on the quiz page and in the exports."""
    shown = shown or []
    view = {
        "q": question,
        "type": question.type,
        "type_label": STRINGS[lang]["types"][question.type],
        "prompt": question.prompt[lang],
        "explanation": question.explanation[lang],
        "sources": [
            {
                "id": ref,
                "text": paragraph_text(docs_dir, episode, ref.partition("#")[0], ref.partition("#")[2], lang),
                "title": page_title(docs_dir, episode, ref.partition("#")[0], lang),
                "href": source_href(page_path, episode, ref),
            }
            for ref in question.sources
        ],
    }
    if question.type in ("single", "multiple"):
        # (letter on the worksheet, option), in the order the quiz page shows them.
        view["options_shown"] = [(letter(n), question.options[i]) for n, i in enumerate(shown)]
        view["key_letters"] = [letter(n) for n, i in enumerate(shown) if question.options[i].correct]
    elif question.type == "order":
        view["order_shown"] = [(i, question.items[i][lang]) for i in shown]
        # The number to write in each worksheet box, top to bottom.
        view["order_numbers"] = [i + 1 for i in shown]
    elif question.type == "match":
        view["rights_shown"] = [(letter(n, upper=True), question.pairs[i].right[lang]) for n, i in enumerate(shown)]
        where = {i: letter(n, upper=True) for n, i in enumerate(shown)}
        view["pairs_key"] = [(p.left[lang], where[i], p.right[lang]) for i, p in enumerate(question.pairs)]
    if question.type == "fill":
        # (answer, its language): the key marks each run with lang for screen readers.
        view["accepted"] = _by_language(question.answers, lang)
        view["likely_wrong"] = [(_by_language(d.answers, lang), d.feedback[lang]) for d in question.distractors]
    return view


def _page(site, arg, *, language: str, page_path: str, template: str, kind: str):
    loaded, quiz = _quiz(site, arg, page_path, kind)
    lang = _lang(language)
    pages = site.once_per_build("quiz_pages", lambda: quiz_pages(site.docs_dir))  # reads every page
    html = site.render_template(
        template,
        quiz=quiz,
        lang=lang,
        t=STRINGS[lang],
        quiz_href=relative_url(page_path, pages[quiz.id]) if quiz.id in pages else None,
        questions=[question_view(q, lang, loaded.episode, site.docs_dir, page_path, quiz.shown.get(q.id))
                   for q in quiz.questions],
    )
    return _rendered(html)


def render_answer_key(site, arg, *, language: str, page_path: str):
    return _page(site, arg, language=language, page_path=page_path, template="answer-key.html", kind="answer-key")


def render_worksheet(site, arg, *, language: str, page_path: str):
    return _page(site, arg, language=language, page_path=page_path, template="worksheet.html", kind="worksheet")


def _all_quizzes(site) -> list[Quiz]:
    quizzes = [lq.quiz for lq in site_quizzes(site).quizzes]
    return in_reading_order(quizzes, site.root)


def render_exports(site, arg, *, language: str, page_path: str):
    """A table of download links to the files the build writes under <site>/exports/."""
    lang = _lang(language)
    quizzes = _all_quizzes(site)
    prefix = root_prefix(page_path, language) + "exports/"
    links: dict[str, dict[str, str]] = {}
    for export in export_list(quizzes):  # names only: the build writes the files once
        links.setdefault(export.quiz_id, {})[export.key] = prefix + export.path
    rows = [(quiz.title[lang], links[quiz.id]) for quiz in quizzes] + [(ALL_TITLE[lang], links[ALL])]
    html = site.render_template("teacher-exports.html", lang=lang, t=STRINGS[lang], rows=rows, formats=FORMATS)
    return _rendered(html)


def render_link_builder(site, arg, *, language: str, page_path: str):
    """The assignment link builder: every quiz with its questions; teacher.js makes the link."""
    lang = _lang(language)
    pages = site.once_per_build("quiz_pages", lambda: quiz_pages(site.docs_dir))  # reads every page
    quizzes = []
    for quiz in _all_quizzes(site):
        if quiz.id not in pages:
            continue
        # The English quiz page lives under /en/; both hrefs are relative to this page.
        base = root_prefix(page_path, language)
        urls = {code: base + LANG_PREFIX[code] + page_url(pages[quiz.id]) for code in LANGUAGES}
        quizzes.append({"quiz": quiz, "urls": urls})
    html = site.render_template("teacher-link-builder.html", lang=lang, t=LINK_STRINGS[lang], quizzes=quizzes)
    return _rendered(html)


LINK_STRINGS = {
    "ja": {
        "quiz": "クイズ", "questions": "出題する問題", "all": "すべて選択", "none": "すべて解除",
        "order": "出題順", "fixed": "クイズの順番どおり", "shuffle": "シャッフル（全員同じ順番）",
        "seed": "シャッフルの番号（シード）", "new_seed": "別の番号にする", "language": "言語",
        "ja": "日本語", "en": "English", "link": "課題リンク", "copy_link": "リンクをコピー", "open": "リンクを開いて確かめる",
        "noscript": "リンク作成には JavaScript が必要です。",
        "copied": "コピーしました。", "copy_failed": "コピーできませんでした。リンクを選択してコピーしてください。",
        "pick_one": "問題を一つ以上選んでください。", "count": "{n} 問を選択中",
    },
    "en": {
        "quiz": "Quiz", "questions": "Questions to set", "all": "Select all", "none": "Clear all",
        "order": "Order", "fixed": "As in the quiz", "shuffle": "Shuffled (the same order for every student)",
        "seed": "Shuffle number (seed)", "new_seed": "Pick another number", "language": "Language",
        "ja": "日本語 (Japanese)", "en": "English", "link": "Assignment link", "copy_link": "Copy link", "open": "Open the link to check it",
        "noscript": "The link builder needs JavaScript.",
        "copied": "Copied.", "copy_failed": "Could not copy. Select the link and copy it.",
        "pick_one": "Choose at least one question.", "count": "{n} questions selected",
    },
}


def _by_language(answers: TextList, lang: str) -> list[tuple[str, str]]:
    """Fill-in answers as (text, language) pairs, ``lang`` first, each text once."""
    seen: dict[str, str] = {}
    for code in sorted(LANGUAGES, key=lambda c: c != lang):
        for text in answers[code]:
            seen.setdefault(text, code)
    return list(seen.items())
