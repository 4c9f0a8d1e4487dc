#!/usr/bin/env python3
"""Build a synthetic 100-episode version of the site, to measure search as the series grows.

Copies the project into a temporary folder, adds 99 more episodes (ep01 … ep100,
without ep90) made from episode 90's contents and section pages in both languages,
and builds it with ``mkdocs build --strict`` (the site's own hooks, so the search
index is built exactly as for the real site). Each synthetic episode gets its own
words: kanji and katakana are substituted through a per-episode permutation of the
characters the real pages use, and English content words through a per-episode
permutation of the real pages' vocabulary. Function words (kana particles, short
English words), punctuation and layout stay as they are, so page sizes and word
counts match episode 90 while the vocabulary grows with every episode, as a
series' would. Study markers are dropped (no quizzes in the synthetic episodes).

    scripts/make_series_site.py --out /tmp/series            # prints the built site's path
    scripts/make_series_site.py --out /tmp/series --project /path/to/other/checkout

The real episode 90 stays as it is, so the benchmark's queries keep their answers.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("docs", "hooks", "overrides", "quizzes", "mkdocs.yml")
PAGES = ("index", "overall-flow", "us-stance", "recurrence-prevention", "europe-too-slow", "china-key",
         "japan-not-behind")
MARKER = re.compile(r"^\s*<!--.*?-->\s*$", re.M)
KANJI = re.compile(r"[\u4e00-\u9fff]")
KATAKANA = re.compile(r"[\u30a1-\u30fa]")
WORD = re.compile(r"\b[A-Za-z]{4,}\b")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


class Cipher:
    """A per-episode substitution of kanji, katakana and English content words."""

    def __init__(self, seed: int, kanji: list[str], katakana: list[str], words: list[str]):
        rng = random.Random(seed)
        self.maps = {}
        for alphabet in (kanji, katakana, words):
            shuffled = alphabet[:]
            rng.shuffle(shuffled)
            self.maps.update(zip(alphabet, shuffled))

    def _word(self, match: re.Match) -> str:
        word = match[0]
        new = self.maps.get(word.lower(), word)
        return new.capitalize() if word[0].isupper() else new

    def text(self, text: str) -> str:
        text = KANJI.sub(lambda m: self.maps.get(m[0], m[0]), text)
        text = KATAKANA.sub(lambda m: self.maps.get(m[0], m[0]), text)
        return WORD.sub(self._word, text)

    def markdown(self, source: str) -> str:
        front = FRONT.match(source)
        head, body = (front[1], source[front.end():]) if front else ("", source)
        head = "\n".join(
            (line.split(":", 1)[0] + ":" + self.text(line.split(":", 1)[1]))
            if line.startswith(("title:", "description:")) else line
            for line in head.splitlines())
        lines = []
        for line in MARKER.sub("", body).splitlines():
            stripped = line.lstrip()
            if stripped.startswith(("{:", "!!!")):
                lines.append(line)
                continue
            targets = LINK_TARGET.findall(line)
            line = LINK_TARGET.sub("\0", line)
            line = self.text(line)
            for target in targets:
                line = line.replace("\0", target, 1)
            lines.append(line)
        return f"---\n{head}\n---\n" + "\n".join(lines) + "\n"


def alphabets(source_dir: Path) -> tuple[list[str], list[str], list[str]]:
    kanji, katakana, words = set(), set(), set()
    for path in source_dir.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        kanji.update(KANJI.findall(text))
        katakana.update(KATAKANA.findall(text))
        words.update(w.lower() for w in WORD.findall(LINK_TARGET.sub("", text)))
    words -= {"title", "description", "search", "boost", "note"}
    return sorted(kanji), sorted(katakana), sorted(words)


def make_project(project: Path, out: Path, episodes: int) -> Path:
    """A copy of ``project`` with ``episodes`` episodes in all (episode 90 and synthetic ones)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in COPIED:
        source = project / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, out / name)
    source_dir = project / "docs" / "ep90"
    kanji, katakana, words = alphabets(source_dir)
    made = 0
    for number in range(1, episodes + 1):
        if made == episodes - 1:
            break
        if number == 90:
            continue
        cipher = Cipher(number, kanji, katakana, words)
        target = out / "docs" / f"ep{number:02d}"
        target.mkdir()
        for page in PAGES:
            for suffix in (".md", ".en.md"):
                text = (source_dir / f"{page}{suffix}").read_text(encoding="utf-8")
                (target / f"{page}{suffix}").write_text(cipher.markdown(text), encoding="utf-8")
        made += 1
    return out


def build(project: Path, site: Path, site_url: str) -> None:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site)]
    result = subprocess.run(mkdocs, cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build of the synthetic site failed:\n{result.stdout}{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the project copy and its site/")
    parser.add_argument("--project", type=Path, default=ROOT, help="checkout to copy (default: this one)")
    parser.add_argument("--episodes", type=int, default=100)
    parser.add_argument("--site-url", default="http://127.0.0.1:8000/")
    args = parser.parse_args(argv)
    project = make_project(args.project.resolve(), args.out.resolve() / "project", args.episodes)
    site = args.out.resolve() / "site"
    build(project, site, args.site_url)
    print(site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
