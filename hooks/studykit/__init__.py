"""Content core of the study site, laid out by stage of the data flow.

errors, yamlloc, datafile (leaves) -> models/ (pydantic shapes) -> load/ (files
plus cross-checks) -> docs (the one reader of docs/) and urls -> render/ (marker
-> HTML) -> annotate/ (links and furigana in rendered pages) -> export/ (LMS
files) and publish/ (CSP, search index); site.StudySite ties them together for
the hook, ``python -m studykit`` for the command line.

Nothing in this package imports MkDocs, so it can be tested alone and moved to
another static site generator (tests/test_import_graph.py keeps it so, and
acyclic).
"""
