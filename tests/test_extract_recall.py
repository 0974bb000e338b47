"""Recall rules of the third round: name particles, title lists, "whose" clauses, "the two governments"."""

from __future__ import annotations

from extract_support import Result


def test_person_names_keep_their_particles():
    r = Result("Ruritanian President Carlos Mendes da Silva met President Omar Fattah al-Rashid in Lima.")
    assert {"Carlos Mendes da Silva", "Omar Fattah al-Rashid"} <= r.names("Person")


def test_five_word_name_with_particle_before_a_title_apposition():
    r = Result("The deal was welcomed by Khalid bin Saeed Al Mansour, Qatar's Minister of State for Defence Affairs.")
    assert ("Khalid bin Saeed Al Mansour", "Minister of State", "Qatar") in r.positions()


def test_whose_title_is_names_the_holder():
    r = Result("Zephyr Arms, whose chairman and chief executive is Anna Weber, opened a plant.")
    assert ("Anna Weber", "chief executive", "Zephyr Arms") in r.positions()


def test_led_by_a_list_of_titles():
    r = Result("Boreal Industries, led by chairman and chief executive Jonas Berg, won the tender.")
    assert ("Jonas Berg", "chief executive", "Boreal Industries") in r.positions()


def test_led_by_after_an_apposition():
    r = Result("Boreal Industries, Ruritania's only maker of armoured vehicles, is led by chief executive Jonas Berg.")
    assert ("Jonas Berg", "chief executive", "Boreal Industries") in r.positions()


def test_possessive_with_modifiers_before_the_title():
    r = Result('"It is our largest project," said Marta Ruiz, Zephyr Arms\' naval construction manager.')
    assert ("Marta Ruiz", "manager", "Zephyr Arms") in r.positions()


def test_title_of_a_force_defined_with_an_acronym_before_the_name():
    r = Result("He met the Commander of the Ruritanian Air Force (FAR), Lieutenant-Brigadier Paulo Ramos Duarte.")
    assert ("Paulo Ramos Duarte", "Commander", "Ruritanian Air Force") in r.positions()


def test_whose_holder_and_visitor_are_not_signatories():
    r = Result(
        "Zephyr Arms, whose chief executive is Anna Weber, has grown: Peru signed a contract with Zephyr Arms. "
        "Brazil and Chile also signed a contract during Lula's visit."
    )
    assert all(not r.signatories(d) for d in r.deals())


def test_the_two_governments_are_the_two_countries_named():
    r = Result(
        "Peru has bought howitzers from South Korea. Peru and South Korea have traded arms for years. "
        "The two governments also signed a memorandum of understanding on defence research."
    )
    pairs = [r.parties(d) for d in r.deals("signed")]
    assert {"Peru", "South Korea"} in pairs


def test_the_two_governments_yield_to_named_parties():
    r = Result(
        "Peru and South Korea met. The two governments signed a memorandum of understanding between "
        "Zephyr Arms and Boreal Industries."
    )
    (deal,) = r.deals("signed")
    assert r.parties(deal) == {"Zephyr Arms", "Boreal Industries"}


def test_possessive_country_with_descriptor_words_before_a_firm():
    r = Result("Spain's state-owned shipbuilder Zephyr Arms signed a contract with Peru.")
    assert ("Zephyr Arms", "Spain") in r.relations("country")


def test_all_of_a_country_after_a_list_of_firms():
    r = Result("Peru signed agreements with Zephyr Arms, Boreal Industries and Austral Dynamics (AD), all of Spain.")
    assert {("Zephyr Arms", "Spain"), ("Boreal Industries", "Spain"), ("Austral Dynamics", "Spain")} <= r.relations(
        "country"
    )


def test_country_after_an_acronym_and_demonym_after_an_owner_possessive():
    r = Result(
        "Zephyr Arms (ZA) of Spain and Boreal Dynamics (BDX), the Spanish group's Peruvian subsidiary, "
        "signed a contract."
    )
    country = r.relations("country")
    assert ("Zephyr Arms", "Spain") in country
    assert ("Boreal Dynamics", "Peru") in country
    assert ("Boreal Dynamics", "Spain") not in country


def test_country_as_adjective_in_an_apposition_to_a_list():
    r = Result("Peru signed offset agreements with Zephyr Arms and Boreal Industries, the US manufacturers.")
    assert {("Zephyr Arms", "United States"), ("Boreal Industries", "United States")} <= r.relations("country")


def test_the_demonym_company_gives_the_firm_just_named_its_country():
    r = Result("When Zephyr Arms won the Spain tender in 2018, the Spanish company promised local jobs.")
    assert ("Zephyr Arms", "Spain") in r.relations("country")


def test_which_is_based_in_locates_the_firm():
    r = Result("The prime contractor is Boreal Industries (BI), which is based in Gdynia, Poland.")
    assert ("Boreal Industries", "Gdynia") in r.relations("locatedIn")


def test_an_organization_after_at_is_a_location():
    r = Result("The jets are built at the Boreal Aeronautical Complex (BAC) in Gdynia under licence.")
    assert ("Boreal Aeronautical Complex", "Gdynia") in r.relations("locatedIn")


def test_listed_firms_with_their_towns_outside_a_deal_clause():
    r = Result("Its local units, Zephyr Sistemas in Gdynia and Boreal Aeroespacial e Defesa in Lima, will help.")
    assert {("Zephyr Sistemas", "Gdynia"), ("Boreal Aeroespacial e Defesa", "Lima")} <= r.relations("locatedIn")


def test_the_town_of_a_signing_is_not_where_a_party_is():
    r = Result("Peru signed a contract with Zephyr Arms and Boreal Industries in Lima on May 20, 2024.")
    assert not {thing for thing, place in r.relations("locatedIn") if place == "Lima"}


def test_the_demonym_government_is_the_country():
    r = Result("The Portuguese government signed a contract with Zephyr Arms for five transport aircraft.")
    (deal,) = r.deals("signed")
    assert r.parties(deal) == {"Portugal", "Zephyr Arms"}
    assert "Portuguese government" not in r.names()


def test_a_counterpart_holds_the_title_for_the_demonym_country():
    r = Result("It was signed by Argentina's Defense Minister Luis Petri and his Danish counterpart, Troels Lund Poulsen.")
    positions = r.positions()
    assert ("Troels Lund Poulsen", "Defense Minister", "Denmark") in positions
    assert not any(person == "Troels Lund Poulsen" and org == "Argentina" for person, _, org in positions)


def test_an_honorific_between_a_country_title_and_the_name():
    r = Result("Saudi Defence Minister Prince Khalid bin Salman announced the deal.")
    assert ("Khalid bin Salman", "Defence Minister", "Saudi Arabia") in r.positions()


def test_initials_do_not_end_a_sentence():
    r = Result("Zephyr Arms, led by chairman and managing director D.K. Sunil, builds jets in Gdynia.")
    assert len(r.ex.sentences) == 1
    assert ("D.K. Sunil", "managing director", "Zephyr Arms") in r.positions()


def test_the_company_opening_a_sentence_is_the_firm_named_first_before():
    r = Result(
        "Zephyr Arms won a tender against Boreal Industries. "
        "The company, led by chief executive Anna Weber, is based in Gdynia."
    )
    assert ("Anna Weber", "chief executive", "Zephyr Arms") in r.positions()
    assert not any(org == "Boreal Industries" for _, _, org in r.positions())


def test_a_plural_model_code_is_the_model():
    r = Result("Argentina bought 24 F-16s from Denmark in the 1990s.")
    assert "F-16 Fighting Falcon" in r.names("Product")
    assert "F-16s" not in r.names()


def test_a_defense_secretary_serves_the_article_country():
    r = Result("The Philippines signed a contract with Zephyr Arms. Defense Secretary Delia Santos signed it.")
    assert ("Delia Santos", "Defense Secretary", "Philippines") in r.positions()


def test_a_demonym_description_before_a_name_refers_to_that_name():
    r = Result(
        "Zephyr Arms signed an MoU with PT Boreal Indonesia. "
        "Austral Naval signed an MoU with the Indonesian shipbuilder PT Samudra Industries."
    )
    pairs = [r.parties(d) for d in r.deals("signed")]
    assert {"Austral Naval", "PT Samudra Industries"} in pairs
    assert not any("PT Boreal Indonesia" in p and "Austral Naval" in p for p in pairs)
