"""``<!-- study:timeline ep90 -->``: the episode's timeline as an ordered list."""

from __future__ import annotations

from ..docs import load_section, section_refs
from ..errors import Problem, StudyDataError
from ..load.glossary import cached_glossaries
from ..load.timeline import checked_timeline, sorted_events
from ..text.dates import date_label, range_label
from ..urls import relative_url
from .kernel import Rendered


def render_timeline(site, arg: str | None, *, language: str, page_path: str):
    """``<!-- study:timeline ep90 -->``: the episode's timeline as an ordered list."""
    episode = arg  # required: markers.NEEDS_ARGUMENT
    file = site.data_dir / episode / "timeline.yml"
    if not (file.is_file() or file.is_symlink()):
        raise StudyDataError([Problem(page_path, 1, 1, "study:timeline", f"no timeline file quizzes/{episode}/timeline.yml")])
    glossary = cached_glossaries(site.data_dir, root=site.root)
    sections = {ref.split("/", 1)[1]: ref for ref in section_refs(site.docs_dir) if ref.startswith(episode + "/")}
    model = checked_timeline(site, episode)

    events = []
    for event in sorted_events(model):
        refs = []
        for ref in event.refs:
            slug, _, block = ref.partition("#")
            section = load_section(site.docs_dir, sections[slug], language)
            label = f"{section.title} ¶{block[1:]}"
            refs.append((relative_url(page_path, section.src_uri, block), label))
        events.append({
            "id": event.id,
            "kind": event.kind.value,
            "date": range_label(event.date, event.end, language),
            "datetime": event.date,
            "stated": date_label(event.stated, language) if event.stated else "",
            "title": event.title[language],
            "text": event.text[language],
            "terms": [(relative_url(page_path, "glossary.md", g), glossary[g].term[language]) for g in event.glossary],
            "refs": refs,
        })
    html = site.render_template("timeline.html", language=language, events=events,
                                as_of=date_label(model.as_of, language))
    return Rendered(html, ("glossary",))
