"""Every endpoint's list, detail, filters, search, ordering, pages, CSV and query count (see endpoints.py)."""

from .endpoints import EndpointTests

SOURCE = {"source": "eurasian-practice-2022", "source_locator": "test"}


class TestCountries(EndpointTests):
    url = "/api/v1/countries/"
    filters = [{"iso3": "kaz,RUS"}, {"region": "central-asia"}]
    search = "Kazakh"
    create = {"iso3": "ZZA", "iso2": "ZZ", "name_en": "Testland", "name_zh": "测试国"}
    change = {"name_en": "Testland (renamed)"}


class TestSources(EndpointTests):
    url = "/api/v1/sources/"
    filters = [{"language": "zh"}, {"slug": "eurasian-practice-2022"}]
    search = "Belt"
    create = {"slug": "test-source", "title_original": "A test source", "language": "en", "year": 2024}
    change = {"title_en": "A test source (renamed)"}


class TestInstitutions(EndpointTests):
    url = "/api/v1/institutions/"
    filters = [{"country": "CHN"}, {"kind": "university"}, {"alliance": "new-silk-road"}]
    search = "University"
    create = {"slug": "test-university", "name_en": "Test University", "kind": "university", "country": "KAZ", **SOURCE}


class TestAlliances(EndpointTests):
    url = "/api/v1/alliances/"
    filters = [{"founded_year__gte": "2015"}, {"member": "xi-an-jiaotong-university"}]
    search = "Silk"
    create = {"slug": "test-alliance", "name_en": "Test alliance", "founded_year": 2020, "founded_month": 5, **SOURCE}


class TestAllianceFigures(EndpointTests):
    url = "/api/v1/alliance-figures/"
    filters = [{"alliance": "new-silk-road"}, {"basis": "founding"}]
    search = "Silk"
    create = {"alliance": "new-silk-road", "slug": "test-figure", "as_of_year": 2024, "member_count": 160, **SOURCE}


class TestMemberships(EndpointTests):
    url = "/api/v1/memberships/"
    filters = [{"alliance": "new-silk-road"}, {"role": "founder"}]
    search = "Jiaotong"
    create = {"alliance": "new-silk-road", "institution": "gansu-provincial-government", "role": "member", **SOURCE}


class TestCooperationModes(EndpointTests):
    url = "/api/v1/cooperation-modes/"
    filters = [{"slug": "university-to-university,academic-exchange"}]
    search = "university"
    create = {"slug": "test-mode", "title_en": "Test mode", "sort_order": 9, **SOURCE}


class TestCooperationForms(EndpointTests):
    url = "/api/v1/cooperation-forms/"
    filters = [{"mode": "university-to-university"}]
    search = "Confucius"
    create = {"slug": "test-form", "title_en": "Test form", "mode": "academic-exchange", **SOURCE}


class TestProjects(EndpointTests):
    url = "/api/v1/projects/"
    filters = [{"country": "RUS"}, {"sector": "higher-education"}, {"start_year__gte": "2015"}]
    search = "Silk Road"
    create = {
        "slug": "test-project",
        "title_en": "Test project",
        "kind": "project",
        "sector": "energy",
        "countries": ["KAZ", "RUS"],
        "participants": [{"institution": "xi-an-jiaotong-university", "role": "lead"}],
        "start_year": 2020,
        **SOURCE,
    }
    change = {"countries": ["UZB"], "participants": [{"institution": "gansu-provincial-government", "role": "funder"}]}


class TestProblems(EndpointTests):
    url = "/api/v1/problems/"
    filters = [{"scope": "higher-education"}]
    search = "language"
    create = {"slug": "test-problem", "title_en": "Test problem", "category": "language", "scope": "general", **SOURCE}


class TestRecommendations(EndpointTests):
    url = "/api/v1/recommendations/"
    filters = [{"scope": "trade"}]
    search = "fund"
    create = {"slug": "test-recommendation", "title_en": "Test", "scope": "general", "problems": [], **SOURCE}


class TestMilestones(EndpointTests):
    url = "/api/v1/milestones/"
    filters = [{"country": "KAZ"}, {"year__gte": "2015", "kind": "joint-statement"}]
    search = "strategic"
    create = {
        "slug": "test-milestone",
        "title_en": "Test",
        "country": "KAZ",
        "kind": "mou",
        "year": 2024,
        "month": 6,
        **SOURCE,
    }


class TestTradeRecords(EndpointTests):
    url = "/api/v1/trade/"
    filters = [{"country": "kaz,RUS", "year__gte": "2020"}, {"flow": "total", "year": "2013"}]
    search = "Kazakh"
    create = {"partner": "NZL", "year": 2013, "flow": "export", "value": "1.5", **SOURCE}
    change = {"value": "2.2500"}


class TestIndicators(EndpointTests):
    url = "/api/v1/indicators/"
    filters = [{"slug": "international-students-in-china"}]
    search = "students"
    create = {"slug": "test-indicator", "name_en": "Test indicator", "unit_en": "items", **SOURCE}


class TestObservations(EndpointTests):
    url = "/api/v1/observations/"
    filters = [{"indicator": "international-students-in-china"}, {"year__gte": "2019"}]
    search = "students"
    create = {"indicator": "cr-express-trains", "country": "KAZ", "year": 2020, "month": 11, "value": "3", **SOURCE}
