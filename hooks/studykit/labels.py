"""The words the site shows around the text and the quiz files, in each language: one file.

The quiz pages, the teachers' pages (answer keys, worksheets, exports, the link
builder) and the LMS exports each have their own table, keyed by language; a word
that means the same on all of them (true / false, explanation) is written once in
WORDS, so a student never meets two names for one thing. The strings quiz.js
needs reach it as JSON from the server (render/quiz.py JS_KEYS), never hard-coded.
"""

from __future__ import annotations

WORDS = {
    "ja": {"true": "正しい", "false": "誤り", "explanation": "解説"},
    "en": {"true": "True", "false": "False", "explanation": "Explanation"},
}

QUIZ = {
    "ja": {
        "num": "問{n}", "check": "答え合わせ", "retry": "もう一度", "show": "解答を見る", "reset": "回答をリセット",
        "solution": "解答と解説", "key": "正解", "source": "本文の該当段落を読む（{s}）", "true": WORDS["ja"]["true"], "false": WORDS["ja"]["false"],
        "answer": "答え", "choose": "選択してください", "up": "上へ", "down": "下へ",
        "noscript": "JavaScript が無効のため答え合わせはできません。各問の「解答と解説」を開いて確かめてください。",
        # Used by quiz.js (passed as JSON; inserted as text only).
        "ok": "正解", "ng": "不正解", "empty": "先に答えを選んでください。", "missed": "選ばれていない正解があります。",
        "moved": "{n}番目に移動しました：{t}", "progress": "{d} / {t} 問回答済み", "score": "結果：{t} 問中 {s} 問正解",
        "mine": "あなたの答え：{a}", "expl": WORDS["ja"]["explanation"], "shown": "解答を表示しました。",
        "first": "（最初の回答で正解：{f} 問）", "emptyfill": "先に答えを入力してください。",
    },
    "en": {
        "num": "Q{n}", "check": "Check", "retry": "Try again", "show": "Show solution", "reset": "Reset answers",
        "solution": "Answer and explanation", "key": "Answer", "source": "Read the paragraph in the text ({s})",
        "true": WORDS["en"]["true"], "false": WORDS["en"]["false"], "answer": "Answer", "choose": "Choose…", "up": "Move up", "down": "Move down",
        "noscript": "JavaScript is off, so answers cannot be checked. Open each “Answer and explanation” to compare.",
        "ok": "Correct", "ng": "Not quite", "empty": "Choose an answer first.", "missed": "You missed a correct option.",
        "moved": "Moved to position {n}: {t}", "progress": "{d} of {t} answered", "score": "Result: {s} of {t} correct",
        "mine": "Your answer: {a}", "expl": WORDS["en"]["explanation"], "shown": "Solution shown.",
        "first": " ({f} right at the first attempt)", "emptyfill": "Type an answer first.",
    },
}


TEACHER = {
    "ja": {
        "key": "解答キー", "worksheet": "ワークシート", "answer": "正解", "explanation": WORDS["ja"]["explanation"],
        "source": "本文の該当段落", "read": "本文で読む", "true": WORDS["ja"]["true"], "false": WORDS["ja"]["false"],
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
        "key": "Answer key", "worksheet": "Worksheet", "answer": "Answer", "explanation": WORDS["en"]["explanation"],
        "source": "Source paragraph", "read": "Read it in the text", "true": WORDS["en"]["true"], "false": WORDS["en"]["false"],
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


LINK_BUILDER = {
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


EXPORT = {
    "ja": {
        "true": WORDS["ja"]["true"], "false": WORDS["ja"]["false"],
        "correct": "正解です。", "incorrect": "不正解です。",
        "order_hint": "（各項目に、正しい順番の番号を選んでください。）",
        "answer": "解答", "explanation": WORDS["ja"]["explanation"],
    },
    "en": {
        "true": WORDS["en"]["true"], "false": WORDS["en"]["false"],
        "correct": "Correct.", "incorrect": "Not quite.",
        "order_hint": "(Give each item its position in the correct order.)",
        "answer": "Answer", "explanation": WORDS["en"]["explanation"],
    },
}
