"""``<!-- study:parallel ep90/us-stance -->``: a section side by side (対訳).

Paragraph blocks carry ids ``#pN`` that are the same in both languages
(docs.py reads them); this view pairs them by id, so there is one copy of the
text and nothing to keep in sync.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from ..annotate.htmltext import block_key, emit, tokenize
from ..annotate.readings import NOTE_SKIP, annotate, enabled, load_readings, note_ids
from ..docs import Block, MarkdownConfig, SectionPage, load_section
from ..errors import Problem, StudyDataError
from ..load.glossary import cached_glossaries, link_section
from ..urls import cross_url
from .kernel import Rendered

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


def pairs(docs_dir: Path, ref: str, markdown_config: MarkdownConfig | None = None) -> tuple[SectionPage, SectionPage, list[Pair]]:
    """Both language versions of a section and their blocks paired by id (Japanese order)."""
    ja, en = (load_section(docs_dir, ref, language, markdown_config) for language in ("ja", "en"))
    en_by_id = {b.id: b for b in en.blocks}
    ja_ids = {b.id for b in ja.blocks}
    out = [Pair(b.id, b, en_by_id.get(b.id)) for b in ja.blocks]
    out += [Pair(b.id, None, b) for b in en.blocks if b.id not in ja_ids]
    return ja, en, out


MD_LINK = re.compile(r'href="(?P<path>[^"#:]+\.md)(?:#(?P<anchor>[^"]*))?"')


@dataclass(frozen=True)
class Cell:
    html: str  # the block's inner HTML: glossary links, and furigana on Japanese pages
    notes: tuple[str, ...]  # editorial notes (admonitions) that follow the block on the section page


def cells(site, section: SectionPage, *, page_language: str, page_path: str) -> dict[str, Cell]:
    """Block id (and ``h1``) -> what the side-by-side page shows of ``section``: the text with the
    section page's glossary links, furigana (Japanese text on the Japanese page) and sic mark,
    and the editorial notes after each block, their ids and links made to work on this page."""
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
    if not arg or "/" not in arg:
        raise StudyDataError([Problem(page_path, 1, 1, "study:parallel", "needs an argument such as ep90/us-stance")])
    ja, en, paired = pairs(site.docs_dir, arg, site.markdown_config)
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
