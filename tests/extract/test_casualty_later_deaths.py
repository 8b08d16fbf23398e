"""Language of one person told twice and of the wounded who later died, from GVDB crowd misses (issue 18, cas29).

One hand-written passage per class of language; each case names the lexicon id or rule it protects.
The passages are invented (names and places too); none is taken from a labelled or shared set.
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("rule", "body", "want"),
    [
        # filter.wounded_died (cue.member_of_count): one of a wounded count told dead later is killed only
        (
            "filter.wounded_died",
            "Three people were wounded late Friday outside a bar in Tarrow. Officers said all three were taken to "
            "a hospital. The 41-year-old victim died there on Saturday.",
            (1, 2),
        ),
        (
            "filter.wounded_died",
            "Two men were wounded in a stabbing at a Tarrow bus stop. One of them has died, police said on Monday.",
            (1, 1),
        ),
        # not a member of the count: a person introduced with "a" is someone else
        (
            "filter.wounded_died",
            "Two men were wounded in a stabbing at a Tarrow bus stop. A woman was found dead in a house nearby.",
            (1, 2),
        ),
        # victim.subject.described: an apposition that places the person in a group may be long
        (
            "victim.subject.described",
            "A 40-year-old woman, one of the people hit by gunfire at a block party in east Tarrow on Sunday, has "
            "died.",
            (1, None),
        ),
        # victim.subject.described: a described victim's apposed age ("The other victim, a 22-year-old man") is
        # theirs, so two people of different ages stay two; "treated at a hospital for wounds" is an injury
        (
            "victim.subject.described",
            "A 35-year-old man was killed in a shooting in Tarrow. The second victim, a 22-year-old man, was "
            "treated at a local hospital for wounds to the leg.",
            (1, 1),
        ),
    ],
)
def test_later_deaths_language(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule


def test_pronoun_refers_to_the_person_last_told(extractor: Extractor) -> None:
    """A pronoun is the person last told, not the person last introduced (`VictimRules.resolve`)."""
    body = (
        "Officer Dale Pruitt was shot by a suspect who was later killed by police. Pruitt was taken to a "
        "hospital in critical condition. He died there on Tuesday."
    )
    assert _totals(extractor, body) == (2, None)


@pytest.mark.parametrize(
    ("body", "title", "want"),
    [
        # "another" after an agent's fate verb sets the victim apart from the agent: one man killed
        (
            "A 41-year-old Tarrow man is charged with murder after police say he shot and killed another man "
            "outside a diner. Pell allegedly shot 62-year-old Owen Marsh in the chest.",
            "Man shot and killed outside diner",
            (1, None),
        ),
        # after another victim in the clause, "another" is a second person
        (
            "Police say the gunman shot a woman in the leg and then shot another woman in the arm near a Tarrow diner.",
            None,
            (None, 2),
        ),
    ],
)
def test_another_after_an_agent(
    extractor: Extractor, body: str, title: str | None, want: tuple[int | None, int | None]
) -> None:
    assert _totals(extractor, body, title) == want
