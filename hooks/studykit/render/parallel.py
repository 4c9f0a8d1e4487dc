"""Section pages read back from the docs: for side-by-side (対訳) views and glossary look-ups.

A section page is ``docs/<episode>/<slug>.md`` (Japanese) or ``.en.md`` (English)
carrying the ``<!-- study:notice … -->`` marker. Its paragraph blocks carry ids
``#pN`` that are the same in both languages; the side-by-side view pairs them
by id, so there is one copy of the text and nothing to keep in sync.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import markdown

from ..errors import Problem, StudyDataError

# The same block-level extensions as mkdocs.yml, so blocks and ids come out alike.
MD_EXTENSIONS = ["attr_list", "md_in_html", "abbr", "footnotes", "def_list", "tables", "admonition"]
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


_cache: dict[tuple[str, int, int], SectionPage] = {}


def _file(docs_dir: Path, episode: str, slug: str, language: str) -> Path:
    return Path(docs_dir) / episode / f"{slug}{SUFFIX[language]}"


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


def load_section(docs_dir: Path, ref: str, language: str) -> SectionPage:
    """Render one section page's Markdown (markers dropped) and find its blocks; cached."""
    episode, _, slug = ref.partition("/")
    file = _file(docs_dir, episode, slug, language)
    if not slug or not file.is_file():
        raise StudyDataError([Problem(f"docs/{episode}/{slug}{SUFFIX[language]}", 1, 1, "", "section page not found")])
    stat = file.stat()
    key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        text = file.read_text(encoding="utf-8")
        front = FRONT_MATTER.match(text)
        body = text[front.end():] if front else text
        html = markdown.markdown(MARKER.sub("", body), extensions=MD_EXTENSIONS)
        heading = H1.search(html)
        title = re.sub(r"<[^>]+>", "", heading["inner"]).strip() if heading else slug
        _cache[key] = SectionPage(episode, slug, language, f"{episode}/{slug}.md", title, html, tuple(_blocks(html)))
    return _cache[key]


def _blocks(html: str) -> list[Block]:
    blocks = []
    for match in BLOCK.finditer(html):
        before = html[: match.start()]
        depth = len(re.findall(r"<li\b", before)) - len(re.findall(r"</li>", before))
        bullet = bool(re.search(r"<li\b[^>]*>\s*$", before))
        blocks.append(Block(match["id"], match["inner"].strip(), depth, bullet))
    return blocks


@dataclass(frozen=True)
class Pair:
    id: str
    ja: Block | None
    en: Block | None

    @property
    def depth(self) -> int:
        return (self.ja or self.en).depth

    @property
    def bullet(self) -> bool:
        return (self.ja or self.en).bullet


def pairs(docs_dir: Path, ref: str) -> tuple[SectionPage, SectionPage, list[Pair]]:
    """Both language versions of a section and their blocks paired by id (Japanese order)."""
    ja, en = load_section(docs_dir, ref, "ja"), load_section(docs_dir, ref, "en")
    en_by_id = {b.id: b for b in en.blocks}
    ja_ids = {b.id for b in ja.blocks}
    out = [Pair(b.id, b, en_by_id.get(b.id)) for b in ja.blocks]
    out += [Pair(b.id, None, b) for b in en.blocks if b.id not in ja_ids]
    return ja, en, out


# --- URLs between pages (directory URLs, the MkDocs default) -------------------


def page_url(src_uri: str) -> str:
    """``ep90/us-stance.en.md`` -> ``ep90/us-stance/``; ``index.md`` -> ``""``."""
    path = re.sub(r"(\.en)?\.md$", "", src_uri)
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return path


def relative_url(from_src: str, to_src: str, anchor: str = "") -> str:
    start, target = page_url(from_src), page_url(to_src)
    rel = posixpath.relpath(target or ".", start or ".")
    rel = "" if rel == "." else rel + "/"
    return (rel or "./") + (f"#{anchor}" if anchor else "")


LANG_PREFIX = {"ja": "", "en": "en/"}


def cross_url(from_src: str, from_lang: str, to_src: str, to_lang: str, anchor: str = "") -> str:
    """Relative URL between pages that may be in different language builds (``/`` and ``/en/``)."""
    start = LANG_PREFIX[from_lang] + page_url(from_src)
    target = LANG_PREFIX[to_lang] + page_url(to_src)
    rel = posixpath.relpath(target or ".", start or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


MD_LINK = re.compile(r'href="(?P<path>[^"#:]+\.md)(?:#(?P<anchor>[^"]*))?"')


@dataclass(frozen=True)
class Cell:
    html: str  # the block's inner HTML: glossary links, and furigana on Japanese pages
    notes: tuple[str, ...]  # editorial notes (admonitions) that follow the block on the section page


def cells(site, section: SectionPage, *, page_language: str, page_path: str) -> dict[str, Cell]:
    """Block id (and ``h1``) -> what the side-by-side page shows of ``section``: the text with the
    section page's glossary links, furigana (Japanese text on the Japanese page) and sic mark,
    and the editorial notes after each block, their ids and links made to work on this page."""
    from ..load.glossary import cached_glossaries, link_section
    from ..annotate.htmltext import block_key, emit, tokenize
    from ..annotate.readings import NOTE_SKIP, annotate, enabled, load_readings, note_ids

    lang = section.language
    html_text, _ = link_section(cached_glossaries(site.data_dir, root=site.root), section.html,
                                page_src=page_path, language=lang)
    readings = (load_readings(site.docs_dir, site.data_dir, section.episode, root=site.root)
                if lang == "ja" and enabled() else None)
    if readings is not None:
        html_text = annotate(html_text, readings, section.slug, where=f"docs/{page_path}", vocabulary_ids=False,
                             note_prefix=f"{lang}-note-", ruby=page_language == "ja", language=page_language)
    else:
        tokens = tokenize(html_text)
        note_ids(tokens, f"{lang}-note-")
        html_text = "".join(emit(t) for t in tokens)

    def link(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(section.episode, match["path"]))
        return f'href="{cross_url(page_path, page_language, target, lang, match["anchor"] or "")}"'

    out: dict[str, list] = {}
    current, inner, note, depth = None, [], None, 0
    for token in tokenize(MD_LINK.sub(link, html_text)):
        if current is None and note is None and token.kind == "start":
            key = block_key(token.tag, token.attrs)
            classes = set(token.attrs.get("class", "").split())
            if key:
                current, inner = key, []
                continue
            if token.tag == "div" and "admonition" in classes and not classes & NOTE_SKIP and out:
                note, depth = [emit(token)], 1
                continue
        if current is not None:
            if token.kind == "end" and token.block is None:  # the block's own end tag
                out[current] = [re.sub(r'<a class="headerlink".*?</a>', "", "".join(inner)).strip(), []]
                last, current = current, None
            else:
                inner.append(emit(token))
            continue
        if note is not None:
            note.append(emit(token))
            depth += (token.kind == "start" and token.tag == "div") - (token.kind == "end" and token.tag == "div")
            if depth == 0:
                out[last][1].append("".join(note))
                note = None
    return {key: Cell(html, tuple(notes)) for key, (html, notes) in out.items()}


def render_parallel(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:parallel ep90/us-stance -->``: the section side by side, blocks paired by id,
    with the section pages' glossary links and editorial notes (and furigana on the Japanese page)."""
    from ..site import Rendered

    if not arg or "/" not in arg:
        raise StudyDataError([Problem(page_path, 1, 1, "study:parallel", "needs an argument such as ep90/us-stance")])
    ja, en, paired = pairs(site.docs_dir, arg)
    order = ("ja", "en") if language == "ja" else ("en", "ja")
    shown = {s.language: cells(site, s, page_language=language, page_path=page_path) for s in (ja, en)}
    html = site.render_template(
        "parallel.html",
        language=language,
        ref=arg,
        order=order,
        pairs=paired,
        cells=shown,
        titles={"ja": ja.title, "en": en.title},
        section_urls={lang: cross_url(page_path, language, ja.src_uri, lang) for lang in ("ja", "en")},
    )
    return Rendered(html, ("glossary", "furigana"))
