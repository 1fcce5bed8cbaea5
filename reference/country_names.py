"""Every name a country goes by in the tables partners hold, from maintained, citable lists.

- CLDR through Babel (Unicode licence): English and Chinese names by ISO alpha-2;
- ISO 3166-1 through pycountry (LGPL-2.1): names, official and common names, numeric codes (equal
  to UN M49 for countries), and their Chinese translations from Debian's iso-codes (LGPL-2.1);
- ``data/country_names.tsv``: World Bank, UN Comtrade, UN M49 (English and Chinese), Chinese Ministry of
  Foreign Affairs (short and full forms) and common English spellings, transcribed from the published lists;
- UN Comtrade's own numeric codes where they differ from ISO (``COMTRADE_CODES``).

Matching ignores case, accents, punctuation, the words "of", "the", "and", common abbreviations
(``Rep.``, ``Dem.``, ``St.``, ``Isds``) and word order, so ``Korea, Rep.``, ``Republic of Korea`` and
``Moldova, Republic of`` find their country.
"""

import csv
import functools
import gettext
import re
import unicodedata
from pathlib import Path

NAMES_FILE = Path(__file__).resolve().parent / "data" / "country_names.tsv"

# UN Comtrade reporter/partner codes that are not the ISO numeric code (Comtrade reference list of areas):
# France incl. Monaco, Italy incl. San Marino, Norway incl. Svalbard, India, Switzerland incl. Liechtenstein, USA.
COMTRADE_CODES = {251: "FRA", 381: "ITA", 579: "NOR", 699: "IND", 757: "CHE", 842: "USA"}

ABBREVIATIONS = {
    "rep": "republic",
    "dem": "democratic",
    "fed": "federated",
    "sts": "states",
    "st": "saint",
    "isds": "islands",
    "is": "islands",
    "fr": "french",
    "br": "british",
    "n": "northern",
    "pdr": "people s democratic republic",
    "sar": "special administrative region",
    "rb": "bolivarian republic",
}
STOP_WORDS = {"of", "the", "and", "s"}
CJK = re.compile(r"[\u3400-\u9fff]")


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(value):
    """The key a name is matched by: ``"Korea, Rep."`` and ``"Republic of Korea"`` give the same key."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if CJK.search(text):  # Chinese: punctuation (full-width brackets, dots) and spaces do not count
        return re.sub(r"[\W_]+", "", text)
    text = strip_accents(text).casefold().replace("&", " and ").replace("’", "'")
    words = re.sub(r"[\W_]+", " ", text).split()
    expanded = []
    for word in words:
        expanded.extend(ABBREVIATIONS.get(word, word).split() if len(words) > 1 else [word])
    return " ".join(sorted(word for word in expanded if word not in STOP_WORDS))


def numeric_key(value):
    """The number of a numeric cell (``156``, ``"004"``, ``156.0``), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"\d{1,3}(\.0+)?", text):
        return int(float(text))
    return None


def listed_names():
    """(ISO alpha-3, list, name) of the transcribed lists."""
    with NAMES_FILE.open(encoding="utf-8") as handle:
        rows = (line for line in handle if line.strip() and not line.startswith("#"))
        yield from (tuple(row) for row in csv.reader(rows, delimiter="\t"))


@functools.cache
def standard_names():
    """{ISO alpha-3: [(list, name), ...]} from CLDR, ISO 3166 (English and Chinese) and the transcribed lists."""
    import pycountry
    from babel import Locale

    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    by_alpha2 = {}
    names = {}
    for country in pycountry.countries:
        by_alpha2[country.alpha_2] = country.alpha_3
        entry = names.setdefault(country.alpha_3, [])
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                entry.append(("iso", name))
                entry.append(("iso-zh", chinese.gettext(name)))
    for language in ("en", "zh", "zh_Hant"):
        for code, name in Locale.parse(language).territories.items():
            if code in by_alpha2:
                names[by_alpha2[code]].append((f"cldr-{language}", name))
    for iso3, source, name in listed_names():
        names.setdefault(iso3, []).append((source, name))
    return names


@functools.cache
def numeric_codes():
    """{number: ISO alpha-3}: ISO 3166 numeric (= UN M49 for countries), then Comtrade's own codes."""
    import pycountry

    codes = {int(country.numeric): country.alpha_3 for country in pycountry.countries}
    return {**codes, **{code: iso3 for code, iso3 in COMTRADE_CODES.items() if code not in codes}}


class CountryIndex:
    """The countries of the portal by every name: the portal's own codes and names first, then the lists'."""

    def __init__(self, countries):
        self.by_iso3 = {country.iso3: country for country in countries}
        self.own = {}
        for country in countries:
            own = {country.iso3, country.iso2, country.name_en, country.name_zh, country.official_name_en}
            own |= {alias.strip() for alias in country.aliases.split("|")}
            for name in own - {""}:
                self.own.setdefault(name_key(name), set()).add(country.iso3)
        self.numbers = numeric_codes()

    @functools.cached_property
    def listed(self):
        """{name key: ISO alpha-3 codes} of the lists' names, read on the first cell the portal's own codes and names
        do not match: most files give codes, and CLDR's territories alone take 20–30 MB (three locales)."""
        listed = {}
        for iso3, entries in standard_names().items():
            if iso3 in self.by_iso3:
                for _source, name in entries:
                    listed.setdefault(name_key(name), set()).add(iso3)
        return listed

    def lookup(self, value):
        """The countries ``value`` may mean: one, several (ambiguous) or none."""
        number = numeric_key(value)
        if number is not None:
            iso3 = self.numbers.get(number)
            return [self.by_iso3[iso3]] if iso3 in self.by_iso3 else []
        key = name_key(value)
        matches = self.own.get(key) or self.listed.get(key) or set()
        return [self.by_iso3[iso3] for iso3 in sorted(matches)]

    def suggestions(self, value, limit=3):
        """The closest countries, best first, each once."""
        import difflib

        key = name_key(value)
        keys = {**self.listed, **self.own}
        ranked = difflib.get_close_matches(key, list(keys), n=limit * 8, cutoff=0.6)
        found = []
        for match in ranked:
            for iso3 in sorted(keys[match]):
                if iso3 not in found:
                    found.append(iso3)
        return [self.by_iso3[iso3] for iso3 in found[:limit]]
