"""The three versions claimgraph states, and ``claimgraph --version``.

The package's version (``pyproject.toml``), the annotation format's
(:data:`claimgraph.annotation.model.FORMAT_VERSION`, which every file states
as ``format:``) and the ontology's (``owl:versionInfo`` in the ontology's
header) each change on their own; CHANGELOG.md states all three for every
release, and a test holds them to it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import click
import pyoxigraph as ox

from claimgraph import __version__
from claimgraph.resources import ontology_file

ONTOLOGY = ox.NamedNode("https://w3id.org/claimgraph/ns")
VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")


class Versions(NamedTuple):
    package: str
    format: int
    ontology: str


def ontology_version() -> str:
    """The ``owl:versionInfo`` of the ontology claimgraph reads."""
    with ontology_file().open("rb") as file:
        for quad in ox.parse(file, format=ox.RdfFormat.TURTLE):
            if (
                quad.subject == ONTOLOGY
                and quad.predicate == VERSION_INFO
                and isinstance(quad.object, ox.Literal)
            ):
                return str(quad.object.value)
    raise LookupError(f"{ontology_file()} gives its ontology no owl:versionInfo")


def versions() -> Versions:
    # imported here: the annotation models take a tenth of a second to build, which a
    # command that reads no annotation (publish) need not wait for
    from claimgraph.annotation.model import FORMAT_VERSION

    return Versions(__version__, FORMAT_VERSION, ontology_version())


def version_line() -> str:
    package, format_version, ontology = versions()
    return (
        f"claimgraph, version {package} (annotation format {format_version}, ontology {ontology})"
    )


def _print_version(context: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(version_line())
        context.exit()


def version_option(function: Any) -> Any:
    """``--version``: the package's, the annotation format's and the ontology's versions."""
    return click.option(
        "--version",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_print_version,
        help="Show claimgraph's version, its annotation format's and its ontology's, and exit.",
    )(function)
