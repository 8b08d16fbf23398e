"""Number grammar: casualty figures stated as counts ("at least 40 people were killed", "kills 3, wounds 14").

The rules work on one sentence at a time and tie a quantity to a casualty cue only when the cue sits
right beside it, so that numbers of other things in the same sentence (attacks, homes, arrests,
survivors, years, ages, money) are never read as victims:

- right cues: "<N> [victims] [were|have been|reportedly ...] killed/dead/died/wounded/missing",
  "<N> deaths/injuries", "<N> lives" after "claimed/cost";
- left cues: "killing/killed/wounding <N> [victims]", "the death toll rose/stands/reached ... <N>",
  "the deaths of <N>";
- sub-groups: "<figure>, including <N> children", "<N> of them children";
- coordination: "<N> militants and <M> soldiers died", "killed <N> children and <M> teachers";
- singular victims ("a man was shot dead") and explicit zeros ("no one was hurt").

Only the quantity's noun phrase is taken from spaCy (POS tags), so the cost is a few regex passes over
the sentences that contain a casualty word at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from service.extract.casualties.grammar import YEAR_OLD, alternation, forms, led, stems, words
from service.extract.numbers import QUALIFIERS, QUANTITY, VAGUE, NumberParser, Quantity, parse_quantity
from service.extract.types import CasualtyFigure, CasualtyKind

_KILLED_CUE = alternation(
    "fate.killed.verb", "fate.killed.phrase", "fate.killed.adjective", "fate.killed.noun", "fate.killed.adverb"
)
_INJURED_CUE = alternation(
    "fate.injured.verb",
    "fate.injured.shot",
    "fate.injured.hit",
    "fate.injured.hit_thrown",
    "fate.injured.wound_one",
    "fate.injured.noun",
    "fate.injured.care",
    "fate.injured.condition",
    "fate.injured.wound",
    "fate.injured.ill",
    "fate.injured.poisoned",
)
_MISSING_CUE = alternation("fate.missing")
_FILLER = alternation("filler.count")
#: A short postmodifier between the victims and a passive verb: "27 migrants from Eritrea were killed".
#: A place may name its country after a comma: "two children in Baghdad, Iraq have died".
#: It holds no new subject ("killed 4 people in Tarrow and a man is missing", "killed 14 people in Kesra and dozens
#: more were hurt"). "aboard" opens one too: "All 62 people aboard the plane were killed".
#: A participle may open it: "a firefighter working on the roof was killed", "40 people attending a wedding were
#: killed".
_POSTMOD = (
    r"(?:\s+(?:from|in|of|on|at|near|inside|aboard|[a-z]{2,}ing)\s+"
    r"(?:(?!\band\s+(?:an?|the|another|one|his|her|dozens|scores|hundreds|thousands|several|many|some|others|more)\s)"
    r"[^,.;:\d]){1,40}?"
    r"(?:,\s+(?-i:[A-Z])[^,.;:\d]{0,30}?)?"
    r"\s+(?=(?:are|were|was|is|have|has|had)\s))?"
)
#: An aside between dashes after the victims: "Three people — two women and a child — were killed".
_ASIDE = r"(?:(?:\s*[–—]|\s+--?\s)[^–—.;:]{1,80}?(?:[–—]|\s--?(?=\s)))?"
#: "<N> [group] [filler] cue": the cue that follows a quantity (and its noun phrase).
_RIGHT = re.compile(
    rf"{_POSTMOD}{_ASIDE}\s*(?:{_FILLER}\s*)*?(?:(?P<killed>{_KILLED_CUE})|(?P<injured>{_INJURED_CUE})|(?P<missing>{_MISSING_CUE})|"
    r"(?P<lives>lives))\b",
    re.IGNORECASE,
)
#: A coordinated noun phrase that names no victims between the victims and their verb (`count.right_things`):
#: "Twelve people and hundreds of cattle drowned", "two men and their dogs were killed". Its head is a non-victim
#: head (`exclusion.not_victim_head`: animals, homes, cars); a verb form inside it ("and destroyed 30 homes")
#: makes it a clause of its own.
_AND_THINGS = re.compile(
    rf"\s+and\s+(?:(?![\w'’-]+(?:ed|ing)\b)[\w,'’-]+\s+){{0,3}}?{alternation('exclusion.not_victim_head')}(?![\w'’-])",
    re.IGNORECASE,
)
#: After a transitive verb cue, an object means the quantity was the agent ("2 bombs killed 12").
_OBJECT_FOLLOWS = re.compile(r"\s+" + alternation("filler.object_start"), re.IGNORECASE)
_PASSIVE = led(re.compile(rf"\b{alternation('filler.passive')}\b", re.IGNORECASE))
_TRANSITIVE = {"killed", "injured", "wounded", "hurt", "murdered", "executed", "massacred", "shot", "stabbed"}
#: Two-word cues as transitive as their verb: "a gunman shot dead three people" (the gunman is the agent).
_TRANSITIVE_PHRASES = ("shot dead", "gunned down")
#: A counted group's possessive before a plural death noun: "18 children's deaths", "three workers' deaths".
_POSSESSED_COUNT = re.compile(
    rf"(?:(?<=['’])|(?<=['’]s)|['’]s?)\s+{alternation('fate.killed.possessed_count')}\b", re.IGNORECASE
)
_LIVES_LEFT = led(re.compile(r"\b" + alternation("fate.killed.lives") + r"\s+$", re.I))
#: "treated 150 people for heat stroke", "hospitalised 12 workers with burns" (`count.treated`): the verb's object
#: is injured when the injury's kind follows it (`cue.injury_kind`); "treated 40 people for shock" is no injury.
_TREATED_LEFT = led(
    re.compile(
        rf"\b{alternation('fate.injured.treated_object')}(?:\s+{alternation('filler.left_determiner')})?\s+$", re.I
    )
)
_TREATED_RIGHT = re.compile(
    rf"\s+(?:for|with)\s+(?:(?:minor|severe|serious|mild|suspected|acute|[\w-]+-related)\s+)?"
    rf"(?:{alternation('cue.injury_kind')})\b",
    re.IGNORECASE,
)

_LEFT_DET = rf"(?:\s+{alternation('filler.left_determiner')})*"
#: "killing <N>", "wounding <N> others": searched in the 160 characters before a quantity.
_LEFT = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object', 'fate.killed.object_count')})"
        rf"|(?P<injured>{alternation('fate.injured.object', 'fate.injured.object_count')}))"
        rf"{_LEFT_DET}\s+$",
        re.IGNORECASE,
    )
)
#: "The bodies of three officers who had been missing are found", "the bodies of two missing climbers": the bodies
#: are the dead, whatever the words after the count say of the people before they died (`count.bodies`).
_BODIES_OF = led(re.compile(rf"\b{alternation('cue.bodies_of')}{_LEFT_DET}\s+$", re.IGNORECASE))
_TOLL_VERB = alternation("cue.toll.verb")
#: A toll's verb right before its new figure: "(the death toll) rises to (over 70)" (`count.toll`).
_TOLL_RISES_TO = re.compile(rf"\b{_TOLL_VERB}\s+to\s+$", re.IGNORECASE)
_TOLL = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('cue.toll.killed')})|(?P<injured>{alternation('cue.toll.injured')})"
        rf"|(?P<missing>{alternation('cue.toll.missing')}))\b"
        rf"[^;\d]{{0,120}}?(?:\b{_TOLL_VERB}(?:\s+(?:to|at|of))?|\b(?:to|at|of))\s+$",
        re.IGNORECASE,
    )
)
#: An "of" before the number that names a whole, not a toll: "deaths ... out of 316,000 cases"
#: (`filter.toll_denominator`).
_TOLL_DENOMINATOR = led(re.compile(rf"\b{alternation('exclusion.toll_denominator')}\s+$", re.IGNORECASE))
#: What an attributive "dead" describes, when it is not people: "4,000 dead wild birds" (`filter.dead_thing`).
_DEAD_THING = re.compile(
    rf"\s+(?:(?!{alternation('exclusion.not_a_modifier')}\b)[a-z-]+\s+){{0,2}}?"
    rf"{alternation('exclusion.not_victim_head')}(?![\w-])",
    re.IGNORECASE,
)
#: A team's players as the injured ("two other players are also injured", "three injured starters"): a sports
#: injury, unless the sentence names an incident that hurts people (`filter.athlete`).
_ATHLETE = re.compile(rf"(?:{alternation('exclusion.athlete')})$", re.IGNORECASE)
_ATHLETE_AFTER = re.compile(rf"\s+(?:[a-z-]+\s+)?(?:{alternation('exclusion.athlete')})\b", re.IGNORECASE)
_INCIDENT_CAUSE = led(re.compile(alternation("cue.incident_cause"), re.IGNORECASE))


def _sports_injury(text: str, s0: int, s1: int, group: str | None, cue_end: int) -> bool:
    """An injured figure whose people are players ("three injured starters") in a sentence with no incident."""
    athletes = (group is not None and _ATHLETE.search(group) is not None) or _ATHLETE_AFTER.match(
        text, cue_end, s1
    ) is not None
    return athletes and _INCIDENT_CAUSE.search(text, s0, s1) is None


#: A title abbreviation that ends a "sentence" the parser split after it ("… and Sgt." | "Teo Vask at …").
_TITLE_ABBREVIATION = re.compile(
    rf"\b(?-i:{'|'.join(f for f in forms('person.title') if f.endswith(chr(92) + '.'))})\s*$"
)


def casualty_sentences(doc: Doc, text: str) -> list[Span]:
    """`doc`'s sentences, a split right after a title abbreviation undone (rule `sentence.title`).

    The parser ends a sentence at "Sgt." or "Capt." before a name ("killing Judge X, court reporter Y and
    Sgt. | Z"), which cuts a list of victims in two; the name belongs to the sentence before.
    """
    out: list[Span] = []
    for sent in doc.sents:
        if (
            out
            # every title abbreviation ends in ".": a cheap test first spares most sentences the search
            and text[out[-1].start_char : out[-1].end_char].rstrip().endswith(".")
            and _TITLE_ABBREVIATION.search(text, out[-1].start_char, out[-1].end_char)
            and text[sent.start_char].isupper()
        ):
            out[-1] = doc[out[-1].start : sent.end]
        else:
            out.append(sent)
    return out


#: A number that is part of a name or a date: a capitalised word, then the number ("Hong Hai 16", "March 6").
_NAME_NUMBER = re.compile(r"\b([A-Z][\w-]*\s+)(\d{1,4})\b(?!\s*$)")


#: A toll's earlier figure before its update: "the death toll of 12 from the sinking rose to 15", "the toll,
#: initially 12, rose to 15".
_TOLL_OF = re.compile(
    r"\b((?:toll\s+of|initially|originally|previously)\s+(?:at\s+least\s+)?)(\d[\d,]*)\b", re.IGNORECASE
)


def _masked(match: re.Match[str]) -> str:
    return match.group(1) + "#" * len(match.group(2))


#: A sentence opening on a part of the figure before it (`cue.subgroup.partitive`): "Of those, 12 died".
_PARTITIVE_HEAD = re.compile(rf"\s*{alternation('cue.subgroup.partitive')}\s*,?\s*", re.IGNORECASE)
_SUB_LEFT = led(re.compile(rf"\b{alternation('cue.subgroup.before')}\s+(?:the\s+)?$", re.IGNORECASE))
_SUB_RIGHT = re.compile(r"\s+of\s+(?:them|whom)\b", re.IGNORECASE)
_AMONG_RIGHT = re.compile(r"\s+(?:were|was|are|is)\s+among\s+(?:the|those)\b", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:to|-|–|or)\s*", re.IGNORECASE)
_AND_GAP = re.compile(r"\s+and\s+", re.IGNORECASE)
#: Between the items of a sub-group's list: "including five miners and two rescuers", "including 3 boys, 2 girls".
_SUBGROUP_LIST_GAP = re.compile(r"\s+and\s+|\s*,\s*", re.IGNORECASE)
_AND = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as)\s*$", re.IGNORECASE)
#: A gapped clause (`count.gapped`): "Sixteen people were killed in Sunday's attack and 22 in a separate bombing",
#: "two were killed in Kesra and three others in Varno": after a figure told by its verb, a prepositional phrase,
#: "and", then a count whose verb is left out (what follows it is another prepositional phrase or the end).
_GAP_BEFORE = re.compile(
    r"\s+(?:in|at|on|near|during|from|across|outside|inside)\s[^,;:.!?\d]{1,60}?\s*,?\s+and\s+$", re.IGNORECASE
)
_GAP_AFTER = re.compile(
    r"\s*(?:(?:in|at|on|near|during|from|across|outside|inside)\s[^,;:!?]{1,60}?)?(?:[.;!?]|,\s|$)", re.IGNORECASE
)


def gapped(text: str, before_end: int, start: int, end: int) -> bool:
    """The figure at `start:end` is a gapped clause's count after the figure ending at `before_end` (`count.gapped`).

    "Sixteen were killed in the market and 22 in a separate bombing": other people, so the totals add them
    (`totals.gapped`); the figure's own text holds no fate word.
    """
    return bool(
        _GAP_BEFORE.fullmatch(text, before_end, start)
        and _GAP_AFTER.match(text, end)
        and not _ANY_CUE.search(text, start, end)
    )


_AND_WORD = re.compile(r"\band\s+", re.IGNORECASE)


def gapped_clause_start(text: str, end: int, limit: int) -> int | None:
    """Where a gapped clause opens after the figure ending at `end`, before `limit`; None if none does.

    "... killed in the market| and 22 in a separate bombing": what follows tells the gapped count, not this figure.
    """
    for m in _AND_WORD.finditer(text, end, limit):
        if QUANTITY.match(text, m.end()) and _GAP_BEFORE.fullmatch(text, end, m.end()):
            return m.start()
    return None


#: A comma between the first items of a list of figures ("Eleven soldiers, two civilians and 22 gunmen are
#: killed"): coordinated when the next pair is joined by "and" (`count.coordinated`).
_LIST_COMMA = re.compile(r"\s*,\s*$")

#: A word before a person noun; an initialism counts as one ("a U.S. soldier", "a U.N. peacekeeper").
MODIFIER = r"(?:(?:[A-Z]\.){2,}|[\w'’-]+)"
#: Nouns that name a person, for victim phrases with no numeral (perpetrators included).
PERSON_NOUN = alternation("person.noun", "person.perpetrator")
#: A nationality word standing for one person ("a Palestinian was killed"), capitalised; for the object of a
#: fate verb the phrase must end there ("killed a Palestinian in Jenin", not "a Palestinian teenager").
_NATIONAL = rf"(?-i:{alternation('person.nationality')})"
_NATIONAL_ENDS = (
    r"(?=\s*[,.;:]|\s+(?:in|on|at|near|and|during|after|while|when|as|with|from|who|outside|inside)\b|\s*$)"
)
#: "killed a commander and his two bodyguards": the fate verb's object is one person and then the count, whose
#: kind is the verb's (`count.left`; `count.singular_left` reads the person).
_LEFT_PAST_PERSON = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object')})|(?P<injured>{alternation('fate.injured.object')}))\s+"
        rf"(?:a|an|his|her|their)\s+(?:{MODIFIER}\s+){{0,3}}?{PERSON_NOUN}\s+and\s+(?:his|her|their)\s+$",
        re.IGNORECASE,
    )
)
#: A clause of its own after a person or a count: "killed a man and his two sons fled" (the sons are the
#: subject of "fled", not the verb's object).
_OWN_CLAUSE = re.compile(
    r"\s+(?:is|was|are|were|has|have|had|remains?|remained|will|would|said|says|told|survived|escaped|fled|"
    r"suffered|managed|went|got|lost|also|still|later)\b",
    re.IGNORECASE,
)
#: The postmodifier of one person ("a woman in Sarn has died"): a singular verb follows; it ends in the
#: whitespace before the verb.
_POSTMOD_ONE = _POSTMOD[:-1].replace("(?:are|were|was|is|have|has|had)", "(?:was|is|has|had)")
_SINGULAR_RIGHT = led(
    re.compile(
        rf"\b(?P<det>a|an|the|his|her|their|another)\s+(?P<group>(?:\d{{1,3}}{YEAR_OLD}\s+)?(?:{MODIFIER}\s+){{0,3}}?(?:{PERSON_NOUN}|{_NATIONAL}))"
        rf"(?:{_POSTMOD_ONE}|\s+)"
        rf"(?:{_FILLER}\s+)*?(?P<aux>(?:was|has\s+been|had\s+been|is|got|became)\s+)?(?:{_FILLER}\s+)*?"
        rf"(?:(?P<killed>{_KILLED_CUE})|(?P<injured>{_INJURED_CUE})|(?P<missing>{_MISSING_CUE}))\b",
        re.IGNORECASE,
    )
)
#: "Two hikers died and a third was airlifted to hospital", "one was killed and another was wounded": one
#: more person whose noun is left out. A singular auxiliary is required ("a third were injured" is a
#: fraction), and a fate that says the person lived ("another was shot" may be one of the dead).
_ELIDED_ONE = led(
    re.compile(
        r"\b(?:another|a\s+(?:second|third|fourth|fifth|sixth)|one\s+more)\s+"
        # "the death of a 16-year-old who was killed and another who was injured": a relative "who" too
        rf"(?P<aux>(?:who\s+)?(?:was|has\s+been|had\s+been|is)\s+)?(?:{_FILLER}\s+)*?"
        r"(?P<injured>"
        + alternation(
            "fate.injured.verb",
            "fate.injured.care",
            "fate.injured.condition",
            "fate.injured.wound",
            "fate.injured.wound_person",
            "fate.injured.wound_one",
        )
        + r")\b"
        # with no auxiliary, the clause ends at the fate ("... was killed and another wounded outside a bar"),
        # so "another wounded soldier died" is not read
        r"(?P<bare_end>(?=\s*(?:[,.;:]|$|\s(?:in|at|outside|near|on|by|during|when|after|while)\b)))?",
        re.IGNORECASE,
    )
)
#: Before an elided "another wounded" with no auxiliary: the coordination that elides it.
_ELIDED_AND = re.compile(r"\band\s+$", re.IGNORECASE)
_SINGULAR_LEFT = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object')})|(?P<injured>{alternation('fate.injured.object')}))\s+"
        rf"(?P<det>a|an|his|her|their)\s+(?P<group>(?:\d{{1,3}}{YEAR_OLD}\s+)?(?:{MODIFIER}\s+){{0,3}}?"
        rf"(?:{PERSON_NOUN}|{_NATIONAL}{_NATIONAL_ENDS}))\b",
        re.IGNORECASE,
    )
)
#: One more described person coordinated after a counted object (`count.and_person`): "killing his three
#: children and his wife" = 3 + 1, "killing three soldiers and a woman".
_AND_PERSON = re.compile(
    rf"\s*,?\s*(?:and|as\s+well\s+as)\s+(?P<np>(?:a|an|his|her|their|one)\s+(?:[\w'’-]+\s+){{0,2}}?{PERSON_NOUN})\b"
    # ... unless the person starts a clause of their own: "killed 4 people and a man is missing"
    r"(?!\s+(?:is|was|are|were|has|have|had|remains?|remained|will|would|said|says|told|survived|escaped|fled|"
    r"suffered|managed|went|got|lost|also|still|later)\b)",
    re.IGNORECASE,
)
#: One described person coordinated before a counted subject (`count.person_and`): "a man and his two
#: children were killed" = 1 + 2, "the pilot and two passengers died". Read in the clause before the number.
_PERSON_AND = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:when|after|as|while|and|but)\s+|[\w'’]+\s+(?=(?:a|an|the)\s))"
    rf"(?P<np>(?:a|an|the)\s+(?:\d{{1,3}}{YEAR_OLD}\s+)?(?:{MODIFIER}\s+){{0,2}}?{PERSON_NOUN})"
    r"\s+and\s+(?:(?:his|her|their)\s+)?$"
    # a named person whose kin follow: "Ivo Marten and his two sons died" (his / her says it is a person)
    r"|(?<![\w'’-])(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})\s+and\s+(?:his|her)\s+$",
    re.IGNORECASE,
)
#: A named or definite object of a fate verb coordinated before an uncued count of its companions
#: (`count.object_and`): "the strike killed Abu Karim and four of his aides" = 1 + 4, "killed the commander
#: and his two sons" = 1 + 2 (an indefinite "a commander" is `count.singular_left`'s). An apposition may follow
#: the name ("killed Abu Karim, a senior commander, and four of his aides").
_OBJECT_AND = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object')})|(?P<injured>{alternation('fate.injured.object')}))\s+"
        r"(?P<np>(?-i:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})"
        rf"|the\s+(?:{MODIFIER}\s+){{0,3}}?{PERSON_NOUN})"
        r"(?P<appos>\s*,\s*(?:an?|the)\s[^,.;:!?]{1,60}?(?=\s*,))?"
        r"\s*,?\s+and\s+(?:(?:his|her|their)\s+)?$",
        re.IGNORECASE,
    )
)
#: A bare plural "others" hurt with no number (`count.others`): "killing three people and injuring others",
#: "seven died and others were hurt". The guide counts a vague quantity by its best integer, "several" = 3;
#: both labelling passes read a bare "others" as several. Not "the others" (the rest of a group told
#: already) and not after a number ("41 others": a count rule reads it). Not "many others" or "numerous others"
#: either: the guide gives no integer for "many" (several = 3, dozens = 24, hundreds = 200), so none is guessed.
_QUANTIFIED = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|fifty|"
    r"dozens?|hundreds|thousands|scores|several|few|many|some|most|all|numerous|countless|the|these|those))\s+$",
    re.IGNORECASE,
)
_BARE_OTHERS = led(
    re.compile(
        rf"(?<![\w'’-])(?<!the\s)(?:(?P<left>{alternation('fate.injured.object')})\s+others\b(?!\s+(?:who|that|in\s+the))"
        rf"|\b(?P<right>others)\s+(?:{_FILLER}\s+)*?(?:were|are|have\s+been|had\s+been)\s+(?:{_FILLER}\s+)*?"
        rf"(?:{alternation('fate.injured.verb')})\b)",
        re.IGNORECASE,
    )
)
_MULTIPLE_KILLING = led(re.compile(alternation("cue.multiple_killing"), re.IGNORECASE))
#: How many dead each multiple killing names: "double murder" = 2; a murder-suicide is a victim and the killer.
_MULTIPLIERS = {"double": 2, "murder": 2}
_PERSON_NP = rf"(?:[\w'’-]+\s+){{0,4}}?{PERSON_NOUN}"
_PAIR_DET = r"(?:a|an|the|one|his|her|their)"
#: Two described people joined by "and" as one plural subject: "A police officer and a bomb technician
#: were killed" = 2 (a plural auxiliary is required: "a man and his dog" as a subject is not a pair).
_PAIR_RIGHT = led(
    re.compile(
        rf"\b{_PAIR_DET}\s+{_PERSON_NP}\s+and\s+(?:{_PAIR_DET}\s+)?{_PERSON_NP}\s+(?:{_FILLER}\s+)*?"
        rf"(?:were|are|have\s+been|had\s+been)\s+(?:{_FILLER}\s+)*?"
        rf"(?:(?P<killed>{_KILLED_CUE})|(?P<injured>{_INJURED_CUE}))\b",
        re.IGNORECASE,
    )
)
#: A second object that opens on a fate of its own is no second person of the first verb: "killing the pilot and
#: injuring the co-pilot" is one killed and one injured, not two killed (`count.pair`, cas40).
_OWN_FATE = (
    rf"(?!(?:[\w'’-]+\s+)?(?:{alternation('fate.killed.object', 'fate.killed.object_count')}"
    rf"|{alternation('fate.injured.object', 'fate.injured.object_count')})\b)"
)
#: Two described people as one object: "killed a police officer and a bomb technician", "the murder of his
#: mother and sister", "stabbing his mother and a former girlfriend to death".
_PAIR_LEFT = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object')})|(?P<injured>{alternation('fate.injured.object')})"
        rf"|(?P<to_death>{alternation('cue.to_death')}))\s+{_PAIR_DET}\s+{_PERSON_NP}(?:\s*,\s*[^,.;]{{1,40}}?,)?"
        rf"\s+and\s+{_OWN_FATE}(?:{_PAIR_DET}\s+)?{_PERSON_NP}\b(?P<death>(?:\s*,\s*[^,.;]{{1,40}}?,)?\s+to\s+death\b)?",
        re.IGNORECASE,
    )
)
#: A named person and a relative or companion of theirs as one plural subject or object (`count.pair`): "Ivo
#: Marten and his wife were stabbed to death", "killed Ana Brel and her son" = 2. The name is two to four
#: capitalised words; the second person has a possessive ("and his wife"), so the pair is two people. "Both" may
#: open the object: "gunmen killed both Ivo Marten and his brother" = 2 (cas47).
_NAME = r"(?-i:[A-Z][\w'’.-]*\s+(?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’-]+)"
_AGE = r"(?:\s*,\s*\d{1,3}\s*,)?"
_NAMED_PAIR = (
    rf"{_NAME}{_AGE}\s+and\s+(?:his|her|their)\s+(?:[\w'’-]+\s+)?{alternation('person.kin', 'person.noun')}{_AGE}"
)
_NAMED_PAIR_RIGHT = led(
    re.compile(
        rf"(?<![\w'’.-]){_NAMED_PAIR}\s+(?:{_FILLER}\s+)*?(?:were|have\s+been|had\s+been)\s+(?:{_FILLER}\s+)*?"
        rf"(?:(?P<killed>{_KILLED_CUE}|(?:stabbed|shot|beaten|bludgeoned|strangled|hacked|burned)\s+to\s+death)"
        rf"|(?P<injured>{_INJURED_CUE}))\b",
        re.IGNORECASE,
    )
)
_NAMED_PAIR_LEFT = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object')})|(?P<to_death>{alternation('cue.to_death')}))\s+"
        rf"(?:{alternation('cue.both_object')}\s+)?{_NAMED_PAIR}\b(?P<death>\s+to\s+death\b)?",
        re.IGNORECASE,
    )
)
#: Three or more people as one object list (`count.list`): "killing his father, brother and the family cat" = 2,
#: "shot his wife, son and daughter to death" = 3: each item that names a person counts ("two sons": 2).
_LIST_ITEM = r"(?:[\w'’-]+\s+){0,3}?[\w'’-]+"
_LIST_LEFT = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object')})|(?P<injured>{alternation('fate.injured.object')})"
        rf"|(?P<to_death>{alternation('cue.to_death')}))\s+(?P<items>{_PAIR_DET}\s+{_PERSON_NP}"
        rf"(?:\s*,\s*{_LIST_ITEM})+\s*,?\s+and\s+(?P<last>(?:[\w'’-]+\s+){{0,2}}[\w'’-]+))",
        re.IGNORECASE,
    )
)
#: One more object after the list's place and a comma (`count.list`): "murdering a judge, a clerk and a deputy at
#: the courthouse, and a federal agent hours later" = 4; not a person who starts a clause of their own ("..., and a
#: federal agent was wounded").
_LIST_MORE = re.compile(
    rf"(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+\s+(?:at|in|on|near|outside|inside)\s[^,;:.!?\d]{{1,60}}?,\s*and\s+(?:a|an|his|her|their)\s+"
    rf"(?:[\w'’-]+\s+){{0,3}}?{PERSON_NOUN}\b"
    r"(?!\s+(?:is|was|are|were|has|have|had|remains?|remained|will|would|said|says|told|survived|escaped|fled|"
    r"suffered|managed|went|got|lost|also|still|later)\b)",
    re.IGNORECASE,
)
#: People counted and described in one subject list before one plural fate (`count.subject_list`, cas43): "Three
#: protesters, a bystander and a policeman are killed" = 5, "a nurse, a child and two soldiers were wounded" = 4;
#: an item with an unknown number ("A boy and some insurgents are killed") adds no one, the others still count
#: (1). Each item opens on a number or a determiner and ends on a person noun; a list of two needs an item of
#: unknown number (two people are `count.pair`'s). One regex for the whole list (a repeated group of items, each
#: with optional word runs) backtracked without end on long sentences and `led` could not derive its heads, so
#: the fate is found first and the list read leftwards from it, item by item (`_subject_lists`).
_QUANTITY_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", QUANTITY.pattern)
_SUBJECT_HEAD = rf"(?:(?:{PERSON_NOUN})s?|{alternation('person.plural', 'person.armed', 'person.generic')})\b"
_SUBJECT_ITEM = (
    rf"(?:(?:{_QUANTITY_UNNAMED}|{_PAIR_DET})\s+(?:[\w'’-]+\s+){{0,3}}?{_SUBJECT_HEAD}"
    rf"|{alternation('cue.subject_list.unknown')}\s+(?:[\w'’-]+\s+){{0,2}}?{_SUBJECT_HEAD})"
)
#: The plural fate that ends a subject list: "... were killed", "... have been badly hurt".
_SUBJECT_FATE = re.compile(
    rf"(?<=\s)(?:were|are|have\s+been|had\s+been)\s+(?:{_FILLER}\s+)*?"
    rf"(?:(?P<killed>{_KILLED_CUE})|(?P<injured>{_INJURED_CUE}))\b",
    re.IGNORECASE,
)
#: The list's last item, after its "and", up to the fate's auxiliary: "a policeman| all from Varno,| were".
_SUBJECT_LAST = re.compile(rf"(?P<item>{_SUBJECT_ITEM})\s+(?:{_FILLER}\s+)*?", re.IGNORECASE)
_SUBJECT_AND = re.compile(r"\s*,?\s+and\s+", re.IGNORECASE)
_SUBJECT_ITEM_ONLY = re.compile(_SUBJECT_ITEM, re.IGNORECASE)
#: The list's first item, at the end of the words before it ("On Tuesday| three protesters"), not a
#: prepositional object ("the deaths of three protesters, ...").
_SUBJECT_FIRST = re.compile(
    rf"(?<![\w'’-])(?<!\bof\s)(?<!\bwith\s)(?<!\bamong\s)(?<!\bincluding\s){_SUBJECT_ITEM}$", re.IGNORECASE
)
_SUBJECT_COMMA = re.compile(r"\s*,\s*")
#: How far before its fate a subject list may start, in characters: bounds the leftward reading on long sentences
#: (a list of ten described people fits in 300).
_SUBJECT_REACH = 400
_SUBJECT_ANDS_TRIED = 3  # the list's "and" is among the last three before the fate ("beaten and" is a filler)
_POSSESSIVE = re.compile(r"^(?:his|her|their)\s+(?=\S+\s)", re.IGNORECASE)
_SUBJECT_UNKNOWN = re.compile(rf"{alternation('cue.subject_list.unknown')}\b", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
_PERSON_WORD = re.compile(rf"(?:{PERSON_NOUN})s?", re.IGNORECASE)
_TO_DEATH_IN = re.compile(r"\bto\s+death\b", re.IGNORECASE)


#: Where `_PAIR_RIGHT`'s plural auxiliary may start (zero-width: every start, overlapping ones included).
_PAIR_AUX_AT = re.compile(r"(?<=\s)(?=(?:were|are|have\s+been|had\s+been)\s)", re.IGNORECASE)
#: Where `_PAIR_RIGHT` may start: on one of its determiners (`_PAIR_DET`).
_PAIR_DET_AT = re.compile(rf"\b(?={_PAIR_DET}\s)", re.IGNORECASE)


def _pairs_right(text: str) -> list[re.Match[str]]:
    """`_PAIR_RIGHT.finditer(text)`, trying only the determiners before the sentence's last plural auxiliary.

    A pair opens on a determiner and has "were", "are", "have been" or "had been" after its "and", so it
    starts before the last place one does: only those starts are tried, each with `match` as `finditer`
    would (from the end of the match before). Same matches, as `victims._described_subjects`.
    """
    last = -1
    for aux in _PAIR_AUX_AT.finditer(text):
        last = aux.start()
    found: list[re.Match[str]] = []
    if last < 0:
        return found
    pos = 0
    for start in _PAIR_DET_AT.finditer(text, 0, last):
        if start.start() < pos:
            continue
        match = _PAIR_RIGHT.match(text, start.start())
        if match is not None:
            found.append(match)
            pos = match.end()
    return found


def _subject_lists(text: str) -> list[tuple[int, int, list[str], CasualtyKind]]:
    """Subject lists before a plural fate (`count.subject_list`): (start, end, items, "killed" | "injured").

    The fate is found first; the list is read leftwards from it: its last item after one of the last
    "and"s before the auxiliary, then comma-separated items while each is one whole item, then the first
    item at the end of the words before it. Each step matches a few words at a fixed place, so a long
    sentence costs a scan for the fate and `_SUBJECT_REACH` characters per fate.
    """
    found: list[tuple[int, int, list[str], CasualtyKind]] = []
    fates = list(_SUBJECT_FATE.finditer(text))
    if not fates:
        return found
    ands = list(_SUBJECT_AND.finditer(text, 0, fates[-1].start()))
    and_ends = [m.end() for m in ands]
    commas = list(_SUBJECT_COMMA.finditer(text, 0, fates[-1].start()))
    comma_ends = [m.end() for m in commas]
    done = 0  # a list never overlaps the one before it
    for fate in fates:
        aux, reach = fate.start(), max(done, fate.start() - _SUBJECT_REACH)
        right = bisect_right(and_ends, aux)
        for conj in reversed(ands[max(0, right - _SUBJECT_ANDS_TRIED) : right]):
            if conj.start() < reach:
                continue
            last = _SUBJECT_LAST.fullmatch(text, conj.end(), aux)
            if last is None:
                continue
            items = [last.group("item")]
            start, end = -1, conj.start()
            while True:  # whole items between commas, right to left
                at = bisect_right(comma_ends, end) - 1
                comma = commas[at] if at >= 0 and commas[at].start() >= reach else None
                begin = comma.end() if comma is not None else reach
                whole = _SUBJECT_ITEM_ONLY.fullmatch(text, begin, end) if comma is not None else None
                if comma is not None and whole is not None:
                    items.insert(0, whole.group())
                    start, end = begin, comma.start()
                    continue
                first = _SUBJECT_FIRST.search(text, max(begin, end - 100), end)
                if first is not None:
                    items.insert(0, first.group())
                    start = first.start()
                break
            if start < 0:
                continue
            found.append((start, fate.end(), items, "killed" if fate.group("killed") else "injured"))
            done = fate.end()
            break
    return found


#: "the deputy and father", "a firefighter and mother of three": a role and a parent, one person.
_AND_PARENT = re.compile(rf"([\w'’-]+)\s+and\s+{alternation('person.parent')}\b", re.IGNORECASE)
_KIN = words("person.male") | words("person.female") | words("person.parent")


def _one_person(pair: str) -> bool:
    """A pair whose second noun is a parent word with no determiner, after a noun that is no kin word: one person."""
    found = _AND_PARENT.search(pair)
    return found is not None and found.group(1).lower() not in _KIN


def _list_count(items: str) -> int:
    """How many people a list of object phrases names: "his wife, two sons and a dog" = 3."""
    n = 0
    for item in _LIST_SPLIT.split(items):
        item_words = item.split()
        if not any(_PERSON_WORD.fullmatch(w) for w in item_words[1:] or item_words):
            if not (len(item_words) == 1 and _PERSON_WORD.fullmatch(item_words[0])):
                continue
        first = QUANTITY.fullmatch(item_words[0]) if item_words else None
        quantity = parse_quantity(first) if first else None
        n += quantity.value if quantity is not None and not quantity.vague and quantity.value > 1 else 1
    return n


#: "Both were pronounced dead", "both men were wounded": two people.
_BOTH = led(
    re.compile(
        rf"{alternation('cue.both')}(?:\s+(?:[\w'’-]+\s+){{0,2}}?{PERSON_NOUN}s?)?\s+(?:{_FILLER}\s+)*?"
        rf"(?:(?P<killed>{_KILLED_CUE})|(?P<injured>{_INJURED_CUE}))\b",
        re.IGNORECASE,
    )
)
#: "shot dead both attackers", "killing both men": 'both' and a plural person noun as a fate verb's object.
_BOTH_LEFT = led(
    re.compile(
        rf"\b(?:(?P<killed>{alternation('fate.killed.object')})|(?P<injured>{alternation('fate.injured.object')}))\s+"
        rf"{alternation('cue.both_object')}\s+(?:[\w'’-]+\s+){{0,2}}?"
        rf"(?:{PERSON_NOUN}s?|{alternation('person.plural', 'person.generic')})\b",
        re.IGNORECASE,
    )
)
_LATER_DIED = re.compile(rf"[^.;!?]{{0,120}}?\b{alternation('cue.later_died')}\b", re.IGNORECASE)
_ZERO = led(
    re.compile(
        rf"\b{alternation('cue.zero.subject')}\s+(?:{alternation('cue.zero.filler')}\s+)*(?P<cue>{alternation('cue.zero.fate')})\b"
        rf"|\bno\s+(?:{alternation('cue.zero.noun_modifier')}\s+)?(?:reports?\s+of\s+)?(?P<noun>{alternation('cue.zero.noun')})\b",
        re.IGNORECASE,
    )
)
#: Cheap pre-filter, derived from every cue above: a sentence without one cannot hold a casualty figure.
_ANY_CUE = stems(
    "fate.killed.verb",
    "fate.killed.phrase",
    "fate.killed.adjective",
    "fate.killed.noun",
    "fate.killed.adverb",
    "fate.killed.object",
    "fate.killed.object_count",
    "fate.injured.verb",
    "fate.injured.shot",
    "fate.injured.hit",
    "fate.injured.hit_thrown",
    "fate.injured.noun",
    "fate.injured.care",
    "fate.injured.condition",
    "fate.injured.wound",
    "fate.injured.wound_one",
    "fate.injured.ill",
    "fate.injured.poisoned",
    "fate.injured.object",
    "fate.injured.object_count",
    "fate.missing",
    "cue.toll.killed",
    "cue.toll.injured",
    "cue.toll.missing",
    "cue.zero.fate",
    "cue.zero.noun",
    "cue.no_survivors",
)

#: Heads that are never victims, even next to a cue ("2 bombs killed", "destroyed 12 homes").
_NOT_VICTIMS = words("exclusion.not_victim_head")
_GENERIC = words("person.generic")
_GROUP_POS = {"ADJ", "NOUN", "PROPN"}
_MEMBERS = words("person.members")
_GROUP_STOP = words("exclusion.group_stop")
_NOT_VICTIM_VERB = led(re.compile(rf"\b{alternation('exclusion.not_victim_verb')}\s+$", re.IGNORECASE))
_PARENT_OF = led(re.compile(rf"\b{alternation('person.parent')}\s+of\s+$", re.IGNORECASE))
#: "School 59", "Channel 4", "Flight 93": the number names the place, line or unit before it (case-sensitive:
#: a capitalised noun is part of a name; "the route 9 buses" in lower case is `filter.unit_before`'s).
_NUMBERED_NAME = re.compile(rf"(?<![\w.-]){alternation('exclusion.numbered_name')}\s+$")
#: Right after the number: the outbreak's cases that were fatal ("two of the cases being fatal"); not the
#: whole they were taken from ("three of the| four cases were fatal").
_OF_THE_BEFORE = re.compile(r"\bof\s+(?:the|those|these|its|their)\s+$")
_FATAL_CASES = re.compile(rf"\s+{alternation('cue.fatal_cases')}", re.IGNORECASE)
#: A negation right before the number of such cases tells nobody: "none of 12 cases were fatal", "not one of
#: the cases was fatal" (`filter.negation`; its own phrase gives the kind, so no cue's refusal sees it).
_NEGATED_BEFORE = re.compile(
    rf"\b{alternation('cue.negation')}\s+(?:(?:one|a\s+single|single)\s+)?(?:of\s+)?$", re.IGNORECASE
)
#: An age set off by commas after the person it describes: "A boy, 7, was killed", "Kail Ames, 18, was
#: found", "Two boys, 7 and 9, died" (`filter.age_apposed`): the number before the comma is no count.
_AGE_APPOSED_BEFORE = re.compile(
    rf"(?:\b(?:{PERSON_NOUN}|{alternation('person.kin')})(?:s|es)?|\b(?-i:[A-Z])[\w'’-]+),\s*(?:\d{{1,3}}\s*(?:,|and)\s*)*$",
    re.IGNORECASE,
)
_AGE_APPOSED_AFTER = re.compile(r"\s*(?:,|and\s+\d{1,3}\s*,)")
#: A unit or a word before a number that makes it no count (`filter.unit_before`): "aged 30", "$5", "No. 9",
#: "route 66", "a 9" — whole words only: a town ending a sentence ("... in Varno. Two children") is no "no.".
_UNIT_BEFORE = re.compile(r"[$£€]$|(?:^|(?<=[^\w.]))(?:aged|age|no\.|number|route|a|an)$", re.IGNORECASE)
#: An age range (either end) set off after the people it describes (`filter.age_range`): "Four children,
#: ages 6 to 11, are killed" (the 11 is an age; the figure is the four, read across the range by `filler.count`).
_AGE_RANGE_BEFORE = re.compile(r"\bage[sd]?\s+(?:\d{1,3}\s*(?:to|and|-|–)\s*)?$", re.IGNORECASE)
_SKIP_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_KIND_ORDER: dict[str, CasualtyKind] = {"killed": "killed", "injured": "injured", "missing": "missing"}


@dataclass(slots=True)
class _Candidate:
    start: int  # quantity span (qualifier included), document offsets
    end: int
    quantity: Quantity
    group: str | None
    group_end: int
    kind: CasualtyKind | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    from_right: bool = False
    sub_of_previous: bool = False
    sub_of_next: bool = False
    rule: str = ""  # the id of the rule that gave the figure its kind (`RULES`)
    #: Where the modifiers of a head-less quantity end ("One Australian| and one English climber"): its
    #: head noun is elided and shared with the next figure's; None when it has a head or no modifier.
    elided_end: int | None = None


#: Everyone aboard died (`cue.no_survivors`), and the count of the people aboard (`cue.aboard.*`).
_NO_SURVIVORS = led(re.compile(alternation("cue.no_survivors"), re.IGNORECASE))
_ABOARD_BEFORE = re.compile(rf"\b{alternation('cue.aboard.before')}\s+(?:all\s+|some\s+)?$", re.IGNORECASE)
_ABOARD_AFTER = re.compile(
    rf"\s+(?:[\w'’-]+\s+){{0,3}}?(?:and\s+crew\s+)?(?:(?:were|was)\s+)?{alternation('cue.aboard.after')}\b",
    re.IGNORECASE,
)
#: The count names people (`count.no_survivors`): "12 people", "40 pilgrims", "18 crew", "150 passengers and crew",
#: or stands for them before "on board" ("150 on board"). "200 rooms", "300 flats", "3 lifeboats" name none.
_ABOARD_PEOPLE = re.compile(
    rf"\s+(?:(?:{MODIFIER}\s+){{0,2}}?(?:(?:{PERSON_NOUN}|{alternation('person.armed')})s?"
    rf"|{alternation('person.generic', 'person.members')})\b|{alternation('cue.aboard.after')}\b)",
    re.IGNORECASE,
)
#: A feared or expected "no survivors" confirms no death (`cue.no_survivors.hedged`): "Officials fear there were
#: no survivors". Read in the cue's sentence before it and in its clause after it ("no survivors are expected").
_NO_SURVIVORS_HEDGED = re.compile(alternation("cue.no_survivors.hedged"), re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.!?\n]")


@dataclass(frozen=True, slots=True)
class _DocIndex:
    text: str  # Doc.text re-joins every token on each access
    token_starts: list[int]
    dates: list[tuple[int, str]]

    def date_in(self, s0: int, s1: int) -> str | None:
        i = bisect_left(self.dates, s0, key=lambda d: d[0])
        return self.dates[i][1] if i < len(self.dates) and self.dates[i][0] < s1 else None


#: Every count rule, by id: what it reads (the ids `--explain` prints and figures carry).
RULES = {
    "count.right": "<N> [victims] [filler] <fate>: '40 people were killed', '3 deaths'",
    "count.left": "<fate verb or noun> <N>: 'killing at least 23', 'the deaths of 12'",
    "count.bodies": "the bodies of <N> [people] [who had been] missing: killed, not missing",
    "count.toll": "<toll> ... <N>: 'the death toll rose to 84'",
    "count.lives": "<claimed | cost> <N> lives",
    "count.possessed": "<N> <people>'s <deaths | killings>: '18 children's deaths'",
    "count.right_things": "<N> <victims> and <animals | things> <fate>: 'Twelve people and hundreds of cattle drowned'",
    "count.object_and": "a named or definite object and its companions: 'killed Abu Karim and four of his aides'",
    "count.coordinated": "kind shared along 'and': '70 militants and eight soldiers died'",
    "count.gapped": (
        "<N> [victims] <fate> | <fate> <N> [victims] <in ...> and <M> [victims] <in ...>: the second's verb is left out"
    ),
    "count.subgroup": "a sub-group takes the kind of its figure: '..., including 31 children'",
    "count.singular_right": "<a | the> <person> [was] <fate>: 'a policeman was killed'",
    "count.and_person": "<count.left figure> and <a | his> <person>: one more ('killing three soldiers and a woman')",
    "count.person_and": (
        "<a | the> <person> | <Name> and [his | her] <count.right figure>: one more ('the pilot and two others died')"
    ),
    "count.singular_left": "<fate verb> <a | his> <person>: 'killing a bus driver'",
    "count.elided": "<another | a third> <was> <injured fate>: 'two hikers died and a third was airlifted to hospital'",
    "count.zero": "'no one was hurt', 'no injuries'",
    "count.multiple": "double <murder | killing>, murder-suicide: 'a double murder' = 2 killed",
    "count.pair": "<a person> and <a person> were <fate> / <fate> <a person> and <a person>: 2",
    "count.both": "both [people] [were] <fate> / <fate> both <people>: 2",
    "count.list": "<fate> <a person>, <item>[, ...] and <item>: each item naming a person counts",
    "count.subject_list": "<N people | a person>, <item>[, ...] and <item> were <fate>: each item's number counts",
    "count.others": "a bare 'others' hurt, no number: 'killing three and injuring others' = several (3, vague)",
    "count.treated": "<treated> <N> [victims] <for | with> <injury kind>: 'treated 150 people for heat stroke'",
    "count.fatal_cases": (
        "<N> <of the M cases were fatal | fatal cases | of them fatal>: an outbreak's deaths told as cases"
    ),
    "count.no_survivors": (
        "<carrying N | N on board> ... <no survivors | none survived>: everyone aboard killed "
        "('There were no survivors')"
    ),
}


@dataclass(slots=True)
class CountTrace:
    """What the count rules did, for `--explain`: each figure's rule, and the numbers a filter dropped."""

    rules: list[str] = field(default_factory=list)
    dropped: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, filter id)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place mention the casualty rules may tie a figure to (offsets into the body)."""

    start: int
    end: int
    name: str


def _kind(match: re.Match[str]) -> CasualtyKind | None:
    for name, kind in _KIND_ORDER.items():
        if match.groupdict().get(name):
            return kind
    return None


class CountRules:
    """Finds counted casualty figures in a parsed document. Stateless apart from the number parser."""

    def __init__(self, parse: NumberParser = parse_quantity) -> None:
        self.parse = parse

    def extract(
        self,
        doc: Doc,
        places: Sequence[PlaceMention] = (),
        text: str | None = None,
        trace: CountTrace | None = None,
    ) -> list[CasualtyFigure]:
        """Every casualty figure in `doc`, in text order, with `part_of` indices resolved.

        `text`: `doc.text` when the caller has it (Doc.text re-joins every token on each access);
        `trace`: filled with each figure's rule id and the numbers a filter dropped.
        """
        text = doc.text if text is None else text
        if not _ANY_CUE.search(text):
            return []
        figures: list[tuple[CasualtyFigure, int | None]] = []  # (figure, parent offset in this list)
        # Built once per document: Doc.ents and Span.ents walk the whole document on every access.
        index = _DocIndex(
            text, doc.to_array(IDX).tolist(), [(e.start_char, e.text) for e in doc.ents if e.label_ == "DATE"]
        )
        sentences = casualty_sentences(doc, text)
        for sent in sentences:
            if _ANY_CUE.search(text, sent.start_char, sent.end_char):  # Span.text re-joins its tokens
                self._sentence(doc, sent, places, figures, index, trace)
        if _NO_SURVIVORS.search(text):
            self._no_survivors(doc, sentences, places, figures, index, trace)
        out: list[CasualtyFigure] = []
        for n, (figure, parent) in enumerate(figures):
            before = figures[n - 1][0] if n else None
            if (
                parent is None
                and before is not None
                and before.kind == figure.kind
                and _PARTITIVE_HEAD.fullmatch(text, figure.sentence_start, figure.start)
            ):
                parent = n - 1  # "851 died ... Out of that number, 327 were killed": a part of the figure before
            out.append(replace(figure, part_of=parent))
        return out

    def _no_survivors(
        self,
        doc: Doc,
        sentences: list[Span],
        places: Sequence[PlaceMention],
        figures: list[tuple[CasualtyFigure, int | None]],
        index: _DocIndex,
        trace: CountTrace | None,
    ) -> None:
        """Everyone aboard died (`count.no_survivors`): "A plane carrying 12 people crashed. There were no survivors".

        The count of the people a vehicle carried ("carrying 12 people", "150 people on board", "none of the 44
        passengers") in the cue's sentence, before the cue, or in the sentence before it is a killed figure, unless
        those sentences state a killed figure already ("killing all 150 on board. There were no survivors").
        """
        text = index.text
        for k, sent in enumerate(sentences):
            cue = _NO_SURVIVORS.search(text, sent.start_char, sent.end_char)
            if cue is None:
                continue
            clause_end = _CLAUSE_END.search(text, cue.end(), sent.end_char)
            if _NO_SURVIVORS_HEDGED.search(text, sent.start_char, clause_end.start() if clause_end else sent.end_char):
                continue
            scope = sentences[k - 1 : k + 1] if k else [sent]
            s_from = scope[0].start_char
            if any(f.kind == "killed" and s_from <= f.start < cue.end() for f, _ in figures):
                continue
            found: tuple[Span, re.Match[str]] | None = None
            for part in scope:
                p0 = part.start_char
                # the cue's own sentence whole ("found no survivors among the 66 people on board"), sentence-relative
                ptext = text[p0 : part.end_char]
                for match in QUANTITY.finditer(ptext):
                    before = _ABOARD_BEFORE.search(ptext[max(0, match.start() - 40) : match.start()])
                    if (before is not None or _ABOARD_AFTER.match(ptext, match.end())) and _ABOARD_PEOPLE.match(
                        ptext, match.end()
                    ):
                        found = (part, match)
            if found is None:
                continue
            part, match = found
            cand = self._candidate(doc, part, match, index, aboard=True)
            if not isinstance(cand, _Candidate) or cand.quantity.value < 1:
                continue
            figure = CasualtyFigure(
                kind="killed",
                count_min=cand.quantity.value,
                count_max=None if cand.quantity.unbounded else cand.quantity.upper or cand.quantity.value,
                approximate=cand.quantity.approximate,
                qualifier=cand.quantity.qualifier,
                group=cand.group,
                text=text[cand.start : cand.group_end],
                start=cand.start,
                end=cand.group_end,
                sentence_start=part.start_char,
                place=self.place(places, part.start_char, part.end_char, cand.start),
                date=index.date_in(part.start_char, part.end_char),
            )
            at = bisect_left([f.start for f, _ in figures], figure.start)
            figures[:] = [(f, p + 1 if p is not None and p >= at else p) for f, p in figures]
            figures.insert(at, (figure, None))
            if trace is not None:
                trace.rules.insert(at, "count.no_survivors")

    # -- one sentence -------------------------------------------------------------------------------

    def _sentence(
        self,
        doc: Doc,
        sent: Span,
        places: Sequence[PlaceMention],
        figures: list[tuple[CasualtyFigure, int | None]],
        index: _DocIndex,
        trace: CountTrace | None = None,
    ) -> None:
        text = index.text
        s0, s1 = sent.start_char, sent.end_char
        stext = text[s0:s1]  # = sent.text, without re-joining the tokens
        candidates: list[_Candidate] = []
        matches = list(QUANTITY.finditer(stext))
        skip_next = False
        for i, match in enumerate(matches):
            if skip_next:
                skip_next = False
                continue
            upper_match = None
            if i + 1 < len(matches):
                gap = stext[match.end() : matches[i + 1].start()]
                if _RANGE_GAP.fullmatch(gap) or (
                    _AND_GAP.fullmatch(gap) and stext[: match.start()].rstrip().lower().endswith("between")
                ):
                    upper_match = matches[i + 1]
            candidate = self._candidate(doc, sent, match, index, upper_match)
            if isinstance(candidate, str):
                if trace is not None:
                    trace.dropped.append((s0 + match.start(), s0 + match.end(), candidate))
                continue
            if candidate is not None:
                candidates.append(candidate)
                skip_next = upper_match is not None
        for cand in candidates:
            refused = self._cues(text, s0, s1, cand)
            if refused is not None and trace is not None:
                trace.dropped.append((cand.start, cand.end, refused))
        singles = self._singulars_and_zeros(stext, s0, candidates)
        merged = sorted(candidates + singles, key=lambda c: c.start)
        self._propagate(text, merged)
        found = [c for c in merged if c.kind is not None]
        date = index.date_in(s0, s1)
        last_top: int | None = None
        pending_sub: list[int] = []
        for cand in found:
            assert cand.kind is not None
            begin = min(cand.start, cand.cue_start if cand.cue_start is not None else cand.start)
            finish = max(cand.group_end, cand.cue_end or cand.group_end, cand.end)
            figure = CasualtyFigure(
                kind=cand.kind,
                count_min=cand.quantity.value,
                count_max=cand.quantity.upper or (None if cand.quantity.unbounded else cand.quantity.value),
                approximate=cand.quantity.approximate,
                qualifier=cand.quantity.qualifier,
                group=cand.group,
                text=text[begin:finish],
                start=begin,
                end=finish,
                sentence_start=s0,
                place=self.place(places, s0, s1, cand.start),
                date=date,
            )
            parent = None
            if cand.sub_of_previous and last_top is not None:
                parent = last_top
            position = len(figures)
            figures.append((figure, parent))
            if trace is not None:
                trace.rules.append(cand.rule)
            if cand.sub_of_next:
                pending_sub.append(position)
            elif parent is None:
                last_top = position
                for sub in pending_sub:
                    figures[sub] = (figures[sub][0], position)
                pending_sub = []

    def _candidate(
        self,
        doc: Doc,
        sent: Span,
        match: re.Match[str],
        index: _DocIndex,
        upper_match: re.Match[str] | None = None,
        aboard: bool = False,
    ) -> _Candidate | str | None:
        """The candidate figure at `match`; the id of the filter that refuses it; None if no number.

        `aboard`: the count of the people a vehicle carried (`count.no_survivors`), after "carrying".
        """
        quantity = self.parse(match)
        if quantity is None:
            return None
        s0 = sent.start_char
        start, end = s0 + match.start(), s0 + match.end()
        upper = self.parse(upper_match) if upper_match is not None else None
        if upper_match is not None and upper is not None and upper.value > quantity.value:
            quantity = replace(quantity, approximate=True, unbounded=False, upper=upper.value)
            end = s0 + upper_match.end()
        num_start = s0 + match.start("num")
        first = max(bisect_right(index.token_starts, num_start) - 1, 0)
        last = bisect_left(index.token_starts, end)
        if last <= first:
            return None
        text = index.text
        if doc[first].ent_type_ in _SKIP_ENTS and not quantity.vague:
            # "The death toll rises to over 70": the tagger reads "over 70" as an age (DATE); after a toll's
            # cue the number is the toll (`count.toll`), unless it is a year ("the toll of 2004").
            toll = (
                doc[first].ent_type_ == "DATE"
                and _TOLL_RISES_TO.search(text, max(s0, start - 30), start) is not None
                and _TOLL.search(text[max(s0, start - 160) : start]) is not None
            )
            if not toll or _YEAR.fullmatch(match.group("num")):
                return "filter.date_or_measure"
        digits = match.group("digits")
        if digits and _YEAR.fullmatch(digits):
            return "filter.year"  # bare 4-digit 1800-2099: a year in news text, whatever spaCy says
        not_victim = _NOT_VICTIM_VERB.search(text, max(0, start - 30), start)
        if not_victim is not None and not (aboard and _ABOARD_BEFORE.search(not_victim.group())):
            # "arrested 43 people", "rescued 14 survivors": never victims; the people a vehicle was "carrying"
            # are the dead when none survived (`count.no_survivors`), "rescued 20 people on board" still none
            return "filter.not_victim_verb"
        before = text[max(0, start - 12) : start].lower()
        bracket_owner = ("his ", "her ", "their ", "the ", "early ", "late ", "mid-")
        if re.match(r"['’]?s\b", text[end : end + 3]) and before.endswith(bracket_owner):
            return "filter.age_bracket"  # "a woman in her 20s": an age bracket
        if _PARENT_OF.search(text[max(0, start - 20) : start]):
            return "filter.parent_of"  # "a mother of three is dead": her children, not the dead
        num_end = s0 + match.end("num")
        if (
            digits
            and _AGE_APPOSED_AFTER.match(text, num_end)
            and _AGE_APPOSED_BEFORE.search(text[max(0, num_start - 60) : num_start])
        ):
            return "filter.age_apposed"  # "A boy, 7, was killed": his age, not a count
        if digits and _AGE_RANGE_BEFORE.search(text, max(0, start - 20), start):
            return "filter.age_range"  # "Four children, ages 6 to 11, are killed": an age, not a count
        if before.endswith(("no ", "no-")):
            return "filter.no_before"  # "no one was hurt" is an explicit zero, handled by _ZERO
        if digits and _NUMBERED_NAME.search(text, max(0, start - 20), start):
            return "filter.numbered_name"  # "a child from School 59 is in critical condition"
        unit = _UNIT_BEFORE.search(before.rstrip())
        if unit is not None:
            if unit.group().lstrip() not in ("a", "an") or quantity.vague or match.group("words") is None:
                return "filter.unit_before"
        fatal_cases = _FATAL_CASES.match(text, end, sent.end_char)
        if fatal_cases is not None and not _OF_THE_BEFORE.search(before):
            if _NEGATED_BEFORE.search(text, max(0, start - 20), start):
                return "filter.negation"
            # "Three of the four cases were fatal": the head is "cases", but the phrase tells deaths.
            return _Candidate(
                start,
                end,
                quantity,
                None,
                fatal_cases.end(),
                kind="killed",
                rule="count.fatal_cases",
                cue_start=start,
                cue_end=fatal_cases.end(),
                from_right=True,
            )
        group, group_end = self._group(doc, last, end, sent.end)
        if group is not None and group.split()[-1].lower() in _NOT_VICTIMS:
            return "filter.not_victim_head"
        if group is not None and group.split()[-1].lower() in _GENERIC:
            group = None
        elided = self._modifiers_end(doc, last, sent.end) if group is None and group_end == end else None
        return _Candidate(start, end, quantity, group, group_end, elided_end=elided)

    @staticmethod
    def _modifiers_end(doc: Doc, i: int, sent_end: int) -> int | None:
        """End of the adjectives right after a head-less quantity ("two Israeli", "three female"), if any."""
        k = i
        while k < sent_end and k < i + 3 and doc[k].pos_ == "ADJ" and doc[k].lower_ not in _GROUP_STOP:
            k += 1
        return doc[k - 1].idx + len(doc[k - 1]) if k > i else None

    @staticmethod
    def _group(doc: Doc, i: int, end: int, sent_end: int) -> tuple[str | None, int]:
        """The victims' noun phrase right after the quantity: ("police officers", end offset)."""
        j = i
        if (
            j + 1 < sent_end
            and doc[j].lower_ == "of"
            and doc[j + 1].lower_ in ("them", "whom", "the", "their", "those", "his", "her", "its")
        ):
            j += 2  # "six of them women", "two of their colleagues"
        elif j < sent_end and doc[j].lower_ == "of":
            j += 1  # "scores of villagers", "dozens of people"
        head = -1
        k = j
        conjunction = -1
        while k < sent_end and k < j + 7:
            tok = doc[k]
            lower = tok.lower_
            fits = lower not in _GROUP_STOP and tok.pos_ in _GROUP_POS and tok.ent_type_ not in _SKIP_ENTS
            if not fits and head >= 0 and (tok.tag_ == "POS" or tok.text in ("-", "–")):
                fits = True  # "New People's Army militants", "pro-government fighters"
            if not fits and lower == "and" and head == k - 1 and doc[head].pos_ == "PROPN" and conjunction < 0:
                conjunction, fits = k, True  # "Boko Haram and Islamic State insurgents"
            if (
                not fits
                and lower == "and"
                and head == k - 1
                and doc[head].tag_ == "NNS"
                and conjunction < 0
                and k + 1 < sent_end
                and doc[k + 1].pos_ == "NOUN"
                and doc[k + 1].lower_ not in _GROUP_STOP
                and doc[k + 1].ent_type_ != "CARDINAL"  # "people and hundreds of cattle": a second count
            ):
                conjunction, fits = k, True  # two nouns, one group: "women and children", "passengers and crew"
            if not fits and lower == "more" and head < 0 and k + 1 < sent_end:
                following = doc[k + 1]
                if following.pos_ in ("NOUN", "PROPN") and following.lower_ not in _GROUP_STOP:
                    k += 1  # "two more people died": "more" modifies the victims' noun
                    continue
            if not fits:
                if lower in ("others", "more", "people") and tok.pos_ in ("NOUN", "ADJ", "PRON"):
                    head = k
                elif lower == "more" and tok.pos_ == "ADV":
                    head = k  # "18 more injured": spaCy reads "more injured" as a comparative
                break
            if tok.pos_ in ("NOUN", "PROPN") or lower in _GENERIC:
                head = k
            k += 1
        if conjunction >= 0 and (head < conjunction or doc[head].pos_ != "NOUN"):
            head = conjunction - 1  # the "and" joined two names, not a longer group
        if head < 0:
            return None, end
        last = head + 1
        # A postmodifying "of"-phrase stays with the group: "members of the same family".
        if last + 1 < sent_end and doc[last].lower_ == "of" and doc[head].lower_ in _MEMBERS:
            k = last + 1
            while k < sent_end and k < last + 5 and doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN"):
                k += 1
            if k > last + 1 and doc[k - 1].pos_ in ("NOUN", "PROPN"):
                last = k
        span = doc[j:last]
        return span.text, span.end_char

    def _cues(self, text: str, s0: int, s1: int, cand: _Candidate) -> str | None:
        """Gives `cand` its kind from the cue beside it; returns the id of a filter that refused a cue, if any."""
        refused = None
        if cand.rule == "count.fatal_cases":
            return None  # its kind is told by its own phrase
        # Right cue, after the noun phrase (endpos keeps every match inside the sentence).
        right = _RIGHT.match(text, cand.group_end, s1)
        across = None
        if right is None and cand.group_end > cand.end:  # the victims have a noun: "12 people and 30 cows"
            across = _AND_THINGS.match(text, cand.group_end, s1)
            right = _RIGHT.match(text, across.end(), s1) if across is not None else None
        if right is not None:
            kind = _kind(right)
            lives = right.group("lives")
            cue = right.group(kind) if kind else lives
            active = False
            # The cue's last word decides: "shot and killed", "fatally shot" are as transitive as "killed".
            if kind and (cue.lower().split()[-1] in _TRANSITIVE or cue.lower().endswith(_TRANSITIVE_PHRASES)):
                gap = text[cand.group_end : right.start(kind)]
                active = not _PASSIVE.search(gap) and bool(_OBJECT_FOLLOWS.match(text, right.end(), s1))
            if lives and _LIVES_LEFT.search(text[max(s0, cand.start - 20) : cand.start]):
                kind = "killed"
            elif lives:
                kind = None
            if kind == "killed" and cue.lower() == "dead" and _DEAD_THING.match(text, right.end(), s1):
                kind, refused = None, "filter.dead_thing"
            if kind == "injured" and _sports_injury(text, s0, s1, cand.group, right.end()):
                kind, refused = None, "filter.athlete"
            if kind and not active:
                cand.kind, cand.from_right = kind, True
                cand.rule = "count.lives" if lives else "count.right_things" if across else "count.right"
                cand.cue_start, cand.cue_end = right.start(), right.end()
        if cand.kind is None and cand.group and (possessed := _POSSESSED_COUNT.match(text, cand.group_end, s1)):
            # "18 children's deaths": the counted people own the deaths (`count.possessed`).
            cand.kind, cand.from_right, cand.rule = "killed", True, "count.possessed"
            cand.cue_start, cand.cue_end = possessed.start(), possessed.end()
        bodies = _BODIES_OF.search(text, max(s0, cand.start - 40), cand.start) if cand.kind == "missing" else None
        if bodies is not None:
            cand.kind, cand.rule, cand.from_right = "killed", "count.bodies", False
            cand.cue_start, cand.cue_end = bodies.start(), None
        if cand.kind is None:
            left_text = text[max(s0, cand.start - 160) : cand.start]
            left = _LEFT.search(left_text)
            past_person = None
            if left is None and not _OWN_CLAUSE.match(text, cand.group_end, s1):
                past_person = left = _LEFT_PAST_PERSON.search(left_text)
            if left is None:
                # A number in a name or a date ("the capsized Hong Hai 16", "Flight 17", "on February 19"), or the
                # toll's earlier figure ("the death toll of 12 ... rose to 15"), does not end the toll's reach.
                left = _TOLL.search(_TOLL_OF.sub(_masked, _NAME_NUMBER.sub(_masked, left_text)))
                if left is not None and _TOLL_DENOMINATOR.search(left_text, left.start()):
                    left, refused = None, "filter.toll_denominator"
            if left is None and _TREATED_RIGHT.match(text, cand.group_end, s1):
                left = _TREATED_LEFT.search(left_text)
                if left is not None:
                    cand.kind, cand.rule = "injured", "count.treated"
                    cand.cue_start = cand.start - (len(left_text) - left.start())
                    left = None
            if left is not None:
                cand.kind = _kind(left)
                cand.rule = "count.toll" if left.re is _TOLL else "count.left"
                cand.cue_start = cand.start - (len(left_text) - left.start())
                if past_person is not None:
                    cand.cue_start = cand.start  # the person before it is its own figure, joined by "and his"
        sub_left = _SUB_LEFT.search(text[max(s0, cand.start - 20) : cand.start])
        sub_right = _SUB_RIGHT.match(text, cand.end, s1)
        if sub_left or sub_right:
            cand.sub_of_previous = True
        if _AMONG_RIGHT.match(text, cand.group_end, s1):
            cand.sub_of_next = True
        return refused

    @staticmethod
    def _propagate(text: str, candidates: list[_Candidate]) -> None:
        """Kinds flow along coordination and into sub-groups of the figure before them."""
        for a, b in zip(candidates, candidates[1:], strict=False):
            # "killed, including five miners and two rescuers, and 30 others are injured": a sub-group's list
            # goes on after "and" or a comma (`count.subgroup_list`); its next item is a sub-group too, not the
            # first of the coordinated figures of the verb after it.
            if a.sub_of_previous and b.kind is None and _SUBGROUP_LIST_GAP.fullmatch(text, a.group_end, b.start):
                b.sub_of_previous = True
        for a, b in zip(candidates, candidates[1:], strict=False):
            between = text[a.group_end : b.start]
            if not _AND.fullmatch(between):
                if a.elided_end is None or b.group is None or not _AND.fullmatch(text, a.elided_end, b.start):
                    continue
                # "One Australian and one English climber", "two Israeli and three Palestinian civilians":
                # the first quantity shares the second's head noun, so the two are coordinated.
                a.group = f"{text[a.end : a.elided_end].strip()} {b.group.split()[-1]}"
                a.group_end = a.elided_end
            if a.sub_of_previous or b.sub_of_previous:
                continue
            if a.kind is None and b.kind is not None and b.from_right:
                a.kind, a.rule = b.kind, "count.coordinated"  # "70 militants and eight soldiers died"
            elif b.kind is None and a.kind is not None and not a.from_right:
                b.kind, b.rule = a.kind, "count.coordinated"  # "killed 19 children and two teachers"
        for a, b in zip(candidates, candidates[1:], strict=False):
            # told by its verb after it ("16 were killed in the market"), or before it ("killing 16 in the market")
            a_end = a.cue_end if a.from_right else a.group_end if a.rule == "count.left" else None
            if (
                b.kind is None
                and a.kind is not None
                and a_end is not None
                and not b.sub_of_previous
                and _GAP_BEFORE.fullmatch(text, a_end, b.start)
                and _GAP_AFTER.match(text, b.group_end)
            ):
                b.kind, b.rule, b.from_right = a.kind, "count.gapped", True
        # A list of three or more: the kind flows along its commas too, from the "and" pair at its end.
        for a, b, c in reversed(list(zip(candidates, candidates[1:], candidates[2:], strict=False))):
            if a.sub_of_previous or b.sub_of_previous or c.sub_of_previous:
                continue
            comma, conj = text[a.group_end : b.start], text[b.group_end : c.start]
            if not (_LIST_COMMA.fullmatch(comma) and (_AND.fullmatch(conj) or _LIST_COMMA.fullmatch(conj))):
                continue
            if a.kind is None and b.kind is not None and b.rule == "count.coordinated" and c.from_right:
                a.kind, a.rule = b.kind, "count.coordinated"  # "Eleven soldiers, two civilians and 22 gunmen died"
        previous: CasualtyKind | None = None
        for cand in candidates:
            if cand.kind is None and cand.sub_of_previous and previous is not None:
                cand.kind, cand.rule = previous, "count.subgroup"
            if cand.kind is not None and not cand.sub_of_previous:
                previous = cand.kind
        following: CasualtyKind | None = None
        for cand in reversed(candidates):
            if cand.kind is None and cand.sub_of_next and following is not None:
                cand.kind, cand.rule = following, "count.subgroup"
            if cand.kind is not None:
                following = cand.kind

    def _singulars_and_zeros(self, stext: str, s0: int, candidates: list[_Candidate]) -> list[_Candidate]:
        out: list[_Candidate] = []
        taken = [(c.start, max(c.group_end, c.cue_end or 0)) for c in candidates if c.kind]

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken)

        one = Quantity(1, False, False, None, False)
        zero = Quantity(0, False, False, None, False)
        for m in _MULTIPLE_KILLING.finditer(stext):
            a, b = s0 + m.start(), s0 + m.end()
            if free(a, b):
                n = _MULTIPLIERS[re.split(r"[\s-]", m.group())[0].lower()]
                several = Quantity(n, False, False, None, False)
                out.append(_Candidate(a, b, several, None, b, "killed", rule="count.multiple"))
                taken.append((a, b))
        for start, end, items, fate in _subject_lists(stext) if " and " in stext else ():
            a, b = s0 + start, s0 + end
            told = [item for item in items if not _SUBJECT_UNKNOWN.match(item)]  # "some insurgents" adds no one
            if (len(items) < 3 and len(told) == len(items)) or any(
                x < a < y or (a <= x < b and y > b) for x, y in taken
            ):
                continue  # two people are `count.pair`'s; a figure across the list's edge claims it
            n = 0
            for item in told:
                number = QUANTITY.match(_POSSESSIVE.sub("", item))  # "their three children" = 3
                quantity = parse_quantity(number) if number is not None else None
                n += quantity.value if quantity is not None else 1
            if n < 1:
                continue
            # the list's own numbers are its items, not figures of their own ("three protesters ... are killed")
            candidates[:] = [c for c in candidates if not (a <= c.start < b)]
            taken[:] = [(x, y) for x, y in taken if not (a <= x < b)]
            several = Quantity(n, False, False, None, False)
            out.append(_Candidate(a, b, several, None, b, fate, from_right=True, rule="count.subject_list"))
            taken.append((a, b))
        for m in _LIST_LEFT.finditer(stext) if "," in stext else ():  # a list of three has a comma
            a, b = s0 + m.start(), s0 + m.end()
            kind = _kind(m)
            if m.group("to_death"):
                death = _TO_DEATH_IN.search(m.group("last")) or _TO_DEATH_IN.match(stext, m.end())
                kind = "killed" if death else None
            n = _list_count(_TO_DEATH_IN.split(m.group("items"))[0])
            more = _LIST_MORE.match(stext, m.start("last")) if not m.group("to_death") else None
            if more is not None and free(b, s0 + more.end()):
                n, b = n + 1, s0 + more.end()
            if kind is None or n < 2 or not free(a, b):
                continue
            several = Quantity(n, False, False, None, False)
            out.append(_Candidate(a, b, several, None, b, kind, rule="count.list"))
            taken.append((a, b))
        for c in candidates:
            if c.rule != "count.left" or c.kind is None or c.quantity.value < 1:
                continue
            person = _AND_PERSON.match(stext, c.group_end - s0)
            if person is not None and free(s0 + person.start("np"), s0 + person.end("np")):
                a, b = s0 + person.start("np"), s0 + person.end("np")
                out.append(_Candidate(a, b, one, person.group("np"), b, c.kind, rule="count.and_person"))
                taken.append((a, b))
        for c in candidates:
            if c.rule != "count.right" or c.kind is None or c.quantity.value < 1 or c.sub_of_previous:
                continue
            person = _PERSON_AND.search(stext, 0, c.start - s0)
            np = "np" if person is not None and person.group("np") else "name"
            if person is not None and free(s0 + person.start(np), s0 + person.end(np)):
                a, b = s0 + person.start(np), s0 + person.end(np)
                group = person.group("np")  # a name is no group
                out.append(_Candidate(a, b, one, group, b, c.kind, from_right=True, rule="count.person_and"))
                taken.append((a, b))
        for c in candidates:
            if c.kind is not None or c.group is None or c.quantity.value < 1 or c.sub_of_previous:
                continue
            obj = _OBJECT_AND.search(stext, max(0, c.start - s0 - 160), c.start - s0)
            if obj is None or not free(s0 + obj.start("np"), s0 + obj.end("np")):
                continue
            c.kind, c.rule = _kind(obj), "count.object_and"
            a, b = s0 + obj.start("np"), s0 + (obj.end("appos") if obj.group("appos") else obj.end("np"))
            group = obj.group("np") if obj.group("np")[:4].lower() == "the " else None  # a name is no group
            out.append(_Candidate(a, b, one, group, b, c.kind, rule="count.object_and"))
            taken.append((a, b))
        two = Quantity(2, False, False, None, False)
        for regex in (_PAIR_RIGHT, _PAIR_LEFT, _BOTH, _BOTH_LEFT):
            for m in _pairs_right(stext) if regex is _PAIR_RIGHT else regex.finditer(stext):
                a, b = s0 + m.start(), s0 + m.end()
                kind = _kind(m)
                if regex is _PAIR_LEFT and m.group("to_death"):
                    kind = "killed" if m.group("death") else None
                if kind is None or not free(a, b):
                    continue
                if regex is _PAIR_LEFT and _one_person(m.group()):
                    continue
                if kind == "injured" and _LATER_DIED.match(stext, m.end()):
                    kind = "killed"  # "Both were taken to a hospital, where they died"
                if regex is _BOTH and any(c.kind == kind and c.start < a for c in candidates):
                    continue  # "two men were found with stab wounds; both were taken to hospital": said already
                said = any(c.kind == kind and c.start < a and c.quantity.value == 2 for c in candidates)
                if regex is _BOTH_LEFT and said:
                    continue  # "two guards were found dead; the gunman had killed both men": the same two
                rule = "count.both" if regex in (_BOTH, _BOTH_LEFT) else "count.pair"
                group = m.group().split()[-1] if regex is _BOTH_LEFT else None
                from_right = regex not in (_PAIR_LEFT, _BOTH_LEFT)
                out.append(_Candidate(a, b, two, group, b, kind, from_right=from_right, rule=rule))
                taken.append((a, b))
        for regex in (_NAMED_PAIR_RIGHT, _NAMED_PAIR_LEFT):
            for m in regex.finditer(stext):
                a, b = s0 + m.start(), s0 + m.end()
                kind = "killed" if m.group("killed") or ("death" in m.groupdict() and m.group("death")) else None
                if "injured" in m.groupdict() and m.group("injured"):
                    kind = "injured"
                if kind is None or not free(a, b):
                    continue
                out.append(
                    _Candidate(a, b, two, None, b, kind, from_right=regex is _NAMED_PAIR_RIGHT, rule="count.pair")
                )
                taken.append((a, b))
        for regex in (_SINGULAR_RIGHT, _SINGULAR_LEFT):
            for m in regex.finditer(stext):
                a, b = s0 + m.start(), s0 + m.end()
                kind = _kind(m)
                if kind and "aux" in m.groupdict() and not m.group("aux"):
                    cue = (m.group(kind) or "").lower()
                    transitive = (cue.split()[-1:] and cue.split()[-1] in _TRANSITIVE) or cue.endswith(
                        _TRANSITIVE_PHRASES
                    )
                    if transitive and _OBJECT_FOLLOWS.match(stext, m.end()):
                        continue  # "a man killed three people": the man is the agent
                if regex is _SINGULAR_RIGHT and kind == "killed" and (m.group("killed") or "").lower() == "die":
                    continue  # one person with a bare "die" is an infinitive: "see their child die" (filter.bare_die)
                if kind and free(a, b):
                    group = re.sub(rf"^(?:[\w'’]+{YEAR_OLD}|young|elderly|local)\s+", "", m.group("group"))
                    rule = "count.singular_right" if regex is _SINGULAR_RIGHT else "count.singular_left"
                    out.append(_Candidate(a, b, one, group, b, kind, from_right=regex is _SINGULAR_RIGHT, rule=rule))
                    taken.append((a, b))
        for m in _ELIDED_ONE.finditer(stext):
            a, b = s0 + m.start(), s0 + m.end()
            if not m.group("aux") and (m.group("bare_end") is None or not _ELIDED_AND.search(stext, 0, m.start())):
                continue  # "and another wounded": the auxiliary is elided only after a coordination
            if free(a, b):
                out.append(_Candidate(a, b, one, None, b, "injured", from_right=True, rule="count.elided"))
                taken.append((a, b))
        several = Quantity(VAGUE["several"], True, True, None, True)
        for m in _BARE_OTHERS.finditer(stext):
            a, b = s0 + m.start(), s0 + m.end()
            if (m.group("right") and _QUANTIFIED.search(stext, 0, m.start("right"))) or not free(a, b):
                continue
            out.append(
                _Candidate(
                    a, b, several, "others", b, "injured", from_right=bool(m.group("right")), rule="count.others"
                )
            )
            taken.append((a, b))
        for m in _ZERO.finditer(stext):
            a, b = s0 + m.start(), s0 + m.end()
            cue = (m.group("cue") or m.group("noun") or "").lower()
            kinds: list[CasualtyKind] = []
            if re.search(r"kill|death|dead|fatal|died", cue):
                kinds.append("killed")
            if re.search(r"injur|hurt|wound|harm", cue):
                kinds.append("injured")
            for kind in kinds:
                if free(a, b) or len(kinds) > 1:
                    out.append(_Candidate(a, b, zero, None, b, kind, rule="count.zero"))
            taken.append((a, b))
        return out

    @staticmethod
    def place(places: Sequence[PlaceMention], s0: int, s1: int, at: int) -> str | None:
        """The place mentioned nearest to the figure in its sentence (`places` sorted by start)."""
        best: tuple[int, str] | None = None
        first = bisect_left(places, s0, key=lambda p: p.start)
        for place in places[first:]:
            if place.start >= s1:
                break
            if place.end <= s1:
                distance = abs(place.start - at)
                if best is None or distance < best[0]:
                    best = (distance, place.name)
        return best[1] if best else None


__all__ = [
    "MODIFIER",
    "PERSON_NOUN",
    "QUALIFIERS",
    "RULES",
    "CountRules",
    "CountTrace",
    "PlaceMention",
    "gapped",
    "gapped_clause_start",
]
