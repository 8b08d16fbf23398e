"""Victim phrases: one named or described person linked to a fate, with no numeral in sight.

Most local news never counts its victims: "A 19-year-old man who was shot and killed …", "Dana
Whitfield … was pronounced dead", "the shooting death of Luis Ortega, 40", "is in critical condition".
These rules find such *victim mentions* sentence by sentence and then resolve them into distinct people:

- **subject phrases**: "<victim> [, 23,] [was|has been|later …] <fate>" where the victim is a person the
  entity extractor found, a described person ("a 42-year-old woman", "the victim", "Another man", a
  headline's "Man"), or a pronoun ("he", "she"), which refers back to the previous victim;
- **object phrases**: "<fate verb|noun> <victim>": "shot and killed a bus driver", "the shooting death
  of Luis Ortega", "police shot the suspect";
- the **fate** is killed (shot dead, died, pronounced dead, fatally shot …) or injured (shot, wounded,
  hospitalised, in critical condition …); someone injured who later died is killed only;
- **one person, one victim**: mentions merge by canonical name (EntityBuilder's people), by age
  ("Demarre Lott, 23" = "a 23-year-old man"), and a description without an age ("the man", "the victim")
  is the victim before it; "another man", "a second victim" and a different age are new people.
- a suspect, gunman or burglar who was shot is a victim too (the totals count him) and is marked
  `perpetrator`.

Sentences about background (an earlier or separate incident, a year's statistics) give no victims.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from service.extract.casualties.counts import MODIFIER, PERSON_NOUN
from service.extract.casualties.grammar import YEAR_OLD, alternation, led, stems, words
from service.extract.ner.attach import DEMONYM_COUNTRIES
from service.extract.types import CasualtyKind

#: A described person: determiner, up to three modifiers, and a person noun or a bare age.
_AGE = rf"(?P<age>\d{{1,3}}){YEAR_OLD}"
#: The indefinite two-word determiners first: "A third victim" is "a third" (a new person), not "a" and a
#: modifier; "the second", "the other" stay behind "the" (they refer back to a pair already told).
_DET = (
    r"(?P<det>one\s+more|a\s+further|yet\s+another|a\s+second|a\s+third|an?|the|one|another|the\s+second|"
    r"the\s+other|his|her|their|its|our|both)"
)
_DESCRIBED = (
    rf"(?:\b{_DET}\s+)?(?:(?!(?:was|were|is|and|who|an?|the|one|another|his|her|their|its|our|both)\b){MODIFIER}\s+){{0,3}}?"
    rf"(?:{_AGE}(?:\s+(?P<noun_a>{PERSON_NOUN}))?|(?P<noun>{PERSON_NOUN}|victims?))(?![\w-])"
)
_PRONOUN = r"(?P<pron>\b(?:he|she)\b)"
#: Between a subject and its predicate: an apposition (", 23," / ", of Milwaukee," / ", 24, of Memphis,
#: Tennessee,": a US town is told with its state) and auxiliaries; an item opening "and" is the next
#: subject of a coordination ("A, 23, and B, 29, were killed"), never part of A's apposition. A relative
#: clause set off by commas may run longer ("The victim, whose name was being withheld pending
#: notification of relatives, later died"), and so may an apposition that places the person in a group
#: ("A 25-year-old man, one of the victims in a double shooting near the track, has died").
_APPOS = (
    r"(?:\s*,\s*(?:\d{1,3}|[^,.;:!?\"“”]{1,50}?|(?:who|whose)\s[^,.;:!?\"“”]{1,100}?)"
    r"(?:\s*,(?!\s*and\b)\s*[^,.;:!?\"“”]{1,50}?){0,2}\s*,"
    r"|\s*,\s*one\s+of\s+the\s+[^,.;:!?\"“”]{1,90}?\s*,)?"
)
_AUX = rf"(?:\s+{alternation('filler.victim')})*"
_KILLED = rf"(?P<killed>{alternation('fate.killed.verb', 'fate.killed.phrase', 'fate.killed.adjective')})"
_INJURED = (
    r"(?P<injured>"
    + alternation(
        "fate.injured.verb",
        "fate.injured.shot",
        "fate.injured.hit",
        "fate.injured.hit_thrown",
        "fate.injured.care_person",
        "fate.injured.condition_person",
        "fate.injured.wound_person",
        "fate.injured.wound_one",
    )
    + ")"
)
#: A person's name where the model found none: two to four capitalised words ("Joshua Hawkins Sr."), and
#: a nickname in brackets or quotes after the first ("Kimani (Kiki) Gray", 'Daniel "Danny" Ruiz').
_NAME = re.compile(
    r"(?:(?<![\w.])|(?<=[a-z]))(?!(?:The|A|An|Police|Officers?|Authorities|Deputies|Sheriff|Detectives?|Investigators|He|She|They|"
    r"It|This|That|Mr|Mrs|Ms|Dr)\b)[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+[A-Z]\.)?"
    r"(?:\s+(?:\([A-Z][a-z]+\)|[\"“'‘][A-Z][a-z]+[\"”'’]))?(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){1,3}"
    r"(?:\s+(?:Jr|Sr|II|III)\b\.?)?"
)
#: Capitalised words that are not names: headline Title Case ("Teen Found Shot On Bike Path Dies").
_NOT_NAME_WORDS = words("person.not_name")
#: Nationalities ("Briton", "a Mexican", "two Americans"): the model may tag one as a person, but it
#: describes a victim, never names one ("Briton dies" and "Robert Buckley, 32, died" are one man).
_DEMONYMS = frozenset(d.lower() for form in DEMONYM_COUNTRIES for d in form.split())
_APPOS_AGE = re.compile(rf"^\.?\s*,\s*(?:(\d{{1,3}})\s*,|[^,]*?\b(\d{{1,3}}){YEAR_OLD}\b)")


def _died_later(text: str, end: int, s1: int) -> bool:
    """The victim just given a wound died later in the sentence (and no one else is its subject)."""
    later = _LATER_DIED.match(text, end, s1)
    return later is not None and not _ANOTHER_SUBJECT.search(later.group())


def reports_a_death(text: str, sentences: Sequence[tuple[int, int]]) -> bool:
    """The article calls its (current) incident fatal: "a deadly shooting", "turned into a homicide"."""
    return any(_FATAL_INCIDENT.search(text, s0, s1) and not is_background(text[s0:s1]) for s0, s1 in sentences)


#: Cheap pre-filter, derived from every fate the rules below read ("found X dead" needs "dead" too).
_ANY_FATE = stems(
    "fate.killed.verb",
    "fate.killed.phrase",
    "fate.killed.adjective",
    "fate.killed.object",
    "fate.killed.object_person",
    "fate.killed.possessed",
    "fate.injured.verb",
    "fate.injured.shot",
    "fate.injured.hit",
    "fate.injured.hit_thrown",
    "fate.injured.care_person",
    "fate.injured.condition_person",
    "fate.injured.wound_person",
    "fate.injured.wound_one",
    "fate.injured.object",
    "fate.injured.object_person",
)
_OF_BEFORE = re.compile(r"\bof\s+$")
#: A name right after "to", "at" or "into" is where someone was taken, not who was hurt: "was taken to
#: Mercy General in stable condition" (`victim.subject.named`).
_PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:to|at|into)\s+$", re.IGNORECASE)
_SELF = re.compile(r"\s+(?:himself|herself)\b", re.IGNORECASE)
_SUBJECT_POSTMOD = r"(?:\s+(?:with|from|of)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+)?"
_SUBJECT = re.compile(
    rf"(?<![\w'’-])(?:{_DESCRIBED}{_SUBJECT_POSTMOD}|{_PRONOUN}){_APPOS}{_AUX}\s+(?:{_KILLED}|{_INJURED})\b",
    re.IGNORECASE,
)
#: The predicate every subject phrase ends in: a sentence without one has no subject phrase, and this
#: costs a fraction of a `_SUBJECT` scan, which tries a described person at every word.
_SUBJECT_PREDICATE = led(re.compile(rf"\s+(?:{_KILLED}|{_INJURED})\b", re.IGNORECASE))
#: Every position where a predicate starts (overlapping ones too); and where `_SUBJECT` may start at all.
_PREDICATE_AT = re.compile(f"(?=(?:{_SUBJECT_PREDICATE.pattern}))", _SUBJECT_PREDICATE.flags)
_SUBJECT_START = re.compile(r"(?<![\w'’-])")
#: Verb or noun cues whose object is the victim ("shot and killed a bus driver", "the death of X").
_OBJECT_CUE = led(
    re.compile(
        rf"(?:(?P<killed>{alternation('fate.killed.object', 'fate.killed.object_person')})"
        rf"|(?P<injured>{alternation('fate.injured.object', 'fate.injured.object_person')})"
        rf"|(?P<pronounced>{alternation('fate.found')}))\s+",
        re.IGNORECASE,
    )
)
_OBJECT_NP = re.compile(_DESCRIBED, re.IGNORECASE)
#: "<name>'s death": the possessor of a death noun is the dead (not "his death sentence"). The model's
#: name may hold the "'s" itself ("Matt Roe's").
_POSSESSIVE_END = re.compile(r"['’]s?$")
_POSSESSED = re.compile(
    rf"(?:['’]s?)?\s+{alternation('fate.killed.possessed')}\b(?!\s+(?:sentence|penalty|row|threats?|certificate|warrant|tolls?))",
    re.IGNORECASE,
)
#: Words between a fate verb and a name: "killed 13-year-old Alec Long", "shot waitress Cassie Anderson".
#: "found X dead", "found X and Y dead on a bed": the predicate after the object.
_DEAD_AFTER = re.compile(
    rf"(?:\s*,?\s*(?:and\s+)?(?:\d{{1,3}}{YEAR_OLD}\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}})?\s+dead\b"
)
_WOUND_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s+with\s+(?:an?\s+|multiple\s+|several\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:gunshot|stab|bullet)\s+wounds?|(?:\s+[\w'’-]+){0,3}?\s+with\s+(?:an?\s+)?(?:[\w'’-]+\s+){0,3}?injur(?:y|ies)",
    re.IGNORECASE,
)
#: A title or rank may stand among those words: "Senator Ivo Marten", "state Senior Trooper William Hakim".
#: An organisation's acronym before a lower-case role word is part of the prefix (`victim.object.named`):
#: "the death of IRGC spokesperson X", "killed ISIS leader X".
_NAME_PREFIX = re.compile(
    rf"(?:\d{{1,3}}{YEAR_OLD}\s+|"
    r"(?:(?:(?!(?:in|on|at|near|by|from|to|outside|inside|during|with|after|before|into|of|for|and|as|while|when|the|a|an)\b)[a-z][\w-]*|"
    r"[A-Z]{2,6}(?=\s+[a-z])|" + alternation("person.title") + r")\s+){1,3}(?=[A-Z]))"
)
#: A longer description before the first of two victims' names after "both", ending on a role word as
#: `_COORDINATION`'s does: "assassinate both Hamas commander X and ...", "both the council's security secretary X
#: and ..." (`victim.object.named`, cas44); no clause inside it (a conjunction, a preposition or a verb form ends
#: it). Without "both" it changed a labelled check article's totals for the worse, so it waits for "both".
_ROLE_PREFIX = re.compile(
    r"both\s+(?:(?!(?:and|or|but|in|on|at|near|by|from|to|outside|inside|during|with|after|before|into|of|for|"
    r"as|while|when|who|which|that)\b)(?![\w-]+(?:ing|ed)\b)[\w.'’-]+\s+){0,6}?"
    r"(?:" + alternation("person.title") + "|" + PERSON_NOUN + r")\s+(?=[A-Z])",
    re.IGNORECASE,
)
_NAMED_TAIL = re.compile(
    rf"\.?(?:\s+of\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})?{_APPOS}{_AUX}\s+(?:{_KILLED}|{_INJURED})\b",
    re.IGNORECASE,
)
#: What follows a transitive fate verb when the subject is the agent, not the victim ("he shot a man").
#: An object after the verb: a determiner, a number, a full name, or a surname before "once", "twice",
#: "N times", "in the" ("Orand reportedly shot Long once in the head"; not a weekday: "Man shot Friday in the …").
#: "Gunmen killed both X and his brother": "both" opens the object, so the gunmen are its agents (`victim.agent_both`).
_OBJECT_FOLLOWS = re.compile(
    r"\s+(?:(?:an?|the|his|her|their|him|them|one|two|three|another|at\s+least)\b|\d|[A-Z][a-z]+\s+[A-Z]"
    rf"|{alternation('cue.both_object')}\s"
    r"|(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]+\s+"
    r"(?:once|twice|(?:\w+\s+)?times|in\s+the)\b)",
)
_PASSIVE = led(re.compile(rf"\b{alternation('filler.passive')}\b", re.IGNORECASE))
_TO_DEATH = re.compile(r"\s+to\s+death\b", re.IGNORECASE)
#: "shot his wife, son and daughter to death": the first of a list shares the list's "to death" (`count.list`).
_LIST_TO_DEATH = re.compile(
    r"(?:\s*,\s*[\w'’ -]{1,30}?)*\s*,?\s+and\s+(?:[\w'’-]+\s+){1,3}?to\s+death\b", re.IGNORECASE
)
#: "X shot and killed a clerk" is X's act as much as "X shot a clerk", and so is "X shot dead three people".
_TRANSITIVE = re.compile(
    r"^(?:shot|killed|wounded|injured|stabbed|murdered|hurt|shot\s*,?\s+(?:and\s+)?killed|shot\s+dead|gunned\s+down)$",
    re.IGNORECASE,
)
_NEGATED = led(re.compile(rf"\b{alternation('cue.negation')}\b", re.IGNORECASE))
#: "if he dies", "unless she is treated": the subject of a condition, not of an event (`victim.conditional`).
_CONDITIONAL_BEFORE = re.compile(rf"\b{alternation('cue.conditional_subject')}\s+$", re.IGNORECASE)
#: A name as the possessor of the fate verb's object: "the fatal shooting of Jon Roe's brother", "of beloved
#: Marlow Bakery's owner" (`victim.possessor`). The name's last word may be cut short ("Houston Mc" for
#: "Houston McDonald's"), so the rest of the word is read first.
_OWNER_OF = re.compile(rf"\w*['’]s?\s+(?:{MODIFIER}\s+){{0,2}}?(?P<noun>{PERSON_NOUN})s?\b", re.IGNORECASE)
#: A sentence about an earlier or separate incident (not a statistic, which may number the news itself).
_EARLIER_SENTENCE = led(re.compile(alternation("cue.background.time", "cue.background.separate"), re.IGNORECASE))
#: A sentence opening on a day counted from the sentence before (`cue.background.sequel`).
_SEQUEL = re.compile(alternation("cue.background.sequel"), re.IGNORECASE)
#: A fate that did not happen: "within inches of killing", "could have killed" (`victim.near_miss`).
_NEAR_MISS = led(re.compile(alternation("cue.near_miss"), re.IGNORECASE))
#: "once" is that condition only for a fate still to come (`cue.conditional_once`, `_conditional`).
_ONCE_BEFORE = re.compile(rf"\b{alternation('cue.conditional_once')}\s+$", re.IGNORECASE)
_TO_COME = re.compile(rf"\b{alternation('cue.fate_to_come.present', 'cue.fate_to_come.modal')}\b", re.IGNORECASE)
_MODAL = re.compile(rf"\b{alternation('cue.fate_to_come.modal')}\b", re.IGNORECASE)
#: How far back the clause before "once" is read for a modal ("who would raise her daughter once …").
_ONCE_CLAUSE_REACH = 80
#: "shot at him" / "shot into the air": nobody hit ("shot at a party" is where, not at whom).
_NOT_HIT = re.compile(rf"\s+{alternation('exclusion.not_hit')}", re.IGNORECASE)
#: A later death in the same sentence: "was found shot along a bike path … has died", "shot at party dies".
_LATER_DIED = re.compile(rf"[^.;!?|]{{0,150}}?\b{alternation('cue.later_died')}\b", re.IGNORECASE)
_ANOTHER_SUBJECT = re.compile(r"\b(?:and|but|while|as|when)\s+(?:[A-Z]|an?\s|the\s|his\s|her\s|their\s|two\s|one\s)")
#: The article calls its incident fatal, so a victim only said to be "shot" is the one who died.
_FATAL_INCIDENT = led(re.compile(alternation("cue.fatal_incident"), re.IGNORECASE))
#: Sentences about something other than the reported incident.
_BACKGROUND = led(
    re.compile(alternation("cue.background.time", "cue.background.separate", "cue.statistic"), re.IGNORECASE)
)
#: A time span before "after" that dates the clause after it earlier than the sentence's own news: "a day after",
#: "two days after", "hours after", "a week after" (`victims.earlier_other`, with "another <person>").
_TIME_AFTER = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|hours?)|hours|days|weeks)\s+after\s+$", re.IGNORECASE
)
#: "named the soldier who died on Monday as Sergeant X" (`victim.identified_as`): the name after "as" is
#: the described victim's.
_IDENTIFIED_BEFORE = re.compile(rf"\b{alternation('cue.identified')}\s+$", re.IGNORECASE)
_AS_NAME = re.compile(
    rf"(?:\s+[\w'’-]+){{0,3}}?\s*,?\s+as\s+(?:\d{{1,3}}{YEAR_OLD}\s+)?"
    rf"(?:(?:{alternation('person.title')}|[A-Z][a-z]+\.?|[a-z][\w-]*)\s+){{0,3}}"
)
_DESCRIBED_APPOS_AGE = re.compile(rf"\s*,\s*(?:an?\s+)?(\d{{1,3}}){YEAR_OLD}\b", re.IGNORECASE)
_AS_AGE = re.compile(rf"(?:\s+[\w'’-]+){{0,3}}?\s*,?\s+as\s+(?:an?\s+)?(\d{{1,3}}){YEAR_OLD}\b", re.IGNORECASE)
#: A victim right after a charge ("charged with killing X last summer"): the incident the story is about.
_CHARGE = led(re.compile(alternation("cue.charge"), re.IGNORECASE))
_CHARGED = led(re.compile(rf"{alternation('cue.charge')}\s+(?:[\w'’-]+\s+){{0,6}}?$", re.IGNORECASE))
_PERPETRATOR_NOUN = re.compile(rf"^{alternation('person.perpetrator')}s?$", re.IGNORECASE)
_PERPETRATOR_BEFORE = led(
    re.compile(rf"\b{alternation('person.perpetrator_before')}\s+(?:[\w'’-]+\s+){{0,2}}$", re.IGNORECASE)
)
#: Police as the subject of the fate verb ("officers shot and killed the suspect"): the victim is the suspect.
_BY_POLICE = led(
    re.compile(rf"\b{alternation('person.police')}\s+(?:(?!(?:say|says|said)\b)[a-z]+\s+){{0,2}}$", re.IGNORECASE)
)
#: A described subject police shot (rule `victim.shot_by_police`): "a police shooting that left a man in serious
#: condition", "an officer-involved shooting left a woman dead", "a man was shot and killed by deputies": the
#: person is the suspect, one person with a headline's "Suspect dies" (`person.police`, `cue.police_shooting`).
_POLICE_SHOOTING_BEFORE = re.compile(
    rf"\b(?:{alternation('cue.police_shooting')})\s+(?:[\w'’-]+\s+){{0,4}}?(?:that|which)?\s*(?:left|leaves|leaving)\s+$",
    re.IGNORECASE,
)
_BY_POLICE_AFTER = re.compile(
    rf"^[^.;,]{{0,20}}?\bby\s+(?:an?\s+|the\s+|two\s+|several\s+)?(?:[\w-]+\s+){{0,2}}?{alternation('person.police')}\b",
    re.IGNORECASE,
)


def _shot_by_police(text: str, s0: int, m: re.Match[str]) -> bool:
    """The described subject is the person police shot (rule `victim.shot_by_police`)."""
    return bool(
        _POLICE_SHOOTING_BEFORE.search(text, max(s0, m.start() - 80), m.start())
        or _BY_POLICE_AFTER.match(text[m.end() : m.end() + 60])
    )


#: A sentence that opens on another incident of a local report (`cue.ordinal_incident`): "A second shooting was
#: reported in Pellston …", "The third shooting happened outside a bar" (rule `victim.ordinal_incident`).
_ORDINAL_INCIDENT = re.compile(alternation("cue.ordinal_incident"), re.IGNORECASE)
#: "police say he shot and killed another man", "a patron shot another family member": "another" after an agent's
#: fate verb sets the victim apart from the agent, not from the victims told before.
#: Not across a coordination: "killed a man and then shot another man" are two people.
_AGENT_WORD = r"(?!(?:and|then|but|before|after|while)\b)[\w'’-]+"
_AGENT_BEFORE = re.compile(
    rf"(?:\b(?:he|she)|\b(?:an?|the)\s+(?:[\w'’-]+\s+){{0,2}}?{PERSON_NOUN}(?:\s+{_AGENT_WORD}){{0,4}}?)"
    rf"\s+(?:{_AGENT_WORD}\s+){{0,2}}$",
    re.IGNORECASE,
)
_MALE = words("person.male")
_FEMALE = words("person.female")
#: Family roles: a mention of one never refers back to a victim told as another ("the daughter" is not "the mother").
_KIN = words("person.kin")
_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}
#: "X, 29, a Latino man, was killed along with Y": Y shares the fate.
_ALONG_WITH = re.compile(
    r"[^.;]{0,40}?\s+(?:along\s+with|together\s+with|as\s+was|as\s+were)\s+"
    rf"(?:\d{{1,3}}{YEAR_OLD}\s+)?"
)
#: "A, 31, and B", "A and 16-year-old B", and across a job title: "Capt. A and state Senior Trooper B",
#: "A and Oregon State Police bomb technician B" (the gap ends in a title or a person noun).
_COORDINATION = re.compile(
    r"(?:\s*,\s*(?P<age>\d{1,3}))?\s*(?:,|,?\s+and)\s+"
    rf"(?:\d{{1,3}}{YEAR_OLD}\s+|"
    r"(?:[\w.'’-]+\s+){0,4}?(?:" + alternation("person.title") + "|" + PERSON_NOUN + r")\s+)?"
)
#: Survival cues: "shot" alone says only that someone was hit, perhaps fatally.
_SURVIVED = led(re.compile(alternation("cue.survived"), re.IGNORECASE))
_NEW_PERSON_DET = re.compile(
    r"^(?:one\s+more|a\s+further|yet\s+another|another|a\s+second|the\s+second|a\s+third|the\s+other)$",
    re.IGNORECASE,
)


#: Every victim rule, by id (the ids mentions carry and `--explain` prints).
RULES = {
    "victim.subject.named": "<name> [, 23,] [was] <fate>: 'Dana Whitfield, 34, was pronounced dead'",
    "victim.subject.coordinated": "<name> and <name> <fate>: 'A, 31, and B, 29, were killed'",
    "victim.subject.described": "<a 42-year-old woman | the victim | he> [was] <fate>",
    "victim.object.named": "<fate verb or noun> <name>: 'the shooting death of Luis Ortega'",
    "victim.object.pronoun": "<fate verb> him / her: 'found him dead'",
    "victim.object.described": "<fate verb> <a person>: 'shot and killed a bus driver'",
    "victim.object.possessive": "<name>'s <death noun>: 'the MoD confirmed Sergeant Matt Roe's death'",
    "victim.identified_as": "<identified | named> <described victim> ... as <name>: 'named the soldier who died as X'",
    "victim.along_with": "<victim> ... along with <name>",
    "victim.coordinated": "<victim>, <name> and <name>: 'killed A, B and C'",
    "victim.conditional": "no victim: <if | unless | once + a fate to come> <victim> <fate>: 'once she dies'",
    "victim.possessor": "<fate> <name>'s <person noun>: 'the killing of Jon Roe's brother' (the brother, not Jon Roe)",
    "victim.near_miss": "no victim: <within inches of | could have> <fate>: 'came within inches of killing him'",
    "victim.one_more_hurt": "merge: an injured 'one <person>' is never a victim already told dead",
    "victim.new_hurt_after_dead": "merge: an injured 'a police officer' is never a civilian already told dead",
}


@dataclass(frozen=True, slots=True)
class PersonMention:
    """Where the entity extractor saw a person, and the canonical name of that person."""

    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class VictimMention:
    """One phrase that gives one person a fate."""

    start: int
    end: int
    sentence_start: int
    kind: CasualtyKind
    text: str
    name: str | None = None
    age: int | None = None
    noun: str | None = None
    pronoun: bool = False
    new_person: bool = False  # "another man": never the victim before
    perpetrator: bool = False
    #: The person police shot, told plainly ("a police shooting that left a man in serious condition"): the
    #: suspect a headline may name by role (`victim.shot_by_police`), without taking sides from a plain headline
    #: ("Woman killed").
    police_shot: bool = False
    rule: str = ""  # the id of the rule that found the mention (`RULES`)
    #: The fate word of an object mention, outside its text ("injuring officer X": "injuring"), read by `hit_only`.
    cue: str = ""


@dataclass(slots=True)
class Victim:
    """One distinct person with a fate, after merging the mentions that refer to them."""

    mentions: list[VictimMention] = field(default_factory=list)
    name: str | None = None
    age: int | None = None
    noun: str | None = None
    perpetrator: bool = False
    died: bool = False  # set by the totals when the article calls the incident fatal

    @property
    def kind(self) -> CasualtyKind:
        """Killed if any mention says so (an injured victim who later died is killed only)."""
        return "killed" if self.died or any(m.kind == "killed" for m in self.mentions) else "injured"

    @property
    def hit_only(self) -> bool:
        """Injured only in the sense of "was shot": nothing says the person survived."""
        return self.kind == "injured" and not any(
            _SURVIVED.search(m.text) or _SURVIVED.search(m.cue) for m in self.mentions
        )

    @property
    def deciding(self) -> VictimMention:
        """The first mention that states the victim's final fate."""
        return next((m for m in self.mentions if m.kind == self.kind), self.mentions[0])


def _definite(mention: VictimMention) -> bool:
    """The mention describes its person with "the" ("the teen was rushed", "the death of the teenager")."""
    return mention.noun is not None and bool(
        re.search(rf"\bthe\s+(?:[\w'’-]+\s+){{0,2}}?{re.escape(mention.noun)}\b", mention.text, re.IGNORECASE)
    )


#: Plain descriptions by age and the ages they fit: a named person of that age may be the one described.
_AGE_NOUNS = {"teen": (13, 19), "teenager": (13, 19), "boy": (0, 17), "girl": (0, 17), "child": (0, 14)}


def _name_of_age(mention: VictimMention, victim: Victim) -> bool:
    """A named mention with an age that the earlier victim's plain description by age fits."""
    span = _AGE_NOUNS.get((victim.noun or "").lower())
    return (
        span is not None
        and mention.name is not None
        and victim.name is None
        and mention.noun is None
        and mention.age is not None
        and span[0] <= mention.age <= span[1]
    )


def _police_shot_suspect(victim: Victim, mention: VictimMention) -> bool:
    """A suspect told by role and the person police shot told plainly are one (rule `victim.shot_by_police`).

    "Suspect dies after police shooting … a police shooting that left a man in serious condition": the
    headline's suspect is the man police shot, whichever is told first.
    """
    if mention.perpetrator:
        return any(x.police_shot for x in victim.mentions)
    return mention.police_shot and victim.perpetrator


def _role(noun: str | None) -> bool:
    """A noun that names a role in the incident (suspect, gunman, victim): it never changes sides."""
    return noun is not None and (noun.lower() in ("victim", "victims") or bool(_PERPETRATOR_NOUN.match(noun)))


def _gender(noun: str | None) -> str | None:
    if noun is None:
        return None
    noun = noun.lower()
    return "m" if noun in _MALE else "f" if noun in _FEMALE else None


def _same_name(a: str | None, b: str | None) -> bool:
    """One person named two ways: "Jesus Ebiliardo Vazquez" / "Ebiliardo Vazquez" / "Vazquez"."""
    if a is None or b is None:
        return False
    ta = [t.rstrip(".").lower() for t in a.split() if t.rstrip(".") not in _SUFFIXES]
    tb = [t.rstrip(".").lower() for t in b.split() if t.rstrip(".") not in _SUFFIXES]
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    # Every word of the shorter form in the longer one: "Vazquez" / "Ebiliardo Vazquez" / "Jesus Ebiliardo
    # Vazquez" are one man, "Tammy Roe" and "Mia Roe" two people of one family.
    if set(short) <= set(long_):
        return True
    # A pet form of the first name with the same surname: "Katie Jenkin" / "Kathryn Jenkin", "Danny Ruiz" /
    # "Daniel Ruiz" (shorter, ending in -ie/-y, sharing the first three letters; "Mary" / "Mark" are two).
    return len(ta) >= 2 and len(tb) >= 2 and ta[-1] == tb[-1] and _pet_form(ta[0], tb[0])


def _pet_form(a: str, b: str) -> bool:
    """One first name is a pet form of the other: "katie" / "kathryn", "jenny" / "jennifer"."""
    pet, full = (a, b) if len(a) < len(b) else (b, a)
    return len(pet) < len(full) and len(pet) >= 3 and pet[:3] == full[:3] and pet.endswith(("ie", "y"))


def _other_object(victim: Victim, mention: VictimMention) -> bool:
    """Two described objects of one sentence with two fates are two people (`victim.object.described`).

    "killing a police officer and critically injuring the police chief".
    """
    return mention.rule == "victim.object.described" and any(
        m.rule == mention.rule
        and m.sentence_start == mention.sentence_start
        and m.kind != mention.kind
        and (m.noun or "").lower() != (mention.noun or "").lower()
        for m in victim.mentions
    )


_INDEFINITE = re.compile(r"^(?:an?|another)\s", re.IGNORECASE)
_ONE_INDEFINITE = re.compile(r"^one\s+(?!of\b)", re.IGNORECASE)
_A_OR_AN = re.compile(r"^an?\s", re.IGNORECASE)
_POLICE_NOUN = re.compile(alternation("person.police"), re.IGNORECASE)


def _police(noun: str | None) -> bool:
    return noun is not None and _POLICE_NOUN.fullmatch(noun) is not None


def _new_hurt_after_dead(victim: Victim, mention: VictimMention) -> bool:
    """A police officer hurt, told with "a"/"an", is not the civilian told dead before (cas46).

    "… riots after the fatal shooting of a teenager by police. A police officer suffered a gash in the face
    when a brick hit him": the officer is someone else (`victim.new_hurt_after_dead`). A plain "a man
    suffering from a gunshot wound" after "Person fatally shot" is the dead person found, and stays one.
    """
    return (
        mention.kind == "injured"
        and victim.kind == "killed"
        and _A_OR_AN.match(mention.text) is not None
        and _police(mention.noun)
        and victim.noun is not None
        and not _police(victim.noun)
    )


def _introduced_beside(victim: Victim, mention: VictimMention) -> bool:
    """A person introduced with "a" in a sentence that names `victim` is none of the named victims.

    "Chief X was listed in critical condition and a bank employee received minor injuries".
    """
    return (
        mention.name is None
        and not mention.pronoun
        and bool(_INDEFINITE.match(mention.text))
        and any(m.name is not None and m.sentence_start == mention.sentence_start for m in victim.mentions)
    )


_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?![\w-])")


def _surnames(people: Sequence[PersonMention]) -> dict[str, str]:
    """The surname of each person the model named in full, to its canonical name ("Ortiz": "Jerry Ortiz")."""
    out: dict[str, str] = {}
    for p in people:
        words_ = [w.rstrip(".") for w in p.name.split() if w.rstrip(".") not in _SUFFIXES]
        if len(words_) >= 2 and len(words_[-1]) >= 3 and words_[-1].lower() not in _NOT_NAME_WORDS:
            out.setdefault(words_[-1], p.name)
    return out


def _demonym(name: str) -> bool:
    """A "name" made only of nationality words ("Briton", "South Korean"): a description, not a name."""
    words_ = name.split()
    return bool(words_) and all(w.lower() in _DEMONYMS for w in words_)


def _shared_surnames(people: Sequence[PersonMention]) -> frozenset[str]:
    """Lower-case last words of two or more distinct full names ("John Jenkin", "Katie Jenkin")."""
    seen: dict[str, set[str]] = {}
    for person in people:
        words_ = [w for w in person.name.split() if w.rstrip(".") not in _SUFFIXES]
        if len(words_) > 1:
            seen.setdefault(words_[-1].lower(), set()).add(person.name)
    return frozenset(surname for surname, names in seen.items() if len(names) > 1)


def _described_subjects(text: str, s0: int, s1: int) -> list[re.Match[str]]:
    """`_SUBJECT.finditer(text, s0, s1)`, without trying the words after the sentence's last predicate.

    A subject phrase ends in a predicate (`_SUBJECT_PREDICATE`), so it starts before the last place one
    does: only those starts are tried, each with `match` as `finditer` would (from the end of the match
    before). Same matches; 1.2-1.9x faster on the corpora, where the last fate verb often comes early.
    """
    last = None
    for predicate in _PREDICATE_AT.finditer(text, s0, s1):
        last = predicate.start()
    if last is None:
        return []
    found: list[re.Match[str]] = []
    pos = s0
    for start in _SUBJECT_START.finditer(text, s0, last):
        if start.start() < pos:
            continue
        match = _SUBJECT.match(text, start.start(), s1)
        if match is not None:
            found.append(match)
            pos = match.end()
    return found


def _conditional(text: str, s0: int, start: int, predicate: str) -> bool:
    """The victim's subject at `start` is a condition's, not an event's (rule `victim.conditional`).

    "if he dies" always is; "once" only when the fate is still to come: a present-tense or modal verb in
    `predicate` (the subject's words up to its fate verb, after any apposition: "once he is shot"), or a
    modal before "once" in its clause ("who would raise her daughter once she died"). "Once she died, her
    family sued" is "after she died": a death.
    """
    if _CONDITIONAL_BEFORE.search(text, max(s0, start - 20), start):
        return True
    once = _ONCE_BEFORE.search(text, max(s0, start - 8), start)
    if once is None:
        return False
    if _TO_COME.search(predicate.rsplit(",", 1)[-1]):
        return True
    clause = re.split(r"[,;:.!?]", text[max(s0, once.start() - _ONCE_CLAUSE_REACH) : once.start()])[-1]
    return bool(_MODAL.search(clause))


#: How far before a mention a near miss is read ("the bullet came within inches of possibly killing the trooper").
_NEAR_MISS_REACH = 60


def _near_miss(text: str, s0: int, mention: VictimMention) -> bool:
    """The mention's fate did not happen (rule `victim.near_miss`, `cue.near_miss`).

    The cue must end inside the mention or right before it: "could have killed him" (the mention is "him"),
    "came within inches of killing the trooper" (the mention opens on "killing").
    """
    for cue in _NEAR_MISS.finditer(text, max(s0, mention.start - _NEAR_MISS_REACH), mention.end):
        if cue.end() >= mention.start - 2:
            return True
    return False


def _singular_bare_die(m: re.Match[str]) -> bool:
    """A singular described subject before a bare "die" (rule `victim.subject.described`, `filter.bare_die`).

    "One person dies" is the finite verb; with one person, "die" is an infinitive or a subjunctive ("Parents
    aren't supposed to see their child die", "let the man die"): no death is told. "Two die in crash" stays.
    """
    if (m.group("killed") or "").lower() != "die":
        return False
    noun = (m.group("noun") or m.group("noun_a") or "").lower()
    det = (m.group("det") or "").lower()
    return det != "both" and not noun.endswith("s") and noun not in ("people", "men", "women", "children")


#: "…, the city's 40th homicide this year." at a sentence's end numbers the sentence's news among the year's.
_ORDINAL_APPOSITION = re.compile(alternation("cue.ordinal_apposition"), re.IGNORECASE)


def without_ordinal_apposition(text: str) -> str:
    """`text` without a closing ordinal tally in apposition (`cue.ordinal_apposition`).

    "A man was shot dead on Saturday, the city's 40th homicide this year." tells the news and numbers it: the
    ordinal is the statistic, not the man ("The city's 40th homicide this year was …" stays background).
    """
    return _ORDINAL_APPOSITION.sub("", text, count=1)


#: "X, who has been a surgeon at the hospital since 2006, …": a year that dates a person's career (`cue.biography`).
_BIOGRAPHY = led(re.compile(alternation("cue.biography"), re.IGNORECASE))


def without_biography(text: str) -> str:
    """`text` with every relative clause that tells a person's life blanked (`cue.biography`), offsets kept.

    "Michael Roe, who has been a surgeon at the hospital since 2006, has died" tells today's death: the year
    dates his career, so it makes neither the sentence background nor the figure dated.
    """
    return _BIOGRAPHY.sub(lambda m: " " * len(m.group()), text)


def is_background(text: str) -> bool:
    """A sentence about an earlier or separate incident, or a statistic ("the city's 40th homicide")."""
    return _BACKGROUND.search(without_biography(without_ordinal_apposition(text))) is not None


#: How far back the sentence before a figure's is read (`follows_background`).
_PREVIOUS_REACH = 400
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s+(?=[A-Z])")


def follows_background(text: str, sentence_start: int) -> bool:
    """The sentence at `sentence_start` opens on a day counted from the sentence before, a background one.

    "… the spate of violence, which began with the fatal shooting of X. The following day, a woman was wounded
    at a vigil for X": the earlier incident goes on (rule `filter.background.sequel`).
    """
    if not _SEQUEL.match(text[sentence_start : sentence_start + 80]):
        return False
    before = text[max(0, sentence_start - _PREVIOUS_REACH) : sentence_start].rstrip()
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(before[:-1])]
    previous = without_biography(without_ordinal_apposition(before[breaks[-1] :] if breaks else before))
    # an earlier incident is one where someone met a fate: "X was paroled in 2024. The following day, he
    # shot two men" is the news (review finding)
    return _EARLIER_SENTENCE.search(previous) is not None and _ANY_FATE.search(previous) is not None


class VictimRules:
    """Finds victim mentions in sentences and resolves them into distinct victims."""

    def mentions(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        people: Sequence[PersonMention],
        not_people: Sequence[tuple[int, int]] = (),
    ) -> list[VictimMention]:
        """Every victim mention in `text` (document offsets), in text order.

        `people` (sorted by start) are the entity extractor's person mentions with canonical names;
        `not_people` are spans known to be something else (places), never taken for a victim's name.
        """
        out: list[VictimMention] = []
        starts = [p.start for p in people]
        shared = _shared_surnames(people)
        surnames = _surnames(people)
        previous_background = previous_earlier = False
        after_opener = False  # a sentence opened on another incident, and nobody has been told since
        for s0, s1 in sentences:
            stext = text[s0:s1]
            if _ORDINAL_INCIDENT.match(stext):
                after_opener = True
            if is_background(stext) or (previous_earlier and _SEQUEL.match(stext)):
                # "The following day, a woman was wounded …" after a sentence about an earlier incident: that
                # incident goes on (`filter.background.sequel`)
                previous_background = True
                previous_earlier = _EARLIER_SENTENCE.search(stext) is not None or (
                    previous_earlier and _SEQUEL.match(stext) is not None
                )
                # A charge names the story's own incident, however it is dated (guide rule 10).
                if _ANY_FATE.search(stext) and _CHARGE.search(stext):
                    names = self._names(text, s0, s1, people, starts, not_people, shared, surnames)
                    found = self._objects(text, s0, s1, names)
                    out.extend(m for m in found if _CHARGED.search(text, max(s0, m.start - 120), m.start))
                continue
            if not _ANY_FATE.search(stext):
                previous_background = previous_earlier = False
                continue  # the cheap test first: most sentences give nobody a fate
            # Once: both rule sets read them.
            names = self._names(text, s0, s1, people, starts, not_people, shared, surnames)
            found = self._subjects(text, s0, s1, names) + self._objects(text, s0, s1, names)
            found.sort(key=lambda m: m.start)
            kept: list[VictimMention] = []
            for mention in found:  # one phrase, one mention (subject and object rules may overlap)
                if kept and mention.start < kept[-1].end:
                    continue
                if _near_miss(text, s0, mention):
                    continue  # "came within inches of killing the trooper": a fate that did not happen
                if previous_background and not self._known(out, mention):
                    continue  # "The first homicide this year came Sunday. X was shot …": still the earlier case
                if (
                    mention.new_person
                    and (mention.noun or "").lower() not in ("victim", "victims")
                    and _TIME_AFTER.search(text, max(s0, mention.start - 40), mention.start)
                ):
                    # "X died after a fall, a day after another man died in the same park" (rule
                    # `victims.earlier_other`): the other death is an earlier incident told for context.
                    continue
                if after_opener and mention.name is None:
                    # "A second shooting was reported in Pellston. A man was shot in the leg." (rule
                    # `victim.ordinal_incident`): the first person told after the opener is another incident's
                    mention = replace(mention, new_person=True)
                after_opener = False
                kept.append(mention)
            out.extend(kept)
            previous_background = previous_earlier = False
        return out

    @staticmethod
    def _known(seen: Sequence[VictimMention], mention: VictimMention) -> bool:
        """The mention is about someone already seen (not a new person introduced after background)."""
        if mention.name is None and mention.age is None:
            return True
        return any(
            (mention.name is not None and _same_name(m.name, mention.name))
            or (mention.age is not None and m.age == mention.age)
            for m in seen
        )

    # -- subject phrases -----------------------------------------------------------------------------

    def _subjects(self, text: str, s0: int, s1: int, names: Sequence[tuple[int, int, str]]) -> list[VictimMention]:
        """Subject phrases of the sentence s0:s1; `names` are its person names (`_names`)."""
        out: list[VictimMention] = []
        # Named subjects: a person followed by the predicate.
        for n, (start, end, name) in enumerate(names):
            if _OF_BEFORE.search(text[max(s0, start - 4) : start]):
                continue  # "Caitlin Caskey of Ashdown was shot": Ashdown is where she is from
            if _PLACE_PREPOSITION_BEFORE.search(text[max(s0, start - 6) : start]):
                continue  # "taken to Mercy General in stable condition": a hospital, not a victim
            tail = _NAMED_TAIL.match(text, end, s1)
            if tail is None or self._agentive(text, tail.end(), tail, s1, self._headline_noun(text, start, s0)):
                continue
            if _NEGATED.search(tail.group()) or _conditional(text, s0, start, tail.group()):
                continue
            if (tail.group("killed") or "").lower() == "die" and not (
                n and _COORDINATION.fullmatch(text, names[n - 1][1], start)
            ):
                continue  # one person with a bare "die" is a wish or a sentence: "recommended that X die"
            kind: CasualtyKind = "killed" if tail.group("killed") or _died_later(text, tail.end(), s1) else "injured"
            age = _APPOS_AGE.match(tail.group())
            before = text[max(s0, start - 40) : start]
            out.append(
                VictimMention(
                    start,
                    tail.end(),
                    s0,
                    kind,
                    text[start : tail.end()],
                    name=name,
                    age=int(age.group(1) or age.group(2)) if age else self._age_before(before),
                    perpetrator=bool(_PERPETRATOR_BEFORE.search(before)),
                    rule="victim.subject.named",
                )
            )
            # Coordinated subjects share the fate: "Janis Evans, 31, and Stephanie Mejia, 29, were killed".
            right = start
            for p_start, p_end, p_name in reversed(names[:n]):
                gap = _COORDINATION.fullmatch(text, p_end, right)
                if gap is None or right != start:
                    break  # one link only: "Coroner Jane Roe, John Doe and Mary Major" lists a speaker first
                out.append(
                    VictimMention(
                        p_start,
                        p_end,
                        s0,
                        kind,
                        text[p_start:p_end],
                        name=p_name,
                        age=int(gap.group("age")) if gap.group("age") else None,
                        rule="victim.subject.coordinated",
                    )
                )
                right = p_start
            out.extend(self._following(text, s0, s1, names, tail.end(), kind, _ALONG_WITH))
        for m in _described_subjects(text, s0, s1):
            headline = self._headline_noun(text, m.start(), s0)
            if self._agentive(text, m.end(), m, s1, headline) or _NEGATED.search(m.group()):
                continue
            if _conditional(text, s0, m.start(), m.group()):
                continue  # "who would raise her daughter once she died": a condition (`victim.conditional`)
            if m.group("pron") is None and m.group("age") is None and m.group("noun") is None:
                continue
            bare = m.group("det") is None and m.group("pron") is None and m.group("age") is None
            if bare and not self._headline_noun(text, m.start(), s0):
                continue  # a bare "man" mid-sentence is part of a longer phrase ("the gunman")
            noun = m.group("noun") or m.group("noun_a")
            det = m.group("det") or ""
            if det.lower() in ("his", "her", "their", "its", "our") and noun and noun.lower() in ("victim", "victims"):
                continue
            if _singular_bare_die(m):
                continue  # "see their child die", "let the man die": an infinitive, not a death
            died = m.group("killed") or _died_later(text, m.end(), s1)
            # "One suspect, identified as Christian Goins, 20, was shot": the apposition names him.
            head_end = max(m.end(g) for g in ("noun", "noun_a", "age", "pron") if m.group(g))
            predicate = m.start("killed") if m.group("killed") else m.start("injured")
            named = next(((name, b) for a, b, name in names if head_end < a and b <= predicate), None)
            rule = "victim.subject.described"
            as_age = None
            if named is None and _IDENTIFIED_BEFORE.search(text, max(s0, m.start() - 30), m.start()):
                after = next(((name, b, a) for a, b, name in names if a >= m.end()), None)
                if after is not None and _AS_NAME.fullmatch(text, m.end(), after[2]):
                    named, rule = (after[0], after[1]), "victim.identified_as"
                elif as_age := _AS_AGE.match(text, m.end(), s1):
                    rule = "victim.identified_as"  # "identified the guard who died as a 51-year-old man"
            appos_age = _APPOS_AGE.match(text[named[1] : m.end()]) if named and named[1] <= m.end() else None
            age_text = m.group("age") or (appos_age.group(1) or appos_age.group(2) if appos_age else None)
            age_text = age_text or (as_age.group(1) if as_age else None)
            if age_text is None and named is None:
                # "The second victim, a 30-year-old male, was being treated …": the apposition's age
                appos = _DESCRIBED_APPOS_AGE.match(text, head_end, predicate)
                age_text = appos.group(1) if appos else None
            if age_text is None and named and rule == "victim.subject.described":
                # "the mayor, 60-year-old Ed Voss, is in critical condition": the age before the apposed name
                name_start = next(a for a, b, _ in names if b == named[1])
                before_name = re.search(rf"(\d{{1,3}}){YEAR_OLD}\s+(?:[\w.'’-]+\s+){{0,2}}$", text[head_end:name_start])
                age_text = before_name.group(1) if before_name else None
            out.append(
                VictimMention(
                    m.start(),
                    m.end(),
                    s0,
                    "killed" if died else "injured",
                    m.group(),
                    name=named[0] if named else None,
                    age=int(age_text) if age_text else None,
                    noun=noun.lower() if noun else None,
                    pronoun=m.group("pron") is not None,
                    new_person=bool(_NEW_PERSON_DET.match(det)),
                    perpetrator=bool(noun and _PERPETRATOR_NOUN.match(noun)),
                    police_shot=_shot_by_police(text, s0, m),
                    rule=rule,
                )
            )
        return out

    @staticmethod
    def _headline_noun(text: str, start: int, s0: int) -> bool:
        """A determiner-less noun is a victim only where a headline or sentence starts ("Man shot …")."""
        return start == s0 or not text[s0:start].strip() or text[start - 1] in "\n|-–—:"

    @staticmethod
    def _age_before(before: str) -> int | None:
        age = re.search(rf"(\d{{1,3}}){YEAR_OLD}\s+(?:[\w'’-]+\s+){{0,2}}$", before)
        return int(age.group(1)) if age else None

    @staticmethod
    def _agentive(text: str, end: int, match: re.Match[str], s1: int, headline: bool = False) -> bool:
        """The subject did the shooting ("the man shot a clerk") or was only shot at."""
        cue = match.group("killed") or match.group("injured") or ""
        if _NOT_HIT.match(text, end, s1):
            return True
        if _SELF.match(text, end, s1):
            return False  # "shot himself": he is the victim
        if not _TRANSITIVE.match(cue):
            return False
        passive = _PASSIVE.search(match.group())
        if passive:
            return False
        # Without an auxiliary, "X shot" is passive only in a headline ("Man shot on east side");
        # in running text it is the past tense of X's own act ("then he shot again").
        return _OBJECT_FOLLOWS.match(text, end, s1) is not None or not headline

    # -- object phrases -----------------------------------------------------------------------------

    @staticmethod
    def _names(
        text: str,
        s0: int,
        s1: int,
        people: Sequence[PersonMention],
        starts: list[int],
        not_people: Sequence[tuple[int, int]] = (),
        shared_surnames: frozenset[str] = frozenset(),
        surnames: dict[str, str] | None = None,
    ) -> list[tuple[int, int, str]]:
        """Person names in a sentence: the model's mentions, then capitalised names it missed.

        `shared_surnames` (`_shared_surnames`) are the lower-case surnames of two or more people; `surnames`
        (`_surnames`) the surnames of the people the model named in full, read where the model missed them
        ("Deputy Jerry Ortiz ... Ortiz died instantly").
        """
        found = []
        for p in people[bisect_left(starts, s0) :]:
            if p.start >= s1:
                continue
            surface = text[p.start : p.end]
            if _demonym(surface):
                continue
            # A lone surname two people of the article share ("Miss Jenkin" beside John and Katie Jenkin)
            # names neither for sure, whichever the model chose: the surname alone is merged later.
            lone = _POSSESSIVE_END.sub("", surface)
            found.append((p.start, p.end, lone if lone.lower() in shared_surnames else p.name))
        for m in _NAME.finditer(text, s0, s1):
            if any(a < m.end() and m.start() < b for a, b, _ in found) or _demonym(m.group()):
                continue
            if any(w.lower().rstrip(".") in _NOT_NAME_WORDS for w in m.group().split()):
                continue
            if any(a < m.end() and m.start() < b for a, b in not_people):
                continue
            last = m.group().split()[-1].rstrip(".")
            known = next((p.name for p in people if p.name.split()[-1].rstrip(".") == last), None)
            found.append((m.start(), m.end(), known or m.group().rstrip(".")))
        for m in _CAPITALISED.finditer(text, s0, s1) if surnames else ():
            name = surnames.get(m.group())  # type: ignore[union-attr]
            if name is None or any(a < m.end() and m.start() < b for a, b, _ in found):
                continue
            if any(a < m.end() and m.start() < b for a, b in not_people):
                continue
            found.append((m.start(), m.end(), m.group() if m.group().lower() in shared_surnames else name))
        return sorted(found)

    def _objects(
        self, text: str, s0: int, s1: int, sentence_names: Sequence[tuple[int, int, str]]
    ) -> list[VictimMention]:
        """Object phrases of the sentence s0:s1; `sentence_names` are its person names (`_names`)."""
        out: list[VictimMention] = []
        names = {a: (b, name) for a, b, name in sentence_names}
        for a, b, name in sentence_names:
            possessed = _POSSESSED.match(text, b, s1)
            if possessed is None or not (possessed.group()[:1] in "'’" or _POSSESSIVE_END.search(text[a:b])):
                continue
            if not _NEGATED.search(text[max(s0, a - 25) : a]):
                out.append(
                    VictimMention(
                        a,
                        possessed.end(),
                        s0,
                        "killed",
                        text[a : possessed.end()],
                        name=_POSSESSIVE_END.sub("", name),
                        rule="victim.object.possessive",
                    )
                )
        for cue in _OBJECT_CUE.finditer(text, s0, s1):
            a = cue.end()
            head = text[s0 : cue.start()]
            if _NEGATED.search(head[-25:]):
                continue
            kind: CasualtyKind = "injured" if cue.group("injured") else "killed"
            by_police = not cue.group("pronounced") and _BY_POLICE.search(head[-60:]) is not None
            prefix = _NAME_PREFIX.match(text, a, s1)
            at = prefix.end() if prefix else a
            if at not in names:
                role = _ROLE_PREFIX.match(text, a, s1)
                if role is not None and role.end() in names:
                    prefix, at = role, role.end()
            if at in names:
                end, name = names[at]
                owned = _OWNER_OF.match(text, end, s1)
                if owned is not None:
                    # "the killing of Jon Roe's brother": the brother is the victim, not Jon Roe (`victim.possessor`)
                    out.append(
                        VictimMention(
                            a,
                            owned.end(),
                            s0,
                            kind,
                            text[a : owned.end()],
                            noun=owned.group("noun").lower(),
                            perpetrator=by_police,
                            rule="victim.possessor",
                        )
                    )
                    continue
                if cue.group("pronounced") and not _DEAD_AFTER.match(text, end, s1):
                    continue
                pre = prefix.group() if prefix else ""
                age = re.search(rf"(\d{{1,3}}){YEAR_OLD}", pre) or _APPOS_AGE.match(text[end:s1])
                age_value = int(next(g for g in age.groups() if g)) if age else None
                out.append(
                    VictimMention(
                        a,
                        end,
                        s0,
                        kind,
                        text[a:end],
                        name=name,
                        age=age_value,
                        perpetrator=by_police or bool(_PERPETRATOR_BEFORE.search(text[max(s0, a - 40) : at])),
                        rule="victim.object.named",
                        cue=cue.group(),
                    )
                )
                # "found Tammy Roe and 16-year-old Mia Roe dead", "killed A, B and C"
                out.extend(
                    self._following(
                        text,
                        s0,
                        s1,
                        sorted((x, y, z) for x, (y, z) in names.items()),
                        end,
                        kind,
                        _COORDINATION,
                        chain=True,
                        cue=cue.group(),
                    )
                )
                continue
            pron = re.match(r"(?:him|her)\b", text[a:s1])
            if pron and cue.group("pronounced") and not _DEAD_AFTER.match(text, a + pron.end(), s1):
                continue
            if pron:
                out.append(
                    VictimMention(
                        a,
                        a + pron.end(),
                        s0,
                        kind,
                        text[a : a + pron.end()],
                        pronoun=True,
                        perpetrator=by_police,
                        rule="victim.object.pronoun",
                    )
                )
                continue
            np = _OBJECT_NP.match(text, a, s1)
            if np is None or np.group("det") is None:
                continue
            if cue.group("pronounced") and not _DEAD_AFTER.match(text, np.end(), s1):
                if _WOUND_AFTER.match(text, np.end(), s1):
                    kind = "injured"  # "police found a man inside with a gunshot wound to the leg"
                else:
                    continue
            noun = np.group("noun") or np.group("noun_a")
            det = np.group("det")
            if det.lower() in ("his", "her", "their", "its", "our") and noun and noun.lower() in ("victim", "victims"):
                continue
            if det.lower() == "both" and not cue.group("pronounced"):
                continue  # "shot dead both gunmen": two people, a count.both figure, not one described victim
            if kind == "injured" and (_TO_DEATH.match(text, np.end(), s1) or _LIST_TO_DEATH.match(text, np.end(), s1)):
                kind = "killed"  # "stabbed his wife to death"
            out.append(
                VictimMention(
                    cue.start(),
                    np.end(),
                    s0,
                    kind,
                    text[cue.start() : np.end()],
                    age=int(np.group("age")) if np.group("age") else None,
                    noun=noun.lower() if noun else None,
                    new_person=bool(_NEW_PERSON_DET.match(det))
                    and not (det.lower() == "another" and _AGENT_BEFORE.search(head[-80:]) is not None),
                    perpetrator=bool(noun and _PERPETRATOR_NOUN.match(noun)) or by_police,
                    rule="victim.object.described",
                )
            )
        return out

    @staticmethod
    def _following(
        text: str,
        s0: int,
        s1: int,
        names: Sequence[tuple[int, int, str]],
        end: int,
        kind: CasualtyKind,
        link: re.Pattern[str],
        chain: bool = False,
        cue: str = "",
    ) -> list[VictimMention]:
        """Names joined to a victim right after it ("… along with Y", "X, Y and Z") share its fate."""
        out: list[VictimMention] = []
        for start, stop, name in names:
            if start < end:
                continue
            gap = link.fullmatch(text, end, start)
            if gap is None:
                break
            age = gap.groupdict().get("age") or (re.search(rf"(\d{{1,3}}){YEAR_OLD}", gap.group()) or [None, None])[1]
            rule = "victim.along_with" if link is _ALONG_WITH else "victim.coordinated"
            out.append(
                VictimMention(
                    start,
                    stop,
                    s0,
                    kind,
                    text[start:stop],
                    name=name,
                    age=int(age) if age else None,
                    rule=rule,
                    cue=cue,
                )
            )
            if not chain:
                break
            end = stop
        return out

    # -- one person, one victim ---------------------------------------------------------------------

    def resolve(self, mentions: Sequence[VictimMention]) -> list[Victim]:
        """Merge mentions of the same person (see the module docstring); victims in order of appearance."""
        victims: list[Victim] = []
        last: Victim | None = None
        for mention in mentions:
            # A pronoun refers back to the person last told, not to the person last introduced: "X was
            # killed after he was shot by a suspect who was later killed. … X was shot. He was taken …".
            if mention.pronoun and mention.new_person:
                target = None  # "The third shooting happened outside a bar … He was taken to a hospital"
            elif mention.pronoun and last is not None:
                target = last
            else:
                target = self._same_person(victims, mention)
            if target is None:
                target = Victim()
                victims.append(target)
            target.mentions.append(mention)
            target.name = target.name or mention.name
            target.age = target.age if target.age is not None else mention.age
            if mention.noun and mention.noun not in ("victim", "victims") and target.noun is None:
                target.noun = mention.noun
            target.perpetrator = target.perpetrator or mention.perpetrator
            last = target
        return victims

    @staticmethod
    def _same_person(victims: list[Victim], mention: VictimMention) -> Victim | None:
        if not victims:
            return None
        if mention.pronoun:
            return victims[-1]
        if mention.name is not None:
            for victim in victims:
                if victim.name is not None and _same_name(victim.name, mention.name):
                    return victim
        if mention.age is not None:
            for victim in victims:
                if victim.age == mention.age and (mention.name is None or victim.name is None):
                    return victim
        if mention.new_person:
            return None
        beside_name = any(_introduced_beside(victim, mention) for victim in victims)
        for victim in reversed(victims):
            if mention.name is not None and victim.name is not None:
                continue
            if mention.age is not None and victim.age is not None:
                continue
            if _other_object(victim, mention) or (beside_name and victim.name is not None):
                continue
            if _new_hurt_after_dead(victim, mention):
                continue
            if mention.kind == "injured" and victim.kind == "killed" and _ONE_INDEFINITE.match(mention.text):
                # "Three girls and a man died in the crush, one person was rushed to hospital": a numeral
                # "one" counts someone else; the dead are never told hurt by it (`victim.one_more_hurt`).
                continue
            if (
                victim.perpetrator != mention.perpetrator
                and (mention.noun or victim.noun)
                and not _police_shot_suspect(victim, mention)
            ):
                # A definite plain description ("the teen") refers back to a person police shot; a role
                # noun ("the suspect", "the victim") or an indefinite one ("a bystander") does not.
                # So does a name whose age fits the plain description: "the police killing of a teenager … the
                # death of 15-year-old X" is one boy.
                told = _definite(mention) or _name_of_age(mention, victim)
                # "Gunman killed by police … Officers shot a man … The man died": "the man" is the man police shot,
                # told under the headline's role noun (`victim.shot_by_police`)
                retold = _definite(mention) and any(x.noun == mention.noun for x in victim.mentions)
                if not (told and not _role(mention.noun) and (retold or not _role(victim.noun))):
                    continue
            nouns = (mention.noun or "").lower(), (victim.noun or "").lower()
            if nouns[0] != nouns[1] and nouns[0] in _KIN and nouns[1] in _KIN:
                continue
            g1, g2 = _gender(mention.noun), _gender(victim.noun)
            if g1 and g2 and g1 != g2:
                continue
            return victim
        return None


__all__ = [
    "RULES",
    "PersonMention",
    "Victim",
    "VictimMention",
    "VictimRules",
    "follows_background",
    "is_background",
    "reports_a_death",
    "without_biography",
    "without_ordinal_apposition",
]
