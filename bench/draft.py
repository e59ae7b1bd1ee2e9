"""claimgraph draft, measured: drafts scored against hand annotations (issue 19).

Every article of a corpus folder in claimgraph's format is drafted from its
text alone (the drafter gets the article's text and the folder's
``registry.yaml``, never the article's annotation) and the draft is scored
against the hand annotation by :mod:`claimgraph.draft.score` (its docstring
defines every figure). One table per article, then the micro-averaged totals
of the articles selected, each figure exact and overlap where both apply,
beside the published figures of BBC's Citron and the Gender Gap Tracker and
the targets of issue 19 (met / not met). A draft that raises, or that does not
load, is reported with its message and scored as an empty draft.

    python bench/draft.py --gold seeds [--articles 001,003] [--drafter gold]
    python bench/draft.py --gold seeds --show 002        # gold vs draft, for error analysis
    python bench/draft.py --speed 1000                   # drafting speed, generated corpus

``--drafter gold`` scores each hand annotation against itself (every figure is
100): the bench and the scorer, tested end to end without the drafter.
``--speed N`` drafts the first N articles of the generated 10,000-article corpus
(bench/generate.py, cached under bench/out/ as bench/scale.py makes it) and
prints articles/s and the peak memory beside two references measured in the
same run: reading the same texts, and claimgraph mapping their hand
annotations to RDF (loading, resolving, anchoring).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimgraph.annotation.corpus import LoadedRegistry, load_corpus, load_files, load_registry
from claimgraph.annotation.files import REGISTRY_NAME, annotation_files
from claimgraph.annotation.model import Registry
from claimgraph.annotation.textio import read_bytes, text_of
from claimgraph.draft import Drafted, draft_text
from claimgraph.draft.score import (
    PRF,
    Alignment,
    Analysed,
    Attribution,
    Checked,
    Ratio,
    Score,
    align,
    held_out,
    read_draft,
    read_gold,
    score_alignment,
    without,
)
from claimgraph.errors import ClaimgraphError
from claimgraph.progress import quiet

HERE = Path(__file__).resolve().parent

Drafter = Callable[[str, str, Registry, Path], Drafted]

# Published figures (their own papers) and issue 19's targets.
CITRON = "Citron, PARC 3.0 test"
GGT = "Gender Gap Tracker"
SPEED_TARGET = 50.0  # articles/s


def claimgraph_drafter(text: str, name: str, registry: Registry, _gold: Path) -> Drafted:
    return draft_text(text, name=name, registry=registry)


def gold_drafter(_text: str, _name: str, _registry: Registry, gold: Path) -> Drafted:
    """The hand annotation itself, as if drafted: every figure must be 100."""
    yaml_text = gold.read_text(encoding="utf-8")
    return Drafted(yaml=yaml_text, claims=yaml_text.count("\n  - id: "))


DRAFTERS: dict[str, Drafter] = {"claimgraph": claimgraph_drafter, "gold": gold_drafter}


# -- formatting ----------------------------------------------------------------


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def prf(score: PRF) -> str:
    return f"{pct(score.precision)} / {pct(score.recall)} / {pct(score.f1)}"


def ratio(value: Ratio) -> str:
    return "—" if not value.total else f"{pct(value.percent)} % ({value.hits}/{value.total})"


def met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**not met**")


def at_least(value: float | None, bound: float) -> bool | None:
    return None if value is None else value >= bound - 1e-9


def both(*checks: bool | None) -> bool | None:
    if any(c is None for c in checks):
        return None
    return all(checks)


@dataclass
class Result:
    """One article: its scores, and what to say about its draft."""

    name: str
    alignment: Alignment
    score: Score
    checked: Checked
    seconds: float | None  # drafting time; None if the draft raised
    failure: str | None  # the drafter's exception


def table(score: Score, gold: Counts, draft: Counts, checked: list[Checked]) -> list[str]:
    """The table of one article, or of the totals."""
    o, e = score.overlap, score.exact
    loads = sum(c.loads for c in checked)
    validates = sum(c.validates is True for c in checked)
    validated = sum(c.validates is not None for c in checked)  # not when --no-validate
    rows = [
        (
            "cues P / R / F1",
            str(gold.cues),
            str(draft.cues),
            prf(score.cues_exact),
            prf(score.cues_overlap),
            f"{CITRON}, exact: 93.3 / 73.6 / 82.3",
            "F1 ≥ 90 (exact): " + met(at_least(score.cues_exact.f1, 90)),
        ),
        (
            "quotes P / R / F1",
            str(gold.quotes),
            str(draft.quotes),
            prf(score.quotes_exact),
            prf(score.quotes_overlap),
            f"{CITRON}, content F1: 59.3 exact, 83.3 overlap",
            "F1 ≥ 70 exact, ≥ 85 overlap: "
            + met(
                both(
                    at_least(score.quotes_exact.f1, 70),
                    at_least(score.quotes_overlap.f1, 85),
                )
            ),
        ),
        (
            "quotes, overlap ratio ≥ 0.3",
            "",
            "",
            "",
            prf(score.quotes_03),
            f"{GGT}: F1 83.7",
            "",
        ),
        (
            "quotes, overlap ratio ≥ 0.8",
            "",
            "",
            "",
            prf(score.quotes_08),
            f"{GGT}: F1 76.1",
            "",
        ),
        (
            "claimants P / R / F1",
            str(gold.attributions),
            str(draft.attributions),
            prf(e.claimant),
            prf(o.claimant),
            f"{CITRON}, source F1 (exact): 82.0",
            "F1 ≥ 88 (overlap): " + met(at_least(o.claimant.f1, 88)),
        ),
        (
            "claimant right, of matched",
            "",
            "",
            ratio(e.speaker),
            ratio(o.speaker),
            f"{GGT}: speaker accuracy 86.5 %",
            "",
        ),
        (
            "same cue, of matched",
            "",
            "",
            ratio(e.same_cue),
            ratio(o.same_cue),
            f"{GGT}: cue-verb accuracy 92.1 %",
            "",
        ),
        (
            "speech act, of matched",
            "",
            "",
            ratio(e.act),
            ratio(o.act),
            "",
            "≥ 90 % (overlap): " + met(at_least(o.act.percent, 90)),
        ),
        ("polarity (every hop), of matched", "", "", ratio(e.polarity), ratio(o.polarity), "", ""),
        (
            "polarity, of matched denials",
            str(gold.denials),
            str(draft.denials),
            ratio(e.denial_polarity),
            ratio(o.denial_polarity),
            "",
            "100 % (overlap): " + met(at_least(o.denial_polarity.percent, 100)),
        ),
        (
            "degree, of matched with one",
            "",
            "",
            ratio(e.degree),
            ratio(o.degree),
            "",
            "",
        ),
        (
            "chains exactly right, of gold",
            "",
            "",
            ratio(e.chains),
            ratio(o.chains),
            "",
            "",
        ),
        (
            "denials given to the reporter",
            str(gold.reporter_denials),
            str(score.reporter_denials),
            "",
            "",
            "",
            "0: " + met(score.reporter_denials == 0),
        ),
        (
            "author-voice statements (not scored)",
            str(score.author_voice_gold),
            str(score.author_voice_draft),
            "",
            "",
            "",
            "",
        ),
        (
            "claims / actors / mentions",
            gold.counts,
            draft.counts,
            "",
            "",
            "",
            "",
        ),
        (
            "draft loads / validates",
            "",
            f"{loads} / {validates} of {len(checked)}",
            "",
            "",
            "",
            "validates: "
            + met(None if loads == len(checked) > validated else validates == len(checked)),
        ),
    ]
    header = ("", "gold", "draft", "exact", "overlap", "published", "target")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


@dataclass(frozen=True)
class Counts:
    """What an annotation holds, for the gold and draft columns."""

    cues: int = 0
    quotes: int = 0
    attributions: int = 0
    denials: int = 0
    reporter_denials: int = 0
    claims: int = 0
    actors: int = 0
    mentions: int = 0

    @classmethod
    def of(cls, analysed: Analysed) -> Counts:
        return cls(
            len(analysed.cues),
            len(analysed.quotes),
            len(analysed.attributions),
            sum(a.denial for a in analysed.attributions),
            len(analysed.reporter_denials),
            analysed.claims,
            analysed.actors,
            analysed.mentions,
        )

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.values, other.values, strict=True)))

    @property
    def values(self) -> tuple[int, ...]:
        return (
            self.cues,
            self.quotes,
            self.attributions,
            self.denials,
            self.reporter_denials,
            self.claims,
            self.actors,
            self.mentions,
        )

    @property
    def counts(self) -> str:
        return f"{self.claims} / {self.actors} / {self.mentions}"


# -- the alignment, for error analysis ---------------------------------------------


def excerpt(text: str, most: int = 90) -> str:
    flat = " ".join(text.split())
    if len(flat) <= most:
        return flat
    half = (most - 1) // 2
    return flat[:half] + "…" + flat[-half:]


def span_text(span: object) -> str:
    from claimgraph.annotation.anchoring import Span

    if not isinstance(span, Span):
        return "—"
    return f"«{excerpt(span.anchor)}» [{span.begin}–{span.end}]"


def show_spans(what: str, gold: Sequence[object], draft: Sequence[object], a: Alignment) -> None:
    exact = set(getattr(a, f"{what}_exact"))
    pairs = getattr(a, f"{what}_overlap")
    print(f"\n{what} (= identical, ~ overlapping, - missed, + spurious):")
    for i, j in pairs:
        if (i, j) in exact:
            print(f"  = {span_text(gold[i])}")
        else:
            print(f"  ~ {span_text(gold[i])}\n      draft {span_text(draft[j])}")
    matched_gold = {i for i, _ in pairs}
    matched_draft = {j for _, j in pairs}
    for i, span in enumerate(gold):
        if i not in matched_gold:
            print(f"  - {span_text(span)}")
    for j, span in enumerate(draft):
        if j not in matched_draft:
            print(f"  + {span_text(span)}")


def describe(attribution: Attribution) -> str:
    chain = " → ".join(s.label for s in attribution.chain)
    stances = ",".join("−" if s == "negative" else "+" for s in attribution.stances)
    degrees = (
        ", degrees " + ",".join(d or "—" for d in attribution.degrees)
        if any(attribution.degrees)
        else ""
    )
    return (
        f"{attribution.claim}: source {attribution.source.label}, act {attribution.act}, "
        f"chain {chain}, stances {stances}{degrees}\n"
        f"      cue {span_text(attribution.cue)}\n      quote {span_text(attribution.quote)}"
    )


def show(result: Result) -> None:
    from claimgraph.draft.score import same_actor, same_chain

    a = result.alignment
    gold, draft = a.gold, a.draft
    print(f"\n### {result.name}: gold vs draft")
    show_spans("cues", gold.cues, draft.cues, a)
    show_spans("quotes", gold.quotes, draft.quotes, a)
    print("\nattributions, overlap matching (✓ agrees, ✗ differs; - missed, + spurious):")
    for i, j in a.attributions_overlap:
        g, d = gold.attributions[i], draft.attributions[j]
        marks = [
            ("source", same_actor(g.source, d.source)),
            ("act", g.act == d.act),
            ("polarity", g.stances == d.stances),
            ("degree", g.degrees == d.degrees),
            ("chain", same_chain(g.chain, d.chain)),
        ]
        print("  " + " ".join(f"{'✓' if ok else '✗'}{name}" for name, ok in marks))
        print(f"    gold  {describe(g)}\n    draft {describe(d)}")
    matched_gold = {i for i, _ in a.attributions_overlap}
    matched_draft = {j for _, j in a.attributions_overlap}
    for i, g in enumerate(gold.attributions):
        if i not in matched_gold:
            print(f"  - {describe(g)}")
    for j, d in enumerate(draft.attributions):
        if j not in matched_draft:
            print(f"  + {describe(d)}")
    if draft.reporter_denials:
        print(f"\ndenials given to the reporter: {', '.join(draft.reporter_denials)}")


# -- the run ---------------------------------------------------------------------


def selected(folder: Path, patterns: list[str]) -> list[Path]:
    files = annotation_files(folder)
    if not patterns:
        return files
    return [p for p in files if any(pattern in p.stem for pattern in patterns)]


def score_article(
    root: Path,
    path: Path,
    registry: LoadedRegistry,
    given: Registry,
    drafter: Drafter,
    validate: bool,
    hidden: frozenset[str] = frozenset(),
) -> Result | str:
    """Draft one article (the drafter is ``given`` the registry, without the
    entries ``hidden`` names) and score it; a message if its hand annotation
    does not load."""
    try:
        corpus, gold = read_gold(root, path, registry)
    except ClaimgraphError as exc:
        return f"the hand annotation does not load, not scored:\n{exc}"
    failure: str | None = None
    began = time.perf_counter()
    try:
        drafted = drafter(gold.text, path.stem, given, path)
    except Exception as exc:  # any failure of the drafter is reported, never a crash
        seconds = None
        failure = f"{type(exc).__name__}: {exc}"
        draft, checked = Analysed.empty(gold.text), Checked(False, None, (failure,))
    else:
        seconds = time.perf_counter() - began
        draft, checked = read_draft(drafted.yaml, corpus, path, validate=validate, hidden=hidden)
    alignment = align(gold, draft)
    return Result(path.stem, alignment, score_alignment(alignment), checked, seconds, failure)


def report(result: Result, hidden: frozenset[str]) -> None:
    took = "raised" if result.seconds is None else f"drafted in {result.seconds:.3f} s"
    print(f"\n## {result.name} ({took})\n")
    if hidden:
        print(f"held out of the registry given to the drafter: {', '.join(sorted(hidden))}\n")
    gold, draft = Counts.of(result.alignment.gold), Counts.of(result.alignment.draft)
    print("\n".join(table(result.score, gold, draft, [result.checked])))
    messages = result.checked.messages
    if messages:
        print(f"\n{len(messages)} message(s) about the draft:")
        for message in messages[:10]:
            print("  " + message.replace("\n", "\n  "))
        if len(messages) > 10:
            print(f"  … and {len(messages) - 10} more")


def run_gold(args: argparse.Namespace) -> None:
    root: Path = args.gold
    patterns = [p for p in (args.articles or "").split(",") if p]
    if args.show:
        patterns = [args.show]
    files = selected(root, patterns)
    if not files:
        print(f"no annotation file of {root} matches {','.join(patterns) or '(all)'}")
        return
    try:
        registry = load_registry(root / REGISTRY_NAME, root)
        everything = load_corpus(root, keep_going=True) if args.hold_out else None
    except ClaimgraphError as exc:
        print(f"{root}: the registry does not load, nothing scored:\n{exc}")
        return
    drafter = DRAFTERS[args.drafter]
    given = "its own entries held out" if args.hold_out else "all of it"
    print(
        f"# drafts of {root} ({args.drafter} drafter; registry.yaml given: {given}), "
        "scored against the hand annotations"
    )
    results: list[Result] = []
    for path in files:
        hidden: frozenset[str] = frozenset()
        if everything is not None:
            article = next(
                (a for a in everything.articles if a.annotation_source.path == path), None
            )
            hidden = held_out(everything, article) if article is not None else hidden
        outcome = score_article(
            root,
            path,
            registry,
            without(registry.model, hidden),
            drafter,
            not args.no_validate,
            hidden,
        )
        if isinstance(outcome, str):
            print(f"\n## {path.stem}\n\n{outcome}")
            continue
        results.append(outcome)
        report(outcome, hidden)
        if args.show:
            show(outcome)
        sys.stdout.flush()
    if not results:
        return
    total = results[0].score
    gold = draft = Counts()
    for result in results:
        gold += Counts.of(result.alignment.gold)
        draft += Counts.of(result.alignment.draft)
    for result in results[1:]:
        total += result.score
    failed = [r for r in results if r.failure is not None]
    print(f"\n## total: {len(results)} article(s), micro-averaged\n")
    print("\n".join(table(total, gold, draft, [r.checked for r in results])))
    if failed:
        print(f"\n{len(failed)} draft(s) raised (scored as empty drafts):")
        for result in failed:
            print(f"  {result.name}: {result.failure}")


# -- speed -------------------------------------------------------------------------


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generated(size: int) -> Path:
    """The generated corpus of ``size`` articles, made once as bench/scale.py
    makes it (cached under bench/out/)."""
    sys.path.insert(0, str(HERE))
    from scale import corpus

    return corpus(size)


def run_speed(args: argparse.Namespace) -> None:
    folder = generated(args.corpus_size)
    paths = annotation_files(folder)[: args.speed]
    n = len(paths)
    print(f"\n# drafting speed: {n} article(s) of {folder} ({args.drafter} drafter)\n")
    began = time.perf_counter()
    registry = load_registry(folder / REGISTRY_NAME, folder)
    registry_s = time.perf_counter() - began
    began = time.perf_counter()
    texts = [text_of(read_bytes(p.with_suffix(".txt")), p.with_suffix(".txt")) for p in paths]
    reading_s = time.perf_counter() - began
    drafter = DRAFTERS[args.drafter]
    failures: list[str] = []
    first: float | None = None
    began = time.perf_counter()
    for path, text in zip(paths, texts, strict=True):
        start = time.perf_counter()
        try:
            drafter(text, path.stem, registry.model, path)
        except Exception as exc:  # counted and reported, never a crash
            failures.append(f"{type(exc).__name__}: {exc}")
        if first is None:
            first = time.perf_counter() - start
    drafting_s = time.perf_counter() - began
    drafting_mib = peak_mib()
    from claimgraph.rdf.iris import Minter
    from claimgraph.rdf.mapping import build_dataset

    began = time.perf_counter()
    with quiet():
        build_dataset(load_files(folder, paths, registry=registry), Minter(), registry=False)
    mapping_s = time.perf_counter() - began
    drafted = n - len(failures)
    rate = drafted / drafting_s if drafted and drafting_s > 0 else None
    rows = [
        ("loading registry.yaml (once, before drafting)", registry_s, 1),
        ("reading the texts", reading_s, n),
        ("claimgraph: loading and mapping the hand annotations to RDF", mapping_s, n),
    ]
    print("| step | articles | seconds | articles/s |")
    print("|---|---|---|---|")
    per_s = f"{rate:.1f}" if rate is not None else "—"
    print(f"| drafting | {drafted} of {n} | {drafting_s:.3f} | {per_s} |")
    for name, seconds, count in rows:
        shown = f"{count / seconds:.1f}" if seconds > 0 and count > 1 else "—"
        print(f"| {name} | {count} | {seconds:.3f} | {shown} |")
    print(
        f"\nfirst draft: {first or 0:.3f} s; peak RSS after drafting {drafting_mib:.0f} MiB, "
        f"after the references {peak_mib():.0f} MiB (of this whole process: the generated "
        "corpus's registry and the texts included)"
    )
    reached = at_least(rate, SPEED_TARGET) if drafted else False  # none drafted: not met
    print(f"target ≥ {SPEED_TARGET:.0f} articles/s: {met(reached)}")
    if failures:
        print(f"\n{len(failures)} of {n} draft(s) raised; the first: {failures[0]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, help="a hand-annotated corpus folder")
    parser.add_argument(
        "--articles",
        help="only the articles whose file name contains one of these (comma-separated)",
    )
    parser.add_argument(
        "--drafter",
        choices=sorted(DRAFTERS),
        default="claimgraph",
        help="claimgraph: claimgraph.draft.draft_text; gold: the hand annotation itself",
    )
    parser.add_argument(
        "--show", metavar="ARTICLE", help="print this article's gold vs draft alignment"
    )
    parser.add_argument(
        "--hold-out",
        action="store_true",
        help="give the drafter the registry without the entries only this article needs "
        "(issue 19: scored 'with the registry entries that the article does not define')",
    )
    parser.add_argument(
        "--no-validate", action="store_true", help="do not run SHACL validation on the drafts"
    )
    parser.add_argument(
        "--speed", type=int, metavar="N", help="draft N articles of the generated corpus"
    )
    parser.add_argument(
        "--corpus-size",
        type=int,
        default=10000,
        help="the generated corpus --speed drafts from (default: 10,000 articles)",
    )
    args = parser.parse_args(argv)
    if args.gold is None and args.speed is None:
        parser.error("give --gold CORPUS_DIR, --speed N, or both")
    if args.gold is not None and not args.gold.is_dir():
        parser.error(f"--gold {args.gold}: not a folder")
    with quiet():
        if args.gold is not None:
            run_gold(args)
    if args.speed is not None:
        run_speed(args)


if __name__ == "__main__":
    main()
