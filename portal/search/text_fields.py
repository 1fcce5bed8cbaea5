"""Which text fields hold names (searched first, with pinyin) and which hold Chinese names."""

NAME_FIELDS = (
    "name_en",
    "name_zh",
    "title_en",
    "title_zh",
    "title_original",
    "official_name_en",
    "aliases",
    "acronym",
    "iso3",
    "iso2",
    "number",
)
CHINESE_NAME_FIELDS = ("name_zh", "title_zh", "aliases")
