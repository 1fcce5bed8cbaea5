"""The search index: one row per public searchable record, kept current by ``portal.search.index``.

The full-text part is not a Django field: on SQLite an FTS5 table (``portal_search_fts``) mirrors
``names``, ``body`` and ``pinyin`` through triggers; on PostgreSQL a ``tsvector`` column (``document``), filled by
a trigger and indexed with GIN. Both are made by this app's migrations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    record_type = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    names = models.TextField(blank=True)
    body = models.TextField(blank=True)
    pinyin = models.TextField(blank=True)  # of the Chinese names: matched as whole syllable groups, never as prefixes
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.ForeignKey("reference.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    countries = models.ManyToManyField("reference.Country", blank=True, related_name="+")

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [models.UniqueConstraint(fields=["record_type", "object_id"], name="search_entry_record")]
        indexes = [models.Index(fields=["year"], name="search_entry_year")]

    def __str__(self):
        return f"{self.record_type} {self.object_id}"


class SearchWord(models.Model):
    """The words of records' names, for typo tolerance (``Kazakstan`` → kazakhstan): pg_trgm's
    similarity on PostgreSQL; on SQLite the trigrams of each word in ``SearchTrigram``."""

    word = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("search word")

    def __str__(self):
        return self.word


class SearchTrigram(models.Model):
    word = models.ForeignKey(SearchWord, on_delete=models.CASCADE, related_name="trigrams")
    trigram = models.CharField(max_length=3, db_index=True)

    class Meta:
        verbose_name = _("search trigram")
        constraints = [models.UniqueConstraint(fields=["trigram", "word"], name="search_trigram_word")]

    def __str__(self):
        return self.trigram
