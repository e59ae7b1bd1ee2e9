"""``python -m claimgraph``: the claimgraph command."""

from claimgraph.cli import main

main()
