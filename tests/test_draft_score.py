"""The draft scorer (claimgraph.draft.score) and its bench (bench/draft.py).

A hand annotation scored against itself is perfect; each hand-made change of
it moves exactly the figures it should. The changed annotations are read as
drafts are: written into a folder of their own beside the text and the
registry, and loaded by claimgraph's loader.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from claimgraph.annotation.anchoring import Span
from claimgraph.annotation.corpus import Corpus, LoadedRegistry, load_corpus, load_registry
from claimgraph.annotation.model import Registry
from claimgraph.annotation.resolve import article_scope, claim_index, claimant_of, registry_scope
from claimgraph.draft import Drafted
from claimgraph.draft.score import (
    PRF,
    Analysed,
    AttributionScore,
    Ratio,
    Score,
    Source,
    SourceKind,
    as_reviewed,
    effective_claimant,
    held_out,
    match_spans,
    name_key,
    read_draft,
    read_gold,
    same_actor,
    score,
    without,
)
from claimgraph.errors import Collector
from tests.conftest import ROOT, SEED_ID, SEEDS

GIZAWY = "002_globalvoices_egypt_gizawy"
ARTICLES = sorted(p.stem for p in SEEDS.glob("0*.yaml"))
# the figures a wrong source moves, matched either way
SOURCE_FIGURES = {
    f"{mode}.{name}" for mode in ("exact", "overlap") for name in ("claimant", "speaker", "chains")
}


@pytest.fixture(scope="module")
def registry() -> LoadedRegistry:
    return load_registry(SEEDS / "registry.yaml", SEEDS)


def gold_of(name: str, registry: LoadedRegistry) -> tuple[Corpus, Analysed]:
    return read_gold(SEEDS, SEEDS / f"{name}.yaml", registry)


def changed(name: str, *edits: tuple[str, str]) -> str:
    """The hand annotation of ``name`` with each (old, new) replaced, once."""
    text = (SEEDS / f"{name}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def scored(name: str, registry: LoadedRegistry, *edits: tuple[str, str]) -> tuple[Score, Score]:
    """(the changed draft's score, the hand annotation's own score)."""
    corpus, gold = gold_of(name, registry)
    path = SEEDS / f"{name}.yaml"
    draft, _ = read_draft(changed(name, *edits), corpus, path, validate=False)
    return score(gold, draft), score(gold, gold)


def differences(a: Score, b: Score) -> set[str]:
    """The names of the figures that differ (``overlap.act``, ``cues_exact``)."""
    found: set[str] = set()
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, AttributionScore):
            found |= {
                f"{f.name}.{g.name}" for g in fields(x) if getattr(x, g.name) != getattr(y, g.name)
            }
        elif x != y:
            found.add(f.name)
    return found


def perfect(value: PRF | Ratio) -> bool:
    if isinstance(value, PRF):
        return value.correct == value.gold == value.draft
    return value.hits == value.total


# -- the hand annotation against itself ---------------------------------------------


@pytest.mark.parametrize("name", ARTICLES)
def test_gold_against_itself_is_perfect(name: str, registry: LoadedRegistry) -> None:
    corpus, gold = gold_of(name, registry)
    path = SEEDS / f"{name}.yaml"
    draft, checked = read_draft(path.read_text(encoding="utf-8"), corpus, path)
    assert checked.loads and checked.validates, checked.messages
    result = score(gold, draft)
    assert gold.attributions and gold.cues and gold.quotes
    for f in fields(result):
        value = getattr(result, f.name)
        if isinstance(value, AttributionScore):
            assert all(perfect(getattr(value, g.name)) for g in fields(value)), (f.name, value)
        elif isinstance(value, PRF):
            assert perfect(value) and value.f1 == 100, (f.name, value)
    assert result.reporter_denials == 0
    assert result.author_voice_draft == result.author_voice_gold
    assert (draft.claims, draft.actors, draft.mentions) == (gold.claims, gold.actors, gold.mentions)


def test_effective_claimant_is_claimgraphs(registry: LoadedRegistry) -> None:
    """The scorer's tolerant effective claimant agrees with the resolver's on
    every claim of the seeds (continuations included)."""
    corpus = load_corpus(SEEDS)
    errors = Collector()
    shared, index = registry_scope(corpus.registry, errors), claim_index(corpus)
    continued = 0
    for article in corpus.articles:
        scope = article_scope(article, shared, index, errors)
        claims = {c.id: c for c in article.model.claims}
        for claim in article.model.claims:
            assert effective_claimant(claim, claims) == claimant_of(claim, scope)
            continued += claim.continues is not None and claim.claimant is None
    assert not errors and continued > 10


# -- each change moves its figures ----------------------------------------------------


def test_a_missing_cue_lowers_cue_recall_only(registry: LoadedRegistry) -> None:
    # the claim keeps its quote: its attribution is still matched, by the quote
    draft, gold = scored(SEED_ID, registry, ("    cue: {text: the email said, type: say}\n", ""))
    assert draft.cues_exact == draft.cues_overlap == PRF(10, 11, 10)
    assert draft.cues_exact.precision == 100 and draft.cues_exact.recall < 100
    # the share of matched attributions with the gold's cue counts cues too
    assert draft.exact.same_cue == draft.overlap.same_cue == Ratio(10, 11)
    assert differences(draft, gold) == {
        "cues_exact",
        "cues_overlap",
        "exact.same_cue",
        "overlap.same_cue",
    }


def test_a_wrong_claimant(registry: LoadedRegistry) -> None:
    """The anonymous source's statement given to the DGSE itself: the e-mail's
    attribution has the wrong source, and every chain through it is wrong."""
    draft, gold = scored(
        SEED_ID,
        registry,
        ("    claimant: dgse-source\n    act: say\n", "    claimant: french-dgse\n    act: say\n"),
    )
    attributions = gold.overlap.claimant.gold
    assert (
        draft.overlap.claimant == draft.exact.claimant == PRF(attributions - 1, *[attributions] * 2)
    )
    assert draft.overlap.speaker == Ratio(attributions - 1, attributions)
    # headline, lede and email-quote reach the source through the e-mail
    assert draft.overlap.chains == Ratio(attributions - 4, attributions)
    assert differences(draft, gold) == SOURCE_FIGURES


def test_a_denial_moved_onto_the_article_hop(registry: LoadedRegistry) -> None:
    """The article's hop made negative and the officials' hop a plain
    statement: a denial given to the reporter, and a wrong polarity and act."""
    draft, gold = scored(
        GIZAWY,
        registry,
        (
            "    quote: {text: El Gizawy was arrested for defaming the king, mode: indirect}\n"
            "    certainty: certain\n",
            "    quote: {text: El Gizawy was arrested for defaming the king, mode: indirect}\n"
            "    certainty: certain\n    polarity: negative\n",
        ),
        (
            "    as: saudi-officials-post\n    act: deny\n",
            "    as: saudi-officials-post\n    act: say\n",
        ),
    )
    assert gold.reporter_denials == 0 and draft.reporter_denials == 1
    denials = gold.overlap.denial_polarity.total
    assert draft.overlap.denial_polarity == Ratio(denials - 1, denials)
    matched = gold.overlap.act.total
    assert draft.overlap.act == Ratio(matched - 1, matched)
    assert draft.overlap.polarity == Ratio(matched - 1, matched)
    assert draft.overlap.claimant == gold.overlap.claimant  # the officials still said it
    assert draft.cues_exact == gold.cues_exact and draft.quotes_exact == gold.quotes_exact


CANADA = "006_wikinews_canada_document"


def test_a_degree_left_out_or_given_where_there_is_none(registry: LoadedRegistry) -> None:
    """The government's "wasn't particularly sensitive" without its degree: the
    degree of its matched attribution is wrong, and nothing else."""
    draft, gold = scored(CANADA, registry, ("    degree: particularly\n", ""))
    graded = gold.overlap.degree.total  # the attributions that reach that hop
    assert graded and gold.overlap.degree == gold.exact.degree == Ratio(graded, graded)
    assert draft.overlap.degree == draft.exact.degree == Ratio(0, graded)
    assert differences(draft, gold) == {"exact.degree", "overlap.degree"}
    # moved to another hop: a degree the hand annotation does not give is wrong too
    draft, gold = scored(
        CANADA,
        registry,
        ("    degree: particularly\n", ""),
        (
            "    as: hahn-spokesperson\n    act: say\n",
            "    as: hahn-spokesperson\n    act: say\n    degree: particularly\n",
        ),
    )
    assert draft.overlap.degree.hits == 0 and draft.overlap.degree.total > graded
    assert differences(draft, gold) == {"exact.degree", "overlap.degree"}


def test_a_quote_shifted_by_a_few_characters_fails_exact_passes_overlap(
    registry: LoadedRegistry,
) -> None:
    draft, gold = scored(
        SEED_ID,
        registry,
        (
            "text: the Algerian government of Abdelaziz Bouteflika “encouraged”",
            "text: Algerian government of Abdelaziz Bouteflika “encouraged”",
        ),
    )
    quotes = gold.quotes_exact.gold
    assert draft.quotes_exact == PRF(quotes - 1, quotes, quotes)
    assert draft.quotes_overlap == draft.quotes_03 == draft.quotes_08 == gold.quotes_overlap
    # the attribution is still matched exactly, by its cue
    assert differences(draft, gold) == {"quotes_exact"}


def test_a_claimant_carried_over_by_continues(registry: LoadedRegistry) -> None:
    """'they claimed instead': the Saudi officials, carried over from the
    denial. Naming them outright scores the same; dropping the continuation
    gives the claim to the author."""
    _, gold = gold_of(GIZAWY, registry)
    drugs = next(a for a in gold.attributions if a.claim == "art-saudi-drugs")
    assert drugs.source.id == "saudi-officials" and drugs.act == "claim"
    named, perfect_score = scored(
        GIZAWY, registry, ("    continues: saudi-denial\n", "    claimant: saudi-officials\n")
    )
    assert named == perfect_score
    dropped, _ = scored(GIZAWY, registry, ("    continues: saudi-denial\n", ""))
    total = perfect_score.overlap.claimant.gold
    assert dropped.overlap.claimant == PRF(total - 1, total, total)
    # the officials' hop is now the author's own voice: left out, and counted
    assert dropped.author_voice_draft == perfect_score.author_voice_draft + 1
    assert differences(dropped, perfect_score) == {
        "author_voice_draft",
        *SOURCE_FIGURES,
    }


def test_a_quote_relaying_two_hops_of_one_claimant(registry: LoadedRegistry) -> None:
    """One tweet, two speech acts (a demand, a suggestion): a draft with one hop
    is matched with the gold hop of the same act, and misses the other."""
    name = "003_globalvoices_armenia_bail"
    draft, gold = scored(
        name,
        registry,
        (
            "relays: [unzipped-tweet-explain, unzipped-tweet-terrorism]",
            "relays: unzipped-tweet-terrorism",
        ),
    )
    total, matched = gold.overlap.claimant.gold, gold.overlap.act.total
    assert draft.overlap.claimant == PRF(total - 1, total, total - 1)
    assert draft.overlap.act == draft.overlap.polarity == Ratio(matched - 1, matched - 1)
    assert draft.overlap.chains == Ratio(total - 1, total)
    assert draft.cues_exact == gold.cues_exact and draft.quotes_exact == gold.quotes_exact


def test_a_registry_actor_against_an_actor_of_the_draft(registry: LoadedRegistry) -> None:
    """The draft defines Blumenthal itself instead of naming the registry's
    entry, and describes the anonymous source in other words that overlap: both
    are the same actors as the hand annotation's."""
    draft, gold = scored(
        SEED_ID,
        registry,
        ("  - id: dgse-source\n", "  - id: the-source\n"),
        ("    claimant: dgse-source\n", "    claimant: the-source\n"),
        ("    described_as: a very sensitive source\n", "    described_as: sensitive source\n"),
    )
    assert draft == gold
    renamed = changed(SEED_ID).replace("claimant: sidney-blumenthal", "claimant: blumenthal")
    renamed = renamed.replace("    as: clinton-aide\n", "").replace(
        "actors:\n", "actors:\n  - {id: blumenthal, kind: person, names: [Sidney Blumenthal]}\n"
    )
    corpus, gold_analysed = gold_of(SEED_ID, registry)
    drafted, checked = read_draft(renamed, corpus, SEEDS / f"{SEED_ID}.yaml")
    assert checked.loads and checked.validates, checked.messages
    assert any(a.source.kind == "article" for a in drafted.attributions)
    assert score(gold_analysed, drafted) == score(gold_analysed, gold_analysed)


def test_same_actor() -> None:
    def actor(kind: SourceKind, ident: str, *names: str, spans: tuple[Span, ...] = ()) -> Source:
        return Source(kind, ident, ident, frozenset(name_key(n) for n in names), spans)

    clinton = actor("registry", "hillary-clinton", "Hillary Clinton")
    assert same_actor(clinton, actor("article", "clinton", "HILLARY  CLINTON"))
    assert not same_actor(clinton, actor("registry", "other-id", "Hillary Clinton"))
    assert same_actor(
        actor("article", "a", "The Saudi officials"), actor("article", "b", "Saudi officials")
    )
    assert same_actor(
        actor("article", "a", "Clinton’s aide"), actor("article", "b", "Clinton's aide")
    )
    assert not same_actor(actor("author", "author"), actor("article", "author", "author"))
    assert same_actor(actor("author", "author"), actor("author", "author"))
    one, two = Span(10, 20, "x" * 10), Span(19, 30, "y" * 11)
    assert same_actor(
        actor("article", "a", "x", spans=(one,)), actor("article", "b", "y", spans=(two,))
    )
    assert not same_actor(actor("unknown", "a", "x"), actor("unknown", "a", "x"))


def test_the_registry_without_what_only_one_article_needs() -> None:
    corpus = load_corpus(SEEDS)
    by_id = {a.id: a for a in corpus.articles}
    seed = held_out(corpus, by_id[SEED_ID])
    assert {"sidney-blumenthal", "hillary-clinton", "mokhtar-belmokhtar", "clinton-aide"} <= seed
    # shared by the two articles on the Armenian story: kept for both
    bail = held_out(corpus, by_id["003_globalvoices_armenia_bail"])
    assert bail == {"minasyan-arf-mp"} and "artsvik-minasyan" not in bail
    given = without(corpus.registry.model, seed)
    ids = {e.id for section in ("actors", "posts", "places") for e in getattr(given, section)}
    assert not ids & seed and {"onnik-krikorian", "arf-d"} <= ids
    # what stays still resolves: no entry left names one held out
    errors = Collector()
    registry_scope(LoadedRegistry(given, None, None), errors)
    assert not errors


# -- span matching ------------------------------------------------------------------------


def test_overlap_matching_is_one_to_one_largest_overlap_first() -> None:
    gold = [Span(0, 10, "a" * 10), Span(8, 12, "b" * 4)]
    draft = [Span(9, 12, "c" * 3)]
    # the draft span shares 1 character with the first, 3 with the second
    assert match_spans(gold, draft) == [(1, 0)]
    assert match_spans(gold, draft, exact=True) == []
    assert match_spans(gold, [Span(8, 12, "b" * 4), Span(0, 9, "a" * 9)]) == [(0, 1), (1, 0)]
    # ratio: shared length over the longer span's
    assert match_spans([Span(0, 10, "a" * 10)], [Span(0, 3, "a" * 3)], ratio=0.3) == [(0, 0)]
    assert match_spans([Span(0, 10, "a" * 10)], [Span(0, 3, "a" * 3)], ratio=0.8) == []


def test_as_reviewed() -> None:
    draft = "format: 2\narticle:\n  headline: x\n  status: draft   # drafted\nclaims: []\n"
    assert as_reviewed(draft) == draft.replace("status: draft", "status: reviewed")
    quoted = draft.replace("status: draft", "status: 'draft'")
    assert as_reviewed(quoted) == draft.replace("status: draft", "status: 'reviewed'")
    without = "format: 2\narticle:\n  headline: draft\nclaims: []\n"
    assert as_reviewed(without) == without
    assert as_reviewed("{unbalanced") == "{unbalanced"
    top = "format: 2\nstatus: draft\narticle: {headline: x, status: draft}\n"
    assert as_reviewed(top) == top.replace("draft", "reviewed")


def test_a_draft_that_does_not_load_scores_as_empty(registry: LoadedRegistry) -> None:
    corpus, gold = gold_of(SEED_ID, registry)
    draft, checked = read_draft("format: 2\nclaims: [", corpus, SEEDS / f"{SEED_ID}.yaml")
    assert not checked.loads and checked.validates is None
    assert "malformed YAML" in checked.messages[0]
    result = score(gold, draft)
    assert result.cues_exact == PRF(0, len(gold.cues), 0) and result.cues_exact.f1 == 0
    assert result.overlap.claimant.recall == 0 and result.overlap.claimant.precision is None


def test_a_draft_may_define_an_actor_held_out_of_its_registry(registry: LoadedRegistry) -> None:
    corpus, _gold = gold_of(SEED_ID, registry)
    draft = (
        "format: 2\narticle: {headline: x, author: unknown, publisher: unknown,"
        " published: unknown}\nactors:\n  - {id: sidney-blumenthal, kind: person,"
        " names: [Sidney Blumenthal]}\nclaims:\n  - {id: c, claimant: sidney-blumenthal,"
        " act: say, certainty: certain, cue: {text: cites, type: cite}}\n"
    )
    _analysed, checked = read_draft(draft, corpus, SEEDS / f"{SEED_ID}.yaml", validate=False)
    assert not checked.loads and any("duplicate ID" in m for m in checked.messages)
    everything = load_corpus(SEEDS)
    held = held_out(everything, {a.id: a for a in everything.articles}[SEED_ID])
    assert "sidney-blumenthal" in held
    _analysed, checked = read_draft(
        draft, corpus, SEEDS / f"{SEED_ID}.yaml", validate=False, hidden=held
    )
    assert not any("duplicate ID" in m for m in checked.messages), checked.messages


# -- the bench -------------------------------------------------------------------------


@pytest.mark.slow  # some 5 s: a fresh interpreter, the seed articles mapped and validated
def test_bench_prints_the_totals_of_gold_against_itself() -> None:
    run = subprocess.run(
        [sys.executable, "bench/draft.py", "--gold", "seeds", "--drafter", "gold"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.count("\n## ") == len(ARTICLES) + 1
    totals = out.split(f"## total: {len(ARTICLES)} article(s), micro-averaged")[1]
    for metric in ("cues P / R / F1", "quotes P / R / F1", "claimants P / R / F1"):
        row = next(line for line in totals.splitlines() if line.startswith(f"| {metric} |"))
        assert row.count("100.0 / 100.0 / 100.0") == 2, row
    assert "not met" not in out and "n/a" not in totals
    n = len(ARTICLES)
    assert f"| draft loads / validates |  | {n} / {n} of {n} |" in totals


def test_bench_reports_a_draft_that_raises(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import draft as bench

    def broken(text: str, name: str, registry: object, gold: Path) -> Drafted:
        raise RuntimeError(f"cannot draft {name}")

    monkeypatch.setitem(bench.DRAFTERS, "gold", broken)
    bench.main(
        ["--gold", str(SEEDS), "--articles", "000,003", "--drafter", "gold", "--no-validate"]
    )
    out = capsys.readouterr().out
    assert f"RuntimeError: cannot draft {SEED_ID}" in out
    assert "2 draft(s) raised (scored as empty drafts)" in out
    assert "## total: 2 article(s)" in out


def test_bench_holds_out_the_articles_own_registry_entries(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import draft as bench

    given: dict[str, set[str]] = {}

    def recording(text: str, name: str, registry: Registry, gold: Path) -> Drafted:
        given[name] = {a.id for a in registry.actors}
        return bench.gold_drafter(text, name, registry, gold)

    monkeypatch.setitem(bench.DRAFTERS, "gold", recording)
    bench.main(
        ["--gold", str(SEEDS), "--articles", "000,001", "--drafter", "gold", "--no-validate"]
    )
    assert "sidney-blumenthal" in given[SEED_ID]
    bench.main(["--gold", str(SEEDS), "--articles", "000,001", "--drafter", "gold", "--hold-out"])
    assert "sidney-blumenthal" not in given[SEED_ID] and "onnik-krikorian" in given[SEED_ID]
    assert "sidney-blumenthal" in given["001_wikinews_uk_asylum_questionnaire"]
    out = capsys.readouterr().out
    assert "held out of the registry given to the drafter: algeria," in out


def test_bench_speed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bench import draft as bench
    from bench.generate import generate

    monkeypatch.setattr(bench, "generated", lambda size: generate(tmp_path / "corpus", size))
    bench.main(["--speed", "3", "--corpus-size", "5", "--drafter", "gold"])
    out = capsys.readouterr().out
    assert "| drafting | 3 of 3 |" in out
    assert "| claimgraph: loading and mapping the hand annotations to RDF | 3 |" in out
    assert "peak RSS after drafting" in out and "target ≥ 50 articles/s:" in out


def test_each_part_of_a_split_quote_is_a_quote_span(registry: LoadedRegistry) -> None:
    """A quotation split by its cue counts each part as a quote; its attribution
    carries the first part."""
    corpus, _ = gold_of(SEED_ID, registry)
    head = "the Algerian government of Abdelaziz Bouteflika"
    rest = (
        "“encouraged” terrorist Mokhtar Belmokhtar to carry out attacks in Morocco’s southern "
        "regions"
    )
    annotation = changed(SEED_ID, (f"text: {head} {rest}", f"parts: [{head}, {rest}]"))
    draft, checked = read_draft(annotation, corpus, SEEDS / f"{SEED_ID}.yaml", validate=False)
    assert checked.loads, checked.messages
    first = draft.text.index(head)
    second = draft.text.index(rest, first)
    spans = {(s.begin, s.end) for s in draft.quotes}
    assert {(first, first + len(head)), (second, second + len(rest))} <= spans
    assert (first, second + len(rest)) not in spans  # the whole is no quote of its own
    (lede,) = [a for a in draft.attributions if a.claim == "lede"]
    assert lede.quote is not None
    assert (lede.quote.begin, lede.quote.end) == (first, first + len(head))
