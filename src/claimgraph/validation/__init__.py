"""Stage 3, validation: the RDF dataset checked against claimgraph's SHACL shapes.

Takes an RDF dataset or graph from :mod:`claimgraph.rdf` (or an Oxigraph
store holding it) and gives a :class:`~claimgraph.validation.validate.Report`:
whether it conforms, and each result, located in the annotation files where it
can be (:mod:`~claimgraph.validation.reports` prints it). The SHACL engine
itself is :mod:`claimgraph.validation.shacl`; pySHACL is the other engine. It
feeds :mod:`claimgraph.store`.
"""
