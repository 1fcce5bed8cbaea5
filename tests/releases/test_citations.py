"""Each citation style against expected strings, for a record, a chart and a release, in both languages.

GB/T 7714-2015 follows the standard's own examples of electronic resources (``[EB/OL]``, ``[DS/OL]`` for a
data set, ``(updated)[cited]`` dates, then the URL; a page of a release cited as a contribution to it, ``//``).
APA and Chicago come from citeproc-py with the official CSL styles.
"""

from datetime import date

import pytest

from core.citations import Work, cite

DAY, CITED = date(2026, 12, 4), date(2027, 1, 5)
URL = "https://portal.example/en/releases/2026.1/"
RELEASE_EN, RELEASE_ZH = "BRI Cooperation Portal data, release 2026.1", "一带一路合作门户数据，2026.1版"


def work(kind, title_en, title_zh, url):
    in_release = kind != "release"
    return Work(
        kind, title_en, title_zh, url, issued=DAY, updated=DAY, accessed=CITED, version="2026.1",
        release_title_en=RELEASE_EN if in_release else "", release_title_zh=RELEASE_ZH if in_release else "", key="k",
    )  # fmt: skip


RECORD = work(
    "record", "Trade record CHN/KAZ/2015/total", "贸易记录 CHN/KAZ/2015/total", URL + "traderecord/CHN/KAZ/2015/total/"
)
CHART = work("chart", "Trade with Kazakhstan", "与哈萨克斯坦的贸易", "https://portal.example/en/trade/?country=KAZ")
RELEASE = work("release", RELEASE_EN, RELEASE_ZH, URL)

EXPECTED = {
    (
        RECORD,
        "en",
        "gbt7714",
    ): "BRI Cooperation Portal. Trade record CHN/KAZ/2015/total[EB/OL]//BRI Cooperation Portal. "
    f"{RELEASE_EN}. (2026-12-04)[2027-01-05]. {URL}traderecord/CHN/KAZ/2015/total/.",
    (RECORD, "zh", "gbt7714"): "一带一路合作门户. 贸易记录 CHN/KAZ/2015/total[EB/OL]//一带一路合作门户. "
    f"{RELEASE_ZH}. (2026-12-04)[2027-01-05]. {URL}traderecord/CHN/KAZ/2015/total/.",
    (RECORD, "en", "apa"): "BRI Cooperation Portal. (2026, December 4). Trade record CHN/KAZ/2015/total. "
    f"BRI Cooperation Portal. BRI Cooperation Portal Data, Release 2026.1. {URL}traderecord/CHN/KAZ/2015/total/",
    (RECORD, "en", "chicago"): "BRI Cooperation Portal. 2026. “Trade Record CHN/KAZ/2015/total.” Version 2026.1. "
    "BRI Cooperation Portal Data, Release 2026.1, BRI Cooperation Portal, December 4. "
    f"{URL}traderecord/CHN/KAZ/2015/total/.",
    (CHART, "en", "gbt7714"): "BRI Cooperation Portal. Trade with Kazakhstan[EB/OL]//BRI Cooperation Portal. "
    f"{RELEASE_EN}. (2026-12-04)[2027-01-05]. https://portal.example/en/trade/?country=KAZ.",
    (CHART, "zh", "gbt7714"): f"一带一路合作门户. 与哈萨克斯坦的贸易[EB/OL]//一带一路合作门户. {RELEASE_ZH}. "
    "(2026-12-04)[2027-01-05]. https://portal.example/en/trade/?country=KAZ.",
    (CHART, "en", "apa"): "BRI Cooperation Portal. (2026, December 4). Trade with Kazakhstan. BRI Cooperation Portal. "
    "BRI Cooperation Portal Data, Release 2026.1. https://portal.example/en/trade/?country=KAZ",
    (
        CHART,
        "zh",
        "chicago",
    ): "一带一路合作门户. 2026. 《与哈萨克斯坦的贸易》. 版 2026.1. 一带一路合作门户数据，2026.1版, "
    "一带一路合作门户, 十二月 4. https://portal.example/en/trade/?country=KAZ.",
    (RELEASE, "en", "gbt7714"): f"BRI Cooperation Portal. {RELEASE_EN}[DS/OL]. (2026-12-04)[2027-01-05]. {URL}.",
    (RELEASE, "zh", "gbt7714"): f"一带一路合作门户. {RELEASE_ZH}[DS/OL]. (2026-12-04)[2027-01-05]. {URL}.",
    (RELEASE, "en", "apa"): f"BRI Cooperation Portal. (2026). {RELEASE_EN} (Version 2026.1) [Data set]. "
    f"BRI Cooperation Portal. {URL}",
    (RELEASE, "en", "chicago"): "BRI Cooperation Portal. 2026. “BRI Cooperation Portal Data, Release 2026.1.” "
    f"Version 2026.1. BRI Cooperation Portal, December 4. {URL}.",
    (RELEASE, "zh", "apa"): f"一带一路合作门户. (2026). {RELEASE_ZH} (版 2026.1) [数据集]. 一带一路合作门户. {URL}",
}


@pytest.mark.parametrize(("what", "language", "style"), list(EXPECTED))
def test_formatted_styles(what, language, style):
    assert cite(what, language)[style] == EXPECTED[what, language, style]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("what", [RECORD, CHART, RELEASE])
def test_data_formats(what, language):
    texts = cite(what, language)
    title = what.title(language)
    assert texts["bibtex"].startswith("@misc{k,\n") and f"title = {{{{{title}}}}}" in texts["bibtex"]
    assert "version = {2026.1}" in texts["bibtex"] and f"url = {{{what.url}}}" in texts["bibtex"]
    ris = texts["ris"].split("\r\n")
    assert ris[0] == ("TY  - DATA" if what.kind == "release" else "TY  - ELEC") and ris[-1] == "ER  -"
    assert (
        f"TI  - {title}" in ris and f"UR  - {what.url}" in ris and "ET  - 2026.1" in ris and "Y2  - 2027/01/05" in ris
    )
    import json

    item = json.loads(texts["csl"])[0]
    assert item["title"] == title and item["URL"] == what.url and item["issued"] == {"date-parts": [[2026, 12, 4]]}
    assert item["type"] == ("dataset" if what.kind == "release" else "webpage")
    if what.kind != "release":
        assert item["container-title"] == what.release_title(language)


def test_a_chart_page_cites_the_latest_release(client, db):
    from releases.publish import publish_release

    publish_release("2026.1")
    html = client.get("/zh-hans/trade/?country=KAZ").content.decode()
    assert "[EB/OL]//一带一路合作门户. " in html and "2026.1" in html and "data-copy-target" in html
