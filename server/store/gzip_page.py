"""A gzip member assembled from deflate segments, some of them compressed long ago.

Every workstation of a region pulls every change of the people stream: compressing
each answer whole compressed the same change log once per workstation, and was the
largest single cost of a pull. A deflate stream may be cut into pieces that each
start afresh (no reference back into an earlier piece) and end on a byte boundary
(``Z_SYNC_FLUSH``); such pieces can be laid end to end and closed with an empty final
block, and the result is one valid deflate stream (the way parallel gzip tools work).
The change tail keeps the pieces of the blocks of changes that no longer move, and an
answer compresses only its first and last few items.

The gzip trailer needs the CRC-32 and the length of the whole text, so every piece
carries its text's length, and the CRC is folded over the texts as they are laid out.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

#: The level the server answers with (as its GZip middleware): fast, still ~7x smaller.
LEVEL = 1
#: A gzip header: magic, deflate, no flags, no time, no extra flags, unknown OS.
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
#: An empty final block with fixed Huffman codes: what closes the stream.
FINAL_BLOCK = b"\x03\x00"


@dataclass(frozen=True)
class Segment:
    """A piece of text and its raw deflate encoding, which starts and ends on its own."""

    text: bytes
    deflated: bytes


def deflate(text: bytes) -> Segment:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Segment(text, compressor.compress(text) + compressor.flush(zlib.Z_SYNC_FLUSH))


def member(segments: Iterable[Segment]) -> bytes:
    """One gzip member whose text is the segments' texts, in order."""
    crc, size = 0, 0
    parts = [HEADER]
    for segment in segments:
        crc = zlib.crc32(segment.text, crc)
        size += len(segment.text)
        parts.append(segment.deflated)
    parts.append(FINAL_BLOCK)
    parts.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(parts)


def gzip_whole(text: bytes) -> bytes:
    """``text`` as one gzip member (an answer with nothing kept to reuse)."""
    return member([deflate(text)])
