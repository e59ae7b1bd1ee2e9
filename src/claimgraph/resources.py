"""Where the ontology, shapes and JSON Schemas live.

In a source checkout they are the top-level ``ontology/``, ``shapes/`` and
``schema/`` folders (so edits take effect at once); an installed wheel carries
copies under ``claimgraph/_data``.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``shapes`` or ``schema``)."""
    for candidate in (_CHECKOUT / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"claimgraph's {name}/ folder is missing from {_CHECKOUT}")


def ontology_file() -> Path:
    return data_dir("ontology") / "claimgraph.ttl"


def context_file() -> Path:
    return data_dir("ontology") / "context.jsonld"


def shapes_file() -> Path:
    return data_dir("shapes") / "claimgraph.ttl"


def checks_dir() -> Path:
    return data_dir("ontology") / "checks"


def schema_dir() -> Path:
    return data_dir("schema")


def static_dir() -> Path:
    """The scripts, styles and icon the pages of ``serve`` and ``edit`` load."""
    return _PACKAGE / "web" / "static"


def yasgui_dir() -> Path | None:
    """YASGUI's build, installed by npm from package-lock.json (``make`` runs
    ``npm ci``); ``$CLAIMGRAPH_NODE_MODULES`` points elsewhere. ``None`` if absent."""
    modules = Path(os.environ.get("CLAIMGRAPH_NODE_MODULES", _CHECKOUT / "node_modules"))
    build = modules / "@zazuko" / "yasgui" / "build"
    return build if (build / "yasgui.min.js").is_file() else None
