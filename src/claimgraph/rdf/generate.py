"""Files generated from the single sources of truth, and committed:

* ``schema/article.schema.json`` and ``schema/registry.schema.json``, from the
  annotation models (:mod:`claimgraph.annotation.model`), for editors that check YAML as it
  is typed;
* ``ontology/context.jsonld``, the JSON-LD context, from the ontology.

Run ``python -m claimgraph.rdf.generate`` (``make generate``) after changing either;
a test fails while the committed files are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import URIRef

from claimgraph.annotation.model import ArticleAnnotation, Registry
from claimgraph.rdf.vocab import CG_IRI, OWL, PREFIXES, RDF, RDFS, ontology_graph
from claimgraph.resources import context_file, schema_dir

SCHEMA_ID = "https://w3id.org/claimgraph/schema/"


def json_schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for name, model in (("article", ArticleAnnotation), ("registry", Registry)):
        schema = model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_ID}{name}.schema.json",
            **schema,
        }
        out[f"{name}.schema.json"] = schema
    return out


def jsonld_context() -> dict[str, Any]:
    """A term per ontology term; IRI-valued properties typed ``@id``."""
    graph = ontology_graph()
    context: dict[str, Any] = {
        prefix: namespace for prefix, namespace in sorted(PREFIXES.items()) if prefix != "owl"
    }
    context["label"] = "rdfs:label"
    context["prefLabel"] = "skos:prefLabel"
    context["altLabel"] = "skos:altLabel"
    context["note"] = "skos:note"
    terms = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(CG_IRI)}
    )
    for term in terms:
        name = str(term)[len(CG_IRI) :]
        types = set(graph.objects(term, RDF.type))
        if OWL.ObjectProperty in types:
            context[name] = {"@id": f"cg:{name}", "@type": "@id"}
        elif OWL.DatatypeProperty in types:
            rng = graph.value(term, RDFS.range)
            xsd = str(PREFIXES["xsd"])
            if rng is not None and str(rng).startswith(xsd) and str(rng) != xsd + "string":
                context[name] = {"@id": f"cg:{name}", "@type": f"xsd:{str(rng)[len(xsd) :]}"}
            else:
                context[name] = f"cg:{name}"
        elif OWL.Class in types:
            context[name] = f"cg:{name}"
    return {"@context": context}


def dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def generated_files() -> dict[Path, str]:
    files = {schema_dir() / name: dump(schema) for name, schema in json_schemas().items()}
    files[context_file()] = dump(jsonld_context())
    return files


def main() -> None:
    for path, text in generated_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
