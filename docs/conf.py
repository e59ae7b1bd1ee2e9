"""Sphinx configuration of the documentation site (`make docs`: build/site/,
warnings as errors, nothing fetched from the network). Pages are MyST
Markdown; the reference pages' tables are written in at build time from what
they describe (claimgraph.reference), so that they cannot drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimgraph import __version__, reference

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GUIDE = Path(__file__).resolve().parent / "guide" / "format.md"  # examples seeds/ lacks

project = "claimgraph"
author = "the claimgraph authors"
copyright = "the claimgraph authors; Apache-2.0"
version = release = __version__
extensions = ["myst_parser", "sphinx_click"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = f"claimgraph {__version__}"
html_static_path: list[str] = []
html_show_sourcelink = False
html_permalinks = True
# Pygments' SPARQL lexer does not know every property path ((a|b)/c): such a query is
# shown without colours rather than failing the build
suppress_warnings = ["misc.highlighting_failure"]

GENERATED = {
    "<!-- claimgraph:format article -->": lambda: reference.format_markdown(
        "article", SEEDS, GUIDE
    ),
    "<!-- claimgraph:format registry -->": lambda: reference.format_markdown(
        "registry", SEEDS, GUIDE
    ),
    "<!-- claimgraph:routes -->": reference.routes_markdown,
}


def _generate(app: Any, docname: str, source: list[str]) -> None:
    for marker, render in GENERATED.items():
        if marker in source[0]:
            source[0] = source[0].replace(marker, render())


def setup(app: Any) -> None:
    app.connect("source-read", _generate)
