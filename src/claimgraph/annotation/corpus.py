"""Finding and loading a corpus: the registry, the annotation files, their texts.

A corpus is a folder holding ``registry.yaml`` (optional: shared actors, places,
documents, events) and, per article, ``ARTICLE.yaml`` beside ``ARTICLE.txt``.
Loading parses and type-checks every file; references are checked by
:mod:`claimgraph.annotation.resolve`. An entry with errors of its own is left
out (:func:`validate_partial`), so that the rest of its file is checked in the
same run, and every error of a run is reported at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, NoReturn, TypeVar

import pydantic

from claimgraph.annotation.files import REGISTRY_NAME, SourceFile, annotation_files, corpus_files
from claimgraph.annotation.model import (
    FORMAT_CHANGES,
    FORMAT_VERSION,
    ID_PATTERN,
    ArticleAnnotation,
    Registry,
)
from claimgraph.annotation.textio import (
    ANNOTATION_LIMIT,
    REGISTRY_LIMIT,
    TEXT_LIMIT,
    check_size,
    read_bytes,
    text_of,
)
from claimgraph.annotation.yamlio import LineIndex, PathKey, load_yaml
from claimgraph.errors import (
    AnnotationError,
    ClaimgraphError,
    Collector,
    ErrorList,
    InputError,
    Location,
    quoted,
    shown,
)
from claimgraph.progress import tracked

M = TypeVar("M", bound=pydantic.BaseModel)


@dataclass(frozen=True)
class LoadedRegistry:
    model: Registry
    lines: LineIndex | None
    source: SourceFile | None
    # loaded in part (``partial``): the errors of the entries left out, and their IDs
    errors: tuple[ClaimgraphError, ...] = ()
    broken: frozenset[str] = frozenset()
    failed: bool = False  # it did not load at all: this stands in for it, empty


@dataclass(frozen=True)
class LoadedArticle:
    id: str
    model: ArticleAnnotation
    lines: LineIndex
    text: str
    annotation_source: SourceFile
    text_source: SourceFile
    # the IDs of the entries left out for errors of their own (see validate_partial)
    broken: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Corpus:
    root: Path
    registry: LoadedRegistry
    articles: tuple[LoadedArticle, ...]
    # Files that failed to load, when loading was asked to go on
    # (``keep_going``): mapping reports them with every other error.
    errors: tuple[ClaimgraphError, ...] = ()
    # The articles that failed to load, by the ID their file name gives, with
    # their file: a reference to one of their claims says so, not "unknown article".
    failed: tuple[tuple[str, Path], ...] = ()

    @property
    def sources(self) -> list[SourceFile]:
        files = [self.registry.source] if self.registry.source else []
        for article in self.articles:
            files += [article.annotation_source, article.text_source]
        return files


def inside(
    path: Path, root: Path, where: Location | None = None, written: str | None = None
) -> str:
    """The name of ``path`` relative to the corpus folder ``root``, once it is
    sure that the file is in it: its real path, every symbolic link followed,
    must be inside ``root``'s real path (else a corpus could publish any file
    of the machine: ``text: ../../etc/passwd``, ``/proc/self/environ``, or a
    link to one); and its name must be UTF-8 (it is published, as text).
    ``where`` is where the file is named (default: the file itself), and
    ``written`` the name as written there."""
    location = where or Location(path)
    name = quoted(written if written is not None else path)
    try:
        real, real_root = path.resolve(), root.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links
        raise InputError(f"cannot resolve the path {name}: {exc}", location) from None
    if not real.is_relative_to(real_root):
        link = " (through a symbolic link)" if real != Path(os.path.abspath(path)) else ""
        raise InputError(
            f"the file {name} is outside the corpus folder {quoted(real_root)}{link}: "
            f"it is {quoted(real)}",
            location,
            hint="every file of a corpus (annotations, texts, registry.yaml) must be in "
            "its folder: copy the file into it",
        )
    try:
        mode = real.stat().st_mode
    except OSError:
        mode = None  # missing or unreadable: said when it is read
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError(f"{name} is not a regular file", location)
    relative = real.relative_to(real_root).as_posix()
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"the file name {quoted(relative)} is not valid UTF-8",
            location,
            hint="rename the file (for example with: convmv -f LATIN1 -t UTF-8 --notest FILE)",
        ) from None
    return relative


def _source(path: Path, root: Path, data: bytes | None = None) -> SourceFile:
    relative = inside(path, root)
    data = read_bytes(path) if data is None else data
    return SourceFile(path, relative, hashlib.sha256(data).hexdigest())


def read_yaml_file(
    path: Path, root: Path, kind: str = "annotation file", data: bytes | None = None
) -> tuple[Any, LineIndex, SourceFile]:
    """Read an annotation file or the registry of the corpus ``root`` (or
    ``data`` as if it were the file's content: an edit not yet saved), the one
    way every command reads them: the file must be inside the corpus, within
    its size limit, UTF-8, YAML without aliases; its data comes with the line
    of each value (bytes → text → YAML with lines; the typed model is made by
    :func:`load_article` and :func:`load_registry`). An empty file is an error
    that says so, at line 1. ``kind``: "annotation file" or registry.yaml."""
    inside(path, root)
    limit = REGISTRY_LIMIT if kind == REGISTRY_NAME else ANNOTATION_LIMIT
    data = read_bytes(path, limit) if data is None else check_size(path, data, limit)
    value, lines = load_yaml(path, data)
    if value is None:
        raise AnnotationError(
            f"the {kind} is empty",
            Location(path, 1),
            hint=f"write 'format: {FORMAT_VERSION}' and the {kind}'s content"
            + (" (or start it with: claimgraph new ARTICLE.txt)" if kind != REGISTRY_NAME else ""),
        )
    return value, lines, _source(path, root, data)


def _describe(error: Any) -> str:
    where = ".".join(str(p) for p in error["loc"] if not str(p).startswith(("list[", "literal[")))
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    shown = "" if isinstance(value, dict | list) or value is None else f" (got {value!r})"
    return f"{where or 'top level'}: {message}{shown}"


def _check_format(data: dict[Any, Any], lines: LineIndex) -> None:
    version = data.get("format")
    if version == FORMAT_VERSION:
        return
    if "format" not in data:
        raise AnnotationError(
            "this file has no 'format:' key: it is in annotation format 1, and claimgraph "
            f"reads format {FORMAT_VERSION}",
            Location(lines.file, 1),
            hint=FORMAT_CHANGES,
        )
    raise AnnotationError(
        f"unknown annotation format {version!r}: claimgraph reads format {FORMAT_VERSION}",
        lines.at("format"),
        hint=f"write 'format: {FORMAT_VERSION}'",
    )


def validate_model(model: type[M], data: Any, lines: LineIndex) -> M:
    """Type-check ``data``; on failure name the file, line and value of every problem."""
    checked = _validated(model, data, lines)
    if isinstance(checked, list):
        _raise([error for _, error in checked])
    assert not isinstance(checked, list)
    return checked


def _raise(errors: list[ClaimgraphError]) -> NoReturn:
    raise ErrorList(errors) if len(errors) > 1 else errors[0]


def _validated(
    model: type[M], data: Any, lines: LineIndex
) -> M | list[tuple[PathKey, ClaimgraphError]]:
    """``data`` as a ``model``, or every problem found, with where it is in ``data``."""
    if not isinstance(data, dict):
        raise AnnotationError(
            f"expected a mapping of keys to values at the top level, found {type(data).__name__}",
            Location(lines.file, 1),
        )
    _check_format(data, lines)
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors: list[tuple[PathKey, ClaimgraphError]] = []
        split: set[PathKey] = set()  # the values found split, each said once
        for error in exc.errors(include_url=False):
            loc = tuple(p for p in error["loc"] if isinstance(p, int | str))
            found = _split_value(data, loc, lines) if error["type"] == "extra_forbidden" else None
            if found is None:
                errors.append((loc, AnnotationError(_describe(error), lines.at(*loc))))
            elif found[0] not in split:
                split.add(found[0])
                errors.append((loc, found[1]))
        return errors


# the lists of entries a file may load without some of them
ENTRY_SECTIONS = frozenset(
    {"actors", "places", "documents", "events", "propositions", "posts", "mentions", "claims"}
)


@dataclass(frozen=True)
class Partial(Generic[M]):
    """A file's model without the entries that have errors of their own."""

    model: M
    lines: LineIndex  # for the model's paths (an entry left out shifts the ones after it)
    errors: tuple[ClaimgraphError, ...] = ()
    broken: frozenset[str] = frozenset()  # the IDs of the entries left out


def validate_partial(model: type[M], data: Any, lines: LineIndex) -> Partial[M]:
    """Type-check ``data``, leaving out every entry (an actor, a claim, ...) that
    has errors of its own, so that the rest of the file can be checked in the
    same run; raise every error if any is outside such an entry (the article's
    metadata, a section that is not a list), or if what is left is no model."""
    checked = _validated(model, data, lines)
    if not isinstance(checked, list):
        return Partial(checked, lines)
    errors = [error for _, error in checked]
    bad: dict[str, set[int]] = {}
    for loc, _ in checked:
        section = loc[0] if loc else None
        if (
            len(loc) < 2
            or section not in ENTRY_SECTIONS
            or not isinstance(loc[1], int)
            or not isinstance(data.get(section), list)
        ):
            _raise(errors)
        bad.setdefault(str(section), set()).add(loc[1])
    kept_data, kept, broken = dict(data), {}, set()
    for section, indices in bad.items():
        items = data[section]
        for i in indices:
            ident = items[i].get("id") if isinstance(items[i], dict) else None
            if isinstance(ident, str):
                broken.add(ident)
        kept[section] = [i for i in range(len(items)) if i not in indices]
        kept_data[section] = [items[i] for i in kept[section]]
    try:
        rest = model.model_validate(kept_data)
    except pydantic.ValidationError:  # (no claim left, say): the file's errors as they are
        _raise(errors)
    return Partial(rest, lines.renumbered(kept), tuple(errors), frozenset(broken))


CURLY_QUOTES = "“”‘’«»„‚‹›"


def _split_value(
    data: Any, loc: PathKey, lines: LineIndex
) -> tuple[PathKey, AnnotationError] | None:
    """An unknown key ``loc`` that is the rest of a value split at a comma, as in
    ``{text: “We will go, now”, mode: direct}``: curly quotation marks are not YAML
    quotes, so in a flow mapping (``{…}``) the comma ends the value, and ``now”``
    becomes a key without a value. The path of the value split and the error that
    says so, in the annotation's terms; ``None`` for any other unknown key."""
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(parent, dict) or loc[-1] not in parent or parent[loc[-1]] is not None:
        return None
    keys = list(parent)
    first = last = keys.index(loc[-1])
    while first > 0 and parent[keys[first - 1]] is None:  # the pieces before this one
        first -= 1
    while last + 1 < len(keys) and parent[keys[last + 1]] is None:  # and after it
        last += 1
    if first == 0 or not isinstance(parent[keys[first - 1]], str):
        return None
    field, value = keys[first - 1], parent[keys[first - 1]]
    pieces = [str(key) for key in keys[first : last + 1]]
    curly = any(mark in text for text in (value, *pieces) for mark in CURLY_QUOTES)
    path: PathKey = (*loc[:-1], field)
    if not curly and lines.line(path) != lines.line(loc):
        return None  # a key of its own line: an unknown key, said as such
    written = ", ".join([value, *pieces])
    where = ".".join(str(part) for part in path)
    rest = " and ".join(repr(piece) for piece in pieces)
    why = (
        "curly quotation marks (“ ” ‘ ’ « ») are not YAML quotes, so a comma inside them "
        "ends the value in a {…} mapping"
        if curly
        else "in a {…} mapping a comma ends a value"
    )
    quoted_value = written.replace("\\", "\\\\").replace('"', '\\"')
    keys_of = "a key of its own" if len(pieces) == 1 else "keys of their own"
    return path, AnnotationError(
        f"{where}: the value was split at a comma: YAML read {value!r} as '{field}', and "
        f"{rest} as {keys_of} ({why})",
        lines.at(*loc),
        hint=f'wrap the value in straight quotes: {field}: "{quoted_value}"; or write the '
        f"mapping as a block, one key per line ({field}: {written}, on a line of its own)",
    )


def load_registry(
    path: Path | None, root: Path, *, partial: bool = False, content: bytes | None = None
) -> LoadedRegistry:
    """The registry at ``path`` (an empty one if there is none), or ``content``
    read as if it were that file's (an edit not yet saved). With ``partial``,
    its entries that have errors are left out, and the errors kept in it, so that
    the rest is checked in the same run; else any error is raised."""
    if path is None or (content is None and not (path.exists() or path.is_symlink())):
        return LoadedRegistry(Registry(format=FORMAT_VERSION), None, None)
    data, lines, source = read_yaml_file(path, root, REGISTRY_NAME, content)
    loaded = (
        validate_partial(Registry, data, lines)
        if partial
        else Partial(validate_model(Registry, data, lines), lines)
    )
    errors = list(loaded.errors)
    for i, actor in enumerate(loaded.model.actors):
        if actor.described_as is not None:
            errors.append(
                AnnotationError(
                    f"actor {actor.id!r}: 'described_as' anchors words in an article's text, "
                    "so it belongs in that article's annotation, not in the registry",
                    loaded.lines.at("actors", i, "described_as"),
                )
            )
    if errors and not partial:
        _raise(errors)
    return LoadedRegistry(loaded.model, loaded.lines, source, tuple(errors), loaded.broken)


def text_path_of(annotation_path: Path, model: ArticleAnnotation) -> Path:
    if model.article.text is not None:
        return annotation_path.parent / model.article.text
    return annotation_path.with_suffix(".txt")


def load_article(
    path: Path, root: Path, errors: Collector | None = None, content: bytes | None = None
) -> LoadedArticle:
    """The article annotated in ``path`` (or in ``content``, read as if it were
    that file's: an edit not yet saved). With ``errors``, its entries that have
    errors are left out and their errors collected there, so that the rest is
    checked in the same run; else any error is raised."""
    data, lines, annotation_source = read_yaml_file(path, root, "annotation file", content)
    if errors is None:
        loaded = Partial(validate_model(ArticleAnnotation, data, lines), lines)
    else:
        loaded = validate_partial(ArticleAnnotation, data, lines)
        errors.errors += loaded.errors
    model, lines = loaded.model, loaded.lines
    text_path = text_path_of(path, model)
    named = model.article.text is not None
    where = lines.at("article", "text") if named else Location(path, 1)
    inside(text_path, root, where, written=model.article.text)
    try:
        text_bytes = read_bytes(text_path, TEXT_LIMIT)
        text = text_of(text_bytes, text_path)
    except InputError as exc:
        if text_path.exists():  # unreadable or not UTF-8: the text file is at fault
            raise
        raise InputError(
            f"article text {shown(text_path)}: {exc.message}",
            where,
            hint=exc.hint
            or "put the article's text beside the annotation, or give its path in 'article.text'",
        ) from None
    article_id = model.article.id or path.stem
    if model.article.id is None and not _valid_id(article_id):
        raise AnnotationError(
            f"the file name {path.stem!r} is not a valid article ID",
            Location(path, 1),
            hint="rename the file, or give 'article.id' (letters, digits, '.', '_', '-')",
        )
    if model.article.headline not in text:
        raise AnnotationError(
            f"headline not found verbatim in the text: «{model.article.headline}»",
            lines.at("article", "headline"),
            hint="copy the headline exactly from the text file",
        )
    return LoadedArticle(
        article_id,
        model,
        lines,
        text,
        annotation_source,
        _source(text_path, root, text_bytes),
        loaded.broken,
    )


def _valid_id(value: str) -> bool:
    return re.match(ID_PATTERN, value) is not None


def load_corpus(folder: Path, *, keep_going: bool = False) -> Corpus:
    """Load every annotation in ``folder`` with its registry. Raises on the first
    file that fails to load, unless ``keep_going``: then the errors are kept in
    the corpus, for :func:`claimgraph.rdf.mapping.build_dataset` to report with
    every other error of the run."""
    return load_files(folder, corpus_files(folder), keep_going=keep_going)


def load_files(
    root: Path,
    files: list[Path],
    *,
    keep_going: bool = False,
    context: bool = False,
    registry: LoadedRegistry | ClaimgraphError | None = None,
    content: Mapping[Path, bytes] | None = None,
) -> Corpus:
    """Load the given annotation files, with ``root``'s registry, and the other
    articles of ``root`` that their claims name (``ARTICLE/CLAIM``). Every error
    of every file is reported at once. With ``context``, every other article of
    ``root`` that loads is added too, as the corpus the files are checked in
    (what a shared registry entry needs may be claimed in another article); one
    that does not load is left out without a word: it was not asked for.
    ``registry``: the registry as :func:`load_registry` loaded it already (or
    the error it raised), for a caller that loads many batches of files.
    ``content``: the content of some of ``files``, read instead of the files
    (an editor's unsaved edits)."""
    errors = Collector()
    given = registry
    registry = LoadedRegistry(Registry(format=FORMAT_VERSION), None, None, failed=True)
    with errors.collect():
        if isinstance(given, ClaimgraphError):
            raise given
        registry = given or load_registry(root / REGISTRY_NAME, root, partial=True)
    errors.errors += registry.errors
    articles: list[LoadedArticle] = []
    failed: dict[str, Path] = {}
    for path in tracked(files, "loading annotations"):
        try:
            articles.append(load_article(path, root, errors, (content or {}).get(path)))
        except ClaimgraphError as exc:
            errors.collect_error(exc)
            failed.setdefault(path.stem, path)
    _add_referenced(root, articles, files, errors, failed)
    if context:
        loaded = {a.annotation_source.path for a in articles}
        for path in tracked(annotation_files(root), "loading the other articles"):
            if path not in loaded and path not in files:
                try:
                    articles.append(load_article(path, root))
                except ClaimgraphError:
                    continue
    seen: dict[str, Path] = {}
    for article in articles:
        with errors.collect():
            if article.id in seen:
                raise AnnotationError(
                    f"duplicate article ID {article.id!r}",
                    article.lines.at("article", "id"),
                    hint=f"first used by {shown(seen[article.id])}",
                )
            seen[article.id] = article.annotation_source.path
    if not keep_going:
        errors.raise_any()
    loaded_ids = {a.id for a in articles}
    return Corpus(
        root,
        registry,
        tuple(articles),
        tuple(errors.errors),
        tuple((ident, path) for ident, path in failed.items() if ident not in loaded_ids),
    )


CLAIM_REFERENCES = {
    "claims": ("relays", "corroborates", "contradicts", "repeats", "same_statement", "about"),
    "propositions": ("subjects", "objects"),
}


def claim_references(article: LoadedArticle) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every claim of another article that ``article`` names (``ARTICLE/CLAIM``),
    with where it is named in the annotation (for its line)."""
    for section, fields in CLAIM_REFERENCES.items():
        for i, entry in enumerate(getattr(article.model, section)):
            for field_name in fields:
                for j, ref in enumerate(getattr(entry, field_name)):
                    if "/" in ref:
                        yield ref, (section, i, field_name, j)


def referenced_articles(article: LoadedArticle) -> set[str]:
    """The IDs of the other articles whose claims ``article`` names."""
    return {ref.split("/", 1)[0] for ref, _ in claim_references(article)}


def _add_referenced(
    root: Path,
    articles: list[LoadedArticle],
    files: list[Path],
    errors: Collector,
    failed: dict[str, Path],
) -> None:
    """Load, from ``root``, the articles that the loaded ones refer to by ID: the
    file named like the ID first (one that fails to load is added to ``failed``);
    any other file whose 'article.id' it is next (a file that fails to load is
    then passed over: it was not asked for)."""
    loaded = {a.id for a in articles}
    wanted = set().union(*(referenced_articles(a) for a in articles)) - loaded
    others = [p for p in annotation_files(root) if p not in files] if wanted else []
    while wanted and others:
        by_name = [p for p in others if p.stem in wanted]
        path = (by_name or others)[0]
        others.remove(path)
        found = Collector()  # its errors count only if it was asked for by name
        try:
            article = load_article(path, root, found)
        except ClaimgraphError as exc:
            if by_name:
                errors.errors += found.errors
                errors.collect_error(exc)
                failed.setdefault(path.stem, path)
            continue
        if by_name:
            errors.errors += found.errors
        elif found:
            continue
        if article.id in wanted:
            articles.append(article)
            loaded.add(article.id)
            wanted = (wanted | referenced_articles(article)) - loaded
