"""A nationality word standing for one person ("a Palestinian was killed"): lexicon `person.nationality`.

Conflict wire copy names a victim by nationality alone, with no noun after it; `count.singular_right` and
`count.singular_left` read it like "a soldier". It must be capitalised and, as a fate verb's object, end its
phrase, so a modifier ("a Palestinian teenager", "an American company") or a lower-case word ("a pole") is not
one. The passages are invented (names and towns too).
"""

from __future__ import annotations

import pytest

from service.extract import Extractor
from tests.support.casualties import totals as _totals


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ("A Palestinian was killed and two Israelis were wounded in clashes near Tarsha on Tuesday.", (1, 2)),
        ("An Afghan is wounded when a roadside bomb explodes in Orlan province.", (None, 1)),
        ("Troops shot and killed a Palestinian in Varno on Monday, the health ministry said.", (1, None)),
        ("A 23-year-old Iraqi was killed by a sniper in Tarrow, police said.", (1, None)),
        # the word before a noun is a modifier: the noun is the person, counted once
        ("Gunmen killed a Palestinian teenager and wounded an Israeli soldier near Tarsha.", (1, 1)),
        # precision: no person, or no fate
        ("A Palestinian official said the talks had been killed by the new settlement plan.", (None, None)),
        ("A utility pole was struck by a truck on Route 9. An American company was hurt by the tariffs.", (None, None)),
        ("A German shepherd was killed by a car on Main Street, its owner said.", (None, None)),
    ],
)
def test_a_nationality_word_alone_is_one_person(extractor: Extractor, body: str, want: tuple) -> None:
    assert _totals(extractor, body) == want
