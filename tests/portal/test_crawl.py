"""Follow every internal link from the home pages: no error anywhere, no English on Chinese pages."""

import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urldefrag

import pytest

from tests.portal.helpers import read_catalogue, uncached  # noqa: F401
from tests.portal.test_translations import CATALOGUE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

# The portal's own interface: its templates and views (the admin's strings are Django's business).
PORTAL_SOURCES = re.compile(
    r"(^|/)(templates/(?!admin/|registration/)|portal/|(alliances|cooperation|trade)/views\.py)"
)
CRAWLED_PREFIXES = ("/en/", "/zh-hans/", "/sitemap", "/robots.txt")
SKIPPED_PREFIXES = ("/en/admin/", "/zh-hans/admin/", "/static/")
INTERFACE_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "content")
MAX_PAGES = 2000
LATIN = re.compile(r"[A-Za-z]")
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageReader(HTMLParser):
    """The links of a page, and its interface text: text nodes and the attributes people read.

    Text inside an element marked ``lang="en"`` is English on purpose (a language's own name,
    the English labels of the data dictionary) and is not interface text to translate.
    """

    def __init__(self):
        super().__init__()
        self.links, self.texts, self._skip, self._english = [], [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if (attrs.get("lang") or "").startswith("en") and tag not in VOID_ELEMENTS:
            self._english.append(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in INTERFACE_ATTRIBUTES:
            if attrs.get(name) and not (tag == "meta" and attrs.get("name") not in ("description",)):
                self.texts.append(" ".join(attrs[name].split()))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if self._english and self._english[-1] == tag:
            self._english.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skip and not self._english:
            self.texts.append(text)


def portal_msgids():
    """(msgid, msgstr) of every singular and plural interface string of the portal's own files."""
    strings = []
    for entry in read_catalogue(CATALOGUE):
        if any(PORTAL_SOURCES.search(ref) for ref in entry["refs"]):
            strings.append((entry["msgid"], entry["msgstr"][0]))
            if "msgid_plural" in entry:
                strings.append((entry["msgid_plural"], entry["msgstr"][0]))
    return strings


def english_patterns():
    """A pattern for each interface string that reads differently in Chinese."""
    patterns = []
    for msgid, msgstr in portal_msgids():
        text = re.sub(r"<[^>]+>", "", msgid)
        literal = re.sub(r"%\(\w+\)s", "", text)
        if msgid == msgstr or len(re.findall(r"[A-Za-z]", literal)) < 3:
            continue
        pieces = [re.escape(piece) for piece in re.split(r"%\(\w+\)s", text)]
        patterns.append((msgid, re.compile(".+?".join(pieces))))
    return patterns


def crawl(client):
    """Every page reachable from the two home pages: {url: (response, reader)}."""
    queue, seen, pages = ["/en/", "/zh-hans/"], set(), {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        assert len(seen) < MAX_PAGES, "the crawl does not end"
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        reader = PageReader()
        if response["Content-Type"].startswith("text/html"):
            reader.feed(response.content.decode())
            for href in reader.links:
                link = urldefrag(href.removeprefix("http://testserver")).url
                if link.startswith(CRAWLED_PREFIXES) and not link.startswith(SKIPPED_PREFIXES):
                    queue.append(link)
        pages[url] = (response, reader)
    return pages


def test_every_link_works_and_chinese_pages_are_all_in_chinese(client):
    pages = crawl(client)
    chinese = [url for url, (response, _) in pages.items() if url.startswith("/zh-hans/")]
    english = [url for url in pages if url.startswith("/en/")]
    # every kind of page is reached, in both languages
    for path in (
        "alliances/new-silk-road/",
        "institutions/",
        "cooperation/projects/",
        "problems/",
        "recommendations/",
        "trade/",
        "trade/data.csv",
        "statistics/",
        "countries/RUS/",
        "sources/",
        "data/",
        "embed/trade/",
    ):
        assert any(path in url for url in chinese), path
        assert any(path in url for url in english), path
    assert len(chinese) > 150

    patterns = english_patterns()
    assert len(patterns) > 150
    find, untranslated = untranslated_finder(patterns), set()
    for url in chinese:
        response, reader = pages[url]
        for text in reader.texts:
            untranslated.update((url, msgid) for msgid in find(text))
    assert not untranslated, sorted(untranslated)[:20]


def untranslated_finder(patterns):
    """``find(text)``: the interface strings ``text`` is, untranslated. Each distinct text is matched once (the
    pages share their navigation, headings and labels); a text with fewer than three Latin letters is none."""

    @cache
    def find(text):
        if len(LATIN.findall(text)) < 3:
            return ()
        return tuple(msgid for msgid, pattern in patterns if pattern.fullmatch(text))

    return find


def test_the_check_would_see_an_untranslated_string():
    reader = PageReader()
    reader.feed('<main><h2>Records citing this source</h2><input placeholder="Search in English or Chinese"></main>')
    find = untranslated_finder(english_patterns())
    found = {msgid for text in reader.texts for msgid in find(text)}
    assert found == {"Records citing this source", "Search in English or Chinese"}
