"""Label votes for one mention: spaCy's label, its context and the gazetteer, as a table of named rules.

Each `Rule` is (name, label, weight, test): when `test` holds for a mention in its context, `label` gets
`weight` and the rule's name is recorded on the mention (`Candidate.fired`), so that an explanation
can say why an entity is a person, a place or an organisation. spaCy's own label weighs 1.0; a rule
that must beat it alone weighs more, a tie-breaker less. Rules run in table order (ties between labels
keep the order in which they were first voted).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from service.extract.gazetteer import Geocoder, GeoPlace, fold
from service.extract.geocode.names import COUNTY_LIST_TAIL, COUNTY_PLURAL
from service.extract.ner.attach import DEMONYM_COUNTRIES
from service.extract.ner.given_names import GIVEN_NAMES
from service.extract.ner.lexicon import (
    ABROAD_DESIGNATORS,
    ACRONYM_SKIP_WORDS,
    AGE_AFTER,
    AGE_AFTER_STRICT,
    AGE_FROM_BEFORE,
    AGE_OF_BEFORE,
    AIRCRAFT_MAKER,
    ARABIC_PLACE_HEADS,
    AREA_AFTER,
    ARREST_AFTER,
    ARTICLE_PREFIX,
    ASSAULT_VERB_BEFORE,
    BASED_AFTER,
    BEARING_OF_BEFORE,
    BUSINESS_NOUN_AFTER,
    CHURCH_BODY,
    CIRCUIT,
    CITATION_AFTER,
    CITATION_BEFORE,
    CLAUSE_END,
    CLUB_SPORT,
    CLUB_SUFFIX,
    CLUB_SUFFIX_ALONE,
    COMMA_NAME,
    CRAFT_AFTER,
    CRAFT_BEFORE,
    DATELINE_AFTER,
    DATELINE_AFTER_DASH,
    DEMONYM,
    DIRECTION_BEFORE,
    DISEASE_HEADS,
    DISEASE_ORG_WORDS,
    FEATURE_OF_WORDS,
    FRANCHISE_NICKNAME,
    GENERIC_INSTITUTIONS,
    HEADING_REST_AFTER,
    HEADLINE_VERBS,
    HISTORIC_STATES,
    HONOURS,
    HORSE_AFTER,
    HORSE_BEFORE,
    HORSE_RIDDEN,
    IN_BEFORE,
    KIN_BEFORE,
    KNOWN_ORG_KEYS,
    LANGUAGE_IN_BEFORE,
    LIST_INCLUDING,
    LOCATED_BEFORE,
    LOWER_CASE_DEFINITION,
    MAKER_ARTICLE_BEFORE,
    MEMBER_OF_BEFORE,
    MODEL_NUMBER_BEFORE,
    NAME_DESIGNATORS,
    NATURAL_FEATURE_HEADS,
    NATURAL_FEATURE_PREFIXES,
    NOT_A_NAME,
    NOT_PERSON_WORDS,
    OPERATOR_VERB_AFTER,
    ORG_APPOSITION_AFTER,
    ORG_BEFORE,
    ORG_HEAD_GENERIC,
    ORG_LIST_BEFORE,
    ORG_NAME_HEADS,
    ORG_WORDS,
    OUTLET_NOUN_AFTER,
    OUTLET_REPORTS_AFTER,
    PAIR_PLACE_AFTER,
    PAIR_PLACE_BEFORE,
    PATHOGENS,
    PEOPLE_GROUPS,
    PERSON_BEFORE,
    PERSON_CUE_BEFORE,
    PERSON_LIST_BEFORE,
    PLACE_BEFORE,
    PLACE_CLOSE_AFTER,
    PLACE_KIND_AFTER,
    PLACE_ONLY_BEFORE,
    PLACE_PLURALS,
    PLATFORM_SOURCE_BEFORE,
    PLATFORMS,
    PORTFOLIO_LIST,
    POSSESSIVE_DESCRIPTION,
    POSSESSIVE_KIN_AFTER,
    POSSESSIVE_OFFICE_AFTER,
    POSSESSIVE_RELATIVE_AFTER,
    POST_LIST_OPEN,
    POST_OF_BEFORE,
    POST_OF_PLACE,
    POST_WITH_PORTFOLIO,
    PROTECTED_AREA_HEADS,
    QUALIFIED_STORM_WORDS,
    REGION_AFTER,
    REGION_DESIGNATORS_ABROAD,
    REGION_NOUN_AFTER,
    RESIDENT_AFTER,
    ROLE_APPOSITION_AFTER,
    ROLE_PLURALS,
    ROUTE_END_BEFORE,
    SENTENCE_START_BEFORE,
    SIDE_DESCRIPTION,
    SPEECH_AFTER,
    SPORT_AFTER,
    SPORT_BEFORE,
    SPORT_SENTENCE,
    STORM_QUALIFIERS,
    STORM_WORDS,
    STRAIN,
    STRONG_PLACE_BEFORE,
    SURNAME_FEATURES,
    TEAM_SPORT,
    THING_APPOSITION,
    TRADE_PLURAL,
    US_STATE_ABBREVIATIONS,
    US_STATE_AFTER,
    US_STATE_BEFORE,
    US_STATE_NAMES,
    WEAPON_AFTER,
    has_org_word,
    is_dateline,
    org_key,
)
from service.extract.ner.spans import Candidate, Label, looks_like_name


class Context:
    """One mention in its text, with the gazetteer lookups the rules share (made once, when first asked)."""

    __slots__ = ("_geo", "before", "geocoder", "label", "mention", "text", "voter", "words")
    voter: Voter
    geocoder: Geocoder
    mention: Candidate
    label: Label
    text: str
    before: str
    words: list[str]

    def __init__(self, voter: Voter, mention: Candidate, label: Label, text: str) -> None:
        self.voter = voter
        self.geocoder = voter.geocoder
        self.mention = mention
        self.label = label  # spaCy's label for the span (after `refine`)
        self.text = text
        self.before = text[max(0, mention.start - 40) : mention.start]
        self.words = mention.form.split()
        self._geo: GeoPlace | None | bool = False  # False: not looked up yet

    @property
    def geo(self) -> GeoPlace | None:
        """The gazetteer entry of a short non-place mention (spaCy's places are not second-guessed)."""
        if self._geo is False:
            short = self.label != "place" and len(self.words) <= 3
            self._geo = self.geocoder.lookup(self.mention.form) if short else None
        return self._geo if isinstance(self._geo, GeoPlace) else None

    def geo_is_form(self) -> bool:
        """Whether the gazetteer entry is the mention's own name, not an alternate spelling."""
        geo = self.geo
        return geo is not None and fold(geo.name) == fold(self.mention.form)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named vote: when `test(context)` holds, `label` gets `weight`."""

    name: str
    label: Label
    weight: float
    test: Callable[[Context], bool]
    #: spaCy labels (after `refine`) for which `test` never holds, by its own check of `context.label`: the
    #: `Voter` does not call it for them (about half the calls). A declaration only: `test` keeps its check.
    never_on: frozenset[Label] = frozenset()
    #: A pattern `test` needs a match of somewhere in the text to hold (a word its own patterns require, with
    #: their flags): the `Voter` does not call it for the mentions of a text without one (searched once a text).
    #: A declaration only, like `never_on`: it must hold for every way `test` can return True.
    needs: re.Pattern[str] | None = None


#: `Rule.never_on` sets: rules for one label only, or for every label but one.
_PLACE = frozenset({"place"})
_PERSON = frozenset({"person"})
POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
SHOP_BEFORE = re.compile(r"\b(?:a|an|the|at|from|to|of|in)\s+$", re.I)
_PERSON_NORP = frozenset({"person", "norp"})
_BUT_PERSON = frozenset({"place", "org", "norp"})
_BUT_PLACE = frozenset({"person", "org", "norp"})
_BUT_NORP = frozenset({"person", "place", "org"})
_BUT_ORG = frozenset({"person", "place", "norp"})
#: What `LOWER_CASE_DEFINITION` needs in a text (`Rule.needs` of `acronym_of_phrase`).
_BRACKET = re.compile(r"\(")


#: Where a match of `ORG_BEFORE` can start in the text before a name: it ends in whitespace at the end, and
#: its longest word ("conglomerate", "manufacturer") has 12 letters (a test derives the figure from the pattern).
ORG_BEFORE_REACH = 12


def _org_noun_before(c: Context) -> bool:
    """An outlet's or a group's noun right before the name ("the broadcaster X", "supermarket chain X")."""
    before = c.before
    # Searched only from where a match can start (the lookbehinds and `\b` still see the text before): the same
    # answer as a search of the whole 40 characters, ~3x faster (speed38).
    return bool(ORG_BEFORE.search(before, max(0, len(before.rstrip()) - ORG_BEFORE_REACH)))


def _place_of(c: Context) -> bool:
    return c.label != "place" and bool(STRONG_PLACE_BEFORE.search(c.before)) and bool(PLACE_BEFORE.search(c.before))


def _in_gazetteer_town(c: Context) -> bool:
    if c.label == "place" or len(c.words) > 3 or not IN_BEFORE.search(c.before):
        return False
    known = c.geocoder.lookup(c.mention.form)
    return known is not None and fold(known.name) == fold(c.mention.form)


def _national_team(c: Context) -> bool:
    m, text = c.mention, c.text
    # The (cached) gazetteer look-up first: few names are countries, and the patterns cost more.
    return (
        len(c.words) <= 3
        and (country := c.geocoder.lookup(m.form)) is not None
        and country.kind == "country"
        and bool(SPORT_BEFORE.search(c.before) or SPORT_AFTER.match(text, m.end))
        and bool(SPORT_SENTENCE.search(text, max(0, m.start - 200), min(len(text), m.end + 200)))
    )


def _dateline(c: Context) -> bool:
    m = c.mention
    if is_dateline(c.text, m.start, m.end):
        return True
    # "CUMBERLAND, Ind. (Jan. 20) --": the state after the town; not "her husband, Kyle Newman –"
    return (
        bool(US_STATE_BEFORE.search(c.before))
        and bool(DATELINE_AFTER.match(c.text, m.end))
        and (fold(m.form.rstrip(".")) in US_STATE_ABBREVIATIONS or c.geocoder.lookup(m.form) is not None)
    )


def _gazetteer_place_named_person(c: Context) -> bool:
    if c.label != "person" or len(c.words) > 2 or not c.mention.form[:1].isupper():
        return False
    if SPEECH_AFTER.match(c.text, c.mention.end):
        return False
    if PERSON_BEFORE.search(c.before):
        return False
    form = ARTICLE_PREFIX.sub("", c.mention.form)
    geo = c.geocoder.lookup(form)
    if geo is None or fold(geo.name) != fold(form):
        return False
    return geo.kind in ("country", "region", "continent") or geo.population >= 10_000


def _gazetteer_region(c: Context) -> bool:
    """Whether the gazetteer knows the mention by its own name as a country or region."""
    geo = c.geocoder.lookup(c.mention.form)
    return geo is not None and geo.kind in ("country", "region") and fold(geo.name) == fold(c.mention.form)


def _home_town(c: Context) -> bool:
    """A gazetteer town by its own name, read as an organisation, where a person's home is named.

    After "<name>, 25, from" any name is a home (the gazetteer lacks suburbs and villages: "Marston").
    """
    if c.label != "org" or len(c.words) > 2 or not looks_like_name(c.mention.form):
        return False
    if AGE_FROM_BEFORE.search(c.before):
        return (
            org_key(c.mention.form) not in KNOWN_ORG_KEYS
            and not has_org_word(c.words)
            and not any(w.lower() in NOT_PERSON_WORDS for w in c.words)
        )
    if not (RESIDENT_AFTER.match(c.text, c.mention.end) or AGE_OF_BEFORE.search(c.before)):
        return False
    geo = c.geocoder.lookup(c.mention.form)
    return geo is not None and geo.kind == "city" and fold(geo.name) == fold(c.mention.form)


def _age_after(c: Context) -> bool:
    """An age after the name ("Ana Ruiz, 26,"); not a count after a place ("in East Flatbush, 46 were held")."""
    if not AGE_AFTER.match(c.text, c.mention.end):
        return False
    return bool(AGE_AFTER_STRICT.match(c.text, c.mention.end)) or not IN_BEFORE.search(c.before)


def _given_name(word: str) -> bool:
    """A common given name, or two joined by a hyphen ("Anne-Marie", "Hans-Peter": eighth round)."""
    return fold(word) in GIVEN_NAMES or (
        word.count("-") == 1 and all(part[:1].isupper() and fold(part) in GIVEN_NAMES for part in word.split("-"))
    )


def _given_name_first(c: Context) -> bool:
    """A given name, then a surname, read as an organisation or a place ("Terry Pettit", "Yolande Ditewig")."""
    words = c.words
    if c.label not in ("org", "place") or not 2 <= len(words) <= 4 or not _given_name(words[0]):
        return False
    if not looks_like_name(c.mention.form) or has_org_word(words) or any(w.lower() in NOT_PERSON_WORDS for w in words):
        return False
    if org_key(c.mention.form) in KNOWN_ORG_KEYS or c.geocoder.lookup(c.mention.form) is not None:
        return False
    first = c.geocoder.lookup(words[0])  # "Chad", "Georgia", "Sofia" name places too
    return first is None or (first.kind == "city" and first.population < 1_000_000)


def _given_name_alone(c: Context) -> bool:
    """A common given name alone read as an organisation ("Ava", "Manal": a person called by the first name)."""
    if c.label != "org" or len(c.words) != 1 or fold(c.words[0]) not in GIVEN_NAMES:
        return False
    form = c.mention.form
    if form.isupper() or not looks_like_name(form) or has_org_word(c.words) or org_key(form) in KNOWN_ORG_KEYS:
        return False
    # "a Wendy's restaurant", "at Wendy's": a shop named by its founder's given name, after an article or a
    # preposition (a person's possessive, "for Ava's medicine", stays a person's)
    shop = POSSESSIVE_AFTER.match(c.text, c.mention.end) and SHOP_BEFORE.search(c.before)
    return c.geo is None and not shop


def _role_apposition(c: Context) -> bool:
    """A name given a person's role after a comma ("Eswar Prasad, professor of trade policy"), read as ORG.

    Also a name of two words or more read as a place ("X Y, the chair of the parliament,"), when no word of it
    designates a place ("Sumy Oblast") and the gazetteer does not know it (a town before "the mayor said").
    """
    words = c.words
    if c.label not in ("org", "place") or not 1 <= len(words) <= 4 or not looks_like_name(c.mention.form):
        return False
    if c.label == "place" and (
        len(words) < 2 or any(w in NAME_DESIGNATORS or w in NATURAL_FEATURE_HEADS for w in words)
    ):
        return False
    if c.mention.form.isupper() or has_org_word(words) or any(w.lower() in NOT_PERSON_WORDS for w in words):
        return False
    if org_key(c.mention.form) in KNOWN_ORG_KEYS or c.geocoder.lookup(c.mention.form) is not None:
        return False
    return bool(ROLE_APPOSITION_AFTER.match(c.text, c.mention.end))


def _role_not_body(c: Context) -> bool:
    """Posts in the plural ("Cabinet Secretaries", "MPs") or a member's title ("Members of Parliament")."""
    if c.label != "org" or not c.words:
        return False
    if len(c.words) == 1 and MEMBER_OF_BEFORE.search(c.before):
        return True
    # "Council of Ministers", "House of Representatives": a body of them, named
    return (c.words[-1] in ROLE_PLURALS or c.words[0] in ROLE_PLURALS) and "of" not in c.words


def _post_of_place(c: Context) -> bool:
    """A post named by a gazetteer place ("Ruler of Dubai", "Governor of Lagos") read as an organisation."""
    if c.label != "org":
        return False
    post = POST_OF_PLACE.match(c.mention.form)
    return post is not None and c.geocoder.lookup(post.group("place")) is not None


def _disease_or_storm(c: Context) -> bool:
    """Whether the name is a disease, a pathogen or a storm ("Avian Flu", "H5N1", "Cyclone Wati"): no entity."""
    if not c.words:
        return False
    # The first and last words decide; the other words only veto, so they are read only when those hold.
    first, last = c.words[0].lower().strip(".,"), c.words[-1].lower().strip(".,")
    two = len(c.words) >= 2
    if not (
        last in DISEASE_HEADS
        or first in PATHOGENS
        or STRAIN.match(c.words[0])
        or first in STORM_WORDS
        or (two and last in STORM_WORDS)
        or (two and first in STORM_QUALIFIERS and c.words[1].lower() in QUALIFIED_STORM_WORDS)
    ):
        return False
    lowered = [w.lower().strip(".,") for w in c.words]
    if has_org_word(lowered) or any(w in DISEASE_ORG_WORDS for w in lowered):
        return False
    return not (two and last in NOT_PERSON_WORDS)  # "Ebola River": a river named like the virus


def _abroad_designator(c: Context) -> bool:
    """Whether a span read as ORG is a place by its designator ("Luhansk Oblast", "Intan Jaya Regency")."""
    words = c.words
    return (
        c.label == "org"
        and len(words) >= 2
        and words[-1] in ABROAD_DESIGNATORS
        and all(w[:1].isupper() for w in words)
        and not has_org_word(words)
        and org_key(c.mention.form) not in KNOWN_ORG_KEYS
    )


def _region_designator_abroad(c: Context) -> bool:
    """Whether a span read as ORG is a first-level region abroad ("Blue Nile State", "Cauca Department").

    Not "Islamic State", "State Department", "Houston Police Department" (no gazetteer place before the
    designator, or an organisation's word), "Michigan State" (a US state: a university), nor a department
    "of" something ("Michigan Department of Health").
    """
    words = c.words
    if not (
        c.label == "org"
        and len(words) >= 2
        and words[-1] in REGION_DESIGNATORS_ABROAD
        and all(w[:1].isupper() for w in words)
        and not has_org_word(words[:-1])
        and not c.text.startswith(" of ", c.mention.end)
        and org_key(c.mention.form) not in KNOWN_ORG_KEYS
    ):
        return False
    if " ".join(words[:-1]) in US_STATE_NAMES:
        return False  # "Georgia State": a university, though Georgia is also a country
    region = c.geocoder.lookup(" ".join(words[:-1]))
    return region is not None and region.country_code != "US"


def _demonym_named_org(c: Context) -> bool:
    """A nationality word read as an organisation ("Emirati"); not a paper's name ("The Australian")."""
    return (
        c.label == "org"
        and len(c.words) == 1
        and c.mention.form in DEMONYM_COUNTRIES
        and not c.before.endswith("The ")
        and org_key(c.mention.form) not in KNOWN_ORG_KEYS
    )


_ORG_NAME_HEAD = re.compile(ORG_NAME_HEADS)


def _named_as_body(c: Context) -> bool:
    """A known body, or a name holding an organisation's word or head noun: no place or person by syntax alone."""
    words = c.words
    return (
        org_key(c.mention.form) in KNOWN_ORG_KEYS
        or has_org_word(words)
        or any(_ORG_NAME_HEAD.fullmatch(w) for w in words)
    )


def _org_head_noun(c: Context) -> bool:
    """A name ending in an organisation's head noun read as a person or a place ("Kataeb Hezbollah Brigades").

    Not a country or region by that name ("Russian Federation"), a state of old ("Soviet Union"), nor a
    given name and a surname ("Margaret Court").
    """
    words = c.words
    if c.label not in ("person", "place") or len(words) < 2 or not _ORG_NAME_HEAD.fullmatch(words[-1]):
        return False
    if not all(w[:1].isupper() or w.lower() in ("of", "for", "the", "and", "al", "el") for w in words):
        return False
    if c.mention.form.lower() in HISTORIC_STATES or (len(words) == 2 and fold(words[0]) in GIVEN_NAMES):
        return False
    return c.geocoder.lookup(c.mention.form) is None


def _natural_feature(c: Context) -> bool:
    """A glacier, a mountain, a lake read as a person or an organisation ("Mueller Glacier", "Mt Cook").

    Every word capitalised, none an organisation's word ("Lake Forest College", "Mount Cook Rescue Team"),
    not a given name before a head that is also a surname ("Michael Bay"; but "Franz Josef Glacier").
    """
    words = c.words
    if c.label not in ("person", "org") or not 2 <= len(words) <= 5:
        return False
    if " ".join(words[-2:]) in PROTECTED_AREA_HEADS:  # "Glenvale State Conservation Area", "and" inside
        return not has_org_word(words)
    # "Isle of Wight", "Cape of Good Hope": "of" / "the" inside a feature named by its first word
    of_feature = words[0] in NATURAL_FEATURE_PREFIXES or words[0] in FEATURE_OF_WORDS
    if len(words) > 4 or not all(
        w[:1].isupper() or (of_feature and 0 < i < len(words) - 1 and w in ("of", "the")) for i, w in enumerate(words)
    ):
        return False
    if not (words[-1] in NATURAL_FEATURE_HEADS or words[0] in NATURAL_FEATURE_PREFIXES):
        return False
    if has_org_word(words) or any(_ORG_NAME_HEAD.fullmatch(w) for w in words):
        return False
    return not (len(words) == 2 and words[-1] in SURNAME_FEATURES and fold(words[0]) in GIVEN_NAMES)


def _area_after(c: Context) -> bool:
    """A name followed by "area" or "neighborhood", read as a person or an organisation (not a known body)."""
    words = c.words
    if c.label not in ("person", "org") or not 1 <= len(words) <= 3 or not AREA_AFTER.match(c.text, c.mention.end):
        return False
    if org_key(c.mention.form) in KNOWN_ORG_KEYS:
        return False
    return not (has_org_word(words) or any(_ORG_NAME_HEAD.fullmatch(w) for w in words))


def _club_name(c: Context) -> bool:
    """A sports club's name by its last word, read as a place or a person."""
    words = c.words
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    if words[-1] not in CLUB_SUFFIX_ALONE and (words[-1] not in CLUB_SUFFIX or not c.voter.about_football(c.text)):
        return False
    return c.geocoder.lookup(c.mention.form) is None


def _franchise_name(c: Context) -> bool:
    """A team named by a gazetteer place and a plural nickname in a sentence about a team sport, read as a place.

    Not a person named by a town ("Austin Jennings", "Jackson Daniels": a given name first).
    """
    words = c.words
    if c.label != "place" or not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    if fold(words[0]) in GIVEN_NAMES:
        return False
    if not FRANCHISE_NICKNAME.fullmatch(words[-1]) or words[-1] in PLACE_PLURALS:
        return False
    if not TEAM_SPORT.search(c.text, max(0, c.mention.start - 200), min(len(c.text), c.mention.end + 200)):
        return False
    city = " ".join(words[:-1])
    return c.geocoder.lookup(city) is not None and c.geocoder.lookup(c.mention.form) is None


def _possessive_kin(c: Context) -> bool:
    """A one-word name before "'s" and a relative or a lawyer ("Smith's lawyer"), not a body or a country.

    A name of two or three words only before a relative proper ("El Chapo's sons": a firm has lawyers and a
    family of brands, not sons), and not a gazetteer place by its own name.
    """
    if not 1 <= len(c.words) <= 3 or not looks_like_name(c.mention.form) or c.mention.form.isupper():
        return False
    after = POSSESSIVE_KIN_AFTER if len(c.words) == 1 else POSSESSIVE_RELATIVE_AFTER
    if not after.match(c.text, c.mention.end):
        return False
    if len(c.words) > 1 and (any(w.lower() in NOT_PERSON_WORDS for w in c.words) or _own_name_place(c, c.mention.form)):
        return False
    if org_key(c.mention.form) in KNOWN_ORG_KEYS or has_org_word(c.words):
        return False
    geo = c.geocoder.lookup(c.mention.form)
    return geo is None or geo.kind not in ("country", "region")


def _racehorse(c: Context) -> bool:
    """A name racing copy gives a rider or a trainer ("X, ridden by Y"), not one with a common given name first."""
    if not looks_like_name(c.mention.form) or (len(c.words) > 1 and fold(c.words[0]) in GIVEN_NAMES):
        return False
    return bool(HORSE_AFTER.match(c.text, c.mention.end) or HORSE_BEFORE.search(c.before))


def _craft_name(c: Context) -> bool:
    """Whether a name may be a vessel's, craft's or weapon's.

    Not a known body, nor a name with an organisation's word or head noun ("Royal Navy destroyer").
    """
    if org_key(c.mention.form) in KNOWN_ORG_KEYS or has_org_word(c.words):
        return False
    return not re.fullmatch(ORG_NAME_HEADS, c.words[-1])


def _craft_after_kind(c: Context) -> bool:
    """A vessel or craft named after its kind ("the frigate IRIS Dena", "oil tanker Eagle S").

    Not the subject of a relative clause that names the craft's operator ("the ferry Maersk operates").
    """
    if OPERATOR_VERB_AFTER.match(c.text, c.mention.end):
        return False
    return bool(CRAFT_BEFORE.search(c.before)) and _craft_name(c)


def _craft_before_kind(c: Context) -> bool:
    """A craft or weapon named before its kind ("its Oreshnik ballistic missile").

    Not a name in capitals alone ("a NASA rover": an agency's craft), nor one after "a" ("a Lufthansa jet":
    the maker's or operator's).
    """
    if MAKER_ARTICLE_BEFORE.search(c.before):
        return False
    if WEAPON_AFTER.match(c.text, c.mention.end):  # "HIMARS launchers", "ATACMS and Patriot air defence systems"
        return _craft_name(c)
    return not c.mention.form.isupper() and bool(CRAFT_AFTER.match(c.text, c.mention.end)) and _craft_name(c)


def _located_in_region(c: Context) -> bool:
    """A name read as an organisation, after "in" or "captured", with its region or country after it.

    "in Al-Mawasi, Gaza", "south of El-Obeid, Sudan", "Kalungu in Kalehe Territory": how international news
    locates a town the model reads as a body. Not a known body, a name with an organisation's word or head
    noun, an acronym, nor a country or region itself ("France in Europe").
    """
    words = c.words
    if c.label != "org" or len(words) > 3 or c.mention.form.isupper() or not looks_like_name(c.mention.form):
        return False
    if not LOCATED_BEFORE.search(c.before):
        return False
    follow = REGION_AFTER.match(c.text, c.mention.end, min(len(c.text), c.mention.end + 60))
    if follow is None:
        return False
    if _named_as_body(c):
        return False
    names = follow.group("name").split()
    for n in range(len(names), 0, -1):
        geo = c.geocoder.lookup(" ".join(names[:n]))
        # after a comma any gazetteer place locates ("in Al-Mawasi, Gaza"); after "in", a region or a country
        if geo is not None and (geo.kind in ("country", "region") or follow.group("comma")):
            return not _gazetteer_region(c)
    return False


def _business_noun_after(c: Context) -> bool:
    """A name read as a person before a business's kind ("the Tom Thumb supermarket"); not a possessive.

    Not a known place either ("the Detroit plant": where the plant stands).
    """
    if c.label != "person" or not looks_like_name(c.mention.form) or POSSESSIVE_AFTER.match(c.text, c.mention.end):
        return False
    return bool(BUSINESS_NOUN_AFTER.match(c.text, c.mention.end)) and c.geocoder.lookup(c.mention.form) is None


def _own_name_place(c: Context, name: str) -> bool:
    """Whether the gazetteer knows `name` as a place by its own name, and it is no common given name."""
    geo = c.geocoder.lookup(name)
    return geo is not None and fold(geo.name) == fold(name) and fold(name.split()[0]) not in GIVEN_NAMES


def _placed_by_text(c: Context) -> bool:
    """Whether the text places the name as news places a town: "in Fujian, China", "the town of Pangandaran,".

    A cue before it that only a place takes ("in", "the town of"; not "firing at Kimani") with the clause
    ending after it (a nationality word stands before its noun: "in Syrian territory"), or a country or region
    after a comma ("Weiswampach, Luxembourg", "Pingilikani, Kenya").
    """
    if (
        PLACE_ONLY_BEFORE.search(c.before)
        and not LANGUAGE_IN_BEFORE.search(c.before)  # "read in Swahili": a language
        and PLACE_CLOSE_AFTER.match(c.text, c.mention.end)
    ):
        return True
    return c.voter.country_follows(c.text, c.mention.end)


def _nationality_shaped(form: str) -> bool:
    """Whether a name reads as a nationality or a people ("Syrian", "Kurds", "American"), whatever a gazetteer says."""
    return bool(DEMONYM.match(form)) or form in PEOPLE_GROUPS or form in DEMONYM_COUNTRIES


def _place_read_as_nationality(c: Context) -> bool:
    """A gazetteer place by its own name, not shaped like a nationality, that the model read as one (NORP).

    "the northern town of Toruń,", "from the Artibonite region", "the Punjab province", "in Sochi, which": the
    text places it. Not a name shaped like a nationality or a people ("Syrian", "Druze"), and only where the
    text places it: tribes and peoples share names with American towns ("Cherokee", "Seminole").
    """
    if c.label != "norp" or len(c.words) > 3 or not looks_like_name(c.mention.form):
        return False
    if _nationality_shaped(c.mention.form) or not _own_name_place(c, c.mention.form):
        return False
    return bool(REGION_NOUN_AFTER.match(c.text, c.mention.end)) or _placed_by_text(c)


def _place_kind_after(c: Context) -> bool:
    """A name read as a person or a body before a place's kind in lower case, alone or last of a list.

    "the Essequibo region", "in Khánh Vĩnh district", "the western Kyūshū coast", "the al-Mahrah and Hadhramaut
    governorates": the text says what the name is. Not an acronym ("the ECOWAS region"), a known body, nor a
    name with an organisation's word or head noun.
    """
    words = c.words
    if c.label not in ("person", "org") or not 1 <= len(words) <= 3 or c.mention.form.isupper():
        return False
    if not looks_like_name(ARTICLE_PREFIX.sub("", c.mention.form)) or POSSESSIVE_AFTER.match(c.text, c.mention.end):
        return False
    if not PLACE_KIND_AFTER.match(c.text, c.mention.end, min(len(c.text), c.mention.end + 120)):
        return False
    if org_key(c.mention.form) in KNOWN_ORG_KEYS:
        return False
    return not (has_org_word(words) or any(_ORG_NAME_HEAD.fullmatch(w) for w in words))


def _post_portfolio_list(c: Context) -> bool:
    """A post and its portfolios read as organisations: "Minister of Trade, Industry" + "Cooperatives".

    "the Minister of Trade, Industry and Cooperatives, Mr X": the model reads the post with its first portfolios as
    one organisation and the last portfolio as another; neither names a body (the ministry would). Not an acronym,
    a known body or a name with an organisation's word ("Minister of Health, UNICEF and the Red Cross").
    """
    form = c.mention.form
    if form.isupper() or org_key(form) in KNOWN_ORG_KEYS or has_org_word(c.words):
        return False
    if POST_WITH_PORTFOLIO.match(form):
        return True
    window = c.text[max(0, c.mention.start - 120) : c.mention.start]
    opens = list(POST_LIST_OPEN.finditer(window))
    if not opens:
        return False
    between = window[opens[-1].end() :]
    # a portfolio follows a comma or "and" bare: "..., UNICEF and the Red Cross" names bodies
    return "," in between and not between.endswith("the ") and PORTFOLIO_LIST.fullmatch(between) is not None


#: A word of an Arabic name opened by its hyphenated article: "al-Numan", "el-Sheikh".
_ARTICLE_WORD = re.compile(r"[a-z]{1,3}-[A-Z]")


def _arabic_place_head(c: Context) -> bool:
    """An Arabic place name by its generic first word, read as a person or a body ("Jisr al-Shughur", "Kafr Nabl").

    Two to four words, the others capitalised or an article's ("al-Numan"); not a name with an organisation's word
    or head noun, a known body, nor a name the sentence has speak or be charged ("Ras Baraka said").
    """
    words = c.words
    if c.label not in ("person", "org") or not 2 <= len(words) <= 4 or words[0] not in ARABIC_PLACE_HEADS:
        return False
    if not all(w[:1].isupper() or _ARTICLE_WORD.match(w) for w in words[1:]) or _named_as_body(c):
        return False
    return not SPEECH_AFTER.match(c.text, c.mention.end)


def _assaulted_place(c: Context) -> bool:
    """A gazetteer town by its own name, read as a body or a person, as the object of a verb of war.

    "shelled El Fasher", "raided Jenin", "the siege of Mariupol": a place. Not a known body ("attacked Wagner"
    is not among the verbs), a name with an organisation's word or a possessive, nor a common given name first
    (`_own_name_place`).
    """
    if c.label not in ("org", "person") or len(c.words) > 3 or not ASSAULT_VERB_BEFORE.search(c.before):
        return False
    if (
        org_key(c.mention.form) in KNOWN_ORG_KEYS
        or has_org_word(c.words)
        or POSSESSIVE_AFTER.match(c.text, c.mention.end)
    ):
        return False  # "raided Trump's estate": the owner's
    return _own_name_place(c, c.mention.form)


def _section_heading(c: Context) -> bool:
    """One capitalised word that opens a line "<Word> and <word>" alone on it: a section heading ("Law and crime").

    Read as a person or a body only, and no gazetteer place: a web page's heading "Syria and refugees" names one.
    """
    start = c.mention.start
    return (
        c.label in ("person", "org")
        and len(c.words) == 1
        and (start == 0 or c.text[start - 1] == "\n")
        and bool(HEADING_REST_AFTER.match(c.text, c.mention.end))
        and c.geocoder.lookup(c.mention.form) is None
    )


def _bearing_of(c: Context) -> bool:
    """A gazetteer place by its own name, read as an organisation or a person, after a bearing ("east of Harare")."""
    if c.label not in ("org", "person") or len(c.words) > 3 or not BEARING_OF_BEFORE.search(c.before):
        return False
    return _own_name_place(c, c.mention.form) and not has_org_word(c.words)


def _acronym_of_phrase(c: Context) -> bool:
    """An acronym the text defines by lower-case words ("liquefied natural gas (LNG)").

    A thing or a practice ("improvised explosive devices (IEDs)"), no organisation: news capitalises an
    organisation's name before its acronym. Every mention of the acronym ("the first LNG tanker") is one.
    """
    form = c.mention.form
    core = form[:-1] if form.endswith("s") and len(form) > 2 else form
    if len(c.words) != 1 or not (2 <= len(core) <= 6) or not (core.isupper() and core.isalpha()):
        return False
    return c.voter.acronym_of_phrase(c.text, core)


def acronym_defined_by_phrase(text: str, core: str) -> bool:
    """Whether `text` defines the acronym `core` (or its plural) by the lower-case words before it in brackets."""
    definition = re.search(LOWER_CASE_DEFINITION % (re.escape(core) + "s?"), text)
    if definition is None:
        return False
    words = [w for w in definition.group("words").split() if w not in ACRONYM_SKIP_WORDS]
    letters = core.lower()
    for parts in (words, [p for w in words for p in w.split("-") if p]):
        for k in range(1, len(parts) + 1):
            if "".join(w[0] for w in parts[-k:]) == letters:
                return True
    return False


def _source_citation(c: Context) -> bool:
    """An outlet in a summary's closing citation, alone at a line's end ("(Milenio in Spanish)").

    Also "(MENA via The New Arab)". Not a gazetteer place, nor a name opening with a common given name (a
    photographer).
    """
    if len(c.words) > 4 or not looks_like_name(c.mention.form) or fold(c.words[0]) in GIVEN_NAMES:
        return False
    if not CITATION_BEFORE.search(c.before) or not CITATION_AFTER.match(c.text, c.mention.end):
        return False
    return c.geocoder.lookup(c.mention.form) is None


def _long_country_name(c: Context) -> bool:
    """A country of four words or more by its own name, read as a body ("São Tomé and Príncipe").

    `Context.geo` looks up three words at most.
    """
    if c.label == "place" or len(c.words) <= 3 or len(c.words) > 6:
        return False
    geo = c.geocoder.lookup(c.mention.form)
    return geo is not None and geo.kind == "country" and fold(geo.name) == fold(c.mention.form)


def _listed_after_trade(c: Context) -> bool:
    """A name in a list after a plural trade noun, read as a person or a place ("luxury brands Gucci and Loewe").

    Also "companies like Airbnb and Booking.com". Not a gazetteer country (a country named right after such a
    noun is a state or a team).
    """
    if len(c.words) > 4 or not looks_like_name(c.mention.form):
        return False
    window = c.text[max(0, c.mention.start - 160) : c.mention.start]
    if not ORG_LIST_BEFORE.search(window):
        return False
    geo = c.geo
    return geo is None or geo.kind not in ("country", "continent")


def _listed_after_people(c: Context) -> bool:
    """A name listed after a plural noun for people and "including", read as a body or a place.

    "All ten climbers, including X, are confirmed dead", "nine activists, including X, are detained": a person.
    Not an acronym, a known body, a name with an organisation's word, nor any gazetteer name.
    """
    words = c.words
    if len(words) > 4 or not looks_like_name(c.mention.form) or c.mention.form.isupper():
        return False
    window = c.text[max(0, c.mention.start - 160) : c.mention.start]
    # The pattern needs one of the two words in the window: asked first, far cheaper (speed38).
    if ("including" not in window and "among" not in window) or not PERSON_LIST_BEFORE.search(window):
        return False
    if _named_as_body(c) or any(w.lower() in NOT_PERSON_WORDS for w in words):
        return False
    return c.geocoder.lookup(c.mention.form) is None


def _route_end(c: Context) -> bool:
    """A name read as a body or a person at the far end of a route from a town: "from Palencia to Villarramiel".

    Also "the road between Goma and Kamanyola". The near end is a gazetteer town by its own name (not a country or a
    region: "between Russia and Wagner", "from Ukraine to Gazprom" pair a state with a body); not an acronym, a
    known body, a name with an organisation's word or head noun.
    """
    words = c.words
    if len(words) > 3 or c.mention.form.isupper() or not looks_like_name(c.mention.form):
        return False
    route = ROUTE_END_BEFORE.search(c.text, max(0, c.mention.start - 80), c.mention.start)
    if route is None:
        return False
    if _named_as_body(c) or any(w.lower() in NOT_PERSON_WORDS for w in words):
        return False
    near = route.group("start") or route.group("end")
    town = c.geocoder.lookup(near)
    return town is not None and town.kind == "city" and fold(town.name) == fold(near)


def _org_apposition(c: Context) -> bool:
    """A name read as a person or a place with an organisation's kind after it ("Comando Vermelho, a gang that").

    Not a name opening with a common given name, nor a gazetteer place by its own name ("Sinaloa, a cartel's
    home", which the apposition rule would not take anyway).
    """
    if len(c.words) > 5 or not looks_like_name(c.mention.form) or fold(c.words[0]) in GIVEN_NAMES:
        return False
    if not ORG_APPOSITION_AFTER.match(c.text, c.mention.end, min(len(c.text), c.mention.end + 240)):
        return False
    return not _own_name_place(c, c.mention.form)


def _outlet_reports(c: Context) -> bool:
    """One word opening a sentence, read as a person, before "reports that" ("Bloomberg reports that ...").

    News names an outlet, not a person, by one word and "reports that"; not a common given name, a gazetteer place.
    """
    if len(c.words) != 1 or not looks_like_name(c.mention.form) or fold(c.words[0]) in GIVEN_NAMES:
        return False
    if not SENTENCE_START_BEFORE.search(c.before) or not OUTLET_REPORTS_AFTER.match(c.text, c.mention.end):
        return False
    return c.geocoder.lookup(c.mention.form) is None


#: A town the gazetteer holds by a region's name ("Veracruz") is a partner from this size (as `place_list`'s towns).
_PAIR_TOWN_POPULATION = 100_000


def _place_pair(c: Context) -> bool:
    """A name read as ORG after "in", joined by "and" to a region, a country or a big town: "in Hidalgo and Veracruz".

    The gazetteer must know the name too, in the same country as its partner (as another kind: "Hidalgo" is a
    town there); not a known body, an acronym, a name with an organisation's word or head noun.
    """
    words = c.words
    if c.label != "org" or len(words) > 3 or c.mention.form.isupper() or not looks_like_name(c.mention.form):
        return False
    if not PAIR_PLACE_BEFORE.search(c.before):
        return False
    pair = PAIR_PLACE_AFTER.match(c.text, c.mention.end)
    if pair is None:
        return False
    if _named_as_body(c):
        return False
    partner = c.geocoder.lookup(pair.group("name"))
    if partner is None or partner.country_code is None or fold(partner.name) != fold(pair.group("name")):
        return False
    if partner.kind not in ("region", "country") and partner.population < _PAIR_TOWN_POPULATION:
        return False  # a region the gazetteer holds by its city's name ("Veracruz"), or a big town
    own = c.geocoder.lookup(c.mention.form, frozenset({partner.country_code}))
    return own is not None and own.country_code == partner.country_code


#: The vote table. Order matters only for ties (first voted label wins), so new rules go at the end.
RULES: tuple[Rule, ...] = (
    # "the rebel-held town of Khan Sheikhun"
    Rule("town_of_x", "place", 2.0, _place_of, never_on=_PLACE),
    # "in Ghouta": people are rarely "in" or "near"
    Rule(
        "person_in_x",
        "place",
        0.6,
        lambda c: (
            c.label == "person" and len(c.words) <= 2 and not _place_of(c) and bool(PLACE_BEFORE.search(c.before))
        ),
        never_on=_BUT_PERSON,
    ),
    # "in Downers Grove": a gazetteer town after "in"
    Rule("in_gazetteer_town", "place", 2.0, _in_gazetteer_town, never_on=_PLACE),
    # "the Houthis shelled ...": a group, not a person
    Rule(
        "the_plural_group",
        "org",
        1.5,
        lambda c: (
            c.label == "person"
            and c.before.endswith(("the ", "The "))
            and c.mention.form.endswith("s")
            and len(c.words) == 1
        ),
        never_on=_BUT_PERSON,
    ),
    # a photo credit "Ben Gray/Atlanta Journal-Constitution": the outlet
    Rule("photo_credit_outlet", "org", 2.0, lambda c: c.before.endswith("/") and c.before[-2:-1].isalpha()),
    # "a school in Spišská Stará Ves, Slovakia"
    Rule(
        "comma_country_after",
        "place",
        2.0,
        lambda c: c.label != "place" and c.voter.country_follows(c.text, c.mention.end),
        never_on=_PLACE,
    ),
    # "the conservative French daily Le Figaro"
    Rule("outlet_or_group_noun_before", "org", 2.0, _org_noun_before),
    # "President X", "spokesman X"
    Rule(
        "office_before",
        "person",
        1.5,
        lambda c: c.label != "place" and bool(PERSON_BEFORE.search(c.before)),
        never_on=_PLACE,
    ),
    Rule(
        "gazetteer_country",
        "place",
        1.1,
        lambda c: c.geo is not None and c.geo.kind in ("country", "continent"),
        never_on=_PLACE,
    ),
    Rule(
        "gazetteer_city_named_org",
        "place",
        0.6,
        lambda c: (
            c.geo is not None
            and c.geo.kind not in ("country", "continent")
            and c.geo.population >= 100_000
            and c.label == "org"
            and c.geo_is_form()
        ),
        never_on=_BUT_ORG,
    ),
    # a tie-breaker: a gazetteer town the model called ORG
    Rule(
        "gazetteer_town_named_org",
        "place",
        0.3,
        lambda c: (
            c.geo is not None
            and c.geo.kind not in ("country", "continent")
            and c.geo.population < 100_000
            and c.label == "org"
            and c.geo_is_form()
        ),
        never_on=_BUT_ORG,
    ),
    # "Syrian", "Afghans": nationalities are not places
    Rule(
        "demonym",
        "norp",
        2.0,
        lambda c: (
            c.label == "place"
            and bool(DEMONYM.match(c.mention.form))
            and c.geocoder.lookup(c.mention.form) is None
            and not _placed_by_text(c)
        ),
        never_on=_BUT_PLACE,
    ),
    # "Portugal defeats Spain 5–3": national teams
    Rule("national_team", "org", 3.0, _national_team),
    # "Police Scotland", "Gaza Health Ministry"
    Rule(
        "organisation_head_word",
        "org",
        2.0,
        lambda c: (
            c.label == "place"
            and len(c.words) >= 2
            and bool({w.lower() for w in (c.words[0], c.words[-1])} & ORG_WORDS)
            and not _gazetteer_region(c)  # "West Bank" is a bank by its last word only
        ),
        never_on=_BUT_PLACE,
    ),
    # "DAYTON -- A man ...", "CUMBERLAND, Ind. (Jan. 20) --"
    Rule("dateline", "place", 3.0, _dateline, needs=DATELINE_AFTER_DASH),
    # "Allen, Texas", "Holly Hill, S.C."
    Rule(
        "us_state_after",
        "place",
        2.0,
        lambda c: c.label != "place" and bool(US_STATE_AFTER.match(c.text, c.mention.end)),
        never_on=_PLACE,
    ),
    # the state of a dateline: "S.C.", "Ind.", "MO"
    Rule(
        "state_abbreviation",
        "place",
        3.0,
        lambda c: fold(c.mention.form.rstrip(".")) in US_STATE_ABBREVIATIONS and bool(US_STATE_BEFORE.search(c.before)),
    ),
    # "a south Augusta shopping center", "north St. Louis"
    Rule(
        "direction_before",
        "place",
        2.0,
        lambda c: c.label != "place" and bool(DIRECTION_BEFORE.search(c.before)) and c.geo is not None,
        never_on=_PLACE,
    ),
    # "Carlos Carrillo, a 26-year-old", "victim Victoria Cantu"
    Rule(
        "age_or_person_cue",
        "person",
        2.0,
        lambda c: (
            c.label != "person"
            and len(c.words) >= 2
            and looks_like_name(c.mention.form)
            and bool(_age_after(c) or PERSON_CUE_BEFORE.search(c.before))
        ),
        never_on=_PERSON,
    ),
    # "Hezbollah", "Daesh", "the ISI", "Mossad": armed groups and agencies, whatever the model says
    Rule("known_organisation", "org", 2.0, lambda c: org_key(c.mention.form) in KNOWN_ORG_KEYS),
    # "Giza", "Dadaab", "Al-Minya" read as people: a gazetteer place by its own name, not a speaker
    Rule(
        "gazetteer_place_named_person", "place", 1.5, lambda c: _gazetteer_place_named_person(c), never_on=_BUT_PERSON
    ),
    # "the Soviet Union", "Yugoslavia"
    Rule("historic_state", "place", 2.0, lambda c: c.mention.form.lower() in HISTORIC_STATES),
    # "Malik, 27,": an age after a one-word name
    Rule(
        "age_after_one_word",
        "person",
        1.5,
        lambda c: (
            c.label != "person"
            and len(c.words) == 1
            and c.mention.form[:1].isupper()
            and bool(AGE_AFTER_STRICT.match(c.text, c.mention.end))
        ),
        never_on=_PERSON,
    ),
    # "Kasongo was arrested", "Malik said": places are not arrested, and only known ones "say" (capitals)
    Rule(
        "speaker_not_place",
        "person",
        1.0,
        lambda c: (
            c.label == "place"
            and len(c.words) <= 3
            and looks_like_name(c.mention.form)
            and bool(
                ARREST_AFTER.match(c.text, c.mention.end)
                or (SPEECH_AFTER.match(c.text, c.mention.end) and c.geocoder.lookup(c.mention.form) is None)
            )
            # "Gary Gomes, 35, of New Bedford pleaded": the verb is the person's, the name is his home
            and not (AGE_OF_BEFORE.search(c.before) or AGE_FROM_BEFORE.search(c.before))
        ),
        never_on=_BUT_PLACE,
    ),
    # "Terry Pettit", "Yolande Ditewig" read as organisations
    Rule("given_name_first", "person", 1.5, _given_name_first, never_on=_PERSON_NORP),
    Rule("given_name_alone", "person", 1.5, _given_name_alone, never_on=_PERSON_NORP),
    # "Sokoto State", "Oaxaca Province" read as a person
    Rule(
        "designator_in_name",
        "place",
        1.5,
        lambda c: c.label == "person" and len(c.words) >= 2 and c.words[-1] in NAME_DESIGNATORS,
        never_on=_BUT_PERSON,
    ),
    # "the Kent-based outfit"
    Rule(
        "x_based",
        "place",
        2.0,
        lambda c: c.label != "place" and bool(BASED_AFTER.match(c.text, c.mention.end)),
        never_on=_PLACE,
    ),
    # "Russia's president", "Syria's capital"
    Rule(
        "possessive_office",
        "place",
        1.5,
        lambda c: (
            c.label != "place"
            and len(c.words) <= 3
            and bool(POSSESSIVE_OFFICE_AFTER.match(c.text, c.mention.end))
            and c.geocoder.lookup(c.mention.form) is not None
        ),
        never_on=_PLACE,
    ),
    # "in Becker, Clay, Otter Tail and Wilkin counties": each name a county, whatever else it names
    Rule(
        "county_list",
        "place",
        3.0,
        lambda c: (
            len(c.words) <= 2
            and looks_like_name(c.mention.form)
            and bool(COUNTY_LIST_TAIL.match(c.text, c.mention.end))
        ),
        needs=COUNTY_PLURAL,
    ),
    # "a 24-year-old Elkhart man", "Spafford, 24, of Elkhart" read as an organisation
    Rule("home_town", "place", 1.5, _home_town, never_on=_BUT_ORG),
    # "Eswar Prasad, professor of trade policy", "Sachin Pilot, a former federal minister" read as ORG
    Rule("role_apposition", "person", 2.0, _role_apposition, never_on=_PERSON_NORP),
    # "Saxony-Anhalt", "Tamil Nadu" read as ORG: a first-level region by its own name (not "Punjab Police")
    Rule(
        "gazetteer_region_named_org",
        "place",
        1.1,
        lambda c: (
            c.label == "org"
            and c.geo is not None
            and c.geo.kind == "region"
            and c.geo_is_form()
            and not has_org_word(c.words)
        ),
        never_on=_BUT_ORG,
    ),
    # "Burdzhanadze’s party": a person's possessive and a common noun describe an organisation, not name it
    Rule(
        "possessive_description",
        NOT_A_NAME,
        2.0,
        lambda c: c.label == "org" and bool(POSSESSIVE_DESCRIPTION.match(c.mention.form)),
        never_on=_BUT_ORG,
    ),
    # "Twitter" read as a person: a platform is no person (outweighs one PERSON label; see PLATFORMS)
    Rule(
        "platform_not_person",
        NOT_A_NAME,
        1.5,
        lambda c: c.mention.form.lower() in PLATFORMS,
        never_on=_BUT_PERSON,
    ),
    # "said on Twitter", "wrote on his Twitter account" read as a person: the platform a statement was made on
    # is the company the labels name (not "Follow us on Twitter", page furniture); outweighs the model's PERSON
    # and `platform_not_person` together, and one more mention of the platform elsewhere
    Rule(
        "platform_as_source",
        "org",
        3.5,
        lambda c: c.mention.form.lower() in PLATFORMS and bool(PLATFORM_SOURCE_BEFORE.search(c.before)),
        never_on=_BUT_PERSON,
    ),
    # "Avian Flu", "BSE", "Cyclone Wati": a disease, a pathogen or a storm, no entity
    Rule("disease_or_storm", NOT_A_NAME, 3.0, _disease_or_storm),
    # "New Brunswick RCMP" read as a person: people's names hold no acronym
    Rule(
        "acronym_in_person_span",
        "org",
        2.0,
        lambda c: (
            c.label == "person"
            and len(c.words) >= 2
            and not all(w.isupper() for w in c.words)
            and any(
                w.isupper() and w.isalpha() and len(w) >= 3 and not set(w) <= set("IVXLCDM") and w not in HONOURS
                for w in c.words
            )
        ),
        never_on=_BUT_PERSON,
    ),
    # "Wedbush Brokers Have Histories": a Title Case headline, no name
    Rule(
        "headline_not_name",
        NOT_A_NAME,
        2.0,
        lambda c: len(c.words) >= 3 and any(w in HEADLINE_VERBS for w in c.words[1:]),
    ),
    # "Secretary of State", "Minister for Finance": the portfolio of a post, no organisation
    Rule(
        "post_portfolio",
        NOT_A_NAME,
        2.0,
        lambda c: (
            c.label == "org"
            and len(c.words) <= 2
            and bool(POST_OF_BEFORE.search(c.before))
            and c.geocoder.lookup(c.mention.form) is None  # "Minister for Gaza": a place, whatever the post
        ),
        never_on=_BUT_ORG,
    ),
    # Sixteenth round (issue 19, ent37). "Minister of Trade, Industry and Cooperatives": a post, no organisation
    Rule("post_portfolio_list", NOT_A_NAME, 2.0, _post_portfolio_list, never_on=_BUT_ORG),
    # "Cabinet Secretaries", "MPs", "Members of Parliament": the people holding posts, no organisation
    Rule("role_not_body", NOT_A_NAME, 2.0, _role_not_body, never_on=_BUT_ORG),
    # "School Board", "City Council" alone: a generic reference to a body, no name of its own
    Rule(
        "generic_body",
        NOT_A_NAME,
        2.0,
        lambda c: (
            c.label == "org"
            and len(c.words) >= 2
            and all(w.lower() in ORG_HEAD_GENERIC for w in c.words[:-1])
            and c.words[-1] in ("Board", "Council", "Commission", "Committee")
        ),
        never_on=_BUT_ORG,
    ),
    # "Ruler of Dubai", "Emir of Qatar": a post named by its place, no organisation
    Rule("post_of_place", NOT_A_NAME, 2.0, _post_of_place, never_on=_BUT_ORG),
    # "Luhansk Oblast", "Kalehe Territory" read as ORG: a place abroad by its capitalised designator
    Rule("abroad_designator", "place", 2.0, _abroad_designator, never_on=_BUT_ORG),
    # "Blue Nile State", "Cauca Department" read as ORG: a gazetteer region abroad and its designator
    Rule("region_designator_abroad", "place", 2.0, _region_designator_abroad, never_on=_BUT_ORG),
    # "the Druze", "Alawites", "Fulani": a people or a faith, no entity
    Rule("people_group", NOT_A_NAME, 3.0, lambda c: len(c.words) == 1 and c.mention.form in PEOPLE_GROUPS),
    # "Azerbaijani", "Emirati" read as a person: a nationality (ending in -i, which no common surname of the
    # kind does, unlike "English"), not output
    Rule(
        "demonym_named_person",
        "norp",
        2.0,
        lambda c: len(c.words) == 1 and c.mention.form.endswith("i") and c.mention.form in DEMONYM_COUNTRIES,
        never_on=_BUT_PERSON,
    ),
    # "Emirati" read as ORG: a nationality, not output
    Rule("demonym_named_org", "norp", 2.0, _demonym_named_org, never_on=_BUT_ORG),
    # "Kataeb Hezbollah Brigades", "Free Patriotic Movement" read as a person or a place: the head noun decides
    Rule("org_head_noun", "org", 2.0, _org_head_noun, never_on=frozenset({"org", "norp"})),
    # "pro-Syrian government", "anti-Houthi": a side, no organisation's name
    Rule("side_description", NOT_A_NAME, 3.0, lambda c: bool(SIDE_DESCRIPTION.match(c.mention.form))),
    # "his daughter Yulia", "girlfriend Olivia" read as places: a relative named by a given name
    Rule(
        "kin_given_name",
        "person",
        2.0,
        lambda c: (
            c.label != "person"
            and len(c.words) == 1
            and looks_like_name(c.mention.form)
            and not c.mention.form.isupper()
            and bool(KIN_BEFORE.search(c.before))
            and org_key(c.mention.form) not in KNOWN_ORG_KEYS
        ),
        never_on=_PERSON,
    ),
    # "relations between Russia and the West": a bloc of countries, no place of the labels
    Rule(
        "bloc_not_place",
        NOT_A_NAME,
        3.0,
        lambda c: c.mention.form in ("West", "East") and c.before.endswith(("the ", "The ")),
    ),
    # "Mueller Glacier" read as a person, "Mt Cook" as an organisation: a natural feature is a place
    Rule("natural_feature", "place", 2.0, _natural_feature, never_on=_PLACE | {"norp"}),
    # "the Thissio area", "the Tennessee Colony area" read as an organisation or a person: a place
    Rule("area_after", "place", 2.0, _area_after, never_on=_PLACE | {"norp"}),
    # "the Mozart Estate": a housing estate is a neighbourhood, a place (not "Kent Real Estate", a firm)
    Rule(
        "housing_estate",
        "place",
        2.0,
        lambda c: (
            c.label == "org"
            and 2 <= len(c.words) <= 4
            and c.words[-1] == "Estate"
            and c.words[-2] != "Real"
            and not has_org_word(c.words)
        ),
        never_on=_BUT_ORG,
    ),
    # "the Kathimerini newspaper", "the Anadolu news agency" read as a person: an outlet by its kind (not "a
    # Chicago newspaper", "the Lebanese daily": a place, a nationality)
    Rule(
        "outlet_noun_after",
        "org",
        2.0,
        lambda c: (
            c.label != "org"
            and looks_like_name(c.mention.form)
            and bool(OUTLET_NOUN_AFTER.match(c.text, c.mention.end))
            and c.mention.form not in DEMONYM_COUNTRIES
            and c.geocoder.lookup(c.mention.form) is None
        ),
        never_on=frozenset({"org"}),
    ),
    # "Liverpool FC", "Manchester City" in a football report read as a place: a club (not "Kansas City", a
    # gazetteer place by its whole name)
    Rule("club_name", "org", 2.0, _club_name, never_on=frozenset({"org"})),
    # Eleventh round (issue 19): "the Russian Orthodox Church" read as a building or a person: a religious body
    Rule("church_body", "org", 2.0, lambda c: bool(CHURCH_BODY.match(c.mention.form)), never_on=frozenset({"org"})),
    # Eleventh round (issue 19): "the San Antonio Spurs", "Las Vegas Aces player" read as a place
    Rule("franchise_name", "org", 2.0, _franchise_name, never_on=frozenset({"org", "norp"})),
    # "a majority in Parliament", "the Army said": a generic reference alone, no name
    Rule("generic_institution", NOT_A_NAME, 3.0, lambda c: c.mention.form in GENERIC_INSTITUTIONS),
    # Eighth round (issue 19). "Smith's lawyer said", "Garcia's mother" read as an organisation or a place: a
    # person by the possessive relative (not a known body nor a country: "Russia's allies")
    Rule("possessive_kin", "person", 1.5, _possessive_kin, never_on=frozenset({"norp"})),
    # "Thunder Snow, ridden by ...", "the Godolphin-trained Benbatl": a racehorse, no entity
    Rule("racehorse", NOT_A_NAME, 3.0, _racehorse, needs=HORSE_RIDDEN),
    # "Boeing 737 Max" with "Max" read as a person: the model's name
    Rule(
        "model_after_number",
        NOT_A_NAME,
        3.0,
        lambda c: len(c.words) == 1 and bool(MODEL_NUMBER_BEFORE.search(c.before)),
        needs=AIRCRAFT_MAKER,
    ),
    # "Circuit de Monaco", "Bedford Racing Circuit": a venue, a facility (the labels leave facilities out)
    Rule("race_circuit", NOT_A_NAME, 3.0, lambda c: bool(CIRCUIT.search(c.mention.form))),
    # Ninth round (issue 19). "in Al-Mawasi, Gaza", "Kalungu in Kalehe Territory" read as an organisation: a town
    Rule("located_in_region", "place", 2.0, _located_in_region, never_on=_BUT_ORG),
    # Eleventh round (issue 19). "the oil tanker Eagle S", "its Oreshnik ballistic missile" read as a body or a
    # person: a product, no entity. The kind before the name is an apposition and outweighs the model; after
    # it, the rule outweighs one model vote, but not after "a", where a company stands ("a SpaceX rocket")
    Rule("craft_after_kind", NOT_A_NAME, 3.0, _craft_after_kind, never_on=frozenset({"place", "norp"})),
    Rule("craft_before_kind", NOT_A_NAME, 1.5, _craft_before_kind, never_on=frozenset({"place", "norp"})),
    # Tenth round. "the Chapman Valve plant", "a Sizzler restaurant" read as a person: a business by its kind
    Rule("business_noun_after", "org", 2.0, _business_noun_after, never_on=_BUT_PERSON),
    # Tenth round (issue 19, geo33). "a suburb east of Harare", "20 miles west of Toledo" read as a body or a
    # person: a place by its bearing
    Rule("bearing_of_place", "place", 2.0, _bearing_of, never_on=_PLACE | {"norp"}),
    # "the northern town of Toruń,", "from the Artibonite region" read as a nationality: a place
    Rule("place_read_as_nationality", "place", 2.0, _place_read_as_nationality, never_on=_BUT_NORP),
    # Thirteenth round (issue 19). "the Essequibo region", "the al-Mahrah and Hadhramaut governorates" read as a
    # person or a body: a place by the kind the text gives it
    Rule("place_kind_after", "place", 2.0, _place_kind_after, never_on=_PLACE | {"norp"}),
    # Sixteenth round (issue 19, ent37)
    # "shelled El Fasher", "raided Jenin" read as ORG or a person: the object of a verb of war, a gazetteer town
    Rule("assaulted_place", "place", 2.0, _assaulted_place, never_on=_PLACE | {"norp"}),
    # "Jisr al-Shughur", "Khan Younis", "Kafr Nabl" read as a person or a body: a place by its generic first word
    Rule("arabic_place_head", "place", 2.0, _arabic_place_head, never_on=_PLACE | {"norp"}),
    # Thirteenth round (issue 19). "Law and crime" on its own line of a summary's day page: a heading, no name
    Rule("section_heading", NOT_A_NAME, 3.0, _section_heading, never_on=_PLACE | {"norp"}),
    # Fourteenth round (issue 19). "liquefied natural gas (LNG)", "improvised explosive devices (IEDs)": an
    # acronym of lower-case words names a thing, no organisation
    Rule("acronym_of_phrase", NOT_A_NAME, 3.0, _acronym_of_phrase, needs=_BRACKET),
    # "(Milenio in Spanish)", "(MENA via The New Arab)" closing a summary's line: the outlets cited
    Rule("source_citation", "org", 2.0, _source_citation, never_on=frozenset({"org", "norp"})),
    # "São Tomé and Príncipe" read as ORG: a country by its whole name, however long
    Rule("long_country_name", "place", 2.0, _long_country_name, never_on=_PLACE),
    # "luxury brands Gucci, Chloé and Loewe" read as people: the names a plural trade noun lists
    Rule(
        "listed_after_trade", "org", 2.0, _listed_after_trade, never_on=frozenset({"org", "norp"}), needs=TRADE_PLURAL
    ),
    # "Comando Vermelho, the biggest criminal organization," read as a person: the kind after the comma
    Rule("org_apposition", "org", 2.0, _org_apposition, never_on=frozenset({"org", "norp"})),
    # "Bloomberg reports that" read as a person: an outlet and what it reports
    Rule("outlet_reports", "org", 2.0, _outlet_reports, never_on=_BUT_PERSON),
    # "in Hidalgo and Veracruz" read as ORG: a place paired with a region of its country
    Rule("place_pair", "place", 2.0, _place_pair, never_on=_BUT_ORG),
    # Fifteenth round (issue 19). "All ten climbers, including X," read as ORG: a person a plural of people lists
    Rule("listed_after_people", "person", 2.0, _listed_after_people, never_on=_PERSON_NORP, needs=LIST_INCLUDING),
    # "from Palencia to Villarramiel", "between Goma and Kamanyola" read as ORG or a person: a place
    Rule("route_end", "place", 2.0, _route_end, never_on=_PLACE | {"norp"}),
    # "NAFTA, a free trade agreement", "Nord Stream 2, a gas pipeline": a thing the article describes, no entity,
    # in each of its mentions (the model reads them as bodies)
    Rule(
        "thing_apposition",
        NOT_A_NAME,
        3.0,
        lambda c: len(c.words) <= 4 and c.mention.form in c.voter.things_named(c.text),
        never_on=frozenset({"norp"}),
    ),
)


class Voter:
    """Votes a mention's label from spaCy's label and the rules of `RULES`."""

    def __init__(self, geocoder: Geocoder, rules: tuple[Rule, ...] = RULES) -> None:
        self.geocoder = geocoder
        self.rules = rules
        # The table unpacked once per spaCy label and set of rules a text lacks the `needs` of, without the
        # rules that never hold for them: the loop runs for every rule of every mention (~3,000 tests an
        # article before `never_on`, about half of them after).
        self._tests: dict[
            tuple[Label, frozenset[int]], tuple[tuple[Callable[[Context], bool], str, Label, float], ...]
        ] = {}
        self._needs = [(i, rule.needs) for i, rule in enumerate(rules) if rule.needs is not None]
        self._needs_text: str | None = None
        self._unmet: frozenset[int] = frozenset()
        self._acronyms_text: str | None = None
        self._acronyms: dict[str, bool] = {}
        self._football_text: str | None = None
        self._football = False
        self._things_text: str | None = None
        self._things: frozenset[str] = frozenset()

    def _tests_for(self, label: Label, text: str) -> tuple[tuple[Callable[[Context], bool], str, Label, float], ...]:
        if self._needs_text is not text:
            self._needs_text = text
            self._unmet = frozenset(i for i, needs in self._needs if needs.search(text) is None)
        key = (label, self._unmet)
        tests = self._tests.get(key)
        if tests is None:
            tests = tuple(
                (rule.test, rule.name, rule.label, rule.weight)
                for i, rule in enumerate(self.rules)
                if label not in rule.never_on and i not in self._unmet
            )
            self._tests[key] = tests
        return tests

    def vote(self, mention: Candidate, label: Label, text: str) -> None:
        """Add to `mention.votes`: spaCy's `label` (weight 1), then every rule of the table that holds.

        A rule whose `needs` the text lacks is not asked (it could not hold).
        """
        mention.cast("spacy_label", label, 1.0)
        context = Context(self, mention, label, text)
        for test, name, rule_label, weight in self._tests_for(label, text):
            if test(context):
                mention.cast(name, rule_label, weight)

    def things_named(self, text: str) -> frozenset[str]:
        """The names `text` describes as a thing (`THING_APPOSITION`), with their last words, found once per text.

        "via NAFTA, a trade agreement" may be read with a capitalised word before it: each tail of the name counts.
        """
        if self._things_text is not text:
            self._things_text = text
            names: set[str] = set()
            for found in THING_APPOSITION.finditer(text):
                words = found.group("name").split()
                names.update(" ".join(words[i:]) for i in range(len(words)))
            self._things = frozenset(names)
        return self._things

    def acronym_of_phrase(self, text: str, core: str) -> bool:
        """`acronym_defined_by_phrase`, asked once per acronym and text (a text names its acronyms again and again)."""
        if self._acronyms_text is not text:
            self._acronyms_text = text
            self._acronyms = {}
        defined = self._acronyms.get(core)
        if defined is None:
            defined = self._acronyms[core] = acronym_defined_by_phrase(text, core)
        return defined

    def about_football(self, text: str) -> bool:
        """Whether the article is about football (`CLUB_SPORT`), asked once per text."""
        if self._football_text is not text:
            self._football_text = text
            self._football = CLUB_SPORT.search(text) is not None
        return self._football

    def country_follows(self, text: str, end: int, hops: int = 1) -> bool:
        """Whether ", <country or state>" follows, the way news locates a town.

        Also ", <province>, <country>" ("near Amatlán, Nayarit, Mexico"), where the gazetteer lacks the
        province: one unknown name between, then a country.
        """
        follow = COMMA_NAME.match(text, end, min(len(text), end + 60))
        if follow is None:
            return False
        words = follow.group("name").split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            after = text[follow.start("name") :].find(name) + follow.start("name") + len(name)
            if not CLAUSE_END.match(text, after):
                continue  # "John Smith, Texas governor": an apposition, not a location
            geo = self.geocoder.lookup(name)
            if geo is not None and geo.kind in ("country", "region"):
                return True
        if hops and follow.end() - follow.start("name") == len(follow.group("name")):
            return self._country_after(text, follow.end())
        return False

    def _country_after(self, text: str, end: int) -> bool:
        """Whether ", <country>" (a country, not a state) follows `end` and closes the clause."""
        follow = COMMA_NAME.match(text, end, min(len(text), end + 60))
        if follow is None or not CLAUSE_END.match(text, follow.end()):
            return False
        geo = self.geocoder.lookup(follow.group("name"))
        return geo is not None and geo.kind == "country"
