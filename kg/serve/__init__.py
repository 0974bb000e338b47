"""A read-only SPARQL 1.1 Protocol endpoint on a store: Oxigraph's own server behind a thin guard.

The guard adds what ``oxigraph serve-read-only`` lacks: updates refused with
403, ``SERVICE`` limited to named endpoints, a row cap, CORS for one named
origin only, predeclared prefixes, an offline query page, a service description,
and a time limit that really stops a query. Oxigraph checks its own
``--timeout-s`` only between steps, so a sort over a cross product can run on
long after it; each query therefore runs in one of a few worker processes, and
a worker still busy past the limit is killed and replaced.

While it runs, the server holds the store's reader lock: ``kg ingest`` into the
same store is refused with a message saying so, instead of writing under
readers that would not see the change.

One module per job: ``config`` (settings), ``negotiation`` (media types),
``workers`` (Oxigraph processes), ``watchdog`` (time limits), ``execution``
(one query through a worker), ``page`` (query page and service description),
``endpoint`` (the HTTP server).
"""

from kg.serve.config import ServeConfig
from kg.serve.endpoint import SparqlServer, make_server, run_server
from kg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES, negotiate

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "ServeConfig", "SparqlServer", "make_server", "negotiate", "run_server"]
