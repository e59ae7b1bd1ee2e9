"""A generator of realistic synthetic corpora for claimgraph's benchmarks.

Each article reports a few allegations through chains of two or three hops
(article → document → anonymous or named source), with verbatim quotes and
reporting cues, about events involving actors and places shared through the
registry. Deterministic for a given size and seed.

    python bench/generate.py OUT_DIR --articles 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

FIRST = [
    "Amina",
    "Karim",
    "Sofia",
    "Jean",
    "Leila",
    "Omar",
    "Nadia",
    "Pierre",
    "Yusuf",
    "Mira",
    "Tariq",
    "Elena",
    "Samir",
    "Ines",
    "Rachid",
    "Hana",
    "Malik",
    "Clara",
    "Idris",
    "Zora",
]
LAST = [
    "Benali",
    "Durand",
    "Haddad",
    "Kovacs",
    "Mansour",
    "Okafor",
    "Petrov",
    "Rahman",
    "Silva",
    "Tanaka",
    "Weber",
    "Yilmaz",
    "Zidane",
    "Novak",
    "Ferreira",
    "Laurent",
]
COUNTRIES = [
    "Algeria",
    "Morocco",
    "Mali",
    "Niger",
    "Chad",
    "Libya",
    "Tunisia",
    "Mauritania",
    "Senegal",
    "Burkina Faso",
    "Egypt",
    "Sudan",
]
AGENCIES = [
    "intelligence service",
    "interior ministry",
    "army command",
    "foreign ministry",
    "customs authority",
    "presidential office",
]
GROUP_WORDS = ["Brigade", "Front", "Movement", "Battalion", "Council", "Union"]
GROUP_NAMES = ["Sahara", "Dawn", "Blood", "Desert", "Unity", "Light", "Martyrs", "Banner"]
VERBS = [
    ("funded", "funding"),
    ("armed", "arming"),
    ("protected", "protecting"),
    ("trained", "training"),
    ("paid", "paying"),
    ("sheltered", "sheltering"),
]
CUES = [
    ("said", "say"),
    ("revealed", "reveal"),
    ("reported", "say"),
    ("added", "say"),
    ("claimed", "say"),
    ("suggested", "suggest"),
    ("stated", "say"),
]
SOURCES = [
    "a senior official",
    "a well-placed source",
    "a diplomat",
    "a former officer",
    "a person familiar with the matter",
    "an intelligence source",
]
SEASONS = ["spring", "summer", "autumn", "winter"]


Registry = dict[str, Any]  # format, and lists of entries by section


def _registry(rng: random.Random, size: int) -> Registry:
    actors: list[dict[str, object]] = []
    places: list[dict[str, object]] = []
    for country in COUNTRIES:
        slug = country.lower().replace(" ", "-")
        actors.append({"id": slug, "kind": "state", "names": [country]})
        actors.append(
            {
                "id": f"{slug}-government",
                "kind": "government",
                "names": [f"{country} government", f"the government of {country}"],
            }
        )
        for agency in AGENCIES:
            actors.append(
                {
                    "id": f"{slug}-{agency.replace(' ', '-')}",
                    "kind": "government",
                    "names": [f"{country}'s {agency}"],
                    "member_of": f"{slug}-government",
                }
            )
        for n in range(4):
            places.append(
                {
                    "id": f"{slug}-city-{n}",
                    "names": [f"{rng.choice(GROUP_NAMES)}ville {n} of {country}"],
                    "within": slug,
                }
            )
    people = max(40, size // 20)
    for n in range(people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        actors.append(
            {
                "id": f"person-{n}",
                "kind": "person",
                "names": [f"{name} ({n})"],
                "description": f"An official of {rng.choice(COUNTRIES)}.",
            }
        )
    groups = max(10, size // 100)
    for n in range(groups):
        word, name = rng.choice(GROUP_WORDS), rng.choice(GROUP_NAMES)
        actors.append(
            {
                "id": f"group-{n}",
                "kind": "armed-group",
                "names": [f"{name} {word} {n}", f"the {word} of {name} {n}"],
            }
        )
    documents = [
        {
            "id": f"cable-{n}",
            "kind": "report",
            "title": f"Diplomatic cable {n}",
            "author": f"person-{rng.randrange(people)}",
            "published": f"{rng.randint(2005, 2015)}-{rng.randint(1, 12):02d}",
        }
        for n in range(max(20, size // 10))
    ]
    return {"format": 2, "actors": actors, "places": places, "documents": documents}


def _article(rng: random.Random, n: int, reg: Registry) -> tuple[str, dict[str, object]]:
    actors = reg["actors"]
    people = [a for a in actors if a["kind"] == "person"]
    groups = [a for a in actors if a["kind"] == "armed-group"]
    governments = [a for a in actors if a["kind"] == "government"]
    places = reg["places"]
    documents = reg["documents"]

    def name(actor: dict[str, object]) -> str:
        return str(actor["names"][0])  # type: ignore[index]

    headline = f"Report {n}: officials accused of secret deals with armed groups"
    paragraphs = [headline, f"By a staff writer, article {n}."]
    starts: dict[str, int] = {}
    events: list[dict[str, object]] = []
    claims: list[dict[str, object]] = []
    local_actors: list[dict[str, object]] = []
    for k in range(rng.randint(3, 5)):
        gov, group, place = rng.choice(governments), rng.choice(groups), rng.choice(places)
        verb, noun = rng.choice(VERBS)
        year = rng.randint(2008, 2016)
        when, date = (
            (f"in {year}", str(year))
            if k % 3 == 0
            else (f"in the {SEASONS[k % 4]} of {year}", f"{SEASONS[k % 4]} {year}")
            if k % 3 == 1
            else (f"on {year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", None)
        )
        if date is None:
            date = when.removeprefix("on ")
        event_id = f"e{k}"
        events.append(
            {
                "id": event_id,
                "label": f"{name(gov)} {verb} {name(group)} {when}",
                "status": "alleged",
                "instigators": [gov["id"]],
                "agents": [group["id"]],
                "places": [place["id"]],
                "date": date,
            }
        )
        doc = rng.choice(documents)
        cue_word, cue_type = rng.choice(CUES)
        quote = f"{name(gov)} {verb} {name(group)} near {name(place)} {when}"
        source_words = f"{rng.choice(SOURCES)} number {n}-{k}"
        source_id = f"source-{k}"
        local_actors.append(
            {
                "id": source_id,
                "kind": "anonymous-source",
                "described_as": source_words,
                "reported_affiliation": rng.choice(governments)["id"],
                "affiliation_qualifier": "close to",
            }
        )
        starts[f"c{k}-article"] = len("\n\n".join(paragraphs)) + 2
        paragraphs.append(
            f"“{quote},” the cable {cue_word}, citing {source_words}. "
            f"Officials in {name(gov)} did not answer questions about the {noun} of the group."
        )
        claims += [
            {
                "id": f"c{k}-article",
                "cue": {"text": f"the cable {cue_word}", "type": cue_type},
                "quote": {"text": quote, "mode": "direct"},
                "certainty": "underspecified",
                "relays": f"c{k}-cable",
            },
            {
                "id": f"c{k}-cable",
                "claimant": doc["author"],
                "act": "cite",
                "document": doc["id"],
                "cue": {"text": f"citing {source_words}", "type": "cite"},
                "certainty": "certain",
                "relays": f"c{k}-source",
            },
            {
                "id": f"c{k}-source",
                "claimant": source_id,
                "act": "say",
                "document": doc["id"],
                "asserts": [event_id],
                "certainty": rng.choice(["certain", "probable", "underspecified"]),
            },
        ]
        if k == 0:
            denier = rng.choice(people)
            paragraphs.append(f"{name(denier)}, a spokesman, denied the report {n}.")
            claims += [
                {  # the article reports the denial; the denial is the spokesman's
                    "id": "denial-report",
                    "cue": {"text": f"denied the report {n}", "type": "deny"},
                    "certainty": "certain",
                    "relays": "denial",
                },
                {
                    "id": "denial",
                    "claimant": denier["id"],
                    "act": "deny",
                    "said": {"medium": "statement"},
                    "asserts": [event_id],
                    "certainty": "certain",
                    "contradicts": ["c0-source"],
                },
            ]
    paragraphs.append("The article was compiled from documents seen by the newsroom. " * 3)
    text = "\n\n".join(paragraphs)
    for claim in claims:
        cue = claim.get("cue")
        if isinstance(cue, dict) and claim["id"] in starts and text.count(cue["text"]) > 1:
            cue["occurrence"] = text[: starts[str(claim["id"])]].count(cue["text"]) + 1
    annotation = {
        "format": 2,
        "article": {
            "headline": headline,
            "author": "unknown",
            "publisher": "unknown",
            "published": f"{rng.randint(2013, 2020)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        },
        "actors": local_actors,
        "events": events,
        "claims": claims,
    }
    return text, annotation


def generate(folder: Path, articles: int, seed: int = 1) -> Path:
    """Write a corpus of ``articles`` articles into ``folder``; return it."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    registry = _registry(rng, articles)
    (folder / "registry.yaml").write_text(
        yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    for n in range(articles):
        text, annotation = _article(rng, n, registry)
        stem = f"article-{n:05d}"
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        (folder / f"{stem}.yaml").write_text(
            yaml.safe_dump(annotation, sort_keys=False, allow_unicode=True, width=1000),
            encoding="utf-8",
        )
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
