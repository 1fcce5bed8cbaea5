"""Countries ranked on a series (``trade.series``) in a year: by value, by change over a span, by share.

The ranking is the page's table; every number in it comes from the series' values, so a test can
recompute it from the records.
"""

from dataclasses import dataclass
from decimal import Decimal

from core.numbers import rounded
from core.sparklines import sparkline

ORDERS = ("value", "change", "share")


@dataclass
class Ranked:
    rank: int
    country: object
    value: Decimal
    since_value: Decimal | None
    change: Decimal | None  # value − the value in the first year of the span
    change_percent: Decimal | None
    share: Decimal | None  # percent of the total of every country ranked that year
    sparkline: str


def ranking(series, year, since=None, order="value"):
    """The countries with a value in ``year``, ranked by ``order`` (largest first; ties share a rank;
    a country with no value in ``since`` comes after those with a change)."""
    by_iso3 = {country.iso3: country for country in series.countries}
    present = {iso3: by_year[year] for iso3, by_year in series.values.items() if by_year.get(year) is not None}
    total = sum(present.values())
    years = series.years
    rows = []
    for iso3, value in present.items():
        start = series.values[iso3].get(since) if since is not None else None
        change = value - start if start is not None else None
        rows.append(
            Ranked(
                rank=0,
                country=by_iso3[iso3],
                value=value,
                since_value=start,
                change=change,
                change_percent=rounded(change / start * 100, 1) if change is not None and start else None,
                share=rounded(value / total * 100, 1) if total else None,
                sparkline=sparkline(series.values[iso3], years),
            )
        )
    key = {
        "value": lambda row: (row.value,),
        "share": lambda row: (row.value,),  # the same order as the values: the total is the same for all
        "change": lambda row: (row.change is not None, row.change if row.change is not None else 0),
    }[order if order in ORDERS else "value"]
    rows.sort(key=lambda row: row.country.name)
    rows.sort(key=key, reverse=True)
    previous = None
    for position, row in enumerate(rows, start=1):
        row.rank = previous.rank if previous and key(previous) == key(row) else position
        previous = row
    return rows, total
