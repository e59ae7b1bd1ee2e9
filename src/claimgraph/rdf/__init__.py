"""Stage 2, RDF: the checked annotation model as linked data.

Takes a loaded corpus from :mod:`claimgraph.annotation` and gives an RDF
dataset, one named graph per article and one for the registry, under the
claimgraph ontology (:mod:`~claimgraph.rdf.vocab`), with IRIs minted from IDs
(:mod:`~claimgraph.rdf.iris`) and written as N-Quads; also reads RDF files users
hand in, and the SPARQL text helpers. It feeds :mod:`claimgraph.validation`.
"""
