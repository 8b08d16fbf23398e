"""The vote table's dispatch: rules a text cannot fire are not asked, and answers asked once per text are reused.

Speed only (speed38): each test pins that the shortcut gives the answers of the full loop. Short
hand-written passages only (no corpus text).
"""

from __future__ import annotations

import re

from service.extract import Extractor
from service.extract.gazetteer import Geocoder
from service.extract.ner.lexicon import NOT_A_NAME, org_key
from service.extract.ner.spans import Candidate, looks_like_name
from service.extract.ner.votes import RULES, Context, Rule, Voter, acronym_defined_by_phrase

#: Passages where each rule with `needs` holds for some name, and others where its word is missing.
PASSAGES = (
    "Thunder Snow, ridden by Christophe Soumillon, won. The Godolphin-ridden Benbatl was second.",
    "Pilots of the Boeing 737 Max and the Airbus A320 Neo were told. Flooding hit Becker, Clay and Otter "
    "Tail counties and Acadia and Vermilion parishes on Sunday.",
    "Imports of liquefied natural gas (LNG) rose; the first LNG tanker and two improvised explosive devices "
    "(IEDs) were found.",
    "Luxury brands Gucci, Chloe and Loewe cut prices, and companies like Airbnb and Booking.com agreed.",
    "All ten climbers, including Ann Lee, were found. Nine activists, among them Omar Diaz and Sara Kim, left.",
    "DAYTON, Ohio -- Police said on Monday. CUMBERLAND, Ind. (AP) — A fire broke out.",
    "Born March 3, 1961 Jane Doe ???Janie??? Smith, a nurse, was last seen.",
    "Mary Ellen Cole and the Houthis met Malik in Springfield, where the Avian Flu Trust and IEDs are based.",
)


def _contexts(voter: Voter, text: str) -> list[Context]:
    names = r"[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*"
    spans = {m.span() for m in re.finditer(names, text)} | {m.span() for m in re.finditer(r"[A-Z][\w'’.-]*", text)}
    return [
        Context(voter, Candidate(start, end, text[start:end]), label, text)
        for start, end in sorted(spans)
        for label in ("person", "org", "place", "norp")
    ]


def test_a_rule_holds_only_where_the_text_has_what_it_declares_it_needs(extractor: Extractor) -> None:
    # `Rule.needs` lets the Voter skip a rule for a whole text: its test must never hold without a match of it.
    voter = extractor.entities.finder.voter
    needy = [rule for rule in RULES if rule.needs is not None]
    assert {r.name for r in needy} >= {"racehorse", "model_after_number", "county_list", "acronym_of_phrase"}
    fired: set[str] = set()
    for text in PASSAGES:
        for context in _contexts(voter, text):
            for rule in needy:
                if rule.test(context):
                    assert rule.needs is not None and rule.needs.search(text), (rule.name, context.mention.form)
                    fired.add(rule.name)
    assert fired == {r.name for r in needy}  # every declaration is tested on a text where its rule holds


def test_the_voter_skips_a_rule_whose_needs_the_text_lacks(extractor: Extractor) -> None:
    asked: list[str] = []

    def recorded(c: Context) -> bool:
        asked.append(c.text)
        return True

    rules = (Rule("ridden_only", NOT_A_NAME, 3.0, recorded, needs=re.compile("ridden")),)
    voter = Voter(extractor.geocoder, rules)
    for text in ("Smith won the race.", "Smith, ridden by Jones, won."):
        mention = Candidate(0, 5, "Smith")
        voter.vote(mention, "person", text)
        assert [rule for rule, *_ in mention.fired] == ["spacy_label"] + ["ridden_only"] * ("ridden" in text)
    assert asked == ["Smith, ridden by Jones, won."]


def test_a_text_without_what_the_rules_need_gets_the_votes_of_the_full_table(extractor: Extractor) -> None:
    # The same passages voted with every rule asked (no `needs`) and with the dispatch: the same votes.
    geocoder: Geocoder = extractor.geocoder
    undeclared = tuple(Rule(r.name, r.label, r.weight, r.test, r.never_on) for r in RULES)
    full, dispatched = Voter(geocoder, undeclared), Voter(geocoder, RULES)
    for text in PASSAGES + ("A quiet day in Springfield, Mayor Ann Lee said.",):
        for context in _contexts(full, text):
            a = Candidate(context.mention.start, context.mention.end, context.mention.form)
            b = Candidate(context.mention.start, context.mention.end, context.mention.form)
            full.vote(a, context.label, text)
            dispatched.vote(b, context.label, text)
            assert (a.votes, a.fired) == (b.votes, b.fired)


def test_an_acronym_definition_is_looked_up_once_per_text_with_the_same_answer(extractor: Extractor) -> None:
    voter = Voter(extractor.geocoder)
    text = PASSAGES[2]
    assert voter.acronym_of_phrase(text, "LNG") and voter.acronym_of_phrase(text, "IED")
    assert not voter.acronym_of_phrase(text, "NATO")
    assert voter._acronyms == {"LNG": True, "IED": True, "NATO": False}
    other = "The LNG tanker docked."
    assert voter.acronym_of_phrase(other, "LNG") is acronym_defined_by_phrase(other, "LNG") is False
    assert voter._acronyms == {"LNG": False}  # a new text, a new table


def test_cached_name_tests_answer_as_before() -> None:
    assert looks_like_name("Ann Lee") and not looks_like_name("the Houthis") and not looks_like_name("A B C D E")
    assert org_key("The Kurdistan Workers’ Party") == "kurdistan workers party"
    assert org_key("al-Qaeda") == "al qaeda"


def test_the_org_noun_before_a_name_is_found_from_where_a_match_can_start(extractor: Extractor) -> None:
    # `_org_noun_before` searches the last `ORG_BEFORE_REACH` characters before the trailing whitespace only: the
    # reach must cover the pattern's longest word, and the answer must be the full search's on every text.
    import random

    from service.extract.ner.lexicon import ORG_BEFORE
    from service.extract.ner.votes import ORG_BEFORE_REACH, _org_noun_before

    inner = re.sub(r"^\(\?=\[\w+\]\)", "", ORG_BEFORE.pattern)
    words = re.findall(r"[a-z]+", re.sub(r"\(\?<!.*?\)|\\[sb]", "", inner))
    assert "conglomerate" in words and max(len(w) for w in words) == ORG_BEFORE_REACH
    voter = extractor.entities.finder.voter
    pieces = ["the", "Broadcaster", "group", "firm", "aircraft", "carrier", "conglomerate", "x", "Reuters", ",", "("]
    spaces = [" ", "  ", "\n", " \n", " " * 40, "\t", "\u00a0"]
    rng = random.Random(38)
    befores = ["", " ", "the daily ", "the daily\n", "aircraft carrier ", "LNG carrier ", "flag carrier ", "xdaily "]
    for _ in range(3000):
        befores.append("".join(rng.choice(pieces) + rng.choice(spaces) for _ in range(rng.randint(1, 6)))[-40:])
    for before in befores:
        text = before + "Acme"
        context = Context(voter, Candidate(len(before), len(text), "Acme"), "person", text)
        assert context.before == before[-40:]
        assert _org_noun_before(context) == bool(ORG_BEFORE.search(context.before)), repr(before)
