"""claimgraph's HTTP server: the SPARQL endpoint and the linked-data pages."""
