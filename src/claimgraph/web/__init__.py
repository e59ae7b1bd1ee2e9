"""Stage 5, HTTP: claimgraph's server, the SPARQL endpoint and the linked-data pages.

Takes a corpus folder or a store built earlier (:mod:`~claimgraph.web.serve`
prepares it through :mod:`claimgraph.pipeline`) and gives the served dataset:
the SPARQL protocol and graph store endpoints, content negotiation
(:mod:`~claimgraph.web.formats`), the query executor, the HTML pages and dumps,
under a supervisor that runs the worker processes. It is the last stage; only
the command line imports it.
"""
