"""Entities: types, acronyms, possessives, titles, nationality and names that share a word."""

from __future__ import annotations

import pytest
from extract_support import Result

from kg.iris import entity_key


def test_acronym_defined_in_parentheses_is_one_node():
    r = Result(
        "The Northwind Defence Procurement Agency (NDPA) met Zephyr Arms. Later the NDPA ordered rifles."
    )
    agency = r.entity("Northwind Defence Procurement Agency")
    assert agency.type == "GovernmentBody"
    assert "NDPA" in agency.alt_labels
    assert len(agency.sentences) == 2
    assert not any(e.label == "NDPA" for e in r.ex.entities)


def test_acronym_long_form_may_hold_and_and_spanish_words():
    r = Result("Colonel Ana Ruiz runs the Northwind Weapons and Munitions Factory (NWMF) near Lima.")
    factory = r.entity("NWMF")
    assert factory.label == "Northwind Weapons and Munitions Factory"
    assert factory.type == "Company"


def test_an_acronym_the_article_defines_beats_the_gazetteer_acronym():
    # FAP is Peru's air force (Fuerza Aérea del Perú) in the gazetteer; this article defines it otherwise.
    r = Result("The Chief of Staff of the Portuguese Air Force (FAP) attended. The FAP will fly the jets.")
    air_force = r.entity("Portuguese Air Force")
    assert "FAP" in air_force.alt_labels and air_force.sentences == {0, 1}
    assert not any(e.label == "Peruvian Air Force" for e in r.ex.entities)


def test_a_demonym_before_of_qualifies_the_noun_not_the_owner():
    r = Result("Boreal Defence is the Australian subsidiary of Hanwha Aerospace.")
    assert ("Hanwha Aerospace", "Australia") not in r.relations("country")


def test_possessive_ministry_is_a_government_body_of_that_country():
    r = Result("Peru's Defense Ministry opened the tender.")
    ministry = r.entity("Defense Ministry")
    assert ministry.type == "GovernmentBody"
    assert ministry.key != entity_key("Country", "Peru")
    assert (ministry.label, "Peru") in r.relations("country")


def test_demonym_army_is_a_military_organization_with_its_country():
    r = Result("The Peruvian Army will receive the vehicles.")
    army = r.entity("Peruvian Army")
    assert army.type == "MilitaryOrganization"
    assert ("Peruvian Army", "Peru") in r.relations("country")


def test_demonym_before_a_firm_gives_its_nationality():
    r = Result("The South Korean firm Zephyr Aerospace will build the guns.")
    assert r.entity("Zephyr Aerospace").type == "Company"
    assert ("Zephyr Aerospace", "South Korea") in r.relations("country")


def test_demonyms_alone_name_no_firm():
    r = Result("South Korean companies are keen to sell more guns.")
    assert r.names("Company") == set()


def test_firms_sharing_a_word_are_never_merged():
    r = Result("Hanwha Aerospace builds guns while Hanwha Ocean builds submarines. Hanwha declined to comment.")
    aerospace, ocean = r.entity("Hanwha Aerospace"), r.entity("Hanwha Ocean")
    assert aerospace.key != ocean.key
    assert "Hanwha" not in aerospace.alt_labels | ocean.alt_labels  # ambiguous short form joins neither


def test_unambiguous_short_mention_joins_the_full_name():
    r = Result("Zephyr Aerospace Industries won the order. Zephyr will deliver in 2026.")
    firm = r.entity("Zephyr Aerospace Industries")
    assert "Zephyr" in firm.alt_labels
    assert firm.sentences == {0, 1}


def test_title_before_a_name_makes_a_person_and_is_stripped_from_the_label():
    r = Result("President Dina Boluarte attended. Boluarte praised the deal.")
    person = r.entity("Dina Boluarte")
    assert person.type == "Person"
    assert "Boluarte" in person.alt_labels
    assert "President Dina Boluarte" not in r.names()


def test_apposition_title_gives_a_position():
    r = Result("Colonel Jorge Zapata Vargas, the General Manager of Zephyr Arms, signed the contract.")
    assert ("Jorge Zapata Vargas", "General Manager", "Zephyr Arms") in r.positions()


def test_organization_before_title_gives_a_position():
    r = Result("Zephyr Aerospace CEO Son Jae-il visited the plant.")
    assert ("Son Jae-il", "CEO", "Zephyr Aerospace") in r.positions()


def test_ambassador_ties_to_the_sending_country():
    r = Result("The South Korean Ambassador to Peru, Choi Jong-uk, welcomed the agreement.")
    assert any(p == "Choi Jong-uk" and o == "South Korea" for p, _, o in r.positions())


def test_possessive_is_not_part_of_a_name():
    r = Result("Peru's Zephyr Arms will assemble the vehicles.")
    assert "Zephyr Arms" in r.names("Company")
    assert not any("'s" in name for name in r.names())
    assert ("Zephyr Arms", "Peru") in r.relations("country")


def test_site_located_in_district_located_in_city():
    r = Result(
        "The vehicles will be built at the Zephyr Assembly Plant, located in the district of Lurigancho-Chosica, Lima."
    )
    located = r.relations("locatedIn")
    assert ("Zephyr Assembly Plant", "Lurigancho-Chosica") in located
    assert ("Lurigancho-Chosica", "Lima") in located
    assert r.entity("Zephyr Assembly Plant").type == "Site"


def test_products_are_not_firms():
    r = Result("Zephyr Aerospace will deliver 24 ZX-90 howitzers and 12 KF-21 jets.")
    assert r.entity("ZX-90").type == r.entity("KF-21").type == "Product"
    assert "Zephyr Aerospace" in r.names("Company")


def test_the_demonym_firm_refers_back_to_the_one_firm_of_that_country():
    r = Result(
        "Peru's Zephyr Arms makes rifles. Boreal Industries of South Korea supplies barrels. "
        "Zephyr Arms signed a licence agreement with the South Korean firm."
    )
    (deal,) = r.deals("signed")
    assert r.parties(deal) == {"Zephyr Arms", "Boreal Industries"}
    assert "South Korean firm" not in r.entity("Boreal Industries").alt_labels


def test_possessive_country_on_a_descriptor_gives_the_name_in_apposition_its_nationality():
    r = Result("Chile's navy shipyard, the Astilleros Boreales del Sur (ABS), signed a contract with Zephyr Arms.")
    assert ("Astilleros Boreales del Sur", "Chile") in r.relations("country")
    assert "Chilean Navy" not in r.names()  # "navy" qualifies the descriptor; it names no force


def test_demonym_on_a_descriptor_gives_the_name_in_apposition_its_nationality():
    r = Result("The Spanish state shipbuilder, Zephyr Naval, will build the ships.")
    assert ("Zephyr Naval", "Spain") in r.relations("country")


@pytest.mark.parametrize("amount", ["US$60 million", "US $60 million", "A$1.2 billion", "C$500 million",
                                    "NZ$300 million", "R$2 billion", "S$80 million", "HK$1 billion"])
def test_currency_symbols_name_no_country(amount):
    r = Result(f"Zephyr Arms won a {amount} contract.")
    assert r.names("Country") == set()


def test_a_region_named_after_a_continent_is_not_a_country():
    r = Result("It is the first sale of the vehicle in Latin America and Central America.")
    assert r.names("Country") == set()


def test_a_name_after_of_inside_a_longer_name_is_not_matched_alone():
    r = Result("The Ministry of National Defence said the contracts were signed.")
    assert not any("Canada" in name for name in r.names())


def test_a_romance_facility_name_is_a_site_in_the_place_its_apposition_gives():
    r = Result(
        "The contract was signed at the Cuartel General del Ejército, the Chilean Army's headquarters in Santiago, "
        "by Zephyr Arms and Boreal Industries."
    )
    assert r.entity("Cuartel General del Ejército").type == "Site"
    assert ("Cuartel General del Ejército", "Santiago") in r.relations("locatedIn")
    (deal,) = r.deals("signed")
    assert r.label[deal.place] == "Cuartel General del Ejército"


def test_an_owned_facility_with_a_place_in_a_deal_sentence_is_a_site_the_deal_concerns():
    r = Result(
        "Zephyr Arms signed a contract with Boreal Industries to set up an assembly plant at Zephyr Arms's site "
        "in the district of Lurigancho-Chosica, on the eastern edge of Lima."
    )
    site = r.entity("Zephyr Arms site, Lurigancho-Chosica")
    assert site.type == "Site"
    assert ("Zephyr Arms site, Lurigancho-Chosica", "Lurigancho-Chosica") in r.relations("locatedIn")
    (deal,) = r.deals("signed")
    assert site.key in deal.concerns


def test_a_facility_without_an_owner_makes_no_site():
    r = Result("Zephyr Arms signed a contract with Boreal Industries to build a plant in Lima.")
    assert r.names("Site") == set()


@pytest.mark.parametrize(
    "text, pair",
    [
        ("The boats were handed over at Hong Ha Shipyard in the northern port city of Hai Phong.",
         ("Hong Ha Shipyard", "Hai Phong")),
        ("The ships will be built at the San Fernando shipyard in the southern Spanish province of Cádiz.",
         ("Cádiz", "Spain")),
        ("Huta Stalowa Wola (HSW), based in the town of Stalowa Wola, builds the chassis.",
         ("Huta Stalowa Wola", "Stalowa Wola")),
        ("Zephyr Arms, the aircraft maintenance company in Lisbon, builds parts.", ("Zephyr Arms", "Lisbon")),
        ("They set up a line at Vemagal, in the Kolar district of Karnataka.", ("Vemagal", "Kolar")),
        ("They set up a line at Vemagal, in the Kolar district of Karnataka.", ("Kolar", "Karnataka")),
        ("A ceremony was held at the Aircraft Manufacturing Factory, Kamra.", ("Aircraft Manufacturing Factory", "Kamra")),
    ],
)
def test_located_in_from_appositions_and_kinds_of_place(text, pair):
    assert pair in Result(text).relations("locatedIn")


def test_a_ministry_named_without_its_country_is_the_article_country_s():
    r = Result("Peru is buying patrol boats. The Ministry of Defence signed a contract with Zephyr Arms.")
    body = r.entity("Ministry of Defence")
    assert body.type == "GovernmentBody"
    assert (body.label, "Peru") in r.relations("country")
    rules = {x.rule for x in r.ex.relations if x.subject == body.key and x.predicate == "country"}
    assert rules == {"places.home_country"}


@pytest.mark.parametrize(
    ("text", "position"),
    [
        # the gazetteer knows whose prime minister he is, whichever country the article names most
        (
            (
                "Vietnam is in talks to buy the Akash from India. Vietnam wants it. The move is in line with "
                "Prime Minister Narendra Modi's push."
            ),
            ("Narendra Modi", "Prime Minister", "India"),
        ),
        (
            "Turkey wants Eurofighters. Turkey asked. Erdogan said that Chancellor Olaf Scholz did not object.",
            ("Olaf Scholz", "Chancellor", "Germany"),
        ),
        # a title of state in apposition, with no country written, serves the article's country
        (
            "Mexico ordered a frigate. He was accompanied by the Secretary of National Defense, General Salvador Cienfuegos.",
            ("Salvador Cienfuegos", "Secretary of National Defense", "Mexico"),
        ),
    ],
)
def test_a_title_of_state_without_its_country(text, position):
    assert position in Result(text).positions()


def test_a_known_firm_followed_by_a_country_is_its_national_arm():
    r = Result("Philip McBride, managing director of Thales UK, received the delegation in Belfast.")
    assert r.entity("Thales UK").type == "Company"
    assert ("Thales UK", "United Kingdom") in r.relations("country")
    assert ("Philip McBride", "managing director", "Thales UK") in r.positions()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Patria formed a joint venture with a local partner Unitruck.", "Unitruck"),
        ("The contract with Wojskowe Zakłady Elektroniczne (WZE) is one element of this process.", "Wojskowe Zakłady Elektroniczne"),
        ("Ukraine's prime minister also mentioned cooperation with the Colt CZ Group, said Colt CZ.", "Colt CZ"),
    ],
)
def test_firms_are_not_people(text, name):
    r = Result(text)
    assert name not in r.names("Person")


def test_a_politician_s_party_in_parentheses_keeps_her_a_person():
    r = Result("Czech Defence Minister Jana Cernochova (ODS) told journalists that cooperation was good.")
    assert "Jana Cernochova" in r.names("Person")


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Poland pulled out of the purchase of French-made Caracal helicopters.", {"Poland", "France"}),
        ("The order went to a British-Italian consortium.", {"United Kingdom", "Italy"}),
        ("Czech-Ukrainian cooperation grew in Lurigancho-Chosica.", {"Czech Republic", "Ukraine"}),
    ],
)
def test_countries_joined_by_a_hyphen_are_each_named(text, countries):
    r = Result(text)
    assert r.names("Country") == countries
    assert "Lurigancho-Chosica" not in r.names("Country")


def test_a_quoted_name_after_a_firm_noun_is_a_firm():
    r = Result('The council signed a contract with Chinese company "CATIC" to procure an aircraft.')
    assert r.entity("CATIC").type == "Company"


def test_people_joined_before_a_plural_title_share_it():
    r = Result(
        "It was announced in the presence of Zayed Saeed Al Meraikhi and Majed Ahmed Al Jaberi, the official "
        "spokespersons of Tawazun Council."
    )
    assert {p[0] for p in r.positions() if p[2] == "Tawazun Council"} == {"Zayed Saeed Al Meraikhi", "Majed Ahmed Al Jaberi"}


def test_an_analyst_is_a_person_whatever_the_sentence():
    assert {"Tom Waldwyn", "Anna Smith"} <= Result("Analysts Tom Waldwyn and Anna Smith wrote for the institute.").names("Person")
