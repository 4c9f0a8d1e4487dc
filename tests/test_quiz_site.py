"""Quiz runtime on the built site: payload budget, assets only on quiz pages,
the served scripts without their comment lines (hooks/lean_assets.py).

(Answers staying out of the search index: tests/test_search.py. What a quiz page
requests in a real browser, with and without an assignment link: tests/test_js_core.py.)
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from lxml import html as lxml_html

from support import ROOT
from lean_assets import strip_comment_lines

BUDGET = 6 * 1024  # bytes gzipped: everything a quiz page loads beyond a plain section page
QUIZ_FILES = sorted((ROOT / "quizzes" / "ep90").glob("*.quiz.yml"))
PREFIXES = ("", "en/")


def page_assets(site_dir: Path, page: str) -> set[Path]:
    """Every script and stylesheet the built page links to, as files of the site.

    The page's own URL is taken as http://site/<page>; anything not under the
    site (another host) fails here, and tests/test_privacy.py names it."""
    base = f"http://site/{page}"
    tree = lxml_html.fromstring((site_dir / page / "index.html").read_bytes())
    urls = tree.xpath("//script/@src") + tree.xpath("//link[contains(concat(' ', @rel, ' '), ' stylesheet ')]/@href")
    files = set()
    for url in urls:
        resolved = urlparse(urljoin(base, url))
        assert resolved.netloc == "site", f"{page}: {url} is not from this site"
        file = site_dir / resolved.path.lstrip("/")
        assert file.is_file(), f"{page}: {url} is missing"
        files.add(file)
    return files


def gzipped(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), 9))


def quiz_pages() -> list[tuple[str, str]]:
    """(quiz page, its section's page) per quiz and language; the review quiz, which
    has no section, is compared with the first section's page."""
    slugs = [file.name.removesuffix(".quiz.yml") for file in QUIZ_FILES]
    sections = [slug for slug in slugs if (ROOT / "docs" / "ep90" / f"{slug}.md").is_file()]
    return [(f"{prefix}ep90/quiz/{slug}/", f"{prefix}ep90/{slug if slug in sections else sections[0]}/")
            for slug in slugs for prefix in PREFIXES]


def test_every_quiz_page_is_compared_with_a_section_page(site_dir):
    pairs = quiz_pages()
    assert len(pairs) == 2 * len(QUIZ_FILES) >= 2
    for quiz, section in pairs:
        assert "data-ss-quiz=" in (site_dir / quiz / "index.html").read_text(encoding="utf-8")
        section_html = (site_dir / section / "index.html").read_text(encoding="utf-8")
        assert 'id="p1"' in section_html and "data-ss-quiz=" not in section_html


def test_payload_budget(site_dir):
    """What a quiz page loads beyond a plain section page, gzipped, as served. assignment.js
    is not in the page: quiz.js fetches it only for an assignment link or the completion
    summary (tests/test_js_core.py checks the requests a real browser makes)."""
    for quiz, section in quiz_pages():
        extra = page_assets(site_dir, quiz) - page_assets(site_dir, section)
        sizes = {file.name: gzipped(file) for file in extra}
        assert "quiz.js" in sizes, (quiz, sizes)  # the measurement sees the quiz runtime
        assert "assignment.js" not in sizes, (quiz, sizes)
        assert sum(sizes.values()) <= BUDGET, (quiz, sizes, sum(sizes.values()))


def test_budget_measure_can_fail(site_dir, tmp_path):
    """The same measurement over a copy of a quiz page that also links assignment.js/.css,
    as every quiz page did before: over the budget."""
    quiz, section = quiz_pages()[0]
    copy = tmp_path / "site"
    shutil.copytree(site_dir / "assets", copy / "assets")
    for page in (quiz, section):
        (copy / page).mkdir(parents=True)
        shutil.copy(site_dir / page / "index.html", copy / page / "index.html")
    html = (copy / quiz / "index.html").read_text(encoding="utf-8")
    script = re.search(r'<script src="([^"]*)quiz\.js"></script>', html)
    html = html.replace(script.group(0), f'<link rel="stylesheet" href="{script.group(1)}assignment.css">'
                                         f'<script src="{script.group(1)}assignment.js"></script>' + script.group(0))
    (copy / quiz / "index.html").write_text(html, encoding="utf-8")
    extra = page_assets(copy, quiz) - page_assets(copy, section)
    assert {"assignment.js", "assignment.css", "quiz.js"} <= {f.name for f in extra}
    assert sum(gzipped(f) for f in extra) > BUDGET


def test_quiz_assets_only_on_quiz_pages(site_dir):
    quiz_pages_found = []
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_quiz = "data-ss-quiz=" in html
        loads = bool(re.search(r'<script src="[^"]*assets/study/quiz\.js"', html))
        styles = bool(re.search(r'<link rel="stylesheet" href="[^"]*assets/study/quiz\.css"', html))
        assert loads == has_quiz == styles, page
        assert "assets/study/assignment." not in html, f"{page}: assignment code is loaded on demand only"
        if has_quiz:
            quiz_pages_found.append(page.relative_to(site_dir).as_posix())
    expected = {f"{quiz}index.html" for quiz, _ in quiz_pages()}
    assert expected <= set(quiz_pages_found)


# ---- hooks/lean_assets.py: the served scripts lose comment lines, never code ----

SAMPLE = '''// @ts-check
/**
 * A doc block.
 */
(function () {
  "use strict";
  // a comment line
  var url = "http://example.org/*not a comment*/"; // trailing comments stay
  var pattern = /\\/\\*[^]*/;

  /** @type {HTMLElement} */ (document.body).hidden = false;
  /* a block that ends in code */ var x = 1;
  /* a block
     over lines */
  return url + pattern + x;
})();
'''


def test_strip_comment_lines_drops_comments_and_keeps_code():
    lean = strip_comment_lines(SAMPLE)
    assert lean == '''(function () {
  "use strict";
  var url = "http://example.org/*not a comment*/"; // trailing comments stay
  var pattern = /\\/\\*[^]*/;
  /** @type {HTMLElement} */ (document.body).hidden = false;
  /* a block that ends in code */ var x = 1;
  return url + pattern + x;
})();
'''


@pytest.mark.parametrize("risky", ["var s = `line one\n// line two`;\n", 'var s = "one \\\n// two";\n'])
def test_strip_comment_lines_leaves_multiline_strings_alone(risky):
    source = "// a comment\n" + risky
    assert strip_comment_lines(source) == source


def test_served_scripts_are_the_sources_without_comment_lines(site_dir):
    node = shutil.which("node")
    assert node, "Node.js is needed (scripts/setup.sh --dev)"
    sources = sorted((ROOT / "docs" / "assets" / "study").glob("*.js"))
    assert sources
    for source in sources:
        served = site_dir / "assets" / "study" / source.name
        text = source.read_text(encoding="utf-8")
        assert served.read_text(encoding="utf-8") == strip_comment_lines(text), source.name
        # Every served line is a line of the source, in order: code is never rewritten.
        lines = iter(text.splitlines())
        assert all(any(line == original for original in lines) for line in served.read_text(encoding="utf-8").splitlines())
        subprocess.run([node, "--check", str(served)], check=True)
