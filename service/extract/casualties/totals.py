"""Aggregation: the article's casualty totals from its counted figures and its distinct victims.

Semantics (the project's labelling guide, `docs/casualties.md`): the people killed / injured in the
incident(s) the article reports as news. Per kind:

- the largest current, top-level counted figure ("Three men were shot"): tolls are updated upward and
  headlines restate the body, so figures of one incident are never added; sub-groups ("including 31
  children") and background figures (a year before the figure, an earlier or separate incident, a
  statistic) are left out;
- the number of distinct victims the victim rules resolved (named or described people, one per person
  across title and body, perpetrators included);
- the total is the larger of the two. A "shot" count ("two men were shot, one fatally") counts
  everyone hit, so the killed are taken out of it before it competes as an injured total.

`approximate` is set when the figure behind the total is approximate, or when the stated count and the
people the article describes disagree (more described victims than the stated count).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from service.extract.casualties.counts import gapped, gapped_clause_start
from service.extract.casualties.grammar import alternation, led, words
from service.extract.casualties.victims import (
    Victim,
    follows_background,
    is_background,
    without_biography,
    without_ordinal_apposition,
)
from service.extract.ner.attach import COUNTRY_DEMONYMS, DEMONYM_COUNTRIES
from service.extract.numbers import QUANTITY, parse_quantity
from service.extract.types import CASUALTY_KINDS, CasualtyFigure, CasualtyKind, CasualtyTotal

_HIT_ONLY = re.compile(r"\bshot\b", re.IGNORECASE)
_HARMED = led(re.compile(alternation("cue.harmed"), re.IGNORECASE))
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: A year after these words does not date the figure ("since 2010" is checked as a statistic elsewhere).
_YEAR_OK_BEFORE = led(re.compile(rf"\b{alternation('cue.figure_year_ok')}\s+(?:\w+\s+)?$", re.IGNORECASE))
#: A page's timestamp (`filter.dateline`): a year with an "updated"/"published" word or a clock time
#: within `_DATELINE_REACH` characters before it, or a clock time just after it, dates the page, not a figure.
_DATELINE = re.compile(alternation("cue.dateline"), re.IGNORECASE)
_DATELINE_REACH = 40
#: A date glued between a headline and the story ("… kills 10 November 27, 2005 A powerful …", `cue.dateline_glued`).
_GLUED_DATELINE = re.compile(alternation("cue.dateline_glued"), re.IGNORECASE)
#: "September 30, " is the longest month and day before a year.
_GLUED_REACH = 20
_OWN_OUTBREAK = led(re.compile(alternation("cue.own_outbreak"), re.IGNORECASE))
#: A year after the figure, before its clause ends (`cue.background.year_after`); the tail is bounded so a
#: long clause's later date (a new sentence the splitter missed) is not read.
_YEAR_AFTER = re.compile(rf"[^,;.!?\n]{{0,80}}?{alternation('cue.background.year_after')}", re.IGNORECASE)


#: How far back in its sentence a figure looks for a year that dates it (bounds the work on run-on text).
_DATING_WINDOW = 300


def _is_dateline(text: str, start: int, end: int) -> bool:
    """Whether the year at text[start:end] is a page's timestamp (rule `filter.dateline`).

    A date before a colon heads a timeline's entry ("October 8, 2005: a quake killed …"), not the page.
    """
    if text.startswith(":", end):
        return False
    glued = _GLUED_DATELINE.search(text, max(0, start - _GLUED_REACH), min(len(text), end + 3))
    if glued is not None and glued.end() > end:
        return True
    return bool(_DATELINE.search(text, max(0, start - _DATELINE_REACH), start) or _DATELINE.search(text, end, end + 12))


def background_reason(figure: CasualtyFigure, doc_text: str) -> str | None:
    """Why a figure is about an earlier event or a statistic (a filter id), judged from its sentence up to it.

    Only the last `_DATING_WINDOW` characters before the figure are read, which bounds the work on a
    run-on "sentence" of thousands of figures.
    """
    # A year in a relative clause of a person's life dates the career, not the figure (`cue.biography`).
    head = without_biography(doc_text[max(figure.sentence_start, figure.start - _DATING_WINDOW) : figure.start])
    for year in _YEAR.finditer(head):
        if not _YEAR_OK_BEFORE.search(head[: year.start()]) and not _is_dateline(head, year.start(), year.end()):
            return "filter.background.dated"
    if _YEAR_AFTER.match(doc_text, figure.end) and not _is_dateline(doc_text, figure.end, figure.end + 100):
        return "filter.background.dated"
    if _OWN_OUTBREAK.search(head):
        return None  # "since the outbreak began (last year)": the reported outbreak's own running toll
    if is_background(head + doc_text[figure.start : figure.end]):
        return "filter.background.sentence"
    return "filter.background.sequel" if follows_background(doc_text, figure.sentence_start) else None


_STATISTIC = led(re.compile(alternation("cue.statistic"), re.IGNORECASE))
_TALLY = led(re.compile(alternation("cue.tally"), re.IGNORECASE))
_TALLY_SPAN = led(re.compile(alternation("cue.tally.span"), re.IGNORECASE))
#: An outbreak as the agent of a killed figure, at the end of the clause before it (`cue.outbreak_agent`).
_OUTBREAK_AGENT = re.compile(alternation("cue.outbreak_agent"), re.IGNORECASE)
_KILLED_AGENT_FIGURE = re.compile(r"(?:killed|claimed)\b", re.IGNORECASE)
_RUNNING_TOTAL = led(re.compile(alternation("cue.running_total"), re.IGNORECASE))
_HYPOTHETICAL = led(re.compile(alternation("cue.hypothetical", "cue.near_miss"), re.IGNORECASE))
_ILLNESS = led(re.compile(alternation("cue.illness", "cue.disease_outbreak"), re.IGNORECASE))
_OUTBREAK_NEWS = led(re.compile(alternation("cue.outbreak_news"), re.IGNORECASE))
_HOSPITAL_STAY = led(re.compile(alternation("cue.hospital_stay"), re.IGNORECASE))
#: How much of the article is its lead, read for an outbreak (`cue.outbreak_news`): about two sentences.
_LEAD = 300
#: How far past a figure its sentence is read for a poisoning ("60 students fell ill after eating lunch at the
#: school canteen in Brenn, in a suspected case of food poisoning").
_POISONING_REACH = 300
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_ILL = re.compile(rf"(?:{alternation('fate.injured.ill', 'cue.sickened')})", re.IGNORECASE)
#: The verb a coordinated count shares, when it says the pair became ill: "The three journalists and the
#: cameraman became ill the next day" (no clause end between the pair and the verb).
_SHARED_ILL = re.compile(rf"\s*(?:and|or)\s[^,;:.\d]*?(?:{_ILL.pattern})", re.IGNORECASE)
#: A fate in a figure's own text: a figure without one ("three journalists") takes the verb it shares.
_OWN_INJURED_FATE = led(
    re.compile(
        alternation("fate.injured.verb", "fate.injured.noun", "fate.injured.condition", "fate.injured.wound"),
        re.IGNORECASE,
    )
)
_POISONING = led(re.compile(alternation("cue.poisoning"), re.IGNORECASE))
_NATURAL_DEATH = led(re.compile(alternation("cue.natural_death"), re.IGNORECASE))
#: A disease as the subject right before a killed figure ("H5N1, which has spread across Asia, has already
#: killed ...", "HIV has killed ...") or before its death toll ("the current swine flu death toll at ...").
_DISEASE_AGENT = re.compile(
    rf"\b(?:{alternation('cue.disease')})(?:\s*,[^.;]{{1,200}}?,)?\s+(?:has|have|had)\s+"
    r"(?:already\s+|now\s+|so\s+far\s+)?$"
    rf"|\b(?:{alternation('cue.disease')})\s+$",
    re.IGNORECASE,
)
#: What ties a disease's toll to a place or a day of the news: "in Varnel", "this week", "on Monday".
_LOCAL = re.compile(
    r"\b(?:in|at|across)\s+(?:the\s+)?(?-i:[A-Z])|\b(?:this|last)\s+(?:week|month)\b|\b(?:today|yesterday)\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
#: How far after a victim's death its cause is read ("died in Atlanta on Monday due to heart failure").
_CAUSE_REACH = 100


def _natural_death(victim: Victim, doc_text: str) -> bool:
    """A killed victim whose death its clause puts down to natural causes (rule `filter.natural_death`)."""
    for m in victim.mentions:
        if m.kind == "killed":
            tail = doc_text[m.end : m.end + _CAUSE_REACH]
            end = _CLAUSE_END.search(tail)
            if _NATURAL_DEATH.search(tail[: end.start()] if end else tail):
                return True
    return False


#: A hurt word in a victim's mention: a person shot, stabbed, wounded or burnt is injured whatever the news.
_HURT = led(
    re.compile(
        alternation("fate.injured.shot", "fate.injured.hit", "fate.injured.wound", "fate.injured.wound_person")
        + r"|\b(?:injur|wound|hurt|burn|beaten)",
        re.IGNORECASE,
    )
)
_DISEASE = led(re.compile(alternation("cue.disease"), re.IGNORECASE))
_DISEASE_NEWS = led(re.compile(alternation("cue.disease", "cue.disease_outbreak"), re.IGNORECASE))


def _sentence_to_end(doc_text: str, sentence_start: int, end: int) -> str:
    """The sentence from `sentence_start` through `end` and on to its end (at most `_POISONING_REACH` more)."""
    rest = doc_text[end : end + _POISONING_REACH]
    stop = _SENTENCE_END.search(rest)
    return doc_text[sentence_start:end] + (rest[: stop.start()] if stop else rest)


def _illness_lead(doc_text: str) -> bool:
    """The article's lead (about two sentences) names a disease or its outbreak: outbreak news.

    Stricter than `cue.outbreak_news`, which an outbreak of fighting also meets, and than `cue.illness` ("a
    history of mental illness" in a crash story's lead makes no patient of its driver).
    """
    return _DISEASE_NEWS.search(doc_text[:_LEAD]) is not None


def _ill_victim(victim: Victim, doc_text: str, ill_lead: bool) -> bool:
    """An injured victim who is a patient, not a casualty (rule `filter.illness_victim`).

    Every mention only says the person is in hospital or in some condition (no hurt word), and the mention's
    sentence names an infection, a disease or an outbreak of one, or the article's lead does: "The infected
    man is in stable condition", "one other pupil is in critical condition" after "has died of swine flu".
    Guide rules 3 and 12 and the adjudicated policy: an outbreak's cases are not injuries; a poisoning's are.
    `ill_lead`: `_illness_lead` of the article, read once for all its victims.
    """
    for m in victim.mentions:
        if m.kind != "injured":
            continue
        if _HURT.search(m.text):
            return False
        sentence = _sentence_to_end(doc_text, m.sentence_start, m.end)
        if _POISONING.search(sentence):
            return False
        if not (ill_lead or _ILLNESS.search(sentence) or _DISEASE.search(sentence)):
            return False
    return True


_PARENTHETICAL = re.compile(r"\([^()]{0,80}\)")


def _own_clause(head: str) -> str:
    """The last clause of `head`, the text before a figure: after its last comma, semicolon, colon or parenthesis.

    A hypothetical ("could have killed hundreds, killed 12") stays in its clause. A closed parenthetical is
    an aside inside the clause, blanked first. It is what `re.search(r"[^,;:()]*$", ...)` matched, without
    the regex's backtracking from every character of a long clause.
    """
    head = _PARENTHETICAL.sub(lambda m: " " * len(m.group()), head)
    return head[max(head.rfind(mark) for mark in ",;:()") + 1 :]


_CLAIM = led(re.compile(alternation("cue.claim"), re.IGNORECASE))
_CLAIM_CLAUSE_END = re.compile(alternation("cue.claim_clause_end"), re.IGNORECASE)
_EARLIER = led(
    re.compile(
        alternation("cue.background.relative", "cue.background.relative_head", "cue.background.earlier_disaster"),
        re.IGNORECASE,
    )
)
#: Relative dates that also hold after the figure, in its clause: "killed two other women already this week".
_EARLIER_AFTER = led(re.compile(alternation("cue.background.relative"), re.IGNORECASE))
#: A toll that rises to a new figure (rule `totals.toll_update`, `cue.toll.update`): "the death toll from the floods
#: earlier this week rises to 56". A relative date inside the toll's own phrase dates its incident; the update is
#: the news, so only the clause before the toll is read for an earlier incident.
_RISING_TOLL = re.compile(
    rf"(?:{alternation('cue.toll.killed', 'cue.toll.injured', 'cue.toll.missing')})\b[^;]*?"
    rf"\b(?:{alternation('cue.toll.update')})\s+(?:to|at)\b",
    re.IGNORECASE,
)
_OFFICIAL = led(re.compile(alternation("cue.source.official"), re.IGNORECASE))
_UNOFFICIAL = led(re.compile(alternation("cue.source.unofficial"), re.IGNORECASE))
_FOLLOW_UP = led(re.compile(alternation("cue.follow_up"), re.IGNORECASE))
_ATTACKER_DIED = led(re.compile(alternation("cue.attacker_died"), re.IGNORECASE))
_ATTACKER_SUICIDE = led(re.compile(alternation("cue.attacker_suicide", "cue.attacker_killed"), re.IGNORECASE))
_INCLUDING_ATTACKER = led(re.compile(alternation("cue.including_attacker"), re.IGNORECASE))
#: Plural attackers who died in their own attack (`cue.attackers_themselves`): "killing 31 people and themselves".
_ATTACKERS_THEMSELVES = led(re.compile(alternation("cue.attackers_themselves"), re.IGNORECASE))
#: The attackers' noun after their count in the toll's sentence: "Two suicide bombers", "Three militants".
_ATTACKER_NOUN = re.compile(
    rf"\s+(?:[\w-]+\s+)?(?:{alternation('person.perpetrator', 'person.armed')})\b", re.IGNORECASE
)
#: "themselves" with no count of the attackers in the sentence: two at least.
_ATTACKERS_PLURAL = 2
_PERPETRATORS = words("person.perpetrator")
#: A sentence opening on another incident told as news (`cue.separate_incident`, guide rule 5): its figures are
#: a separate incident's, summed with the main one ("In a separate attack, a bomb killed two soldiers").
_SEPARATE_INCIDENT = re.compile(alternation("cue.separate_incident"), re.IGNORECASE)
#: A toll's update (`count.toll`, whose figure's text opens on the toll: "death toll rose to 12"; or a toll and
#: its verb before the figure: "the toll from the storm has risen, with 12 ..."): the news incident's toll, never
#: a separate incident's, whatever opens its sentence.
_TOLLS = alternation("cue.toll.killed", "cue.toll.injured", "cue.toll.missing")
_TOLL_FIGURE = re.compile(rf"(?:{_TOLLS})\b", re.IGNORECASE)
_TOLL_UPDATE = led(
    re.compile(rf"\b(?:{_TOLLS})\b[^;\d]{{0,120}}?\b(?:{alternation('cue.toll.verb')})\b", re.IGNORECASE)
)


def _separate_incident(figure: CasualtyFigure, doc_text: str) -> bool:
    """A figure of a separate incident: its sentence opens on one, and nothing else dates it or makes it background.

    The opening words are what made the sentence background ("a separate attack", "in another attack"), so the
    figure's fate is judged again without them (rule `totals.separate_incident`). A toll's update ("the death toll
    rose to 12") is the news incident's, never a separate one.
    """
    opener = _SEPARATE_INCIDENT.match(doc_text[figure.sentence_start : figure.start])
    if (
        opener is None
        or _TOLL_FIGURE.match(figure.text)
        or _TOLL_UPDATE.search(doc_text, figure.sentence_start, figure.start)
    ):
        return False
    a, b = figure.sentence_start + opener.start(), figure.sentence_start + opener.end()
    blank = doc_text[:a] + " " * (b - a) + doc_text[b:]
    return figure_fate(figure, blank) is None


#: A sentence that opens on more people of a kind already counted (`cue.additional`): "Two pilots are killed
#: after assailants fire on a plane. Another person is killed after a convoy is attacked" = 3 (`totals.additional`).
_ADDITIONAL = re.compile(rf"\W*(?:{alternation('cue.additional')})\b", re.IGNORECASE)


#: A word between a figure that opens its sentence and its fate (`cue.additional.after`): "Six soldiers are killed
#: in an ambush. Dozens of insurgents are also killed" = 6 + dozens (`totals.additional`).
_ADDITIONAL_AFTER = re.compile(rf"\b(?:{alternation('cue.additional.after')})\b", re.IGNORECASE)
#: Not more people: the figure is a part of those counted ("Two children are also among the dead") or refers back
#: to them ("The five were also ...").
_NOT_ADDITIONAL_AFTER = re.compile(r"\bamong\b|^(?:the|those|these|both|all)\b", re.IGNORECASE)
#: "N others", "N more": the people a sentence adds after its first figure ("Another two civilians are killed and
#: nine others are injured": the nine are more injured too).
_MORE_PEOPLE = re.compile(r"\b(?:others|more)\b", re.IGNORECASE)


def _additional(
    figure: CasualtyFigure, current: Sequence[CasualtyFigure], doc_text: str, opened: frozenset[int] = frozenset()
) -> bool:
    """A figure that adds people to a counted figure of its kind before it (rule `totals.additional`).

    Its sentence opens on it ("Another person is killed", "A further two soldiers died"), so "another" is said of
    the people counted before it in the article, not of earlier incidents (those figures are background, and a
    headline's "another" has nothing counted before it). "Also" between such a figure and its fate says the same
    ("Dozens of militants are also killed"). `opened`: the sentences (starts) that opened on an additional figure;
    their "N others" of another kind add people too ("Another two are killed and nine others are injured").
    """
    if not any(f.kind == figure.kind and f.end <= figure.start for f in current):
        return False
    if figure.sentence_start in opened and _MORE_PEOPLE.search(figure.text):
        return True
    before = doc_text[figure.sentence_start : figure.start].strip(" \"'“‘(")
    if _ADDITIONAL.match(doc_text, figure.sentence_start, figure.end):
        # only the cue itself may stand before it, and a member of a count told one by one adds no one
        return (not before or _ADDITIONAL.fullmatch(before) is not None) and not _enumerated(figure, current)
    # One person "also killed" is more often one of the people a count before named in part ("killing four
    # people, including a judge. A court officer was also killed"), so only a group is added.
    return (
        not before
        and figure.count_min >= 2
        and _ADDITIONAL_AFTER.search(figure.text) is not None
        and _NOT_ADDITIONAL_AFTER.search(figure.text) is None
    )


#: A count of one that opens an enumeration of a count's people (`cue.enumeration`): "One person was shot".
_ENUMERATION = re.compile(rf"\W*(?:{alternation('cue.enumeration')})\b", re.IGNORECASE)


def _enumerated(figure: CasualtyFigure, current: Sequence[CasualtyFigure]) -> bool:
    """An "another" figure that names the next member of a count before it (rule `totals.enumerated`).

    "Two people were hurt. One person was shot in the arm. Another victim was beaten" = 2: after the count, a count of
    one opening on "one" starts telling its people one by one, and "another" goes on with them while the members told
    (the singles since the count, and this one) are no more than the count; beyond it they are more people.
    """
    before = [f for f in current if f.kind == figure.kind and f.end <= figure.start]
    for i in range(len(before) - 1, -1, -1):
        if before[i].count_min >= 2:
            singles = before[i + 1 :]
            return (
                bool(singles)
                and all(f.count_min == 1 for f in singles)
                and _ENUMERATION.match(singles[0].text) is not None
                and len(singles) + 1 <= before[i].count_min
            )
    return False


#: How far past a figure its sentence is read for a statistic ("20 soldiers die every week").
_TAIL = 80
_CLAUSE_END = re.compile(r"[.;!?\n]")
#: Where the tail read for a figure's statistic or tally ends (`figure_fate`): its sentence's end, or a participle
#: that adds the news to a running total (rule `totals.running_clause`): "Twelve miners died in the blast,
#: bringing the number of mining deaths this year to 98" (the tally is the 98's, not the twelve's). The dots of an
#: initialism end nothing (`totals.initialism`): "bringing the death toll to 163 since U.S. strikes began" is a tally.
_FATE_TAIL_END = re.compile(
    r"(?<!\b(?-i:[A-Z]))\.(?!\w)|[;!?\n]|,\s*(?:bringing|raising|taking|pushing|putting)\b", re.IGNORECASE
)
#: Figures of one kind joined by "and" name disjoint groups: "Two soldiers and 16 gunmen were killed" = 18,
#: "a man and his two children were killed" = 3.
_COORDINATED_GAP = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as)\s*(?:(?:his|her|their)\s+)?", re.IGNORECASE)
#: "N others" after a figure of its kind in its sentence adds to it (`totals.others`): "a boy is in critical
#: condition after a shooting that wounded two others" = 3. The others are near (`_OTHERS_REACH` characters).
_OTHERS = re.compile(r"\bother\s+(?:people|persons|victims)\b|\bothers\b", re.IGNORECASE)
_OTHERS_REACH = 80


#: A comma between the items of a list of figures: "Eleven soldiers, two civilians and 22 gunmen were killed" = 35.
_LIST_COMMA = re.compile(r"\s*,\s*")


def _list_goes_on(f: CasualtyFigure, after: list[CasualtyFigure], doc_text: str) -> bool:
    """A comma before `f` is a list's when `f` is followed by a figure of its kind after "and" or a comma."""
    nxt = after[0] if after else None
    if nxt is None or nxt.kind != f.kind or nxt.sentence_start != f.sentence_start or f.end > nxt.start:
        return False
    gap = doc_text[f.end : nxt.start]
    if _COORDINATED_GAP.fullmatch(gap):
        return True
    return bool(_LIST_COMMA.fullmatch(gap) and _list_goes_on(nxt, after[1:], doc_text))


def join_coordinated(
    figures: list[CasualtyFigure], doc_text: str
) -> tuple[list[CasualtyFigure], dict[int, list[CasualtyFigure]]]:
    """Adjacent figures of one kind in one sentence joined by "and", summed into one figure.

    Returns the figures (joined ones replaced by their sum) and, by `id` of each sum, the figures in it.
    """
    out: list[CasualtyFigure] = []
    members: dict[int, list[CasualtyFigure]] = {}
    for i, f in enumerate(figures):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == f.kind
            and prev.sentence_start == f.sentence_start
            and prev.end <= f.start
            and (
                _COORDINATED_GAP.fullmatch(doc_text, prev.end, f.start)
                or (_LIST_COMMA.fullmatch(doc_text, prev.end, f.start) and _list_goes_on(f, figures[i + 1 :], doc_text))
                or (f.start - prev.end <= _OTHERS_REACH and _OTHERS.search(f.text) is not None)
                # "killed 16 in the market, and 22 in a separate bombing": other people (`totals.gapped`)
                or gapped(doc_text, prev.end, f.start, f.end)
            )
        ):
            both_max = prev.count_max is not None and f.count_max is not None
            joined = replace(
                prev,
                count_min=prev.count_min + f.count_min,
                count_max=prev.count_max + f.count_max if both_max else None,  # type: ignore[operator]
                approximate=prev.approximate or f.approximate,
                group=None,
                text=doc_text[prev.start : f.end],
                end=f.end,
            )
            members[id(joined)] = members.pop(id(prev), [prev]) + [f]
            out[-1] = joined
        else:
            out.append(f)
    return out, members


def figure_fate(figure: CasualtyFigure, doc_text: str) -> tuple[str, str] | None:
    """Why a current-looking figure is not (or not surely) the news: (fate, filter id), else None.

    Fates: "background" (dated earlier, or a background sentence), "statistic" (a running tally or a
    rate, or a cumulative tally: "since April", "worldwide"), "hypothetical" (a projection or a risk:
    "could kill millions"), "illness" (people in hospital with an infection: cases, not injured), "claim"
    (a group's or perpetrator's claim), "earlier" (an earlier or separate incident told by a relative date
    or another place: used only when the article states nothing else).
    """
    reason = background_reason(figure, doc_text)
    head = doc_text[max(figure.sentence_start, figure.start - _DATING_WINDOW) : figure.start]
    tail = doc_text[figure.end : figure.end + _TAIL]
    end = _FATE_TAIL_END.search(tail)
    tail = tail[: end.start()] if end else tail
    own = head + doc_text[figure.start : figure.end]
    if _STATISTIC.search(without_ordinal_apposition(own + tail)):
        return "statistic", "filter.statistic"
    if _TALLY.search(own + tail):
        return "statistic", "filter.tally"
    # "A cholera outbreak in Zimbabwe has killed almost 500 people since August": the reported outbreak's own
    # toll, neither a tally over its months nor the disease's history (`cue.outbreak_agent`)
    outbreak_toll = (
        figure.kind == "killed"
        and _KILLED_AGENT_FIGURE.match(doc_text, figure.start) is not None
        and _OUTBREAK_AGENT.search(_own_clause(head)) is not None
    )
    if not outbreak_toll and _TALLY_SPAN.search(own + tail):
        return "statistic", "filter.tally"
    if (
        not outbreak_toll
        and figure.kind == "killed"
        and _DISEASE_AGENT.search(head)
        and re.match(r"(?:killed|claimed|death\s+toll)\b", doc_text[figure.start : figure.end], re.IGNORECASE)
        and not _LOCAL.search(doc_text[figure.start : figure.end] + tail)
    ):
        return "statistic", "filter.disease_toll"  # the disease's history: "HIV has killed 25 million"
    # A closed parenthesis is an aside inside the clause, not its end: "causing a pandemic (a global
    # epidemic) resulting in millions of deaths" is one hypothetical clause.
    if _HYPOTHETICAL.search(_own_clause(head) + doc_text[figure.start : figure.end]):
        return "hypothetical", "filter.hypothetical"
    figure_text = doc_text[figure.start : figure.end]
    said_ill = _ILL.search(figure_text) is not None or (
        _SHARED_ILL.match(tail) is not None and _OWN_INJURED_FATE.search(figure_text) is None
    )
    if figure.kind == "injured" and said_ill:
        # "nine others remain ill" is an injury only after a poisoning; in an outbreak it is a case
        if not _POISONING.search(_sentence_to_end(doc_text, figure.sentence_start, figure.end)):
            return "illness", "filter.illness"
    elif figure.kind == "injured" and _ILLNESS.search(own + tail):
        return "illness", "filter.illness"  # guide rules 3 and 12: a sick person is a case, not an injury
    elif (
        figure.kind == "injured"
        and _HOSPITAL_STAY.search(figure_text)
        and _OUTBREAK_NEWS.search(doc_text[:_LEAD])
        and not _POISONING.search(doc_text[figure.sentence_start : figure.end] + tail)
    ):
        return "illness", "filter.illness"  # outbreak news: "fourteen people had been hospitalized" are cases
    if reason is not None:
        return "background", reason
    if _CLAIM.search(_claim_clause(own)):
        return "claim", "filter.claim"
    told = head if _RISING_TOLL.match(doc_text, figure.start, figure.end) else own
    gap = gapped_clause_start(doc_text, figure.end, figure.end + len(tail))
    # a gapped clause's date is its own count's (`totals.gapped`): "killed 16 in the market, and 22 in a separate raid"
    own_tail = tail if gap is None else tail[: gap - figure.end]
    if _EARLIER.search(told) or _EARLIER_AFTER.search(own_tail):
        return "earlier", "filter.background.relative"
    if _RUNNING_TOTAL.search(own):
        return "earlier", "filter.running_total"
    return None


def _claim_clause(own: str) -> str:
    """The figure's own clause for `filter.claim`: its sentence head after the last clause end before it."""
    ends = [m.end() for m in _CLAIM_CLAUSE_END.finditer(own)]
    return own[ends[-1] :] if ends else own


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")


def _other_day(
    current: list[CasualtyFigure],
    doc_text: str,
    places: Sequence[tuple[int, int, str]],
    sentences: Sequence[tuple[int, int]],
) -> list[CasualtyFigure]:
    """Current figures of another incident told by its day and place (rule `filter.background.other_day`).

    The news is the first current figure's sentence, when it names a weekday ("hit southern Iran on
    Sunday, killing at least 10"). A later figure whose sentence names only the day or two days before
    it and a place the news sentence does not name ("On Saturday, more than a dozen people were killed
    by a quake in eastern China") is an earlier incident told for context. A later day ("On Monday the
    toll rose to 12") is an update, and a sentence that names no place, or a place of the news, is the
    same incident.
    """
    if len(current) < 2 or not sentences:
        return []
    starts = [s0 for s0, _ in sentences]

    def index(at: int) -> int:
        return max(bisect_right(starts, at) - 1, 0)

    # Each sentence's weekdays and place names, read once: a run-on list of thousands of figures and
    # places must stay linear.
    named: dict[int, set[str]] = {}
    for a, b, name in places:
        i = index(a)
        if b <= sentences[i][1]:
            named.setdefault(i, set()).add(name.lower())
    days: dict[int, set[int]] = {}

    def days_of(i: int) -> set[int]:
        if i not in days:
            days[i] = {_WEEKDAYS.index(m.group(1)) for m in _WEEKDAY.finditer(doc_text, *sentences[i])}
        return days[i]

    news = index(current[0].start)
    news_days = days_of(news)
    if len(news_days) != 1:
        return []
    (news_day,) = news_days
    news_places = named.get(news, set())
    out = []
    for f in current[1:]:
        i = index(f.start)
        where = named.get(i, set())
        if i == news or not where or where & news_places:
            continue
        other = days_of(i)
        if other and {(news_day - d) % 7 for d in other} <= {1, 2}:
            out.append(f)
    return out


def figure_source(figure: CasualtyFigure, doc_text: str) -> str | None:
    """Who states a figure (rule `filter.source`): "unofficial", "official" or None.

    "unofficial": a paper, a group or bystanders, in the figure's own clause; "official": police,
    authorities, a hospital, in its sentence.

    The clause is read with closed parentheticals blanked, so "a report by the campaign (TAC) states
    that 49 have died" keeps its source, while "(the Post says three were injured)" is a clause of its own.
    """
    head = doc_text[max(figure.sentence_start, figure.start - _DATING_WINDOW) : figure.start]
    tail = doc_text[figure.end : figure.end + _TAIL]
    end = _CLAUSE_END.search(tail)
    tail = tail[: end.start()] if end else tail
    tail_clause = re.split(r"[;()]", tail, maxsplit=1)[0]
    if _UNOFFICIAL.search(_own_clause(head) + " " + tail_clause):
        return "unofficial"
    if _OFFICIAL.search(head + " " + tail):
        return "official"
    return None


def _is_perpetrator_group(figure: CasualtyFigure) -> bool:
    if not figure.group:
        return False
    head = figure.group.split()[-1].lower()
    return head in _PERPETRATORS or head.removesuffix("s") in _PERPETRATORS


def is_background_figure(figure: CasualtyFigure, doc_text: str) -> bool:
    """A figure about an earlier event or a statistic (`background_reason`)."""
    return background_reason(figure, doc_text) is not None


@dataclass(slots=True)
class TotalsTrace:
    """How the totals came about, for `--explain`: each count figure's fate and what each total summed.

    `fates[i]` = (fate, detail) for figure i: fate is one of "counted", "sub-group", "background",
    "claim", "statistic", "hypothetical", "illness", "superseded"; `totals[kind]` = (figure index or None,
    victim indices, how).
    """

    fates: dict[int, tuple[str, str]] = field(default_factory=dict)
    totals: dict[str, tuple[int | None, list[int], str]] = field(default_factory=dict)
    #: victim index -> the id of the filter that left the victim out of the totals
    left_out: dict[int, str] = field(default_factory=dict)


def _alive(figure: CasualtyFigure, dead: int) -> tuple[int, int | None]:
    """An injured figure less the `dead`, if it is a plain "shot" count ("two men were shot, one fatally")."""
    if dead and _HIT_ONLY.search(figure.text) and not _HARMED.search(figure.text):
        return (
            max(figure.count_min - dead, 0),
            max(figure.count_max - dead, 0) if figure.count_max is not None else None,
        )
    return figure.count_min, figure.count_max


def _counted(figure: CasualtyFigure, dead: int) -> tuple[int, int | None]:
    """The count the guide takes from a figure: a range counts its upper figure, like "up to".

    Guide rule 7 (the largest stated figure; "up to 5" = 5): "between three and nine" and "35-45" = 9 and 45,
    as both labelling passes read them. `_alive` first takes the dead out of a plain "shot" count.
    """
    low, high = _alive(figure, dead)
    return (high, high) if high is not None and high > low else (low, high)


_BOTH_START = re.compile(r"both\b", re.IGNORECASE)
_MEMBER_OF_COUNT = re.compile(alternation("cue.member_of_count"), re.IGNORECASE)
_LATER_DIED = led(re.compile(rf"\b(?:{alternation('cue.later_died')})\b", re.IGNORECASE))


def _wounded_died(
    best: CasualtyFigure, victims: Sequence[Victim], current: Sequence[CasualtyFigure], doc_text: str
) -> int:
    """The people of an injured count told dead later as one of them (`filter.wounded_died`, guide rule 2).

    "Two people were wounded … The 19-year-old victim died", "… One of them has died" = 1 killed, 1 injured:
    a killed victim first told, or a killed count of one, in a later sentence, by a definite phrase that
    refers back to the group ("the victim", "one of them") with a death verb. A victim told before the count,
    or introduced with "a", is not taken out of it.
    """
    if best.count_min < 2 or best.kind != "injured":
        return 0
    sentence_end = _CLAUSE_END.search(doc_text, best.end)
    after = sentence_end.end() if sentence_end else best.end
    spans = [(v.mentions[0].start, v.mentions[0].end, v.mentions[0].text) for v in victims if v.kind == "killed"]
    spans += [(f.start, f.end, f.text) for f in current if f.kind == "killed" and f.count_min == 1 == f.count_max]
    members: list[tuple[int, int]] = []
    for start, end, text in sorted(spans):
        if start < after or not _MEMBER_OF_COUNT.match(text) or not _LATER_DIED.search(text):
            continue
        if not any(a < end and start < b for a, b in members):  # a victim and its own count are one person
            members.append((start, end))
    return len(members)


def _later_died(current: Sequence[CasualtyFigure], victims: Sequence[Victim]) -> dict[int, int]:
    """Injured counts of one person who later died (`filter.later_died`): id(figure) -> the victim's index.

    Also "both" injured right after the two people last told were told dead: the wounds of the dead.

    Guide rule 2: "left a man in critical condition ... He later succumbed" is one killed, not also one
    injured. A count of one injured whose phrase is a mention of a victim resolved as killed is that victim,
    whatever the mention's own fate ("The victim was taken to the hospital, where he died" is a killed mention).
    """
    out: dict[int, int] = {}
    for f in current:
        if f.kind != "injured" or f.count_min != 1 or f.count_max != 1:
            continue
        for v, victim in enumerate(victims):
            if victim.kind == "killed" and any(m.start < f.end and f.start < m.end for m in victim.mentions):
                out[id(f)] = v
                break
    for f in current:
        # "The bodies of A and B were found. Both had suffered head injuries": the wounds of the two dead.
        if f.kind != "injured" or f.count_min != 2 or not _BOTH_START.match(f.text):
            continue
        before = sorted(((m.end, v) for v, victim in enumerate(victims) for m in victim.mentions if m.end <= f.start))
        last_two: list[int] = []
        for _end, v in reversed(before):
            if v not in last_two:
                last_two.append(v)
            if len(last_two) == 2:
                break
        if len(last_two) == 2 and all(victims[v].kind == "killed" for v in last_two) and f.start - before[-1][0] <= 300:
            out[id(f)] = last_two[0]
    return out


def casualty_totals(
    figures: Sequence[CasualtyFigure],
    doc_text: str,
    victims: Sequence[Victim] = (),
    fatal: bool = False,
    trace: TotalsTrace | None = None,
    places: Sequence[tuple[int, int, str]] = (),
    sentences: Sequence[tuple[int, int]] = (),
) -> dict[CasualtyKind, CasualtyTotal | None]:
    """Totals per kind (None where the article gives nothing of that kind); see the module docstring.

    `fatal`: the article calls its incident fatal ("a deadly shooting"); if no death is stated, the
    first victim only said to be "shot" is taken as the one who died. `trace`: filled for `--explain`.
    `sentences`: the (start, end) of every sentence, for the rule `filter.background.other_day`.
    """
    totals: dict[CasualtyKind, CasualtyTotal | None] = dict.fromkeys(CASUALTY_KINDS)
    current: list[CasualtyFigure] = []
    held: dict[str, list[CasualtyFigure]] = {
        "background": [],
        "earlier": [],
        "claim": [],
        "statistic": [],
        "hypothetical": [],
        "illness": [],
    }
    separate: list[CasualtyFigure] = []
    additional: set[int] = set()  # ids of the `separate` figures that add people (`totals.additional`)
    opened: set[int] = set()  # the sentences that open on an additional figure
    for i, f in enumerate(figures):
        if f.basis != "count":
            continue
        if f.part_of is not None:
            if trace is not None:
                trace.fates[i] = ("sub-group", f"part of figure {f.part_of}")
            continue
        if _separate_incident(f, doc_text):
            separate.append(f)
            continue
        fate = figure_fate(f, doc_text)
        if fate is None and _additional(f, current, doc_text, frozenset(opened)):
            separate.append(f)
            additional.add(id(f))
            opened.add(f.sentence_start)
            continue
        before = current[-1] if current else None
        if (
            fate is not None
            and fate[0] == "earlier"
            and before is not None
            and before.kind == f.kind
            and before.sentence_start == f.sentence_start
            and gapped(doc_text, before.end, f.start, f.end)
        ):
            # "killed 16 in the market, and 22 in a separate bombing": the gapped count shares the news verb of the
            # figure before it; its "separate bombing" is another incident of the news, summed (`totals.gapped`)
            fate = None
        if fate is not None:
            held[fate[0]].append(f)
            if trace is not None:
                trace.fates[i] = (fate[0] if fate[0] != "earlier" else "background", fate[1])
            continue
        current.append(f)
    other_day = _other_day(current, doc_text, places, sentences)
    if other_day:
        apart = {id(f) for f in other_day}
        current = [f for f in current if id(f) not in apart]
        held["earlier"].extend(other_day)
        if trace is not None:
            for i, f in enumerate(figures):
                if id(f) in apart:
                    trace.fates[i] = ("background", "filter.background.other_day")
    current, joined = join_coordinated(current, doc_text)
    follow_up = bool(_FOLLOW_UP.search(doc_text))
    victims = list(victims)
    later_died = _later_died([f for f in figures if f.basis == "count" and f.part_of is None], victims)
    natural = {id(v) for v in victims if v.kind == "killed" and _natural_death(v, doc_text)}
    ill_lead = _illness_lead(doc_text)
    patients = {id(v) for v in victims if v.kind == "injured" and _ill_victim(v, doc_text, ill_lead)}
    if trace is not None:
        trace.left_out.update({i: "filter.natural_death" for i, v in enumerate(victims) if id(v) in natural})
        trace.left_out.update({i: "filter.illness_victim" for i, v in enumerate(victims) if id(v) in patients})
    if (
        fatal
        and not any(v.kind == "killed" for v in victims)
        and not any(f.kind == "killed" and f.count_min for f in current)
    ):
        first = next((v for v in victims if v.hit_only), None)
        if first is not None:
            first.died = True
    killed_people = 0
    for kind in CASUALTY_KINDS:
        people = [v for v in victims if v.kind == kind and id(v) not in natural and id(v) not in patients]
        if kind == "injured" and killed_people:
            # People only said to be "shot" are among the dead while the stated toll has room for them.
            room = killed_people - sum(v.kind == "killed" for v in victims)
            for victim in [v for v in people if v.hit_only][: max(room, 0)]:
                people.remove(victim)
        pool = [f for f in current if f.kind == kind]
        if kind == "injured" and later_died:
            pool = [f for f in pool if id(f) not in later_died]
        sources = [figure_source(f, doc_text) for f in pool]
        if "official" in sources and "unofficial" in sources:
            # Guide rule 11: an official figure is preferred to a paper's or a group's report of the same kind.
            official_i = next(figures.index(f) for f, src in zip(pool, sources, strict=True) if src == "official")
            for f, src in zip(pool, sources, strict=True):
                if src == "unofficial" and trace is not None:
                    trace.fates[figures.index(f)] = ("superseded", f"by official figure {official_i}, filter.source")
            pool = [f for f, src in zip(pool, sources, strict=True) if src != "unofficial"]
        if not pool and not people:
            # Nothing stated for the news itself: the article's incident is the earlier one it tells
            # (an "on Sunday, in another province" figure and nothing else), or, in a follow-up story
            # (trial, funeral, arrest), the dated incident it is about. Claims and statistics never.
            pool = [f for f in held["earlier"] if f.kind == kind and id(f) not in later_died]
            # An obituary (its subject's death put down to natural causes, `filter.natural_death`) is no
            # follow-up story: its "funeral" is that death's, and a dated death it tells is the family's past.
            if not pool and follow_up and not natural:
                pool = [f for f in held["background"] if f.kind == kind and id(f) not in later_died]
            if trace is not None:
                for f in pool:
                    trace.fates[figures.index(f)] = ("counted", "the article states nothing newer")

        if trace is not None:
            for i, f in enumerate(figures):
                if id(f) in later_died and f.kind == kind:
                    trace.fates[i] = ("superseded", f"filter.later_died (victim {later_died[id(f)]} died)")
        dead = killed_people if kind == "injured" else 0
        best = max(pool, key=lambda f: (_counted(f, dead)[0], not f.approximate)) if pool else None
        count, count_max = _counted(best, dead) if best else (0, 0)
        died_of = 0
        if kind == "injured" and best is not None and (count, count_max) == (best.count_min, best.count_max):
            died_of = max(min(_wounded_died(best, victims, current, doc_text), count - 1), 0)
            count -= died_of
            count_max = count_max - died_of if count_max is not None else None
        approximate = best.approximate if best else False
        item_figures: dict[int, list[CasualtyFigure]] = {}
        items = _item_maxima(pool, doc_text, places, dead, people, item_figures)
        summed = len(items) > 1 and sum(items) > count
        if summed:
            # A round-up: separate items (lines) about different places are separate incidents, summed.
            count, count_max = sum(items), None
            approximate = approximate or any(f.approximate for f in pool)
        attackers = 0
        # In a round-up each item's toll has its own attackers ("A gunman kills three ... before being shot dead").
        tolls = [(figs, _item_toll(figs, dead)) for figs in item_figures.values()] if summed else [(pool, best)]
        for figs, toll in tolls:
            if kind == "killed" and toll is not None and not _is_perpetrator_group(toll):
                killed = _attackers_killed(figs, toll, doc_text, item=summed)
                attackers += killed or _agent_killed(toll, people, doc_text)
        count += attackers
        separate_tolls = _separate_tolls(separate, kind, dead, trace, figures, additional)
        if separate_tolls:
            count, count_max = count + sum(separate_tolls), None
            approximate = approximate or any(f.approximate for f in separate if f.kind == kind)
        if len(people) > count:
            approximate = approximate or (best is not None and best.count_min > 0)
            count, count_max = len(people), len(people)
        newcomers = _newcomers(pool, people, victims) if not summed else 0
        if newcomers and len(people) + newcomers > count:
            count, count_max = len(people) + newcomers, len(people) + newcomers
        if best is None and not people and not separate_tolls:
            continue
        if count == 0 and not people and not any(f.count_min == 0 for f in pool):
            continue  # the only figure was a "shot" count that the dead used up: nothing of this kind
        if kind == "killed":
            killed_people = count
        if trace is not None:
            _trace_kind(
                trace,
                kind,
                figures,
                pool,
                best,
                people,
                victims,
                count,
                dead,
                joined,
                attackers,
                summed,
                newcomers,
                doc_text,
            )
            if separate_tolls:
                best_i, ids, how = trace.totals[kind]
                added = " + ".join(map(str, separate_tolls))
                trace.totals[kind] = (best_i, ids, f"{how}; + {added} in separate incidents (totals.separate_incident)")
            if died_of:
                best_i, ids, how = trace.totals[kind]
                trace.totals[kind] = (best_i, ids, f"{how}, less {died_of} told dead later (filter.wounded_died)")
        named = tuple(dict.fromkeys(v.name for v in people if v.name))
        totals[kind] = CasualtyTotal(
            count, count_max, approximate, victims=named, perpetrators=sum(v.perpetrator for v in people)
        )
    return totals


def _separate_tolls(
    separate: list[CasualtyFigure],
    kind: CasualtyKind,
    dead: int,
    trace: TotalsTrace | None,
    figures: Sequence[CasualtyFigure],
    additional: set[int] | frozenset[int] = frozenset(),
) -> list[int]:
    """Each separate incident's toll of `kind` (its sentence's largest figure), to add to the total.

    `additional`: ids of figures that add people to the news incident's (`totals.additional`), added the same way.
    """
    by_sentence: dict[int, CasualtyFigure] = {}
    for f in separate:
        if f.kind != kind:
            continue
        held = by_sentence.get(f.sentence_start)
        if held is None or _counted(f, dead)[0] > _counted(held, dead)[0]:
            by_sentence[f.sentence_start] = f
    if trace is not None:
        for f in separate:
            if f.kind == kind:
                taken = by_sentence[f.sentence_start] is f
                detail = (
                    (
                        "more people of the counted kind, added (totals.additional)"
                        if id(f) in additional
                        else "a separate incident's toll, added (totals.separate_incident)"
                    )
                    if taken
                    else "by its sentence's toll"
                )
                trace.fates[figures.index(f)] = ("counted" if taken else "superseded", detail)
    return [_counted(f, dead)[0] for f in by_sentence.values()]


def _item_maxima(
    pool: list[CasualtyFigure],
    doc_text: str,
    places: Sequence[tuple[int, int, str]],
    dead: int,
    people: Sequence[Victim] = (),
    figures_of: dict[int, list[CasualtyFigure]] | None = None,
) -> list[int]:
    """The people of each round-up item: a line that names a place no earlier line named.

    Earlier lines may have named its country ("Minneapolis, Minnesota, United States" and "West
    Bloomfield, Michigan, United States" are two items); a place below the country that an earlier
    line named makes the line part of that item.

    Per item, the larger of its largest figure and the distinct victims first told on it (an item
    may name its one victim and state no count: "Nicholas Dale, a pilot, was killed ...").
    Figures on a line naming no new place belong to the item before them (an update, a restatement).
    `figures_of`, when given, is filled with each item's figures (each item's toll has its own attackers).
    A line that names no place at all is placed by its nationality adjectives ("A Colombian court
    sentences ... for the assassination of Senator X": Colombia).
    """
    if len(pool) + len(people) < 2 or not places:
        return []
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", doc_text)]
    seen: set[str] = set()
    item_of_line: dict[int, int] = {}
    item = -1
    by_line: dict[int, set[str]] = {}
    for start, _end, name in places:
        line = bisect_right(line_starts, start) - 1
        by_line.setdefault(line, set()).add(name.lower())
    for line in range(len(line_starts)):
        names = by_line.get(line, set()) or _countries_by_demonym(doc_text, line_starts, line)
        if names and not (names & seen) - _COUNTRIES and names - seen:
            item += 1  # a country two items share ("..., Michigan, United States") does not join them
        seen |= names
        item_of_line[line] = max(item, 0)
    maxima: dict[int, int] = {}
    for f in pool:
        k = item_of_line[bisect_right(line_starts, f.start) - 1]
        maxima[k] = max(maxima.get(k, 0), _counted(f, dead)[0])
        if figures_of is not None:
            figures_of.setdefault(k, []).append(f)
    described: dict[int, int] = {}
    for v in people:
        k = item_of_line[bisect_right(line_starts, v.mentions[0].start) - 1]
        described[k] = described.get(k, 0) + 1
    for k, n in described.items():
        maxima[k] = max(maxima.get(k, 0), n)
    return list(maxima.values())


#: The countries a nationality adjective stands for ("Colombian" -> colombia; "American" -> united states,
#: us, u.s., america), to tell a round-up item that names no place ("A Colombian court sentences ...").
_DEMONYM_COUNTRIES: dict[str, set[str]] = {
    form: {country.lower() for country in countries} for form, countries in DEMONYM_COUNTRIES.items()
}
#: Led by its first capitals and the trie of its heads (`led`): a case-sensitive alternation of ~280 words has
#: no first-character skip either (measured 10x faster over the corpora's texts, the same matches).
_DEMONYM = led(
    re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _DEMONYM_COUNTRIES), key=len, reverse=True)) + r")\b")
)


_COUNTRIES = frozenset(country.lower() for country in COUNTRY_DEMONYMS)


#: A country's name where the place tagger found no place: inside an organisation's name ("The Afghanistan
#: National Disaster Management Authority reports 77 deaths"), the item's country all the same.
_COUNTRY_NAME = led(
    re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, COUNTRY_DEMONYMS), key=len, reverse=True)) + r")\b")
)


def _countries_by_demonym(doc_text: str, line_starts: list[int], line: int) -> set[str]:
    """The countries of the nationality adjectives (`_DEMONYM_COUNTRIES`) and country names on a line."""
    end = line_starts[line + 1] if line + 1 < len(line_starts) else len(doc_text)
    out: set[str] = set()
    for m in _DEMONYM.finditer(doc_text, line_starts[line], end):
        out |= _DEMONYM_COUNTRIES[m.group()]
    for m in _COUNTRY_NAME.finditer(doc_text, line_starts[line], end):
        out.add(m.group().lower())
    return out


#: An indefinite description: a person the text introduces ("a female employee was treated", "another man").
_INDEFINITE = re.compile(r"(?:an?|another)\s", re.IGNORECASE)


def _newcomers(pool: list[CasualtyFigure], people: Sequence[Victim], victims: Sequence[Victim]) -> int:
    """People a singular figure introduces after a named victim of the same kind (rule `totals.newcomer`).

    "Chief Scott Rudd was injured. A female employee was treated at a hospital": an indefinite description
    after a victim was named is a new person (a text never refers back to a named victim as "a ..."), so
    she is added to the victims. Before the name ("A man was shot dead. John Ray, 23, died") it is the
    victim introduced; after a described victim only ("Man shot" in a headline, "a man was shot" in the
    body) it may be a restatement; a phrase a victim rule already read is that victim.
    """
    named = [m.start for v in people for m in v.mentions if m.name]
    if not named:
        return 0  # a described victim ("Man shot" in a headline) is restated as "a man" in the body
    first = min(named)
    mentions = [(m.start, m.end) for v in victims for m in v.mentions]
    return sum(
        1
        for f in pool
        if f.count_min == 1
        and f.start > first
        and _INDEFINITE.match(f.text)
        and not any(start < f.end and f.start < end for start, end in mentions)
    )


def _item_toll(figures: list[CasualtyFigure], dead: int) -> CasualtyFigure:
    """A round-up item's toll: its largest figure of victims ("15 of the attackers were killed" is not one)."""
    victims = [f for f in figures if not _is_perpetrator_group(f)] or figures
    return max(victims, key=lambda f: _alive(f, dead)[0])


def _attackers_killed(pool: list[CasualtyFigure], best: CasualtyFigure, doc_text: str, item: bool = False) -> int:
    """Attackers killed beside the victims' toll: "Three attackers were also killed", "blew himself up".

    `item`: the toll is a round-up item's, so "blew himself up" and "killed himself" are read on its own line only.
    """
    sentence = doc_text[best.sentence_start : best.end + _TAIL]
    if item:
        line_start = doc_text.rfind("\n", 0, best.start) + 1
        line_end = doc_text.find("\n", best.end)
        doc_text = doc_text[line_start : line_end if line_end >= 0 else len(doc_text)]
    if _INCLUDING_ATTACKER.search(sentence) or "suicide" in best.text.lower():
        return 0  # "including the bomber"; "a murder-suicide" = 2 holds the killer
    attackers = sum(f.count_min for f in pool if f is not best and _is_perpetrator_group(f))
    if not attackers and _ATTACKERS_THEMSELVES.search(sentence):
        return _attackers_counted(doc_text, best.sentence_start, best.start) or _ATTACKERS_PLURAL
    # A round-up item's line is its own short story: "Two judges are killed ... The perpetrator then kills himself"
    # adds him like a suicide told in the toll's sentence (`totals.item_suicide`, cas40).
    if not attackers and (_ATTACKER_DIED.search(doc_text) or _ATTACKER_SUICIDE.search(doc_text if item else sentence)):
        attackers = 1
    return attackers


def _attackers_counted(doc_text: str, start: int, end: int) -> int:
    """The attackers' count before a toll in its sentence: "Two suicide bombers ... killing 31 and themselves"."""
    for match in QUANTITY.finditer(doc_text, start, end):
        quantity = parse_quantity(match)
        if quantity is not None and not quantity.vague and _ATTACKER_NOUN.match(doc_text, match.end(), end):
            return quantity.value
    return 0


#: A toll's subject named by a perpetrator's role right before its verb ("The gunman had killed| two
#: customers"), in the toll's own sentence (`totals.agent_named`).
_PERPETRATOR_AGENT = re.compile(
    rf"\b(?:the|this)\s+(?:[\w'’-]+\s+)?{alternation('person.perpetrator')}\s+"
    r"(?:had\s+|has\s+|allegedly\s+|reportedly\s+|already\s+|earlier\s+)*$",
    re.IGNORECASE,
)
#: How far before a toll its agent's mention may end: "The gunman killed| four people" (a few words).
_AGENT_GAP = 12


def _agent_killed(best: CasualtyFigure, people: Sequence[Victim], doc_text: str) -> int:
    """Perpetrators who did the toll's killing and died themselves (`totals.agent_killed`, guide rule 11).

    "A gunman killed four people ... He was shot dead by police" is five dead: the gunman is the toll's
    agent (his mention ends just before the figure, or on its verb), so he is not among the four. His own death must be
    told by another mention, not the agent's clause read as a headline ("Gunman killed").
    """
    extra = 0
    for victim in people:
        if not victim.perpetrator:
            continue
        agent = [
            m
            for m in victim.mentions
            if m.sentence_start == best.sentence_start
            and m.start < best.start
            and best.start - _AGENT_GAP <= m.end <= best.end  # the verb may be the figure's own ("killed four")
            and not doc_text[m.end : best.start].strip(" ,").lower().startswith(("and", "or"))
        ]
        if agent and any(m.kind == "killed" and m not in agent for m in victim.mentions):
            extra += 1
        elif (
            not agent
            and _PERPETRATOR_AGENT.search(doc_text, best.sentence_start, best.start)
            and all(m.sentence_start != best.sentence_start and m.kind == "killed" for m in victim.mentions)
        ):
            # "Police shot dead a man who opened fire. The gunman had killed two customers" (rule
            # `totals.agent_named`): the toll's subject is the perpetrator by his role, told dead in another
            # sentence; he is not one of his own victims.
            extra += 1
    return extra


def _trace_kind(
    trace: TotalsTrace,
    kind: CasualtyKind,
    figures: Sequence[CasualtyFigure],
    pool: list[CasualtyFigure],
    best: CasualtyFigure | None,
    people: list[Victim],
    victims: Sequence[Victim],
    count: int,
    dead: int,
    joined: dict[int, list[CasualtyFigure]],
    attackers: int,
    summed: bool,
    newcomers: int = 0,
    doc_text: str = "",
) -> None:
    index = {id(f): i for i, f in enumerate(figures)}
    for key, parts in joined.items():
        index[key] = index[id(parts[0])]
        for prev, part in zip(parts, parts[1:], strict=False):
            gap_is_and = _COORDINATED_GAP.fullmatch(doc_text, prev.end, part.start) is not None
            how = "coordinated by 'and'" if gap_is_and else "totals.others"
            trace.fates[index[id(part)]] = ("counted", f"summed with figure {index[key]} ({how})")
    best_i = index[id(best)] if best is not None else None
    for f in pool:
        i = index[id(f)]
        if f is best:
            note = "the largest current figure"
            if dead and _alive(f, dead)[0] != f.count_min:
                note += f", less the {dead} killed (a 'shot' count holds the dead)"
            trace.fates[i] = ("counted", note)
        else:
            trace.fates[i] = ("superseded", f"by figure {best_i}")
    victim_ids = [victims.index(v) for v in people]
    stated = _counted(best, dead)[0] if best is not None else None
    if newcomers and count == len(people) + newcomers:
        how = (
            f"{len(people)} distinct victims described + {newcomers} people introduced after them "
            "('a ...', 'another ...': rule totals.newcomer)"
        )
    elif stated is not None and len(people) > stated:
        how = f"{len(people)} distinct victims described, more than figure {best_i} states ({stated})"
    elif summed:
        how = (
            "round-up items summed (each item's largest figure or its victims)"
            + (f"; figure {best_i} ({stated}) is one" if best_i is not None else "")
            + (f"; + {attackers} attackers killed" if attackers else "")
        )
    elif stated is not None:
        how = (
            f"figure {best_i} ({stated})"
            + (f" + {attackers} attackers killed" if attackers else "")
            + (f"; the {len(people)} victims described are among them" if people else "")
        )
    else:
        how = f"{len(people)} distinct victims described, no count stated"
    trace.totals[kind] = (best_i, victim_ids, f"{count} = {how}")


__all__ = ["TotalsTrace", "background_reason", "casualty_totals", "is_background_figure"]
