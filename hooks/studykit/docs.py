"""The one reader of docs/: section pages, their blocks and titles, the page pairs.

A section page is ``docs/<episode>/<slug>.md`` (Japanese) or ``.en.md`` (English)
carrying the ``<!-- study:notice … -->`` marker. Its paragraph blocks carry ids
``#pN`` that are the same in both languages.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from .errors import Problem, StudyDataError
from .filecache import FileCache

# Without the site's Markdown configuration (the CLI, tests): the block-level
# extensions of mkdocs.yml, which decide the blocks, their ids and the titles.
MD_EXTENSIONS = ["attr_list", "md_in_html", "abbr", "footnotes", "def_list", "tables", "admonition"]
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


@dataclass(frozen=True)
class MarkdownConfig:
    """How the site renders Markdown: MkDocs' ``markdown_extensions`` and ``mdx_configs``."""

    extensions: tuple
    configs: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(str(e) for e in self.extensions)
MARKER = re.compile(r"^<!--\s*study:[^>]*-->\s*$", re.M)
NOTICE = re.compile(r"^<!--\s*study:notice\b", re.M)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
BLOCK = re.compile(r'<p\b[^>]*\bid="(?P<id>p\d+)"[^>]*>(?P<inner>.*?)</p>', re.S)
H1 = re.compile(r"<h1\b[^>]*>(?P<inner>.*?)</h1>", re.S)
SUFFIX = {"ja": ".md", "en": ".en.md"}


@dataclass(frozen=True)
class Block:
    id: str
    html: str  # inner HTML of the paragraph
    depth: int  # list nesting level (1 = top-level item)
    bullet: bool  # starts a list item (else a continuation paragraph)


@dataclass(frozen=True)
class SectionPage:
    episode: str
    slug: str
    language: str
    src_uri: str  # e.g. ep90/us-stance.md (the Japanese path; one URL per language build)
    title: str
    html: str
    blocks: tuple[Block, ...]

    @property
    def ref(self) -> str:
        return f"{self.episode}/{self.slug}"


# One rendering per page file and Markdown configuration, while the file is unchanged.
_SECTIONS: FileCache[SectionPage | None] = FileCache("section pages")


SECTION_PATH = re.compile(r"^(?P<episode>ep\d+)/(?P<slug>[a-z0-9-]+)(\.en)?\.md$")


def is_section_page(src_uri: str, text: str) -> bool:
    """``ep90/us-stance.md`` (or ``.en.md``) with the notice marker; not the episode index."""
    match = SECTION_PATH.match(src_uri.replace("\\", "/"))
    return bool(match) and match["slug"] != "index" and bool(NOTICE.search(text))


def section_refs(docs_dir: Path) -> list[str]:
    """``episode/slug`` of every section page, in file-name order per episode."""
    refs = []
    for file in sorted(Path(docs_dir).glob("ep*/*.md")):
        if file.name.endswith(".en.md") or file.stem == "index":
            continue
        if is_section_page(f"{file.parent.name}/{file.name}", file.read_text(encoding="utf-8")):
            refs.append(f"{file.parent.name}/{file.stem}")
    return refs


def load_section(docs_dir: Path, ref: str, language: str, markdown_config: MarkdownConfig | None = None) -> SectionPage:
    """Render one section page's Markdown (markers dropped) and find its blocks; cached.

    ``markdown_config``: render as the site does (the side-by-side view shows this HTML)."""
    episode, _, slug = ref.partition("/")
    page = _load(docs_dir, episode, slug, language, markdown_config)
    if page is None:
        raise StudyDataError([Problem(f"docs/{episode}/{slug}{SUFFIX[language]}", 1, 1, "", "section page not found")])
    return page


def _load(docs_dir: Path, episode: str, slug: str, language: str,
          markdown_config: MarkdownConfig | None = None) -> SectionPage | None:
    """The section page, or None if its file does not exist. Cached while the file is
    unchanged, so an edited page is read again (mkdocs serve); one stat per lookup."""
    if not slug:
        return None
    file = os.path.join(docs_dir, episode, f"{slug}{SUFFIX[language]}")

    def render() -> SectionPage | None:
        if not os.path.isfile(file):
            return None  # kept too: the file's coming back changes its stamp
        text = Path(file).read_text(encoding="utf-8")
        front = FRONT_MATTER.match(text)
        body = text[front.end():] if front else text
        if markdown_config:
            html = markdown.markdown(MARKER.sub("", body), extensions=list(markdown_config.extensions),
                                     extension_configs=markdown_config.configs)
        else:
            html = markdown.markdown(MARKER.sub("", body), extensions=MD_EXTENSIONS)
        heading = H1.search(html)
        title = plain_text(HEADERLINK.sub("", heading["inner"])) if heading else slug
        return SectionPage(episode, slug, language, f"{episode}/{slug}.md", title, html, tuple(_blocks(html)))

    return _SECTIONS.get((file, markdown_config.key if markdown_config else None), [file], render)


def _blocks(html: str) -> list[Block]:
    blocks = []
    for match in BLOCK.finditer(html):
        before = html[: match.start()]
        depth = len(re.findall(r"<li\b", before)) - len(re.findall(r"</li>", before))
        bullet = bool(re.search(r"<li\b[^>]*>\s*$", before))
        blocks.append(Block(match["id"], match["inner"].strip(), depth, bullet))
    return blocks


def missing_twins(docs_dir: Path, root: Path) -> list[Problem]:
    """Every page exists as ``page.md`` (Japanese) and ``page.en.md`` (English): name each missing twin."""
    problems = []
    for page in sorted(Path(docs_dir).rglob("*.md")):
        english = page.name.endswith(".en.md")
        twin = page.with_name(page.name[:-len(".en.md")] + ".md" if english else page.name[:-len(".md")] + ".en.md")
        if not twin.exists():
            shown, twin_shown = (p.relative_to(root).as_posix() for p in (page, twin))
            language = "Japanese" if english else "English"
            problems.append(Problem(shown, 0, 0, "", f"has no {language} twin: add {twin_shown}"))
    return problems


def plain_text(inner_html: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", inner_html)).strip()


def section_page(docs_dir: Path, episode: str, slug: str, language: str) -> SectionPage | None:
    """The section page in ``language``, or None if that file does not exist."""
    return _load(docs_dir, episode, slug, language)


def paragraph_ids(docs_dir: Path, episode: str, slug: str, language: str) -> frozenset[str] | None:
    """Ids of the numbered paragraphs (``{: #pN }``) of a section page, or None if it does not exist."""
    page = section_page(docs_dir, episode, slug, language)
    return None if page is None else frozenset(block.id for block in page.blocks)


def page_title(docs_dir: Path, episode: str, slug: str, language: str) -> str:
    """The h1 of a section page in ``language`` (the Japanese one if that is missing, else the slug)."""
    page = section_page(docs_dir, episode, slug, language) or section_page(docs_dir, episode, slug, "ja")
    return page.title if page else slug


def paragraph_text(docs_dir: Path, episode: str, slug: str, paragraph: str, language: str) -> str:
    """The plain text of paragraph ``#pN`` of a section page (the Japanese page if that is missing)."""
    page = section_page(docs_dir, episode, slug, language) or section_page(docs_dir, episode, slug, "ja")
    block = next((b for b in page.blocks if b.id == paragraph), None) if page else None
    if block is None:
        return ""
    # Line breaks in the source are layout: Japanese runs on, other languages get a space.
    lines = [line.strip() for line in plain_text(block.html).splitlines()]
    return ("".join(lines) if language == "ja" else " ".join(lines)).strip()


QUIZ_MARKER = re.compile(r"^<!--\s*study:quiz\s+([\w-]+)\s*-->\s*$", re.M)


def quiz_pages(docs_dir: Path) -> dict[str, str]:
    """quiz id -> the (Japanese) docs path of the page that shows it, from its study:quiz marker."""
    pages: dict[str, str] = {}
    for page in sorted(Path(docs_dir).rglob("*.md")):
        if re.search(r"\.[a-z]{2}\.md$", page.name):
            continue
        for quiz_id in QUIZ_MARKER.findall(page.read_text(encoding="utf-8")):
            pages.setdefault(quiz_id, page.relative_to(docs_dir).as_posix())
    return pages
