"""When the database refuses rows the checks let through, the report names the rows in words of its own,
translated, never the database's text (constraint names, column names, database ids)."""

import pytest
from django.db import IntegrityError
from django.utils import translation

from core.imports.services import import_file
from core.imports.writer import TableWriter
from trade.models import TradeRecord

RAW = (
    'duplicate key value violates unique constraint "trade_traderecord_natural_key"\n'
    "DETAIL:  Key (reporter_id, partner_id, year, flow)=(45, 112, 2031, total) already exists."
)
CONTENT = b"partner,year,flow,value,source,source_locator\nKAZ,2031,total,1,eurasian-practice-2022,x\n"


@pytest.fixture
def refusing_database(monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError(RAW)

    monkeypatch.setattr(TradeRecord.objects, "bulk_create", refuse)
    monkeypatch.setattr(TradeRecord, "save", refuse)
    monkeypatch.setattr(TableWriter, "insert", refuse)  # the bulk path's write (core.imports.fast)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_database_refusal_is_reported_located_and_in_words_without_the_database_s_details(
    curator, refusing_database, language
):
    with translation.override(language):
        report = import_file(TradeRecord, CONTENT, "refused.csv", user=curator)
        messages = [str(problem) for problem in report.problems]
    assert not report.ok and messages
    for message in messages:
        assert "reporter_id" not in message and "112" not in message and "DETAIL" not in message
    assert any(problem.row == 2 for problem in report.problems)
    assert not TradeRecord.objects.filter(year=2031).exists()
