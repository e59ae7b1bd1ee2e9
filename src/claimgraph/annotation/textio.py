"""Reading the files users write: UTF-8 text, NFC-normalised, of a size
claimgraph can hold (see :class:`SizeLimit`)."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import ClaimgraphError, InputError, Location


@dataclass(frozen=True)
class SizeLimit:
    """The largest file of a kind that is read, in bytes: an environment
    setting, with a default far above any real file of the kind. Loading YAML
    takes some 80 times the file's size in memory: a file of a few hundred
    megabytes would end in a ``MemoryError``, not in a message."""

    setting: str
    default: int
    what: str

    def value(self) -> int:
        given = os.environ.get(self.setting)
        if given is None or not given.strip():
            return self.default
        try:
            value = int(given)
        except ValueError:
            value = 0
        if value <= 0:
            raise ClaimgraphError(
                f"{self.setting}={given!r}: expected a number of bytes, greater than 0"
            )
        return value


MIB = 1024 * 1024
ANNOTATION_LIMIT = SizeLimit("CLAIMGRAPH_MAX_ANNOTATION_BYTES", 4 * MIB, "annotation file")
REGISTRY_LIMIT = SizeLimit("CLAIMGRAPH_MAX_REGISTRY_BYTES", 16 * MIB, "registry")
TEXT_LIMIT = SizeLimit("CLAIMGRAPH_MAX_TEXT_BYTES", 4 * MIB, "article text")
SIZE_LIMITS = (ANNOTATION_LIMIT, REGISTRY_LIMIT, TEXT_LIMIT)


def _too_large(path: Path, size: int, limit: SizeLimit, most: int) -> InputError:
    return InputError(
        f"the {limit.what} is {size} bytes: over the limit of {most} bytes "
        f"(setting {limit.setting})",
        Location(path),
        hint=f"split the file, or raise the limit (for example {limit.setting}={2 * size})",
    )


def check_size(path: Path, data: bytes, limit: SizeLimit) -> bytes:
    """``data``, given as the content of ``path`` (an edit not yet saved),
    held to the limit the file itself would be."""
    most = limit.value()
    if len(data) > most:
        raise _too_large(path, len(data), limit, most)
    return data


def read_bytes(path: Path, limit: SizeLimit | None = None) -> bytes:
    """The file's bytes; with ``limit``, its size is checked before anything is
    read (and no more than the limit is read, should the file grow)."""
    try:
        with path.open("rb") as file:
            if limit is None:
                return file.read()
            most = limit.value()
            size = os.fstat(file.fileno()).st_size
            if size > most:
                raise _too_large(path, size, limit, most)
            data = file.read(most + 1)
            if len(data) > most:
                raise _too_large(path, len(data), limit, most)
            return data
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


# What XML 1.0 cannot hold, not even written as a character reference: the C0
# control characters but tab, line feed and carriage return; U+FFFE and U+FFFF;
# surrogates (a YAML escape could make a lone one). A value holding one would
# make every RDF/XML output of the dataset ill-formed. DEL and the C1 controls
# are XML 1.0 characters: they are kept (and escaped in messages).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# fmt: off
_C0 = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
    "FS", "GS", "RS", "US",
]
# fmt: on


def character_name(char: str) -> str:
    """``U+001B (ESC)``, ``U+FFFF``: a character that cannot be shown as itself."""
    code = ord(char)
    return f"U+{code:04X}" + (f" ({_C0[code]})" if code < len(_C0) else "")


NOT_XML_HINT = (
    "an XML 1.0 document (RDF/XML) cannot hold it, so claimgraph's data may not either; "
    "tab, line feed and carriage return are the only control characters allowed"
)


def check_characters(text: str, path: Path) -> None:
    """Refuse ``text``, the content of the file ``path``, if it holds a
    character of :data:`NOT_XML`, naming the first by its line and column."""
    found = NOT_XML.search(text)
    if found is None:
        return
    at = found.start()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    more = len(NOT_XML.findall(text)) - 1
    raise InputError(
        f"character {character_name(found.group())} is not allowed in the text"
        + (f" ({more} more in the file)" if more else ""),
        Location(path, line, column),
        hint=f"remove it: {NOT_XML_HINT}",
    )


def text_of(data: bytes, path: Path) -> str:
    """The bytes ``data`` of the file at ``path``, decoded as UTF-8 and
    normalised to NFC; refused if it holds a character XML cannot (see
    :data:`NOT_XML`)."""
    text = decode_utf8(data, path)
    check_characters(text, path)
    return unicodedata.normalize("NFC", text)


def read_text(path: Path, limit: SizeLimit | None = None) -> str:
    """The file's text, decoded as UTF-8 and normalised to NFC."""
    return text_of(read_bytes(path, limit), path)
