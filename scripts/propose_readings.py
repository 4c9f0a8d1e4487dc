#!/usr/bin/env python3
"""Propose furigana for the Japanese section pages with SudachiPy, for review.

    .venv/bin/python scripts/propose_readings.py --episode ep90 > /tmp/proposed.yml
    .venv/bin/python scripts/propose_readings.py --episode ep90 --compare   # proposals vs the reviewed file

The proposals are a starting point, never the data: the analyser is wrong often
enough (戦狼 -> いくさ/おおかみ, 露ほども -> ろ) that every reading is reviewed
before it goes into quizzes/<episode>/readings.yml, which the build reads. The
build never needs SudachiPy (it is in requirements-dev.txt only).

Why SudachiPy + sudachidict-core: wheels on PyPI for Linux/macOS/Windows, the
dictionary is a pip package (nothing fetched at run time), and split mode B
gives the middle-sized words (停戦 / 監視 / 部隊) that suit ruby.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from studykit.annotate.readings import ITEM, KANJI_RUN, hiragana, load_readings, non_joyo, section_texts  # noqa: E402


def propose(texts: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """"slug#block" -> [(word, reading)] for every analyser token that contains kanji."""
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.B)
    out = {}
    for ref, text in texts.items():
        out[ref] = [(m.surface(), hiragana(m.reading_form())) for m in tokenizer.tokenize(text)
                    if KANJI_RUN.search(m.surface())]
    return out


def as_yaml(proposed: dict[str, list[tuple[str, str]]]) -> str:
    lines = ["readings:"]
    for ref, words in proposed.items():
        lines.append(f"  {ref}:")
        lines += [f"    - {word} {reading}" for word, reading in words]
    hard = sorted({w for words in proposed.values() for w, _ in words if non_joyo(w)})
    lines.append("# words with kanji outside the jōyō list (must go into vocabulary with a gloss):")
    lines += [f"#   {w}" for w in hard]
    return "\n".join(lines) + "\n"


def compare(proposed: dict[str, list[tuple[str, str]]], reviewed) -> int:
    """Print where the reviewed file departs from the proposals; return the number of corrections."""
    corrections = resegmented = 0
    total = sum(map(len, proposed.values()))
    for ref, words in proposed.items():
        kept = [(w.text, w.reading) for w in reviewed.words.get(ref, [])]
        if kept == words:
            continue
        # Align by position in the block text: a correction is a proposed word whose span
        # or reading the reviewer changed.
        text = reviewed.texts[ref]
        spans_p = _spans(words, text)
        spans_r = {(w.start, w.end): w.reading for w in reviewed.words.get(ref, [])}
        for (start, end), reading in spans_p.items():
            if spans_r.get((start, end)) == reading:
                continue
            if (start, end) in spans_r:
                corrections += 1
            else:
                resegmented += 1
                now = [f"{text[s:e]} {r}" for (s, e), r in spans_r.items() if s < end and e > start]
                print(f"{ref}: {text[start:end]} {reading} -> {', '.join(now) or '(dropped)'}")
    print(f"{total} readings proposed: {corrections} readings corrected in review, "
          f"{resegmented} more re-segmented (numbers with their counters, compounds)")
    return corrections + resegmented


def _spans(words, text):
    spans, cursor = {}, 0
    for word, reading in words:
        start = text.find(word, cursor)
        spans[(start, start + len(word))] = reading
        cursor = start + len(word)
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episode", required=True, help="episode folder, e.g. ep90")
    parser.add_argument("--compare", action="store_true", help="compare with quizzes/<episode>/readings.yml")
    args = parser.parse_args()
    texts = section_texts(ROOT / "docs", args.episode)
    if not texts:
        sys.exit(f"no section pages for {args.episode}")
    proposed = propose(texts)
    if args.compare:
        reviewed = load_readings(ROOT / "docs", ROOT / "quizzes", args.episode, root=ROOT)
        if reviewed is None:
            sys.exit(f"quizzes/{args.episode}/readings.yml does not exist yet")
        compare(proposed, reviewed)
    else:
        sys.stdout.write(as_yaml(proposed))
    assert ITEM  # the file format the proposals follow ("word reading")


if __name__ == "__main__":
    main()
