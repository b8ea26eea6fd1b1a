"""Pull pages compressed from kept deflate blocks inflate to exactly the plain page."""

from __future__ import annotations

import gzip
import json
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from server.app import accepts_gzip
from server.store.gzip_page import gzip_whole, member
from server.store.tail import StreamTail, _segments

ITEM = st.binary(min_size=0, max_size=300).map(lambda raw: json.dumps(raw.hex()).encode())


def plain(items: list[bytes], prefix: bytes, start: int, stop: int) -> bytes:
    return prefix + b",".join(items[start:stop]) + b"]}"


@settings(max_examples=200, deadline=None)
@given(items=st.lists(ITEM, max_size=60), block=st.integers(1, 9), data=st.data())
def test_a_page_from_kept_blocks_inflates_to_the_plain_page(
        items: list[bytes], block: int, data: st.DataObject) -> None:
    tail = StreamTail(block)
    for version, item in enumerate(items, start=1):
        tail.append(version, item)
    start = data.draw(st.integers(0, len(items)))
    stop = data.draw(st.integers(start, len(items)))
    prefix = b'{"stream":"people","items":['
    expected = plain(items, prefix, start, stop)
    assert prefix + tail.span(start, stop)[:-1] + b"]}" == expected
    packed = member(_segments(tail, prefix, start, stop))
    # Python's gzip and a streaming zlib (what urllib3 uses) both accept it, CRC checked
    assert gzip.decompress(packed) == expected
    assert zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(packed) == expected


def test_kept_blocks_are_reused_not_compressed_again() -> None:
    tail = StreamTail(4)
    for version in range(1, 21):
        tail.append(version, b'{"n":%d}' % version)
    segments = _segments(tail, b'{"items":[', 1, 19)
    # items 2-4 fresh, blocks 5-8, 9-12, 13-16 kept, items 17-19 fresh
    assert segments[1:4] == tail.segments[1:4]
    assert all(kept is tail.segments[n + 1] for n, kept in enumerate(segments[1:4]))
    assert json.loads(gzip.decompress(member(segments)))["items"] == [
        {"n": n} for n in range(2, 20)]


def test_a_damaged_trailer_is_refused_by_the_reader() -> None:
    packed = bytearray(gzip_whole(b'{"items":[]}'))
    packed[-8] ^= 0xFF  # the CRC
    try:
        gzip.decompress(bytes(packed))
    except gzip.BadGzipFile:
        return
    raise AssertionError("a wrong CRC must not inflate silently")


def test_accept_encoding_is_read_with_its_quality() -> None:
    assert accepts_gzip("gzip, deflate")
    assert accepts_gzip("deflate, gzip;q=0.5")
    assert accepts_gzip("*")
    assert not accepts_gzip("")
    assert not accepts_gzip("identity")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("br")
