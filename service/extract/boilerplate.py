"""Site furniture that is not news: promotion, share/follow lines, copyright, the publisher's credits.

Promotion is subscription pitches and "is your source for"; credits (`CREDIT_RULES`) are bylines, photo
credits, "X contributed to this report", the writer's contact line and author bios.

Boilerplate is blanked with spaces rather than cut out, so that the text spaCy sees has exactly the
body's length and every offset we report still indexes the body as received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
    r"wmfbcntae",
    re.compile(
        r"\b(?:watch\s+for\s+updates|monitor\s+\S+(?:\s+\S+){0,4}\s+for\s+updates|following\s+this\s+story\s+on"
        r"|before\s+you\s+post|frequently\s+asked\s+questions|follow\s+@\w+|contact\s+the\s+homicide\s+report"
        r"|no\s+email\s+address\s+was\s+supplied|to\s+complete\s+your\s+registration"
        r"|may\s+not\s+be\s+published,\s+broadcast|feedback,\s+corrections"
        r"|about\s+our\s+editorials|editorials\s+(?:are|reflect)\s+the\s+(?:institutional|consensus)"
        r"|members?\s+of\s+the\s+editorial\s+board|editorial\s+board\s+members?\b)",
        re.IGNORECASE,
    ),
)
#: A site named by its domain: a sentence naming it right after a boilerplate sentence continues the
#: pitch ("Sign up to X.com for alerts. X.com covers politics and sport from ...").
_SITE = re.compile(r"\b[\w-]+\.(?:com|net|org|news|co\.[a-z]{2}|com\.[a-z]{2})\b", re.IGNORECASE)
#: A footer: everything from a copyright line to the end of the paragraph is furniture.
_FOOTER = led_by(
    r"sc©a",
    re.compile(
        r"(?:\bstory\s+)?(?:\bcopyright\b|©)|\ball\s+rights\s+reserved|\babout\s+our\s+editorials", re.IGNORECASE
    ),
)
_PARAGRAPH = re.compile(r"[^\n]+")
#: A line this short that is mostly furniture is all furniture ("Share this story | Follow us on X").
SHORT_LINE = 200
#: Sentence ends inside a long paragraph (a full stop after a word of two or more letters, so that
#: initials and "St." rarely split; good enough for locating furniture).
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[\"“A-Z(@©])")

#: Where a credit line opens: the start of the body or a line, or after a sentence's end.
_OPENS = r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’)]\s))"
#: Words of a credit's name: capitalised, initials and particles allowed ("Mary-Jo O'Neil", "J.").
_NAME = r"(?:[A-Z][\w'’.-]*\s+){1,4}"
#: A photographer's name in a photo credit: two or three capitalised words ("Felix Ramos", "Ann Lee").
_CAPS_NAME = r"[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){1,2}"
#: A word of a credited name or agency: an initial ("J.") or a capitalised word without a full stop, so that
#: a credit ends at its sentence's end ("Picture: Jane Doe. Police said ...").
_CREDIT_WORD = r"(?:[A-Z]\.|[A-Z][\w&'’-]*)"
#: Ranks and agencies of a tip line ("Contact Det. Ana Ramos at ...", "call Crime Stoppers"): the
#: article's own text, never a credit (the labelling keeps tip lines' officers and agencies).
_TIP_LINE = re.compile(
    r"\b(?:police|detectives?|det\.|sgt\.|sergeant|officer|sheriff|deputy|crime\s+stoppers|tips?)\b", re.I
)
#: A contact that is the writer's own: an address, a handle, a social network, or nothing (cut off).
_WRITER_CONTACT = re.compile(r"@|\be-?mail\b|\btwitter\b|\bfacebook\b|\binstagram\b|\b(?:at|on|via)\s*$", re.I)
#: How close to the end of the body a closing credit must be (a bio sentence, a signature, a bio box):
#: pages close with them; the same words earlier on are the article's ("a reporter for the Times").
TAIL_CHARS = 300

Reach = Literal["match", "sentence", "paragraph"]
Where = Literal["anywhere", "head", "tail"]


@dataclass(frozen=True, slots=True)
class CreditRule:
    """One shape of the publisher's credits: the labelling leaves credits out, like a footer.

    `reach`: how much a match blanks (the match, its sentence, or to the end of its paragraph);
    `where`: where it may stand (the article's opening, its last `TAIL_CHARS`, anywhere). A pattern
    with a group `name` (an ALL-CAPS heading) only matches when the blanked text names it again in
    Title Case ("OLIVE BURROWS With a decade ..., Olive Burrows has been with ..."); a group `credit`
    is the only part blanked. `cue`: what every match contains, searched first (far cheaper than a
    pattern that tries a sentence opening at every position; most pages have no credit at all).
    `writer_contact`: the credit is a contact line, kept only when the contact is the writer's own (an
    address or a handle, not a tip line's officer).
    """

    id: str
    pattern: re.Pattern[str]
    reach: Reach
    where: Where
    note: str
    cue: re.Pattern[str] | None = None
    writer_contact: bool = False


CREDIT_RULES: tuple[CreditRule, ...] = (
    CreditRule(
        "credit.photo",
        re.compile(r"\((?:image|photo|picture|pic|photograph|credit)s?\s*:\s*[^()\n]{1,60}\)", re.I),
        "match",
        "anywhere",
        'a parenthesised photo credit: "(Image: Getty)", "(Photo: Jane Doe)"',
    ),
    CreditRule(
        "credit.photo.agency",
        re.compile(
            # "Felix Ramos AP Photo", "AP Photo/Felix Ramos": an agency's initials before "Photo"
            r"(?<![\w'’-])(?:" + _CAPS_NAME + r"\s+)?[A-Z]{2,5}\s+Photos?\b(?:\s*/\s*" + _CAPS_NAME + r")?"
            # "(Beacon-News Photo/Ann Lee)": an outlet, "Photo", a slash and the photographer
            rf"|(?<![\w'’-]){_CREDIT_WORD}(?:\s{_CREDIT_WORD}){{0,2}}\s+Photos?\s*/\s*" + _CAPS_NAME +
            # "Photo: AFP", "Picture: Jane Doe/Reuters", "Photo by Jane Doe", "Photo courtesy of the Valley Post"
            r"|\b(?:Photo(?:graph)?|Picture|Pic)s?(?:\s*:|\s+by|\s+courtesy(?:\s+of)?)\s+(?:the\s+)?"
            rf"{_CREDIT_WORD}(?:\s+{_CREDIT_WORD}){{0,2}}(?:\s*/\s*{_CREDIT_WORD}(?:\s+{_CREDIT_WORD})?)?"
        ),
        "match",
        "anywhere",
        'a photo credit outside parentheses: "Ana Ruiz AP Photo", "AP Photo/Ana Ruiz", "Photo: AFP", "Picture:'
        ' Jane Doe/Reuters", "(Beacon-News Photo/Ann Lee)"',
        cue=re.compile(r"\b(?:Photo|Pic)"),
    ),
    CreditRule(
        "credit.contributed",
        re.compile(
            _OPENS
            + r"[^.!?\n]{0,160}?(?:\b(?:writers?|reporters?|correspondents?|staff|Press)\b|[A-Z][a-z]+\s+[A-Z][a-z]+)"
            r"[^.!?\n]{0,80}?\bcontributed(?:\s+reporting)?(?:\s+to\s+(?:this|the)\s+(?:report|story|article))?"
            r"(?:\s+(?:from|in)\s+[A-Z][\w'’ .-]{0,40}?)?\s*\.(?=\s|$)",
            re.M,
        ),
        "match",
        "anywhere",
        '"Associated Press writer X contributed to this report.", "Tribune reporters X and Y contributed."',
        cue=re.compile(r"\bcontributed\b"),
    ),
    CreditRule(
        "credit.reporting_by",
        re.compile(
            r"\((?:additional\s+)?(?:reporting|writing|editing)\s+by\s+[^()\n]{1,200}\)"
            r"|(?:additional\s+)?(?:reporting|writing|written)\s+by\s+[^;,.\n]{1,80}[;,]\s*(?:writing|editing|edited)"
            r"\s+by\s+[^.\n]{1,80}\.?",
            re.I,
        ),
        "match",
        "anywhere",
        'a wire\'s credit line: "(Reporting by X; Editing by Y)", "Written by X, Editing by Y."',
        cue=re.compile(r"(?:reporting|writing|editing)\s+by", re.I),
    ),
    CreditRule(
        "credit.contact.reach",
        re.compile(
            _OPENS + r"(?:Reach|Follow|(?:Contact|E-?mail|Write\s+to)\s+the\s+(?:writer|reporter|author|columnist)\b)"
            r"[^.!?\n]{0,120}",
            re.M,
        ),
        "sentence",
        "anywhere",
        '"Reach X on Twitter at @x", "Follow X on Twitter", "Contact the writer at ..." (a writer\'s contact only)',
        cue=re.compile(r"Reach|Follow|Contact|E-?mail|Write"),
        writer_contact=True,
    ),
    CreditRule(
        "credit.contact.reachable",
        re.compile(
            _OPENS + r"(?:" + _NAME + r"|(?:He|She|They)\s+)(?:can|may)\s+be\s+(?:reached|contacted)\b",
            re.M,
        ),
        "sentence",
        "anywhere",
        '"Staff writer X can be reached by e-mail at ...", "He can be contacted at" (no phone: a tip line stays)',
        cue=re.compile(r"\bbe\s+(?:reached|contacted)\b"),
        writer_contact=True,
    ),
    CreditRule(
        "credit.bio.column",
        re.compile(
            _OPENS + _NAME + r"(?:(?:writes|edits)\s+(?:the\s+|a\s+)?[^.!?\n]{0,60}?\b(?:column|blog|newsletter)\b"
            r"|is\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:columnist|contributor|contributing\s+(?:writer|editor)"
            r"|correspondent|reporter|journalist|editor|writer)\s+(?:for|at|with)\b)",
            re.M,
        ),
        "sentence",
        "tail",
        'an author\'s bio at the end: "X writes the Y column for Z.", "X is a freelance writer for Y."',
        cue=re.compile(r"column|blog|newsletter|contribut|correspondent|reporter|journalist|editor|writer"),
    ),
    CreditRule(
        "credit.signature",
        re.compile(_OPENS + r"[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z.'’-]*){1,3}\.?(?=\s*\Z)", re.M),
        "match",
        "tail",
        'the writer\'s name in capitals closing the page: "... a Correctional facility. JANE MARIE DOE."',
        cue=re.compile(r"[A-Z'’-]\.*\s*\Z"),
    ),
    CreditRule(
        "credit.bio.box",
        re.compile(r"^(?P<name>[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){1,2})\s+(?=[A-Z][a-z])", re.M),
        "paragraph",
        "tail",
        'an author box closing the page: "OLIVE BURROWS With a decade of ..., Olive Burrows has been with ..."',
    ),
    CreditRule(
        "credit.reported_from",
        re.compile(
            _OPENS + rf"(?P<credit>{_CREDIT_WORD}(?:\s{_CREDIT_WORD}){{0,2}}(?:\s+and\s+{_CREDIT_WORD}"
            rf"(?:\s{_CREDIT_WORD}){{0,2}})?)\s+reported\s+from\s+[A-Z][^.!?\n]{{0,40}}\.",
            re.M,
        ),
        "match",
        "tail",
        'where the writers reported from, closing the page: "Wong reported from Beijing." (the place stays)',
        cue=re.compile(r"\breported\s+from\b"),
    ),
    CreditRule(
        "credit.byline.place",
        re.compile(
            r"(?P<credit>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\s*,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\.(?=\s+[A-Z])"
        ),
        "match",
        "head",
        'a byline opening the article: "Jane Doe, Owerri. Vice Chancellor of ..." (no verb: not a sentence);'
        " its place stays, like a dateline's",
    ),
)


def credit_spans(body: str, start: int = 0) -> list[tuple[str, int, int]]:
    """(rule id, start, end) of every credit in `body`; the article proper begins at `start`.

    Examples:
        >>> credit_spans("Two men were hurt. (Image: Jane Doe) Police said.")
        [('credit.photo', 19, 36)]

    """
    out = []
    end_of_body = len(body.rstrip())
    for rule in CREDIT_RULES:
        if rule.cue is not None and not rule.cue.search(body, start):
            continue
        if rule.where == "head":
            m = rule.pattern.match(body, start + len(body[start:]) - len(body[start:].lstrip()))
            matches = [m] if m else []
        else:
            matches = list(rule.pattern.finditer(body, start))
        for match in matches:
            a, b = match.span("credit" if "credit" in rule.pattern.groupindex else 0)
            if rule.reach == "sentence":
                a, b = _sentence_around(body, a, b)
            elif rule.reach == "paragraph":
                line_end = body.find("\n", b)
                b = len(body) if line_end < 0 else line_end
            unit = body[a:b]
            if rule.where == "tail" and end_of_body - b > TAIL_CHARS:
                continue
            if "name" in rule.pattern.groupindex and match.group("name").title() not in body[match.end() : b]:
                continue
            if rule.writer_contact and (_TIP_LINE.search(unit) or not _WRITER_CONTACT.search(unit)):
                continue
            out.append((rule.id, a, b))
    return out


def _sentence_around(body: str, a: int, b: int) -> tuple[int, int]:
    """The sentence of the line holding `body[a:b]` that contains it (to the line's end at most)."""
    line_start = body.rfind("\n", 0, a) + 1
    line_end = body.find("\n", b)
    line_end = len(body) if line_end < 0 else line_end
    cuts = [line_start, *(m.end() for m in _SENTENCE_END.finditer(body, line_start, line_end)), line_end]
    start = max(c for c in cuts if c <= a)
    end = min(c for c in cuts if c >= b)
    return start, end


def boilerplate_spans(body: str, start: int = 0) -> list[tuple[int, int]]:
    r"""Character ranges of `body` that are site boilerplate (whole lines, or sentences of a long line).

    Credits (`credit_spans`) are searched from `start`, where the article proper begins.

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
    spans.extend((a, b) for _, a, b in credit_spans(body, start))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` in order, overlapping ones joined (`mask` walks them left to right)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


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
