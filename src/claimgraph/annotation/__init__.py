"""Stage 1, annotation: the files users write, checked and typed.

Takes a corpus folder (``registry.yaml`` and, per article, ``ARTICLE.yaml``
beside ``ARTICLE.txt``) and gives a loaded :class:`~claimgraph.annotation.corpus.Corpus`
of typed models (:mod:`~claimgraph.annotation.model`), with dates parsed, quotes
anchored in the article texts and every reference resolved, or errors that name
the file and line. It feeds :mod:`claimgraph.rdf`, and imports nothing of the
later stages.
"""
