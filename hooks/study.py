"""MkDocs hooks for the study site: event functions and marker dispatch only.

The content logic (models, loading, rendering) lives in the ``studykit``
package beside this file, which never imports MkDocs. A page asks for generated
content with a marker line such as ``<!-- study:quiz ep90/us-stance -->``; an
unknown marker fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.errors import StudyDataError
from studykit.site import StudySite

MARKER = re.compile(r"^<!--\s*study:(?P<kind>[\w-]+)(?:\s+(?P<arg>[^\s>]+))?\s*-->\s*$", re.M)

_site: StudySite | None = None


def _study(config) -> StudySite:
    global _site
    root = Path(config.config_file_path).parent
    if _site is None or _site.root != root:
        _site = StudySite(root)
    return _site


# static-i18n (-100) warns about navigation.instant in on_config, which fails
# --strict. Switch it on after static-i18n has run (-200) and off again before
# static-i18n starts the next language's build from its on_post_build (-100).
@event_priority(-200)
def on_config(config):
    features = config.theme.setdefault("features", [])
    if "navigation.instant" not in features:
        features.append("navigation.instant")
    return config


@event_priority(0)
def on_post_build(config):
    features = config.theme.get("features", [])
    if "navigation.instant" in features:
        features.remove("navigation.instant")


# Early, so marker output is in the Markdown before static-i18n and search see it.
@event_priority(50)
def on_page_markdown(markdown: str, page, config, files):
    site = _study(config)
    language = config.theme["language"]

    def replace(match: re.Match) -> str:
        kind, arg = match["kind"], match["arg"]
        try:
            rendered = site.render_marker(kind, arg, language=language, page_path=page.file.src_uri)
        except StudyDataError as error:
            raise PluginError(str(error)) from None
        if rendered is None:
            raise PluginError(f"{page.file.src_uri}: unknown study marker '{match[0].strip()}'")
        for asset in rendered.assets:
            page.meta.setdefault("study_assets", [])
            if asset not in page.meta["study_assets"]:
                page.meta["study_assets"].append(asset)
        return rendered.html

    return MARKER.sub(replace, markdown)
