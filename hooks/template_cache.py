"""MkDocs hook: the theme's templates compiled once per process, not once per language build.

MkDocs makes a new theme environment for every build, and static-i18n runs a
whole build per language inside the first one (and ``mkdocs serve`` rebuilds),
so every Material template was parsed and compiled again each time: about 0.2 s
CPU of each language build. The environment gets a bytecode cache kept in
memory: a later environment takes the compiled code of an unchanged template
(same file, same source checksum, same compile settings). Through on_env, the
event MkDocs provides for adjusting the theme environment; the rendering itself
is Jinja's own, so the pages are byte-identical.
"""

from __future__ import annotations

from studykit.render.kernel import THEME_BYTECODE


def on_env(env, config, files):
    env.bytecode_cache = THEME_BYTECODE
    return env
