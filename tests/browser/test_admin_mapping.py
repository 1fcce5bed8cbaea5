"""The mapping step in a real browser: a file with the partner's own headers, matched to the table's columns."""

from tests.imports.test_admin_mapping import OWN_HEADERS
from trade.models import TradeRecord

from .conftest import curator_checks_a_file


def test_curator_matches_unknown_columns_then_confirms(portal, page, django_user_model, tmp_path):
    upload = tmp_path / "own-headers.csv"
    upload.write_text(OWN_HEADERS, encoding="utf-8")
    curator_checks_a_file(portal, page, django_user_model, "browser-mapper", upload)

    mapping = page.locator("form.import-mapping")
    assert "Match your columns" in mapping.inner_text()
    assert page.input_value("select[name=column-0]") == "partner"  # proposed: the closest column
    assert page.input_value("select[name=column-5]") == ""  # nothing close: ignored unless chosen
    page.select_option("select[name=column-3]", "source")
    page.select_option("select[name=column-4]", "source_locator")
    page.click("input[name=mapping]")

    assert page.inner_text(".import-new") == "1"
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()
    page.click("input[name=confirm]")
    page.wait_for_url("**/admin/trade/traderecord/")
    assert TradeRecord.objects.get(partner__iso3="NZL", year=2019).source_locator == "p. 3"


def test_curator_saves_the_columns_as_a_preset_the_next_file_uses(portal, page, django_user_model, tmp_path):
    upload = tmp_path / "own-headers.csv"
    upload.write_text(OWN_HEADERS, encoding="utf-8")
    curator_checks_a_file(portal, page, django_user_model, "browser-mapper", upload)
    page.select_option("select[name=column-3]", "source")
    page.select_option("select[name=column-4]", "source_locator")
    page.fill("input[name=preset_name]", "partner-trade-table")
    page.click("input[name=mapping]")
    assert "partner-trade-table" in page.inner_text(".import-preset")

    upload.write_text(OWN_HEADERS.replace("NZL,2019", "NZL,2018"), encoding="utf-8")
    page.goto(page.url)
    page.set_input_files("#id_import_file", str(upload))
    page.click("input[value='Check the file']")
    assert page.locator("form.import-mapping").count() == 0
    assert "partner-trade-table" in page.inner_text(".import-preset")
    page.click("input[name=confirm]")
    page.wait_for_url("**/admin/trade/traderecord/")
    assert TradeRecord.objects.get(partner__iso3="NZL", year=2018).source_locator == "p. 3"
