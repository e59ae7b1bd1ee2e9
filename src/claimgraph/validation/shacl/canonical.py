"""What Oxigraph does to literals, so that reports can name the data's own terms.

Oxigraph stores a literal by its value: ``"4.0"^^xsd:decimal`` reads back as
``"4"^^xsd:decimal``, ``"5"^^xsd:nonNegativeInteger`` as ``"5"^^xsd:integer``,
``"x"@EN`` as ``"x"@en``. The engine validates what the store holds; these
helpers find the literals that change and map the stored forms back.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

_STRING = "http://www.w3.org/2001/XMLSchema#string"


def changed_literals(literals: Iterable[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """The literals among ``literals`` that Oxigraph stores differently:
    original → stored form."""
    originals = list({lit for lit in literals if lit.language or lit.datatype.value != _STRING})
    if not originals:
        return {}
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:x-claimgraph:literal")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:x-claimgraph:{i}"), predicate, lit)
        for i, lit in enumerate(originals)
    )
    changed = {}
    for quad in scratch.quads_for_pattern(None, predicate, None):
        assert isinstance(quad.subject, ox.NamedNode)
        original = originals[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object != original:
            changed[original] = quad.object
    return changed  # type: ignore[return-value]


def restoring(changed: dict[ox.Literal, ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """stored form → original, where one original alone has that stored form
    (two originals stored as one term cannot be told apart)."""
    back: dict[ox.Literal, list[ox.Literal]] = {}
    for original, stored in changed.items():
        back.setdefault(stored, []).append(original)
    return {stored: found[0] for stored, found in back.items() if len(found) == 1}
