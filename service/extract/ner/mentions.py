"""Mention candidates from spaCy's spans and the text.

spaCy's spans trimmed, cut at glue points and refined; plus the names spaCy cut or missed (agencies,
state bodies, titled people, credits, located places, acronyms).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span

from service.extract.gazetteer import Geocoder, GeoPlace, fold
from service.extract.geocode.names import AP_STATES, CANADIAN_PROVINCES, COUNTY_LIST_TAIL
from service.extract.ner.given_names import GIVEN_NAMES
from service.extract.ner.lexicon import (
    ACRONYM_DEF,
    ACRONYM_TAIL,
    ACRONYM_THEN_MODEL,
    ACRONYMS,
    ADVERB_WORD,
    AGENCY,
    AGENCY_WORDS,
    AIRLINE_FLIGHT,
    AND_PAIR,
    ARABIC_ARTICLE_AFTER,
    BETWEEN_STREETS,
    BLOCK_BEFORE,
    BODY_WORDS,
    BRACKETED_ACRONYM,
    BROADCAST_CHANNEL,
    CALENDAR_WORDS,
    CALL_ORG,
    CALL_SIGN_NAME,
    CHIEF_OFFICE,
    CHURCH_BODY,
    CLUB_SUFFIX,
    CLUB_SUFFIX_ALONE,
    COMMON_CAPS,
    COUNTRY_BEFORE,
    COUNTY_LIST_NAME,
    CREDIT,
    CUE_TOWN,
    DATELINE_AFTER,
    DATELINE_DASH,
    DATELINE_NAME,
    DESCRIBED_UN_AGENCY,
    DESIGNATOR_AFTER,
    FEATURE_OF_WORDS,
    FLIGHT_NUMBER_AFTER,
    FORCE_THEN_MODEL,
    GENERIC,
    GLUE_CAPITAL,
    GLUE_LOWER,
    IN_SPLIT,
    INITIALS_SKIP,
    INSTITUTION_WORDS,
    INTERNATIONAL_BODIES,
    JOIN_GAP,
    JOINT_SERVICE,
    KNOWN_ORG_KEYS,
    KNOWN_ORG_TEXT,
    LEADING,
    LEADING_ADJECTIVES,
    LEADING_ARTICLES,
    LEADING_COUNTS,
    LEADING_LOWER_WORDS,
    LEGISLATURE,
    LIST_GAP,
    LOCATED,
    LOCATED_ABBREVIATED,
    LONE_STATE,
    LOWER_EDGE,
    NAME_CONNECTORS,
    NAME_NEVER_ENDS,
    NOT_A_NAME,
    NOT_ENTITY,
    NOT_PERSON_WORDS,
    NOT_PLACE_WORDS,
    NUMBERED_PRECINCT,
    OBSERVANCE_TAIL,
    OFFICE_AFTER,
    OPENING_BEFORE,
    ORG_HEAD,
    ORG_HEAD_GENERIC,
    ORG_HEAD_NAME,
    ORG_HEAD_POSTS,
    ORG_NAME_HEADS,
    ORG_WORDS,
    OUTLET_AS_SOURCE,
    PARTICLES,
    PLACE_CLOSE_AFTER,
    PLACE_JOIN,
    PLACE_NAME_TAILS,
    PLACE_PREFIX_BEFORE,
    PLACES_LIST_BEFORE,
    POSSESSIVE_NAME_TAIL,
    POST_AFTER_DESIGNATOR,
    POST_DESIGNATORS,
    RANK_AFTER,
    SCORE_TAIL,
    SECTION_LABEL,
    SHARED_AREA_BEFORE,
    SHORT_NAMES,
    SIDE_DESCRIPTION,
    SLASH_PAIR,
    SPACY_LABEL,
    STACKED_COUNTRY,
    STATE_BODY,
    STATE_BODY_BEFORE,
    STREET,
    STREET_AND,
    STREETS_AFTER,
    SYLLABLE_TAIL,
    TITLE,
    TITLE_BEFORE,
    TITLED_NAME,
    TOWN_FACILITY_TAIL,
    TRAILING,
    TRAILING_TITLE,
    has_org_word,
    org_key,
)
from service.extract.ner.spans import Candidate, Label, find_names, leading_label, looks_like_name, raw_offset
from service.extract.ner.votes import Voter

#: A town the model read as a person or a body counts as a place of a list from this size on: the gazetteer
#: holds many small towns named like surnames ("Clinton", 36,000), few big ones ("Al Ain", 850,000).
LIST_TOWN_POPULATION = 100_000
#: A town after a place cue that the model tagged as nothing counts from this size on (`cue_town_missed`):
#: the gazetteer's towns under it are often words or surnames ("March", "Police", "Obama"), and on the geo
#: tune halves every such miss above it was the town ("Manbij", 99,000; "Colchester", 130,000).
CUE_TOWN_POPULATION = 50_000


def _two_orgs(mention: Candidate, pair: re.Match[str], rule: str) -> list[Candidate]:
    """`mention` cut into the organisations of `pair`'s groups "a" and "b", each voted `rule`."""
    pieces = []
    for part in ("a", "b"):
        piece = Candidate(mention.start + pair.start(part), mention.start + pair.end(part), pair.group(part))
        piece.absorb(mention)
        piece.cast(rule, "org", 0.5)
        pieces.append(piece)
    return pieces


class MentionFinder:
    """Finds the mention candidates of a parsed document, each with its first votes."""

    def __init__(self, geocoder: Geocoder, voter: Voter) -> None:
        self.geocoder = geocoder
        self.voter = voter

    @staticmethod
    def _one_name_split(text: str, ent: Span, nxt: Span, end: int) -> bool:
        """Whether two people the model read side by side are one name cut in two.

        Thirteenth round (issue 19): "Hassan Sheikh" + "Mohamud", "Michele Singer" + "Reiner": a name of two
        words or more, one space, then one capitalised word, with no comma, title or line between. A single
        word first ("Pope" + "Leo XIV") is left as the model read it.
        """
        if text[end : nxt.start_char] != " " or "\n" in text[ent.start_char : nxt.end_char]:
            return False
        first, second = text[ent.start_char : end].split(), text[nxt.start_char : nxt.end_char].split()
        return 2 <= len(first) <= 3 and len(second) == 1 and second[0][:1].isupper() and second[0].isalpha()

    @staticmethod
    def _possessive_tail(text: str, ent: Span, rest: list[Span]) -> int | None:
        """Where a two-word person's name ends that the model cut before a possessive word ("Yoon Suk Yeol's").

        Not a day, a month, an organisation's word, nor a word the model gave another entity.
        """
        if len(ent.text.split()) != 2:
            return None
        tail = POSSESSIVE_NAME_TAIL.match(text, ent.end_char)
        if tail is None or tail.group("word") in CALENDAR_WORDS or has_org_word([tail.group("word")]):
            return None
        if rest and rest[0].start_char < tail.end():
            return None
        return tail.end()

    def find(self, doc: Doc, text: str) -> list[Candidate]:
        """Every mention candidate of `doc`, in text order, each with its votes."""
        out: list[Candidate] = []
        agencies = self._agencies(text) + self._titled_people(text) + self._credits(text) + self._channels(text)
        taken = [(a.start, a.end) for a in agencies]
        breaks = doc.user_data.get("breaks", ())
        all_ents = doc.ents  # Doc.ents walks the whole document on each access: read it once
        ents = [e for e in all_ents if e.label_ in SPACY_LABEL]
        i = 0
        while i < len(ents):
            ent = ents[i]
            start, end = ent.start_char, ent.end_char
            if any(a < end and start < b for a, b in taken):
                i += 1
                continue
            label = SPACY_LABEL[ent.label_]
            if label == "person" and (syllable := SYLLABLE_TAIL.match(text, end)):
                end = syllable.end()  # "Moon Jae" + "-in": the model stopped at the hyphen
            elif label == "person" and (tail := self._possessive_tail(text, ent, ents[i + 1 : i + 2])) is not None:
                end = tail  # "Yoon Suk" + " Yeol's": the model stopped before the possessive word
            if label == "place" and i + 1 < len(ents):
                joined = self._feature_of_name(text, ent, ents[i + 1]) or self._place_word_name(text, ent, ents[i + 1])
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
            # "(Syrian President Bashar al-) Assad": two spaCy mentions of one name.
            if label == "person" and i + 1 < len(ents) and ents[i + 1].label_ == "PERSON":
                gap = JOIN_GAP.fullmatch(text, end, ents[i + 1].start_char)
                if gap and gap.group("particle"):
                    mention = self._trimmed(text, start, ents[i + 1].end_char)
                    if mention is not None:
                        nxt = ents[i + 1]
                        joiner = "-" if gap.group("hyphen") else " "
                        raw_end = self._trimmed(text, start, end)
                        head = raw_end.form if raw_end is not None else text[start:end]
                        mention.form = f"{head} {gap.group('particle')}{joiner}{text[nxt.start_char : nxt.end_char]}"
                        self.voter.vote(mention, label, text)
                        out.append(mention)
                        i += 2
                        continue
                if self._one_name_split(text, ent, ents[i + 1], end):
                    mention = self._trimmed(text, start, ents[i + 1].end_char)
                    if mention is not None:
                        self.voter.vote(mention, label, text)
                        out.append(mention)
                        i += 2
                        continue
            for a, b in self._pieces(text, self._unglued(text, start, end, label), end, breaks):
                mention = self._trimmed(text, a, b)
                if mention is None:
                    continue
                mention_label = self._refine(mention, label, text)
                if mention_label is None:
                    continue
                self.voter.vote(mention, mention_label, text)
                out.append(mention)
            i += 1
        out = self._person_after_org(self._and_pairs(self._slash_pairs(out)))
        out.extend(agencies)
        pointed = self._pointed_orgs(text, out)
        if pointed:  # "Crime Stoppers of the Lowcountry": spaCy's "Lowcountry" inside it is no name of its own
            out = [m for m in out if not any(p.start <= m.start and m.end <= p.end for p in pointed)]
            out.extend(pointed)
        out.sort(key=lambda m: m.start)
        out = self._split_place_prefix(text, out)
        out = self._cut_tails(text, out)
        out = self._stacked_names(text, out)
        out = self._state_bodies(all_ents, text, out)
        out = self._located_places(text, out)
        out = self._county_lists(text, out)
        out = self._join_places(text, out)
        out = self._comma_places(text, out)
        out = self._country_tails(text, out)
        out = self._head_named_orgs(text, out)
        out = self._joint_services(text, out)
        self._place_lists(text, out)
        out = self._defined_acronyms(text, out)
        out = self._known_names_whole(text, out)
        self._acronym_tails(out, text)
        out = self._described_agencies(text, out)
        self._acronym_mentions(out, text, self.geocoder.lookup)
        return out

    @staticmethod
    def _described_agencies(text: str, mentions: list[Candidate]) -> list[Candidate]:
        """A UN agency named by what it does ("the UN refugee agency"): one mention, over spaCy's "UN" in it.

        It joins the agency's names in the article (`clustering`), which name the entity before it does.
        """
        if "UN" not in text and "U.N." not in text and "United Nations" not in text:
            return mentions
        added = []
        for match in DESCRIBED_UN_AGENCY.finditer(text):
            a, b = match.span()
            form = " ".join(match.group().split())
            if org_key(form) not in KNOWN_ORG_KEYS:
                continue
            if any(m.start < b and a < m.end and not (a <= m.start and m.end <= b) for m in mentions):
                continue  # a longer name runs across it: leave it
            mention = Candidate(a, b, form)
            mention.cast("known_organisation", "org", 2.0)
            added.append(mention)
        if not added:
            return mentions
        return _with_whole(mentions, added)

    def _defined_acronyms(self, text: str, mentions: list[Candidate]) -> list[Candidate]:
        """The name an acronym in brackets abbreviates, whole: "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)".

        The shortest run of words before the brackets whose initials (connectors such as "of", "al-" left
        out) spell the acronym is one organisation's name, over the pieces spaCy made of it ("Sayyed
        al-Shuhada" read as a person in "Kataeb Sayyed al-Shuhada (KSS)"). Not a country or region ("United
        Arab Emirates (UAE)"), not a person (a given name first: "Andres Manuel Lopez Obrador (AMLO)"), and
        not where a spaCy span runs across the name's edge. The acronym of a facility or an event ("New
        Bilibid Prison (NBP)", "Paris Agreement (PA)") names no entity either (`acronym_of_non_entity`).
        """
        if "(" not in text:
            return mentions
        added: list[Candidate] = []
        not_names: set[str] = set()
        for match in BRACKETED_ACRONYM.finditer(text):
            acronym = match.group("acr")
            letters = "".join(ch for ch in acronym if ch.isupper())
            if len(letters) < 2 or acronym in COMMON_CAPS or sum(ch.islower() for ch in acronym) > 1:
                continue
            name = self._abbreviated_name(text, match.start(), letters)
            if name is None:
                continue
            a, b = name
            if text.endswith(("'s", "’s"), a, b):
                b -= 2  # "the Kurdistan Regional Government’s (KRG) forces"
            form = " ".join(text[a:b].split())
            tail = " ".join(form.split()[-2:])
            if fold(form.split()[0]) in GIVEN_NAMES:
                continue  # a person's initials ("AMLO": `acronym_of_person`)
            if STREET.search(tail) or not_an_entity(form):
                not_names.add(acronym)  # a facility ("New Bilibid Prison (NBP)"), an event: so is its acronym
                continue
            geo = self.geocoder.lookup(form)
            if geo is not None and geo.kind in ("country", "region", "continent"):
                continue
            inside = [m for m in mentions if a <= m.start and m.end <= b]
            if any(m.start < b and a < m.end and not (a <= m.start and m.end <= b) for m in mentions):
                continue  # a longer name runs across it: leave the model's reading
            if len(inside) == 1 and (inside[0].start, inside[0].end) == (a, b):
                inside[0].cast("acronym_definition", "org", 1.5)
                continue
            mention = Candidate(a, b, form)
            mention.cast("acronym_definition", "org", 2.0)
            added.append(mention)
            mentions = [m for m in mentions if m not in inside]
        for m in mentions:
            if m.form in not_names and org_key(m.form) not in KNOWN_ORG_KEYS:
                m.cast("acronym_of_non_entity", NOT_A_NAME, 3.0)
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    @staticmethod
    def _known_names_whole(text: str, mentions: list[Candidate]) -> list[Candidate]:
        """A known group's or agency's full name taken whole over the pieces spaCy cut it into.

        "Islamic" + "State" cut by a line break, "Jama'at" + "Nusrat al-Islam" read as people: the pieces inside
        it go, unless a span runs across its edge or a piece is read as a place.
        """
        added: list[Candidate] = []
        for match in KNOWN_ORG_TEXT.finditer(text):
            a, b = match.span()
            if " " not in match.group() or match.group().split()[-1].islower():
                continue  # "Islamic State group", "Sinaloa cartel": the name is the part spaCy found
            inside = [m for m in mentions if a <= m.start and m.end <= b]
            if not inside or any((m.start, m.end) == (a, b) or leading_label(m) == "place" for m in inside):
                # nothing cut, or found whole (the acronym step adds what the model missed); a place inside
                # stays a toponym ("Islamic State in Iraq and Syria"; taking "Security Service of Ukraine" whole
                # over a place cost LGL check toponyms)
                continue
            if any(m.start < b and a < m.end and not (a <= m.start and m.end <= b) for m in mentions):
                continue
            mention = Candidate(a, b, " ".join(match.group().split()))
            mention.cast("known_organisation", "org", 2.0)
            added.append(mention)
            mentions = [m for m in mentions if m not in inside]
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    @staticmethod
    def _abbreviated_name(text: str, end: int, letters: str) -> tuple[int, int] | None:
        """The span of the shortest run of words ending at `end` whose initials are `letters`, or None."""
        words = list(re.finditer(r"\S+", text[max(0, end - 160) : end]))
        offset = max(0, end - 160)
        initials = ""
        for word in reversed(words):
            token = word.group()
            if token.endswith(",") and len(initials) == 1 and token[:1].isupper():
                token = token[:-1]  # "Federal University of Technology, Owerri (FUTO)": the seat after a comma
            if token.endswith((".", ",", ";", ":", ")", '"', "”")) or not any(ch.isalpha() for ch in token):
                if token in ("–", "-", "—"):
                    continue  # "Zimbabwe African National Union – Patriotic Front (ZANU-PF)"
                return None
            parts = [p for p in re.split(r"-", token.replace("’", "'")) if p]
            head = [p for p in parts if p[:1].isupper()]
            if not head:
                if token.lower() in NAME_CONNECTORS:
                    continue
                return None
            if any(p.lower() not in NAME_CONNECTORS for p in parts if not p[:1].isupper()):
                return None  # "pro-Kurdish": a lower-case word that is no connector ends the name
            initials = "".join(p[0] for p in head) + initials
            if not letters.endswith(initials):
                return None
            if initials == letters:
                return offset + word.start(), end
        return None

    @staticmethod
    def _acronym_tails(mentions: list[Candidate], text: str) -> None:
        """Extend a name cut before its own acronym: "United Nations" + " High Commissioner for Refugees (UNHCR)"."""
        for m in mentions:
            tail = ACRONYM_TAIL.match(text, m.end)
            if tail is None or tail.group(1).strip() == "":
                continue
            words = [w for w in f"{m.form}{tail.group(1)}".replace("-", " ").split() if w.lower() not in INITIALS_SKIP]
            acronym = tail.group("acr").replace(".", "")
            if "".join(w[0] for w in words) != acronym and not _mission_in_place(m.form, tail.group(1), acronym):
                continue
            end = tail.end(1)
            inside = [o for o in mentions if m.end < o.start < end]
            if any(o.end > end or max(o.votes, key=o.votes.__getitem__, default=None) != "place" for o in inside):
                continue  # another name in between: leave both (a place inside the name, "in Somalia", joins)
            m.end = end
            m.form = " ".join(text[m.start : end].split())

    def _place_word_name(self, text: str, place: Span, nxt: Span) -> Candidate | None:
        """A place and a word the model cut off it, one organisation's name ("Cambridge" + "Analytica").

        The word follows the place after one space, is read as a person or an organisation, is no given
        name, gazetteer place, known body or place-name tail ("Township"), and the text never writes it
        without the place before it ("London Breed ... Breed said": a person, left alone). Rule
        `place_word_name`.
        """
        word = nxt.text
        if nxt.start_char != place.end_char + 1 or text[place.end_char] != " " or nxt.label_ not in SPACY_LABEL:
            return None
        if len(place.text.split()) > 2 or not re.fullmatch(r"[A-Z][a-z]{3,}", word) or nxt.label_ not in _CUT_LABELS:
            return None
        if word in PLACE_NAME_TAILS:
            return None  # "Springfield Township": a longer place's name
        if not looks_like_name(place.text) or self.geocoder.lookup(f"{place.text} {word}") is not None:
            return None  # "Bosnia and" + "Herzegovina": a place the model cut, joined as a place elsewhere
        if fold(word) in GIVEN_NAMES or org_key(word) in KNOWN_ORG_KEYS or self.geocoder.lookup(word) is not None:
            return None
        if _written_alone(text, word, place.text):
            return None
        mention = self._trimmed(text, place.start_char, nxt.end_char)
        if mention is None:
            return None
        self.voter.vote(mention, "org", text)
        mention.cast("place_word_name", "org", 1.0)
        return mention

    def _feature_of_name(self, text: str, place: Span, nxt: Span) -> Candidate | None:
        """A feature's word and its name the model cut apart, one place ("the Strait" + "of" + "Hormuz").

        Thirteenth round (issue 19): the word alone read as a place (`FEATURE_OF_WORDS`), " of ", then a name
        of one or two words read as a person or an organisation. Rule `feature_of_name`.
        """
        if nxt.label_ not in _CUT_LABELS or len(nxt.text.split()) > 2:
            return None
        word = place.text.removeprefix("the ").removeprefix("The ")
        gap = text[place.end_char : nxt.start_char]
        if word.endswith(" of") and gap == " ":  # the model's "the Strait of" + "Hormuz"
            word, gap = word[:-3], " of "
        if word not in FEATURE_OF_WORDS or gap != " of ":
            return None
        mention = self._trimmed(text, place.start_char, nxt.end_char)
        if mention is None:
            return None
        mention.cast("feature_of_name", "place", 2.0)
        self.voter.vote(mention, "place", text)
        return mention

    @staticmethod
    def _trimmed(text: str, start: int, end: int) -> Candidate | None:
        """The span without a leading "the", quotes or a possessive; None when nothing name-like is left."""
        section = SECTION_LABEL.match(text[start:end])
        if section:
            start += section.end()  # "RELATED STORIES Police in Akron": a page's label, then the name
        lead = LEADING.match(text[start:end])
        if lead:
            start += lead.end()
        trail = TRAILING.search(text, start, end)
        if trail and trail.start() > start:
            end = trail.start()
        score = SCORE_TAIL.search(text, start, end)  # "Jannik Sinner 4–6"
        if score and score.start() > start:
            end = score.start()
        opening = text.rfind("(", start, end)
        if opening > start and text.find(")", opening, end) < 0:
            end = len(text[start:opening].rstrip()) + start  # "World Health Organisation (WHO": the name
        if end <= start or not any(ch.isalpha() for ch in text[start:end]):
            return None
        return Candidate(start, end, " ".join(text[start:end].split()))

    @staticmethod
    def _unglued(text: str, start: int, end: int, label: Label) -> int:
        """Where the name starts after words glued before it ("insurgentsRussia" -> "Russia")."""
        cut = start
        for match in GLUE_LOWER.finditer(text, start, end):
            cut = match.end()
        if label in ("person", "place"):
            for match in GLUE_CAPITAL.finditer(text, start, end):
                cut = max(cut, match.end())
        return cut

    @staticmethod
    def _pieces(text: str, start: int, end: int, breaks: Sequence[int]) -> list[tuple[int, int]]:
        """A spaCy span cut at glue points and at " in " ("Cadillac Drive in Ceres")."""
        cuts = [start]
        for point in breaks:
            if start < point < end:
                cuts.append(point)
        pieces = []
        for a, b in zip(cuts, [*cuts[1:], end], strict=True):
            inner = IN_SPLIT.search(text, a, b)
            if inner:
                pieces.extend([(a, inner.start()), (inner.end(), b)])
            else:
                pieces.append((a, b))
        return pieces

    @staticmethod
    def _place_edges(mention: Candidate, text: str) -> None:
        """Drop lower-case words at the ends of a place span; take in a name's first word spaCy left out."""
        edges = list(LOWER_EDGE.finditer(mention.form))
        if edges and len(edges[0].group()) < len(mention.form):
            head = next((e.end() for e in edges if e.start() == 0), 0)
            tail = next((e.start() for e in edges if e.end() == len(mention.form) and e.start() > 0), len(mention.form))
            if head < tail:
                raw = text[mention.start : mention.end]
                mention.end = mention.start + len(raw[: raw_offset(raw, tail)].rstrip())
                mention.start += raw_offset(raw, head)
                mention.form = mention.form[head:tail].strip()
        prefix = PLACE_PREFIX_BEFORE.search(text, max(0, mention.start - 8), mention.start)
        if prefix and mention.form[:1].isupper():
            mention.start = prefix.start()
            mention.form = " ".join(text[mention.start : mention.end].split())

    def _designator_of_post(self, mention: Candidate, text: str) -> None:
        """Cut "State", "City", "District" off a place before a post or a court ("Fargo City Commissioner").

        Not a gazetteer place by its whole name ("Kansas City Council", "Mexico City Mayor").
        """
        words = mention.form.split()
        if len(words) < 2 or words[-1] not in POST_DESIGNATORS or not POST_AFTER_DESIGNATOR.match(text, mention.end):
            return
        if self._town_by_name(mention.form):
            return
        raw = text[mention.start : mention.end]
        mention.end = mention.start + len(raw[: raw_offset(raw, len(" ".join(words[:-1])))].rstrip())
        mention.form = " ".join(words[:-1])
        mention.cast("designator_of_post", "place", 0.0)

    @staticmethod
    def _person_edges(mention: Candidate, text: str, lower_head: bool) -> None:
        """Drop a lower-case verb before a person's name ("to rob Watkins") and an adverb after a name."""
        words = mention.form.split()
        head = 0
        while (
            lower_head and head < len(words) - 1 and words[head][:1].islower() and words[head].lower() not in PARTICLES
        ):
            head += 1
        tail = len(words)
        while tail > head + 1 and ADVERB_WORD.fullmatch(words[tail - 1]):
            tail -= 1
        if head == 0 and tail == len(words):
            return
        raw = text[mention.start : mention.end]
        start = raw_offset(raw, len(" ".join(words[:head])) + 1) if head else 0
        end = len(raw[: raw_offset(raw, len(" ".join(words[:tail])))].rstrip())
        mention.start, mention.end = mention.start + start, mention.start + end
        mention.form = " ".join(words[head:tail])

    @staticmethod
    def _person_tail(form: str) -> int:
        """Where a person's name starts after capitalised role words, or 0.

        The name is a common given name and one or two more words at the end of the span, with no
        given name before it and no organisation or place word in it ("St. John Ambulance" is kept).
        """
        words = form.split()
        if len(words) < 3:
            return 0
        for i in range(len(words) - 3, len(words) - 1):
            if i < 1 or fold(words[i]) not in GIVEN_NAMES or PLACE_PREFIX_BEFORE.search(words[i - 1] + " "):
                continue  # "Santa Ana Zoo": a place's name, not a role
            if any(fold(w) in GIVEN_NAMES for w in words[:i]) or not all(w[:1].isupper() for w in words):
                return 0
            if has_org_word(words) or any(w.lower() in NOT_PERSON_WORDS for w in words):
                return 0
            return len(" ".join(words[:i])) + 1
        return 0

    def _town_by_name(self, form: str) -> bool:
        """Whether the gazetteer knows `form` as a place by its whole name ("College Station")."""
        geo = self.geocoder.lookup(form)
        return geo is not None and fold(geo.name) == fold(form)

    def _refine(self, mention: Candidate, label: Label, text: str) -> Label | None:
        """Strip titles, drop fragments, facilities and non-entities; the label to vote, or None to drop."""
        if label == "place":
            self._place_edges(mention, text)
            self._designator_of_post(mention, text)
        else:
            self._person_edges(mention, text, lower_head=label == "person")
        article = ARABIC_ARTICLE_AFTER.match(text, mention.end) if label != "norp" else None
        if article and org_key(article.group("name")) not in KNOWN_ORG_KEYS:
            # "Deir" + " al-Zor": the model (or a lower-case edge) ended an Arabic name before its article
            mention.end = article.end()
            mention.form = f"{mention.form} {article.group('name')}"
        if not any(ch.isupper() for ch in mention.form):
            return None  # "bay colt", "bush": names are written with a capital
        if label in ("person", "org") and _title_alone(mention.form):
            return None  # "Engr" of "Engr. Samuel Obi", "Prof": a title alone, the model cut at its full stop
        title = TITLE.match(mention.form) if label in ("person", "org") else None
        if title:
            if title.end() >= len(mention.form):
                return None  # "Cpl", "Sgt.": a rank alone
            mention.start += raw_offset(text[mention.start : mention.end], title.end())
            mention.title = " ".join(mention.form[: title.end()].split())
            mention.form = mention.form[title.end() :]
            if label == "org" and looks_like_name(mention.form):
                label = "person"  # "Deputy Mike Vasquez" read as an organisation
        elif (
            label == "person"
            and text[max(0, mention.start - 6) : mention.start] == "Chief "
            and (office := CHIEF_OFFICE.match(mention.form))
        ):
            # "Chief Executive Mahesh Rao" where spaCy left "Chief" out: the office word is the title's
            mention.start += raw_offset(text[mention.start : mention.end], office.end())
            mention.title = "Chief " + mention.form[: office.end()].strip()
            mention.form = mention.form[office.end() :]
        elif label == "person" and (before := TITLE_BEFORE.search(text, max(0, mention.start - 30), mention.start)):
            mention.title = before.group("title")  # "sheriff’s Sgt. Mark Haynes": spaCy left the rank out
        if label == "org" and (tail := self._person_tail(mention.form)):
            # "(Director of) Pupil Personnel Rhonda Welch" read as ORG: a role, then a person (not in PERSON
            # spans, where the words before are more often a first name the list lacks: "Nikki Lynn Barlow")
            mention.start += raw_offset(text[mention.start : mention.end], tail)
            mention.form = mention.form[tail:]
            label = "person"
        words = mention.form.split()
        if (
            label == "org"
            and len(words) >= 2
            and words[-1].isupper()
            and sum(ch.isalpha() for ch in words[-1]) >= 4
            and not any(w.isupper() for w in words[:-1])
            and DATELINE_AFTER.match(text, mention.end)
        ):
            # "Associated Press WASHINGTON (AP) —": a byline's agency glued to the dateline's town
            keep = raw_offset(text[mention.start : mention.end], len(" ".join(words[:-1])))
            mention.end = mention.start + keep
            mention.form = " ".join(words[:-1])
            mention.cast("dateline_cut_off", "org", 0.5)
        trailing = TRAILING_TITLE.search(mention.form)
        if trailing:
            keep = raw_offset(text[mention.start : mention.end], trailing.start())
            mention.end = mention.start + keep
            mention.form = mention.form[: trailing.start()]
            if label == "person":
                label = "org"  # "LAPD Criminal Gang Homicide Det. A. Burke": the unit, then the rank
        if (
            label == "org"
            and OFFICE_AFTER.match(text, mention.end)
            and not any(w.isupper() for w in mention.form.split())
            and org_key(mention.form) not in KNOWN_ORG_KEYS
            and mention.form.split()[-1].lower() not in ORG_HEAD
        ):
            return None  # "an Environmental Food Safety Officer", "the Union Water Resources Secretary": a post
        words = [w.lower().strip(".’'\"“”") for w in mention.form.split()]
        if not mention.form or all(w in GENERIC or not w for w in words):
            return None
        if mention.form in LONE_STATE or mention.form.split()[-1] in NAME_NEVER_ENDS:
            return None  # "the State said"; "State of" cut from "State of Tamil Nadu"
        first = mention.form.split()[0]
        if (
            len(words) >= 2
            and mention.form.split()[1][:1].isupper()
            and (
                (words[0] in LEADING_ADJECTIVES and words[-1] not in ORG_HEAD)
                # "a FrontCounter BC office", "the late Movement for Democratic Change founder"
                or (first in LEADING_LOWER_WORDS or first.lower() in LEADING_ARTICLES)
            )
        ):
            # "Fatal Garland" from a headline, "Suspect John Doe"
            mention.start += raw_offset(text[mention.start : mention.end], len(mention.form.split()[0]) + 1)
            mention.form = " ".join(mention.form.split()[1:])
        words = mention.form.split()
        if (
            label == "org"
            and len(words) >= 3
            and (words[0].lower() in LEADING_COUNTS or SIDE_DESCRIPTION.match(words[0]))
            and re.fullmatch(ORG_NAME_HEADS, words[-1])
        ):
            # "Four Al-Qassam Brigades (fighters)", "previous Somali Civil Aviation Authority", "pro-Kurdish
            # Peoples' Equality and Democracy Party": a count or a side, not the name
            mention.start += raw_offset(text[mention.start : mention.end], len(words[0]) + 1)
            mention.form = " ".join(words[1:])
        model = (
            (FORCE_THEN_MODEL.match(mention.form) or ACRONYM_THEN_MODEL.match(mention.form)) if label == "org" else None
        )
        if model:  # "Indian Air Force HAL Tejas": the force; the aircraft after it is a product
            mention.end = mention.start + raw_offset(text[mention.start : mention.end], len(model.group("force")))
            mention.form = model.group("force")
        flight = AIRLINE_FLIGHT.match(mention.form) if label == "org" else None
        if flight and (flight.group("number") or FLIGHT_NUMBER_AFTER.match(text, mention.end)):
            # "Air France Flight 447": the airline; the flight is an event
            mention.end = mention.start + raw_offset(text[mention.start : mention.end], len(flight.group("airline")))
            mention.form = flight.group("airline")
        letters = sum(ch.isalpha() for ch in mention.form)
        if letters <= 2 and mention.form not in ACRONYMS and fold(mention.form.rstrip(".")) not in SHORT_NAMES:
            return None  # "D.A", "ed": fragments
        window = text[max(0, mention.start - 160) : mention.start]
        if (
            (
                STREET.search(mention.form)
                and not CHURCH_BODY.match(mention.form)
                and not (TOWN_FACILITY_TAIL.search(mention.form) and self._town_by_name(mention.form))
            )
            or STREETS_AFTER.match(text, mention.end)
            or BLOCK_BEFORE.search(window[-20:])
            or (("and" in window[-40:] or "&" in window[-40:]) and STREET_AND.search(window[-40:]))
        ):
            return None
        if not_an_entity(mention.form):
            return None
        if label == "place" and RANK_AFTER.match(text, mention.end):
            return None  # "Riverside County Deputy Mike Vasquez": the agency's designation, not a place
        if "between" in window and BETWEEN_STREETS.search(window):
            return None  # "on Hopkins Street — between Fairmount and Stark"
        return label

    def _state_bodies(self, ents: Sequence[Span], text: str, mentions: list[Candidate]) -> list[Candidate]:
        """Replace "Sudan" + "'s health ministry" (and the like) by one organisation mention."""
        bodies = []
        for ent in ents:
            if ent.label_ == "ORG":
                # "The United States Senate": spaCy's ORG is "Senate" alone.
                lead = COUNTRY_BEFORE.search(text, max(0, ent.start_char - 40), ent.start_char)
                if lead and "\n" in text[lead.start() : ent.start_char]:
                    lead = None  # "... from the U.S.\nEuropean Union officials": a line's end is no country of it
                country = self.geocoder.lookup(lead.group("name")) if lead and ent.text[:1].isupper() else None
                if lead and country is None and lead.group("name").endswith(("’s", "'s")):
                    # "Russia’s Foreign Ministry" (spaCy's ORG: "Foreign Ministry"), a body named only by its
                    # country; "Iraq's Popular Mobilization Forces" has a name of its own, and Iraq stays a place
                    if {w.lower() for w in ent.text.split()} <= BODY_WORDS:
                        country = self.geocoder.lookup(lead.group("name")[:-2])
                legislature = country is not None and country.kind == "region" and ent.text in LEGISLATURE
                if lead and country is not None and (country.kind == "country" or legislature):
                    trimmed = self._trimmed(text, lead.start("name"), ent.end_char)
                    if trimmed is not None:
                        trimmed.cast("country_body", "org", 5.0)
                        bodies.append(trimmed)
                continue
            if ent.label_ not in ("GPE", "NORP", "PERSON") or SIDE_DESCRIPTION.match(ent.text):
                continue  # "pro-Syrian government": a side, not the government
            match = STATE_BODY.match(text, ent.end_char)
            if match is None:
                before = STATE_BODY_BEFORE.search(text, max(0, ent.start_char - 40), ent.start_char)
                country = self.geocoder.lookup(ent.text) if before and ent.label_ == "GPE" else None
                if before is not None and country is not None and country.kind == "country":
                    # "the health ministry of Israel": the country's body, named after it
                    mention = Candidate(
                        before.start(), ent.end_char, " ".join(text[before.start() : ent.end_char].split())
                    )
                    mention.cast("state_body", "org", 5.0)
                    bodies.append(mention)
                continue
            start = ent.start_char + (4 if text.startswith("The ", ent.start_char) else 0)
            mention = Candidate(start, match.end(), " ".join(text[start : match.end()].split()))
            mention.cast("state_body", "org", 5.0)
            bodies.append(mention)
        if not bodies:
            return mentions
        kept = [m for m in mentions if not any(b.start < m.end and m.start < b.end for b in bodies)]
        return sorted(kept + bodies, key=lambda m: m.start)

    @staticmethod
    def _stacked_names(text: str, mentions: list[Candidate]) -> list[Candidate]:
        """A country's short form and a body read as one name ("U.S. European Union"): two entities.

        Rule `stacked_names`: the rest after "U.S." / "UK" / "EU" is an international body or a known
        organisation by its whole name ("U.S. CENTCOM"); "U.S. Army", "U.S. European Command" stay one name.
        """
        out: list[Candidate] = []
        for m in mentions:
            country = STACKED_COUNTRY.match(m.form)
            rest = m.form[country.end() :] if country else ""
            if not country or (org_key(rest) not in INTERNATIONAL_BODIES and org_key(rest) not in KNOWN_ORG_KEYS):
                out.append(m)
                continue
            raw = text[m.start : m.end]
            cut = m.start + raw_offset(raw, country.end())
            first = Candidate(m.start, m.start + len(text[m.start : cut].rstrip()), country.group().strip())
            first.cast("stacked_names", "place", 2.0)
            second = Candidate(cut, m.end, rest)
            second.cast("stacked_names", "org", 2.0)
            out.extend([first, second])
        return out

    def _cut_tails(self, text: str, mentions: list[Candidate]) -> list[Candidate]:
        """A word the model cut off a name it found whole elsewhere: "Analytica" of "Cambridge Analytica".

        A one-word mention directly after the opening words of another mention's form (one space between)
        takes them in, when that form is a name of two or three words that the text never writes the word
        without (rule `place_word_name`); the words it takes in are no mention of their own there.
        """
        wholes = {m.form: m for m in mentions if 2 <= len(m.form.split()) <= 3 and leading_label(m) == "org"}
        if not wholes:
            return mentions
        grown: list[Candidate] = []
        for m in mentions:
            if " " in m.form:
                continue
            for form in wholes:
                head, _, tail = form.rpartition(" ")
                if tail in PLACE_NAME_TAILS or tail != m.form:
                    continue
                if text[max(0, m.start - len(head) - 1) : m.start] != head + " ":
                    continue
                if _written_alone(text, tail, head):
                    continue
                whole = Candidate(m.start - len(head) - 1, m.end, form)
                whole.cast("place_word_name", "org", 1.0)
                for rule, label, weight in m.fired:
                    if rule == "spacy_label" and label == "org":
                        whole.cast(rule, label, weight)
                grown.append(whole)
                break
        if not grown:
            return mentions
        kept = [m for m in mentions if not any(g.start <= m.start and m.end <= g.end for g in grown)]
        return sorted(kept + grown, key=lambda m: m.start)

    def _split_place_prefix(self, text: str, mentions: list[Candidate]) -> list[Candidate]:
        """Split "Darien Walmart" (a headline) into the place Darien and the Walmart named alone elsewhere."""
        forms = {m.form for m in mentions}
        out: list[Candidate] = []
        for m in mentions:
            words = m.form.split()
            if len(words) < 2 or leading_label(m) != "org":
                out.append(m)
                continue
            # a place before a name has a few words ("Darien", "Grand Prairie"); the cap bounds the splits,
            # each of which scans the text, on a runaway span
            for k in range(1, min(len(words), _PLACE_PREFIX_WORDS + 1)):
                head, tail = " ".join(words[:k]), " ".join(words[k:])
                if tail not in forms:
                    continue
                # "Pakistan Army" beside "the Army": one name (an institution's word alone is its short form)
                # "Manchester City" beside "City": a club's short name, not a place and a name
                if tail in INSTITUTION_WORDS or tail in CLUB_SUFFIX or tail in CLUB_SUFFIX_ALONE:
                    continue
                # "Cambridge Analytica" beside "Analytica" cut off the same words: the text never writes the
                # tail without the place before it, so it is one name (rule `place_word_name`)
                if not _written_alone(text, tail, head):
                    continue
                place = self.geocoder.lookup(head)
                if place is None or fold(place.name) != fold(head):
                    continue
                cut = m.start + raw_offset(text[m.start : m.end], len(head) + 1)
                first = Candidate(m.start, m.start + len(text[m.start : cut].rstrip()), head)
                first.cast("place_prefix", "place", 1.0)
                second = Candidate(cut, m.end, tail)
                second.cast("place_prefix_rest", "org", 1.0)
                out.extend([first, second])
                break
            else:
                out.append(m)
        return out

    def _located_places(self, text: str, mentions: list[Candidate]) -> list[Candidate]:
        """Places spaCy missed that the text locates: "in As-Suwayda Governorate, Syria"."""
        added = []
        for match in DATELINE_NAME.finditer(text) if DATELINE_DASH.search(text) else ():
            a, b = match.span("name")
            overlaps = any(m.start < b and a < m.end for m in mentions)
            if (
                OPENING_BEFORE.search(text, max(0, a - 40), a)
                and not overlaps
                and not STREET.search(match.group("name"))
                and not not_an_entity(match.group("name"))  # "a.m. Tuesday —", "Sixteen - year - old"
                and match.group("name").lower() not in GENERIC
            ):
                mention = Candidate(a, b, " ".join(match.group("name").split()))
                mention.cast("dateline_missed", "place", 3.0)  # "BOISE, Idaho (KXYZ) —" that spaCy did not see
                added.append(mention)
        for match in LOCATED.finditer(text):
            a, b = match.span("name")
            if any(m.start < b and a < m.end for m in mentions):
                continue
            region = self.geocoder.lookup(match.group("country"))
            if region is None or region.kind not in ("country", "region") or STREET.search(match.group("name")):
                continue
            mention = Candidate(a, b, " ".join(match.group("name").split()))
            mention.cast("located_missed", "place", 1.5)
            added.append(mention)
        for match in LOCATED_ABBREVIATED.finditer(text):
            if fold(match.group("region")) not in AP_STATES and fold(match.group("region")) not in CANADIAN_PROVINCES:
                continue
            for group in ("name", "region"):  # the town spaCy missed, and the state or province it is in
                a, b = match.span(group)
                if any(m.start < b and a < m.end for m in mentions + added) or STREET.search(match.group(group)):
                    continue
                mention = Candidate(a, b, " ".join(match.group(group).split()))
                mention.cast("located_missed", "place", 1.5)
                added.append(mention)
        for match in CUE_TOWN.finditer(text):
            a, b = match.span("name")
            if any(m.start < b and a < m.end for m in mentions + added) or not PLACE_CLOSE_AFTER.match(text, b):
                continue
            if STREETS_AFTER.match(text, b):  # "near Rivers and Stokes avenues": a street, not Nigeria's state
                continue
            if self._cue_town(match.group("name")):
                mention = Candidate(a, b, " ".join(match.group("name").split()))
                mention.cast("cue_town_missed", "place", 1.5)  # "in Manbij near the border" that spaCy did not see
                added.append(mention)
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _cue_town(self, form: str) -> bool:
        """Whether `form` after a place cue is a place spaCy missed.

        A country, a region, or a town of `CUE_TOWN_POPULATION` or more by the gazetteer's own name of it
        ("Google" finds Topeka by another name); not a name opening with a given name ("in Florence").
        """
        if not looks_like_name(form) or fold(form.split()[0]) in GIVEN_NAMES or form.lower() in GENERIC:
            return False
        geo = self.geocoder.lookup(form)
        if geo is None or STREET.search(form):
            return False
        if geo.kind in ("country", "region"):
            return True
        return geo.kind == "city" and geo.population >= CUE_TOWN_POPULATION and fold(geo.name) == fold(form)

    @staticmethod
    def _county_lists(text: str, mentions: list[Candidate]) -> list[Candidate]:
        """Each name of "Becker, Clay, Otter Tail and Wilkin counties" as one mention (the votes: `county_list`).

        A mention spaCy made across two names of the list ("Grant, Mahnomen") is replaced by the names.
        """
        if "counties" not in text and "parishes" not in text:
            return mentions
        items = [
            (m.start(), m.end())
            for m in COUNTY_LIST_NAME.finditer(text)
            if COUNTY_LIST_TAIL.match(text, m.end()) and m.group().lower() not in GENERIC
        ]
        if not items:
            return mentions
        kept = [
            m for m in mentions if (m.start, m.end) in items or not any(a < m.end and m.start < b for a, b in items)
        ]
        taken = {(m.start, m.end) for m in kept}
        for a, b in items:
            if (a, b) not in taken:
                mention = Candidate(a, b, " ".join(text[a:b].split()))
                mention.cast("county_list", "place", 3.0)  # spaCy saw no name here, or a longer one
                kept.append(mention)
        return sorted(kept, key=lambda m: m.start)

    def _join_places(self, text: str, mentions: list[Candidate]) -> list[Candidate]:
        """Join place mentions that are one name, and extend a place by its capitalised designator."""
        out: list[Candidate] = []
        for m in mentions:
            words = m.form.split()
            half = len(words) // 2
            repeated = half and len(words) % 2 == 0 and words[:half] == words[half:] and leading_label(m) == "place"
            if repeated and self.geocoder.lookup(m.form) is None:  # not "Walla Walla"
                # spaCy's "Millbrook Millbrook": a headline glued to its dateline; keep the dateline's copy.
                m.start += raw_offset(text[m.start : m.end], len(" ".join(words[:half])) + 1)
                m.form = " ".join(words[half:])
            prev = out[-1] if out else None
            if (
                prev is not None
                and leading_label(prev) == "place"
                and leading_label(m) == "place"
                and PLACE_JOIN.fullmatch(text, prev.end, m.start)
            ):
                joined = " ".join(text[prev.start : m.end].split())
                gap = text[prev.end : m.start]
                countries = [
                    g
                    for g in (self.geocoder.lookup(prev.form), self.geocoder.lookup(m.form))
                    if g is not None and g.kind == "country"
                ]
                # A repeated name is a headline glued to its dateline ("Millbrook Millbrook, Vt."), not one
                # name, unless the gazetteer says so ("Walla Walla").
                repeat = fold(prev.form) == fold(m.form)
                if (gap in ("–", " ") and not countries and not repeat) or self.geocoder.lookup(joined) is not None:
                    prev.end = m.end
                    prev.form = joined
                    prev.absorb(m)
                    continue
            out.append(m)
        for m in out:
            designator = DESIGNATOR_AFTER.match(text, m.end)
            if (
                designator
                and designator.group()[1:] in POST_DESIGNATORS
                and POST_AFTER_DESIGNATOR.match(text, designator.end())
            ):
                continue  # "California State Senator": the designator is the post's (`_designator_of_post`)
            if designator and leading_label(m) == "place" and m.form.split()[-1] not in designator.group():
                m.end = designator.end()
                m.form = " ".join(text[m.start : m.end].split())
        return out

    def _country_tails(self, text: str, mentions: list[Candidate]) -> list[Candidate]:
        """A country right after an organisation's name is the end of it ("Parti Pribumi Bersatu Malaysia").

        Only after a name of two words or more, with one space or "of" between: "the UN Syria envoy" keeps
        both; "Supreme Federal Court of Brazil", "Court of Appeal of Malaysia" are one name each.
        """
        out: list[Candidate] = []
        for m in mentions:
            prev = out[-1] if out else None
            if (
                prev is not None
                and text[prev.end : m.start] in (" ", " of ")
                and leading_label(prev) == "org"
                and leading_label(m) == "place"
                and len(prev.form.split()) >= 2
                and all(w[:1].isupper() or w in ("of", "the", "and") for w in prev.form.split())
                and (country := self.geocoder.lookup(m.form)) is not None
                and country.kind == "country"
            ):
                prev.end = m.end
                prev.form = " ".join(text[prev.start : m.end].split())
                prev.fired.append(("country_tail", "org", 0.0))
                continue
            out.append(m)
        return out

    @staticmethod
    def _comma_places(text: str, mentions: list[Candidate]) -> list[Candidate]:
        """Split a place span across a comma ("Kangra, Himachal Pradesh") into its places, each a name.

        Not a town before its state's abbreviation ("Washington, D.C.", "Salem, Ore."): one name as written.
        """
        out: list[Candidate] = []
        for m in mentions:
            raw = text[m.start : m.end]
            if ", " not in raw or leading_label(m) != "place":
                out.append(m)
                continue
            pieces = []
            offset = 0
            for part in raw.split(", "):
                pieces.append((m.start + offset, m.start + offset + len(part)))
                offset += len(part) + 2
            forms = [" ".join(text[a:b].split()) for a, b in pieces]
            if not all(len(f) > 4 and f[:1].isupper() and not f.endswith(".") for f in forms):
                out.append(m)
                continue
            for (a, b), form in zip(pieces, forms, strict=True):
                piece = Candidate(a, b, form)
                piece.absorb(m)
                piece.cast("comma_place_piece", "place", 0.0)
                out.append(piece)
        return out

    def _place_lists(self, text: str, mentions: list[Candidate]) -> None:
        """A name in a list of three or more whose other names are mostly places is a place too.

        "Kisumu, Bondo, Nyando, Kisii and Wajir", "four villages: Kampungu, Makonono, Kaluamba and Mombo":
        the model calls some of them organisations or people. A name the model read otherwise counts as a
        place when the gazetteer knows it as a big town ("between Ras Al Khaimah, Al Ain and Dubai", tenth
        round); not a small one, which may be a surname ("Obama, Clinton and Sanders").
        """
        runs: list[list[Candidate]] = []
        for m in mentions:
            if runs and LIST_GAP.fullmatch(text, runs[-1][-1].end, m.start):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            introduced = len(run) >= 2 and PLACES_LIST_BEFORE.search(text, max(0, run[0].start - 40), run[0].start)
            if len(run) < 3 and not introduced:
                continue
            places = [m for m in run if leading_label(m) == "place" or self._big_town(m.form)]
            if len(places) * 2 <= len(run) and not introduced:
                continue
            for m in run:
                words = m.form.split()
                if (
                    leading_label(m) in ("org", "person")
                    and len(words) <= 3
                    and looks_like_name(m.form)
                    and not has_org_word(words)
                    and org_key(m.form) not in KNOWN_ORG_KEYS
                ):
                    m.cast("place_list", "place", 2.0)

    def _big_town(self, form: str) -> bool:
        """Whether the gazetteer knows `form` as a country, a region or a town of `LIST_TOWN_POPULATION` or more.

        Not a name opening with a given name ("Paris Hilton").
        """
        words = form.split()
        if not looks_like_name(form) or fold(words[0]) in GIVEN_NAMES:
            return False
        geo = self.geocoder.lookup(form)
        return geo is not None and (geo.kind in ("country", "region") or geo.population >= LIST_TOWN_POPULATION)

    @staticmethod
    def _slash_pairs(mentions: list[Candidate]) -> list[Candidate]:
        """An organisation span of two names joined by a slash ("KCAL/KCBS") is two organisations."""
        out: list[Candidate] = []
        for m in mentions:
            pair = SLASH_PAIR.match(m.form) if leading_label(m) == "org" and m.end - m.start == len(m.form) else None
            if pair is None or min(len(pair.group("a")), len(pair.group("b"))) < 2:
                out.append(m)
                continue
            out.extend(_two_orgs(m, pair, "slash_pair"))
        return out

    @staticmethod
    def _and_pairs(mentions: list[Candidate]) -> list[Candidate]:
        """An organisation span of two names joined by "and", each ending in a head noun, is two organisations.

        "Sudanese Armed Forces and Rapid Support Forces"; not "Ministry of Finance and Economic Development".
        """
        out: list[Candidate] = []
        for m in mentions:
            pair = AND_PAIR.match(m.form) if " and " in m.form and leading_label(m) == "org" else None
            if (
                pair is None
                or m.end - m.start != len(m.form)
                or not all(re.fullmatch(ORG_NAME_HEADS, pair.group(p).split()[-1]) for p in ("a", "b"))
                or " of " in pair.group("a")
            ):
                out.append(m)
                continue
            out.extend(_two_orgs(m, pair, "and_pair"))
        return out

    @staticmethod
    def _person_after_org(mentions: list[Candidate]) -> list[Candidate]:
        """An organisation span that ends in a given name and a surname is the organisation, then a person.

        "(Chief of Staff of the) Armed Forces of the Islamic Republic of Iran Mohammad Bagheri": the model ran
        a post's organisation into its holder's name. The organisation part must hold a head noun.
        """
        out: list[Candidate] = []
        for m in mentions:
            words = m.form.split()
            if (
                len(words) < 4
                or leading_label(m) != "org"
                or m.end - m.start != len(m.form)
                or fold(words[-2]) not in GIVEN_NAMES
                or not words[-1][:1].isupper()
                or words[-1].isupper()
                or not any(re.fullmatch(ORG_NAME_HEADS, w) or w.lower() in ORG_WORDS for w in words[:-2])
            ):
                out.append(m)
                continue
            cut = len(" ".join(words[:-2]))
            org = Candidate(m.start, m.start + cut, " ".join(words[:-2]))
            org.absorb(m)
            person = Candidate(m.start + cut + 1, m.end, " ".join(words[-2:]))
            person.cast("person_after_org", "person", 2.0)
            out.extend((org, person))
        return out

    @staticmethod
    def _head_named_orgs(text: str, mentions: list[Candidate]) -> list[Candidate]:
        """Organisations the model missed whose name ends in a head noun ("Consumer Product Safety Commission").

        Only where no other mention overlaps; not a country-less state body ("Foreign Ministry"), nor a rank
        or a post ("Vice Chancellor of ...").
        """
        added = []
        spans = sorted((m.start, m.end) for m in mentions)
        starts = [a for a, _ in spans]
        for match in ORG_HEAD_NAME.finditer(text):
            a, b = match.span("name")
            lead = LEADING.match(text, a, b)
            if lead:
                a = lead.end()
            section = SECTION_LABEL.match(text[a:b])  # "RELATED STORIES Police in ...": a label, then a word
            if section:
                a += section.end()
            i = bisect_right(starts, a)
            if (i and spans[i - 1][1] > a) or (i < len(spans) and spans[i][0] < b):
                continue
            form = " ".join(text[a:b].split())
            words = form.split()
            if len(words) > 2 and words[0].lower() in LEADING_COUNTS:  # "A Rapid Support Forces drone"
                a += raw_offset(text[a:b], len(words[0]) + 1)
                form = " ".join(words[1:])
                words = words[1:]
            if len(words) < 2 or TITLE.match(form + " ") or words[0].lower() in GENERIC:
                continue
            head = next(k for k in range(len(words) - 1, -1, -1) if re.fullmatch(ORG_NAME_HEADS, words[k]))
            if any(w.lower() in ORG_HEAD_POSTS for w in words[:head]) or (
                head
                and head == len(words) - 1
                and all(w.lower() in BODY_WORDS or w.lower() in ORG_HEAD_GENERIC for w in words[:head])
            ):
                continue  # "Chief of Department": a post; "School Board", "Foreign Ministry": no name of its own
            if not_an_entity(form) or STREET.search(form):
                continue
            mention = Candidate(a, b, form)
            mention.cast("org_head_name", "org", 2.0)
            added.append(mention)
        for match in NUMBERED_PRECINCT.finditer(text) if "Precinct" in text else ():
            a, b = match.span()
            i = bisect_right(starts, a)
            if (i and spans[i - 1][1] > a) or (i < len(spans) and spans[i][0] < b):
                continue
            mention = Candidate(a, b, " ".join(match.group().split()))
            mention.cast("numbered_precinct", "org", 2.0)
            added.append(mention)
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    @staticmethod
    def _pointed_orgs(text: str, found: list[Candidate]) -> list[Candidate]:
        """Organisations spaCy missed where the text points to them: a tip line, a news outlet as a source.

        A tip line named for its region ("Crime Stoppers of the Lowcountry") is taken whole over the
        mentions inside it; any other overlap leaves spaCy's reading.
        """
        out = []
        for match in OUTLET_AS_SOURCE.finditer(text):
            group = "name" if match.group("name") else "station"
            a, b = match.span(group)
            if fold(match.group(group).split()[0]) in GIVEN_NAMES and not text.endswith(("the ", "The "), 0, a):
                continue  # "told Emily Post": a person named like a paper
            if any(m.start < b and a < m.end and leading_label(m) != "none" for m in found):
                continue  # the model's reading of the name stands
            mention = Candidate(a, b, match.group(group))
            mention.cast("outlet_as_source", "org", 2.0)
            out.append(mention)
        for pattern in (CALL_ORG,):
            for match in pattern.finditer(text):
                a, b = match.span("name")
                inside = match.group("region") is not None
                if any(
                    m.start < b and a < m.end and not (inside and a <= m.start and m.end <= b) for m in found
                ) or TITLE.match(match.group("name") + " "):
                    continue
                if CALL_SIGN_NAME.match(match.group("name")):
                    continue
                mention = Candidate(a, b, match.group("name"))
                mention.cast("tip_line", "org", 1.5)
                out.append(mention)
        return out

    @staticmethod
    def _credits(text: str) -> list[Candidate]:
        """A wire credit opening the text, "(STMW) — Charges are ...", whatever spaCy called it.

        Photo credits are the publisher's, blanked by the page stage (`boilerplate`, `credit.photo.agency`).
        """
        out = []
        for match in CREDIT.finditer(text):
            if CALL_SIGN_NAME.match(match.group("name")):
                continue
            mention = Candidate(*match.span("name"), match.group("name"))
            mention.cast("wire_credit", "org", 3.0)
            out.append(mention)
        return out

    @staticmethod
    def _titled_people(text: str) -> list[Candidate]:
        """A rank followed by a name is a person, whole: "Detective Ana Ramos" (spaCy: ORG "Ramos")."""
        out = []
        for match in TITLED_NAME.finditer(text):
            words = [w.lower().strip(".") for w in match.group("name").split()]
            if any(w in GENERIC or w in ORG_WORDS for w in words):
                continue
            if OFFICE_AFTER.match(" " + match.group("name")):
                continue  # "the former Deputy Minister of Defence": a post, no name
            if _title_alone(match.group("name")):
                continue  # "Lt." + "Col": a second rank, the name after its full stop
            mention = Candidate(match.start("name"), match.end("name"), " ".join(match.group("name").split()))
            possessive = TRAILING.search(mention.form)  # "Sergeant Matt Tonroe's death": the name, not its "'s"
            if possessive:
                mention.end -= len(mention.form) - possessive.start()
                mention.form = mention.form[: possessive.start()]
            second = TITLE.match(mention.form + " ")  # "Deputy Superintendent Greg Smith"
            office = CHIEF_OFFICE.match(mention.form) if match.group("title") == "Chief" else None
            second = office or second  # "Chief Executive Mahesh Rao": the office word is the title's
            if second and second.end() < len(mention.form):
                mention.start += raw_offset(text[mention.start : mention.end], second.end())
                mention.form = mention.form[second.end() :]
            mention.cast("rank_before_name", "person", 3.0)
            mention.title = "Chief " + " ".join(office.group().split()) if office else match.group("title")
            out.append(mention)
        return out

    def _joint_services(self, text: str, mentions: list[Candidate]) -> list[Candidate]:
        """A service of two areas taken whole: "Essex and" + "Herts Air Ambulance" (see JOINT_SERVICE)."""
        out: list[Candidate] = []
        for m in mentions:
            if leading_label(m) != "org" or not JOINT_SERVICE.search(m.form) or not m.form[:1].isupper():
                continue
            area = SHARED_AREA_BEFORE.search(text, max(0, m.start - 60), m.start)
            place = self.geocoder.lookup(area.group("area").split(",")[0]) if area else None
            if area is None or place is None or place.kind in ("country", "continent"):
                continue  # a country's force is named by the country alone ("Iran and Hezbollah")
            joint = Candidate(area.start("area"), m.end, " ".join(text[area.start("area") : m.end].split()))
            joint.cast("joint_service", "org", 2.0)
            out.append(joint)
        if not out:
            return mentions
        return _with_whole(mentions, out)

    def _channels(self, text: str) -> list[Candidate]:
        """A broadcaster's channel or regional station, whole: "BBC Two", "CTV Saskatoon" (see BROADCAST_CHANNEL)."""
        out = []
        for match in BROADCAST_CHANNEL.finditer(text):
            if match.group("place") and self.geocoder.lookup(match.group("place")) is None:
                continue
            mention = Candidate(*match.span("name"), " ".join(match.group("name").split()))
            mention.cast("broadcast_channel", "org", 3.0)
            out.append(mention)
        return out

    def _agencies(self, text: str) -> list[Candidate]:
        """Agencies named by their place ("Milwaukee police", "Los Angeles County coroner")."""
        out = []
        for match in AGENCY.finditer(text) if any(word in text for word in AGENCY_WORDS) else ():
            words = list(re.finditer(r"\S+", match.group("place")))
            # The place is the longest tail of capitalised words that the gazetteer knows, or any run
            # before "County"; sentence words ("According") are never part of it.
            start = -1
            # Never across a sentence end ("... said Sunday. Riverside County sheriff's deputies").
            last_stop = max(
                (k for k, w in enumerate(words) if w.group().endswith(".") and len(w.group()) > 3), default=-1
            )
            for word in words[last_stop + 1 :]:
                if word.group().lower() in NOT_PLACE_WORDS:
                    continue
                name = match.group("place")[word.start() :]
                if match.group("county") or self.geocoder.lookup(name) is not None:
                    start = match.start("place") + word.start()
                    break
            if start < 0:
                continue
            end = match.end("kind")
            if self._state_police(match, text[start : match.start("kind")].strip()):
                # "Texas police", "Virginia police": a state's or country's police in lower case describes
                # its forces (only a city's or county's police is named so); the state is the place named.
                place = self._trimmed(text, start, len(text[: match.start("kind")].rstrip()))
                if place is not None:
                    place.cast("state_police_place", "place", 5.0)
                    out.append(place)
                continue
            mention = self._trimmed(text, start, end)
            if mention is None:
                continue
            mention.cast("agency_pattern", "org", 5.0)
            out.append(mention)
        return out

    def _state_police(self, match: re.Match[str], place: str) -> bool:
        """Whether an `AGENCY` match is lower-case "police" after a state or a country, no county between."""
        if match.group("county") or not match.group("kind").startswith("police"):
            return False
        geo = self.geocoder.lookup(place)
        return geo is not None and geo.kind in ("country", "region") and fold(geo.name) == fold(place)

    @staticmethod
    def _acronym_mentions(
        mentions: list[Candidate], text: str, self_lookup: Callable[[str], GeoPlace | None] | None = None
    ) -> None:
        """Add acronym mentions spaCy missed, so every "OPCW" or "UN" in the text is counted."""
        acronyms = {m.form for m in mentions if m.form.isupper() and 2 <= len(m.form) <= 6}
        of_person: set[str] = set()  # "Andres Manuel Lopez Obrador (AMLO)": a person known by initials
        for m in list(mentions):
            definition = ACRONYM_DEF.match(text, m.end)
            if definition:
                if leading_label(m) == "person" and sum(ch.isupper() for ch in definition.group("acr")) < 2:
                    continue  # "Kimani (Kiki) Gray": a nickname in brackets, no acronym
                acronyms.add(definition.group("acr"))
                if leading_label(m) == "person" and _initials_in_order(definition.group("acr"), m.form):
                    of_person.add(definition.group("acr"))
        acronyms.update(KNOWN_ORG_TEXT.findall(text))  # "the ISI", "Daesh": agencies and groups spaCy may miss
        for m in mentions:  # "AP" beside "Associated Press": a name's initials
            words = [w for w in m.form.replace("-", " ").split() if w.lower() not in INITIALS_SKIP]
            if 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and leading_label(m) == "org":
                initials = "".join(w[0] for w in words)
                if initials not in COMMON_CAPS and initials in text:
                    acronyms.add(initials)
        if not acronyms:
            return
        covered = sorted((m.start, m.end) for m in mentions)
        starts = [start for start, _ in covered]
        for a, b in find_names(text, sorted(acronyms), "."):  # whole words, not after a period ("U.S.A.")
            i = bisect_right(starts, a)
            if (i and covered[i - 1][1] > a) or (i < len(covered) and covered[i][0] < b):
                continue
            acronym = text[a:b]
            mention = Candidate(a, b, acronym)
            country = self_lookup(acronym) if self_lookup is not None else None
            if country is not None and country.kind == "country":
                mention.cast("acronym_of_country", "place", 1.1)  # "DRC", "UAE"
            elif org_key(acronym) in KNOWN_ORG_KEYS:
                mention.cast("known_organisation", "org", 2.0)
            elif acronym in of_person:
                mention.cast("acronym_of_person", "person", 1.0)
            else:
                mention.cast("acronym_missed", "org", 0.5)
            mentions.append(mention)
        mentions.sort(key=lambda m: m.start)


#: The model's labels of a word cut off a place's name ("Analytica" read as a person or an organisation).
_CUT_LABELS = frozenset({"PERSON", "ORG"})


def not_an_entity(form: str) -> bool:
    """Whether a name is an event, an award, a work, a law or a product (`NOT_ENTITY`, `OBSERVANCE_TAIL`).

    A given name and one word is a person's, whatever the word ("Jane Easter").
    """
    if NOT_ENTITY.search(form):
        return True
    words = form.split()
    return bool(OBSERVANCE_TAIL.search(form)) and not (len(words) == 2 and fold(words[0]) in GIVEN_NAMES)


#: The most words of a place named before an organisation's name ("Darien Walmart", "Grand Prairie Walmart").
_PLACE_PREFIX_WORDS = 4


def _written_alone(text: str, word: str, head: str) -> bool:
    """Whether `text` writes `word` at least once without `head` and a space right before it."""
    before = head + " "
    for hit in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
        if text[max(0, hit.start() - len(before)) : hit.start()] != before:
            return True
    return False


def _title_alone(form: str) -> bool:
    """Whether `form` is a title and nothing more ("Engr", "Col"): `TITLE` needs the space after it."""
    alone = TITLE.match(form + " ")
    return alone is not None and alone.end() > len(form)


def _mission_in_place(name: str, tail: str, acronym: str) -> bool:
    """A body "in" a place and its acronym, which takes the letters of some words only, "in" among them.

    "African Union Transition Mission" + " in Somalia (ATMIS)", "United Nations Mission" + " in South Sudan
    (UNMISS)": the acronym's letters are initials of the whole name in order, from its first word's to its last's.
    """
    whole = f"{name}{tail}"
    words = [w for w in whole.replace("-", " ").split() if w[:1].isalpha()]
    return (
        tail.startswith(" in ")
        and len(acronym) >= 3
        and acronym.isupper()
        and acronym[0] == words[0][0].upper()
        and acronym[-1] == words[-1][0].upper()
        and _initials_in_order(acronym, whole)
    )


def _initials_in_order(acronym: str, name: str) -> bool:
    """Whether the acronym is made of the initials of the name's words, in order ("AMLO", "JFK")."""
    rest = iter(w[0].upper() for w in name.replace("-", " ").split() if w[:1].isalpha())
    letters = [ch for ch in acronym.upper() if ch.isalpha()]
    return len(letters) >= 2 and all(ch in rest for ch in letters)


def _with_whole(mentions: list[Candidate], whole: list[Candidate]) -> list[Candidate]:
    """`mentions` with every one inside a mention of `whole` replaced by it, in text order."""
    kept = [m for m in mentions if not any(w.start <= m.start and m.end <= w.end for w in whole)]
    return sorted(kept + whole, key=lambda m: m.start)
