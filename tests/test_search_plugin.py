"""Material's search plugin stays enabled for its header button only; its indexing of
every page is skipped (hooks/search_index.py on_config), since Pagefind does the
searching. Guards that item of the upgrade checklist in requirements.txt: if Material
renames what the hook replaces, the plugin indexes again and this test fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from support import ROOT

# In a fresh process: loading the config imports the hooks, which set up logging.
SCRIPT = """
import json
from types import SimpleNamespace
from material.plugins.search.plugin import SearchIndex
from mkdocs.config import load_config

config = load_config("mkdocs.yml")
config = config.plugins.on_config(config)
search = config.plugins["material/search"]
page = SimpleNamespace(meta={}, content='<h2 id="t">Title</h2><p>Some text</p>', toc=[], url="t/", title="Title")
search.on_page_context({}, page=page, config=config, nav=None)
control = SearchIndex(**search.config)  # the same page, indexed as Material would
control.add_entry_from_context(page)
print(json.dumps({"enabled": search.config.enabled, "entries": len(search.search_index.entries),
                  "control": len(control.entries)}))
"""


def test_material_search_keeps_its_header_button_and_indexes_nothing():
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["enabled"] is True  # Material's header shows the search button only then
    assert found["control"] > 0, "the test page would not be indexed at all: the check below proves nothing"
    assert found["entries"] == 0
