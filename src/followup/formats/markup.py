"""User text placed in Markdown: shown as written, never as formatting, a link or HTML."""

from __future__ import annotations

import re

# Backslash-escaped wherever they stand: emphasis, code, links and images, raw HTML and
# entities ("&lt;" would show as "<"), tables, strike-through, headings and quotes.
INLINE = re.compile(r"([\\`*_{}\[\]<>#|~&])")
# Significant only at the start of a line, where a value may stand (a name on a line of its
# own): a list item ("- ", "+ ", "1. ", "1) "), a setext heading's underline or a break.
LINE_START = re.compile(r"^([-+=]|\d{1,9}[.)])")


def markdown_text(text: str) -> str:
    """`text` on one line (its white space collapsed), shown as written in Markdown."""
    line = INLINE.sub(r"\\\1", " ".join(text.split()))
    return LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], line)
