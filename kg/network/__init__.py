"""The partnership network: projections of the store, centrality, communities and written-back scores.

A notebook can do everything the ``kg`` commands do::

    from kg.store import open_store
    from kg.network import Filters, project, centralities
    graph = project(open_store("kg-store"), "partners", Filters(since="2020"))
    ranks = centralities(graph, ["pagerank", "betweenness"]).scores
"""

from kg.network.centrality import MEASURES, Centralities, centralities
from kg.network.communities import community_rows, louvain
from kg.network.evidence import edge_evidence, evidence
from kg.network.graph import Network
from kg.network.projections import PROJECTIONS, Filters, ego, find_node, network, project
from kg.network.ranking import RANKING_FORMATS, format_ranking, ranking
from kg.network.scores import SCORES_GRAPH, write_scores

__all__ = [
    "MEASURES",
    "PROJECTIONS",
    "RANKING_FORMATS",
    "SCORES_GRAPH",
    "Centralities",
    "Filters",
    "Network",
    "centralities",
    "community_rows",
    "edge_evidence",
    "ego",
    "evidence",
    "find_node",
    "format_ranking",
    "louvain",
    "network",
    "project",
    "ranking",
    "write_scores",
]
