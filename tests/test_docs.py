"""The README and the documentation (docs/) document what users run: the README's
two commands (CI runs its test command), every CLI command and option, the exit
codes, every field of the format; the docs' examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from claimgraph.cli import main
from claimgraph.rdf.dataset import Dataset
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
# what a user reads: the README and every page of the documentation
DOCUMENTED = README + "".join(
    path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))
)
# the pages whose queries run on the example corpus (the tutorial and the how-to
# guides run theirs on the data they build)
GUIDES = [*sorted((DOCS / "guide").glob("*.md")), *sorted((DOCS / "reference").glob("*.md"))]
COMMANDS = sorted(main.commands)  # type: ignore[attr-defined]


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    first_two = [
        line.strip() for block in blocks[:2] for line in block.splitlines() if line.strip()
    ]
    assert first_two == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nmake test\n" in ci


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_documented(name: str) -> None:
    command = main.commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 40
    assert f"claimgraph {name}" in DOCUMENTED
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"
            assert any(opt in DOCUMENTED for opt in param.opts), f"{param.opts} not in the docs"


def test_exit_codes_are_documented() -> None:
    for code, meaning in (("0", "conforms"), ("1", "violation"), ("2", "error")):
        assert re.search(rf"\| *`?{code}`? *\|[^\n]*{meaning}", DOCUMENTED, re.I), code


def test_every_make_target_in_readme_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make ([\w-]+)", DOCUMENTED)):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_the_guides_sparql_examples_run_on_the_example_corpus(seed_dataset: Dataset) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(seed_dataset.union().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    pages = README + "".join(path.read_text(encoding="utf-8") for path in GUIDES)
    # the query of unreviewed drafts finds none here (the example corpus has no draft):
    # tests/test_drafts.py runs it on a corpus with drafts
    queries = [q for q in re.findall(r"```sparql\n(.*?)```", pages, re.S) if "unreviewed" not in q]
    assert queries
    for query in queries:
        result = store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        assert len(list(result)) > 0, query


def test_every_field_of_the_format_is_named_in_the_format_guide() -> None:
    """Each field of the annotation models (``model.py``, the format's one source
    of truth) is named in the guide to the format (docs/guide/format.md)."""
    from pydantic import BaseModel

    from claimgraph.annotation import model

    section = (DOCS / "guide" / "format.md").read_text(encoding="utf-8")
    missing = [
        f"{cls.__name__}.{info.alias or name}"
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
        for name, info in cls.model_fields.items()
        if not re.search(rf"(?<![\w-]){re.escape(info.alias or name)}(?![\w-])", section)
    ]
    assert missing == []


def test_the_generated_format_reference_describes_every_field() -> None:
    """The documentation site's format reference is generated from the JSON
    Schemas (claimgraph.reference): every field of both files has a
    description there, and the fields the example corpus uses have its example."""
    from claimgraph import reference

    for name in ("article", "registry"):
        fields = reference.fields(reference.load_schema(name), ROOT / "seeds")
        undescribed = [f"{f.model}.{f.name}" for f in fields if not f.description]
        assert not undescribed, f"{name}: fields without a description: {undescribed}"
        page = reference.format_markdown(name, ROOT / "seeds")
        for field in fields:
            assert f"| `{field.name}`" in page
    claims = reference.format_markdown("article", ROOT / "seeds").split("## Claim\n")[1]
    assert "`deny`" in claims and "| `act` |" in claims


def test_every_http_route_is_in_the_generated_reference() -> None:
    from claimgraph import reference

    routes = reference.routes()
    assert {"/sparql", "/store", "/dumps/{name}", "/.well-known/void", "/{path:path}"} <= {
        route.path for route in routes
    }
    assert all(route.summary for route in routes), [r.path for r in routes if not r.summary]


def test_the_docs_give_the_readmes_two_commands() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    block = re.findall(r"```sh\n(.*?)```", index, re.S)[0]
    assert [line.split("#")[0].strip() for line in block.splitlines()] == ["make run", "make test"]


def _blocks(page: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", page, re.S)


def _run_console(block: str, cwd: Path) -> None:
    """Each ``$ command`` of a ``console`` block, in ``cwd``; the lines under a
    command are what it prints (each must be in its output)."""
    import shlex
    import subprocess
    import sys

    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line, []))
        elif line.strip():
            commands[-1][1].append(line.strip())
    for line, expected in commands:
        argv = shlex.split(line[2:])
        if argv[0] == "claimgraph":
            argv = [sys.executable, "-m", "claimgraph", *argv[1:]]
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        for shown in expected:
            assert shown in done.stdout + done.stderr, f"{line}: {shown!r} not in its output"


def _queries_answer(page: str, nquads: Path) -> None:
    """Every SPARQL query of the page has answers on the data it built."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    queries = _blocks(page, "sparql")
    assert queries
    for query in queries:
        assert list(store.query(query, use_default_graph_as_union=True)), query


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    """Every ``console`` block of the tutorial, command by command, in a fresh
    folder (with the example corpus's text it copies); the review a person does
    in the editor (a ``text`` block) is done here by setting the status; then
    every SPARQL query of the page on the data it built, each with answers."""
    page = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    steps = re.findall(r"```(console|text)\n(.*?)```", page, re.S)
    assert [kind for kind, _ in steps].count("console") >= 4
    for kind, block in steps:
        if kind == "console":
            _run_console(block, tmp_path)
            continue
        assert "claimgraph edit" in block  # the reviewer's step, in the browser
        for path in (tmp_path / "corpus").glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            assert "  status: draft\n" in text
            reviewed = "  status: reviewed\n  reviewed: {by: A Reviewer, on: 2026-12-07}\n"
            path.write_text(text.replace("  status: draft\n", reviewed), encoding="utf-8")
    _queries_answer(page, tmp_path / "out" / "claimgraph.nq")


# the guides that annotate a corpus of their own (the others show no commands to run)
HOWTOS = [
    path
    for path in sorted((DOCS / "howto").glob("*.md"))
    if ":caption: corpus/" in path.read_text(encoding="utf-8")
]


@pytest.mark.parametrize("path", HOWTOS, ids=[path.stem for path in HOWTOS])
def test_a_how_to_guide_runs_as_written(path: Path, tmp_path: Path) -> None:
    """A guide's files (code blocks captioned with a path under corpus/) are
    written, its commands run in order (each printing what the page shows),
    the claims' labels are those the page lists (a block captioned 'labels'),
    and its queries have answers on the data it built."""
    import pyoxigraph as ox

    page = path.read_text(encoding="utf-8")
    captioned = re.findall(r"```\{code-block\} \w+\n:caption: (\S+)\n\n(.*?)```", page, re.S)
    files = {name: body for name, body in captioned if "/" in name}
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    for block in _blocks(page, "console"):
        _run_console(block, tmp_path)
    nquads = tmp_path / "out" / "claimgraph.nq"
    labels = dict(captioned).get("labels")
    if labels is not None:
        store = ox.Store()
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        query = (
            "SELECT ?label WHERE { ?claim a <https://w3id.org/claimgraph/ns#Claim> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        )
        solutions = store.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        built = {row["label"].value for row in solutions}
        assert set(labels.strip().splitlines()) == built
    _queries_answer(page, nquads)


def test_every_docs_page_is_in_the_site_and_runs_what_it_shows() -> None:
    """Each page is reachable from the index (a toctree), and every block of
    commands or queries is one a test runs: the tutorial's and the guides'
    (a corpus of their own), the publish guide's (against an Oxigraph server),
    the index's two commands (the README's, which CI runs), the queries of the
    guides and the reference on the example corpus. A command shown but not
    run must be marked as text (a synopsis, a schematic)."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    runs_commands = {DOCS / "tutorial.md", DOCS / "howto" / "publish.md", DOCS / "index.md"}
    runs_commands |= set(HOWTOS)
    runs_queries = {DOCS / "tutorial.md", *HOWTOS, *GUIDES}
    for path in sorted(DOCS.rglob("*.md")):
        page = path.read_text(encoding="utf-8")
        name = path.relative_to(DOCS).with_suffix("").as_posix()
        if path.name != "index.md":
            assert re.search(rf"^{re.escape(name)}$", index, re.M), f"{name} is in no toctree"
        for language, body in re.findall(r"(?m)^ *```(\S*)\n(.*?)```", page, re.S):
            first = body.strip().splitlines()[0] if body.strip() else ""
            if language in ("console", "sh", "bash", "shell"):
                assert path in runs_commands, f"{name}: its commands are run by no test"
            elif language == "sparql":
                assert path in runs_queries, f"{name}: its queries are run by no test"
            elif language == "":
                assert not first.startswith(("claimgraph ", "$ ", "PREFIX", "SELECT")), (
                    f"{name}: a block of commands or queries without its language: {first}"
                )


def test_the_docs_show_the_editor_where_a_raw_article_becomes_data() -> None:
    """The guide to drafting ("From a raw article to published data") shows the
    editor; every picture a page shows is a PNG file of the repository."""
    section = (DOCS / "guide" / "draft.md").read_text(encoding="utf-8")
    assert "../images/edit.png" in re.findall(r"!\[[^\]]+\]\(([^)\s]+)\)", section)
    for page in [ROOT / "README.md", *DOCS.rglob("*.md")]:
        for picture in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            path = (page.parent / picture).resolve()
            assert path.is_file(), f"{page.name}: {picture}"
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{picture} is no PNG"


def test_the_publish_guides_commands_run_as_written(tmp_path: Path) -> None:
    """The guide's commands, with an Oxigraph server (the PyPI package's binary)
    on a free port instead of 7878 and a folder of the test's instead of /srv:
    the server, the build, the first publish; then a publish with nothing
    changed and ``serve --endpoint`` over the store, asked for its home page.
    (The Virtuoso command is the one tests/test_publish_virtuoso.py runs.)"""
    import shlex
    import subprocess
    import sys
    import time

    import httpx2

    from tests.conftest import _free_port

    page = (DOCS / "howto" / "publish.md").read_text(encoding="utf-8")
    blocks = _blocks(page, "sh")
    first, _virtuoso, serving = blocks
    oxigraph = Path(sys.executable).parent / "oxigraph"
    if not oxigraph.exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    store, web = _free_port(), _free_port()

    def argv(line: str) -> list[str]:
        line = line.split("  #")[0].replace("/srv/oxigraph", str(tmp_path / "oxigraph"))
        line = line.replace("127.0.0.1:7878", f"127.0.0.1:{store}").replace("8000", str(web))
        words = shlex.split(line)
        if words[0] == "claimgraph":
            return [sys.executable, "-m", "claimgraph", *words[1:]]
        return [str(oxigraph), *words[1:]] if words[0] == "oxigraph" else words

    (tmp_path / "corpus").symlink_to(ROOT / "seeds")
    lines = [line for line in first.splitlines() if line.strip()]
    server = subprocess.Popen(argv(lines[0]), cwd=tmp_path, stderr=subprocess.DEVNULL)
    serving_process = None
    try:
        for _ in range(100):
            try:
                httpx2.get(f"http://127.0.0.1:{store}/query?query=ASK%7B%7D", timeout=1)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        for line in lines[1:]:
            done = subprocess.run(argv(line), cwd=tmp_path, capture_output=True, text=True)
            assert done.returncode == 0, f"{line}\n{done.stderr}"
        publish, serve = [line for line in serving.splitlines() if line.strip()]
        done = subprocess.run(argv(publish), cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, f"{publish}\n{done.stderr}"
        serve_argv = [word if word != "0.0.0.0" else "127.0.0.1" for word in argv(serve)]
        serving_process = subprocess.Popen(serve_argv, cwd=tmp_path, stderr=subprocess.DEVNULL)
        answer = None
        for _ in range(300):
            try:
                answer = httpx2.get(f"http://127.0.0.1:{web}/", timeout=2)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 200 and "claims" in answer.text
    finally:
        for process in (serving_process, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


def test_the_readmes_example_is_the_denial_guides() -> None:
    """The README's 20-line example is the claims of the how-to guide the tests
    build (comments aside), and the label it quotes is one the guide's build gives."""
    import yaml

    (example,) = re.findall(r"## A 20-line example.*?```yaml\n(.*?)```", README, re.S)
    guide = (DOCS / "howto" / "denial.md").read_text(encoding="utf-8")
    (annotation,) = re.findall(r":caption: corpus/bridge.yaml\n\n(.*?)```", guide, re.S)
    assert yaml.safe_load(example)["claims"] == yaml.safe_load(annotation)["claims"]
    (labels,) = re.findall(r":caption: labels\n\n(.*?)```", guide, re.S)
    quoted = re.search(r'claim reads "(.*?)"', README, re.S)
    assert quoted and " ".join(quoted.group(1).split()) in labels.splitlines()
