"""Japanese sentences of a paragraph."""

from __future__ import annotations

import re


def sentences(paragraph: str) -> list[str]:
    """Split at 。, keeping the full stop; a trailing fragment is its own sentence."""
    parts = re.findall(r"[^。]*。|[^。]+$", paragraph)
    return [p for p in (s.strip() for s in parts) if p]
