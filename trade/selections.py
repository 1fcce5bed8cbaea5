"""What the explorer, its downloads, its embed and the country pages share: the trade selection,
the series table drawn as chart and table, and the helpers they read the records with."""

from dataclasses import dataclass, field

from django.db.models import Exists, Max, Min, OuterRef
from django.http import QueryDict
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.cache import once_per_version
from core.charts import chart_locale, citation, cited_sources, source_references
from core.numbers import rounded
from reference.groups import group_from
from reference.models import Country, Source

from .choices import TradeFlowChoices, TradeUnitChoices
from .filtersets import TradeRecordFilterSet
from .models import REPORTER_DEFAULT_ISO3, TradeRecord

MAX_COUNTRIES = 12
DEFAULT_COUNTRIES = 5
# What the table and its citation read of each record (not the notes, which can be long).
RECORD_FIELDS = ("partner", "year", "flow", "value", "unit", "source", "source_locator", "updated_at")


@dataclass
class SeriesTable:
    """Values by year, one column per series; the chart and the table below it draw the same data."""

    title: str
    unit: str
    series: list  # [(label, {year: value})]
    total: bool = True
    decimals: int | None = None  # None: as many as each value has
    provenance: dict | None = None  # for the downloads: {year: (unit, source)}, the period's under None
    years: list = field(init=False)
    rows: list = field(init=False)

    def __post_init__(self):
        self.years = sorted({year for _label, values in self.series for year in values})
        self.rows = []
        previous = None
        for year in self.years:
            values = [values.get(year) for _label, values in self.series]
            total = sum(values) if self.total and None not in values else None
            change = None
            if total is not None and previous:
                change = rounded((total - previous) / previous * 100, 1)  # as the page shows it
            self.rows.append({"year": year, "values": values, "total": total, "change": change})
            previous = total

    @property
    def columns(self):
        columns = [label for label, _values in self.series]
        if self.total:
            columns += [_("Total"), _("Change on previous year (%)")]
        return columns

    @property
    def period_totals(self):
        """Each series summed over the years shown (only where every year has a value)."""
        if not self.total or not self.rows:
            return None
        sums = []
        for _label, values in self.series:
            sums.append(sum(values.values()) if len(values) == len(self.years) else None)
        return sums

    @property
    def period_total(self):
        sums = self.period_totals
        return sum(sums) if sums and None not in sums else None

    @property
    def latest(self):
        return self.rows[-1] if self.rows else None

    def chart(self, kind="line"):
        return {
            "kind": kind,
            "title": self.title,
            "unit": self.unit,
            "categories": [str(year) for year in self.years],
            "series": [
                {"name": label, "data": [float(values[year]) if year in values else None for year in self.years]}
                for label, values in self.series
            ],
            "locale": chart_locale(),
        }

    def as_rows(self):
        """The table as shown, for the downloads: a header row, the years, then the period totals."""
        about = self.provenance or {}
        yield [_("Year"), *self.columns, *([_("Unit"), _("Source")] if about else [])]
        for row in self.rows:
            extra = [row["total"], row["change"]] if self.total else []
            yield [row["year"], *row["values"], *extra, *about.get(row["year"], ())]
        if self.period_totals:
            yield [
                f"{self.years[0]}–{self.years[-1]}",
                *self.period_totals,
                self.period_total,
                None,
                *about.get(None, ()),
            ]


def latest_year(records):
    """The latest year of these trade records.

    The newest year of all records is read off the year index at once; only if these records have
    none that year are they searched (which reads all of them).
    """
    newest = TradeRecord.objects.aggregate(year=Max("year"))["year"]
    if newest is not None and records.filter(year=newest).exists():
        return newest
    return records.order_by("-year").values_list("year", flat=True).first()


def unit_label(units):
    units = set(units)
    if len(units) == 1:
        return str(TradeUnitChoices(units.pop()).label)
    return ""


def partners_by_name(published):
    """The countries with records among ``published``, by name in the active language (kept once per version
    of the records: every country's records are looked for)."""
    partners = Country.objects.filter(Exists(published.filter(partner=OuterRef("pk"))))
    return sorted(partners.only("iso3", "name_en", "name_zh"), key=lambda country: country.name)


class TradeSelection:
    """What the explorer shows: a reporter, partner countries (or a country group's), a flow and a span of years.

    The records come from ``TradeRecordFilterSet``, the API's filter, given the selection's
    parameters; the selection only fills in defaults and keeps the parameters canonical.
    """

    def __init__(self, params):
        self.reporter_iso3 = (params.get("reporter") or REPORTER_DEFAULT_ISO3).upper()
        reporter = Country.objects.filter(iso3=self.reporter_iso3).values_list("pk", flat=True).first()
        published = TradeRecord.objects.public().filter(reporter=reporter)
        self.available = once_per_version(
            ("trade partners", self.reporter_iso3, get_language()), lambda: partners_by_name(published)
        )
        by_iso3 = {country.iso3: country for country in self.available}
        flow = params.get("flow") or TradeFlowChoices.TOTAL
        self.flow = flow if flow in TradeFlowChoices.values else TradeFlowChoices.TOTAL
        wanted = [code.strip().upper() for code in ",".join(params.getlist("country")).split(",") if code.strip()]
        # ?group=central-asia selects the group's countries (unless countries are named as well)
        self.group = None if wanted else group_from(params)
        self.unknown_group = "" if wanted or self.group else (params.get("group") or "").strip()
        if self.group:
            wanted = sorted(country.iso3 for country in self.group.members.all())
        self.unknown = [code for code in wanted if code not in by_iso3]
        self.countries = list(dict.fromkeys(by_iso3[code] for code in wanted if code in by_iso3))
        self.truncated = len(self.countries) > MAX_COUNTRIES
        self.countries = self.countries[:MAX_COUNTRIES]
        if not wanted:
            self.countries = self.largest_partners(published.filter(flow=self.flow), by_iso3)
        # The years of the chosen countries' data bound the span, which defaults to all of them; in the same
        # query, the flows they have: only those are offered (and the one asked for).
        spans = (
            published.filter(partner__in=self.countries).values("flow").annotate(first=Min("year"), last=Max("year"))
        )
        spans = {span["flow"]: span for span in spans.order_by()}
        self.flows = [(value, label) for value, label in TradeFlowChoices.choices if value in {*spans, self.flow}]
        span = spans.get(self.flow, {"first": None, "last": None})
        self.year_bounds = (span["first"], span["last"])
        self.year_from = self._year(params.get("year__gte"), span["first"])
        self.year_to = self._year(params.get("year__lte"), span["last"])
        if self.year_from and self.year_to and self.year_from > self.year_to:
            self.year_from, self.year_to = self.year_to, self.year_from
        query = {key: value for key, value in self.query().items() if key not in ("reporter", "group")}
        query["country"] = ",".join(country.iso3 for country in self.countries)
        # The FilterSet selects the countries by ISO code; their ids as well let the database use its
        # (reporter, partner, year, flow) index instead of reading every record of the flow.
        chosen = published.filter(partner__in=self.countries)
        records = TradeRecordFilterSet(query, queryset=chosen).qs if self.countries else []
        self.records = list(records.only(*RECORD_FIELDS)) if self.countries else []
        sources = Source.objects.in_bulk({record.source_id for record in self.records})
        for record in self.records:
            record.source = sources[record.source_id]

    @staticmethod
    def largest_partners(records, by_iso3):
        """The default selection: the largest partners in the latest year."""
        last = latest_year(records)
        largest = records.filter(year=last).order_by("-value").values_list("partner_id", flat=True)
        by_pk = {country.pk: country for country in by_iso3.values()}
        return [by_pk[pk] for pk in largest[:DEFAULT_COUNTRIES] if pk in by_pk]

    @staticmethod
    def _year(value, default):
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def query(self):
        """The selection's canonical parameters (the TradeRecordFilterSet's names)."""
        if self.group:
            query = {"group": self.group.slug, "flow": self.flow}
        else:
            query = {"country": ",".join(country.iso3 for country in self.countries), "flow": self.flow}
        if self.reporter_iso3 != REPORTER_DEFAULT_ISO3:
            query["reporter"] = self.reporter_iso3
        if self.year_from:
            query["year__gte"] = str(self.year_from)
        if self.year_to:
            query["year__lte"] = str(self.year_to)
        return query

    def querystring(self):
        query = QueryDict(mutable=True)
        query.update(self.query())
        return query.urlencode(safe=",")

    def path(self, url_name="trade:explorer"):
        """The stable URL of this selection on the explorer (or its embed or download)."""
        return f"{reverse(url_name)}?{self.querystring()}"

    def context(self, request):
        """What the explorer and its embed show: the table, its chart and its citation."""
        table = self.table()
        return {
            "selection": self,
            "table": table,
            "chart": table.chart(),
            "cite": citation(request, table.title, self.path(), self.records),
        }

    @property
    def flow_label(self):
        return TradeFlowChoices(self.flow).label

    def table(self):
        by_country = {country.pk: {} for country in self.countries}
        for record in self.records:
            by_country[record.partner_id][record.year] = record.value
        unit = unit_label(record.unit for record in self.records)
        title = _("China's trade with selected countries: %(flow)s") % {"flow": self.flow_label}
        if self.reporter_iso3 != REPORTER_DEFAULT_ISO3:
            title = _("Trade reported by %(reporter)s: %(flow)s") % {
                "reporter": self.reporter_iso3,
                "flow": self.flow_label,
            }
        series = [(country.name, by_country[country.pk]) for country in self.countries]
        return SeriesTable(title, unit, series, total=bool(unit), decimals=1, provenance=self.provenance())

    def provenance(self):
        """The unit and the sources (with the places in them) of each year's records, and of all of them."""
        by_year = {}
        for record in self.records:
            by_year.setdefault(record.year, []).append(record)
        by_year[None] = self.records

        def about(records):
            units = sorted({str(TradeUnitChoices(record.unit).label) for record in records})
            return [", ".join(units), _("; ").join(source_references(cited_sources(records)))]

        return {year: about(records) for year, records in by_year.items()}

    def filename(self, extension):
        countries = "-".join(country.iso3.lower() for country in self.countries) or "none"
        years = f"{self.year_from}-{self.year_to}"
        return f"bri-trade-{slugify(self.reporter_iso3)}-{countries}-{self.flow}-{years}.{extension}"
