"""What every chart carries: its data for ECharts and a citation naming its sources."""

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.models import in_page_language

MAX_LOCATORS = 3


def chart_locale():
    """ECharts' own interface language (its built-in EN and ZH)."""
    return "ZH" if (get_language() or "en").startswith("zh") else "EN"


def cited_sources(records):
    """Each source the records cite, once, with the places in it (in the order first cited)."""
    sources = {}
    for record in records:
        source = record.source
        locators = sources.setdefault(source.pk, (source, []))[1]
        locator = in_page_language(record.source_locator)
        if locator and locator not in locators:
            locators.append(locator)
    return list(sources.values())


def source_references(sources):
    """Each of ``cited_sources`` as text: the source's title and (some of) the places in it."""
    parts = []
    for source, locators in sources:
        shown = locators[:MAX_LOCATORS]
        where = "; ".join(shown) + ("; …" if len(locators) > MAX_LOCATORS else "")
        parts.append(
            _("%(source)s (%(locator)s)") % {"source": source.title, "locator": where} if where else source.title
        )
    return parts


def citation(request, title, path, records):
    """A "cite this" reference: the sources, the portal page (a stable URL) and the retrieval date.

    The retrieval date is when the portal last changed any of the records shown.
    """
    records = list(records)
    sources = cited_sources(records)
    parts = source_references(sources)
    url = request.build_absolute_uri(path)
    retrieved = max((record.updated_at for record in records), default=None)
    values = {"sources": _("; ").join(parts), "title": title, "url": url}
    if retrieved:
        values["date"] = formats.date_format(retrieved, "DATE_FORMAT")
        text = _("%(sources)s. “%(title)s”, BRI Cooperation Portal, %(url)s (data retrieved %(date)s).") % values
    else:
        text = _("“%(title)s”, BRI Cooperation Portal, %(url)s.") % values
    return {
        "text": text,
        "url": url,
        "retrieved": retrieved,
        "sources": sources,
        "styles": chart_styles(title, url, retrieved),
    }


def citing_records(records):
    """The fewest of ``records`` whose ``citation`` is theirs: the first record of each source and place in it, in
    order, and the most recently changed (its date is the citation's). A map kept for many requests keeps these."""
    kept, seen, latest = [], set(), None
    for record in records:
        place = (record.source_id, record.source_locator)
        if place not in seen:
            seen.add(place)
            kept.append(record)
        if latest is None or record.updated_at > latest.updated_at:
            latest = record
    if latest is not None and not any(record is latest for record in kept):
        kept.append(latest)
    return kept


def chart_styles(title, url, retrieved):
    """The chart selection in every citation style, naming the latest release when there is one."""
    from django.utils import timezone

    from .citations import EXTENSIONS, STYLE_NAMES, Work, cite, latest_release

    release = latest_release()
    work = Work(
        kind="chart",
        title_en=str(title),
        title_zh=str(title),
        url=url,
        issued=retrieved.date() if retrieved else None,
        updated=retrieved.date() if retrieved else None,
        accessed=timezone.now().date(),
        version=release["version"] if release else "",
        release_title_en=release["title"] if release else "",
        release_title_zh=release["title_zh"] if release else "",
        key="bri-portal-chart",
    )
    return [
        {"style": style, "name": STYLE_NAMES[style], "text": text, "extension": EXTENSIONS.get(style, "txt")}
        for style, text in cite(work).items()
    ]
