"""The sync's JSON decoding, element by element: the same values as json.loads, and the
same refusal of what is not JSON."""

from __future__ import annotations

import json

import pytest

from desktop.sync import decode

DOCUMENTS = [
    '{"stream":"people","has_more":true,"items":[{"id":"a","fields":{"items":[1,2]}},'
    '{"id":"b","fields":{}}]}',
    ' { "items" : [ ] , "cursor" : 3 , "list" : [ [1, 2], {"x": [3]} , "]" ] } ',
    '{}',
    '{"a": "\\u00e8 \\"items\\":[", "b": [null, true, false, 1.5e3, -2]}',
    '[1, 2, 3]',
    '"text"',
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_same_values_as_json_loads(text: str) -> None:
    assert decode.loads(text) == json.loads(text)


@pytest.mark.parametrize("text", [
    '{"items":[{"id":"a"},', '{"items":[1 2]}', '{"a":1}}', '{"a" 1}', '{1: 2}', '',
    '{"a":1,}', '{"items":[1,]}'])
def test_what_is_not_json_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        decode.loads(text)
