"""Glossary and timeline data, validation, ordering and the term linker (no site build)."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import ROOT
from studykit.load import glossary as gl
from studykit.load import timeline as tl
from studykit.errors import StudyDataError
from studykit.schemas import schema_texts
from studykit.annotate.linker import TermMatcher, link_terms, terms_in

DATA = ROOT / "quizzes"
BRIEF_IDS = """trump kellogg rubio lavrov zelensky crimea kursk saudi-talks munich-security-conference
us-election-2024 russian-invasion-2022 nato collective-defence ceasefire-line ceasefire-monitoring-force
peacekeeping-force un-security-council security-council-resolution self-defense-forces global-south
wolf-warrior-diplomacy bottom-line narrative special-envoy demining sanctions japan-russia-relations""".split()
LANGUAGE_IDS = """tazan-no-ishi on-wo-uru kusabi-wo-uchikomu kaji-wo-kiru tsuyu-hodomo kabu-wo-ageru
yoboosen-wo-haru shuutai-wo-enjiru boyaboya ichido-ni-kaisuru""".split()


@pytest.fixture(scope="module")
def glossary():
    return gl.load_glossaries(DATA, root=ROOT)


# --- the data ----------------------------------------------------------------


def test_every_required_entry_exists_in_both_languages(glossary):
    assert len(glossary.entries) >= 20
    for entry_id in BRIEF_IDS + LANGUAGE_IDS:
        assert entry_id in glossary.ids, entry_id
        # Blank texts cannot load (test_bad_glossary_files_give_located_errors: blank-*).
    for entry_id in LANGUAGE_IDS:
        assert glossary[entry_id].group is gl.Group.language, entry_id
    for entry_id in BRIEF_IDS:
        assert glossary[entry_id].group is not gl.Group.language, entry_id


def test_key_entries_say_what_the_issue_asks(glossary):
    nato = glossary["nato"]
    assert "第5条" in nato.short.ja and "Article 5" in nato.short.en
    assert "collective-defence" in nato.related
    assert glossary["ceasefire-line"].term.ja == "停戦ライン"
    kursk = glossary["kursk"]
    assert kursk.term.ja == "クルスク州"
    [variant] = kursk.variants
    assert (variant.lang, variant.text) == ("ja", "クスクス州")
    assert "クルスク州" in variant.note.ja and "Kursk" in variant.note.en
    for entry_id, ja in [("tazan-no-ishi", "他山の石"), ("on-wo-uru", "恩を売る"), ("kusabi-wo-uchikomu", "楔を打ち込む"),
                         ("kaji-wo-kiru", "舵を切る")]:
        assert glossary[entry_id].term.ja == ja
    assert glossary["tsuyu-hodomo"].term.ja.startswith("露ほども")
    for person in ("kellogg", "rubio", "lavrov", "zelensky", "trump"):
        assert glossary[person].group is gl.Group.person


def test_each_section_term_form_occurs_in_the_source_text(glossary):
    """Forms matter: the Japanese expressions are listed as the text writes them."""
    text = (ROOT / "docs" / "ep90").glob("*.md")
    ja_text = "".join(p.read_text(encoding="utf-8") for p in text if not p.name.endswith(".en.md"))
    for entry_id in LANGUAGE_IDS + ["ceasefire-line", "kursk", "nato", "global-south", "wolf-warrior-diplomacy"]:
        assert any(form in ja_text for form in glossary[entry_id].forms("ja")), entry_id


def test_schema_files_match_the_models():
    for name, text in schema_texts().items():
        committed = (ROOT / "quizzes" / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"run: PYTHONPATH=hooks .venv/bin/python -m studykit schema ({name})"
    schema = json.loads(schema_texts()["glossary.schema.json"])
    assert schema["$defs"]["Entry"]["additionalProperties"] is False


def test_data_files_name_their_schema():
    for name in ("glossary", "timeline"):
        first = (DATA / "ep90" / f"{name}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{name}.schema.json"


# --- ordering ------------------------------------------------------------------


def test_japanese_order_is_gojuon_by_reading(glossary):
    entries = glossary.sorted_entries("ja", language_notes=False)
    readings = [e.term.reading for e in entries]
    position = {e.id: i for i, e in enumerate(entries)}
    # seion before dakuon, shorter before longer, katakana terms sorted by their reading
    assert position["ceasefire"] < position["ceasefire-line"] < position["special-envoy"] < position["trump"]
    assert position["nato"] < position["narrative"] < position["japan-russia-relations"]
    assert position["kursk"] < position["global-south"] < position["kellogg"]
    rows = [gl.initial(e, "ja") for e in entries]
    row_order = [r for r, _ in gl.GOJUON_ROWS]
    assert rows == sorted(rows, key=row_order.index), readings


def test_english_order_is_alphabetical_people_by_family_name(glossary):
    entries = glossary.sorted_entries("en", language_notes=False)
    keys = [gl.sort_key(e, "en")[0] for e in entries]
    assert keys == sorted(keys)
    ids = [e.id for e in entries]
    assert ids.index("kellogg") < ids.index("kursk") < ids.index("lavrov") < ids.index("munich-security-conference")
    assert gl.initial(glossary["zelensky"], "en") == "Z"


# --- validation errors -----------------------------------------------------------

GOOD_ENTRY = """\
  - id: {id}
    group: concept
    term: {{ja: 停戦ライン{n}, reading: ていせんらいん, en: ceasefire line {n}}}
    short: {{ja: 短い定義, en: short}}
    explanation: {{ja: 説明, en: explanation}}
"""


def write_glossary(tmp_path: Path, body: str, episode: str = "ep1") -> Path:
    folder = tmp_path / "quizzes" / episode
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "glossary.yml"
    path.write_text(body, encoding="utf-8")
    return path


def errors(tmp_path: Path) -> list[str]:
    with pytest.raises(StudyDataError) as info:
        gl.load_glossaries(tmp_path / "quizzes", root=tmp_path)
    return str(info.value).splitlines()


def test_a_good_file_loads(tmp_path):
    write_glossary(tmp_path, "entries:\n" + GOOD_ENTRY.format(id="a", n=1) + GOOD_ENTRY.format(id="b", n=2))
    assert gl.load_glossaries(tmp_path / "quizzes", root=tmp_path).ids == {"a", "b"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1) + "    colour: blue\n",
         "quizzes/ep1/glossary.yml:7:5: entries[0].colour: unknown field"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1).replace(", en: short", ""),
         "quizzes/ep1/glossary.yml:5:5: entries[0].short.en: field required"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1).replace("reading: ていせんらいん", "reading: テイセン"),
         "quizzes/ep1/glossary.yml:4:24: entries[0].term.reading: must be written in hiragana"),
        ("entries:\n" + GOOD_ENTRY.format(id="Bad_Id", n=1),
         "quizzes/ep1/glossary.yml:2:5: entries[0].id: must be lower-case words joined by hyphens"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1) + GOOD_ENTRY.format(id="a", n=2),
         "quizzes/ep1/glossary.yml:7:5: entries[1].id: duplicate id 'a' (first at quizzes/ep1/glossary.yml:2)"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1) + "    related: [nowhere]\n",
         "quizzes/ep1/glossary.yml:7:15: entries[0].related[0]: unknown glossary id 'nowhere'"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1) + GOOD_ENTRY.format(id="b", n=1),
         "quizzes/ep1/glossary.yml:9:5: entries[1].term: ja form '停戦ライン1' also belongs to 'a'; a form must name one entry"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1) + "    link: {url: 'http://example.org', label: {ja: x, en: y}}\n",
         "quizzes/ep1/glossary.yml:7:12: entries[0].link.url: must be an https:// address"),
        ("entries:\n  - id: a\n    term: {ja: x\n",
         "quizzes/ep1/glossary.yml:4:1: YAML syntax error"),
        ("", "quizzes/ep1/glossary.yml:1:1: file is empty"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1).replace("短い定義", "'  '"),
         "quizzes/ep1/glossary.yml:5:13: entries[0].short.ja: must not be empty"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1).replace("en: explanation", "en: ' '"),
         "quizzes/ep1/glossary.yml:6:27: entries[0].explanation.en: must not be empty"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1).replace("ja: 停戦ライン1,", "ja: ' ',"),
         "quizzes/ep1/glossary.yml:4:12: entries[0].term.ja: must not be empty"),
        ("entries:\n" + GOOD_ENTRY.format(id="a", n=1).replace("reading: ていせんらいん", "reading: ''"),
         "quizzes/ep1/glossary.yml:4:24: entries[0].term.reading: must not be empty"),
    ],
    ids=["unknown-field", "missing-field", "reading-not-hiragana", "bad-id", "duplicate-id", "unknown-related",
         "shared-form", "http-link", "yaml-syntax", "empty", "blank-short", "blank-explanation", "blank-term",
         "blank-reading"],
)
def test_bad_glossary_files_give_located_errors(tmp_path, body, expected):
    write_glossary(tmp_path, body)
    lines = errors(tmp_path)
    assert any(line.startswith(expected) for line in lines), lines
    assert all(re.match(r"^quizzes/ep1/glossary\.yml:\d+:\d+: ", line) for line in lines), lines


def test_duplicate_ids_across_episodes_are_errors(tmp_path):
    write_glossary(tmp_path, "entries:\n" + GOOD_ENTRY.format(id="a", n=1), "ep1")
    write_glossary(tmp_path, "entries:\n" + GOOD_ENTRY.format(id="a", n=2), "ep2")
    assert errors(tmp_path) == ["quizzes/ep2/glossary.yml:2:5: entries[0].id: duplicate id 'a' (first at quizzes/ep1/glossary.yml:2)"]


def test_parsed_files_are_cached_until_they_change(tmp_path):
    path = write_glossary(tmp_path, "entries:\n" + GOOD_ENTRY.format(id="a", n=1))
    first = gl.cached_glossaries(tmp_path / "quizzes", root=tmp_path)
    assert gl.cached_glossaries(tmp_path / "quizzes", root=tmp_path) is first
    path.write_text("entries:\n" + GOOD_ENTRY.format(id="b", n=1) + GOOD_ENTRY.format(id="c", n=2), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    second = gl.cached_glossaries(tmp_path / "quizzes", root=tmp_path)
    assert second is not first and second.ids == {"b", "c"}


# --- timeline ------------------------------------------------------------------------


def test_timeline_has_the_events_with_factual_dates(glossary):
    model = tl.load_timeline(DATA / "ep90" / "timeline.yml", "quizzes/ep90/timeline.yml", glossary_ids=glossary.ids)
    by_id = {e.id: e for e in model.events}
    assert model.as_of == "2025-02-27"
    assert by_id["crimea-2014"].date.startswith("2014")
    assert by_id["invasion-2022"].date == "2022-02-24"
    assert by_id["kursk-2024"].date.startswith("2024-08")
    assert by_id["us-election-2024"].date == "2024-11-05"
    assert by_id["inauguration-2025"].date == "2025-01-20"
    assert (by_id["munich-2025"].date, by_id["munich-2025"].end) == ("2025-02-14", "2025-02-16")
    assert by_id["riyadh-talks"].date == "2025-02-18"
    target = by_id["ceasefire-target"]
    assert (target.date, target.kind) == ("2025-04-20", tl.Kind.target)
    # Only targets may be dated after as_of: loading refuses the rest (test_bad_timelines_give_located_errors).


TIMELINE = """\
as_of: 2025-02-27
events:
  - id: ok
    date: 2025-02-18
    title: {ja: あ, en: a}
    text: {ja: あ, en: a}
"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("  - id: late\n    date: 2025-03-01\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:8:5: events[1].date: after the document's date 2025-02-27; only a target (kind: target) may be later"),
        ("  - id: late\n    date: 2025-02-20\n    end: 2025-03-02\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:9:5: events[1].end: after the document's date 2025-02-27; only a target (kind: target) may be later"),
        ("  - id: t\n    date: 2025-04-20\n    kind: target\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:7:5: events[1]: a target needs 'stated'"),
        ("  - id: t\n    date: 2025-04-20\n    kind: target\n    stated: 2025-03\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:10:5: events[1].stated: after the document's date 2025-02-27"),
        ("  - id: e\n    date: 2025-02-20\n    end: 2025-02-19\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:9:5: events[1].end: is before the event's date 2025-02-20"),
        ("  - id: bad\n    date: '2025-02-30'\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:8:5: events[1].date: not a real date"),
        ("  - id: g\n    date: 2025-02\n    glossary: [nowhere]\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:9:16: events[1].glossary[0]: unknown glossary id 'nowhere'"),
        ("  - id: bad\n    date: 2025-02-30\n    title: {ja: あ, en: a}\n    text: {ja: あ, en: a}\n",
         "quizzes/ep1/timeline.yml:8:11: events[1].date: invalid value: day is out of range for month"),
    ],
    ids=["after-as-of", "end-after-as-of", "target-without-stated", "target-stated-late", "end-before-date", "impossible-date",
         "unknown-glossary-id",
         "impossible-yaml-date"],
)
def test_bad_timelines_give_located_errors(tmp_path, extra, expected):
    path = tmp_path / "timeline.yml"
    path.write_text(TIMELINE + extra, encoding="utf-8")
    with pytest.raises(StudyDataError) as info:
        tl.load_timeline(path, "quizzes/ep1/timeline.yml", glossary_ids=frozenset({"crimea"}))
    assert any(line.startswith(expected) for line in str(info.value).splitlines()), str(info.value)


# --- linker ---------------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def link(html: str, forms: dict[str, str], language: str = "ja"):
    return link_terms(html, TermMatcher(forms, language), href=lambda i: f"g/#{i}", tip=lambda i: f"def {i}")


def test_japanese_terms_match_inside_running_text_first_occurrence_only():
    html = "<p>ロシア占領地との間の「停戦ライン」の監視と停戦監視のため、停戦ラインを守る。</p>"
    out, linked = link(html, {"停戦ライン": "ceasefire-line", "停戦": "ceasefire"})
    assert linked == ["ceasefire-line", "ceasefire"]
    assert out.count('data-ss-term="ceasefire-line"') == 1 and out.count('data-ss-term="ceasefire"') == 1
    assert ('「<a class="ss-term" href="g/#ceasefire-line" data-ss-term="ceasefire-line" data-ss-tip="def ceasefire-line">'
            '停戦ライン</a>」') in out
    assert text_of(out) == text_of(html)


def test_longest_form_wins():
    out, linked = link("<p>国際的停戦監視部隊に参加し、停戦監視部隊を送る。</p>",
                       {"国際的停戦監視部隊": "force", "停戦監視部隊": "force", "停戦": "ceasefire"})
    assert linked == ["force"]
    assert ">国際的停戦監視部隊</a>" in out


def test_no_links_in_headings_links_code_pre_or_titles():
    html = (
        '<h1 id="x">停戦ライン</h1><h3>停戦ライン</h3><p><a href="#">停戦ライン</a> <code>停戦ライン</code></p>'
        '<pre><code>停戦ライン</code></pre><div class="admonition note"><p class="admonition-title">停戦ライン</p>'
        '<p>本文の停戦ライン。</p></div>'
    )
    out, linked = link(html, {"停戦ライン": "ceasefire-line"})
    assert linked == ["ceasefire-line"]
    assert out.count('class="ss-term"') == 1
    assert '<p>本文の<a class="ss-term"' in out
    assert out.replace(re.search(r'<a class="ss-term"[^>]*>', out)[0], "").replace("停戦ライン</a>。", "停戦ライン。") == html


def test_markup_and_entities_survive_untouched():
    html = '<p class="x" id="p1">A &amp; B <em>NATO</em> &lt;tag&gt; 停戦<br>NATO</p><!-- c -->'
    out, _ = link(html, {"NATO": "nato", "停戦": "ceasefire"})
    assert out.startswith('<p class="x" id="p1">A &amp; B <em><a class="ss-term"')
    assert "&lt;tag&gt;" in out and "<br>" in out and out.endswith("<!-- c -->")
    assert text_of(out) == text_of(html)
    # A bare ampersand (raw HTML) stays as written, not "AT&T;".
    out, linked = link("<p>AT&T 停戦 &amp; R&D&#38;</p>", {"停戦": "ceasefire"})
    assert out.startswith("<p>AT&T <a class=\"ss-term\"") and out.endswith("</a> &amp; R&D&#38;</p>") and linked == ["ceasefire"]


def test_english_matches_whole_words_case_rules_and_plurals():
    forms = {"UN": "un", "ceasefire line": "line", "sanction": "sanctions", "Kursk": "kursk"}
    found = terms_in("<p>UNESCO and the union run; Kursking.</p>", TermMatcher(forms, "en"))
    assert found == []
    out, linked = link("<p>The Ceasefire-line, new sanctions, the UN and Kursk's border.</p>", forms, "en")
    assert linked == ["line", "sanctions", "un", "kursk"]
    assert ">Ceasefire-line</a>" in out and ">sanctions</a>" in out and ">Kursk</a>'s" in out


def test_english_gloss_of_a_language_note_is_not_matched(glossary):
    assert "tazan no ishi" not in glossary.forms["en"]
    assert glossary.forms["ja"]["他山の石"] == "tazan-no-ishi"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_first_character_guards_find_exactly_what_the_plain_alternation_finds(glossary, monkeypatch, language):
    """The guards (and the English grouping by first letter) are only a speed-up: on every section
    page the matches are the same as those of the plain alternation of all forms."""
    from studykit.annotate import linker
    from studykit.docs import load_section, section_refs

    forms = glossary.forms[language]
    guarded = TermMatcher(forms, language)
    assert guarded._regex.pattern.startswith("(?=" if language == "ja" else r"(?<![\w])(?=")
    guards = guarded._regex.pattern.count("(?=")
    assert guards == 1 if language == "ja" else guards > 10  # en: one more guard per first letter
    monkeypatch.setattr(linker, "_first_char_guard", lambda *args: "")
    monkeypatch.setattr(linker, "_by_first_letter", lambda forms, alternatives, language: "(?:" + "|".join(alternatives) + ")")
    plain = TermMatcher(forms, language)
    texts = [load_section(ROOT / "docs", ref, lang).html for ref in section_refs(ROOT / "docs") for lang in ("ja", "en")]
    texts.append("Kursk KURSK kursk ＮＡＴＯ nato NATO un UN")  # case rules: caseless forms, exact-case acronyms
    found = [list(guarded.finditer(text)) for text in texts]
    assert found == [list(plain.finditer(text)) for text in texts]
    assert sum(map(len, found)) > 50


def test_a_form_starting_with_a_separator_turns_the_guard_off():
    from studykit.annotate.linker import _first_char_guard

    assert _first_char_guard(["-ish", "NATO"], "en") == ""
    assert _first_char_guard(["NATO", "sanction"], "en") == "(?=(?i:[s])|[N])"
    out, linked = link("<p>a -ish b</p>", {"-ish": "x"}, "en")
    assert linked == ["x"]
