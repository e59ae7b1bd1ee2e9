"""claimgraph edit, the annotation editor: its HTTP API over a copy of the seed
corpus. Saves keep an untouched file byte for byte and change only what
changed; a file changed on disk is a conflict, never overwritten; the live
check gives the messages `claimgraph validate` gives; nothing is read or
written without the token, from another origin, or outside the corpus.

The browser side is in test_edit_ui.py."""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimgraph.annotation.yamlio import load_yaml
from claimgraph.edit.app import create_editor_app
from claimgraph.edit.roundtrip import as_yaml

PORT = 8765
TOKEN = "test-token"
WRITE = {"X-Claimgraph-Token": TOKEN}
ARTICLE = "006_wikinews_canada_document"


@pytest.fixture
def editor(corpus: Path) -> Iterator[TestClient]:
    app = create_editor_app(corpus, token=TOKEN, port=PORT)
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT}") as client:
        assert client.get(f"/?token={TOKEN}", follow_redirects=False).status_code == 303
        yield client


def _open(editor: TestClient, name: str = ARTICLE) -> dict[str, Any]:
    response = editor.get(f"/api/articles/{name}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _changed_lines(before: str, after: str) -> list[str]:
    """The lines a save took out (-) and put in (+)."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def _claim(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(c for c in data["claims"] if c["id"] == ident)


# -- saving ------------------------------------------------------------------------------


def test_saving_untouched_data_leaves_every_file_byte_identical(
    editor: TestClient, corpus: Path
) -> None:
    for path in sorted(corpus.glob("0*.yaml")):
        before = path.read_bytes()
        opened = _open(editor, path.stem)
        saved = editor.put(
            f"/api/articles/{path.stem}",
            json={"data": opened["data"], "base": opened["base"]},
            headers=WRITE,
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["written"] is False
        assert path.read_bytes() == before, path.name


def test_one_edit_changes_one_line_and_keeps_comments(editor: TestClient, corpus: Path) -> None:
    path = corpus / f"{ARTICLE}.yaml"
    before = path.read_text(encoding="utf-8")
    opened = _open(editor)
    _claim(opened["data"], "raisinghani-review")["certainty"] = "probable"
    saved = editor.put(
        f"/api/articles/{ARTICLE}",
        json={"data": opened["data"], "base": opened["base"]},
        headers=WRITE,
    )
    assert saved.status_code == 200 and saved.json()["written"] and saved.json()["layout_kept"]
    after = path.read_text(encoding="utf-8")
    changed = _changed_lines(before, after)
    assert changed == ["-    certainty: certain", "+    certainty: probable"]
    assert "# -- Sujata Raisinghani, to CBC News" in after
    assert load_yaml(path)[0] == opened["data"]


def test_a_file_with_windows_line_ends_keeps_them_and_its_blank_lines(
    editor: TestClient, corpus: Path
) -> None:
    path = corpus / f"{ARTICLE}.yaml"
    lf = path.read_text(encoding="utf-8")
    crlf = lf.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(crlf)
    opened = _open(editor)
    untouched = editor.put(
        f"/api/articles/{ARTICLE}",
        json={"data": opened["data"], "base": opened["base"]},
        headers=WRITE,
    )
    assert untouched.status_code == 200 and untouched.json()["written"] is False
    assert path.read_bytes() == crlf  # byte for byte
    _claim(opened["data"], "raisinghani-review")["certainty"] = "probable"
    saved = editor.put(
        f"/api/articles/{ARTICLE}",
        json={"data": opened["data"], "base": opened["base"]},
        headers=WRITE,
    )
    assert saved.status_code == 200 and saved.json()["written"] and saved.json()["layout_kept"]
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")  # every line still ends in CRLF
    # the same one line changed as in the file with LF line ends: blank lines kept
    changed = lf.replace(
        "    act: announce\n    said: {medium: statement, to: cbc}\n    certainty: certain",
        "    act: announce\n    said: {medium: statement, to: cbc}\n    certainty: probable",
    )
    assert changed != lf
    assert after == changed.replace("\n", "\r\n").encode("utf-8")


def test_deleting_and_adding_claims_keeps_the_others_as_written(
    editor: TestClient, corpus: Path
) -> None:
    path = corpus / f"{ARTICLE}.yaml"
    before = path.read_text(encoding="utf-8")
    opened = _open(editor)
    data = opened["data"]
    data["claims"] = [c for c in data["claims"] if c["id"] != "c-raisinghani-seriously"]
    data["claims"].append(
        {
            "id": "c-new",
            "quote": {"text": "We take document security seriously", "mode": "direct"},
            "certainty": "certain",
        }
    )
    saved = editor.put(
        f"/api/articles/{ARTICLE}", json={"data": data, "base": opened["base"]}, headers=WRITE
    )
    assert saved.status_code == 200
    after = path.read_text(encoding="utf-8")
    removed = [
        line[1:]
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith("-") and not line.startswith("---")
    ]
    # what went is that claim's lines, and nothing of any other entry
    assert removed[0] == "  - id: c-raisinghani-seriously"
    assert not any("- id:" in line for line in removed[1:])
    assert "\n".join(removed) in before
    assert "c-raisinghani-review" in after and "- id: c-new" in after
    assert load_yaml(path)[0] == data


def test_a_file_changed_on_disk_is_a_conflict_and_is_not_overwritten(
    editor: TestClient, corpus: Path
) -> None:
    path = corpus / f"{ARTICLE}.yaml"
    opened = _open(editor)
    # another tab, a text editor or git pull changes the file
    elsewhere = path.read_text(encoding="utf-8").replace(
        "certainty: certain", "certainty: possible", 1
    )
    path.write_text(elsewhere, encoding="utf-8")
    _claim(opened["data"], "raisinghani-review")["certainty"] = "probable"
    saved = editor.put(
        f"/api/articles/{ARTICLE}",
        json={"data": opened["data"], "base": opened["base"]},
        headers=WRITE,
    )
    assert saved.status_code == 409
    assert (
        "changed on disk" in saved.json()["error"]
        and "nothing was written" in saved.json()["error"]
    )
    assert path.read_text(encoding="utf-8") == elsewhere
    # overwriting is a decision the user makes, with the version they were shown
    again = editor.put(
        f"/api/articles/{ARTICLE}",
        json={"data": opened["data"], "base": saved.json()["current"]},
        headers=WRITE,
    )
    assert again.status_code == 200 and again.json()["written"]


def test_a_save_leaves_no_temporary_file(editor: TestClient, corpus: Path) -> None:
    before = sorted(p.name for p in corpus.iterdir())
    opened = _open(editor)
    _claim(opened["data"], "raisinghani-review")["certainty"] = "probable"
    editor.put(
        f"/api/articles/{ARTICLE}",
        json={"data": opened["data"], "base": opened["base"]},
        headers=WRITE,
    )
    assert sorted(p.name for p in corpus.iterdir()) == before


# -- live checks -------------------------------------------------------------------------------


def _saved_and_validated(
    editor: TestClient, corpus: Path, data: dict[str, Any]
) -> tuple[int, list[str], list[str]]:
    """Save ``data`` through the editor, then `claimgraph validate` the file it
    wrote: (exit status, its errors' messages, its results' messages)."""
    opened = _open(editor)
    saved = editor.put(
        f"/api/articles/{ARTICLE}", json={"data": data, "base": opened["base"]}, headers=WRITE
    )
    assert saved.status_code == 200, saved.text
    path = corpus / f"{ARTICLE}.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "claimgraph", "validate", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "10000"},
        check=False,
    )
    prefix = re.compile(rf"^{re.escape(str(path))}:\d+: ")
    errors = [prefix.sub("", line) for line in done.stderr.splitlines() if prefix.match(line)]
    results = json.loads(done.stdout)["results"] if done.returncode in (0, 1) else []
    return done.returncode, errors, [r["message"] for r in results]


def _problems(checked: dict[str, Any], severity: str) -> list[str]:
    return sorted(p["message"] for p in checked["problems"] if p["severity"] == severity)


def test_errors_are_the_ones_validate_gives_each_on_its_field(
    editor: TestClient, corpus: Path
) -> None:
    data = _open(editor)["data"]
    broken = copy.deepcopy(data)
    _claim(broken, "c-raisinghani-review")["quote"]["text"] = "words that are not in the text"
    _claim(broken, "raisinghani-review")["claimant"] = "nobody-known"
    index = next(i for i, c in enumerate(broken["claims"]) if c["id"] == "raisinghani-seriously")
    broken["claims"][index]["certainty"] = "maybe"
    checked = editor.post(
        f"/api/articles/{ARTICLE}/check", json={"data": broken}, headers=WRITE
    ).json()
    on = {".".join(p["path"][2:]): p["message"] for p in checked["problems"]}
    assert "words that are not in the text" in on["quote.text"]
    assert "nobody-known" in on["claimant"]
    assert "maybe" in on["certainty"]
    code, errors, _ = _saved_and_validated(editor, corpus, broken)
    assert code == 2
    assert _problems(checked, "error") == sorted(errors)  # the same messages, all at once


def test_violations_are_the_ones_validate_gives(editor: TestClient, corpus: Path) -> None:
    data = _open(editor)["data"]
    data["events"].append({"id": "orphan", "label": "Nobody claims this", "status": "alleged"})
    checked = editor.post(f"/api/articles/{ARTICLE}/check", json={"data": data}, headers=WRITE)
    violations = [p for p in checked.json()["problems"] if p["severity"] == "violation"]
    assert violations, checked.json()
    assert violations[0]["path"][:2] == ["events", str(len(data["events"]) - 1)]
    code, _, results = _saved_and_validated(editor, corpus, data)
    assert code == 1
    assert _problems(checked.json(), "violation") == sorted(results)


def test_a_registry_error_is_shown_as_validate_shows_it(editor: TestClient, corpus: Path) -> None:
    registry = corpus / "registry.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("kind: person", "kind: persn", 1),
        encoding="utf-8",
    )
    data = _open(editor)["data"]
    checked = editor.post(f"/api/articles/{ARTICLE}/check", json={"data": data}, headers=WRITE)
    shown = [p["message"] for p in checked.json()["problems"] if p["severity"] == "error"]
    assert any("registry.yaml:" in m and "persn" in m for m in shown), shown


def test_values_the_loader_would_misread_are_saved_as_written(
    editor: TestClient, corpus: Path
) -> None:
    data = _open(editor)["data"]
    data["actors"][0]["names"].append("Yes")  # YAML 1.1 reads a plain Yes as true
    data["actors"][0]["names"].append("Ottawa, Ontario")  # a name with a comma
    data["events"][0]["note"] = "12:30"  # and 12:30 as 750
    data["events"][0]["confidence"] = 0.8
    code, errors, _ = _saved_and_validated(editor, corpus, data)
    assert code == 0, errors
    saved = load_yaml(corpus / f"{ARTICLE}.yaml")[0]
    assert saved["actors"][0]["names"][-2:] == ["Yes", "Ottawa, Ontario"]
    assert saved["events"][0]["note"] == "12:30"


def test_a_valid_edit_checks_clean_with_spans_and_chain_sentences(editor: TestClient) -> None:
    opened = _open(editor)
    assert opened["check"]["counts"] == {"error": 0, "violation": 0, "warning": 0, "info": 0}
    kinds = {s["kind"] for s in opened["check"]["spans"]}
    assert {"quote", "cue", "mention"} <= kinds
    text = opened["text"]
    for span in opened["check"]["spans"]:
        assert 0 <= span["begin"] < span["end"] <= len(text)
    label = opened["check"]["labels"]["c-raisinghani-review"]
    assert label.startswith("The article's author reports that Sujata Raisinghani")
    assert "announces: Environment Canada looks into the incident" in label


def test_corpus_lists_every_article_with_its_state(editor: TestClient, corpus: Path) -> None:
    (corpus / "zz_new.txt").write_text("A headline\n\nSome text.\n", encoding="utf-8")
    listing = editor.get("/api/corpus").json()
    states = {a["name"]: a["state"] for a in listing["articles"]}
    assert states["zz_new"] == "none"
    assert states[ARTICLE] == "reviewed"
    assert len(states) == len(list(corpus.glob("*.txt")))
    assert any(a["id"] == "hillary-clinton" for a in listing["registry"]["actors"])
    # the numbers of problems are counted in the background, and then listed
    deadline = time.monotonic() + 60
    while listing["pending"] and time.monotonic() < deadline:
        time.sleep(0.2)
        listing = editor.get("/api/corpus").json()
    counts = {a["name"]: a["counts"] for a in listing["articles"]}
    assert counts["zz_new"] is None
    assert counts[ARTICLE] == {"error": 0, "violation": 0, "warning": 0, "info": 0}
    assert counts["001_wikinews_uk_asylum_questionnaire"]["warning"] == 3  # undated times


def test_start_an_article_empty_or_from_a_draft(editor: TestClient, corpus: Path) -> None:
    text = (corpus / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    for name, draft in (("zz_empty", False), ("zz_drafted", True)):
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
        started = editor.post(
            f"/api/articles/{name}/start?draft={str(draft).lower()}", headers=WRITE
        )
        assert started.status_code == 200, started.text
        assert (corpus / f"{name}.yaml").is_file()
    drafted = _open(editor, "zz_drafted")
    assert drafted["data"]["article"]["status"] == "draft"
    assert len(drafted["data"]["claims"]) > 5
    again = editor.post("/api/articles/zz_empty/start", headers=WRITE)
    assert again.status_code == 409  # an annotation is never replaced by a start


def test_draft_suggestions_leave_out_what_is_annotated(editor: TestClient) -> None:
    data = _open(editor)["data"]
    full = editor.post(f"/api/articles/{ARTICLE}/draft", headers=WRITE).json()["suggestions"]
    data["claims"] = [
        c for c in data["claims"] if not c["id"].startswith(("c-raisinghani", "raisinghani"))
    ]
    # the suggestions are made against the saved file: save the shortened annotation first
    opened = _open(editor)
    editor.put(
        f"/api/articles/{ARTICLE}", json={"data": data, "base": opened["base"]}, headers=WRITE
    )
    fewer = editor.post(f"/api/articles/{ARTICLE}/draft", headers=WRITE).json()["suggestions"]
    new = [s for s in fewer if s not in full]
    assert any("the department will look into the incident" in " ".join(s["words"]) for s in new)
    for suggestion in new:
        assert 0 < suggestion["confidence"] <= 1
        assert suggestion["claims"][0]["id"] == suggestion["id"]


# -- hostile requests ------------------------------------------------------------------------------


def test_nothing_is_read_without_the_token(corpus: Path) -> None:
    app = create_editor_app(corpus, token=TOKEN, port=PORT)
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT}") as client:
        assert client.get("/").status_code == 403
        assert client.get(f"/?token=wrong{TOKEN}", follow_redirects=False).status_code == 403
        for path in ("/api/corpus", f"/api/articles/{ARTICLE}", "/api/schema"):
            assert client.get(path).status_code == 403
        client.cookies.set(f"claimgraph_edit_{PORT}", "wrong")
        assert client.get("/api/corpus").status_code == 403


def test_writes_need_the_header_and_the_same_origin(editor: TestClient, corpus: Path) -> None:
    before = (corpus / f"{ARTICLE}.yaml").read_bytes()
    opened = _open(editor)
    _claim(opened["data"], "raisinghani-review")["certainty"] = "probable"
    body = {"data": opened["data"], "base": opened["base"]}
    url = f"/api/articles/{ARTICLE}"
    refused = [
        editor.put(url, json=body),  # a form or script of another site cannot add the header
        editor.put(url, json=body, headers={**WRITE, "Origin": "http://evil.example"}),
        editor.put(url, json=body, headers={**WRITE, "Origin": "null"}),
        editor.put(url, json=body, headers={**WRITE, "Sec-Fetch-Site": "cross-site"}),
        editor.put(url, json=body, headers={"X-Claimgraph-Token": "wrong"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert (corpus / f"{ARTICLE}.yaml").read_bytes() == before


def test_another_host_name_is_refused(editor: TestClient) -> None:
    # DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends its name
    response = editor.get("/api/corpus", headers={"Host": f"evil.example:{PORT}"})
    assert response.status_code == 421


@pytest.mark.parametrize(
    "name",
    ["..", "../etc/passwd", "%2e%2e%2fetc%2fpasswd", "registry", "no-such-article", ".hidden"],
)
def test_names_outside_the_corpus_are_refused(editor: TestClient, name: str) -> None:
    response = editor.get(f"/api/articles/{name}")
    assert response.status_code in (400, 404), (name, response.status_code)
    assert "root:" not in response.text


def test_a_link_out_of_the_corpus_is_refused(
    editor: TestClient, corpus: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the editor", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    response = editor.get("/api/articles/leak")
    assert response.status_code == 400
    assert "outside the corpus" in response.json()["error"]
    assert "not for the editor" not in response.text


def test_hostile_edits_are_refused_with_a_message(editor: TestClient, corpus: Path) -> None:
    before = (corpus / f"{ARTICLE}.yaml").read_bytes()
    url = f"/api/articles/{ARTICLE}/check"
    nested = '{"data": {"a": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    response = editor.post(
        url, content=nested, headers={**WRITE, "Content-Type": "application/json"}
    )
    assert response.status_code in (400, 413, 422), response.status_code
    big = editor.post(
        url,
        content=b'{"data": {"note": "' + b"x" * (20 * 1024 * 1024) + b'"}}',
        headers={**WRITE, "Content-Type": "application/json"},
    )
    assert big.status_code == 413
    not_a_mapping = editor.post(url, content=json.dumps({"data": [1, 2]}), headers=WRITE)
    assert not_a_mapping.status_code == 422
    assert (corpus / f"{ARTICLE}.yaml").read_bytes() == before


def test_edit_of_something_that_is_no_folder_is_an_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "claimgraph", "edit", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "missing" in done.stderr and "Traceback" not in done.stderr
    remote = subprocess.run(
        [sys.executable, "-m", "claimgraph", "edit", str(tmp_path), "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert remote.returncode == 2 and "0.0.0.0" in remote.stderr  # loopback only


def test_deleting_the_item_before_a_section_keeps_the_sections_heading(
    editor: TestClient, corpus: Path
) -> None:
    path = corpus / f"{ARTICLE}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    heading = lines.index("  # -- Sujata Raisinghani, to CBC News " + "-" * 49)
    before = next(
        line.removeprefix("  - id: ")
        for line in reversed(lines[:heading])
        if line.startswith("  - id: ")
    )
    opened = _open(editor)
    data = opened["data"]
    data["claims"] = [c for c in data["claims"] if c["id"] != before]
    for claim in data["claims"]:  # what named it names nothing now
        for key in ("relays", "continues", "corroborates", "contradicts"):
            if claim.get(key) == before or (
                isinstance(claim.get(key), list) and before in claim[key]
            ):
                del claim[key]
    editor.put(
        f"/api/articles/{ARTICLE}", json={"data": data, "base": opened["base"]}, headers=WRITE
    )
    after = path.read_text(encoding="utf-8")
    assert f"- id: {before}\n" not in after
    assert "\n\n" + lines[heading] + "\n\n  - id: c-raisinghani-review\n" in after


def test_an_annotation_named_yml_is_the_articles(editor: TestClient, corpus: Path) -> None:
    (corpus / f"{ARTICLE}.yaml").rename(corpus / f"{ARTICLE}.yml")
    listing = {a["name"]: a["state"] for a in editor.get("/api/corpus").json()["articles"]}
    assert listing[ARTICLE] == "reviewed"
    opened = _open(editor)
    assert opened["data"]["claims"]
    assert editor.post(f"/api/articles/{ARTICLE}/start", headers=WRITE).status_code == 409
    assert not (corpus / f"{ARTICLE}.yaml").exists()


def test_the_cookie_of_an_editor_on_another_port_opens_nothing(corpus: Path) -> None:
    app = create_editor_app(corpus, token=TOKEN, port=PORT + 1)
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT + 1}") as other:
        other.cookies.set(f"claimgraph_edit_{PORT}", TOKEN)  # the first editor's cookie
        assert other.get("/api/corpus").status_code == 403


def test_a_body_is_refused_before_it_is_read(editor: TestClient, corpus: Path) -> None:
    url = f"/api/articles/{ARTICLE}/check"
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        yield b'{"data": {"note": "'
        for _ in range(64):  # 64 MiB, chunked: no Content-Length to refuse it by
            sent += 1
            yield b"x" * (1024 * 1024)
        yield b'"}}'

    anonymous = TestClient(editor.app, base_url=f"http://127.0.0.1:{PORT}")
    refused = anonymous.post(url, content=chunks(), headers={"Content-Type": "application/json"})
    assert refused.status_code == 403
    assert sent < 64  # the body was not read to its end
    sent = 0
    too_large = editor.post(
        url, content=chunks(), headers={**WRITE, "Content-Type": "application/json"}
    )
    assert too_large.status_code == 413
    assert "16777216 bytes" in too_large.json()["error"]


def test_a_long_string_stays_folded_when_edited(editor: TestClient, corpus: Path) -> None:
    path = corpus / f"{ARTICLE}.yaml"
    opened = _open(editor)
    folded = next(
        c for c in opened["data"]["claims"] if len(c.get("quote", {}).get("text", "")) > 100
    )
    folded.setdefault("note", "")
    folded["note"] = "A note long enough to be folded into lines " * 4 + "as the file folds them."
    editor.put(
        f"/api/articles/{ARTICLE}",
        json={"data": opened["data"], "base": opened["base"]},
        headers=WRITE,
    )
    text = path.read_text(encoding="utf-8")
    assert "    note: >-\n      A note long enough" in text
    assert max(len(line) for line in text.splitlines()) < 200
    assert load_yaml(path)[0] == opened["data"]


def test_claims_of_every_article_can_be_searched_to_refer_to(editor: TestClient) -> None:
    deadline = time.monotonic() + 60
    while editor.get("/api/corpus").json()["pending"] and time.monotonic() < deadline:
        time.sleep(0.3)  # the articles are read in the background
    found = editor.get("/api/claims", params={"q": "saudi-denial"}).json()["claims"]
    denial = next(c for c in found if c["id"] == "002_globalvoices_egypt_gizawy/saudi-denial")
    assert "den" in denial["label"]  # with its chain sentence
    by_words = editor.get("/api/claims", params={"q": "Raisinghani"}).json()["claims"]
    assert any(c["id"].startswith(f"{ARTICLE}/") for c in by_words)  # found by its sentence
    assert len(editor.get("/api/claims", params={"q": ""}).json()["claims"]) == 50  # at most


# -- the registry ------------------------------------------------------------------------


def test_the_registry_is_edited_with_the_same_saves_and_conflicts(
    editor: TestClient, corpus: Path
) -> None:
    path = corpus / "registry.yaml"
    before = path.read_text(encoding="utf-8")
    opened = editor.get("/api/registry").json()
    assert opened["check"]["counts"] == {"error": 0, "violation": 0, "warning": 0, "info": 0}
    untouched = editor.put(
        "/api/registry", json={"data": opened["data"], "base": opened["base"]}, headers=WRITE
    )
    assert untouched.status_code == 200 and untouched.json()["written"] is False
    assert path.read_text(encoding="utf-8") == before
    assert editor.put("/api/registry", json=opened).status_code == 403  # no token, no write
    data = copy.deepcopy(opened["data"])
    mali = next(a for a in data["actors"] if a["id"] == "mali")
    mali["names"] = ["Mali", "Republic of Mali"]
    saved = editor.put("/api/registry", json={"data": data, "base": opened["base"]}, headers=WRITE)
    assert saved.status_code == 200 and saved.json()["written"] and saved.json()["layout_kept"]
    after = path.read_text(encoding="utf-8")
    changed = _changed_lines(before, after)
    assert changed == ["-    names: [Mali]", "+    names: [Mali, Republic of Mali]"]
    assert load_yaml(path)[0] == data
    # the version first opened is no longer the file's: a conflict, nothing written
    mali["description"] = "written from a stale tab"
    stale = editor.put("/api/registry", json={"data": data, "base": opened["base"]}, headers=WRITE)
    assert stale.status_code == 409 and "changed on disk" in stale.json()["error"]
    assert path.read_text(encoding="utf-8") == after


@pytest.mark.parametrize("broken", ["kind", "duplicate"])
def test_the_registry_check_gives_validates_messages_on_their_fields(
    editor: TestClient, corpus: Path, broken: str
) -> None:
    data = copy.deepcopy(editor.get("/api/registry").json()["data"])
    if broken == "kind":
        data["actors"][0]["kind"] = "persn"
        field, words = "actors.0.kind", "persn"
    else:
        data["actors"][4]["id"] = data["actors"][3]["id"]
        field, words = "actors.4.id", "duplicate ID"
    checked = editor.post("/api/registry/check", json={"data": data}, headers=WRITE).json()
    on = {".".join(p["path"]): p["message"] for p in checked["problems"]}
    assert words in on[field]
    path = corpus / "registry.yaml"
    path.write_bytes(as_yaml(data))  # the YAML the check read: the same lines
    done = subprocess.run(
        [sys.executable, "-m", "claimgraph", "validate", str(corpus)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "10000"},
        check=False,
    )
    prefix = re.compile(rf"^(error: )?{re.escape(str(path))}:\d+: ")  # 'error: ' when alone
    errors = [prefix.sub("", line) for line in done.stderr.splitlines() if prefix.match(line)]
    assert done.returncode == 2 and errors
    assert _problems(checked, "error") == sorted(errors)  # the same messages
