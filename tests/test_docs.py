"""The README documents what users run: its two commands, every CLI command and
option, the exit codes; and CI runs the README's test command."""

from __future__ import annotations

import re

import click
import pytest

from claimgraph.cli import main
from claimgraph.rdf.dataset import Dataset
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
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
    assert f"claimgraph {name}" in README
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"
            assert any(opt in README for opt in param.opts), f"{param.opts} not in README"


def test_exit_codes_are_documented() -> None:
    for code, meaning in (("0", "conforms"), ("1", "violation"), ("2", "error")):
        assert re.search(rf"\| *`?{code}`? *\|[^\n]*{meaning}", README, re.I), code


def test_every_make_target_in_readme_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make ([\w-]+)", README)):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_readme_sparql_examples_run_on_the_example_corpus(seed_dataset: Dataset) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(seed_dataset.union().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    queries = re.findall(r"```sparql\n(.*?)```", README, re.S)
    assert queries
    for query in queries:
        result = store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        assert len(list(result)) > 0, query


def test_every_field_of_the_format_is_named_in_the_readme() -> None:
    """Each field of the annotation models (``model.py``, the format's one source
    of truth) is named in the README's section on the format."""
    from pydantic import BaseModel

    from claimgraph.annotation import model

    section = README[README.index("## The annotation format") : README.index("## The command line")]
    missing = [
        f"{cls.__name__}.{info.alias or name}"
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
        for name, info in cls.model_fields.items()
        if not re.search(rf"(?<![\w-]){re.escape(info.alias or name)}(?![\w-])", section)
    ]
    assert missing == []


def test_the_readme_shows_the_editor_where_a_raw_article_becomes_data() -> None:
    """The section "From a raw article to published data" shows the editor;
    every picture the README shows is a PNG file of the repository."""
    section = README.split("### From a raw article to published data", 1)[1].split("\n### ")[0]
    assert "docs/images/edit.png" in re.findall(r"!\[[^\]]+\]\(([^)\s]+)\)", section)
    pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", README)
    for picture in pictures:
        path = ROOT / picture
        assert path.is_file(), picture
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{picture} is no PNG"
