"""Progress on a terminal: real commands on a pseudo-terminal, and piped.

A stage shows its progress on stderr only when stdout and stderr are both
terminals, after it has run ``CLAIMGRAPH_PROGRESS_DELAY`` seconds (2 by
default; the tests set 0 to see the stages of the small example corpus), and
never with ``--quiet``.
"""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimgraph.annotation.files import annotation_files

from .conftest import SEEDS

ARTICLES = len(annotation_files(SEEDS))
RATE = re.compile(r"\d+\.\d\d articles/s")
LEFT = re.compile(r"\d\d:\d\d left")
BAR = re.compile(r"\d+ of \d+ \w+ \|")
# A carriage return that does not end a line: a progress line redrawn.
REDRAWN = re.compile(r"\r(?!\n)")


@dataclass(frozen=True)
class Run:
    status: int
    terminal: str  # what the terminal showed (stderr, and stdout unless piped)
    stdout: str  # stdout, when piped


def _env(delay: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TQDM_")}
    env.pop("CLAIMGRAPH_PROGRESS_DELAY", None)
    if delay is not None:
        env["CLAIMGRAPH_PROGRESS_DELAY"] = delay
    return env


def on_terminal(argv: list[str], *, delay: str | None = "0", pipe_stdout: bool = False) -> Run:
    """Run ``argv`` with stderr (and stdout, unless ``pipe_stdout``) on a
    pseudo-terminal of 120 columns; return what it showed."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    shown: list[bytes] = []

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        child = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if pipe_stdout else slave,
            stderr=slave,
            env=_env(delay),
        )
        os.close(slave)
        stdout, _ = child.communicate(timeout=300)
        reader.join(timeout=30)
    finally:
        os.close(master)
    return Run(
        child.returncode,
        b"".join(shown).decode("utf-8", errors="replace"),
        (stdout or b"").decode("utf-8", errors="replace"),
    )


def claimgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimgraph", *args]


def assert_progress(text: str, stage: str, total: int, unit: str = "articles") -> None:
    assert re.search(rf"{stage}  {total} of {total} {unit} \|", text), text
    assert RATE.search(text) or unit != "articles", text
    assert LEFT.search(text), text


def assert_no_progress(*texts: str) -> None:
    for text in texts:
        assert not BAR.search(text) and not RATE.search(text), text
        assert not REDRAWN.search(text), text


def test_validate_on_a_terminal_shows_articles_done_of_total_rate_and_time_left() -> None:
    run = on_terminal(claimgraph("validate", str(SEEDS)))
    assert run.status == 0, run.terminal
    assert_progress(run.terminal, "loading annotations", ARTICLES)
    assert_progress(run.terminal, "mapping", ARTICLES)
    assert re.search(r"mapping  0 of \d+ articles \|.*\| \? articles/s", run.terminal)
    # the validation too, a part of the corpus at a time
    assert_progress(run.terminal, "validating", ARTICLES)
    assert "Conforms:" in run.terminal


def test_build_on_a_terminal_shows_progress_then_its_messages(tmp_path: Path) -> None:
    run = on_terminal(claimgraph("build", str(SEEDS), "--out", str(tmp_path / "out")))
    assert run.status == 0, run.terminal
    assert_progress(run.terminal, "loading annotations", ARTICLES)
    assert_progress(run.terminal, "mapping", ARTICLES)
    # Each finished stage leaves its line; the command's own messages follow.
    lines = run.terminal.split("\r\n")
    assert any(line.startswith("Conforms:") for line in lines), run.terminal
    assert any(line.startswith("wrote ") for line in lines), run.terminal


def test_piped_output_shows_no_progress(tmp_path: Path) -> None:
    for argv in (
        claimgraph("validate", str(SEEDS)),
        claimgraph("build", str(SEEDS), "--out", str(tmp_path / "out")),
    ):
        child = subprocess.run(argv, capture_output=True, text=True, env=_env("0"), timeout=300)
        assert child.returncode == 0, child.stderr
        assert child.stdout.startswith("Conforms:")
        assert_no_progress(child.stdout, child.stderr)


def test_stdout_piped_from_a_terminal_shows_no_progress_on_stderr() -> None:
    """``claimgraph validate … > report.txt`` at a terminal: the report alone."""
    run = on_terminal(claimgraph("validate", str(SEEDS)), pipe_stdout=True)
    assert run.status == 0, run.terminal
    assert run.stdout.startswith("Conforms:")
    assert run.terminal == ""
    assert_no_progress(run.stdout)


@pytest.mark.parametrize("command", ["build", "validate", "serve"])
def test_quiet_shows_nothing_even_on_a_terminal(command: str, tmp_path: Path) -> None:
    args = {
        "build": ["build", str(SEEDS), "--out", str(tmp_path / "out")],
        "validate": ["validate", str(SEEDS)],
        "serve": ["serve", str(SEEDS), "--store", str(tmp_path / "store"), "--get", "/"],
    }[command]
    run = on_terminal(claimgraph(*args, "--quiet"))
    assert run.status == 0, run.terminal
    assert_no_progress(run.terminal)
    assert "loading annotations" not in run.terminal and "mapping  " not in run.terminal


def test_serve_start_up_build_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    args = ["serve", str(SEEDS), "--store", str(tmp_path / "store"), "--get", "/"]
    run = on_terminal(claimgraph(*args))
    assert run.status == 0, run.terminal
    assert_progress(run.terminal, "mapping", ARTICLES)
    assert "built store" in run.terminal


def test_a_short_stage_shows_nothing_by_default() -> None:
    """Without CLAIMGRAPH_PROGRESS_DELAY a stage shows nothing for its first
    2 seconds: a stage that ends sooner (here three steps at once) shows
    nothing at all. (Not the example corpus's validation: how long that takes
    depends on the machine's load.)"""
    quick = (
        "from claimgraph.progress import DEFAULT_DELAY, delay, progress\n"
        "assert DEFAULT_DELAY == delay() == 2.0, delay()\n"
        "with progress('mapping', 3) as advance:\n"
        "    for _ in range(3):\n"
        "        advance()\n"
        "print('Conforms: True')\n"
    )
    run = on_terminal([sys.executable, "-c", quick], delay=None)
    assert run.status == 0, run.terminal
    assert_no_progress(run.terminal)
    assert run.terminal.startswith("Conforms:")


STAGES = """
import time
from claimgraph.progress import progress, quiet, tracked

with progress("quick", 3) as advance:
    for _ in range(3):
        advance()
with progress("validating", 3, unit="shapes") as advance:
    for _ in range(3):
        time.sleep(0.4)
        advance()
with progress("idle", 0) as advance:  # nothing to do: nothing shown, however long
    time.sleep(1.2)
    advance(0)
with progress("counting", None) as advance:
    time.sleep(1.2)
    advance()
    advance(2)
for _ in tracked(range(4), "walking", unit="steps"):
    time.sleep(0.3)
with quiet():
    for _ in tracked(range(4), "hushed"):
        time.sleep(0.4)
print("done")
"""


def test_the_api_for_other_stages_shows_only_what_runs_past_the_delay() -> None:
    """``progress(stage, total)``, an unknown total, ``tracked``, ``quiet()``,
    with a delay of 1 s: a stage that ends sooner shows nothing."""
    run = on_terminal([sys.executable, "-c", STAGES], delay="1")
    assert run.status == 0, run.terminal
    assert "quick" not in run.terminal and "hushed" not in run.terminal
    assert "idle" not in run.terminal
    assert_progress(run.terminal, "validating", 3, "shapes")
    assert re.search(r"\d+\.\d\d shapes/s", run.terminal)
    assert re.search(r"counting  3 articles \| +\d+\.\d\d articles/s", run.terminal)
    assert " left" not in run.terminal.split("counting")[1].split("\n")[0]
    assert re.search(r"walking  4 of 4 steps \|", run.terminal)
    assert run.terminal.rstrip().endswith("done")
