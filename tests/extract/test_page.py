"""Page normalisation: scraper artefacts blanked or recased, every offset still the body's."""

from __future__ import annotations

from service.extract.boilerplate import boilerplate_spans
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
