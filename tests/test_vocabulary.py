"""Entity classes, agreement kinds and deal statuses have one source: the SHACL shapes in ontology/.

Code that still names them (extraction cues, the map's colours, the projection's class
ranking) must agree with that source; these tests say where it does not.
"""

from __future__ import annotations

import yaml

from kg.records import ENTITY_TYPES
from kg.render import CLASS_COLORS
from kg.resources import resource_path
from kg.vocab import DKG, agreement_kinds, deal_statuses, entity_classes, ontology_path


def test_the_shapes_give_the_eight_entity_classes_nine_kinds_and_five_statuses():
    assert set(entity_classes()) == {"Person", "Country", "Company", "GovernmentBody", "MilitaryOrganization",
                                     "Site", "Place", "Product"}
    assert agreement_kinds() == ("contract", "framework", "mou", "joint_venture", "option", "export", "license",
                                 "offset", "other")
    assert deal_statuses() == ("signed", "planned", "negotiating", "stalled", "cancelled")


def test_records_take_the_entity_classes_from_the_shapes():
    assert ENTITY_TYPES == entity_classes()
    assert all(DKG[name] for name in ENTITY_TYPES)  # each is a term of defense.ttl


def test_the_ontology_comments_list_the_same_values():
    text = ontology_path().read_text(encoding="utf-8")
    assert " | ".join(agreement_kinds()) in text
    assert " | ".join(deal_statuses()) in text


def test_the_deal_lexicon_names_only_known_kinds_and_statuses():
    deals = yaml.safe_load(resource_path("data", "lexicon", "deals.yaml").read_text(encoding="utf-8"))
    assert set(deals["kinds"]) <= set(agreement_kinds())
    modality = yaml.safe_load(resource_path("data", "lexicon", "modality.yaml").read_text(encoding="utf-8"))
    unsigned = set(deal_statuses()) - {"signed"}
    assert unsigned <= set(modality), f"no cues for {unsigned - set(modality)}"


def test_the_map_colours_every_entity_class():
    assert set(entity_classes()) <= set(CLASS_COLORS)
