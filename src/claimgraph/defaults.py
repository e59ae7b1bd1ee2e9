"""The values the command line offers before it imports what uses them (see
:mod:`claimgraph.cli`): the default base IRI, the SHACL engines, the report
formats."""

DEFAULT_BASE_IRI = "http://127.0.0.1:8000/"
ENGINES = ("claimgraph", "pyshacl")
REPORT_FORMATS = ("text", "json", "junit")
