"""Page normalisation: what a scraped news page looks like to spaCy, with every offset kept.

Real pages arrive as the scraper saw them: the `<title>` bar glued to the body without a space
("... | Fox 59INDIANAPOLIS, Ind."), publisher branding, an ALL-CAPS dateline with the station's call
letters ("HOLLY HILL, S.C. (WCIV) --"), headline indexes of other stories ("... more »»"), pagination,
copyright footers. `normalise` returns a text of exactly the body's length in which

- non-article text is blanked with spaces: site boilerplate (`boilerplate`), the title bar's branding
  segments, teaser lists, navigation runs, the publisher's call letters in a dateline;
- ALL-CAPS datelines read in title case ("HOLLY HILL" -> "Holly Hill") and a Title Case headline reads
  in sentence case where the body itself writes the word in lower case ("Man Arrested For Shooting At
  Darien Walmart" -> "man arrested for shooting at Darien Walmart"): the small model reads both as
  names otherwise;
- words glued together are listed as `breaks`: offsets where a token must end. The extractor splits
  spaCy's tokens there (`split_tokens`), so "ChroniclePolice" is two tokens while the text, and every
  offset into it, stays the body's.

Same length, same offsets: a span of the normalised text is the same span of the body as received.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.vocab import Vocab

from service.extract.boilerplate import boilerplate_spans
from service.extract.stems import led_by

#: Title-bar separators between the headline and the site's name; " | " and " « " always separate
#: branding, a spaced hyphen or dash only when the segment after it looks like a publisher.
_HARD_SEP = re.compile(r"\s+(?:\||«|::)\s*|\s*\|\s+")
_SOFT_SEP = re.compile(r"\s+[-–—]\s+")
#: Words of publishers' names and their taglines ("News, Weather, Traffic and Sports").
_BRAND = re.compile(
    r"\.com\b|\bNews\b|\bWeather\b|\bSports\b|\bTraffic\b|\bTimes\b|\bChronicle\b|\bHerald\b|\bTribune\b"
    r"|\bGazette\b|\bJournal\b|\bObserver\b|\bEnterprise\b|\bReport\b|\bChannel\b|\bPost\b|\bPress\b"
    r"|\bDaily\b|\bTV\b|-TV\b|\b[KW][A-Z]{2,3}\b|\b(?:CBS|NBC|ABC|FOX|CNN)\b|\bFox\s*\d+",
)
#: Call letters and network names in a dateline's parenthesis are the publisher, not a source;
#: wire services there ("(AP)", "(STMW)") are credits and stay.
_CALL_SIGN = re.compile(r"^(?:[KW][A-Z]{2,3}(?:-TV)?|CBS|NBC|ABC|FOX\d*|CNN|[A-Z0-9]+\.COM)$")
#: An ALL-CAPS dateline: "POWAY, Calif. —", "ST. LOUIS, MO (KTVI) -", "CHICAGO (CBS) —", "DAYTON --".
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]*){0,3})"
    r"(?P<state>,\s*[A-Z][A-Za-z.]{1,12}(?:\s[A-Z][a-z.]+)?)?"
    r"(?P<paren>\s*\((?P<inner>[^()\n]{1,40})\))?"
    r"(?=\s*(?:—|--|–|-|:|\?\?\?))"
)
#: Where a dateline may start besides the article's start and glue points: a line or a sentence.
_SENTENCE_START = led_by(r"\n.!?\dA-Z", re.compile(r"(?:^|[\n.!?]\s+|\d{4}\s+)(?=[A-Z]{2})"))
#: An ALL-CAPS lead-in before a colon ("UPDATE TUESDAY, JANUARY 19: Garland Police have ...").
_CAPS_LEAD = re.compile(r"(?<![A-Z])[A-Z][A-Z'’]{2,}(?:[ ,]+(?:[A-Z][A-Z'’]{2,}|\d{1,4}))+(?=\s*:)")
#: Function words a Title Case headline capitalises ("Man Arrested For Shooting At ...").
_FUNCTION_WORDS = frozenset("a an and as at by for from in into of off on or over the to up with after".split())
#: A teaser of another story ends in "more »" (headline indexes, "related stories" blocks).
_TEASER_END = re.compile(r"\bmore\s*»+", re.IGNORECASE)
#: A label before another story's headline ("Read: ...", "Watch: ...", "Related: ...", "More: ...").
_TEASER_LABEL = re.compile(
    r"\b(?:read(?:\s+more|\s+also)?|also\s+read|watch|related|more|see\s+also)\s*:\s+(?=[A-Z\"“‘'])", re.IGNORECASE
)
#: Labelled headlines follow one another closely, and the last one closes its paragraph.
TEASER_GAP = 150
#: A sentence ends between the labels: the article resumed, the run is not a headline list.
_RUN_STOP = re.compile(r"[.!?][\"”’)]*(?:\s|$)")
#: A teaser cut off mid-word by the scraper ("... and I hope Sen. Sande...").
_TRUNCATED = re.compile(r"[A-Za-z]{2}\.\.\.(?=\s|$)")
#: How local news ends: "call ... at (765) 807-1200." Teasers appended after it are not the article.
_PHONE_END = re.compile(r"\(?\d{3}\)?[ .-]\d{3}-\d{4}\.?(?=\s)")
#: How far before a truncated teaser the article's closing phone number may be.
TEASER_REACH = 800
_SENTENCE_STOP = re.compile(r"[.!?][\"”’)]*\s")
#: A teaser the site itself cut with an ellipsis ("... opened on Monday. Jurors…") right before the
#: article's own ALL-CAPS dateline (rule `page.ellipsis_teaser`): the ellipsis alone is no teaser (quotes and
#: reader comments trail off with one), the dateline after it is what says a new story starts there.
_ELLIPSIS_CUT = re.compile(r"[A-Za-z]{2}(?:…|\.\.\.)(?=\s+[A-Z]{2})")
#: Pagination and menu runs: three or more short items between pipes ("| 1 | 2 | 3 | Search |").
_NAV_RUN = led_by(r"p|", re.compile(r"(?:page:\s*)?(?:\|\s*[^|\n]{0,24}?\s*){3,}\|?"))
#: Glue: a lower-case letter or digit directly before a capital ("NewsBOISE", "TimesMaria",
#: "WTVQ8LEXINGTON"), a slash or an opening parenthesis between words ("Ben Gray/Atlanta", "Sports(Johnny").
_GLUE = led_by(r"A-Z/(", re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[a-z])(?=[/(][A-Z])|(?<=[a-z]/)(?=[A-Z])"))
#: A comma with no space between a word and a number ("Lance Garcia,36;"): the tokenizer keeps "Garcia,36" whole,
#: so the age is read into the name. Both sides of the comma are breaks ("1,000" has no letter before it).
_COMMA_GLUE = re.compile(r"(?<=[a-z]),(?=\d)")
_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_WORD_AFTER = re.compile(r"[A-Za-z]+")
#: A headline is Title Case when most of its longer words are capitalised.
_TITLE_WORD = re.compile(r"[A-Za-z][a-z’']*")


@dataclass(frozen=True, slots=True)
class Page:
    """The body as spaCy should read it (same length) and where glued tokens must be split."""

    text: str
    breaks: tuple[int, ...] = ()
    masked: tuple[tuple[int, int], ...] = ()


def normalise(body: str, title: str | None = None, is_place: Callable[[str], bool] | None = None) -> Page:
    """Normalise one page; `is_place` (a gazetteer check) backs the splitting of glued words."""
    chars = list(body)
    breaks: set[int] = set()
    title = title.rstrip() if title else title
    # Where the article text proper begins (after a title bar glued to the body).
    start = len(title) if title and body.startswith(title) else 0
    masked: list[tuple[int, int]] = list(boilerplate_spans(body, start))
    if title and start:
        headline_end, branding = _title_bar(title)
        masked.extend(branding)
        if not branding:
            breaks.add(start)  # "... in Ceres neighborhoodA 20-year-old man"
        _sentence_case(chars, body, 0, headline_end)
        _recase_dateline(chars, body, 0, headline_end, masked, allow_colon=True)
    masked.extend(_teasers(body, start))
    masked.extend(_truncated_teasers(body, start))
    masked.extend(_ellipsis_teasers(body, start))
    masked.extend(_labelled_teasers(body, start))
    masked.extend(m.span() for m in _NAV_RUN.finditer(body) if m.group().count("|") >= 3)
    breaks.update(_glue(body, is_place))
    # Datelines open the article, a line, a sentence, or follow a glue point ("NewsBOISE, Idaho").
    openings = {start, *breaks, *(m.end() for m in _SENTENCE_START.finditer(body, start))}
    for point in sorted(openings):
        _recase_dateline(chars, body, point, len(body), masked)
    for match in _CAPS_LEAD.finditer(body, start):
        for word in re.finditer(r"[A-Z][A-Z'’]+", match.group()):
            for i in range(match.start() + word.start() + 1, match.start() + word.end()):
                chars[i] = body[i].lower()
    for a, b in masked:
        chars[a:b] = " " * (b - a)
    return Page("".join(chars), tuple(sorted(b for b in breaks if 0 < b < len(body))), tuple(sorted(masked)))


def _title_bar(title: str) -> tuple[int, list[tuple[int, int]]]:
    """(end of the headline, spans of branding) within a title bar."""
    hard = _HARD_SEP.search(title)
    end = hard.start() if hard else len(title)
    segments = [(0, end)]
    cursor = 0
    for sep in _SOFT_SEP.finditer(title, 0, end):
        segments[-1] = (cursor, sep.start())
        segments.append((sep.end(), end))
        cursor = sep.end()
    headline = segments[0]
    if _BRAND.search(title, *headline) and len(title[headline[0] : headline[1]].split()) <= 3:
        return 0, [(0, len(title))]  # the title bar is only the site's name ("NY News - ObserverToday.com")
    kept_end = headline[1]
    for a, b in segments[1:]:
        if _BRAND.search(title, a, b) or len(title[a:b].split()) <= 4 and title[a:b].istitle():
            break
        kept_end = b
    branding = [(kept_end, len(title))] if kept_end < len(title) else []
    return kept_end, branding


def _sentence_case(chars: list[str], body: str, a: int, b: int) -> None:
    """Lower-case the words of a Title Case headline that the body writes in lower case.

    Words the body also capitalises inside a sentence stay: "Man Arrested For Shooting At Darien
    Walmart" keeps Darien and Walmart.
    """
    words = list(_TITLE_WORD.finditer(body, a, b))
    long_words = [w for w in words if len(w.group()) > 3]
    if not long_words or sum(w.group()[0].isupper() for w in long_words) < 0.7 * len(long_words):
        return
    rest = body[b:]
    for word in words:
        text = word.group()
        if not text[0].isupper() or text[1:2].isupper() or word.start() == a:
            continue
        if text.lower() in _FUNCTION_WORDS:
            chars[word.start()] = text[0].lower()
            continue
        if not re.search(rf"\b{re.escape(text.lower())}\b", rest):
            continue
        capitalised = (m.start() for m in re.finditer(rf"\b{re.escape(text)}\b", rest))
        if any(i > 1 and rest[i - 2] not in '.!?\n"“' and rest[i - 1] == " " for i in capitalised):
            continue  # a name the body also capitalises mid-sentence ("Shooting" in "Shooting Range Inc.")
        chars[word.start()] = text[0].lower()


def _recase_dateline(
    chars: list[str], body: str, at: int, limit: int, masked: list[tuple[int, int]], allow_colon: bool = False
) -> None:
    while at < limit and body[at] in " \t":
        at += 1
    match = _DATELINE.match(body, at, limit)
    if match is None:
        return
    place = match.group("place")
    if sum(ch.isalpha() for ch in place) < 3 or (not allow_colon and body[match.end() :].lstrip().startswith(":")):
        return
    for word in re.finditer(r"[A-Z][A-Z'’]+", place):
        w0 = match.start("place") + word.start()
        for i in range(w0 + 1, w0 + len(word.group())):
            chars[i] = body[i].lower()
    if match.group("paren") and _CALL_SIGN.match(match.group("inner").strip()):
        masked.append(match.span("paren"))


def _teasers(body: str, start: int) -> list[tuple[int, int]]:
    """Headline indexes: from the first teaser of a run of two or more to the last "more »"."""
    ends = list(_TEASER_END.finditer(body, start))
    if len(ends) < 2:
        return []
    return [(start, ends[-1].end())]


def _labelled_teasers(body: str, start: int) -> list[tuple[int, int]]:
    """A paragraph that closes on two or more labelled headlines ("Read: X Read: Y Watch: Z"): from the first label.

    Headlines carry no full stop, so a sentence end after the first label means the article went on
    ("More: <headline> [archive] 38 year old King, a model, ...") and nothing is blanked.
    """
    out = []
    labels = list(_TEASER_LABEL.finditer(body, start))
    i = 0
    while i < len(labels):
        j = i
        while j + 1 < len(labels) and labels[j + 1].start() - labels[j].end() <= TEASER_GAP:
            j += 1
        first, last = labels[i], labels[j]
        line_end = body.find("\n", last.end())
        line_end = len(body) if line_end < 0 else line_end
        tail = body[first.end() : line_end]
        if j > i and line_end - last.end() <= TEASER_GAP and "\n" not in body[first.start() : last.start()]:
            if not _RUN_STOP.search(tail.rstrip(".!? \t")):
                out.append((first.start(), line_end))
        i = j + 1
    return out


def _truncated_teasers(body: str, start: int) -> list[tuple[int, int]]:
    """A teaser the scraper cut mid-word: from the article's closing phone number, else its sentence."""
    out = []
    for cut in _TRUNCATED.finditer(body, start):
        phones = list(_PHONE_END.finditer(body, max(start, cut.start() - TEASER_REACH), cut.start()))
        if phones:
            out.append((phones[-1].end(), cut.end()))
            continue
        stops = list(_SENTENCE_STOP.finditer(body, start, cut.start()))
        out.append((stops[-1].end() if stops else start, cut.end()))
    return out


def _ellipsis_teasers(body: str, start: int) -> list[tuple[int, int]]:
    """A teaser cut with an ellipsis before a dateline: from the teaser's own dateline, else the article's start.

    The teaser's span must be short (`TEASER_REACH`): a related story's lead is a sentence or two, and a dateline
    found further back opens the article, not the teaser.
    """
    out = []
    for cut in _ELLIPSIS_CUT.finditer(body, start):
        if not _is_dateline(body, cut.end()):
            continue
        reach = max(start, cut.start() - TEASER_REACH)
        openings = [
            point
            for point in (start, *(m.end() for m in _SENTENCE_START.finditer(body, reach, cut.start())))
            if reach <= point < cut.start() and _is_dateline(body, point)
        ]
        if openings:
            out.append((max(openings), cut.end()))
        elif start >= reach:
            out.append((start, cut.end()))
    return out


def _is_dateline(body: str, at: int) -> bool:
    """An ALL-CAPS dateline opens the text at `at` (after blanks): "COLORADO SPRINGS, Colo. —"."""
    while at < len(body) and body[at] in " \t\n":
        at += 1
    match = _DATELINE.match(body, at)
    return match is not None and sum(ch.isalpha() for ch in match.group("place")) >= 3


def _glue(body: str, is_place: Callable[[str], bool] | None) -> list[int]:
    """Offsets inside a token where two words were glued together."""
    out = []
    for match in _GLUE.finditer(body):
        at = match.start()
        before = body[at - 1]
        if before == "/" or body[at] in "/(":
            out.append(at)  # "Ben Gray/Atlanta Journal-Constitution", "Sports(Johnny Edwards"
            continue
        left = _WORD_BEFORE.search(body, max(0, at - 30), at)
        right = _WORD_AFTER.match(body, at)
        if right is None:
            continue
        left_word = left.group() if left else ""
        right_word = right.group()
        # A publisher word glued to what follows ("NewsBOISE", "TimesMaria", "HeraldSpringfield").
        branded = bool(left_word) and _BRAND.search(left_word) is not None
        # An ALL-CAPS dateline glued to anything ("WTVQ8LEXINGTON", "KSWBPOWAY") or a known place.
        caps_place = len(right_word) >= 4 and right_word.isupper() and is_place is not None and is_place(right_word)
        lower_left = len(left_word) >= 3 and left_word[-3:].islower()
        # Not "SoftBank", "PlayStation", "McDonald": a capitalised word after a lower-case one is a
        # glue point only after a publisher word or before an ALL-CAPS dateline.
        if branded or caps_place or (lower_left and right_word.isupper() and len(right_word) >= 4):
            out.append(at)
    for match in _COMMA_GLUE.finditer(body) if "," in body else ():
        out.extend((match.start(), match.end()))
    return out


def split_tokens(doc: Doc, breaks: tuple[int, ...], vocab: Vocab) -> Doc:
    """`doc` re-tokenised so that no token spans a break (the text is unchanged)."""
    if not breaks:
        return doc
    words: list[str] = []
    spaces: list[bool] = []
    points = sorted(breaks)
    text = doc.text  # Doc.text joins every token on each access: read it once
    i = 0
    for token in doc:
        a, b = token.idx, token.idx + len(token.text)
        while i < len(points) and points[i] <= a:
            i += 1
        cuts = []
        j = i
        while j < len(points) and points[j] < b:
            cuts.append(points[j])
            j += 1
        pieces = [a, *cuts, b]
        for k in range(len(pieces) - 1):
            words.append(text[pieces[k] : pieces[k + 1]])
            spaces.append(bool(token.whitespace_) if k == len(pieces) - 2 else False)
    return Doc(vocab, words=words, spaces=spaces)
