"""MkDocs hook: the theme's templates compiled once per process, not once per language build.

MkDocs makes a new theme environment for every build, and static-i18n runs a
whole build per language inside the first one (and ``mkdocs serve`` rebuilds),
so every Material template was parsed and compiled again each time: about 0.2 s
CPU of each language build. The environment gets a bytecode cache kept in
memory and in the project's .cache/templates: a later environment, in this
process or the next build, takes the compiled code of an unchanged template
(same file, same source checksum, same Jinja and compile settings). Through on_env, the
event MkDocs provides for adjusting the theme environment; the rendering itself
is Jinja's own, so the pages are byte-identical.
"""

from __future__ import annotations

from pathlib import Path

from studykit.render.kernel import CACHE_DIR, bytecode_cache


def on_env(env, config, files):
    env.bytecode_cache = bytecode_cache(Path(config.config_file_path).parent / CACHE_DIR)
    return env
