"""Page normalisation: scraper artefacts blanked or recased, every offset still the body's."""

from __future__ import annotations

import pytest

from service.extract.boilerplate import CREDIT_RULES, boilerplate_spans, credit_spans
from service.extract.page import normalise, split_tokens


def _is_place(word: str) -> bool:
    return word.lower() in {"boise", "lexington", "springfield", "idaho"}


def test_title_bar_branding_is_blanked_and_the_glued_body_starts_a_token() -> None:
    title = "Man hurt in crash | KXYZ News - Weather, Sports | KXYZ"
    body = title + "BOISE, Idaho (KXYZ) — A man was hurt on Friday."
    page = normalise(body, title, _is_place)
    assert len(page.text) == len(body)
    assert page.text.startswith("Man hurt in crash ")
    assert "KXYZ" not in page.text and "Weather" not in page.text
    assert "Boise, Idaho" in page.text  # the ALL-CAPS dateline reads as a name
    assert page.text.index("Boise") == body.index("BOISE")


def test_a_title_without_branding_glued_to_the_body_is_a_token_break() -> None:
    title = "Man shot while walking in Ceres neighborhood"
    body = title + "A 20-year-old man was shot, police said."
    page = normalise(body, title)
    assert page.breaks == (len(title),)
    assert page.text == body


def test_glued_publisher_words_split_before_a_name_or_a_dateline() -> None:
    body = "Valley Herald-NewsSpringfield police said TimesMaria Lopez was hurt. WTVQ8LEXINGTON, Ky. — Police said."
    page = normalise(body, None, _is_place)
    assert body.index("Springfield") in page.breaks
    assert body.index("Maria") in page.breaks
    assert body.index("LEXINGTON") in page.breaks
    plain = normalise("McDonald met the YouTube chief in iPhone town.", None, _is_place)
    assert plain.breaks == ()


def test_split_tokens_keeps_the_text_and_cuts_at_breaks(extractor) -> None:
    text = "TimesMaria Lopez was hurt."
    doc = split_tokens(extractor.nlp.make_doc(text), (5,), extractor.nlp.vocab)
    assert doc.text == text
    assert [t.text for t in doc][:3] == ["Times", "Maria", "Lopez"]


def test_call_letters_in_a_dateline_are_blanked_but_a_wire_credit_stays() -> None:
    body = "HOLLY HILL, S.C. (WCIV) -- Deputies arrested a man. CHICAGO (AP) — Two men were hurt."
    page = normalise(body)
    assert "Holly Hill, S.C." in page.text and "WCIV" not in page.text
    assert "Chicago (AP)" in page.text


def test_title_case_headline_words_the_body_writes_in_lower_case_are_lowered() -> None:
    title = "Downers Grove Man Arrested For Shooting At Darien Walmart"
    body = title + "A Downers Grove man was arrested after a shooting at a Walmart in Darien."
    page = normalise(body, title)
    assert page.text.startswith("Downers Grove man arrested for shooting at Darien Walmart")


def test_a_headline_index_of_other_stories_is_blanked() -> None:
    title = "NY News - ObserverToday.com"
    body = (
        title + "December 5, 2015 NEW YORK (AP) — The mayor spoke. more »» page: | 1 | 2 | 3 | Search | "
        "December 4, 2015 ALBANY (AP) — A bill passed. more »»"
    )
    page = normalise(body, title)
    assert page.text.strip() == ""


def test_copyright_footer_of_a_one_paragraph_page_is_blanked_to_its_end() -> None:
    article = "BIRMINGHAM, Alabama — Authorities say a woman shot a man who abducted her near Birmingham. " * 3
    body = article + (
        "Story copyright 2015 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed."
    )
    spans = boilerplate_spans(body)
    assert spans == [(len(article), len(body))]


def test_self_promotion_and_comment_prompts_are_blanked_sentence_by_sentence() -> None:
    body = (
        "A man was shot in Dayton on Sunday, police said. Watch for updates on abc13.com and Eyewitness News. "
        "The victim is in stable condition."
    )
    page = normalise(body)
    assert "Eyewitness" not in page.text and "Dayton" in page.text and "stable condition" in page.text


def test_a_teaser_cut_mid_word_after_the_articles_phone_line_is_blanked() -> None:
    article = (
        "A man was shot on Cadillac Drive in Ceres, police said. Anyone with information should call "
        "the Ceres Police Department at 209-538-5616. "
    )
    teaser = (
        "Maria Alvarez stepped up the pressure on John Barker Wednesday in Vermont. \"I'm ready for the "
        "debate and I hope Sen. Bark..."
    )
    page = normalise(article + teaser)
    assert page.text.startswith(article.rstrip())
    assert page.text[len(article) :].strip() == ""
    cut_only = normalise("A man was hurt in Ceres on Sunday. Another story begins here with a cut wo... The end.")
    assert "Ceres" in cut_only.text and "Another story" not in cut_only.text and "The end." in cut_only.text


_STORY = "A man was hurt in a crash on the A120 near Coggeshall on Thursday, police said. "
#: One hand-written page per credit rule: (rule id, body, the credit it must blank, exactly).
_CREDITS = [
    ("credit.photo", _STORY + "(Image: Jane Doe) The road was closed.", "(Image: Jane Doe)"),
    ("credit.photo.agency", _STORY + "Ana Ruiz AP Photo. The road was closed.", "Ana Ruiz AP Photo"),
    ("credit.photo.agency", _STORY + "Picture: Jane Doe/Reuters. The road was closed.", "Picture: Jane Doe/Reuters"),
    ("credit.photo.agency", _STORY + "Photo by J. R. Smith\nThe road was closed.", "Photo by J. R. Smith"),
    (
        "credit.contributed",
        _STORY + "Associated Press writer Jane Doe in Lagos contributed to this report.",
        "Associated Press writer Jane Doe in Lagos contributed to this report.",
    ),
    (
        "credit.contributed",
        _STORY + "Tribune reporters Ann Lee and Bo Diaz contributed.",
        "Tribune reporters Ann Lee and Bo Diaz contributed.",
    ),
    (
        "credit.reporting_by",
        _STORY + "(Reporting by Jane Doe; Editing by Sam Roe)",
        "(Reporting by Jane Doe; Editing by Sam Roe)",
    ),
    (
        "credit.reporting_by",
        _STORY + "Written by Jane Doe, Editing by Sam Roe.",
        "Written by Jane Doe, Editing by Sam Roe.",
    ),
    (
        "credit.contact.reach",
        _STORY + "Reach Jane Doe on Twitter at @janedoe. The road reopened.",
        "Reach Jane Doe on Twitter at @janedoe. ",
    ),
    (
        "credit.contact.reachable",
        _STORY + "Jane Doe can be reached at jdoe@example.com",
        "Jane Doe can be reached at jdoe@example.com",
    ),
    (
        "credit.bio.column",
        _STORY + "Jane Doe writes the Open Roads column for the Valley Post. She can be contacted at",
        "Jane Doe writes the Open Roads column for the Valley Post. ",
    ),
    ("credit.signature", _STORY + "The road reopened at 2pm. JANE MARIE DOE.", "JANE MARIE DOE."),
    ("credit.reported_from", _STORY + "The road reopened at 2pm. Doe reported from Lagos.", "Doe"),
    (
        "credit.bio.box",
        _STORY + "\n\nJANE DOE With a decade of reporting behind her, Jane Doe has been with Valley FM since 2014.",
        "JANE DOE With a decade of reporting behind her, Jane Doe has been with Valley FM since 2014.",
    ),
    ("credit.byline.place", "Jane Doe, Owerri. " + _STORY, "Jane Doe"),
]


@pytest.mark.parametrize(("rule_id", "body", "credit"), _CREDITS, ids=[c[0] for c in _CREDITS])
def test_a_credit_is_blanked_exactly_and_the_story_stays(rule_id: str, body: str, credit: str) -> None:
    found = [(rid, body[a:b]) for rid, a, b in credit_spans(body)]
    assert (rule_id, credit) in found
    page = normalise(body)
    assert len(page.text) == len(body)
    assert "Coggeshall" in page.text and credit.strip() not in page.text


def test_every_credit_rule_has_an_example() -> None:
    assert {rule.id for rule in CREDIT_RULES} == {rule_id for rule_id, _, _ in _CREDITS}


@pytest.mark.parametrize(
    "body",
    [
        _STORY + "Heavy rain and poor visibility contributed to the crash.",  # a cause, not a credit
        _STORY + "Contact Det. Ana Ramos at 555-123-4567 or email aramos@city.gov.",  # a tip line is the story's
        _STORY + "Detective Ana Ramos can be reached at 555-123-4567.",
        "Jane Doe is a reporter for the Valley Post who was hurt in the crash. " + _STORY * 5,  # not at the end
        _STORY + "The FBI and the ATF said the NYPD would help. Officials said it was over.",  # capitals mid-page
        "Boko Haram fighters attacked Maiduguri, officials said. " + _STORY,  # a sentence, not a byline
        _STORY + "\n\nNEW YORK Police said Jane Doe was not hurt.",  # a dateline, no bio naming itself
        _STORY + "Photos of the crash were shared by Jane Doe, a witness.",  # no credit's shape
    ],
)
def test_article_text_shaped_like_a_credit_stays(body: str) -> None:
    assert credit_spans(body) == []


def test_an_about_our_editorials_box_is_blanked_to_the_end_of_its_paragraph() -> None:
    body = (
        "The county should fund its shelters, and the council should say so this week.\n\nAbout our editorials: "
        "Editorials are the institutional voice of Valley Post. Members of the editorial board are Jane Doe and "
        "Sam Roe."
    )
    page = normalise(body)
    assert "shelters" in page.text and "Jane Doe" not in page.text and "Valley Post" not in page.text


def test_a_paragraph_closing_on_labelled_headlines_of_other_stories_is_blanked_from_the_first_label() -> None:
    article = "A man was shot in Bluefield on Sunday, police said. He is in stable condition. "
    teasers = "Read: Two killed in Princeton crash Read: UPDATE: Suspect shot himself Watch: Fire tears through home"
    page = normalise(article + teasers)
    assert page.text.startswith(article.rstrip()) and page.text[len(article) :].strip() == ""


def test_labelled_headlines_followed_by_more_article_text_stay() -> None:
    body = (
        "A boy was hurt when a man smashed a car window, police said. More: Singer meets the family at home "
        "38 year old Ann Lee, an actress, was on the sidewalk at the time. Her agent had no comment. More: "
    )
    assert normalise(body).text == body


def test_an_opening_bylines_place_stays_like_a_datelines() -> None:
    body = "Jane Doe,Owerri. The Vice Chancellor said the fence was pulled down."
    page = normalise(body)
    assert "Jane Doe" not in page.text and "Owerri." in page.text


def test_a_teaser_cut_with_an_ellipsis_before_the_articles_own_dateline_is_blanked_from_its_dateline() -> None:
    # page.ellipsis_teaser (cas42): a related story's lead, cut off by the site with "…", stands between the
    # title bar and the article's own ALL-CAPS dateline; it is another story, blanked whole.
    title = "Woman hurt at archery range | KXYZ.com"
    teaser = (
        "BRENNFORD, Ore. (AP) — The trial of a former deputy accused of killing his neighbor in 2011 opened on "
        "Monday. Jurors…"
    )
    article = " MILLTOWN, Ore. — A woman was hit by a stray arrow at a range on Pike Road on Sunday, police said."
    body = title + teaser + article
    page = normalise(body, title)
    assert page.text[len(title) : len(title) + len(teaser)].strip() == ""
    assert "A woman was hit by a stray arrow" in page.text
    # after a teaser's own dateline in mid-page, only the teaser goes
    lead = "MILLTOWN, Ore. — A woman was hit by a stray arrow on Sunday, police said. "
    mid = normalise(lead + "BRENNFORD, Ore. (AP) — Two men died in a fire. Investigators… SALEM, Ore. — The end.")
    assert "A woman was hit by a stray arrow on Sunday, police said." in mid.text
    assert "Two men died" not in mid.text and "The end." in mid.text


def test_an_ellipsis_inside_the_article_or_a_quote_is_no_teaser() -> None:
    body = (
        "MILLTOWN, Ore. — A man was shot on Elm Street. “He ran up right here… and he fired,” a witness said. "
        "Police said the man was in stable condition…"
    )
    text = normalise(body).text
    assert "He ran up right here… and he fired" in text and "in stable condition…" in text
