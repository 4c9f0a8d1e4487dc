"""An episode's date as readers see it, for every view that shows one."""

from __future__ import annotations

from ..load.timeline import document_date
from ..text.dates import date_label


def as_of_label(site, episode: str, *, language: str, page_path: str) -> str:
    """The episode's date (its timeline's ``as_of``) as a reader writes it: 2025年2月27日, 27 February 2025."""
    return date_label(document_date(site.data_dir, episode, page_path, root=site.root), language)
