"""``claimgraph edit``: the annotation editor, a web application on loopback.

Like Jupyter, it prints a URL with a random token; opening it sets a cookie
(HttpOnly, SameSite=Strict) and every request after needs it. A request that
changes anything also needs the token in a header (``X-Claimgraph-Token``,
which only the editor's own page can read and send) and, when the browser
says where it comes from, an Origin of this server: another site's page can
neither read the corpus nor write to it. The Host header must name this
server (a DNS rebinding attack names another host that resolves here).
Pages carry the Content-Security-Policy of ``serve`` (no inline script).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from claimgraph import __version__
from claimgraph.annotation.corpus import read_yaml_file
from claimgraph.annotation.files import REGISTRY_NAME
from claimgraph.annotation.scaffold import scaffold
from claimgraph.draft.files import draft_file
from claimgraph.edit.checking import LiveChecker, as_yaml
from claimgraph.edit.files import (
    ArticleFiles,
    Conflict,
    CorpusFiles,
    NotInCorpus,
    Saved,
    digest,
)
from claimgraph.edit.guard import Guard, cookie_name, same_token
from claimgraph.edit.suggestions import SECTIONS, suggestions
from claimgraph.errors import ClaimgraphError, printable
from claimgraph.rdf.iris import Minter
from claimgraph.resources import schema_dir, static_dir
from claimgraph.web.security import SecurityHeaders
from claimgraph.web.templating import templates

# the largest request body: an annotation as JSON (annotation files are held
# to 4 MiB, CLAIMGRAPH_MAX_ANNOTATION_BYTES), with room for the JSON's quoting
MAX_BODY = 16 * 1024 * 1024


class Edit(BaseModel):
    """An annotation as the editor holds it, and the version it began from."""

    data: dict[str, Any]
    base: str | None = Field(default=None, description="SHA-256 of the file the edit began from")


class Editor:
    """What the application serves: the corpus, its checker, the token."""

    def __init__(self, root: Path, token: str, base_iri: str) -> None:
        self.files = CorpusFiles(root)
        self.checker = LiveChecker(self.files.root, Minter(base_iri))
        self.token = token
        # each annotation's numbers of problems, for the corpus view, by the file's
        # (mtime, size): checked one by one in a thread of their own, so that the
        # view of a large corpus opens at once and fills in
        self._counts: dict[str, tuple[tuple[int, ...], dict[str, int]]] = {}
        self._counting: threading.Thread | None = None
        # each article's claims and their chain sentences, as the counting found them
        self._claims: dict[str, dict[str, str]] = {}
        self._counts_lock = threading.Lock()
        self._statuses: dict[str, tuple[tuple[int, int], str | None]] = {}

    def _stamp(self, files: ArticleFiles) -> tuple[int, ...] | None:
        """The annotation's and the registry's (mtime, size): what its numbers
        of problems depend on."""
        stamp: tuple[int, ...] = ()
        for path in (files.annotation, self.files.root / REGISTRY_NAME):
            try:
                info = path.stat()
            except OSError:
                if path == files.annotation:
                    return None
                continue
            stamp += (info.st_mtime_ns, info.st_size)
        return stamp

    def counts(self, files: ArticleFiles) -> dict[str, int] | None:
        """The annotation's numbers of problems if known for the files as they
        are; else None, and they are being counted."""
        stamp = self._stamp(files)
        if stamp is None:
            return None
        with self._counts_lock:
            known = self._counts.get(files.name)
            if known is not None and known[0] == stamp:
                return known[1]
        self.keep_counting()
        return None

    def status(self, files: ArticleFiles) -> str | None:
        """The annotation's ``article.status``, read once for each version of
        the file (the corpus view asks again and again while it fills in)."""
        try:
            info = files.annotation.stat()
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size)
        known = self._statuses.get(files.name)
        if known is not None and known[0] == stamp:
            return known[1]
        try:
            data = read_yaml_file(files.annotation, self.files.root)[0]
            article = data.get("article") if isinstance(data, dict) else None
            status = article.get("status") if isinstance(article, dict) else None
        except ClaimgraphError:
            status = None
        self._statuses[files.name] = (stamp, status if isinstance(status, str) else None)
        return self._statuses[files.name][1]

    def keep_counting(self) -> None:
        """Check the articles not checked as they are now, in the background."""
        with self._counts_lock:
            if self._counting is None or not self._counting.is_alive():
                self._counting = threading.Thread(target=self._count, daemon=True)
                self._counting.start()

    def _count(self) -> None:
        listing = self.files.listing()
        for name in sorted(listing):
            try:
                files = self.files.article(name, listing)
                stamp = self._stamp(files)
                if stamp is None:
                    continue
                known = self._counts.get(name)
                if known is not None and known[0] == stamp:
                    continue
                checked = self.checker.check(files.annotation)
            except ClaimgraphError:  # gone, or out of the corpus: its own view says so
                continue
            with self._counts_lock:
                self._counts[name] = (stamp, checked.as_dict()["counts"])
                self._claims[name] = dict(checked.labels)

    def find_claims(self, words: str, limit: int = 50) -> list[dict[str, str]]:
        """Claims of the corpus whose ARTICLE/CLAIM reference or chain sentence
        holds ``words`` (every article's, as far as the corpus is checked)."""
        wanted = words.casefold().strip()
        found = []
        with self._counts_lock:
            indexed = [
                (a, c, label) for a, claims in self._claims.items() for c, label in claims.items()
            ]
        for article, claim, label in indexed:
            ref = f"{article}/{claim}"
            if not wanted or wanted in ref.casefold() or wanted in label.casefold():
                found.append({"id": ref, "label": label})
                if len(found) >= limit:
                    break
        return found


def _editor(request: Request) -> Editor:
    editor: Editor = request.app.state.editor
    return editor


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status, self.message = status, message


# who may read and write is decided by the Guard (edit/guard.py) before a body is read
EditorDep = Annotated[Editor, Depends(_editor)]


def _article(editor: Editor, name: str) -> ArticleFiles:
    try:
        return editor.files.article(name)
    except NotInCorpus as exc:
        raise Refused(404, exc.message) from None
    except ClaimgraphError as exc:
        raise Refused(400, printable(exc.message)) from None


def _state(editor: Editor, files: ArticleFiles) -> dict[str, Any]:
    """An article's line in the corpus view."""
    entry: dict[str, Any] = {"name": files.name, "text": files.text.is_file()}
    if not files.annotation.is_file():
        return {**entry, "state": "none", "counts": None}
    state = "draft" if editor.status(files) == "draft" else "reviewed"
    return {**entry, "state": state, "counts": editor.counts(files)}


def create_editor_app(
    root: Path, *, token: str | None = None, port: int = 8765, base_iri: str | None = None
) -> FastAPI:
    """The editor over the corpus folder ``root``."""
    token = token or secrets.token_urlsafe(32)
    hosts = {f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]")}
    editor = Editor(root, token, base_iri or Minter().base)
    app = FastAPI(title="claimgraph edit", version=__version__, docs_url=None, redoc_url=None)
    app.state.editor = editor
    cookie = cookie_name(port)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        return JSONResponse({"error": "the request's data is nested too deeply"}, 400)

    @app.exception_handler(ClaimgraphError)
    async def bad_input(request: Request, exc: ClaimgraphError) -> JSONResponse:
        return JSONResponse({"error": printable(exc.message), "hint": exc.hint}, status_code=400)

    app.add_middleware(SecurityHeaders)
    app.add_middleware(Guard, token=token, port=port, hosts=hosts, max_body=MAX_BODY)

    @app.get("/", response_class=HTMLResponse)
    async def page(request: Request, token: str | None = None) -> Response:
        if token is not None:
            if not same_token(token, editor.token):
                return HTMLResponse("Wrong token: use the URL claimgraph edit printed.", 403)
            response = RedirectResponse("/", status_code=303)  # the token leaves the address bar
            response.set_cookie(cookie, editor.token, httponly=True, samesite="strict")
            return response
        if not same_token(request.cookies.get(cookie), editor.token):
            return HTMLResponse(
                "Open the editor with the URL that <code>claimgraph edit</code> printed.", 403
            )
        return templates.TemplateResponse(
            request,
            "edit.html",
            {"token": editor.token, "version": __version__, "corpus": editor.files.root.name},
            headers={"Cache-Control": "no-store"},
        )

    @app.get("/api/schema")
    async def schema(_: EditorDep) -> Response:
        return Response(
            (schema_dir() / "article.schema.json").read_bytes(), 200, media_type="application/json"
        )

    @app.get("/api/corpus")
    async def corpus(ed: EditorDep) -> dict[str, Any]:
        def listing() -> dict[str, Any]:
            listing = ed.files.listing()
            articles = [_state(ed, ed.files.article(n, listing)) for n in sorted(listing)]
            pending = any(a["state"] != "none" and a["counts"] is None for a in articles)
            present = ed.files.registry.is_file()
            registry = (
                read_yaml_file(ed.files.registry, ed.files.root, REGISTRY_NAME)[0]
                if present
                else {}
            )
            return {
                "articles": articles,
                "registry": _entities(registry),
                "has_registry": present,
                "pending": pending,
            }

        return await anyio.to_thread.run_sync(listing)

    @app.get("/api/claims")
    async def claims(ed: EditorDep, q: str = "") -> dict[str, Any]:
        """Claims of every article to refer to (relays, contradicts ... ARTICLE/CLAIM)."""
        ed.keep_counting()
        return {"claims": await anyio.to_thread.run_sync(ed.find_claims, q[:200])}

    @app.get("/api/articles/{name}")
    async def article(name: str, ed: EditorDep) -> dict[str, Any]:
        files = _article(ed, name)

        def read() -> dict[str, Any]:
            text = ed.files.read_text(files) if files.text.is_file() else ""
            content = ed.files.read_annotation(files)
            data = (
                None
                if content is None
                else read_yaml_file(files.annotation, ed.files.root, data=content)[0]
            )
            # checked as the bytes the page is given (the file is not read again)
            checked = ed.checker.check(files.annotation, content) if content is not None else None
            return {
                "name": name,
                "text": text,
                "data": data,
                "base": digest(content),
                "check": None if checked is None else checked.as_dict(),
            }

        return await anyio.to_thread.run_sync(read)

    @app.post("/api/articles/{name}/check")
    async def check(name: str, edit: Edit, ed: EditorDep) -> dict[str, Any]:
        files = _article(ed, name)
        content = as_yaml(edit.data)
        return (
            await anyio.to_thread.run_sync(ed.checker.check, files.annotation, content)
        ).as_dict()

    @app.put("/api/articles/{name}")
    async def save(name: str, edit: Edit, ed: EditorDep) -> JSONResponse:
        files = _article(ed, name)
        return await _saved(lambda data, base: ed.files.save(files, data, base), edit)

    @app.get("/api/registry")
    async def registry(ed: EditorDep) -> dict[str, Any]:
        """registry.yaml (the entries the articles share), as an article is given."""

        def read() -> dict[str, Any]:
            content = ed.files.read_registry()
            if content is None:
                raise Refused(404, f"{REGISTRY_NAME} does not exist in {ed.files.root}")
            data = read_yaml_file(ed.files.registry, ed.files.root, REGISTRY_NAME, content)[0]
            return {
                "name": REGISTRY_NAME,
                "data": data,
                "base": digest(content),
                "check": ed.checker.check_registry(content).as_dict(),
            }

        return await anyio.to_thread.run_sync(read)

    @app.post("/api/registry/check")
    async def check_registry(edit: Edit, ed: EditorDep) -> dict[str, Any]:
        content = as_yaml(edit.data)
        return (await anyio.to_thread.run_sync(ed.checker.check_registry, content)).as_dict()

    @app.put("/api/registry")
    async def save_registry(edit: Edit, ed: EditorDep) -> JSONResponse:
        return await _saved(ed.files.save_registry, edit)

    @app.post("/api/articles/{name}/start")
    async def start(name: str, ed: EditorDep, draft: bool = False) -> JSONResponse:
        """Start an annotation: as ``claimgraph new`` does, or ``claimgraph draft``."""
        files = _article(ed, name)

        def write() -> object:
            return draft_file(files.text) if draft else scaffold(files.text)

        try:
            await anyio.to_thread.run_sync(ed.files.start, files, write)
        except Conflict as exc:
            return JSONResponse({"error": exc.message}, status_code=409)
        return JSONResponse({"created": files.annotation.name})

    @app.post("/api/articles/{name}/draft")
    async def draft(name: str, ed: EditorDep) -> dict[str, Any]:
        files = _article(ed, name)

        def proposals() -> dict[str, Any]:
            text = ed.files.read_text(files)
            content = ed.files.read_annotation(files)
            current = (
                None
                if content is None
                else read_yaml_file(files.annotation, ed.files.root, data=content)[0]
            )
            return suggestions(ed.files.root, files, text, current, date.today())

        return await anyio.to_thread.run_sync(proposals)

    app.mount("/static/claimgraph", StaticFiles(directory=static_dir()), name="claimgraph")
    return app


async def _saved(save: Callable[[Any, str | None], Saved], edit: Edit) -> JSONResponse:
    """A save's answer: the file's new version, or 409 if it changed on disk."""
    try:
        saved = await anyio.to_thread.run_sync(save, edit.data, edit.base)
    except Conflict as exc:
        return JSONResponse({"error": exc.message, "current": exc.current}, status_code=409)
    return JSONResponse(
        {"base": saved.digest, "written": saved.written, "layout_kept": saved.layout_kept}
    )


def _entities(data: Any) -> dict[str, list[dict[str, str]]]:
    """The IDs and names of the registry's entries, for the pickers."""
    out: dict[str, list[dict[str, str]]] = {}
    if not isinstance(data, dict):
        return out
    for section in SECTIONS:
        out[section] = [
            {"id": str(e.get("id")), "label": _label_of(e)}
            for e in data.get(section) or []
            if isinstance(e, dict) and e.get("id")
        ]
    return out


def _label_of(entry: dict[str, Any]) -> str:
    names = entry.get("names")
    if isinstance(names, list) and names:
        return str(names[0])
    for key in ("name", "title", "described_as", "description", "summary"):
        value = entry.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            return str(value["text"])
    return str(entry.get("id"))
