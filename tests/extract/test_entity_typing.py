"""Entity typing from evidence: the vote table, its explanation, and the classes of error it fixes.

Short hand-written passages only (no corpus text).
"""

from __future__ import annotations

import re

from service.extract import Extraction, Extractor
from service.extract.ner.lexicon import NOT_A_NAME
from service.extract.ner.spans import Candidate, leading_label
from service.extract.ner.votes import RULES
from tests.support.entities import names as _names


def test_vote_rules_have_unique_names_and_positive_weights() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.weight > 0 and rule.label in ("person", "place", "org", "norp", "none") for rule in RULES)


def test_explanation_names_the_rules_that_typed_each_entity(extractor: Extractor) -> None:
    extraction = extractor.extract("Gunmen attacked the town of Tarbela on Monday, officials said.")
    evidence = {e.name: e for e in extraction.evidence}
    assert evidence["Tarbela"].label == "place"
    assert "town_of_x" in {rule for rule, *_ in evidence["Tarbela"].rules}
    explained = extraction.explain()
    assert explained[0]["name"] and explained[0]["rules"][0]["rule"]
    assert "evidence" not in extraction.to_dict()  # the event is unchanged


def test_words_glued_before_a_name_never_become_entities(extractor: Extractor) -> None:
    body = (
        "Afghan forces clashed with insurgentsRussia said on Monday it would help. "
        "Taliban claim Kabul BombZabiullah Mujahid, a spokesman, said the group did it."
    )
    names = _names(extractor.extract(body))
    assert "Russia" in names["places"] and "Zabiullah Mujahid" in names["people"]
    assert not [n for group in names.values() for n in group if "insurgents" in n or "Bomb" in n]


def test_names_written_with_inner_capitals_are_kept_whole(extractor: Extractor) -> None:
    names = _names(extractor.extract("SoftBank and BlackRock invested in McAllen and DeKalb, said LaToya Jackson."))
    assert {"SoftBank", "BlackRock"} <= set(names["organisations"])
    assert {"McAllen", "DeKalb"} <= set(names["places"]) and names["people"] == ["LaToya Jackson"]


def _org_mentions(extraction: Extraction) -> dict[str, set[str]]:
    return {e.name: {m.text for m in e.mentions} for e in extraction.organisations}


def test_an_armed_group_named_several_ways_is_one_organisation(extractor: Extractor) -> None:
    body = (
        "Islamic State (IS) fighters attacked a checkpoint near Raqqa. ISIS later claimed the attack, "
        "and Daesh media said ISIL would fight on."
    )
    orgs = _org_mentions(extractor.extract(body))
    assert orgs == {"Islamic State": {"Islamic State", "IS", "ISIS", "Daesh", "ISIL"}}


def test_agencies_known_by_acronym_are_organisations(extractor: Extractor) -> None:
    body = "Officials said the ISI had warned Mossad. The Pakistan Air Force (PAF) said PAF jets flew."
    orgs = _org_mentions(extractor.extract(body))
    assert {"ISI", "Mossad"} <= set(orgs)
    assert orgs["Pakistan Air Force"] == {"Pakistan Air Force", "PAF"}


def test_an_acronym_joins_the_organisation_whose_initials_it_is(extractor: Extractor) -> None:
    body = (
        "The World Health Organisation (WHO) said on Monday that WHO staff had left. "
        "The Associated Press reported the move, AP said."
    )
    orgs = _org_mentions(extractor.extract(body))
    assert orgs["World Health Organisation"] == {"World Health Organisation", "WHO"}
    assert orgs["Associated Press"] == {"Associated Press", "AP"}


def test_a_gazetteer_town_read_as_a_person_is_a_place(extractor: Extractor) -> None:
    body = "Cases were reported in Cairo and Giza on Monday, and Giza hospitals filled, officials said."
    names = _names(extractor.extract(body))
    assert "Giza" in names["places"] and "Giza" not in names["people"]


def test_a_surname_that_is_also_a_town_stays_with_its_person(extractor: Extractor) -> None:
    body = (
        "President Donald Trump named John Bolton as adviser. Aides warned Trump against hiring Bolton, "
        "but he offered the job to Bolton anyway."
    )
    extraction = extractor.extract(body)
    people = {e.name: {m.text for m in e.mentions} for e in extraction.people}
    assert "Bolton" in people["John Bolton"]
    assert "Bolton" not in _names(extraction)["places"]


def test_a_full_name_is_a_person_when_its_surname_alone_is_one(extractor: Extractor) -> None:
    body = (
        "Investigators named the second attacker as Tashfeen Malik. Police said Malik, 27, had moved "
        "to the city two years ago, and Malik was shot by officers."
    )
    names = _names(extractor.extract(body))
    assert "Tashfeen Malik" in names["people"] and "Tashfeen Malik" not in names["organisations"]


def test_a_rank_or_office_before_a_name_is_not_part_of_it(extractor: Extractor) -> None:
    body = "Superintendent David Young said classes would resume, and Spokeswoman Maria Zakharova agreed."
    people = _names(extractor.extract(body))["people"]
    assert "David Young" in people and not [p for p in people if p.startswith(("Superintendent", "Spokes"))]


def test_a_place_joins_the_same_name_with_its_designator_unless_both_are_places(extractor: Extractor) -> None:
    body = (
        "Deputies in Colleton County found the man in a ditch. Colleton deputies said the case was open. "
        "In Charleston, police said Charleston County would help."
    )
    places = _names(extractor.extract(body))["places"]
    assert "Colleton County" in places and "Colleton" not in places
    assert {"Charleston", "Charleston County"} <= set(places)


def test_a_given_name_and_a_surname_are_a_person_whatever_the_model_says(extractor: Extractor) -> None:
    extraction = extractor.extract("The Angolan government and UNHCR official Yolande Ditewig agreed on the plan.")
    assert "Yolande Ditewig" in _names(extraction)["people"]
    evidence = {e.name: e for e in extraction.evidence}
    assert "given_name_first" in {rule for rule, *_ in evidence["Yolande Ditewig"].rules}
    grant = extractor.extract("Investors backed Virginia Tech and Grant Park Capital.")
    assert "Grant Park Capital" in _names(grant)["organisations"]


def test_a_body_named_only_by_its_country_is_one_organisation(extractor: Extractor) -> None:
    names = _names(extractor.extract("Russia’s Foreign Ministry said the envoys would leave on Friday."))
    assert "Russia’s Foreign Ministry" in names["organisations"] and "Foreign Ministry" not in names["organisations"]
    names = _names(extractor.extract("The Egyptian ministry of health reported two new cases."))
    assert names["organisations"] == ["Egyptian ministry of health"]


def test_a_country_before_a_named_organisation_stays_a_place(extractor: Extractor) -> None:
    body = "Fifteen fighters from Iraq's Popular Mobilization Forces (PMF) were killed in the strike."
    names = _names(extractor.extract(body))
    assert "Iraq" in names["places"] and "Popular Mobilization Forces" in names["organisations"]


def test_place_spans_lose_lower_case_edges_and_regain_a_first_word(extractor: Extractor) -> None:
    body = (
        "The storm hit the Indian Ocean coast and north west London. He worked for the "
        "San Bernardino County health department in California."
    )
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert {"Indian Ocean", "London"} <= set(names["places"])
    assert "San Bernardino County health department" in names["organisations"]
    assert not [p for p in names["places"] if "Bernardino" in p]
    for place in extraction.places:
        assert all(body[m.start : m.end] == m.text for m in place.mentions)


def test_one_name_in_two_cases_is_one_place(extractor: Extractor) -> None:
    body = "LOS ANGELES — Officials in Los Angeles said Hampton County deputies closed Hampton county roads."
    places = {p.name: {m.text for m in p.mentions} for p in extractor.extract(body).places}
    assert places["Los Angeles"] == {"LOS ANGELES", "Los Angeles"}
    assert places["Hampton County"] == {"Hampton County", "Hampton"}


def test_syntax_votes_place_for_x_based_and_a_countrys_office(extractor: Extractor) -> None:
    body = (
        "Reigning champion Ashley Sutton will defend his title. Few predicted Sutton would win. "
        "The Kent-based team has three drivers. Mali's president met Niger's foreign minister."
    )
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert {"Kent", "Mali", "Niger"} <= set(names["places"]) and "Sutton" not in names["places"]
    evidence = {e.name: {rule for rule, *_ in e.rules} for e in extraction.evidence}
    assert "x_based" in evidence["Kent"] and "possessive_office" in evidence["Mali"]


def test_a_name_cut_before_its_own_acronym_is_taken_whole(extractor: Extractor) -> None:
    body = "The United Nations High Commissioner for Refugees (UNHCR) agency said UNHCR staff left."
    orgs = _org_mentions(extractor.extract(body))
    assert orgs["United Nations High Commissioner for Refugees"] == {
        "United Nations High Commissioner for Refugees",
        "UNHCR",
    }
    assert "United Nations" not in orgs


def test_a_country_acronym_is_a_place_and_joins_its_long_name(extractor: Extractor) -> None:
    body = (
        "People were deported from the Democratic Republic of Congo, officials said. "
        "An agreement between the DRC and Angola may end the expulsions from the DRC."
    )
    extraction = extractor.extract(body)
    places = {p.name: {m.text for m in p.mentions} for p in extraction.places}
    assert "DRC" in places["Democratic Republic of Congo"]
    assert "DRC" not in _names(extraction)["organisations"]


def test_a_wire_credit_after_the_station_is_an_organisation(extractor: Extractor) -> None:
    names = _names(extractor.extract("FLINT (WWJ/AP) – Police have released the name of a boy."))
    assert "AP" in names["organisations"]


def test_a_name_ending_in_a_place_designator_is_a_place_and_degrees_are_nothing(extractor: Extractor) -> None:
    body = "Tambuwal, who governs Sokoto State, said an M.Sc and an MPH were needed."
    names = _names(extractor.extract(body))
    assert "Sokoto State" in names["places"] and "Sokoto State" not in names["people"]
    assert not [n for group in names.values() for n in group if n in ("M.Sc", "MPH")]


def test_a_name_after_a_comma_and_before_a_dash_is_not_a_dateline(extractor: Extractor) -> None:
    body = "King has two children with her husband, Kyle Newman – the eldest is nine."
    assert "Kyle Newman" not in _names(extractor.extract(body))["places"]


def test_two_ranks_before_a_name_are_both_left_out(extractor: Extractor) -> None:
    body = "Deputy Superintendent Greg Smith said changing the agreement would cost the district money."
    people = {e.name: e.title for e in extractor.extract(body).people}
    assert "Greg Smith" in people


def test_a_role_before_a_person_in_an_organisation_span_is_left_out(extractor: Extractor) -> None:
    body = "Director of Pupil Personnel Rhonda Welch said the board had approved the Santa Ana Zoo trip."
    extraction = extractor.extract(body)
    names = _names(extraction)
    assert "Pupil Personnel Rhonda Welch" not in names["organisations"]
    assert "Ana Zoo" not in names["people"]


def test_a_one_word_name_the_article_writes_in_lower_case_is_not_an_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The State said the state would appeal. Royal fans cheered the royal wedding in Reading, "
        "and reading was banned. Lisha Brown spoke (lisha@example.com)."
    )
    names = _names(extraction)
    every = names["people"] + names["places"] + names["organisations"]
    assert "State" not in every and "Royal" not in every
    assert "Reading" in names["places"] and "Lisha Brown" in names["people"]
    evidence = {e.name: e for e in extraction.evidence}
    assert evidence["Royal"].label == "none"  # "State" alone is dropped before the votes (LONE_STATE)
    assert "common_word" in {rule for rule, *_ in evidence["Royal"].rules}


def test_a_dateline_is_not_a_name_for_its_wire_credit(extractor: Extractor) -> None:
    extraction = extractor.extract("ATLANTA (AP) An aide to former Atlanta Mayor Kasim Reed was indicted on Tuesday.")
    names = _names(extraction)
    assert "Atlanta" in names["places"] or "ATLANTA" in names["places"]
    assert all("AP" not in {m.text for m in p.mentions} for p in extraction.places)


def test_articles_and_describing_words_before_an_organisation_are_left_out(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Harare will rename a street after the late Movement for Democratic Change founder Morgan Tsvangirai."
    )
    assert "Movement for Democratic Change" in _names(extraction)["organisations"]


def test_an_organisations_words_before_a_post_are_not_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The ratings are calculated by an Environmental Food Safety Officer. The FBI Director resigned on Monday."
    )
    orgs = _names(extraction)["organisations"]
    assert "Environmental Food Safety" not in orgs and "FBI" in orgs


def test_an_armed_group_and_an_agency_named_several_ways_are_one_organisation_each(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Moscow, SANA- Fighters of Jabhat al-Nusra shelled the town, the Syrian Arab News Agency said. "
        "The Nusra Front denied it, and SANA repeated the claim on Monday."
    )
    orgs = {e.name: {m.text for m in e.mentions} for e in extraction.organisations}
    assert orgs["Jabhat al-Nusra"] == {"Jabhat al-Nusra", "Nusra Front"}
    assert orgs["Syrian Arab News Agency"] == {"Syrian Arab News Agency", "SANA"}


def test_a_country_is_no_surname_of_a_headline_read_as_a_person(extractor: Extractor):
    text = "Rethinking Egypt. Egypt has long worked with Washington. Egypt needs reform, officials said."
    extraction = extractor.extract(text)
    egypt = next(p for p in extraction.places if p.name == "Egypt")
    assert len([m for m in egypt.mentions if m.text == "Egypt"]) >= 2


def test_a_town_named_as_a_persons_home_is_a_place_even_read_as_an_organisation(extractor: Extractor):
    extraction = extractor.extract("A 30-year-old Grovetown woman was arrested on Friday.")
    assert [p.name for p in extraction.places] == ["Grovetown"]
    (evidence,) = extraction.evidence
    assert "home_town" in {rule for rule, _, _, _ in evidence.rules}


def _rules_of(extraction: Extraction, name: str) -> set[str]:
    return {rule for e in extraction.evidence if e.name == name for rule, *_ in e.rules}


def test_a_name_given_a_persons_role_after_a_comma_is_a_person(extractor: Extractor) -> None:
    extraction = extractor.extract("The strike will continue, said Tunde Okafor-Bello, spokesman for the dockworkers.")
    assert _names(extraction)["people"] == ["Tunde Okafor-Bello"] and not extraction.organisations
    assert "role_apposition" in _rules_of(extraction, "Tunde Okafor-Bello")


def test_the_portfolio_of_a_post_is_not_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("He met the Secretary of State on Monday and the Minister for Finance on Friday.")
    assert not {"State", "Finance"} & set(_names(extraction)["organisations"])
    extraction = extractor.extract("He met the Secretary of Defense on Monday and the Minister for Finance on Friday.")
    assert not {"Defense", "Finance"} & set(_names(extraction)["organisations"])
    assert {"post_portfolio"} <= _rules_of(extraction, "Defense") | _rules_of(extraction, "Finance")


def test_a_persons_initials_defined_in_the_text_stay_that_person(extractor: Extractor) -> None:
    body = (
        "Mexican presidential candidate Andres Manuel Lopez Obrador (AMLO) leads the polls. AMLO promised "
        "to build refineries, and AMLO said he would review oil contracts."
    )
    extraction = extractor.extract(body)
    people = {e.name: {m.text for m in e.mentions} for e in extraction.people}
    assert "AMLO" in people.get("Andres Manuel Lopez Obrador", set())
    assert "acronym_of_person" in _rules_of(extraction, "Andres Manuel Lopez Obrador")
    assert not extraction.organisations


def test_a_given_name_read_as_an_organisation_joins_the_person(extractor: Extractor) -> None:
    body = (
        "Prime Minister Najib Razak is expected to dissolve parliament on Friday. Critics say Najib is "
        "cheating to win, and a fund set up by Najib in 2009 is under investigation."
    )
    extraction = extractor.extract(body)
    assert "Najib" not in _names(extraction)["organisations"]
    people = {e.name: {m.text for m in e.mentions} for e in extraction.people}
    assert "Najib" in people["Najib Razak"]
    assert "given_name_of_person" in _rules_of(extraction, "Najib Razak")


def test_a_company_the_model_reads_as_a_nationality_once_is_an_organisation(extractor: Extractor) -> None:
    body = "Lawmakers have long been critical of Facebook's approach to privacy. He no longer has a Facebook account."
    extraction = extractor.extract(body)
    assert "Facebook" in _names(extraction)["organisations"]
    assert "org_not_nationality" in _rules_of(extraction, "Facebook")


def test_a_region_read_as_an_organisation_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract("The Prime Minister said the Punjab would appeal, and the Punjab cabinet met.")
    assert "Punjab" in _names(extraction)["places"]
    assert "gazetteer_region_named_org" in _rules_of(extraction, "Punjab")


def test_a_name_ending_in_an_organisations_head_noun_is_an_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("Rain fell most of the day, according to a Marlow Basin Weather Service forecast.")
    assert _names(extraction)["organisations"] == ["Marlow Basin Weather Service"]
    assert "org_head_name" in _rules_of(extraction, "Marlow Basin Weather Service")


def test_a_company_named_with_and_without_its_endings_is_one_organisation(extractor: Extractor) -> None:
    body = (
        "Harlan Freight Holdings Ltd reported a loss. Harlan Freight said on Monday it would cut jobs, and "
        "Harlan Freight Holdings shares fell."
    )
    extraction = extractor.extract(body)
    assert _names(extraction)["organisations"] == ["Harlan Freight Holdings Ltd"]
    assert "company_short_name" in _rules_of(extraction, "Harlan Freight Holdings Ltd")


def test_a_title_case_headline_read_as_a_name_is_no_entity(extractor: Extractor) -> None:
    voter = extractor.entities.finder.voter
    headline = "Harlan Freight Brokers Have Histories"
    mention = Candidate(0, len(headline), headline)
    voter.vote(mention, "org", headline + " of fines.")
    assert leading_label(mention) == NOT_A_NAME
    assert ("headline_not_name", NOT_A_NAME, 2.0) in mention.fired


def test_a_family_named_in_the_plural_is_no_entity(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Sergei Volkov was poisoned in March. Police said the Volkovs had lived in the town for years."
    )
    names = _names(extraction)
    assert names["people"] == ["Sergei Volkov"] and "Volkovs" not in names["organisations"]
    assert "family_plural" in _rules_of(extraction, "Volkovs")


def test_a_persons_possessive_and_a_common_noun_is_no_organisation(extractor: Extractor) -> None:
    voter = extractor.entities.finder.voter
    text = "Burlakova’s party won two seats."
    mention = Candidate(0, 20, "Burlakova’s party")
    voter.vote(mention, "org", text)
    assert leading_label(mention) == NOT_A_NAME
    assert ("possessive_description", NOT_A_NAME, 2.0) in mention.fired


def test_two_names_joined_by_a_slash_are_two_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract("Footage from KCAL/KCBS showed the fire.")
    assert _names(extraction)["organisations"] == ["KCAL", "KCBS"]
    assert "slash_pair" in _rules_of(extraction, "KCAL")


def test_a_photo_credit_names_neither_the_photographer_nor_the_agency(extractor: Extractor) -> None:
    # The labelling leaves the publisher's credits out, like its footer (entity_adjudication.md, batch 2).
    for body in (
        "Migrants rested by the road near the border in southern Mexico. Ana Ruiz AP Photo",
        "Migrants rested by the road near the border in southern Mexico. AP Photo/Ana Ruiz",
        "Volunteers cleaned the park in Aurora on Saturday. (Beacon-News Photo/Ann Lee)",
        "Floods cut the road to Tapachula in Mexico. Picture: Jane Doe/Reuters. Police said two people drowned.",
        "Floods cut the road to Tapachula in Mexico. Photo: AFP",
    ):
        names = _names(extractor.extract(body))
        assert names["people"] == [] and names["organisations"] == [], body
        assert names["places"], body  # the story itself is still read


def test_a_bylines_agency_glued_to_the_dateline_is_cut_from_the_town(extractor: Extractor) -> None:
    extraction = extractor.extract("By JOHN ROE and ANN LEE, Associated Press WASHINGTON (AP) — The talks resumed.")
    assert "Associated Press" in _names(extraction)["organisations"]
    assert "dateline_cut_off" in _rules_of(extraction, "Associated Press")


def test_a_wire_credit_before_a_misdecoded_dash_is_an_organisation(extractor: Extractor) -> None:
    names = _names(extractor.extract("SEVIERVILLE, Tenn. (AP) \x97 Police said a boy drowned."))
    assert names["organisations"] == ["AP"]


def test_diseases_pathogens_and_storms_are_no_entities(extractor: Extractor) -> None:
    voter = extractor.entities.finder.voter
    for form, label in (("Avian Flu", "person"), ("Salmonella Tennant", "org"), ("Cyclone Mara", "person")):
        mention = Candidate(0, len(form), form)
        voter.vote(mention, label, form + " spread quickly.")
        assert leading_label(mention) == NOT_A_NAME, form
    for form in ("Centers for Disease Control", "Ebola River"):
        mention = Candidate(0, len(form), form)
        voter.vote(mention, "org", form + " said.")
        assert "disease_or_storm" not in {rule for rule, *_ in mention.fired}, form


def test_a_person_is_not_an_organisation_for_bearing_its_name(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Visitors toured the Ida Morrow Homestead on Sunday. Ida Morrow built the house in 1901."
    )
    names = _names(extraction)
    assert names["people"] == ["Ida Morrow"] and names["organisations"] == ["Ida Morrow Homestead"]
    assert "word_of_organisation" not in _rules_of(extraction, "Ida Morrow")


def test_a_name_in_a_list_of_places_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract("Polling stations opened in Kisumu, Nakuru, Nyando, Bondo and Wajir on Monday.")
    assert "Wajir" in _names(extraction)["places"] and not extraction.organisations
    assert "place_list" in _rules_of(extraction, "Wajir")


def test_a_person_span_holding_an_acronym_is_an_organisation(extractor: Extractor) -> None:
    voter = extractor.entities.finder.voter
    mention = Candidate(0, 17, "New Brunswick RCMP")
    voter.vote(mention, "person", "New Brunswick RCMP said the puppies were stolen.")
    assert leading_label(mention) == "org"
    for form in ("Charles Pell III", "Jane Roe OBE"):
        mention = Candidate(0, len(form), form)
        voter.vote(mention, "person", form + " said.")
        assert leading_label(mention) == "person", form


def test_a_community_or_hamlet_of_x_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "Gunmen raided the remote hamlet of Kotli Sattian on Monday. The farming community of Wexcombe mourned."
    )
    assert {"Kotli Sattian", "Wexcombe"} <= set(_names(extraction)["places"])
    assert "town_of_x" in _rules_of(extraction, "Wexcombe")


def test_where_a_person_given_an_age_comes_from_is_a_place(extractor: Extractor) -> None:
    extraction = extractor.extract("Anna Hale, 25, from Marston, brought several coats to the swap.")
    names = _names(extraction)
    assert names["places"] == ["Marston"] and not names["organisations"]
    assert "home_town" in _rules_of(extraction, "Marston")


def test_posts_in_the_plural_and_members_titles_are_no_organisations(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "When he appeared before Members of Parliament on Tuesday, Fred Otieno accused the judges. "
        "He said a court could order Cabinet Secretaries to resign."
    )
    assert not extraction.organisations
    # a body of them, named, is one; and so is a team named like them
    orgs = _names(extractor.extract("The Council of Ministers met in Brussels. The Ottawa Senators won."))
    assert {"Council of Ministers", "Ottawa Senators"} <= set(orgs["organisations"])


def test_a_tip_line_named_for_its_region_is_one_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract("Anyone with information is asked to call Crime Stoppers of the Midlands.")
    assert _names(extraction)["organisations"] == ["Crime Stoppers of the Midlands"]
    assert "tip_line" in _rules_of(extraction, "Crime Stoppers of the Midlands")


def test_a_un_agency_named_by_what_it_does_is_that_agency_not_the_un(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The United Nations High Commissioner for Refugees (UNHCR) warned of shortages. "
        "UN refugee agency spokesman Omar Hale said the UNHCR would help."
    )
    orgs = _org_mentions(extraction)
    assert list(orgs) == ["United Nations High Commissioner for Refugees"]
    assert "UN refugee agency" in orgs["United Nations High Commissioner for Refugees"]
    # the agency's name, not the description, names the entity
    extraction = extractor.extract("The U.N. nuclear watchdog said Iran enriched more uranium. The IAEA reports soon.")
    assert _org_mentions(extraction) == {"IAEA": {"U.N. nuclear watchdog", "IAEA"}}


def test_a_post_named_by_its_place_is_no_organisation(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The race was attended by the Ruler of Dubai, Sheikh Mohammed. The Governor of Lagos spoke."
    )
    assert not extraction.organisations
    assert "post_of_place" in _rules_of(extraction, "Ruler of Dubai")


def test_el_nino_and_la_nina_are_climate_patterns_not_organisations(extractor: Extractor) -> None:
    names = _names(extractor.extract("Forecasters said El Nino would bring drought to Australia. La Niña followed."))
    assert names == {"people": [], "places": ["Australia"], "organisations": []}


def test_a_generic_body_is_no_organisation_but_a_named_one_is(extractor: Extractor) -> None:
    extraction = extractor.extract(
        "The plan was approved by the School Board and sent to the Kentucky Department of Education. "
        "The Laurel County School Board will meet again next week."
    )
    orgs = _names(extraction)["organisations"]
    assert "School Board" not in orgs and "Laurel County School Board" in orgs
    assert "generic_body" in _rules_of(extraction, "School Board")


def test_vote_rules_never_hold_on_the_labels_they_declare_skipped(extractor: Extractor) -> None:
    # `Rule.never_on` lets the Voter skip a test; each test's own label check must agree, on every label.
    from service.extract.ner.votes import Context

    voter = extractor.entities.finder.voter
    text = (
        "DAYTON, Ohio -- Police Chief Mary Ellen Cole said the Houthis shelled the town of Marib, Yemen, "
        "and Ebola River flooded. Malik, 27, of Springfield, was arrested. Governor of Lagos Ade Bello and "
        "the Kent-based Avian Flu Trust met in Becker, Clay and Otter Tail counties with Cabinet Secretaries, "
        "Russia's president and the School Board of Albany. Syrian forces, Police Scotland, Tamil Nadu."
    )
    names = r"[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*"
    spans = [m.span() for m in re.finditer(names, text)] + [m.span() for m in re.finditer(r"[A-Z][\w'’.-]*", text)]
    assert len(spans) > 20
    voter_labels = ("person", "org", "place", "norp")
    checked = 0
    for start, end in spans:
        for label in voter_labels:
            context = Context(voter, Candidate(start, end, text[start:end]), label, text)
            for rule in RULES:
                if label in rule.never_on:
                    assert not rule.test(context), (rule.name, label, text[start:end])
                    checked += 1
    assert checked > 500


def test_hand_written_first_letter_lookaheads_cover_every_first_letter() -> None:
    # STREET, NOT_ENTITY and the person cues are led by a hand-written class of first letters: it must hold
    # every letter a match can start with, derived from the pattern itself, or a match would be missed.
    from service.extract.casualties.grammar import first_letters
    from service.extract.ner.lexicon import NOT_ENTITY, PERSON_BEFORE, PERSON_CUE_BEFORE, STREET

    for pattern in (STREET, NOT_ENTITY, PERSON_BEFORE, PERSON_CUE_BEFORE):
        parts = re.fullmatch(r"\(\?=\[(.*?)\]\)\(\?:(.*)\)", pattern.pattern, re.DOTALL)
        assert parts is not None
        derived = first_letters(re.compile(parts.group(2), pattern.flags))
        assert derived and set(derived) <= set(parts.group(1))
    assert STREET.search("Main Street") and STREET.search("Interstate 95") and STREET.search("Mercy Hospital")
    assert not STREET.search("Supreme Court") and STREET.search("Food Court")
    assert NOT_ENTITY.search("Nobel Prize") and NOT_ENTITY.search("white Dodge") and not NOT_ENTITY.search("Oslo")
    assert PERSON_BEFORE.search("said Prime  Minister ") and PERSON_CUE_BEFORE.search("police identified the man as ")
