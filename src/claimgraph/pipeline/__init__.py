"""Running the stages over a corpus folder, with a cache.

Takes a corpus folder and gives a validated dataset in an Oxigraph store
(:mod:`~claimgraph.pipeline.run`: annotation → RDF → validation, redoing only
what changed since the last run, see :mod:`~claimgraph.pipeline.cache`), and,
for ``claimgraph build``, its dumps swapped into the output folder all or nothing
(:mod:`~claimgraph.pipeline.build`). It feeds :mod:`claimgraph.web` (``serve``)
and the command line.
"""
