"""What the portal's view tests share: pages rendered uncached, and reading them."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest


@pytest.fixture
def uncached(settings):
    """Every request renders its page: a page cached by an earlier test never answers."""
    settings.PORTAL_CACHE_SECONDS = 0


def get_page(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return response


def page_text(response):
    """The visible text of a page, tags and scripts removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?mark>", "", html)  # search's marks sit inside words
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.title, self.meta, self.links, self._in_title = "", {}, [], False
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page_head(response):
    """The page's <title>, meta tags, <link>s and html lang."""
    parser = _Head()
    parser.feed(response.content.decode())
    parser.title = " ".join(unescape(parser.title).split())
    return parser


def data_island(response, element_id):
    """The JSON a chart reads (json_script)."""
    import json

    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.content.decode())
    assert match, f"no data island #{element_id}"
    return json.loads(match.group(1))


def read_catalogue(path):
    """The entries of a .po file: {"refs", "flags", "msgctxt", "msgid", "msgid_plural", "msgstr": [...]}."""
    import json

    entries = []
    for block in path.read_text().split("\n\n"):
        entry = {"refs": [], "flags": [], "msgstr": []}
        current = None
        for line in block.splitlines():
            if line.startswith("#:"):
                entry["refs"] += line[2:].split()
            elif line.startswith("#,"):
                entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                value = json.loads(line)
                if current == "msgstr":
                    entry["msgstr"][-1] += value
                else:
                    entry[current] += value
            else:
                key, _, value = line.partition(" ")
                current = "msgstr" if key.startswith("msgstr") else key
                if current == "msgstr":
                    entry["msgstr"].append(json.loads(value))
                else:
                    entry[current] = json.loads(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def assert_shows(client, path, language, *pairs, **params):
    """The page /<language>/<path> shows each (English, Chinese) pair in its language; returns the response."""
    response = get_page(client, f"/{language}/{path}", **params)
    text = page_text(response)
    for english, chinese in pairs:
        expected = chinese if language == "zh-hans" else english
        assert expected in text, f"{expected!r} not on /{language}/{path}"
    return response
