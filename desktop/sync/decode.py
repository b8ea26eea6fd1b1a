"""Decoding an answer of the regional server without holding the GIL for a whole page.

``json.loads`` runs in C from the first byte to the last and never lets another thread
in: on a snapshot page of 5,000 people (4 MB) it is 20 ms idle, 40 ms on a busy PC,
during which the GUI thread cannot turn its event loop, once a page, while the sync
works on the network worker. :func:`loads` gives the same result but decodes an array
directly inside the top-level object (the page's ``items``) one element at a time with
json's own C scanner, so the interpreter can switch threads between two (for about 7 ms
more a page).
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable
from typing import Any, cast

_DECODER = json.JSONDecoder()
#: The C scanner json.loads uses, called once a value: (value, end) or StopIteration.
_SCAN = cast(Callable[[str, int], tuple[Any, int]],
             json.scanner.make_scanner(_DECODER))  # type: ignore[arg-type]  # typeshed: a class
_SPACE = re.compile(r"[ \t\n\r]*")


def _error(text: str, at: int, what: str = "invalid JSON") -> json.JSONDecodeError:
    return json.JSONDecodeError(what, text, at)


def _skip(text: str, at: int) -> int:
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]  # * always matches


def _value(text: str, at: int) -> tuple[Any, int]:
    try:
        value, end = _SCAN(text, at)
    except StopIteration as stop:
        raise _error(text, stop.value) from None
    return value, end


def _array(text: str, at: int) -> tuple[list[Any], int]:
    """The array opening at ``text[at]``, one element a scanner call (the interpreter
    may switch threads between two)."""
    out: list[Any] = []
    append = out.append
    at = _skip(text, at + 1)
    if text[at:at + 1] == "]":
        return out, at + 1
    while True:
        value, at = _value(text, at)
        append(value)
        char = text[at:at + 1]
        if char not in (",", "]"):
            at = _skip(text, at)
            char = text[at:at + 1]
        if char == "]":
            return out, at + 1
        if char != ",":
            raise _error(text, at, "expected ',' or ']'")
        at = _skip(text, at + 1)


def loads(text: str) -> Any:
    """``json.loads(text)``, with the arrays directly inside a top-level object decoded
    element by element."""
    at = _skip(text, 0)
    if text[at:at + 1] != "{":
        return json.loads(text)
    out: dict[str, Any] = {}
    at = _skip(text, at + 1)
    if text[at:at + 1] == "}":
        at += 1
    else:
        while True:
            if text[at:at + 1] != '"':
                raise _error(text, at, "expected a key")
            key, at = _value(text, at)
            at = _skip(text, at)
            if text[at:at + 1] != ":":
                raise _error(text, at, "expected ':'")
            at = _skip(text, at + 1)
            out[key], at = (_array if text[at:at + 1] == "[" else _value)(text, at)
            at = _skip(text, at)
            char = text[at:at + 1]
            at += 1
            if char == "}":
                break
            if char != ",":
                raise _error(text, at - 1, "expected ',' or '}'")
            at = _skip(text, at)
    if _skip(text, at) != len(text):
        raise _error(text, at, "extra data")
    return out
