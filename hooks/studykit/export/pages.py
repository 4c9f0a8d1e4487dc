"""Renderers for the teacher pages' markers.

``<!-- study:answer-key ID -->``, ``<!-- study:worksheet ID -->``,
``<!-- study:exports -->`` and ``<!-- study:link-builder -->``. They read the
same validated quizzes as the quiz pages and the exporters.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..errors import Problem, StudyDataError
from ..quiz.loading import page_title
from ..quiz.render import page_dir_url, site_quizzes, source_href
from .build import ALL, ALL_TITLE, FORMATS, export_files, in_reading_order
from .common import LANGUAGES, Question, Quiz, quiz_from

DEFAULT_LANGUAGE = "ja"
QUIZ_MARKER = re.compile(r"^<!--\s*study:quiz\s+([\w-]+)\s*-->\s*$", re.M)
PARAGRAPH_END = re.compile(r"^\s*\{:[^}]*#(p[0-9]+)\b[^}]*\}\s*$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")

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
    from ..site import Rendered  # site imports the renderers

    return Rendered(html, assets=assets)


def _lang(language: str) -> str:
    return language if language in LANGUAGES else "en"


def quiz_pages(docs_dir: Path) -> dict[str, str]:
    """quiz id -> the (Japanese) docs path of the page that shows it, from its study:quiz marker."""
    pages: dict[str, str] = {}
    for page in sorted(Path(docs_dir).rglob("*.md")):
        if re.search(r"\.[a-z]{2}\.md$", page.name):
            continue
        for quiz_id in QUIZ_MARKER.findall(page.read_text(encoding="utf-8")):
            pages.setdefault(quiz_id, page.relative_to(docs_dir).as_posix())
    return pages


def paragraph_text(docs_dir: Path, episode: str, slug: str, paragraph: str, lang: str) -> str:
    """The text of paragraph ``{: #pN }`` on a section page, inline Markdown stripped."""
    name = f"{slug}.md" if lang == DEFAULT_LANGUAGE else f"{slug}.{lang}.md"
    page = Path(docs_dir) / episode / name
    if not page.is_file():
        page = Path(docs_dir) / episode / f"{slug}.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        match = PARAGRAPH_END.match(line)
        if match and match[1] == paragraph:
            block: list[str] = []
            for previous in reversed(lines[:i]):
                if not previous.strip() or PARAGRAPH_END.match(previous):
                    break
                block.insert(0, previous.strip())
            text = " ".join(block) if lang != "ja" else "".join(block)
            text = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", text)
            text = LINK.sub(r"\1", text)
            # Emphasis marks, opening and closing (`*was*`), and code ticks go; the words stay.
            return re.sub(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)|`", "", text).strip()
    return ""


def _quiz(site, arg: str | None, page_path: str, kind: str):
    quizzes = site_quizzes(site)
    loaded = quizzes.get(arg or "")
    if loaded is None:
        known = ", ".join(q.quiz.id for q in quizzes.quizzes) or "none"
        raise StudyDataError([Problem(f"docs/{page_path}", 1, 1, f"study:{kind}", f"unknown quiz '{arg}' (known: {known})")])
    return loaded, quiz_from(loaded.quiz, episode=loaded.episode)


def _root_prefix(page_path: str, language: str) -> str:
    """Relative path from a page's URL directory to the site root."""
    directory = page_dir_url(page_path)
    if language != DEFAULT_LANGUAGE:
        directory = f"{language}/{directory}" if directory else language
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth


def _quiz_href(docs_path: str, page_path: str) -> str:
    target = page_dir_url(docs_path)
    return posixpath.relpath(target or ".", page_dir_url(page_path) or ".") + "/"


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
    pages = quiz_pages(site.docs_dir)
    html = site.render_template(
        template,
        quiz=quiz,
        lang=lang,
        t=STRINGS[lang],
        quiz_href=_quiz_href(pages[quiz.id], page_path) if quiz.id in pages else None,
        questions=[question_view(q, lang, loaded.episode, site.docs_dir, page_path, quiz.shown.get(q.id))
                   for q in quiz.questions],
    )
    return _rendered(html)


def render_answer_key(site, arg, *, language: str, page_path: str):
    return _page(site, arg, language=language, page_path=page_path, template="answer-key.html", kind="answer-key")


def render_worksheet(site, arg, *, language: str, page_path: str):
    return _page(site, arg, language=language, page_path=page_path, template="worksheet.html", kind="worksheet")


def _all_quizzes(site) -> list[Quiz]:
    quizzes = [quiz_from(lq.quiz, episode=lq.episode) for lq in site_quizzes(site).quizzes]
    return in_reading_order(quizzes, site.root)


def render_exports(site, arg, *, language: str, page_path: str):
    """A table of download links to the files the build writes under <site>/exports/."""
    lang = _lang(language)
    quizzes = _all_quizzes(site)
    prefix = _root_prefix(page_path, language) + "exports/"
    links: dict[str, dict[str, str]] = {}
    for export, _data in export_files(quizzes):
        links.setdefault(export.quiz_id, {})[export.key] = prefix + export.path
    rows = [(quiz.title[lang], links[quiz.id]) for quiz in quizzes] + [(ALL_TITLE[lang], links[ALL])]
    html = site.render_template("teacher-exports.html", lang=lang, t=STRINGS[lang], rows=rows, formats=FORMATS)
    return _rendered(html)


def render_link_builder(site, arg, *, language: str, page_path: str):
    """The assignment link builder: every quiz with its questions; teacher.js makes the link."""
    lang = _lang(language)
    pages = quiz_pages(site.docs_dir)
    quizzes = []
    for quiz in _all_quizzes(site):
        if quiz.id not in pages:
            continue
        # The English quiz page lives under /en/; both hrefs are relative to this page.
        base = _root_prefix(page_path, language)
        directory = page_dir_url(pages[quiz.id])
        urls = {code: (base + (f"{code}/" if code != DEFAULT_LANGUAGE else "") + directory + "/") for code in LANGUAGES}
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


def _by_language(answers: dict[str, tuple[str, ...]], lang: str) -> list[tuple[str, str]]:
    """Fill-in answers as (text, language) pairs, ``lang`` first, each text once."""
    seen: dict[str, str] = {}
    for code in sorted(answers, key=lambda c: c != lang):
        for text in answers[code]:
            seen.setdefault(text, code)
    return list(seen.items())
