"""claimgraph: publish news allegations as linked data.

An article is annotated once (YAML beside its text), mapped to RDF under the
claimgraph ontology, checked with SHACL, and published.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimgraph")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
