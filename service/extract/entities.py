"""Canonical entities from spaCy's mentions: one person, place or organisation per real-world entity.

spaCy's `en_core_web_sm` gives mention spans with a label each; news needs more:

1. **Spans** are trimmed the way news NER benchmarks mark them (no leading "the", no possessive).
2. **Mentions are clustered**: the same text; a surname with the full name ("Assad" -> "Bashar
   al-Assad", also across a parenthesis: "Bashar al-) Assad"); an acronym defined in the text
   ("... Chemical Weapons (OPCW)") or a common one (UN, EU, US); two names of one gazetteer place.
3. **One label per cluster by vote**: spaCy's label for each mention, plus context ("the town of X",
   "the daily X", "President X"), plus the gazetteer (a country name is a place). Nationalities
   (spaCy's NORP) are never places.
4. **Canonical name**: the fullest form the article uses. **Salience** from frequency, the position of
   the first mention and presence in the title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from service.extract.gazetteer import Geocoder, fold
from service.extract.geocode import resolve_places
from service.extract.stems import led_by
from service.extract.types import Entity, Mention, Place

Label = str  # "person" | "place" | "org"


class Votes(defaultdict[Label, float]):
    """Label votes: a Counter with float weights (context rules weigh less than a model label)."""

    def __init__(self) -> None:
        super().__init__(float)

    def update(self, other: Mapping[Label, float]) -> None:  # type: ignore[override]
        """Add `other`'s votes (Counter semantics, not dict replacement)."""
        for label, weight in other.items():
            self[label] += weight

    def most_common(self, n: int | None = None) -> list[tuple[Label, float]]:
        """The `n` labels of most weight, heaviest first; ties keep insertion order, as Counter does."""
        if n == 1 and self:  # the usual question, without a sort: max keeps the first of equal weights
            return [max(self.items(), key=lambda kv: kv[1])]
        return sorted(self.items(), key=lambda kv: -kv[1])[:n]


_SPACY_LABEL = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "norp"}

#: Common acronyms and the names they stand for (merged when both occur; the fuller one wins).
ACRONYMS = {
    "UN": "United Nations",
    "U.N.": "United Nations",
    "EU": "European Union",
    "E.U.": "European Union",
    "NATO": "North Atlantic Treaty Organization",
    "WHO": "World Health Organization",
    "IS": "Islamic State",
    "ISIS": "Islamic State",
    "ISIL": "Islamic State",
    "IMF": "International Monetary Fund",
    "ICC": "International Criminal Court",
    "ICRC": "International Committee of the Red Cross",
    "AU": "African Union",
    "IAEA": "International Atomic Energy Agency",
    "UNICEF": "United Nations Children's Fund",
    "UNHCR": "United Nations High Commissioner for Refugees",
    "FBI": "Federal Bureau of Investigation",
    "CIA": "Central Intelligence Agency",
    "IDF": "Israel Defense Forces",
    "RSF": "Rapid Support Forces",
}
_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "abu",
    "van",
    "von",
    "de",
    "da",
    "di",
    "du",
    "le",
    "la",
    "del",
    "der",
    "ben",
    "bint",
    "ul",
    "ud",
}
_JOIN_GAP = re.compile(
    r"\s*(?:(?P<particle>al|el|bin|ibn|abu|van|von|de|da|di|du|del|der|ben|bint)\s*(?P<hyphen>-)?)?\s*[)\]]?\s*",
    re.IGNORECASE,
)
_PLACE_BEFORE = led_by(
    r"tcvsdprgniamoef",
    re.compile(
        r"\b(?:town|city|village|suburb|district|province|region|governorate|neighbou?rhood|capital|county|port|"
        r"island|islands|area|camp|municipality|prefecture|oblast|state|enclave|outskirts|streets|city\s+centre|"
        r"centre|center)\s+of\s+$|\b(?:in|near|outside|across|to|from|at)\s+(?:the\s+)?$",
        re.IGNORECASE,
    ),
)
_STRONG_PLACE_BEFORE = re.compile(r"\b\w+\s+of\s+$")
_ORG_BEFORE = led_by(
    r"dnpbcamwotgf",
    re.compile(
        r"\b(?:daily|newspaper|paper|broadcaster|channel|agency|magazine|website|outlet|tabloid|network|"
        r"weekly|group|company|firm|party|militia|movement|carrier|airline|club|team|bank)\s+$",
        re.IGNORECASE,
    ),
)
_PERSON_BEFORE = re.compile(
    r"\b(?:President|Prime\s+Minister|Minister|Mr|Mrs|Ms|Dr|General|Gen|King|Queen|Pope|Prince|Princess|"
    r"Senator|Sen|Rep|Governor|Gov|Chancellor|Secretary|Sheikh|Ayatollah|Colonel|Col|Captain|Judge|"
    r"spokesman|spokeswoman|spokesperson|leader|counterpart|commander|chief|director|Mayor|Bishop|"
    r"Justice|CEO|founder|actor|actress|singer|author|coach|striker|player)\.?\s+$",
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ians?|eans?|ese|ish|is?|ans?|ch|ic|ers?)$")
_TRAILING = re.compile(r"(?:['’]s|['’]|[\s.,;:!?\"“”)\]-])+$")
_LEADING = re.compile(r"(?:(?:the|The|THE)\s+|[\s\"“'‘(\[/-]+)+")
_COMMA_NAME = re.compile(r",\s+(?P<name>(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,3})")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:)]|$)")
#: AP-style and postal state abbreviations news puts after a town ("Cumberland, Ind.", "St. Louis, MO").
US_STATE_ABBREVIATIONS = frozenset(
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nev "
    "n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn vt va wash w.va wis wyo "
    "al ak az ar ca co ct de fl hi id il in ia ks me mi mn ms mt ne nv nh nj nm ny nc nd oh ok or ri sc sd "
    "tn tx ut wa wv wi wy".split()
)
_US_STATE_AFTER = re.compile(
    r",\s*(?:(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|"
    r"Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Vt|Va|Wash|W\.Va|Wis|Wyo)\.|[A-Z]{2}\b"
    r"|Texas|Ohio|Iowa|Utah|Idaho|Maine|Alaska|Hawaii)"
)
_US_STATE_BEFORE = re.compile(r"[A-Za-z],\s*$")
_DIRECTION_BEFORE = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|downtown|suburban|central|rural)\s+$"
)
#: A dateline after the mention: ", <state>" or "(credit)" then a dash.
_DATELINE_AFTER = re.compile(
    r"(?:,\s*[A-Z][A-Za-z.]{1,14}(?:\s[A-Z][a-z.]+)?)?\s*(?:\([^()\n]{0,40}\)\s*)?(?:—|--|–|-\s|\?\?\?)"
)
_OPENING_BEFORE = re.compile(r"(?:^|[\n.!?:]\s*|\s{3,}|\d{4}\s+)$")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """Whether the mention opens a dateline: at a line or sentence start and followed by a dash."""
    return bool(_OPENING_BEFORE.search(text, max(0, start - 40), start)) and bool(_DATELINE_AFTER.match(text, end))


#: Two-letter names that are names: countries and states as news abbreviates them.
_SHORT_NAMES = US_STATE_ABBREVIATIONS | {"us", "u.s", "uk", "u.k", "un", "u.n", "eu", "e.u", "dc", "d.c"}
#: "near I-45 and Dyna", "Hopkins Street and Stark": a name coordinated with a street is a street.
_STREET_AND = re.compile(
    r"\b(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Court|Ct|Way|Parkway|Highway|Freeway|"
    r"I-\d+)\.?\s+(?:and|&)\s+$"
)
_IN_BEFORE = re.compile(r"\b(?:in|near|from|outside)\s+$")
_AGENCY_SHORT = re.compile(r".+\s(?:police|Police|sheriff|Sheriff)")
_AGENCY_LONG = re.compile(r"\b(?:Police|Sheriff['’]?s?)\s+(?:Department|Office)$")
#: Where a text points readers to an organisation: "call Crime Stoppers at", "the anonymous We-Tip Hotline at".
_CALL_ORG = re.compile(
    r"\b(?:call|contact|or)\s+(?:the\s+)?(?:anonymous\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
    r"\s+(?:at|on)\s+(?:\(?\d|\d)"
)
#: A wire credit opening the text: "(STMW) — Charges are pending".
_CREDIT = re.compile(r"(?:^|(?<=\s))\((?P<name>[A-Z][A-Za-z0-9]{1,7})\)\s*(?:—|--|–|-\s)")
_CALL_SIGN_NAME = re.compile(r"^(?:[KW][A-Z]{2,3}(?:-TV)?|CBS|NBC|ABC|FOX\d*|CNN)$")
_LEADING_ADJECTIVES = frozenset("fatal suspect suspected alleged victim slain breaking update deadly".split())
#: A state body named by its country, people or leader: "Sudan's health ministry", "Lebanese government",
#: "Bangladesh military", "Trump administration", "United States Senate" ("Israeli forces" is a group).
_STATE_BODY = re.compile(
    r"(?:['’]s)?\s+(?:(?:health|defen[cs]e|foreign|interior|finance|justice|education)\s+ministry|government"
    r"|military|armed\s+forces|administration|Senate|Parliament|parliament|Congress)\b"
)
#: A capitalised designator that belongs to a place's name: "Al Anbar Governorate", "Borno State".
_DESIGNATOR_AFTER = re.compile(r"[ -](?:Governorate|Province|Oblast|District|Region|Prefecture|State|Territory)\b")
#: What joins two place mentions into one name: "Democratic Republic of the Congo", "Dallas–Fort Worth".
_PLACE_JOIN = re.compile(r"\s+of\s+the\s+|\s+and\s+|–|\s")
#: A national team: a country that defeats, beats, qualifies, draws... in a sports sentence.
_SPORT_BEFORE = re.compile(r"\b(?:defeat\w*|beat(?:s|ing)?|against|champions|versus|vs\.?)\s+(?:the\s+)?$")
_SPORT_AFTER = re.compile(
    r"\s+(?:and\s+[A-Z][\w ]{1,30}?\s+)?(?:defeats?|defeated|beats?|qualif(?:y|ies|ied)|wins?|won|loses?|lost"
    r"|draws?|drew|advances?|advanced|secures?|securing|finish(?:es)?)\b"
)
_SPORT_SENTENCE = re.compile(r"\b(?:football|soccer|World\s+Cup|Cup|league|League|tournament|qualif\w+|\d+–\d+)")
_DATELINE_NAME = re.compile(
    r"(?P<name>[A-Z][a-z'’.]+(?:[ -][A-Z][a-z'’.]+){0,3})(?=(?:,\s*[A-Z][A-Za-z.]{1,14}(?:\s[A-Z][a-z.]+)?)?\s*"
    r"(?:\([^()\n]{0,40}\)\s*)?(?:—|--|–|-\s))"
)
_LOCATED = re.compile(
    r"\b(?:in|near|outside|from)\s+(?P<name>[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,3}),\s+"
    r"(?P<country>[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})(?=\s*[,.;:)]|$)"
)
#: Head words of organisations' names: a "place" so named is an organisation ("Police Scotland").
_COUNTRY_BEFORE = re.compile(r"(?P<name>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})\s$")
_ORG_WORDS = frozenset(
    "police ministry department council agency corps forces party committee commission authority office "
    "university court bank company airlines group institute foundation association union".split()
)
_ORG_HEAD = frozenset("unit division office department bureau agency services squad team hotline force".split())
_SCORE_TAIL = re.compile(r"(?:\s+\d+[–-]\d+(?:\(\d+[–-]\d+\))?,?)+$")
_IN_SPLIT = re.compile(r"\s+in\s+(?=[A-Z])")
#: "the 900 block of Green Pond", "at the corner of X": what follows is a street.
_BLOCK_BEFORE = re.compile(r"\b(?:block\s+(?:of\s+)?|corner\s+of\s+|intersection\s+of\s+)$", re.IGNORECASE)
_ACRONYM_DEF = re.compile(r"\s*\(\s*(?P<acr>[A-Z][A-Za-z&.-]{1,9})\s*\)")


#: Law-enforcement and county agencies named by their place: "Milwaukee police", "Orangeburg County
#: Sheriff's (deputies)", "San Diego sheriff’s (detectives)", "Los Angeles County coroner('s records)",
#: "Milwaukee County District Attorney’s Office". The place part is checked against the gazetteer.
_AGENCY = re.compile(
    r"(?P<place>(?:[A-Z][\w'’.-]*\s+){0,3}?(?:[A-Z][\w'’.-]*))\s+"
    r"(?P<county>County\s+)?"
    r"(?P<kind>(?:Metropolitan\s+)?[Pp]olice(?:\s+Department)?(?![\w-])|[Ss]heriff(?:['’]s)?(?:\s+(?:Office|Department))?"
    r"|[Cc]oroner(?:['’]s\s+Office)?|District\s+Attorney['’]s\s+Office|Medical\s+Examiner['’]s\s+Office"
    r"|Superior\s+Court|Fire\s+Department|Department\s+of\s+[A-Z][\w]+(?:\s+(?:and\s+)?[A-Z][\w]+){0,3})"
)
#: Words before a bare county/agency noun that are not a place ("According", "The", "Sgt").
_NOT_PLACE_WORDS = frozenset({"the", "according", "a", "an", "and", "said", "says", "by", "when"})
#: Ranks and offices written before a name: stripped from people ("Det. A. Burke" -> "A. Burke").
_TITLE = re.compile(
    r"^(?:(?:Sgt|Sergeant|Det|Dets|Detective|Detectives|Deputy|Deputies|Officer|Officers|Cpl|Corporal|Lt|"
    r"Lieutenant|Capt|Captain|Chief|Sheriff|Trooper|Agent|Pharaoh|Patrolman|Inspector|Commander|Constable|"
    r"Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Judge|Mayor|President|Reverend|Rev|Pastor|Father|Coach)\.?\s+)+"
)
_TITLE_BEFORE = re.compile(
    r"(?<![\w.])(?P<title>(?:Sgt|Sergeant|Det|Detective|Deputy|Officer|Cpl|Corporal|Lt|Lieutenant|Capt|Captain|"
    r"Chief|Sheriff|Trooper|Agent|Inspector|Commander|Constable)\.?)\s+$"
)
_TITLED_NAME = re.compile(
    r"(?<![\w.])(?P<title>(?:Sgt|Sergeant|Det|Detective|Deputy|Officer|Cpl|Corporal|Lt|Lieutenant|Capt|Captain|"
    r"Chief|Sheriff|Trooper|Agent|Inspector|Constable)\.?)\s+"
    r"(?P<name>(?:[A-Z]\.\s?){0,2}[A-Z][a-z'’-]+(?:\s(?:[A-Z]\.\s)?[A-Z][a-z'’-]+){0,2})(?![\w'’-])"
)
_RANK_AFTER = re.compile(r"\s+(?:Deputy|Deputies|Sgt|Sergeant|Det|Detective|Officer|Trooper|Cpl|Lt|Capt)\b")
_BETWEEN_STREETS = re.compile(
    r"\b(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Court|Ct|Way|Parkway|Highway|Freeway)\.?"
    r"[^!?]{0,80}?\bbetween\s+(?:[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}\s+(?:and|&)\s+)?$"
)
_TRAILING_TITLE = re.compile(
    r"\s+(?:Sgt|Sergeant|Det|Dets|Detective|Detectives|Deputy|Deputies|Officer|Officers|Cpl|Lt|Capt|Trooper|"
    r"Agent|Spokesman|Spokeswoman)\.?$"
)
#: Names made only of role and agency words are fragments, not entities ("County Sheriff", "Suspect").
_GENERIC = frozenset(
    "sheriff sheriff's sheriff’s coroner coroner's department suspect suspects trooper troopers police county "
    "deputy deputies detective detectives officer officers sgt det dets cpl security victim victims homicide "
    "district office court weather sports traffic news update coroners unit the shooting person shot man woman "
    "fatal breaking".split()
)
#: Streets, addresses and buildings are facilities, neither places nor organisations.
_STREET = re.compile(
    r"(?:(?<!Supreme )(?<!Criminal )(?<!Federal )(?<!District )(?<!Superior )(?<!Appeals )(?<!High )(?<!Circuit )"
    r"(?<!Constitutional )(?<!County )(?<!Crown )(?<!Justice )(?<!Family )(?<!Juvenile )(?<!Municipal )\bCourt$"
    r"|\b(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Ct|Place|Pl|Way|Parkway|Pkwy|"
    r"Highway|Hwy|Freeway|Expressway|Circle|Terrace|Trail|Plaza|Alley|Gate)\.?$)"
    r"|^(?:Interstate|I|Route|US|U\.S\.|State\s+Route|Highway)[ -]?\d+\b|^(?:Interstate|Highway|Freeway)$"
    r"|\b(?:Hospital|Medical\s+Center|Medical\s+Centre|Courthouse|Airport|Airfield|Bridge|Stadium|Arena|"
    r"Church|Cathedral|Mosque|Synagogue|Temple|Mall|Center|Centre|High\s+School|Elementary|Cemetery|Prison|"
    r"Jail)\b"
)
#: Events, awards, works, vehicles and products: not organisations, people or places.
_NOT_ENTITY = re.compile(
    r"\b(?:Awards?|Prize|Cup|Championships?|Olympics|Games|Festival|Grand\s+Slam|Open|Dynasty|Statute|"
    r"Agreement|Treaty|Accords?|Mechanism|Telescope|Solar\s+System|Best\s+\w+)$|^Group\s+[A-H]$"
    r"|\b(?:F|MiG|Su|Bell|Boeing|Airbus|AR|AK)[ -]?\d+\b|^(?:Chevrolet|Dodge|Pontiac|Buick)\b"
    r"|^(?:white|black|silver|red|blue|gr[ae]y|green|gold|tan|maroon|dark|light)\s"
)
#: "X, 26," / "X, a 26-year-old": how news introduces a person.
_AGE_AFTER = re.compile(r"\s*,\s*(?:a\s+|an\s+)?\d{1,3}(?:-year-old)?\b")
_PERSON_CUE_BEFORE = re.compile(
    r"\b(?:identified\s+(?:him|her|them|the\s+\w+\s+)?as|victim|suspect|named|eyewitness|witness|neighbor|"
    r"neighbour|son|daughter|brother|sister|wife|husband|mother|father|Deputy|Sgt|Det|Detective|Officer|"
    r"Sheriff|Chief|Trooper|Cpl|Lt|Capt)\.?\s+$"
)


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    form: str  # the name as it should read ("Bashar al-Assad"), may differ from the raw text
    votes: Votes = field(default_factory=Votes)
    title: str | None = None


def _raw_offset(raw: str, form_index: int) -> int:
    """Index in `raw` of the character at `form_index` of its whitespace-collapsed form."""
    seen = 0
    i = 0
    while i < len(raw) and raw[i].isspace():
        i += 1
    while i < len(raw) and seen < form_index:
        if raw[i].isspace():
            while i < len(raw) and raw[i].isspace():
                i += 1
            seen += 1
            continue
        i += 1
        seen += 1
    return i


def _leading(mention: _Mention) -> Label:
    return mention.votes.most_common(1)[0][0] if mention.votes else "org"


def _looks_like_name(form: str) -> bool:
    words = form.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


@dataclass(slots=True)
class _Cluster:
    mentions: list[_Mention]
    votes: Votes = field(default_factory=Votes)
    acronym_of: str | None = None

    def label(self) -> Label:
        for mention in self.mentions:
            self.votes.update(mention.votes)
        best = sorted(self.votes.items(), key=lambda kv: (-kv[1], kv[0]))
        return best[0][0] if best else "org"


@dataclass(frozen=True, slots=True)
class Entities:
    """The three entity lists of one article."""

    people: tuple[Entity, ...]
    places: tuple[Place, ...]
    organisations: tuple[Entity, ...]


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s-]+", name) if t and t.lower() not in _PARTICLES]


class EntityBuilder:
    """Builds canonical entities from a parsed document."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder

    def build(self, doc: Doc, title: str | None = None, body: str | None = None, text: str | None = None) -> Entities:
        """Cluster, label, name, geocode and score the entities of `doc`.

        `doc.text` may be a normalised copy of `body` (same length): names are read from it, mention
        texts from `body`, so that every mention's text is `body[start:end]`. `text`: `doc.text` when the
        caller has it (Doc.text re-joins every token on each access).
        """
        text = doc.text if text is None else text
        original = body if body is not None and len(body) == len(text) else text
        mentions = self._mentions(doc, text)
        if not mentions:
            return Entities((), (), ())
        clusters = self._cluster(mentions, text)
        people: list[Entity] = []
        orgs: list[Entity] = []
        places: list[tuple[_Cluster, str]] = []
        max_count = max(len(c.mentions) for c in clusters)
        for cluster in clusters:
            label = cluster.label()
            if label == "norp":
                continue
            name = self._canonical(cluster)
            if label == "place":
                places.append((cluster, name))
                continue
            rank = next((m.title for m in cluster.mentions if m.title), None) if label == "person" else None
            entity = Entity(
                name,
                self._as_mentions(cluster, original),
                self._salience(cluster, name, title, len(text), max_count),
                title=rank,
            )
            (people if label == "person" else orgs).append(entity)
        spans = [(name, [(m.start, m.end) for m in cluster.mentions]) for cluster, name in places]
        place_entities = []
        for (cluster, name), geo in zip(places, resolve_places(self.geocoder, spans, text), strict=True):
            place_entities.append(
                Place(
                    name,
                    self._as_mentions(cluster, original),
                    self._salience(cluster, name, title, len(text), max_count),
                    kind=geo.kind if geo else None,
                    country_code=geo.country_code if geo else None,
                    lat=geo.lat if geo else None,
                    lon=geo.lon if geo else None,
                    geonames_id=geo.geonames_id if geo else None,
                    admin1=geo.admin1 if geo else None,
                )
            )

        def order(e: Entity | Place) -> tuple[float, int]:
            return (-e.salience, e.mentions[0].start)

        return Entities(
            tuple(sorted(people, key=order)), tuple(sorted(place_entities, key=order)), tuple(sorted(orgs, key=order))
        )

    # -- mentions -------------------------------------------------------------------------------------

    def _mentions(self, doc: Doc, text: str) -> list[_Mention]:
        out: list[_Mention] = []
        agencies = self._agencies(text) + self._titled_people(text) + self._credits(text)
        taken = [(a.start, a.end) for a in agencies]
        breaks = doc.user_data.get("breaks", ())
        all_ents = doc.ents  # Doc.ents walks the whole document on each access: read it once
        ents = [e for e in all_ents if e.label_ in _SPACY_LABEL]
        i = 0
        while i < len(ents):
            ent = ents[i]
            start, end = ent.start_char, ent.end_char
            if any(a < end and start < b for a, b in taken):
                i += 1
                continue
            label = _SPACY_LABEL[ent.label_]
            # "(Syrian President Bashar al-) Assad": two spaCy mentions of one name.
            if label == "person" and i + 1 < len(ents) and ents[i + 1].label_ == "PERSON":
                gap = _JOIN_GAP.fullmatch(text, end, ents[i + 1].start_char)
                if gap and gap.group("particle"):
                    mention = self._trimmed(text, start, ents[i + 1].end_char)
                    if mention is not None:
                        nxt = ents[i + 1]
                        joiner = "-" if gap.group("hyphen") else " "
                        raw_end = self._trimmed(text, start, end)
                        head = raw_end.form if raw_end is not None else text[start:end]
                        mention.form = f"{head} {gap.group('particle')}{joiner}{text[nxt.start_char : nxt.end_char]}"
                        self._vote(mention, label, text)
                        out.append(mention)
                        i += 2
                        continue
            for a, b in self._pieces(text, start, end, breaks):
                mention = self._trimmed(text, a, b)
                if mention is None:
                    continue
                mention_label = self._refine(mention, label, text)
                if mention_label is None:
                    continue
                self._vote(mention, mention_label, text)
                out.append(mention)
            i += 1
        out.extend(agencies)
        out.extend(self._pointed_orgs(text, out))
        out.sort(key=lambda m: m.start)
        out = self._split_place_prefix(text, out)
        out = self._state_bodies(all_ents, text, out)
        out = self._located_places(text, out)
        out = self._join_places(text, out)
        self._acronym_mentions(out, text)
        return out

    @staticmethod
    def _trimmed(text: str, start: int, end: int) -> _Mention | None:
        """The span without a leading "the", quotes or a possessive; None when nothing name-like is left."""
        lead = _LEADING.match(text[start:end])
        if lead:
            start += lead.end()
        trail = _TRAILING.search(text, start, end)
        if trail and trail.start() > start:
            end = trail.start()
        score = _SCORE_TAIL.search(text, start, end)  # "Jannik Sinner 4–6"
        if score and score.start() > start:
            end = score.start()
        if end <= start or not any(ch.isalpha() for ch in text[start:end]):
            return None
        return _Mention(start, end, " ".join(text[start:end].split()))

    @staticmethod
    def _pieces(text: str, start: int, end: int, breaks: Sequence[int]) -> list[tuple[int, int]]:
        """A spaCy span cut at glue points and at " in " ("Cadillac Drive in Ceres")."""
        cuts = [start]
        for point in breaks:
            if start < point < end:
                cuts.append(point)
        pieces = []
        for a, b in zip(cuts, [*cuts[1:], end], strict=True):
            inner = _IN_SPLIT.search(text, a, b)
            if inner:
                pieces.extend([(a, inner.start()), (inner.end(), b)])
            else:
                pieces.append((a, b))
        return pieces

    def _refine(self, mention: _Mention, label: Label, text: str) -> Label | None:
        """Strip titles, drop fragments, facilities and non-entities; the label to vote, or None to drop."""
        title = _TITLE.match(mention.form) if label in ("person", "org") else None
        if title:
            if title.end() >= len(mention.form):
                return None  # "Cpl", "Sgt.": a rank alone
            mention.start += _raw_offset(text[mention.start : mention.end], title.end())
            mention.title = " ".join(mention.form[: title.end()].split())
            mention.form = mention.form[title.end() :]
            if label == "org" and _looks_like_name(mention.form):
                label = "person"  # "Deputy Mike Vasquez" read as an organisation
        elif label == "person" and (before := _TITLE_BEFORE.search(text, max(0, mention.start - 30), mention.start)):
            mention.title = before.group("title")  # "sheriff’s Sgt. Mark Haynes": spaCy left the rank out
        trailing = _TRAILING_TITLE.search(mention.form)
        if trailing:
            keep = _raw_offset(text[mention.start : mention.end], trailing.start())
            mention.end = mention.start + keep
            mention.form = mention.form[: trailing.start()]
            if label == "person":
                label = "org"  # "LAPD Criminal Gang Homicide Det. A. Burke": the unit, then the rank
        words = [w.lower().strip(".’'\"“”") for w in mention.form.split()]
        if not mention.form or all(w in _GENERIC or not w for w in words):
            return None
        if (
            len(words) >= 2
            and words[0] in _LEADING_ADJECTIVES
            and mention.form.split()[1][:1].isupper()
            and words[-1] not in _ORG_HEAD
        ):
            # "Fatal Garland" from a headline, "Suspect John Doe"
            mention.start += _raw_offset(text[mention.start : mention.end], len(mention.form.split()[0]) + 1)
            mention.form = " ".join(mention.form.split()[1:])
        letters = sum(ch.isalpha() for ch in mention.form)
        if letters <= 2 and mention.form not in ACRONYMS and fold(mention.form.rstrip(".")) not in _SHORT_NAMES:
            return None  # "D.A", "ed": fragments
        window = text[max(0, mention.start - 160) : mention.start]
        if (
            _STREET.search(mention.form)
            or _BLOCK_BEFORE.search(window[-20:])
            or (("and" in window[-40:] or "&" in window[-40:]) and _STREET_AND.search(window[-40:]))
        ):
            return None
        if _NOT_ENTITY.search(mention.form):
            return None
        if label == "place" and _RANK_AFTER.match(text, mention.end):
            return None  # "Riverside County Deputy Mike Vasquez": the agency's designation, not a place
        if "between" in window and _BETWEEN_STREETS.search(window):
            return None  # "on Hopkins Street — between Fairmount and Stark"
        return label

    def _state_bodies(self, ents: Sequence[Span], text: str, mentions: list[_Mention]) -> list[_Mention]:
        """Replace "Sudan" + "'s health ministry" (and the like) by one organisation mention."""
        bodies = []
        for ent in ents:
            if ent.label_ == "ORG":
                # "The United States Senate": spaCy's ORG is "Senate" alone.
                lead = _COUNTRY_BEFORE.search(text, max(0, ent.start_char - 40), ent.start_char)
                country = self.geocoder.lookup(lead.group("name")) if lead and ent.text[:1].isupper() else None
                if lead and country is not None and country.kind == "country":
                    trimmed = self._trimmed(text, lead.start("name"), ent.end_char)
                    if trimmed is not None:
                        trimmed.votes["org"] += 5.0
                        bodies.append(trimmed)
                continue
            if ent.label_ not in ("GPE", "NORP", "PERSON"):
                continue
            match = _STATE_BODY.match(text, ent.end_char)
            if match is None:
                continue
            start = ent.start_char + (4 if text.startswith("The ", ent.start_char) else 0)
            mention = _Mention(start, match.end(), " ".join(text[start : match.end()].split()))
            mention.votes["org"] += 5.0
            bodies.append(mention)
        if not bodies:
            return mentions
        kept = [m for m in mentions if not any(b.start < m.end and m.start < b.end for b in bodies)]
        return sorted(kept + bodies, key=lambda m: m.start)

    def _split_place_prefix(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """Split "Darien Walmart" (a headline) into the place Darien and the Walmart named alone elsewhere."""
        forms = {m.form for m in mentions}
        out: list[_Mention] = []
        for m in mentions:
            words = m.form.split()
            if len(words) < 2 or _leading(m) != "org":
                out.append(m)
                continue
            for k in range(1, len(words)):
                head, tail = " ".join(words[:k]), " ".join(words[k:])
                place = self.geocoder.lookup(head) if tail in forms else None
                if place is None or fold(place.name) != fold(head):
                    continue
                cut = m.start + _raw_offset(text[m.start : m.end], len(head) + 1)
                first = _Mention(m.start, m.start + len(text[m.start : cut].rstrip()), head)
                first.votes["place"] += 1.0
                second = _Mention(cut, m.end, tail)
                second.votes["org"] += 1.0
                out.extend([first, second])
                break
            else:
                out.append(m)
        return out

    def _located_places(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """Places spaCy missed that the text locates: "in As-Suwayda Governorate, Syria"."""
        added = []
        for match in _DATELINE_NAME.finditer(text):
            a, b = match.span("name")
            overlaps = any(m.start < b and a < m.end for m in mentions)
            if (
                _OPENING_BEFORE.search(text, max(0, a - 40), a)
                and not overlaps
                and not _STREET.search(match.group("name"))
                and match.group("name").lower() not in _GENERIC
            ):
                mention = _Mention(a, b, " ".join(match.group("name").split()))
                mention.votes["place"] += 3.0  # "BOISE, Idaho (KXYZ) —" that spaCy did not see
                added.append(mention)
        for match in _LOCATED.finditer(text):
            a, b = match.span("name")
            if any(m.start < b and a < m.end for m in mentions):
                continue
            region = self.geocoder.lookup(match.group("country"))
            if region is None or region.kind not in ("country", "region") or _STREET.search(match.group("name")):
                continue
            mention = _Mention(a, b, " ".join(match.group("name").split()))
            mention.votes["place"] += 1.5
            added.append(mention)
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _join_places(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """Join place mentions that are one name, and extend a place by its capitalised designator."""
        out: list[_Mention] = []
        for m in mentions:
            words = m.form.split()
            half = len(words) // 2
            repeated = half and len(words) % 2 == 0 and words[:half] == words[half:] and _leading(m) == "place"
            if repeated and self.geocoder.lookup(m.form) is None:  # not "Walla Walla"
                # spaCy's "Millbrook Millbrook": a headline glued to its dateline; keep the dateline's copy.
                m = _Mention(
                    m.start + _raw_offset(text[m.start : m.end], len(" ".join(words[:half])) + 1),
                    m.end,
                    " ".join(words[half:]),
                    m.votes,
                    m.title,
                )
            prev = out[-1] if out else None
            if (
                prev is not None
                and _leading(prev) == "place"
                and _leading(m) == "place"
                and _PLACE_JOIN.fullmatch(text, prev.end, m.start)
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
                    prev.votes.update(m.votes)
                    continue
            out.append(m)
        for m in out:
            designator = _DESIGNATOR_AFTER.match(text, m.end)
            if designator and _leading(m) == "place" and m.form.split()[-1] not in designator.group():
                m.end = designator.end()
                m.form = " ".join(text[m.start : m.end].split())
        return out

    @staticmethod
    def _pointed_orgs(text: str, found: list[_Mention]) -> list[_Mention]:
        """Organisations spaCy missed where the text points to them: a tip line, a wire credit."""
        out = []
        for pattern in (_CALL_ORG,):
            for match in pattern.finditer(text):
                a, b = match.span("name")
                if any(m.start < b and a < m.end for m in found) or _TITLE.match(match.group("name") + " "):
                    continue
                if _CALL_SIGN_NAME.match(match.group("name")):
                    continue
                mention = _Mention(a, b, match.group("name"))
                mention.votes["org"] += 1.5
                out.append(mention)
        return out

    @staticmethod
    def _credits(text: str) -> list[_Mention]:
        """A wire credit opening the text, "(STMW) — Charges are ...", whatever spaCy called it."""
        out = []
        for match in _CREDIT.finditer(text):
            if _CALL_SIGN_NAME.match(match.group("name")):
                continue
            mention = _Mention(*match.span("name"), match.group("name"))
            mention.votes["org"] += 3.0
            out.append(mention)
        return out

    @staticmethod
    def _titled_people(text: str) -> list[_Mention]:
        """A rank followed by a name is a person, whole: "Detective Ana Ramos" (spaCy: ORG "Ramos")."""
        out = []
        for match in _TITLED_NAME.finditer(text):
            words = [w.lower().strip(".") for w in match.group("name").split()]
            if any(w in _GENERIC or w in _ORG_WORDS for w in words):
                continue
            mention = _Mention(match.start("name"), match.end("name"), " ".join(match.group("name").split()))
            mention.votes["person"] += 3.0
            mention.title = match.group("title")
            out.append(mention)
        return out

    def _agencies(self, text: str) -> list[_Mention]:
        """Agencies named by their place ("Milwaukee police", "Los Angeles County coroner")."""
        out = []
        for match in _AGENCY.finditer(text):
            words = list(re.finditer(r"\S+", match.group("place")))
            # The place is the longest tail of capitalised words that the gazetteer knows, or any run
            # before "County"; sentence words ("According") are never part of it.
            start = -1
            # Never across a sentence end ("... said Sunday. Riverside County sheriff's deputies").
            last_stop = max(
                (k for k, w in enumerate(words) if w.group().endswith(".") and len(w.group()) > 3), default=-1
            )
            for word in words[last_stop + 1 :]:
                if word.group().lower() in _NOT_PLACE_WORDS:
                    continue
                name = match.group("place")[word.start() :]
                if match.group("county") or self.geocoder.lookup(name) is not None:
                    start = match.start("place") + word.start()
                    break
            if start < 0:
                continue
            end = match.end("kind")
            mention = self._trimmed(text, start, end)
            if mention is None:
                continue
            mention.votes["org"] += 5.0
            out.append(mention)
        return out

    def _vote(self, mention: _Mention, label: Label, text: str) -> None:
        mention.votes[label] += 1.0
        before = text[max(0, mention.start - 40) : mention.start]
        words = mention.form.split()
        # Cheap label tests before the regexes: the same conditions, fewer searches.
        if label != "place" and _STRONG_PLACE_BEFORE.search(before) and _PLACE_BEFORE.search(before):
            mention.votes["place"] += 2.0  # "the rebel-held town of Khan Sheikhun"
        elif label == "person" and len(words) <= 2 and _PLACE_BEFORE.search(before):
            mention.votes["place"] += 0.6  # "in Ghouta": people are rarely "in" or "near"
        known = (
            self.geocoder.lookup(mention.form)
            if label != "place" and _IN_BEFORE.search(before) and len(words) <= 3
            else None
        )
        if known is not None and fold(known.name) == fold(mention.form):
            mention.votes["place"] += 2.0  # "in Downers Grove": a gazetteer town after "in"
        if label == "person" and before.endswith(("the ", "The ")) and mention.form.endswith("s") and len(words) == 1:
            mention.votes["org"] += 1.5  # "the Houthis shelled ...": a group, not a person
        if before.endswith("/") and before[-2:-1].isalpha():
            mention.votes["org"] += 2.0  # a photo credit "Ben Gray/Atlanta Journal-Constitution": the outlet
        if label != "place" and self._country_follows(text, mention.end):
            mention.votes["place"] += 2.0  # "a school in Spišská Stará Ves, Slovakia"
        if _ORG_BEFORE.search(before):
            mention.votes["org"] += 2.0  # "the conservative French daily Le Figaro"
        if label != "place" and _PERSON_BEFORE.search(before):
            mention.votes["person"] += 1.5
        geo = self.geocoder.lookup(mention.form) if label != "place" and len(words) <= 3 else None
        if geo is not None:
            if geo.kind in ("country", "continent"):
                mention.votes["place"] += 1.1
            elif geo.population >= 100_000 and label == "org" and fold(geo.name) == fold(mention.form):
                mention.votes["place"] += 0.6
            elif label == "org" and fold(geo.name) == fold(mention.form):
                mention.votes["place"] += 0.3  # a tie-breaker: a gazetteer town the model called ORG
        if label == "place" and _DEMONYM.match(mention.form) and self.geocoder.lookup(mention.form) is None:
            mention.votes["norp"] += 2.0  # "Syrian", "Afghans": nationalities are not places
        if (
            (_SPORT_BEFORE.search(before) or _SPORT_AFTER.match(text, mention.end))
            and len(words) <= 3
            and _SPORT_SENTENCE.search(text, max(0, mention.start - 200), min(len(text), mention.end + 200))
            and (country := self.geocoder.lookup(mention.form)) is not None
            and country.kind == "country"
        ):
            mention.votes["org"] += 3.0  # "Portugal defeats Spain 5–3": national teams
        if label == "place" and len(words) >= 2 and {w.lower() for w in (words[0], words[-1])} & _ORG_WORDS:
            mention.votes["org"] += 2.0  # "Police Scotland", "Gaza Health Ministry"
        if _is_dateline(text, mention.start, mention.end) or (
            _US_STATE_BEFORE.search(before) and _DATELINE_AFTER.match(text, mention.end)
        ):
            mention.votes["place"] += 3.0  # "DAYTON -- A man ...", "CUMBERLAND, Ind. (Jan. 20) --"
        if label != "place" and _US_STATE_AFTER.match(text, mention.end):
            mention.votes["place"] += 2.0  # "Allen, Texas", "Holly Hill, S.C."
        if fold(mention.form.rstrip(".")) in US_STATE_ABBREVIATIONS and _US_STATE_BEFORE.search(before):
            mention.votes["place"] += 3.0  # the state of a dateline: "S.C.", "Ind.", "MO"
        if label != "place" and _DIRECTION_BEFORE.search(before) and geo is not None:
            mention.votes["place"] += 2.0  # "a south Augusta shopping center", "north St. Louis"
        if (
            label != "person"
            and len(words) >= 2
            and _looks_like_name(mention.form)
            and (_AGE_AFTER.match(text, mention.end) or _PERSON_CUE_BEFORE.search(before))
        ):
            mention.votes["person"] += 2.0  # "Carlos Carrillo, a 26-year-old", "victim Victoria Cantu"

    def _country_follows(self, text: str, end: int) -> bool:
        """Whether ", <country or state>" follows, the way news locates a town."""
        follow = _COMMA_NAME.match(text, end, min(len(text), end + 60))
        if follow is None:
            return False
        words = follow.group("name").split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            after = text[follow.start("name") :].find(name) + follow.start("name") + len(name)
            if not _CLAUSE_END.match(text, after):
                continue  # "John Smith, Texas governor": an apposition, not a location
            geo = self.geocoder.lookup(name)
            if geo is not None and geo.kind in ("country", "region"):
                return True
        return False

    @staticmethod
    def _acronym_mentions(mentions: list[_Mention], text: str) -> None:
        """Add acronym mentions spaCy missed, so every "OPCW" or "UN" in the text is counted."""
        acronyms = {m.form for m in mentions if m.form.isupper() and 2 <= len(m.form) <= 6}
        for m in list(mentions):
            definition = _ACRONYM_DEF.match(text, m.end)
            if definition:
                acronyms.add(definition.group("acr"))
        if not acronyms:
            return
        covered = sorted((m.start, m.end) for m in mentions)
        starts = [start for start, _ in covered]
        pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in sorted(acronyms)) + r")(?![\w])")
        for match in pattern.finditer(text):
            a, b = match.span()
            i = bisect_right(starts, a)
            if (i and covered[i - 1][1] > a) or (i < len(covered) and covered[i][0] < b):
                continue
            mention = _Mention(a, b, match.group())
            mention.votes["org"] += 0.5
            mentions.append(mention)
        mentions.sort(key=lambda m: m.start)

    # -- clusters -------------------------------------------------------------------------------------

    def _cluster(self, mentions: list[_Mention], text: str) -> list[_Cluster]:
        by_form: dict[str, _Cluster] = {}
        for m in mentions:
            by_form.setdefault(m.form, _Cluster([])).mentions.append(m)
        # Acronyms defined in the text, then common ones: the acronym joins its long form.
        alias: dict[str, str] = {}
        for m in mentions:
            definition = _ACRONYM_DEF.match(text, m.end)
            if definition and definition.group("acr") in by_form and m.form != definition.group("acr"):
                acr = definition.group("acr")
                initials = "".join(w[0] for w in m.form.split() if w[:1].isupper())
                if acr[0].upper() == m.form[0].upper() or acr.replace(".", "") in initials:
                    alias[acr] = m.form
        for acr, long_form in ACRONYMS.items():
            if acr in by_form and acr not in alias and long_form in by_form:
                alias[acr] = long_form
        # Places: two names of one gazetteer entry ("US", "United States", "America").
        geo_key: dict[int, str] = {}
        for form, cluster in by_form.items():
            votes = Votes()
            for m in cluster.mentions:
                votes.update(m.votes)
            if votes and votes.most_common(1)[0][0] == "place":
                geo = self.geocoder.lookup(form)
                if geo is not None and geo.geonames_id is not None and geo.kind in ("country", "region"):
                    if geo.geonames_id in geo_key:
                        other = geo_key[geo.geonames_id]
                        longer, shorter = sorted((other, form), key=lambda f: (-len(f), f))
                        alias[shorter] = longer
                        geo_key[geo.geonames_id] = longer
                    else:
                        geo_key[geo.geonames_id] = form
        self._person_aliases(by_form, alias)
        self._org_token_votes(by_form)
        self._agency_aliases(by_form, alias)
        merged: dict[str, _Cluster] = {}
        for form in sorted(by_form, key=lambda f: by_form[f].mentions[0].start):
            target = form
            seen = set()
            while target in alias and target not in seen:
                seen.add(target)
                target = alias[target]
            merged.setdefault(target, _Cluster([])).mentions.extend(by_form[form].mentions)
        for cluster in merged.values():
            cluster.mentions.sort(key=lambda m: m.start)
        return sorted(merged.values(), key=lambda c: c.mentions[0].start)

    @staticmethod
    def _person_aliases(by_form: dict[str, _Cluster], alias: dict[str, str]) -> None:
        """Surnames and first names join the full name that contains them ("Putin" -> "Vladimir Putin")."""

        def leading(cluster: _Cluster) -> Label:
            votes = Votes()
            for m in cluster.mentions:
                votes.update(m.votes)
            return votes.most_common(1)[0][0] if votes else "org"

        people = {f: _tokens(f) for f, c in by_form.items() if leading(c) == "person"}
        full = sorted((f for f, t in people.items() if len(t) >= 2), key=lambda f: (-len(people[f]), f))
        for form, cluster in by_form.items():
            if form in alias or leading(cluster) not in ("person", "org"):
                continue
            tokens = _tokens(form)
            if not tokens or len(tokens) >= 3:
                continue
            hosts = [
                f for f in full if f != form and len(people[f]) > len(tokens) and all(t in people[f] for t in tokens)
            ]
            if not hosts:
                continue
            if leading(cluster) == "org" and not (len(tokens) == 1 and tokens[0] == people[hosts[0]][-1]):
                continue  # an ORG mention joins a person only as the bare surname ("Assad")
            first = cluster.mentions[0].start
            preceding = [h for h in hosts if by_form[h].mentions[0].start <= first] or hosts
            host = max(
                preceding,
                key=lambda h: (
                    by_form[h].mentions[0].start <= first,
                    len(by_form[h].mentions),
                    -by_form[h].mentions[0].start,
                ),
            )
            alias[form] = host
            for m in cluster.mentions:
                m.votes["person"] += 1.5  # beats the ORG label spaCy often gives a bare surname

    @staticmethod
    def _agency_aliases(by_form: dict[str, _Cluster], alias: dict[str, str]) -> None:
        """One organisation under its short and long names.

        "LAPD" / "IMPD" join "Los Angeles police" / "Indianapolis Metropolitan police" (the place's
        initials + "PD"); "Garland police" joins "Garland Police Department"; "Force Investigation
        Division" joins "LAPD Force Investigation Division" (a tail of two or more words).
        """

        def leading(cluster: _Cluster) -> Label:
            votes = Votes()
            for m in cluster.mentions:
                votes.update(m.votes)
            return votes.most_common(1)[0][0] if votes else "org"

        orgs = [f for f, c in by_form.items() if leading(c) == "org" and f not in alias]
        for form in orgs:
            lowered = form.lower()
            for other in orgs:
                if other == form or len(other) <= len(form):
                    continue
                if (
                    _AGENCY_SHORT.fullmatch(form)
                    and other.lower().startswith(lowered.removesuffix(" police").removesuffix(" sheriff"))
                    and _AGENCY_LONG.search(other)
                ):
                    alias[form] = other
                    break
                if len(form.split()) >= 2 and other.endswith(" " + form):
                    alias[form] = other
                    break
            if form in alias or not (form.isupper() and form.endswith("PD") and 3 <= len(form) <= 6):
                continue
            for other in orgs:
                words = [w for w in other.split() if w.lower() not in ("police", "department")]
                if other != form and "".join(w[0] for w in words if w[:1].isupper()) + "PD" == form:
                    alias[form] = other
                    break

    @staticmethod
    def _org_token_votes(by_form: dict[str, _Cluster]) -> None:
        """Vote "org" for a "person" named with a word of an organisation's name.

        Such a name is the organisation's product or outlet ("Figaro Live" beside "Le Figaro").
        """
        org_words: set[str] = set()
        for form, cluster in by_form.items():
            if all(m.votes.most_common(1)[0][0] == "org" for m in cluster.mentions if m.votes):
                org_words.update(w for w in _tokens(form) if w[:1].isupper() and len(w) > 3)
        if not org_words:
            return
        for form, cluster in by_form.items():
            for m in cluster.mentions:
                if (
                    m.votes
                    and m.votes.most_common(1)[0][0] == "person"
                    and len(_tokens(form)) >= 2
                    and any(w in org_words for w in _tokens(form))
                    and m.votes["person"] < 2
                ):
                    m.votes["org"] += 1.5

    @staticmethod
    def _canonical(cluster: _Cluster) -> str:
        first_seen: dict[str, int] = {}
        for i, mention in enumerate(cluster.mentions):
            first_seen.setdefault(mention.form, i)
        return max(first_seen, key=lambda f: (len(_tokens(f)), len(f), -first_seen[f]))

    @staticmethod
    def _as_mentions(cluster: _Cluster, text: str) -> tuple[Mention, ...]:
        return tuple(Mention(text[m.start : m.end], m.start, m.end) for m in cluster.mentions)

    @staticmethod
    def _salience(cluster: _Cluster, name: str, title: str | None, length: int, max_count: int) -> float:
        """0.5 x frequency (relative to the most mentioned entity) + 0.3 x earliness + 0.2 if in the title."""
        frequency = len(cluster.mentions) / max_count
        earliness = 1.0 - cluster.mentions[0].start / max(length, 1)
        in_title = 0.0
        if title:
            lowered = title.lower()
            if any(t.lower() in lowered for t in {name, *(m.form for m in cluster.mentions)} if len(t) > 1):
                in_title = 1.0
        return max(0.0, min(1.0, 0.5 * frequency + 0.3 * earliness + 0.2 * in_title))


def place_mentions(places: Sequence[Place]) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every place mention, for tying casualty figures to places."""
    return sorted((m.start, m.end, p.name) for p in places for m in p.mentions)
