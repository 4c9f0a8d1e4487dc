"""``<!-- study:glossary -->`` and ``<!-- study:flashcards -->``: the glossary page and its cards."""

from __future__ import annotations

from ..load.glossary import GROUP_LABELS, appearances, cached_glossaries, initial
from ..models.glossary import Entry, Group
from ..urls import relative_url
from .episode import as_of_label
from .kernel import Rendered


def render_glossary(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:glossary -->``: every entry, sorted for the page's language."""
    glossary = cached_glossaries(site.data_dir, root=site.root)
    found = appearances(glossary, site.docs_dir, language)
    other = "en" if language == "ja" else "ja"

    def view(entry: Entry) -> dict:
        return {
            "id": entry.id,
            "term": entry.term[language],
            "other": entry.term[other],
            "reading": entry.term.reading,
            "ja": entry.term.ja,
            "group": GROUP_LABELS[entry.group.value][language],
            "is_language": entry.group is Group.language,
            "short": entry.short[language],
            "explanation": entry.explanation[language],
            "as_of": entry.as_of[language] if entry.as_of else None,
            # Each entry's context is as of its own episode's date, not one date for all.
            "as_of_date": (as_of_label(site, glossary.entries[entry.id].episode, language=language, page_path=page_path)
                           if entry.as_of else None),
            "aliases": [(lang, form) for lang in (language, other) for form in getattr(entry.aliases, lang)],
            "variants": [(v.lang, v.text, v.note[language]) for v in entry.variants],
            "related": [(ref, glossary[ref].term[language]) for ref in entry.related],
            "link": (entry.link.url, entry.link.label[language]) if entry.link else None,
            "appears": [
                (s.title, relative_url(page_path, s.src_uri)) for s in found.get(entry.id, [])
            ],
        }

    def grouped(entries: list[Entry]) -> list[dict]:
        groups: list[dict] = []
        for entry in entries:
            label = initial(entry, language)
            if not groups or groups[-1]["label"] != label:
                groups.append({"label": label, "anchor": f"ss-index-{len(groups) + 1}", "entries": []})
            groups[-1]["entries"].append(view(entry))
        return groups

    html = site.render_template(
        "glossary.html",
        language=language,
        groups=grouped(glossary.sorted_entries(language, language_notes=False)),
        notes=[view(e) for e in glossary.sorted_entries(language, language_notes=True)],
        count=len(glossary.entries),
    )
    return Rendered(html, ("glossary",))


def render_flashcards(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:flashcards -->``: the glossary as cards; the data goes to flashcards.js as JSON."""
    glossary = cached_glossaries(site.data_dir, root=site.root)
    cards = [
        {
            "id": e.id,
            "ja": e.term.ja,
            "reading": e.term.reading,
            "en": e.term.en,
            "shortJa": e.short.ja,
            "shortEn": e.short.en,
            "group": GROUP_LABELS[e.group.value][language],
        }
        for e in glossary.sorted_entries(language, language_notes=False)
        + glossary.sorted_entries(language, language_notes=True)
    ]
    html = site.render_template("flashcards.html", language=language, cards=cards)
    return Rendered(html, ("flashcards",))
