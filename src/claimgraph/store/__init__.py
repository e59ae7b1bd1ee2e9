"""Stage 4, store: the Oxigraph store and the files published from it.

Takes the validated dataset (:mod:`claimgraph.rdf`, checked by
:mod:`claimgraph.validation`) and gives an on-disk Oxigraph store with its
info file (:mod:`~claimgraph.store.embedded`), and the files published beside
it: the dumps in N-Quads, TriG, Turtle and JSON-LD (:mod:`~claimgraph.store.dumps`),
the VoID description, all written atomically. It feeds :mod:`claimgraph.web`.
"""
