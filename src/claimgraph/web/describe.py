"""What the pages show, read from the store through the query executor:
a resource's properties both ways, a claim's chain of hops, a text's anchors,
and whether a claim was drafted by a tool and not yet reviewed."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import URIRef

from claimgraph.rdf.labels import ABOUT_VERBS, VERBS
from claimgraph.rdf.vocab import CG_IRI, PREFIXES, SKOS, ontology_graph
from claimgraph.store.publish import NS as PUBLICATION_NS
from claimgraph.web.backend import Backend
from claimgraph.web.executor import QueryRequest

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_LABEL_REF = URIRef(RDFS_LABEL)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# A remote store also holds the manifest claimgraph publish keeps beside the
# dataset (store.publish): its statements (and the graph IRIs they name) are
# not the dataset's, and no page shows them. The embedded store has none.
NOT_PUBLICATION = f'FILTER(!STRSTARTS(STR(?p), "{PUBLICATION_NS}"))'
PREFIX_LINES = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())


@dataclass(frozen=True)
class Term:
    value: str
    kind: str  # uri, literal, bnode
    label: str | None = None
    datatype: str | None = None
    lang: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"


@dataclass
class Resource:
    iri: str
    label: str | None = None
    types: list[Term] = field(default_factory=list)
    outgoing: list[tuple[Term, Term]] = field(default_factory=list)
    incoming: list[tuple[Term, Term]] = field(default_factory=list)

    def value(self, prop: str) -> Term | None:
        return next((o for p, o in self.outgoing if p.value == prop), None)

    def is_a(self, local: str) -> bool:
        return any(t.value == CG_IRI + local for t in self.types)


@dataclass(frozen=True)
class Hop:
    claim: Term
    claimant: Term | None
    document: Term | None  # the document it is stated in, or the occasion it was made on
    certainty: str | None
    polarity: str | None
    cue: str | None
    depth: int
    act: str | None = None  # the claimant's own speech act, as a verb ("denies")
    capacity: Term | None = None
    unreviewed: bool = False  # drafted by a tool, not yet reviewed
    confidence: str | None = None  # the drafter's
    only: str | None = None  # the part of the relayed statement it reports, if only part
    degree: str | None = None  # how far it says it holds, or does not ("particularly")


@dataclass(frozen=True)
class Mark:
    begin: int
    end: int
    kind: str  # quote, cue, mention, timeexpression
    owner: str  # the claim or actor it belongs to
    label: str | None = None  # the owner's label


# The highlights of a text, in the order a legend lists them, with what each marks.
MARK_KINDS = {
    "quote": "quote: the words a claim reports",
    "cue": "cue: the words that attribute them (said, according to)",
    "mention": "mention of an actor",
    "timeexpression": "when a statement was made, as written",
}


def compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


async def select(executor: Backend, query: str) -> list[dict[str, dict[str, str]]]:
    request = QueryRequest(PREFIX_LINES + query, accept="application/sparql-results+json")
    response = await executor.query(request)
    rows: list[dict[str, dict[str, str]]] = json.loads(response.body)["results"]["bindings"]
    return rows


def _term(row: dict[str, dict[str, str]], name: str, label: str | None = None) -> Term | None:
    cell = row.get(name)
    if cell is None:
        return None
    label_cell = row.get(label) if label else None
    return Term(
        cell["value"],
        cell["type"] if cell["type"] != "typed-literal" else "literal",
        label_cell["value"] if label_cell else None,
        cell.get("datatype"),
        cell.get("xml:lang"),
    )


def iri_ref(value: str) -> str | None:
    """``value`` as an IRI term of a SPARQL query, or ``None`` if it is not an
    IRI: text from a request path never becomes query syntax (``>`` or a space
    cannot close the term early)."""
    try:
        return str(ox.NamedNode(value))
    except ValueError:
        return None


async def resource(executor: Backend, iri: str, limit: int = 500) -> Resource | None:
    """The resource's statements both ways, with labels; ``None`` if unknown or
    not an IRI."""
    term = iri_ref(iri)
    if term is None:
        return None
    out = await select(
        executor,
        f"""SELECT ?p ?o (SAMPLE(?l) AS ?ol) WHERE {{
              {term} ?p ?o . OPTIONAL {{ ?o rdfs:label ?l }} {NOT_PUBLICATION}
            }} GROUP BY ?p ?o ORDER BY ?p ?o LIMIT {limit}""",
    )
    inc = await select(
        executor,
        f"""SELECT ?s ?p (SAMPLE(?l) AS ?sl) WHERE {{
              ?s ?p {term} . OPTIONAL {{ ?s rdfs:label ?l }} {NOT_PUBLICATION}
            }} GROUP BY ?s ?p ORDER BY ?p ?s LIMIT {limit}""",
    )
    if not out and not inc:
        return None
    found = Resource(iri)
    for row in out:
        p, o = _term(row, "p"), _term(row, "o", "ol")
        assert p is not None and o is not None
        if p.value == RDF_TYPE:
            found.types.append(o)
        elif p.value == RDFS_LABEL and found.label is None:
            found.label = o.value
        else:
            found.outgoing.append((p, o))
    for row in inc:
        s, p = _term(row, "s", "sl"), _term(row, "p")
        assert s is not None and p is not None
        found.incoming.append((p, s))
    return found


@dataclass
class Chain:
    """One report chain through a claim: from a hop no one relays down to one that
    relays no one. A claim relayed by several articles (or relaying several
    statements) has one chain for each way through it, never one long list."""

    hops: list[Hop]
    runs: list[tuple[str, Mark | None]] = field(default_factory=list)  # its article's text

    @property
    def title(self) -> str | None:
        top = self.hops[0]
        return top.document.label if top.document and top.document.label else None

    @property
    def top(self) -> str:
        """The report the chain starts from (no one relays it)."""
        return self.hops[0].claim.value

    @property
    def quoted(self) -> str | None:
        """The words of its report, as its article gives them (its quote, the
        first part if split): what tells two reports in one article apart."""
        text = "".join(run for run, _ in self.runs)
        for _, mark in self.runs:
            if mark is not None and mark.kind == "quote" and mark.owner == self.top:
                return text[mark.begin : mark.end]
        return None

    @property
    def bottom(self) -> str:
        """The statement the chain ends at (it relays no one)."""
        return self.hops[-1].claim.value

    @property
    def statement(self) -> str:
        """The statement the chain ends at, as its label reads ("United Nations
        criticises: …"), which names who made it: two statements of one source differ."""
        last = self.hops[-1]
        if last.claim.label:
            return last.claim.label
        who = last.claimant.label or compact(last.claimant.value) if last.claimant else None
        return f"the statement of {who or 'an unknown claimant'}"


MAX_CHAINS = 20  # past it, a page lists the first ones and says how many there are


async def chains(executor: Backend, claim: str, hops: list[Hop]) -> tuple[list[Chain], int]:
    """The chains through ``claim`` (at most MAX_CHAINS), and how many there are."""
    by_iri = {hop.claim.value: hop for hop in hops}
    if claim not in by_iri:
        return [], 0
    values = " ".join(f"<{iri}>" for iri in by_iri)
    rows = await select(
        executor,
        f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }}"
        " ?a cg:relays ?b }",
    )
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    for row in rows:
        a, b = row["a"]["value"], row["b"]["value"]
        down.setdefault(a, []).append(b)
        up.setdefault(b, []).append(a)

    def walk(start: str, step: dict[str, list[str]]) -> list[list[str]]:
        paths: list[list[str]] = []
        stack = [[start]]
        while stack and len(paths) <= MAX_CHAINS:
            path = stack.pop()
            following = [n for n in sorted(step.get(path[-1], []), reverse=True) if n not in path]
            if not following:
                paths.append(path)
            stack.extend([*path, n] for n in following)
        return paths

    ups = [list(reversed(path)) for path in walk(claim, up)]
    downs = walk(claim, down)
    found = [ups_path + down_path[1:] for ups_path in ups for down_path in downs]
    return [Chain([by_iri[i] for i in path]) for path in found[:MAX_CHAINS]], len(found)


@dataclass
class Standing:
    """What a page shows beside an event or a proposition wherever it lists one, so
    that none reads as fact: its status, and the claimants of the statements that
    assert it (the hops that relay no one), those that deny it apart, and those who
    only doubt it (cg:actDoubt: neither for nor against it) apart again; a claimant
    whose every such statement is hedged is shown with its hedge (``hedged``: the
    strongest of its certainties, probable or possible), never as a plain
    assertion."""

    status: str
    asserted_by: list[Term] = field(default_factory=list)
    denied_by: list[Term] = field(default_factory=list)
    doubted_by: list[Term] = field(default_factory=list)
    criticised_by: list[Term] = field(default_factory=list)  # naming only what they criticise
    asked_by: list[Term] = field(default_factory=list)  # a question, nothing taken as given
    hedged: dict[tuple[str, bool], str] = field(default_factory=dict)  # (who, denies)
    qualified: dict[tuple[str, bool], str] = field(default_factory=dict)  # (who, denies)
    # who asserts it only as what a question of theirs takes as given (cg:actAsk)
    given: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """The status as a reader reads it: "called for", not the IRI's "calledFor"."""
        return concept_label(CG_IRI + self.status)

    def hedge(self, who: str, denies: bool = False) -> str | None:
        """The hedge of ``who``'s statements that assert (or deny) it, if all are hedged."""
        return self.hedged.get((who, denies))

    def degree(self, who: str, denies: bool = False) -> str | None:
        """How far ``who``'s statements say it holds (or does not), if every one of
        them says (cg:degree): "«particularly»"."""
        return self.qualified.get((who, denies))


async def standings(executor: Backend, iris: list[str]) -> dict[str, Standing]:
    """The standing of each of ``iris`` that has a status (events and propositions)."""
    if not iris:
        return {}
    rows = await select(
        executor,
        f"""SELECT ?e ?status ?who (SAMPLE(?l) AS ?label) ?polarity
                   (GROUP_CONCAT(DISTINCT ?certainty) AS ?certainties)
                   (GROUP_CONCAT(DISTINCT ?degree; SEPARATOR="», «") AS ?degrees)
                   (SUM(IF(BOUND(?degree), 0, 1)) AS ?plain)
                   (SUM(IF(BOUND(?asking), 0, 1)) AS ?stated) WHERE {{
              VALUES ?e {{ {" ".join(f"<{i}>" for i in iris)} }}
              ?e cg:status ?statusConcept .
              BIND(STRAFTER(STR(?statusConcept), "#") AS ?status)
              OPTIONAL {{
                {{ ?statement cg:asserts ?e ; cg:polarity ?polarity .
                   OPTIONAL {{ ?statement cg:speechAct cg:actAsk . BIND(true AS ?asking) }} }}
                UNION
                {{ ?statement cg:about ?e ; cg:speechAct cg:actDoubt . BIND("doubt" AS ?polarity) }}
                UNION
                {{ ?statement cg:about ?e ; cg:speechAct ?aboutOnly .
                   VALUES (?aboutOnly ?polarity) {{
                     (cg:actCriticise "criticism") (cg:actAsk "question")
                   }}
                   FILTER NOT EXISTS {{ ?statement cg:asserts ?held }} }}
                ?statement cg:claimant ?who .
                FILTER NOT EXISTS {{ ?statement cg:relays ?relayed }}
                OPTIONAL {{ ?who rdfs:label ?l }}
                OPTIONAL {{
                  ?statement cg:certainty ?c BIND(STRAFTER(STR(?c), "#") AS ?certainty)
                }}
                OPTIONAL {{ ?statement cg:degree ?degree }}
              }}
            }} GROUP BY ?e ?status ?who ?polarity ORDER BY ?e ?label""",
    )
    found: dict[str, Standing] = {}
    for row in rows:
        standing = found.setdefault(row["e"]["value"], Standing(row["status"]["value"]))
        who = _term(row, "who", "label")
        if who is None:
            continue
        polarity = row.get("polarity", {}).get("value", "")
        negative = polarity.endswith("negative")
        side = {
            "doubt": standing.doubted_by,
            "criticism": standing.criticised_by,
            "question": standing.asked_by,
        }.get(polarity)
        if side is not None:
            if who not in side:
                side.append(who)
            continue
        group = standing.denied_by if negative else standing.asserted_by
        if who not in group:
            group.append(who)
        hedge = _hedge(row.get("certainties", {}).get("value", "").split())
        if hedge is not None:
            standing.hedged[(who.value, negative)] = hedge
        # qualified ("not «particularly»") only if every such statement of theirs is
        if row.get("degrees", {}).get("value") and row["plain"]["value"] == "0":
            standing.qualified[(who.value, negative)] = f"«{row['degrees']['value']}»"
        # a question's presupposition only if every such statement of theirs is one
        if row["stated"]["value"] == "0":
            standing.given.add(who.value)
    return found


HEDGED = ("probable", "possible")  # strongest first


def _hedge(certainties: list[str]) -> str | None:
    """The hedge a claimant's statements carry, if every one of them is hedged: the
    strongest of them; None if any is certain or says nothing of its certainty."""
    if not certainties or any(c not in HEDGED for c in certainties):
        return None
    return next(c for c in HEDGED if c in certainties)


@dataclass(frozen=True)
class Reporter:
    """Who reports a statement, and, if every hop of theirs that relays it reports
    only part of it (cg:reportsOnly), the labels of that part."""

    who: Term
    only: tuple[str, ...] = ()


async def reporters(
    executor: Backend, iris: list[str], content: str | None = None
) -> dict[str, list[Reporter]]:
    """Who reports each of ``iris`` that another hop relays: the claimants of the hops
    that relay it. A statement known only from someone's report ("Rathbun wrote that
    Moxon told Daniel …") is listed with them, never as if its claimant were heard
    directly. A hop that reports only part of a statement is listed with that part;
    on the page of ``content`` (an event or a proposition), not at all beside a
    statement of it that it reports another part of."""
    if not iris:
        return {}
    partial = ""
    if content is not None and (term := iri_ref(content)) is not None:
        partial = f"""FILTER(NOT EXISTS {{ ?report cg:reportsOnly ?any }}
                       || NOT EXISTS {{ ?c cg:asserts|cg:about {term} }}
                       || EXISTS {{ ?report cg:reportsOnly {term} }})"""
    rows = await select(
        executor,
        f"""SELECT ?c ?who (SAMPLE(?l) AS ?label) ?report
                   (GROUP_CONCAT(DISTINCT ?partLabel; separator="\\n") AS ?parts) WHERE {{
              VALUES ?c {{ {" ".join(f"<{i}>" for i in iris)} }}
              ?report cg:relays ?c ; cg:claimant ?who .
              {partial}
              OPTIONAL {{ ?who rdfs:label ?l }}
              OPTIONAL {{
                ?report cg:reportsOnly ?part .
                OPTIONAL {{ ?part rdfs:label ?pl }}
                BIND(COALESCE(?pl, STR(?part)) AS ?partLabel)
              }}
            }} GROUP BY ?c ?who ?report ORDER BY ?c ?label ?report""",
    )
    # each reporter once per statement: with the parts its hops report, or with none
    # if any of its hops reports it all
    found: dict[str, dict[Term, list[str] | None]] = {}
    for row in rows:
        who = _term(row, "who", "label")
        if who is None:
            continue
        labels = row.get("parts", {}).get("value", "")
        parts = sorted(labels.split("\n")) if labels else None
        by = found.setdefault(row["c"]["value"], {})
        if who not in by:
            by[who] = parts
        elif by[who] is not None:
            by[who] = None if parts is None else sorted({*(by[who] or []), *parts})
    return {
        c: [Reporter(who, tuple(parts or ())) for who, parts in by.items()]
        for c, by in found.items()
    }


@dataclass(frozen=True)
class Authorship:
    """Who says that an actor made a document (cg:allegedAuthor): the event or
    proposition that says so (cg:authorship), with its standing (its claimants:
    who asserts, denies or doubts it), and who reports the statements that assert
    or deny it. A page shows an alleged author with these, never as a bare author."""

    content: Term
    standing: Standing
    reporters: tuple[Reporter, ...] = ()


async def authorships(
    executor: Backend, docs: list[str]
) -> dict[tuple[str, str], list[Authorship]]:
    """The authorships of each alleged author of each of ``docs``, by (document,
    actor): the contents of its cg:authorship that name the actor as an agent,
    instigator or subject."""
    if not docs:
        return {}
    rows = await select(
        executor,
        f"""SELECT DISTINCT ?doc ?actor ?content ?label WHERE {{
              VALUES ?doc {{ {" ".join(f"<{d}>" for d in docs)} }}
              ?doc cg:allegedAuthor ?actor ; cg:authorship ?content .
              ?content cg:hasAgent|cg:hasInstigator|cg:subject ?actor .
              OPTIONAL {{ ?content rdfs:label ?label }}
            }} ORDER BY ?doc ?actor ?content""",
    )
    contents = sorted({row["content"]["value"] for row in rows})
    standing = await standings(executor, contents)
    # who reports the statements (those that relay no one) that assert or deny each
    statements: dict[str, list[str]] = {}
    if contents:
        for row in await select(
            executor,
            f"""SELECT DISTINCT ?e ?c WHERE {{
                  VALUES ?e {{ {" ".join(f"<{c}>" for c in contents)} }}
                  ?c cg:asserts ?e FILTER NOT EXISTS {{ ?c cg:relays ?relayed }}
                }} ORDER BY ?e ?c""",
        ):
            statements.setdefault(row["e"]["value"], []).append(row["c"]["value"])
    reported: dict[str, tuple[Reporter, ...]] = {}
    for content in contents:
        by = await reporters(executor, statements.get(content, []), content)
        unique: dict[Term, Reporter] = {}
        for each in by.values():
            for reporter in each:
                unique.setdefault(reporter.who, reporter)
        reported[content] = tuple(unique.values())
    found: dict[tuple[str, str], list[Authorship]] = {}
    for row in rows:
        content = row["content"]["value"]
        key = (row["doc"]["value"], row["actor"]["value"])
        term = _term(row, "content", "label")
        assert term is not None
        found.setdefault(key, []).append(
            Authorship(term, standing.get(content, Standing("unknown")), reported[content])
        )
    return found


async def doubts(executor: Backend, iris: list[str]) -> dict[str, tuple[str, str]]:
    """Those of ``iris`` that take no side on what they are ``cg:about``: doubts
    (cg:actDoubt), which name what their claimant does not believe, and questions
    that take nothing as given (cg:actAsk, nothing asserted), which name what they
    ask; a page lists them as doubting it or asking about it, not as only being
    about it. Each with its act and the words a page says it with."""
    if not iris:
        return {}
    rows = await select(
        executor,
        f"SELECT ?c ?act WHERE {{ VALUES ?c {{ {' '.join(f'<{i}>' for i in iris)} }}"
        " ?c cg:speechAct ?act . VALUES ?act { cg:actDoubt cg:actAsk }"
        " FILTER NOT EXISTS { ?c cg:asserts ?given } }",
    )
    words = {CG_IRI + "actDoubt": VERBS["doubt"][0], CG_IRI + "actAsk": ABOUT_VERBS["ask"][0]}
    return {row["c"]["value"]: (row["act"]["value"], words[row["act"]["value"]]) for row in rows}


async def negative(executor: Backend, iris: list[str]) -> dict[str, str]:
    """Those of ``iris`` that are negative claims: their ``cg:asserts`` says that what
    they name is not so (a denial), and a page must not show it as a plain assertion;
    each with the words a page says it with ("that it is not so", or with its degree
    "that it is not «particularly» so")."""
    if not iris:
        return {}
    rows = await select(
        executor,
        f"SELECT ?c ?degree WHERE {{ VALUES ?c {{ {' '.join(f'<{i}>' for i in iris)} }}"
        " ?c cg:polarity cg:negative OPTIONAL { ?c cg:degree ?degree } }",
    )
    said = {}
    for row in rows:
        degree = row.get("degree", {}).get("value")
        said[row["c"]["value"]] = f"that it is not «{degree}» so" if degree else "that it is not so"
    return said


async def chain(executor: Backend, claim: str) -> list[Hop]:
    """The hops of the report chains through ``claim``, outermost first, each with
    its own claimant's speech act."""
    rows = await select(
        executor,
        f"""SELECT ?hop (SAMPLE(?hl) AS ?hopLabel) (SAMPLE(?who) AS ?w) (SAMPLE(?wl) AS ?whoLabel)
                   (SAMPLE(?where) AS ?d) (SAMPLE(?dl) AS ?docLabel) (SAMPLE(?c) AS ?cert)
                   (SAMPLE(?pol) AS ?polarity) (SAMPLE(?cueText) AS ?cue)
                   (SAMPLE(?actConcept) AS ?act) (SAMPLE(?post) AS ?p) (SAMPLE(?pl) AS ?postLabel)
                   (COUNT(DISTINCT ?up) AS ?depth)
                   (MAX(IF(COALESCE(?status = cg:unreviewed, false), 1, 0)) AS ?unreviewed)
                   (SAMPLE(?conf) AS ?confidence)
                   (GROUP_CONCAT(DISTINCT ?onlyLabel; separator="; ") AS ?only)
                   (SAMPLE(?deg) AS ?degree)
            WHERE {{
              {{ ?hop cg:relays* <{claim}> }} UNION {{ <{claim}> cg:relays+ ?hop }}
              ?hop cg:claimant ?who .
              OPTIONAL {{ ?hop cg:statedIn ?stated }}
              OPTIONAL {{ ?hop cg:occasion ?occasion }}
              BIND(COALESCE(?stated, ?occasion) AS ?where)
              OPTIONAL {{ ?where rdfs:label ?dl }}
              OPTIONAL {{ ?hop rdfs:label ?hl }}
              OPTIONAL {{ ?who rdfs:label ?wl }}
              OPTIONAL {{ ?hop cg:certainty ?c }}
              OPTIONAL {{ ?hop cg:polarity ?pol }}
              OPTIONAL {{ ?hop cg:degree ?deg }}
              OPTIONAL {{ ?hop cg:speechAct ?actConcept }}
              OPTIONAL {{ ?hop cg:inCapacity ?post . OPTIONAL {{ ?post rdfs:label ?pl }} }}
              OPTIONAL {{ ?hop cg:hasCue/cg:anchorOf ?cueText }}
              OPTIONAL {{ ?up cg:relays+ ?hop }}
              OPTIONAL {{ ?hop cg:reviewStatus ?status }}
              OPTIONAL {{ ?hop cg:draftConfidence ?conf }}
              OPTIONAL {{
                ?hop cg:reportsOnly ?part . OPTIONAL {{ ?part rdfs:label ?partLabel }}
                BIND(COALESCE(?partLabel, STR(?part)) AS ?onlyLabel)
              }}
            }} GROUP BY ?hop ORDER BY ?depth ?hop""",
    )
    hops = []
    for row in rows:
        claim_term = _term(row, "hop", "hopLabel")
        assert claim_term is not None
        hops.append(
            Hop(
                claim_term,
                _term(row, "w", "whoLabel"),
                _term(row, "d", "docLabel"),
                _local(row, "cert"),
                _local(row, "polarity"),
                row["cue"]["value"] if "cue" in row else None,
                int(row["depth"]["value"]),
                concept_label(row["act"]["value"]) if "act" in row else None,
                _term(row, "p", "postLabel"),
                row.get("unreviewed", {}).get("value") == "1",
                row["confidence"]["value"] if "confidence" in row else None,
                row.get("only", {}).get("value") or None,
                row["degree"]["value"] if "degree" in row else None,
            )
        )
    return hops


@dataclass(frozen=True)
class Drafting:
    """What the data says of how a claim was annotated: drafted by a tool (with
    its confidence), reviewed by a person or not yet."""

    unreviewed: bool = False
    reviewed: bool = False
    tool: str | None = None
    confidence: str | None = None
    reviewer: str | None = None
    reviewed_on: str | None = None

    @property
    def sentence(self) -> str | None:
        """ "Drafted by claimgraph 0.1.0, not reviewed; drafter's confidence 0.8"."""
        parts = []
        if self.unreviewed:
            parts.append(f"drafted by {self.tool or 'a tool'}, not reviewed")
        else:
            if self.tool is not None:
                parts.append(f"drafted by {self.tool}")
            if self.reviewed or self.reviewer is not None:
                who = f" by {self.reviewer}" if self.reviewer else ""
                parts.append(
                    f"reviewed{who}" + (f" on {self.reviewed_on}" if self.reviewed_on else "")
                )
        if self.confidence is not None:
            parts.append(f"drafter's confidence {self.confidence}")
        sentence = "; ".join(parts)
        return sentence[:1].upper() + sentence[1:] or None


async def drafting(executor: Backend, claim: str) -> Drafting:
    """Whether ``claim`` was drafted and by what, its drafter's confidence, and
    who reviewed it. Unreviewed if any statement says so: a page never shows
    a claim that may be unreviewed as reviewed."""
    rows = await select(
        executor,
        f"""SELECT ?status ?tool ?confidence ?reviewer ?on WHERE {{
              {{ <{claim}> cg:reviewStatus ?status }}
              UNION {{ <{claim}> prov:wasGeneratedBy ?d . ?d a cg:Drafting ;
                         prov:wasAssociatedWith/rdfs:label ?tool }}
              UNION {{ <{claim}> cg:draftConfidence ?confidence }}
              UNION {{ ?r a cg:Review ; prov:used <{claim}> ;
                         prov:wasAssociatedWith/rdfs:label ?reviewer
                       OPTIONAL {{ ?r cg:date ?on }} }}
            }} ORDER BY ?tool ?confidence ?reviewer ?on LIMIT 100""",
    )

    def first(name: str) -> str | None:
        return next((r[name]["value"] for r in rows if name in r), None)

    statuses = {r["status"]["value"] for r in rows if "status" in r}
    unreviewed = CG_IRI + "unreviewed" in statuses
    return Drafting(
        unreviewed=unreviewed,
        reviewed=not unreviewed and CG_IRI + "reviewed" in statuses,
        tool=first("tool"),
        confidence=first("confidence"),
        reviewer=first("reviewer"),
        reviewed_on=first("on"),
    )


async def unreviewed_claims(executor: Backend, article: str) -> tuple[int, str | None]:
    """How many of the claims ``article`` reports (its own hops and those they
    relay) are drafted and not reviewed, and the tool that drafted them."""
    rows = await select(
        executor,
        f"""SELECT (COUNT(DISTINCT ?c) AS ?n) (SAMPLE(?tool) AS ?by) WHERE {{
              {{ ?c cg:statedIn <{article}> }}
              UNION {{ ?s cg:statedIn <{article}> ; cg:relays+ ?c }}
              ?c cg:reviewStatus cg:unreviewed .
              OPTIONAL {{ ?c prov:wasGeneratedBy/prov:wasAssociatedWith/rdfs:label ?tool }}
            }}""",
    )
    if not rows:
        return 0, None
    return int(rows[0]["n"]["value"]), rows[0].get("by", {}).get("value")


# The other vocabularies' terms claimgraph's data uses, named as their specifications
# name them (the ontology labels only its own terms).
_OTHER_TERMS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "see also",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "preferred label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "other label",
    "http://www.w3.org/2004/02/skos/core#note": "note",
    "http://www.w3.org/2004/02/skos/core#definition": "definition",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "derived from",
    "http://www.w3.org/ns/prov#wasGeneratedBy": "generated by",
    "http://www.w3.org/ns/prov#wasAssociatedWith": "associated with",
    "http://www.w3.org/ns/prov#used": "used",
    "http://www.w3.org/ns/prov#endedAtTime": "ended at",
    "http://purl.org/dc/terms/source": "source",
    "http://purl.org/dc/terms/license": "licence",
}


@cache
def _term_labels() -> dict[str, str]:
    graph = ontology_graph()
    labels = dict(_OTHER_TERMS)
    labels |= {str(c): str(label) for c, label in graph.subject_objects(SKOS.prefLabel)}
    for term, label in graph.subject_objects(RDFS_LABEL_REF):
        labels.setdefault(str(term), str(label))
    return labels


def concept_label(iri: str) -> str:
    """A term's label from the ontology ("denies" for cg:actDeny, "has agent" for
    cg:hasAgent): the store holds the data, not the ontology. Other IRIs are
    shown compacted."""
    return _term_labels().get(iri, compact(iri))


def _local(row: dict[str, dict[str, str]], name: str) -> str | None:
    cell = row.get(name)
    return cell["value"].rsplit("#", 1)[-1] if cell else None


async def text_marks(
    executor: Backend, text: str, only: list[str] | None = None
) -> tuple[str, list[Mark]]:
    """The full text of ``text`` and its anchors (of the given claims, if ``only``)."""
    restrict = f"FILTER(?owner IN ({', '.join(f'<{o}>' for o in only)}))" if only else ""
    rows = await select(
        executor,
        f"""SELECT ?string ?b ?e ?kind ?owner WHERE {{
              <{text}> cg:isString ?string .
              OPTIONAL {{
                ?a cg:referenceContext <{text}> ; cg:beginIndex ?b ; cg:endIndex ?e ; a ?kind .
                FILTER(?kind IN (cg:Quote, cg:QuotePart, cg:Cue, cg:Mention, cg:TimeExpression))
                {{ ?owner cg:hasQuote|cg:hasQuote/cg:quotePart|cg:hasCue ?a }}
                UNION {{ ?a cg:refersTo ?owner }}
                UNION {{ ?owner cg:occasion/cg:hasTimeExpression ?a }}
                {restrict}
              }}
            }} ORDER BY ?b""",
    )
    if not rows:
        return "", []
    string = rows[0]["string"]["value"]
    owners = sorted({r["owner"]["value"] for r in rows if "b" in r})
    labels = await _labels(executor, owners)
    marks = [
        Mark(
            int(r["b"]["value"]),
            int(r["e"]["value"]),
            # each part of a quotation split by its cue is marked as a quote
            r["kind"]["value"].rsplit("#", 1)[1].lower().removesuffix("part"),
            r["owner"]["value"],
            labels.get(r["owner"]["value"]),
        )
        for r in rows
        if "b" in r
    ]
    return string, marks


async def _labels(executor: Backend, iris: list[str]) -> dict[str, str]:
    """One label for each of ``iris`` that has one."""
    if not iris:
        return {}
    rows = await select(
        executor,
        f"""SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{
              VALUES ?s {{ {" ".join(f"<{i}>" for i in iris)} }} ?s rdfs:label ?l
            }} GROUP BY ?s""",
    )
    return {r["s"]["value"]: r["label"]["value"] for r in rows if "label" in r}


def segments(text: str, marks: list[Mark]) -> list[tuple[str, Mark | None]]:
    """The text cut into runs, each inside the innermost (last starting) mark or none."""
    cuts = sorted({0, len(text), *(m.begin for m in marks), *(m.end for m in marks)})
    runs: list[tuple[str, Mark | None]] = []
    for start, end in itertools.pairwise(cuts):
        covering = [m for m in marks if m.begin <= start and end <= m.end]
        runs.append((text[start:end], max(covering, key=lambda m: m.begin) if covering else None))
    return runs
