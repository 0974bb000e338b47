"""Deals: parties from the grammar, signatories, status of plans and denials, dates, places and values."""

from __future__ import annotations

import pytest
from extract_support import Result


def test_active_signing_with_a_counterparty():
    r = Result("Zephyr Arms signed a contract with the Northwind Defence Agency on 14 May 2021.")
    (deal,) = r.deals("signed")
    assert deal.kind == "contract"
    assert r.parties(deal) == {"Zephyr Arms", "Northwind Defence Agency"}
    assert deal.date == "2021-05-14"


def test_passive_signing_names_the_parties_after_by():
    r = Result("A framework agreement was signed by Zephyr Arms and Boreal Industries in Lima on March 3, 2022.")
    (deal,) = r.deals("signed")
    assert deal.kind == "framework"
    assert r.parties(deal) == {"Zephyr Arms", "Boreal Industries"}
    assert deal.date == "2022-03-03"
    assert r.label[deal.place] == "Lima"


def test_between_names_both_parties():
    r = Result("The memorandum of understanding between Zephyr Arms and Boreal Industries was signed in 2023.")
    (deal,) = r.deals("signed")
    assert deal.kind == "mou"
    assert r.parties(deal) == {"Zephyr Arms", "Boreal Industries"}
    assert deal.date == "2023"


def test_list_of_three_signatories_and_their_organizations():
    r = Result(
        "Colonel Jorge Zapata Vargas, the General Manager of Zephyr Arms, Lee Yong-bae, CEO of Boreal Industries, "
        "and Park Sang-jun, CEO of Austral Corporation, signed the framework agreement."
    )
    (deal,) = r.deals("signed")
    assert r.signatories(deal) == {"Jorge Zapata Vargas", "Lee Yong-bae", "Park Sang-jun"}
    assert r.parties(deal) == {"Zephyr Arms", "Boreal Industries", "Austral Corporation"}


def test_speakers_are_not_signatories():
    r = Result("Zephyr Arms signed a contract with Boreal Industries, CEO Ana Ruiz said.")
    (deal,) = r.deals("signed")
    assert deal.signatories == []


def test_one_deal_reported_in_two_sentences_is_one_node():
    r = Result(
        "Zephyr Arms signed a contract with Boreal Industries for 30 ZX-90 howitzers. "
        "The contract, worth $120 million, was signed on Friday.",
        published="2024-05-24",
    )
    (deal,) = r.deals()
    assert deal.value == "120000000" and deal.currency == "USD"
    assert deal.date == "2024-05-24"
    assert {r.label[k] for k in deal.concerns} == {"ZX-90"}


def test_plural_contracts_with_two_firms_are_two_deals():
    r = Result("The Northwind Armament Agency signed executive contracts with Zephyr Arms and Boreal Industries.")
    pairs = {frozenset(r.parties(d)) for d in r.deals("signed")}
    assert pairs == {
        frozenset({"Northwind Armament Agency", "Zephyr Arms"}),
        frozenset({"Northwind Armament Agency", "Boreal Industries"}),
    }


def test_expected_signing_is_planned_not_signed():
    r = Result("Zephyr Arms is expected to sign a contract with Boreal Industries next year.")
    assert r.deals("signed") == []
    assert [d.status for d in r.deals()] == ["planned"]


def test_talks_that_ended_without_a_deal_are_not_signed():
    r = Result("Talks between Zephyr Arms and Boreal Industries ended without a deal.")
    assert r.deals("signed") == []


def test_cancelled_order_is_cancelled():
    r = Result("Boreal Industries cancelled the order for Zephyr Arms howitzers.")
    assert r.deals("signed") == []
    assert [d.status for d in r.deals()] == ["cancelled"]


def test_denied_signing_is_not_signed():
    r = Result("Zephyr Arms has not signed any contract with Boreal Industries.")
    assert r.deals("signed") == []


def test_could_lead_to_is_not_signed():
    r = Result("The visit by Zephyr Arms could lead to a contract with Boreal Industries.")
    assert r.deals("signed") == []


def test_value_in_local_currency():
    r = Result("Zephyr Arms won a ₹7,629 crore contract from Boreal Industries.")
    (deal,) = r.deals("signed")
    assert (deal.value, deal.currency) == ("76290000000", "INR")


def test_onlookers_are_not_signatories():
    r = Result(
        "Ana Ruiz, CEO of Zephyr Arms, and Lee Min-ho, CEO of Boreal Industries, signed the agreement "
        "as President Dina Boluarte looked on."
    )
    (deal,) = r.deals("signed")
    assert r.signatories(deal) == {"Ana Ruiz", "Lee Min-ho"}


def test_collapse_of_talks_without_a_signing_verb_is_not_signed():
    r = Result("The alliance followed the collapse of talks between Zephyr Arms and Boreal Industries.")
    assert r.deals("signed") == []


def test_the_contract_refers_back_to_the_deal_just_reported():
    r = Result(
        "Zephyr Arms has signed a framework contract with Boreal Industries and Austral Corporation. "
        "The contract was signed on May 20 in Lima by Ana Ruiz, the CEO of Zephyr Arms, "
        "Boreal Industries CEO Lee Yong-bae and Austral Corporation CEO Park Sang-jun. "
        "The same ceremony saw the signing of a first order: a contract under which Zephyr Arms will buy "
        "30 ZX-90 vehicles from Boreal Industries.",
        published="2024-05-22",
    )
    framework, order = r.deals("signed")
    assert framework.kind == "framework"
    assert r.parties(framework) == {"Zephyr Arms", "Boreal Industries", "Austral Corporation"}
    assert r.signatories(framework) == {"Ana Ruiz", "Lee Yong-bae", "Park Sang-jun"}
    assert framework.date == "2024-05-20"
    assert r.parties(order) == {"Zephyr Arms", "Boreal Industries"}
    assert order.signatories == []


def test_a_caption_signing_the_agreement_names_the_signatories_of_the_deal_they_signed():
    r = Result(
        "Zephyr Arms signed a framework agreement with Boreal Industries. "
        "Zephyr Arms also signed a contract with Boreal Industries for 30 ZX-90 vehicles.\n\n"
        "Caption: Zephyr Arms CEO Ana Ruiz and Boreal Industries CEO Lee Yong-bae sign the agreement in Lima."
    )
    deals = r.deals("signed")
    assert len(deals) == 2
    assert set().union(*(r.signatories(d) for d in deals)) == {"Ana Ruiz", "Lee Yong-bae"}


def test_a_lone_buyer_contracts_with_the_maker_the_sentence_names():
    r = Result(
        "Boreal Industries, the firm that builds the ZX-90 tank, has grown quickly since Chile signed a "
        "contract for 100 ZX-90 tanks in 2022."
    )
    (deal,) = r.deals("signed")
    assert r.parties(deal) == {"Chile", "Boreal Industries"}
    assert deal.date == "2022"


def test_a_delivery_deadline_is_not_the_signing_date():
    r = Result("Zephyr Arms signed a contract with Boreal Industries, with the first batch due by the end of 2025.")
    (deal,) = r.deals("signed")
    assert deal.date is None


def test_guests_listed_after_attended_by_are_not_signatories():
    r = Result(
        "The contract was signed by Zephyr Arms and Boreal Industries in a ceremony attended by "
        "Prime Minister Ana Ruiz; General Luis Soto, the Chief of Staff; and Lee Yong-bae."
    )
    (deal,) = r.deals("signed")
    assert deal.signatories == []


@pytest.mark.parametrize(
    "text, parties",
    [
        (("Chile signed a deal to buy 48 used ZX-90s from Zephyr Arms, and neighbouring Peru is in talks "
         "with Boreal Industries about buying more."), {"Chile", "Zephyr Arms"}),
        (("Chile signed a contract to buy 24 used ZX-90 jets from Zephyr Arms, giving the Chilean Air Force "
         "a fighter again."), {"Chile", "Zephyr Arms"}),
        (("Chile signed a contract with Zephyr Arms for 20 ZX-90 trainers, 16 of which were assembled by "
         "Boreal Industries."), {"Chile", "Zephyr Arms"}),
        (("The two governments signed a memorandum of understanding on research, between the Chilean Army "
         "and Zephyr Arms."), {"Chilean Army", "Zephyr Arms"}),
    ],
)
def test_names_in_another_clause_are_no_parties(text, parties):
    deals = Result(text).deals("signed")
    assert len(deals) == 1
    r = Result(text)
    assert r.parties(r.deals("signed")[0]) == parties


def test_a_contract_signed_then_cancelled_is_one_cancelled_deal():
    r = Result(
        "Peru's government cancelled the contract with Zephyr Arms for two patrol vessels. "
        "The contract was signed on 15 December 2023 by the Defence Ministry under the former president's "
        "administration."
    )
    assert r.deals("signed") == []
    (deal,) = r.deals("cancelled")
    assert "Zephyr Arms" in r.parties(deal)


def test_a_cancelled_tender_beside_a_purchase_does_not_cancel_it():
    r = Result(
        "Peru's Defence Ministry signed a contract with Zephyr Arms for 40 vehicles. The ministry negotiated "
        "the purchase in less than a year after its management decided to cancel the original tender."
    )
    (deal,) = r.deals("signed")
    assert r.deals("cancelled") == []
    assert "Zephyr Arms" in r.parties(deal)


def test_signing_decrees_that_authorize_a_deal_makes_no_signatory():
    r = Result(
        "Embraer sold six aircraft to the Paraguayan Air Force. The sale came after President Santiago Peña "
        "signed decrees authorizing the acquisition."
    )
    assert all(not deal.signatories for deal in r.deals())


def test_the_body_a_contract_is_signed_on_behalf_of_is_a_party():
    r = Result("A contract was signed by Zephyr Arms on behalf of the Northwind Defence Agency with Boreal Industries.")
    (deal,) = r.deals("signed")
    assert {"Zephyr Arms", "Northwind Defence Agency"} <= r.parties(deal)


def test_board_members_signing_on_behalf_of_their_firms_are_signatories():
    r = Result(
        "Zephyr Arms S.A. and Boreal Industries S.A. signed a cooperation agreement. The document on behalf of "
        "Zephyr Arms S.A. was signed by the President of the Management Board Anna Nowak and the Member of the "
        "Management Board Dr Eng. Jan Kowal."
    )
    (deal,) = r.deals("signed")
    assert r.signatories(deal) == {"Anna Nowak", "Jan Kowal"}


def test_a_contract_signed_with_a_firm_and_no_agent_is_the_previous_signer_s():
    r = Result(
        "The Northwind Defence Agency signed a contract with Zephyr Arms for rifles. "
        "Furthermore, a contract was signed with Boreal Industries to provide spare parts."
    )
    parties = [r.parties(d) for d in r.deals("signed")]
    assert {"Northwind Defence Agency", "Boreal Industries"} in parties


def test_ministers_named_as_the_sides_of_an_agreement_signed_it():
    r = Result(
        "The memorandum between Defense Minister Ana Ruiz of Peru and Defense Minister Luis Soto of Chile "
        "covers training."
    )
    (deal,) = r.deals("signed")
    assert r.signatories(deal) == {"Ana Ruiz", "Luis Soto"}
    assert "Peru" in r.parties(deal)


def test_a_relationship_between_two_countries_is_no_deal_between_them():
    r = Result(
        "Hanwha and South Korean officials have framed the submarine contract as a starting point for a deeper "
        "industrial relationship between Canada and Korea."
    )
    assert all(r.parties(d) != {"Canada", "South Korea"} for d in r.deals())


@pytest.mark.parametrize(
    "text",
    [
        "Rothschild and Merrill Lynch piloted Meggitt's acquisition of K&F Industries.",
        "Rothschild worked with Hawkpoint Partners as advisers to Meggitt on the deal.",
    ],
)
def test_advisers_of_a_deal_are_no_parties(text):
    r = Result(text)
    assert all(not {"Rothschild & Co", "Merrill Lynch"} & r.parties(d) for d in r.deals())
