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
