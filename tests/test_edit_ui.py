"""claimgraph edit in Debian's Chromium: a live `claimgraph edit` on loopback
over a copy of the seed corpus, driven by UI actions only (keys and clicks).

The scripted session starts two seed articles from their drafts ("Start from a
draft", as `claimgraph draft`) and, by UI actions only, makes six claims equal
to the hand annotation's (a statement to CBC News relayed by the article and
its continuation; a denial relayed by the article). "Equal" is: each claim
equal, field for field, as the model loads it (claimgraph.annotation.model),
and so are the entries the claims name (claimant, post, addressee, what they
assert) and the mentions of the actors they name; entries those entries name
in turn (a department the spokeswoman is a member of) need only exist. The
drafter's `confidence` is not compared: the format keeps it after review, as
the record of what the drafter thought, so a reviewer leaves it. The
session prints the UI actions it needed beside the YAML lines of the same
claims and entries (a figure, not an assertion)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from claimgraph.annotation.model import ArticleAnnotation
from claimgraph.annotation.yamlio import load_yaml
from tests.conftest import SEEDS, _free_port, headless_chromium

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them: "
    "apt-get install chromium chromium-driver)",
)

TOKEN = "ui-test-token"
# the articles the session starts from their drafts (a copy of a seed's text
# under another name), with the hand-made claims it makes equal, outer hop first
FROM_DRAFT = {
    "zz_draft_006": (
        "006_wikinews_canada_document",
        [
            "c-raisinghani-review",
            "raisinghani-review",
            "c-raisinghani-seriously",
            "raisinghani-seriously",
        ],
    ),
    "zz_draft_001": ("001_wikinews_uk_asylum_questionnaire", ["c-ho-rejects", "ho-denies-amnesty"]),
}
# drafted entries the session renames to the hand annotation's IDs (when the
# drafter proposed them; else the session makes them anew)
RENAMES = {
    "zz_draft_006": {"cbc-news": "cbc", "e-the-department-will-look-into-the": "ec-review"},
    "zz_draft_001": {"the-home-office": "uk-home-office", "the-government": "uk-government"},
}
# entries the compared entries name, made only as far as the annotation needs them
SUPPORT: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "zz_draft_006": [
        (
            "actors",
            {"id": "environment-canada", "kind": "government", "names": ["Environment Canada"]},
        ),
    ],
    "zz_draft_001": [
        ("actors", {"id": "uk-government", "kind": "government", "names": ["the government"]}),
        (
            "events",
            {
                "id": "red-cross-fast-track",
                "label": "The British Red Cross backed a fast-track asylum system",
                "status": "established",
            },
        ),
        (
            "events",
            {
                "id": "questionnaire-issuance",
                "label": "The Home Office issues questionnaires in place of interviews",
                "status": "established",
            },
        ),
    ],
}
HOSTILE = "hostile_page"
TO_DRAFT = "zz_to_draft"
BIG = "zz_big"
NEWCOMER = "zz_newcomer"
NEWCOMER_TEXT = (
    "Minister denies taking a bribe\n\n"
    "The minister denied on Monday that he took a bribe from a building firm.\n"
)
HOSTILE_TEXT = (
    "A headline with <b>markup</b>\n\n"
    'He said <script>window.pwned = 1</script> and <img src=x onerror="window.pwned = 2">.\n'
)


@pytest.fixture(scope="module")
def corpus() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        shutil.copytree(SEEDS, folder)
        for name, (seed, _) in FROM_DRAFT.items():
            shutil.copy(SEEDS / f"{seed}.txt", folder / f"{name}.txt")
        (folder / f"{HOSTILE}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
        text = (SEEDS / "006_wikinews_canada_document.txt").read_text(encoding="utf-8")
        (folder / f"{TO_DRAFT}.txt").write_text(text, encoding="utf-8")
        filler = "\n\nA paragraph repeated to make the article large. " * 21000  # 1 MB
        (folder / f"{BIG}.txt").write_text(text + filler, encoding="utf-8")
        (folder / f"{NEWCOMER}.txt").write_text(NEWCOMER_TEXT, encoding="utf-8")
        shutil.copy(SEEDS / "006_wikinews_canada_document.yaml", folder / f"{BIG}.yaml")
        yield folder


@contextmanager
def editing(corpus: Path, port: int) -> Iterator[str]:
    """``claimgraph edit`` in its own process on ``port`` (loopback): its root URL."""
    import httpx2

    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "edit", str(corpus), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "CLAIMGRAPH_EDIT_TOKEN": TOKEN},
    )
    root = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx2.get(root, timeout=2).status_code == 403:
                    break
            except httpx2.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"the editor did not start: {log.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield root
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.seek(0)
        assert TOKEN.encode() in log.read()  # the URL printed carries the token
        log.close()


@pytest.fixture(scope="module")
def editor(corpus: Path) -> Iterator[str]:
    with editing(corpus, _free_port()) as root:
        yield root


@pytest.fixture(scope="module")
def browser(editor: str) -> Iterator[Any]:
    driver = headless_chromium(1280, 1000)
    try:
        driver.get(editor + f"?token={TOKEN}")  # sets the cookie, then drops the token
        assert "token" not in driver.current_url
        yield driver
    finally:
        driver.quit()


class Session:
    """UI actions on the editor's page, counted."""

    def __init__(self, browser: Any, root: str) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        self.browser, self.root, self.actions = browser, root, 0
        self.wait = WebDriverWait(browser, 30)

    def open(self, name: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        self.browser.get(f"{self.root}#/article/{name}")
        self.browser.refresh()
        self.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#text .seg")))
        self.actions += 1

    def keys(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.browser).send_keys(*keys).perform()
        self.actions += 1

    def chord(self, modifier: str, key: str, shift: bool = False) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        chain = ActionChains(self.browser).key_down(modifier)
        if shift:
            chain = chain.key_down(Keys.SHIFT)
        chain = chain.send_keys(key)
        if shift:
            chain = chain.key_up(Keys.SHIFT)
        chain.key_up(modifier).perform()
        self.actions += 1

    def _retried(self, act: Any) -> None:
        """``act``, again if the page re-rendered the element it found meanwhile
        (a check's answer arriving between two WebDriver commands), or had not
        yet made it interactable (a section still opening, on a loaded machine)."""
        from selenium.common.exceptions import (
            ElementNotInteractableException,
            StaleElementReferenceException,
        )

        deadline = time.monotonic() + 20  # a loaded machine can take seconds to render
        while True:
            try:
                act()
                return
            except (StaleElementReferenceException, ElementNotInteractableException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def words(self, words: str, occurrence: int = 1) -> None:
        self._retried(lambda: self._words(words, occurrence))

    def _words(self, words: str, occurrence: int = 1) -> None:
        """Type words of the text in the words box (Enter: their next occurrence)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        box = self.browser.find_element(By.ID, "words")
        box.clear()
        box.send_keys(words)
        self.actions += 1
        for _ in range(occurrence - 1):
            box.send_keys(Keys.ENTER)
            self.actions += 1

    def field(self, path: str, value: str | list[str]) -> None:
        """Type ``value`` into the field of ``path`` (claims.N.key), or choose it;
        '' empties the field (the key goes); a list is typed as the field takes
        it (IDs with commas, words one a line)."""
        self._retried(lambda: self._field(path, value))

    def _field(self, path: str, value: str | list[str]) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import Select

        element = self.browser.find_element(By.ID, "f-" + path.replace(".", "-"))
        if isinstance(value, list):
            value = ("\n" if element.tag_name == "textarea" else ", ").join(value)
        if element.get_property("value") == value:
            return  # already so (a default the editor chose): no action
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.send_keys(Keys.CONTROL, "a")
            element.send_keys(value or Keys.DELETE)
            element.send_keys(Keys.TAB)
        self.actions += 1

    def data(self) -> dict[str, Any]:
        """The annotation as the page holds it (read, as a person reads the
        forms; not an action)."""
        name = self.browser.execute_script(
            "return decodeURIComponent(location.hash.replace('#/article/', ''))"
        )
        found: dict[str, Any] = self.browser.execute_async_script(READ, name)
        return found

    def open_claim(self, index: int) -> None:
        """The card of the claim ``index``, opened by a click on it."""
        from selenium.webdriver.common.by import By

        if self.browser.find_elements(
            By.CSS_SELECTOR, f'#claims li[data-index="{index}"].selected'
        ):
            return
        head = f'#claims li[data-index="{index}"] > button.card-head'
        self._retried(lambda: self.browser.find_element(By.CSS_SELECTOR, head).click())
        self.actions += 1

    def open_entry(self, section: str, index: int) -> None:
        """The form of an entry (an actor, an event ...), opened by clicks: its
        section, then its card."""
        from selenium.webdriver.common.by import By

        details = f'#entries details[data-section="{section}"]'
        card = f'{details} li[data-index="{index}"]'
        if self.browser.find_elements(By.CSS_SELECTOR, f"{card}.selected"):
            return
        if self.browser.find_element(By.CSS_SELECTOR, details).get_attribute("open") is None:
            self._retried(
                lambda: self.browser.find_element(By.CSS_SELECTOR, f"{details} summary").click()
            )
            self.actions += 1
        self._retried(
            lambda: self.browser.find_element(By.CSS_SELECTOR, f"{card} > button.card-head").click()
        )
        self.actions += 1

    def new_entry(self, section: str, singular: str) -> int:
        """A new entry of ``section`` (its form opens): its index."""
        from selenium.webdriver.common.by import By

        details = f'#entries details[data-section="{section}"]'
        if self.browser.find_element(By.CSS_SELECTOR, details).get_attribute("open") is None:
            self._retried(
                lambda: self.browser.find_element(By.CSS_SELECTOR, f"{details} summary").click()
            )
            self.actions += 1
        self.click(f"New {singular}")
        return len(self.data()[section]) - 1

    def click(self, text: str) -> None:
        self._retried(lambda: self._click(text))

    def _click(self, text: str) -> None:
        from selenium.webdriver.common.by import By

        for button in self.browser.find_elements(By.CSS_SELECTOR, "button"):
            if button.text == text and button.is_displayed():
                button.click()
                self.actions += 1
                return
        raise AssertionError(f"no button {text!r}")

    def start(self, article: str, how: str = "Start empty") -> None:
        """Start an article from the corpus view, by its row's button."""
        from selenium.webdriver.common.by import By

        self.browser.get(self.root + "#/")
        row = f'tr[data-article="{article}"] button'
        self.wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, row))
        for button in self.browser.find_elements(By.CSS_SELECTOR, row):
            if button.text == how:
                button.click()
                self.actions += 1
                break
        self.wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#text .seg"))

    def selected(self) -> int:
        from selenium.webdriver.common.by import By

        card = self.browser.find_element(By.CSS_SELECTOR, "#claims li.selected")
        return int(card.get_attribute("data-index"))

    def checked_clean(self) -> None:
        from selenium.webdriver.common.by import By

        def clean(_: Any) -> bool:
            text = self.browser.find_element(By.ID, "problems").text
            return text.startswith("Valid: 0 errors, 0 violations")

        from selenium.common.exceptions import TimeoutException

        try:
            self.wait.until(clean)
        except TimeoutException:
            problems = self.browser.find_element(By.ID, "problems").text
            raise AssertionError(f"the article does not check clean: {problems}") from None

    def save(self) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        self.chord(Keys.CONTROL, "s")
        self.wait.until(
            lambda _: self.browser.find_element(By.ID, "status").text.startswith("Saved")
        )


# the annotation as the page holds it: its unsaved edits, which it keeps in the
# browser's storage, else the file as the editor serves it
READ = """
const [name, done] = arguments;
const kept = localStorage.getItem(`claimgraph-edit:${location.host}:${name}`);
if (kept) done(JSON.parse(kept).data);
else fetch(`/api/articles/${encodeURIComponent(name)}`)
  .then((r) => r.json())
  .then((a) => done(a.data));
"""
SINGULAR = {"actors": "actor", "posts": "post", "events": "event", "propositions": "proposition"}
# the fields of a claim that name an entry (not another claim)
NAMING = ("claimant", "as", "document", "inferred_from", "asserts", "about")


def _reviewed(item: BaseModel) -> str:
    """An entry as the model loads it, but for the drafter's confidence: the
    format keeps it after review, as the record of what the drafter thought."""
    return item.model_dump_json(exclude={"confidence"})


def _same(have: Any, want: Any) -> bool:
    """Whether two values of the annotation read the same (one ID or a list of it)."""
    if isinstance(want, list) and not isinstance(have, list):
        have = [have]
    if isinstance(have, list) and not isinstance(want, list):
        want = [want]
    if isinstance(want, dict) and isinstance(have, dict):
        return have.keys() == want.keys() and all(_same(have[k], want[k]) for k in want)
    if isinstance(want, list) and isinstance(have, list):
        return len(have) == len(want) and all(map(_same, have, want))
    return have is not None and str(have) == str(want)


def _index(data: dict[str, Any], section: str, ident: str) -> int | None:
    return next((i for i, e in enumerate(data.get(section) or []) if e.get("id") == ident), None)


def _conform(s: Session, path: str, want: dict[str, Any], have: dict[str, Any]) -> None:
    """Make the open form at ``path`` hold ``want`` (as the hand annotation has
    it) where it holds ``have``, by UI actions: a field typed, chosen or
    emptied; words of the text as a quote, cue or date."""
    from selenium.webdriver.common.keys import Keys

    for key, value in have.items():
        if key not in want and key != "confidence":  # the drafter's, kept after review
            if isinstance(value, dict):
                s.click(f"Remove {key}")
            else:
                s.field(f"{path}.{key}", "")
    for key, value in want.items():
        if key in ("id", "confidence") or _same(have.get(key), value):
            continue
        if key in ("quote", "cue") and path.startswith("claims"):
            anchored = have.get(key) or {}
            if str(anchored.get("text")) != value["text"] or str(
                anchored.get("occurrence", 1)
            ) != str(value.get("occurrence", 1)):
                s.words(value["text"], int(value.get("occurrence", 1)))
                s.chord(Keys.ALT, "q" if key == "quote" else "c")
            for part in ("mode", "type"):
                if part in value:
                    s.field(f"{path}.{key}.{part}", value[part])
        elif key == "said":
            if not isinstance(have.get(key), dict):
                s.click("Add said")
            for part, given in value.items():
                if _same((have.get(key) or {}).get(part), given):
                    continue
                if part == "when" and isinstance(given, dict):  # words of the text
                    s.words(given["text"], int(given.get("occurrence", 1)))
                    s.chord(Keys.ALT, "t")
                else:
                    s.field(f"{path}.said.{part}", given)
            for part in (have.get(key) or {}).keys() - value.keys():
                s.field(f"{path}.said.{part}", "")
        else:
            s.field(f"{path}.{key}", value if isinstance(value, list) else str(value))


def _entry(s: Session, section: str, want: dict[str, Any], renames: dict[str, str]) -> None:
    """The entry ``want`` made as the hand annotation has it: the drafted one
    renamed (when the drafter proposed it), or a new one."""
    data = s.data()
    index = _index(data, section, want["id"])
    drafted = next((old for old, new in renames.items() if new == want["id"]), None)
    if index is None and drafted is not None:
        index = _index(data, section, drafted)
    if index is None:
        index = s.new_entry(section, SINGULAR[section])
    else:
        s.open_entry(section, index)
    s.field(f"{section}.{index}.id", want["id"])
    if drafted is not None:  # renamed in its form: whatever named it names the new ID
        assert f'"{drafted}"' not in json.dumps(s.data()), drafted
    _conform(s, f"{section}.{index}", want, s.data()[section][index])


def _named(claims: list[dict[str, Any]]) -> set[str]:
    """The IDs of the entries (not claims) the claims name."""
    named: set[str] = set()
    for claim in claims:
        for key in NAMING:
            value = claim.get(key)
            named.update(value if isinstance(value, list) else [value] if value else [])
        to = (claim.get("said") or {}).get("to")
        named.update(to if isinstance(to, list) else [to] if to else [])
    return named


def _section_of(hand: dict[str, Any], ident: str) -> str:
    return next(s for s in SINGULAR if _index(hand, s, ident) is not None)


def _drafted_match(data: dict[str, Any], claim: dict[str, Any]) -> int | None:
    """The drafted claim with the hand claim's quote (else its cue)."""
    for key in ("quote", "cue"):
        text = (claim.get(key) or {}).get("text")
        for i, made in enumerate(data["claims"]):
            drafted = made.get("confidence") is not None
            if text and drafted and (made.get(key) or {}).get("text") == text:
                return i
    return None


def _make_claims(s: Session, hand: dict[str, Any], idents: list[str]) -> None:
    """The hand claims ``idents`` (outer hops, each followed by the hop it
    relays) made from the drafted ones: the drafted hop renamed first (the
    article's hop that relays it follows), then each field conformed."""
    from selenium.webdriver.common.keys import Keys

    wanted = {c["id"]: c for c in hand["claims"] if c["id"] in idents}
    for ident in idents:
        data = s.data()
        index = _index(data, "claims", ident)
        if index is None:
            index = _drafted_match(data, wanted[ident])
            if index is not None:
                relayed = data["claims"][index].get("relays") or []
                target = wanted[ident].get("relays")
                inner = _index(data, "claims", relayed[0]) if relayed else None
                if inner is not None and isinstance(target, str) and target in wanted:
                    s.open_claim(inner)
                    s.field(f"claims.{inner}.id", target)
        if index is None:
            s.click("New claim")
            index = s.selected()
        s.open_claim(index)
        s.field(f"claims.{index}.id", ident)
        _conform(s, f"claims.{index}", wanted[ident], s.data()["claims"][index])
        s.keys(Keys.ESCAPE)


def _mentions(s: Session, hand: dict[str, Any], actors: set[str]) -> None:
    """The hand annotation's mentions of ``actors``: words of the text, Alt+M."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    for mention in hand.get("mentions") or []:
        if mention["of"] not in actors:
            continue
        s.words(mention["text"], int(mention.get("occurrence", 1)))
        s.chord(Keys.ALT, "m")
        box = s.browser.find_element(By.CSS_SELECTOR, "#mention-form input")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(mention["of"], Keys.ENTER)
        s.actions += 1
        index = len(s.data()["mentions"]) - 1
        s.open_entry("mentions", index)
        _conform(s, f"mentions.{index}", mention, s.data()["mentions"][index])


def _unnamed_drafts(s: Session) -> None:
    """Drafted events and propositions nothing names any more: deleted (an
    alleged event no claim asserts is a violation)."""
    while True:
        data = s.data()
        text = json.dumps(data)  # an entry nothing names has its ID once, as its own
        gone = next(
            (
                (section, i, e["id"])
                for section in ("events", "propositions")
                for i, e in enumerate(data.get(section) or [])
                if e.get("confidence") is not None and text.count(f'"{e["id"]}"') == 1
            ),
            None,
        )
        if gone is None:
            return
        s.open_entry(gone[0], gone[1])
        s.click(f"Delete this {SINGULAR[gone[0]]}")


def _lines(path: Path, section: str, key: str, ident: str) -> int:
    """The YAML lines of an item (``- key: ident``) of ``section`` in the hand annotation."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{section}:")
    start = next(i for i in range(start, len(lines)) if lines[i] == f"  - {key}: {ident}")
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    return end - start


def test_a_scripted_session_from_drafts_makes_the_hand_made_claims(
    browser: Any, editor: str, corpus: Path
) -> None:
    s = Session(browser, editor)
    claim_lines = entry_lines = 0
    for name, (seed, idents) in FROM_DRAFT.items():
        hand = load_yaml(SEEDS / f"{seed}.yaml")[0]
        claims = [c for c in hand["claims"] if c["id"] in idents]
        named = _named(claims) - set(idents)
        s.start(name, "Start from a draft")  # as claimgraph draft
        for old, new in RENAMES[name].items():  # drafted entries the hand ones are
            section = next((k for k in SINGULAR if _index(s.data(), k, old) is not None), None)
            if section is not None and new not in named:
                s.open_entry(section, _index(s.data(), section, old) or 0)
                s.field(f"{section}.{_index(s.data(), section, old)}.id", new)
                # renamed in its form: whatever named it (claims, documents) names the new ID
                assert f'"{old}"' not in json.dumps(s.data()), old
        for section, entry in SUPPORT[name]:
            if _index(s.data(), section, entry["id"]) is None:
                index = s.new_entry(section, SINGULAR[section])
                _conform(s, f"{section}.{index}", entry, {"id": None})
                s.field(f"{section}.{index}.id", entry["id"])
        for ident in sorted(named):
            section = _section_of(hand, ident)
            _entry(s, section, hand[section][_index(hand, section, ident) or 0], RENAMES[name])
        _make_claims(s, hand, idents)
        _mentions(s, hand, named)
        _unnamed_drafts(s)
        s.checked_clean()
        s.save()

        saved = ArticleAnnotation.model_validate(load_yaml(corpus / f"{name}.yaml")[0])
        expected = ArticleAnnotation.model_validate(hand)
        for section in ("claims", *SINGULAR):
            made = {e.id: _reviewed(e) for e in getattr(saved, section)}
            for item in getattr(expected, section):
                if item.id in idents or item.id in named:
                    assert made.get(item.id) == _reviewed(item), f"{name}: {section} {item.id}"
        mentions = sorted(_reviewed(m) for m in expected.mentions if m.of in named)
        assert mentions == sorted(_reviewed(m) for m in saved.mentions if m.of in named), name
        path = SEEDS / f"{seed}.yaml"
        claim_lines += sum(_lines(path, "claims", "id", i) for i in idents)
        entry_lines += sum(_lines(path, _section_of(hand, i), "id", i) for i in named)
        # a mention is written one key a line in the seeds
        entry_lines += sum(len(m) for m in hand["mentions"] if m["of"] in named)
    claims_made = sum(len(v[1]) for v in FROM_DRAFT.values())
    print(
        f"\nclaimgraph edit, from drafts: {claims_made} hand-made claims and the entries they "
        f"name made with {s.actions} UI actions (keys, clicks, typed fields, accepted drafts); "
        f"the hand annotation spends {claim_lines} YAML lines on the claims, "
        f"{claim_lines + entry_lines} with their entries and mentions"
    )


def test_a_live_error_shows_on_its_field_and_undo_clears_it(browser: Any, editor: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    s = Session(browser, editor)
    s.open("005_wikinews_scientology_defector")
    s.chord(Keys.ALT, Keys.ARROW_DOWN)  # the first claim
    index = s.selected()
    s.field(f"claims.{index}.claimant", "nobody-known")
    field = f'.field.invalid[data-path="claims.{index}.claimant"]'
    s.wait.until(lambda b: "nobody-known" in b.find_element(By.CSS_SELECTOR, field).text)
    assert "error" in browser.find_element(By.ID, "problems").text
    marked = browser.find_elements(By.CSS_SELECTOR, f'#text .seg.problem[data-claim="{index}"]')
    assert marked and "nobody-known" in marked[0].get_attribute("title")  # on its words too
    browser.find_element(By.ID, "words").click()
    s.chord(Keys.ALT, "z")
    s.checked_clean()
    assert not browser.find_elements(By.CSS_SELECTOR, field)


def test_the_part_a_hop_reports_is_a_field_of_its_form(browser: Any, editor: str) -> None:
    """'reports_only' (the part of the relayed statement a hop reports) has its field,
    made from the JSON Schema; a part the relayed statement does not assert is a live
    error on it, in validate's words."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    s = Session(browser, editor)
    s.open("003_globalvoices_armenia_bail")
    index = next(i for i, c in enumerate(s.data()["claims"]) if c["id"] == "lara-aha-minasyan")
    s.open_claim(index)
    element = browser.find_element(By.ID, f"f-claims-{index}-reports_only")
    assert element.get_property("value") == "oganesova-destroys-society"
    s.field(f"claims.{index}.reports_only", "brothers-normal-peopel")
    field = f'.field.invalid[data-path="claims.{index}.reports_only"]'
    s.wait.until(
        lambda b: (
            "'reports_only' names 'brothers-normal-peopel'"
            in b.find_element(By.CSS_SELECTOR, field).text
        )
    )
    browser.find_element(By.ID, "words").click()
    s.chord(Keys.ALT, "z")
    s.checked_clean()


def test_edits_not_saved_are_kept_by_the_page(browser: Any, editor: str, corpus: Path) -> None:
    from selenium.webdriver.common.by import By

    name = "003_globalvoices_armenia_bail"
    before = (corpus / f"{name}.yaml").read_bytes()
    s = Session(browser, editor)
    s.open(name)
    s.click("New claim")
    index = s.selected()
    s.field(f"claims.{index}.id", "kept-by-the-browser")
    browser.refresh()  # the tab reloaded: the edit is still here
    s.wait.until(lambda b: "Restored edits" in b.find_element(By.ID, "banner").text)
    assert "kept-by-the-browser" in browser.find_element(By.ID, "claims").text
    assert (corpus / f"{name}.yaml").read_bytes() == before
    s.click("Discard them")
    assert "kept-by-the-browser" not in browser.find_element(By.ID, "claims").text


def test_two_tabs_editing_one_article_see_the_conflict(
    browser: Any, editor: str, corpus: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    name = "004_globalvoices_armenia_controversy"
    s = Session(browser, editor)
    s.open(name)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    s.open(name)
    s.chord(Keys.ALT, Keys.ARROW_DOWN)
    s.field(f"claims.{s.selected()}.note", "written in the second tab")
    s.save()
    saved = (corpus / f"{name}.yaml").read_bytes()
    browser.close()
    browser.switch_to.window(first)
    s.chord(Keys.ALT, Keys.ARROW_DOWN)
    s.field(f"claims.{s.selected()}.note", "written in the first tab")
    s.chord(Keys.CONTROL, "s")
    s.wait.until(lambda b: "changed on disk" in b.find_element(By.ID, "banner").text)
    assert (corpus / f"{name}.yaml").read_bytes() == saved  # never overwritten silently
    s.click("Reload the file (discard my edits)")


def test_article_text_with_markup_is_shown_as_text(browser: Any, editor: str) -> None:
    from selenium.webdriver.common.by import By

    s = Session(browser, editor)
    s.start(HOSTILE)
    text = browser.find_element(By.ID, "text")
    assert "<script>window.pwned = 1</script>" in text.text
    assert not text.find_elements(By.CSS_SELECTOR, "script, img, b")
    assert browser.execute_script("return window.pwned === undefined")


@pytest.mark.parametrize("width", [1280, 390])
def test_no_horizontal_scrolling(browser: Any, editor: str, width: int) -> None:
    """The corpus view, an article with a claim's card open and the registry
    with an entry's card open fit the width of a desktop (1280 px) and of a
    phone (390 px) without sideways scrolling."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(width, 900)
    try:
        s = Session(browser, editor)
        browser.get(editor + "#/")
        s.wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "table.corpus tbody tr"))
        pages = [("corpus", browser.execute_script(SCROLL))]
        s.open("001_wikinews_uk_asylum_questionnaire")
        s.chord(Keys.ALT, Keys.ARROW_DOWN)
        s.wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#claims li.selected form.hop"))
        pages.append(("article with a claim's card open", browser.execute_script(SCROLL)))
        browser.get(editor + "#/registry")
        # the registry's own view: the article's view has entry sections too
        s.wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".registry-view #entries details"))
        s.open_entry("documents", 0)
        pages.append(("registry with an entry's card open", browser.execute_script(SCROLL)))
        for page, (scroll, inner) in pages:
            assert inner == width, f"the window is {inner} px wide, not {width}"
            assert scroll <= inner, f"{page} at {width} px scrolls sideways ({scroll} > {inner})"
    finally:
        browser.set_window_size(1280, 1000)


SCROLL = "return [document.scrollingElement.scrollWidth, window.innerWidth]"


def test_a_claim_made_with_the_keyboard_alone(browser: Any, editor: str, corpus: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    name = "008_globalvoices_russia_khinshtein_tweets"
    s = Session(browser, editor)
    s.open(name)
    text = (corpus / f"{name}.txt").read_text(encoding="utf-8")
    words = " ".join(text.split("\n")[0].split()[:3])  # the headline's first words
    s.chord(Keys.ALT, "w")  # to the words box
    s.keys(words)
    s.chord(Keys.ALT, "n")  # a new claim with them as its quote: its form opens, on its ID
    s.chord(Keys.CONTROL, "a")
    s.keys("made-by-keyboard", Keys.TAB)
    s.keys(Keys.ESCAPE)
    s.chord(Keys.CONTROL, "s")
    s.wait.until(lambda b: b.find_element("id", "status").text.startswith("Saved"))
    saved = load_yaml(corpus / f"{name}.yaml")[0]
    made = next(c for c in saved["claims"] if c["id"] == "made-by-keyboard")
    assert made["quote"]["text"] == words
    assert made["certainty"] == "certain"


def test_entries_are_edited_in_their_own_forms(browser: Any, editor: str, corpus: Path) -> None:
    from selenium.webdriver.common.by import By

    name = "007_globalvoices_pakistan_twitter_block"
    s = Session(browser, editor)
    s.open(name)
    browser.find_element(By.CSS_SELECTOR, '#entries details[data-section="events"] summary').click()
    s.click("New event")
    index = int(
        browser.find_element(By.CSS_SELECTOR, "#entries li.selected").get_attribute("data-index")
    )
    s.field(f"events.{index}.id", "an-event-from-the-editor")
    s.field(f"events.{index}.label", "Something the article reports")
    s.field(f"events.{index}.status", "alleged")
    # an alleged event that no claim asserts is a violation, shown on the event's card
    s.wait.until(
        lambda b: "violation" in b.find_element(By.CSS_SELECTOR, "#entries li.selected").text
    )
    s.click("Delete this event")
    s.checked_clean()


def test_the_drafters_suggestions_are_accepted_or_rejected(
    browser: Any, editor: str, corpus: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    s = Session(browser, editor)
    s.start(TO_DRAFT)  # as claimgraph new: the headline, no claim yet
    s.chord(Keys.ALT, "d")  # the drafter's suggestions
    s.wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, ".suggestion")) > 2)
    suggestions = browser.find_elements(By.CSS_SELECTOR, ".suggestion")
    accepted = suggestions[0].get_attribute("data-suggestion")
    rejected = suggestions[1].get_attribute("data-suggestion")
    shown = len(suggestions)
    assert "%" in suggestions[0].text  # with the drafter's confidence
    suggestions[0].find_element(By.XPATH, ".//button[.='Accept']").click()
    browser.find_elements(By.CSS_SELECTOR, ".suggestion")[0].find_element(
        By.XPATH, ".//button[.='Reject']"
    ).click()
    assert len(browser.find_elements(By.CSS_SELECTOR, ".suggestion")) == shown - 2
    assert accepted in browser.find_element(By.ID, "claims").text
    assert rejected not in browser.find_element(By.ID, "claims").text
    s.save()
    saved = load_yaml(corpus / f"{TO_DRAFT}.yaml")[0]
    ids = {c["id"] for c in saved["claims"]}
    assert accepted in ids and rejected not in ids


def test_a_1_mb_article_stays_responsive(browser: Any, editor: str, corpus: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    assert (corpus / f"{BIG}.txt").stat().st_size > 1_000_000
    s = Session(browser, editor)
    start = time.monotonic()
    s.open(BIG)
    opened = time.monotonic() - start
    s.chord(Keys.ALT, Keys.ARROW_DOWN)
    start = time.monotonic()
    s.field(f"claims.{s.selected()}.claimant", "nobody-known")
    s.wait.until(lambda b: "nobody-known" in b.find_element(By.ID, "problems").text)
    checked = time.monotonic() - start
    print(
        f"\na 1 MB article: opened in {opened:.1f} s, an edit checked and shown in {checked:.1f} s"
    )


def test_saving_untouched_keeps_the_file_byte_for_byte(
    browser: Any, editor: str, corpus: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    name = "000_68f2744142ff802d"
    before = (corpus / f"{name}.yaml").read_bytes()
    s = Session(browser, editor)
    s.open(name)
    s.chord(Keys.CONTROL, "s")
    s.wait.until(lambda b: "nothing had changed" in b.find_element(By.ID, "status").text)
    assert (corpus / f"{name}.yaml").read_bytes() == before


def test_from_claimgraph_new_to_a_valid_annotation_without_yaml(
    browser: Any, editor: str, corpus: Path
) -> None:
    """A newcomer's path: an empty annotation (as claimgraph new writes it) to
    a valid one, a denial relayed by the article, by UI actions alone."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    s = Session(browser, editor)
    s.start(NEWCOMER)
    # the minister: a new actor, and this article's mention of him
    s.words("The minister")
    s.chord(Keys.ALT, "m")
    mention = browser.find_element(By.CSS_SELECTOR, "#mention-form input")
    mention.send_keys(Keys.CONTROL, "a")
    mention.send_keys("minister", Keys.ENTER)
    # what he denies: an event, alleged
    browser.find_element(By.CSS_SELECTOR, '#entries details[data-section="events"] summary').click()
    s.click("New event")
    s.field("events.0.id", "bribe")
    s.field("events.0.label", "The minister took a bribe from a building firm")
    s.field("events.0.status", "alleged")
    s.click("Close")
    # the article reports that the minister denies it
    s.words("he took a bribe from a building firm")
    s.chord(Keys.ALT, "n")
    outer = s.selected()
    s.field(f"claims.{outer}.id", "article-reports-denial")
    s.field(f"claims.{outer}.relays", "minister-denies")
    s.words("denied")
    s.chord(Keys.ALT, "c")
    s.field(f"claims.{outer}.cue.type", "deny")
    s.keys(Keys.ESCAPE)
    s.click("New claim")
    inner = s.selected()
    s.field(f"claims.{inner}.id", "minister-denies")
    s.field(f"claims.{inner}.claimant", "minister")
    s.field(f"claims.{inner}.act", "deny")
    s.words("on Monday")
    s.chord(Keys.ALT, "t")  # these words date the statement
    s.field(f"claims.{inner}.asserts", "bribe")
    s.keys(Keys.ESCAPE)
    s.checked_clean()
    s.save()
    with tempfile.TemporaryDirectory() as tmp:  # alone: other tests leave articles half-done
        for name in (f"{NEWCOMER}.txt", f"{NEWCOMER}.yaml"):
            shutil.copy(corpus / name, Path(tmp) / name)
        done = subprocess.run(
            [sys.executable, "-m", "claimgraph", "validate", str(Path(tmp) / f"{NEWCOMER}.yaml")],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    saved = ArticleAnnotation.model_validate(load_yaml(corpus / f"{NEWCOMER}.yaml")[0])
    hop = next(c for c in saved.claims if c.id == "minister-denies")
    assert hop.stance == "negative" and hop.claimant == "minister"
    reporting = next(c for c in saved.claims if c.id == "article-reports-denial")
    assert reporting.stance == "positive" and reporting.relays == ["minister-denies"]
    print(f"\nfrom claimgraph new to a valid annotation (a relayed denial): {s.actions} UI actions")


def test_edits_survive_the_server_stopping(browser: Any, corpus: Path) -> None:
    from selenium.webdriver.common.by import By

    name = "007_globalvoices_pakistan_twitter_block"
    before = (corpus / f"{name}.yaml").read_bytes()
    port = _free_port()
    with editing(corpus, port) as root:
        browser.get(root + f"?token={TOKEN}")
        s = Session(browser, root)
        s.open(name)
        s.click("New claim")
        index = s.selected()
        s.field(f"claims.{index}.id", "typed-before-the-stop")
    # the server stops: what is typed now is kept by the page, which says so
    s.field(f"claims.{index}.note", "typed while the server was down")
    s.wait.until(lambda b: "kept in this browser" in b.find_element(By.ID, "status").text)
    with editing(corpus, port) as root:
        browser.get(root + f"?token={TOKEN}")
        s.open(name)
        s.wait.until(lambda b: "Restored edits" in b.find_element(By.ID, "banner").text)
        assert "typed-before-the-stop" in browser.find_element(By.ID, "claims").text
        s.save()
    saved = load_yaml(corpus / f"{name}.yaml")[0]
    made = next(c for c in saved["claims"] if c["id"] == "typed-before-the-stop")
    assert made["note"] == "typed while the server was down"
    assert (corpus / f"{name}.yaml").read_bytes() != before


def test_the_registry_is_edited_in_the_browser(browser: Any, editor: str, corpus: Path) -> None:
    """registry.yaml (the entries the articles share), opened from the corpus
    view: a live error on its field, undone; an edit saved into the file."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    path = corpus / "registry.yaml"
    before = path.read_text(encoding="utf-8")
    s = Session(browser, editor)
    browser.get(editor + "#/")
    s.wait.until(lambda b: b.find_elements(By.LINK_TEXT, "Edit the registry"))
    browser.find_element(By.LINK_TEXT, "Edit the registry").click()
    s.wait.until(
        lambda b: b.find_elements(
            By.CSS_SELECTOR, '.registry-view #entries details[data-section="actors"]'
        )
    )
    assert not browser.find_elements(By.ID, "claims")  # the registry has no claims
    s.checked_clean()
    actors = load_yaml(path)[0]["actors"]
    mali = next(i for i, a in enumerate(actors) if a["id"] == "mali")
    s.open_entry("actors", mali)
    s.field(f"actors.{mali}.id", "morocco")  # another actor's ID: an error, on this field
    field = f'.field.invalid[data-path="actors.{mali}.id"]'
    s.wait.until(lambda b: "duplicate ID" in b.find_element(By.CSS_SELECTOR, field).text)
    browser.find_element(By.CSS_SELECTOR, "#entries summary").click()
    s.chord(Keys.ALT, "z")
    s.checked_clean()
    s.open_entry("actors", mali)
    s.field(f"actors.{mali}.names", ["Mali", "Republic of Mali"])
    s.checked_clean()
    s.save()
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("names: [Mali]\n", "names: [Mali, Republic of Mali]\n", 1)
    # a section the reader opened stays open when the list is redrawn (an entry
    # of another section opened and closed)
    places = '#entries details[data-section="places"]'
    browser.find_element(By.CSS_SELECTOR, f"{places} summary").click()
    s.open_entry("actors", 0)
    s.click("Close")
    assert browser.find_element(By.CSS_SELECTOR, places).get_attribute("open") is not None
