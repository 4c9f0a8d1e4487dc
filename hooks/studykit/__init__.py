"""Content core of the study site: models, loading and rendering.

Nothing in this package imports MkDocs, so it can be tested alone and moved to
another static site generator.
"""
