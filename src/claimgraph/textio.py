"""Reading the files users write: UTF-8 text, NFC-normalised."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from claimgraph.errors import InputError, Location


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", Location(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a file", Location(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(path)) from None


def decode_utf8(data: bytes, path: Path) -> str:
    """Decode ``data`` as UTF-8 (a leading byte-order mark is dropped)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.end].hex(" ")
        raise InputError(
            f"not UTF-8: byte(s) {bad} at byte offset {exc.start}",
            Location(path, line),
            hint="save the file as UTF-8 (for example: iconv -f WINDOWS-1252 -t UTF-8)",
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 and normalised to NFC."""
    return unicodedata.normalize("NFC", decode_utf8(read_bytes(path), path))
