"""The mapping step in a real browser: a file with the partner's own headers, matched to the table's columns."""

from tests.imports.test_admin_mapping import OWN_HEADERS
from trade.models import TradeRecord


def upload_as_curator(portal, page, django_user_model, upload):
    """Sign in as a curator on the trade records' import page and check ``upload``."""
    from django.contrib.auth.models import Group

    curator = django_user_model.objects.create_user("browser-mapper", password="a-long-test-password", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    page.goto(f"{portal}/en/admin/login/?next=/en/admin/trade/traderecord/import/")
    page.fill("#id_username", "browser-mapper")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.set_input_files("#id_import_file", str(upload))
    page.click("input[value='Check the file']")


def test_curator_matches_unknown_columns_then_confirms(portal, page, django_user_model, tmp_path):
    upload = tmp_path / "own-headers.csv"
    upload.write_text(OWN_HEADERS, encoding="utf-8")
    upload_as_curator(portal, page, django_user_model, upload)

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
    upload_as_curator(portal, page, django_user_model, upload)
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
