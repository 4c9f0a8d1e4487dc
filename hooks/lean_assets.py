"""MkDocs hook: serves the study scripts without their comment lines.

The sources in docs/assets/study/ keep their comments and JSDoc types, for
readers and for the type check (tsconfig.json); pages load the built copies, so
the quiz page's size budget (tests/test_quiz_site.py) counts code, not prose.

Only whole lines go: a line that is a // comment, or a /* … */ block that
starts and ends its own lines, and blank lines. In these ES5 files a string or a
regex literal cannot span lines, so no code is changed; a file with a template
literal or a line continuation is left as it is.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority


def strip_comment_lines(source: str) -> str:
    """``source`` without whole-line comments and blank lines; code lines unchanged."""
    kept: list[str] = []
    block: list[str] = []  # lines of an open /* … */ that started a line
    for line in source.splitlines(keepends=True):
        text = line.strip()
        if block:
            block.append(line)
            if "*/" in text:
                # Code after the block's end: keep the block, it belongs to that line.
                if not text.endswith("*/") or text.count("*/") > 1:
                    kept.extend(block)
                block = []
            continue
        if not text or text.startswith("//"):
            continue
        if text.startswith("/*"):
            end = text.find("*/", 2)
            if end < 0:
                block = [line]
            elif end + 2 < len(text):
                kept.append(line)  # e.g. a JSDoc cast: /** @type {X} */ (value)
            continue
        kept.append(line)
    kept.extend(block)  # unterminated: leave it to the browser to complain
    lean = "".join(kept)
    # Code that could hold a multi-line string: keep the file as written.
    if "`" in lean or any(line.endswith("\\") for line in lean.splitlines()):
        return source
    return lean


# After static-i18n (default priority) has built the other languages, so the
# files written last are the ones rewritten.
@event_priority(-100)
def on_post_build(config):
    for script in (Path(config.site_dir) / "assets" / "study").glob("*.js"):
        source = script.read_text(encoding="utf-8")
        lean = strip_comment_lines(source)
        if lean != source:
            script.write_text(lean, encoding="utf-8")
