"""Date labels in both languages: 2025年2月18日 / 18 February 2025, partial dates and ranges."""

from __future__ import annotations

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def date_label(value: str, language: str) -> str:
    parts = [int(p) for p in value.split("-")]
    if language == "ja":
        return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日")))
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS_EN[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {MONTHS_EN[parts[1] - 1]} {parts[0]}"


def range_label(start: str, end: str | None, language: str) -> str:
    if not end:
        return date_label(start, language)
    a, b = start.split("-"), end.split("-")
    if language == "ja" and len(a) == len(b) == 3 and a[:2] == b[:2]:
        return f"{date_label(start, 'ja')}〜{int(b[2])}日"
    if language == "en" and len(a) == len(b) == 3 and a[:2] == b[:2]:
        return f"{int(a[2])}–{date_label(end, 'en')}"
    sep = "〜" if language == "ja" else " – "
    return f"{date_label(start, language)}{sep}{date_label(end, language)}"
