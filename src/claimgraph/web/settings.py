"""Server settings: one typed object, read from the command line and from
``CLAIMGRAPH_*`` environment variables, injected into the app."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from claimgraph.rdf.iris import DEFAULT_BASE_IRI


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMGRAPH_", frozen=True)

    store: Path = Field(description="Folder of the Oxigraph store (unused with endpoint).")
    endpoint: str | None = Field(
        None,
        description="Root URL of an Oxigraph server that claimgraph publish filled: "
        "serve it (read-only) instead of the store folder.",
    )
    endpoint_user: str | None = Field(None, description="HTTP Basic user for the endpoint.")
    endpoint_password: SecretStr | None = Field(
        None, description="HTTP Basic password for the endpoint (never shown)."
    )
    base_iri: str = Field(DEFAULT_BASE_IRI, description="Base of the dataset's IRIs.")
    query_timeout: float = Field(30.0, gt=0, description="Seconds a query may run.")
    workers: int = Field(2, ge=1, description="Queries that may run at once, per server process.")
    queue_timeout: float = Field(10.0, ge=0, description="Seconds a query may wait for a worker.")
    max_result_bytes: int = Field(100 * 1024 * 1024, gt=0, description="Largest result, in bytes.")
    max_body_bytes: int = Field(1024 * 1024, gt=0, description="Largest request body, in bytes.")
    max_header_bytes: int = Field(
        64 * 1024,  # h11's and Node's 16 KiB, times 4: SPARQL clients send long queries by GET
        ge=1024,
        description="Largest request head (request line and header fields), in bytes.",
    )
    max_page_rows: int = Field(
        1000, ge=1, description="Rows (or triples) of a result the HTML results page shows."
    )
    max_nesting: int = Field(
        100,
        ge=1,
        le=10_000,  # the parser keeps a few Python frames per level
        description="Deepest tree a query or update may have: each bracket, operator, "
        "element or triple pattern of a group, path operator, UNION and sub-select is a level.",
    )
    allow_service: tuple[str, ...] = Field(
        (),
        description="Remote endpoints that SERVICE (in queries) and LOAD (in updates) may "
        "call, each an http(s) IRI; none by default, so the server fetches nothing.",
    )
    max_query_memory: int = Field(
        2**30,
        ge=64 * 2**20,
        description="Bytes of memory a query may allocate in its query process; past it "
        "the query is stopped (503) and its process replaced.",
    )
    client_share: int | None = Field(
        None,
        ge=1,
        description="Query workers one client may hold at once, per server process "
        "(default: half of --workers, at least 1).",
    )
    trusted_proxies: tuple[str, ...] = Field(
        (),
        description="Addresses of reverse proxies whose X-Forwarded-For names the client; "
        "none by default, so the peer's own address is the client's.",
    )
    cache_max_age: int = Field(
        60, ge=0, description="Seconds caches may reuse a response (Cache-Control max-age)."
    )
    allow_update: bool = Field(False, description="Accept SPARQL Update and Graph Store writes.")
    update_token: str | None = Field(None, description="Bearer token that authorises updates.")
