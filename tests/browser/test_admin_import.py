"""The admin's import in a real browser: upload, preview, confirm, and the records are there."""

from trade.models import TradeRecord

CSV = (
    "贸易伙伴,年份,数值,来源,来源位置\n"
    "新西兰,2019,７．５,eurasian-practice-2022,test\n"
    "新西兰,2020,1 071.0,eurasian-practice-2022,test\n"
)


def test_curator_previews_and_confirms_an_import(portal, page, django_user_model, tmp_path):
    from django.contrib.auth.models import Group

    curator = django_user_model.objects.create_user("browser-curator", password="a-long-test-password", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    upload = tmp_path / "新西兰贸易.csv"
    upload.write_bytes(CSV.encode("gb18030"))

    page.goto(f"{portal}/en/admin/login/?next=/en/admin/trade/traderecord/")
    page.fill("#id_username", "browser-curator")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Import", exact=True).click()
    page.set_input_files("#id_import_file", str(upload))
    page.click("input[value='Check the file']")

    assert page.inner_text(".import-new") == "2"
    assert page.inner_text(".import-encoding").lower() == "gb18030"
    assert not TradeRecord.objects.filter(partner__iso3="NZL").exists()  # the preview wrote nothing

    page.click("input[name=confirm]")
    page.wait_for_url("**/admin/trade/traderecord/")
    assert "2 new" in page.inner_text(".messagelist")
    values = sorted(TradeRecord.objects.filter(partner__iso3="NZL").values_list("year", "value"))
    assert [(year, str(value)) for year, value in values] == [(2019, "7.5000"), (2020, "1071.0000")]
