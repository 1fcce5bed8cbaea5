"""A JSON array read a block at a time gives the same items as ``json.loads``, wherever the blocks cut it."""

import json

import pytest

from core.imports import json_stream
from core.imports.json_stream import array_items
from core.imports.readers import UnreadableFile, read_table

ITEMS = [
    {"reporter": "CHN", "partner": "KAZ", "year": 2015, "value": 123.456, "note": '丝绸之路 , ] [ " {'},
    {"reporter": "CHN", "partner": "RUS", "year": 2016, "value": 7, "note": None},
    12345678901234567890,
    {"nested": [1, {"a": -0.5e-3}], "flag": True},
]


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_items_are_the_same_however_the_blocks_cut_the_text(monkeypatch, block, indent):
    monkeypatch.setattr(json_stream, "BLOCK_CHARS", block)
    content = json.dumps(ITEMS, ensure_ascii=False, indent=indent).encode()
    assert list(array_items(content, 0, "utf-8")) == ITEMS


@pytest.mark.parametrize(
    "text",
    ["[1,]", "[1 2]", "[1] 2", "{}", "[", '[{"a": 1}', "  ", "[1,,2]"],
)
def test_what_is_not_one_whole_array_raises_value_error(monkeypatch, text):
    monkeypatch.setattr(json_stream, "BLOCK_CHARS", 2)
    with pytest.raises(ValueError):
        list(array_items(text.encode(), 0, "utf-8"))


def test_an_empty_array_and_whitespace_around_it():
    assert list(array_items(b" \n[ \r\n ]\t ", 0, "utf-8")) == []


def test_a_json_file_is_read_in_its_encoding_and_never_decoded_whole(monkeypatch):
    monkeypatch.setattr(json_stream, "BLOCK_CHARS", 16)
    rows = [{"name_zh": "西安交通大学", "year": 2015}, {"name_zh": "哈萨克斯坦", "year": 2016}]
    table = read_table(json.dumps(rows, ensure_ascii=False).encode("gb18030"), "data.json")
    assert (table.encoding, table.headers, list(table.rows)) == (
        "gb18030",
        ["name_zh", "year"],
        [("西安交通大学", 2015), ("哈萨克斯坦", 2016)],
    )
    assert not hasattr(table.rows, "text")  # the rows are read again from the bytes, not kept as text


def test_invalid_json_in_a_late_block_is_located_as_before(monkeypatch):
    monkeypatch.setattr(json_stream, "BLOCK_CHARS", 8)
    content = b'[{"a": 1},\n{"a": 2},\n{"a": 3,}]'
    with pytest.raises(UnreadableFile) as raised:
        read_table(content, "data.json")
    assert [str(problem) for problem in raised.value.problems] == [
        "Invalid JSON at line 3, column 9: Expecting property name enclosed in double quotes."
    ]
