"""Language of US local news pages behind the GVDB crowd-label misses (issue 18, cas27).

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
        # cue.fatal_incident: the incident is called fatal, so the one victim only said to be "shot" died
        (
            "cue.fatal_incident",
            "A shooting death is under investigation in Tarrow. Police said the victim had been shot in the chest.",
            (1, None),
        ),
        (
            "cue.fatal_incident",
            "A hunter shot his brother with a rifle near Tarrow Creek. Deputies reached the site and confirmed the "
            "fatality.",
            (1, None),
        ),
        (
            "cue.fatal_incident",
            "Police were called after a man's body was found behind a store. The man had been shot twice.",
            (1, None),
        ),
        # victim.subject.named: a victim's town is told with its state between commas
        (
            "victim.subject.named",
            "Deputies say a man was found shot behind a gas station. Dorian Pell, 31, of Tarrow, Ohio, was later "
            "pronounced dead at a hospital.",
            (1, None),
        ),
        # fate.injured.wound: "<N> of the victims had gunshot wounds" is a count of injured
        (
            "fate.injured.wound",
            "Officers found three teens at the corner. Two of the victims had gunshot wounds to the legs, the "
            "third was not hit.",
            (None, 2),
        ),
        # count.elided: "one man dead and another with life-threatening injuries" = 1 killed, 1 injured
        (
            "count.elided",
            "A shooting on Friday night in Tarrow left one man dead and another with life-threatening injuries.",
            (1, 1),
        ),
        # person.noun: police say "a 30-year-old male"; "a citizen" beside an officer
        (
            "person.noun",
            "Police said a 30-year-old male was shot in the arm near Tarrow Avenue.",
            (None, 1),
        ),
        (
            "person.noun",
            "Police say an officer and a citizen were injured in a shooting at a Tarrow shop.",
            (None, 2),
        ),
    ],
)
def test_local_misses_language(extractor: Extractor, rule: str, body: str, want: tuple[int | None, int | None]) -> None:
    assert _totals(extractor, body) == want, rule
