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


def wide_encoding(data: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when ``data`` looks like text in that encoding:
    it starts with its byte-order mark; ``"UTF-16LE"`` or ``"UTF-16BE"`` when it
    has none but every other byte of its start is zero, as in ASCII text written
    two bytes a character."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:512]
    if len(head) >= 4:
        odd, even = head[1::2], head[0::2]
        for zeros, chars, order in ((odd, even, "LE"), (even, odd, "BE")):
            if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) <= 0.1 * len(chars):
                return "UTF-16" + order  # iconv reads UTF-16 without a mark as big-endian
    return None


def _not_utf8_but(wide: str, path: Path) -> InputError:
    return InputError(
        f"not UTF-8: the file looks like {wide}",
        Location(path, 1),
        hint=f"save the file as UTF-8 (for example: iconv -f {wide} -t UTF-8 "
        "FILE > FILE.utf8, then replace FILE with FILE.utf8)",
    )


def decode_utf8(data: bytes, path: Path) -> str:
    """Decode ``data`` as UTF-8 (a leading byte-order mark is dropped)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        wide = wide_encoding(data)
        if wide is not None:
            raise _not_utf8_but(wide, path) from None
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.end].hex(" ")
        raise InputError(
            f"not UTF-8: byte(s) {bad} at byte offset {exc.start}",
            Location(path, line),
            hint="save the file as UTF-8 (for example: iconv -f WINDOWS-1252 -t UTF-8)",
        ) from None
    if "\x00" in text:  # UTF-16 without a byte-order mark, of ASCII text, is valid UTF-8
        wide = wide_encoding(data)
        if wide is not None:
            raise _not_utf8_but(wide, path)
    return text.removeprefix("\ufeff")


def text_of(data: bytes, path: Path) -> str:
    """The bytes ``data`` of the file at ``path``, decoded as UTF-8 and
    normalised to NFC."""
    return unicodedata.normalize("NFC", decode_utf8(data, path))


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 and normalised to NFC."""
    return text_of(read_bytes(path), path)
