"""The registry of domain models: what the portal does with each one, declared once.

Each domain app declares its models in its own ``registry.py`` (``register(Model, ...)``); the
modules are found the way the admin finds ``admin.py`` (``discover()``, run by ``core``'s ready()
and by the first look-up), so ``core`` names no domain app. Parts that pull in the import and the
API machinery (resource, FilterSet, serializer, viewset) are dotted paths, imported on first use;
``core.checks`` imports every one at start-up and fails ``manage.py check`` on a missing part.

Every list of models elsewhere reads this one: the domain apps, the importable models and their
resources, the search, the sitemap, the sources pages, the newest records and ``record_url``.
"""

from dataclasses import dataclass
from functools import cache, cached_property

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules, import_string

from .links import link

_ENTRIES = {}  # model -> Entry
_discovered = False


@dataclass(frozen=True, eq=False)
class Entry:
    """A domain model and its parts. ``url`` is ``(url name, key)``, the key an attribute path
    (``"slug"``, ``"institution.slug"``), or a callable ``record -> URL`` for records shown on
    another's page; ``position`` orders the portal's lists of record types (search, sources, data)."""

    model: type
    key: str
    position: int
    resource: str | None = None
    filterset: str | None = None
    serializer: str | None = None
    viewset: str | None = None
    url: tuple | object = None
    list_url: str = ""
    select_related: tuple = ()
    importable: bool = False
    public: bool = False  # shown on the public portal, at ``url``
    searchable: bool = False
    in_sitemap: bool = False

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    def part(self, name):
        """The class a part's dotted path names (``entry.part("resource")``), or None if none is declared."""
        path = getattr(self, name)
        return _import(path) if isinstance(path, str) else path

    @property
    def resource_class(self):
        return self.part("resource")

    @property
    def filterset_class(self):
        return self.part("filterset")

    @property
    def serializer_class(self):
        return self.part("serializer")

    @property
    def viewset_class(self):
        return self.part("viewset")

    @cached_property
    def search_fields(self):
        filterset = self.filterset_class
        return tuple(name for name in getattr(filterset, "search_fields", ()) if name != "slug")

    @property
    def url_key(self):
        """The attribute the public URL is built from (``slug``, ``iso3``), if it is a URL name and key."""
        return self.url[1] if isinstance(self.url, tuple) else None

    @property
    def cites_sources(self):
        """Its records cite a source and are listed on that source's page."""
        return any(f.name == "source_locator" for f in self.model._meta.get_fields())

    def public_records(self):
        """The records the public may see, with what their links and labels need."""
        return self.model._default_manager.public().select_related(*self.select_related)

    def record_url(self, record):
        if callable(self.url):
            return self.url(record)
        url_name, key = self.url
        value = record
        for name in key.split("."):
            value = getattr(value, name)
        return link(url_name, value)


PARTS = ("resource", "filterset", "serializer", "viewset")


@cache
def _import(path):
    return import_string(path)


def register(model, **parts):
    """Declare a domain model and its parts (see ``Entry``); once per model."""
    if model in _ENTRIES:
        raise ImproperlyConfigured(f"{model._meta.label} is registered twice.")
    entry = Entry(model, **parts)
    _ENTRIES[model] = entry
    return entry


def discover():
    """Import every installed app's ``registry`` module (once), where the app declares its models."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("registry")


def _app_order(entry):
    configs = list(apps.get_app_configs())
    config = apps.get_app_config(entry.model._meta.app_label)
    return configs.index(config), list(config.get_models()).index(entry.model)


def entries():
    """Every registered model's entry, in ``position`` order."""
    discover()
    return sorted(_ENTRIES.values(), key=lambda entry: entry.position)


def entry_for(model):
    """The model's entry, or None if it is not a registered domain model."""
    discover()
    return _ENTRIES.get(model)


def entry_by_key(key):
    return next(entry for entry in entries() if entry.key == key)


def domain_apps():
    """The labels of the apps that declare domain models, in INSTALLED_APPS order."""
    discover()
    labels = {model._meta.app_label for model in _ENTRIES}
    return tuple(config.label for config in apps.get_app_configs() if config.label in labels)


def record_url(record):
    """The public page showing a record (for records without a page: the page they appear on)."""
    return _ENTRIES[type(record)].record_url(record)


def resource_class_for(model):
    """The import-export resource of a model, or None if it has none (or is not registered)."""
    entry = entry_for(model)
    if entry is None or entry.resource is None:
        return None
    try:
        return entry.resource_class
    except ImportError:
        return None


def importable_models():
    """Every importable domain model, in app order and then the order the app defines them."""
    return [entry.model for entry in sorted(entries(), key=_app_order) if entry.importable]


def model_from_label(label):
    """``trade.TradeRecord`` (any case) to the model; LookupError names the importable ones."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    entry = entry_for(model)
    if entry is None or not entry.importable:
        known = ", ".join(m._meta.label for m in importable_models())
        raise LookupError(f"Unknown model {label!r}; importable models: {known}")
    return model
