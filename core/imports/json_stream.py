"""The objects of a JSON file that is one array, parsed one at a time from the file's bytes.

A million trade records as JSON are about 170 MB: their decoded text would be another copy of the file in memory,
and the parsed objects gigabytes. ``array_items`` decodes the bytes a block at a time and hands over each item as
soon as it is parsed, so an import holds the bytes (which the caller has anyway), one block and one item.
Anything that is not an array, or not valid JSON, raises ``ValueError``: the reader then parses the file whole
with ``json.loads``, which says where and what is wrong, as it always has.
"""

import io
import json
import re
from collections import Counter

from core.imports.disk import binary_stream

SPACE = re.compile(r"[ \t\n\r]*")  # what JSON calls whitespace (``json.decoder.WHITESPACE``)
BLOCK_CHARS = 1 << 20
# An item this long without being complete is not one a spreadsheet row makes: the file is read whole instead.
MAX_ITEM_CHARS = 32 << 20


class JSONObject(dict):
    duplicate_keys = ()


def json_object(pairs):
    """Keep an object's duplicate keys visible: json.loads would silently keep only the last value."""
    result = JSONObject(pairs)
    if len(result) < len(pairs):
        result.duplicate_keys = [key for key, count in Counter(key for key, _value in pairs).items() if count > 1]
    return result


class TextBlocks:
    """The text of the bytes from ``start`` as ``codec``, read a block at a time; ``text[pos:]`` is what is left."""

    def __init__(self, content, start, codec):
        stream = binary_stream(content)
        stream.seek(start)
        self.reader = io.TextIOWrapper(stream, encoding=codec, newline="")  # strict: UnicodeDecodeError
        self.text, self.pos, self.ended = "", 0, False

    def more(self):
        """Read the next block (the text already parsed dropped); False at the end of the file."""
        block = "" if self.ended else self.reader.read(BLOCK_CHARS)
        self.ended = not block
        if block:
            self.text, self.pos = self.text[self.pos :] + block, 0
        return bool(block)

    def peek(self):
        """The next character that is not whitespace ("" at the end of the file), left unread."""
        while True:
            self.pos = SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def value(self, decoder):
        """The next JSON value; a value cut by the end of a block is read again with the next block."""
        while True:
            try:
                item, end = decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                if len(self.text) - self.pos < MAX_ITEM_CHARS and self.more():
                    continue
                raise
            if end < len(self.text) or not self.more():  # a number may go on in the next block
                self.pos = end
                return item


def array_items(content, start, codec):
    """The items of the JSON array in ``content`` (from byte ``start``, in ``codec``), one at a time."""
    blocks, decoder = TextBlocks(content, start, codec), json.JSONDecoder(object_pairs_hook=json_object)
    try:
        yield from _items(blocks, decoder)
    finally:
        blocks.reader.close()


def _items(blocks, decoder):
    if blocks.peek() != "[":
        raise ValueError("not an array")
    blocks.pos += 1
    if blocks.peek() == "]":
        blocks.pos += 1
    else:
        while True:
            yield blocks.value(decoder)
            following = blocks.peek()
            blocks.pos += 1
            if following == "]":
                break
            if following != ",":
                raise ValueError("expecting , or ]")
            blocks.peek()  # the whitespace before the next item
    if blocks.peek():
        raise ValueError("extra data")
