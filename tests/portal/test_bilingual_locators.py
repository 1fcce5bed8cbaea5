"""A place in a source written ``中文 (English)`` is shown with the page's language first; a country's
English official name only on English pages."""

import pytest

from core.models import bilingual_parts
from tests.portal.helpers import page_text, uncached  # noqa: F401
from trade.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


@pytest.mark.parametrize(
    "text, parts",
    [
        ("表1 (Table 1)", ("表1", "Table 1")),
        (
            "一（三）民意基础不断夯实 第二段（“第一”） (Part 1 (3) para 2)",
            ("一（三）民意基础不断夯实 第二段（“第一”）", "Part 1 (3) para 2"),
        ),
        ("二（四）第一段 (sec. 2.4 para 1)", ("二（四）第一段", "sec. 2.4 para 1")),
        ("§4.3 para 1, sentence 6 (“the Ministry of education …”)", None),  # English only
        ("引言 (introduction before §1) para 1, sentence beginning 然而", None),  # does not end in English
        ('"大学联盟" (University alliances) para 1', None),
        ("一（三）民意基础不断夯实 “第一，中俄人文交流是重点”段", None),  # Chinese only
        ("表1 (表一)", None),
        ("", None),
        (None, None),
    ],
)
def test_bilingual_parts(text, parts):
    assert bilingual_parts(text) == parts


@pytest.mark.parametrize(
    "language, shown, hidden",
    [("en", "Table 1 (表1)", "表1 (Table 1)"), ("zh-hans", "表1 (Table 1)", "Table 1 (表1)")],
)
def test_the_trade_explorers_citation_puts_the_pages_language_first(client, language, shown, hidden):
    text = page_text(client.get(f"/{language}/trade/?country=KAZ,RUS"))
    assert shown in text and hidden not in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_records_locator_puts_the_pages_language_first(client, language):
    observation = next(
        observation
        for observation in Observation.objects.published().filter(indicator__publication_status="published")
        if bilingual_parts(observation.source_locator)
    )
    chinese, english = bilingual_parts(observation.source_locator)
    text = page_text(client.get(f"/{language}/statistics/{observation.indicator.slug}/"))
    first, second = (chinese, english) if language == "zh-hans" else (english, chinese)
    assert f"{first} ({second})" in text
    assert f"{second} ({first})" not in text


def test_official_name_in_english_only_on_english_pages(client):
    assert "Russian Federation" in page_text(client.get("/en/countries/RUS/"))
    assert "Russian Federation" not in page_text(client.get("/zh-hans/countries/RUS/"))
