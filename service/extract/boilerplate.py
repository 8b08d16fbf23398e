"""Site furniture that is not news: subscription pitches, "is your source for", share/follow lines, copyright.

Boilerplate is blanked with spaces rather than cut out, so that the text spaCy sees has exactly the
body's length and every offset we report still indexes the body as received.
"""

from __future__ import annotations

import re

from service.extract.stems import led_by

#: Phrases that only appear in promotional or navigational lines. Two weak ones or one strong one make a
#: line boilerplate; a single weak cue ("newsletter") can appear in real reporting.
_STRONG = led_by(
    r"itscafdrgj©b",
    re.compile(
        r"\b(?:is\s+your\s+(?:source|home|destination)\s+for|to\s+receive\s+(?:daily\s+|free\s+)?(?:email|e-mail|news)"
        r"|sign\s+up\s+(?:for|to)\s+(?:our|the)|subscribe\s+(?:to|now|today)|click\s+here|all\s+rights\s+reserved"
        r"|follow\s+us\s+on|download\s+(?:our|the)\s+app|read\s+more\s*:|related\s+articles?\s*:|advertisement\s*$"
        r"|get\s+the\s+latest\s+[\w\s,]{0,40}\bnews|join\s+\S+\s+to\s+receive|copyright\s+©|©\s*\d{4}"
        r"|share\s+this\s+(?:article|story)|this\s+story\s+has\s+been\s+published\s+from\s+a\s+wire"
        r"|brings\s+you\s+(?:all\s+)?(?:the\s+)?(?:latest\s+)?[\w\s]{0,30}\bnews\b)",
        re.IGNORECASE,
    ),
)
_WEAK = re.compile(
    r"\b(?:newsletter|breaking\s+news|email\s+alerts|subscribe|unsubscribe|cookies?|privacy\s+policy"
    r"|terms\s+of\s+use|\w+\.com\b|telegram\s+channel)",
    re.IGNORECASE,
)
#: Self-promotion and comment/registration furniture news pages carry inside their single paragraph.
_PROMO = led_by(
    r"wmfbcnt",
    re.compile(
        r"\b(?:watch\s+for\s+updates|monitor\s+\S+(?:\s+\S+){0,4}\s+for\s+updates|following\s+this\s+story\s+on"
        r"|before\s+you\s+post|frequently\s+asked\s+questions|follow\s+@\w+|contact\s+the\s+homicide\s+report"
        r"|no\s+email\s+address\s+was\s+supplied|to\s+complete\s+your\s+registration"
        r"|may\s+not\s+be\s+published,\s+broadcast|feedback,\s+corrections)",
        re.IGNORECASE,
    ),
)
#: A site named by its domain: a sentence naming it right after a boilerplate sentence continues the
#: pitch ("Sign up to X.com for alerts. X.com covers politics and sport from ...").
_SITE = re.compile(r"\b[\w-]+\.(?:com|net|org|news|co\.[a-z]{2}|com\.[a-z]{2})\b", re.IGNORECASE)
#: A footer: everything from a copyright line to the end of the paragraph is furniture.
_FOOTER = led_by(r"sc©a", re.compile(r"(?:\bstory\s+)?(?:\bcopyright\b|©)|\ball\s+rights\s+reserved", re.IGNORECASE))
_PARAGRAPH = re.compile(r"[^\n]+")
#: A line this short that is mostly furniture is all furniture ("Share this story | Follow us on X").
SHORT_LINE = 200
#: Sentence ends inside a long paragraph (a full stop after a word of two or more letters, so that
#: initials and "St." rarely split; good enough for locating furniture).
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[\"“A-Z(@©])")


def boilerplate_spans(body: str) -> list[tuple[int, int]]:
    r"""Character ranges of `body` that are site boilerplate (whole lines, or sentences of a long line).

    Examples:
        >>> boilerplate_spans("Police said two men were hurt. Follow us on Twitter.")
        [(31, 52)]

    """
    spans = []
    for line in _PARAGRAPH.finditer(body):
        text = line.group()
        if not (_STRONG.search(text) or _WEAK.search(text) or _PROMO.search(text) or _FOOTER.search(text)):
            continue  # most news paragraphs: no cue at all, no sentence splitting
        sentences = _sentences(body, line.start(), line.end())
        if len(text) <= SHORT_LINE and (
            len(_WEAK.findall(text)) >= 2 or sentences and sum(b - a for a, b in sentences) * 2 >= len(text.strip())
        ):
            spans.append((line.start(), line.end()))  # a menu or promo line: all of it
        else:
            spans.extend(sentences)
    return spans


def _sentences(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Boilerplate sentences of one long paragraph; a footer runs to the paragraph's end."""
    out: list[tuple[int, int]] = []
    cuts = [start, *(m.end() for m in _SENTENCE_END.finditer(body, start, end)), end]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        text = body[a:b]
        if _FOOTER.search(text) and a - start > (end - start) // 2:
            out.append((a, end))
            break
        follows_pitch = bool(out) and out[-1][1] == a and _SITE.search(text) is not None
        if follows_pitch or _STRONG.search(text) or len(_WEAK.findall(text)) >= 2 or _PROMO.search(text):
            out.append((a, b))
    return out


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
