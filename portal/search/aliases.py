"""The seed's aliases (``fixtures/aliases/*.yaml``): other names of seed records, set by slug after loading.

Records that are missing are left out; aliases a curator has already given are kept.
"""

from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings

ALIAS_FILES = Path(settings.BASE_DIR) / "fixtures" / "aliases"


def apply_seed_aliases(directory=ALIAS_FILES):
    """Give seed records their aliases; returns how many records were changed."""
    changed = 0
    for path in sorted(Path(directory).glob("*.yaml")):
        for label, aliases in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            model = apps.get_model(label)
            for record in model.objects.filter(slug__in=aliases, aliases=""):
                record.aliases = aliases[record.slug]
                record.save(update_fields=["aliases"])
                changed += 1
    return changed
