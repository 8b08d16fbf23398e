"""Site furniture that is not news: subscription pitches, "is your source for", share/follow lines, copyright.

Boilerplate is blanked with spaces rather than cut out, so that the text spaCy sees has exactly the
body's length and every offset we report still indexes the body as received.
"""

from __future__ import annotations

import re

#: Phrases that only appear in promotional or navigational lines. Two weak ones or one strong one make a
#: line boilerplate; a single weak cue ("newsletter") can appear in real reporting.
_STRONG = re.compile(
    r"\b(?:is\s+your\s+(?:source|home|destination)\s+for|to\s+receive\s+(?:daily\s+|free\s+)?(?:email|e-mail|news)"
    r"|sign\s+up\s+(?:for|to)\s+(?:our|the)|subscribe\s+(?:to|now|today)|click\s+here|all\s+rights\s+reserved"
    r"|follow\s+us\s+on|download\s+(?:our|the)\s+app|read\s+more\s*:|related\s+articles?\s*:|advertisement\s*$"
    r"|get\s+the\s+latest\s+[\w\s,]{0,40}\bnews|join\s+\S+\s+to\s+receive|copyright\s+©|©\s*\d{4}"
    r"|share\s+this\s+(?:article|story)|this\s+story\s+has\s+been\s+published\s+from\s+a\s+wire)",
    re.IGNORECASE,
)
_WEAK = re.compile(
    r"\b(?:newsletter|breaking\s+news|email\s+alerts|subscribe|unsubscribe|cookies?|privacy\s+policy"
    r"|terms\s+of\s+use|\w+\.com\b|telegram\s+channel)",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"[^\n]+")


def boilerplate_spans(body: str) -> list[tuple[int, int]]:
    r"""Character ranges of `body` that are site boilerplate (whole lines).

    Examples:
        >>> boilerplate_spans("Fighting resumed.\\nSubscribe to our newsletter for more.")
        [(18, 54)]

    """
    spans = []
    for line in _PARAGRAPH.finditer(body):
        text = line.group()
        if _STRONG.search(text) or len(_WEAK.findall(text)) >= 2:
            spans.append((line.start(), line.end()))
    return spans


def mask(body: str, spans: list[tuple[int, int]]) -> str:
    """`body` with every span replaced by spaces (same length, same offsets)."""
    if not spans:
        return body
    parts = []
    cursor = 0
    for start, end in spans:
        parts.append(body[cursor:start])
        parts.append(" " * (end - start))
        cursor = end
    parts.append(body[cursor:])
    return "".join(parts)
