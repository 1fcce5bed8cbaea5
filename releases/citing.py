"""What a release page and a record-in-a-release page cite: the release by its permanent URL, a record by
its permanent URL in that release (``/releases/2026.1/traderecord/CHN/KAZ/2015/total/``)."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.citations import EXTENSIONS, STYLE_NAMES, Work, cite


def release_titles(release):
    titles = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            titles[language] = _("BRI Cooperation Portal data, release %(version)s") % {"version": release.version}
    return titles


def release_work(request, release):
    titles = release_titles(release)
    return Work(
        kind="release",
        title_en=release.title or titles["en"],
        title_zh=titles["zh-hans"],
        url=request.build_absolute_uri(reverse("releases:detail", args=[release.version])),
        issued=release.published_at.date(),
        updated=release.published_at.date(),
        accessed=timezone.now().date(),
        version=release.version,
        key=f"bri-portal-{release.version}",
    )


def record_work(request, release, table, key, label_en, label_zh):
    titles = release_titles(release)
    return Work(
        kind="record",
        title_en=label_en,
        title_zh=label_zh,
        url=request.build_absolute_uri(reverse("releases:record", args=[release.version, table, key])),
        issued=release.published_at.date(),
        updated=release.published_at.date(),
        accessed=timezone.now().date(),
        version=release.version,
        release_title_en=release.title or titles["en"],
        release_title_zh=titles["zh-hans"],
        key=f"bri-portal-{release.version}-{table}-{key}".replace("/", "-"),
    )


def citation_list(work):
    """[{style, name, text, extension}] in the active language, for the ``cite_styles`` include."""
    texts = cite(work)
    return [
        {"style": style, "name": STYLE_NAMES[style], "text": text, "extension": EXTENSIONS.get(style, "txt")}
        for style, text in texts.items()
    ]


def source_work(request, source, page_url):
    """A source document, as the portal describes it (its own authors, publication and year)."""
    from datetime import date

    return Work(
        kind="source",
        title_en=source.title_en or source.title_original,
        title_zh=source.title_zh or source.title_original,
        url=source.url or request.build_absolute_uri(page_url),
        issued=date(source.year, 1, 1) if source.year else None,
        accessed=timezone.now().date(),
        authors=tuple(name.strip() for name in source.authors.replace("；", ";").split(";") if name.strip()),
        publication=source.publication,
        key=f"bri-source-{source.slug}",
    )
