"""Reading a CSV file for a bulk import without guessing, and in bounded memory.

The file is read line by line (never whole), each line decoded strictly in the one
encoding it has: UTF-8, UTF-8 with a byte-order mark, or an encoding the operator
declares (``--encoding cp1252``). Whatever is not exactly a table is refused with the
number of the line where it goes wrong, before anything is imported:

- a file over :data:`MAX_FILE_BYTES`, or a line over :data:`MAX_LINE_BYTES`;
- bytes that are not text in the file's encoding (a UTF-16 or binary file included);
- a row with more or fewer fields than the header;
- a quote that is opened and not closed on the same line (the fields of an import
  never hold a line break, so a record running over two lines is a lost quote, not
  an address: left alone, it swallowed the rest of the file);
- a NUL byte, or a header without the required columns.

The separator is the header's: a semicolon when the header has one and no comma,
otherwise a comma. Blank lines are skipped.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from desktop.errors import ValidationError
from desktop.i18n import _

#: The largest file an import reads (about 650,000 people).
MAX_FILE_BYTES = 100 * 1024 * 1024
#: The longest line: a person's row is some 200 bytes.
MAX_LINE_BYTES = 64 * 1024
_BOM = codecs.BOM_UTF8


class FileRefused(ValidationError):
    """The file is not a table the import can read exactly; ``line`` says where."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def check_encoding(name: str) -> str:
    """A declared encoding, if it is one a CSV can be read in line by line."""
    try:
        info = codecs.lookup(name)
    except LookupError as exc:
        raise ValidationError(_("The encoding {name} is unknown: use utf-8, cp1252 or "
                                "latin-1.").format(name=name)) from exc
    if "a;,\"\n".encode(info.name, errors="replace") != b"a;,\"\n":  # UTF-16/32 and friends
        raise ValidationError(_("The encoding {name} cannot be read line by line: save "
                                "the file as UTF-8.").format(name=name))
    return info.name


def _lines(handle: BinaryIO, encoding: str, name: str) -> Iterator[tuple[int, str]]:
    """(line number, decoded line) from the first line on, each strictly decoded."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise FileRefused(number, _("Line {line} of {file} is longer than {limit} kB: "
                                        "this is not a file of people.").format(
                line=number, file=name, limit=MAX_LINE_BYTES // 1024))
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if b"\x00" in raw:
            raise FileRefused(number, _("Line {line} of {file} holds binary data (a NUL "
                                        "byte): nothing has been imported.").format(
                line=number, file=name))
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise FileRefused(number, _(
                "Line {line} of {file} is not text in {encoding}: save the file as UTF-8, "
                "or name its encoding with --encoding. Nothing has been imported.").format(
                    line=number, file=name, encoding=encoding)) from exc
        yield number, text


class _LineFeed:
    """The decoded lines, remembering the number of the last one handed to csv."""

    def __init__(self, lines: Iterator[tuple[int, str]]) -> None:
        self._lines = lines
        self.current = 0

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        self.current, text = next(self._lines)
        return text


def _delimiter(header: str) -> str:
    return ";" if ";" in header and "," not in header else ","


def read_table(path: Path, required: Sequence[str], *, encoding: str | None = None
               ) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column name) for each record of the CSV file ``path``.

    A generator: the file is open while it runs, and any :class:`FileRefused` comes
    at the line where the file goes wrong (the caller imports nothing then).
    """
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(_("Cannot read {file}: it must be a UTF-8 CSV file.").format(
            file=name)) from exc
    if size > MAX_FILE_BYTES:
        raise FileRefused(0, _("The file {file} is {size} MB, over the limit of {limit} MB: "
                               "split it into smaller files. Nothing has been imported.")
                          .format(file=name, size=size // (1024 * 1024),
                                  limit=MAX_FILE_BYTES // (1024 * 1024)))
    codec = check_encoding(encoding) if encoding else "utf-8"
    with path.open("rb") as handle:
        feed = _LineFeed(_lines(handle, codec, name))
        yield from _records(feed, required, name)


def _records(feed: _LineFeed, required: Sequence[str], name: str
             ) -> Iterator[tuple[int, dict[str, str]]]:
    first = next(feed, None)
    while first is not None and not first.strip():
        first = next(feed, None)
    if first is None:
        raise FileRefused(0, _("The file {file} is empty.").format(file=name))
    header_line = feed.current
    delimiter = _delimiter(first)
    columns = _parse_one(first, delimiter, header_line, name)
    columns = [c.strip() for c in columns]
    missing = [c for c in required if c not in columns]
    if missing:
        raise FileRefused(header_line, _("The file lacks the columns: {columns}.").format(
            columns=", ".join(missing)))
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    while True:
        started = feed.current + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if feed.current != started or "end of data" in str(exc):
                raise _unbalanced(started, name) from exc
            raise FileRefused(started, _("Line {line} of {file} is not a well-formed CSV row "
                                         "({reason}): nothing has been imported.").format(
                line=started, file=name, reason=exc)) from exc
        if feed.current != started:
            raise _unbalanced(started, name)
        if not fields or fields == [""]:
            continue  # a blank line
        if len(fields) != len(columns):
            raise FileRefused(started, _(
                "Line {line} of {file} has {found} fields, the header has {expected}: "
                "nothing has been imported.").format(
                    line=started, file=name, found=len(fields), expected=len(columns)))
        yield started, dict(zip(columns, fields, strict=True))


def _unbalanced(line: int, name: str) -> FileRefused:
    return FileRefused(line, _("Line {line} of {file} opens a quote (\") that it does not "
                               "close: nothing has been imported.").format(line=line, file=name))


def _parse_one(text: str, delimiter: str, line: int, name: str) -> list[str]:
    try:
        rows = list(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise _unbalanced(line, name) from exc
    return rows[0] if rows else []
