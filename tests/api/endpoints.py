"""Generic tests every list endpoint gets, configured by data (as NetBox's ``APIViewTestCases``).

A subclass of ``EndpointTests`` names the endpoint's URL and some filters; the viewset, the model,
the ordering fields and the lookup are read from the code, so a new endpoint needs only its URL.
Expected results come from the model's FilterSet and the ORM, never from the API itself.
"""

import csv
import io

from django.urls import resolve

from core.api.lookups import LOOKUPS
from core.api.serializers import import_columns

MAX_QUERIES = 8  # count, page, nested prefetches, role and visibility; never one per record


class EndpointTests:
    url = ""
    filters = []  # query parameters, each compared with the model's FilterSet over the published records
    search = ""  # a word some records contain
    create = {}  # a new record's fields, as a curator sends them
    change = {"source_locator": "changed through the API"}  # a partial update of it

    # -- helpers -------------------------------------------------------------------------------

    @property
    def viewset(self):
        return resolve(self.url).func.cls

    @property
    def model(self):
        return self.viewset.queryset.model

    def published(self):
        queryset = self.model.objects.all()
        return queryset.published() if hasattr(self.model, "publication_status") else queryset

    def keys(self, queryset):
        lookup = LOOKUPS[self.model]
        return [lookup.path(instance) for instance in queryset]

    def keys_of(self, results):
        return [result["api_url"].split(self.url, 1)[1].rstrip("/") for result in results]

    def get(self, client, **params):
        response = client.get(self.url, params)
        assert response.status_code == 200, response.content
        return response.json()

    def make_draft(self):
        record = self.published().order_by("pk").first()
        self.model.objects.filter(pk=record.pk).update(publication_status="draft")
        return LOOKUPS[self.model].path(record)

    # -- list and detail -----------------------------------------------------------------------

    def test_list_gives_the_published_records(self, anonymous):
        data = self.get(anonymous, page_size=1000)
        assert data["count"] == self.published().count() > 0
        assert sorted(self.keys_of(data["results"])) == sorted(self.keys(self.published()))
        record = data["results"][0]
        assert "id" not in record and "pk" not in record
        assert set(record) == set(self.viewset.serializer_class().fields)

    def test_detail_by_natural_key(self, anonymous):
        first = self.get(anonymous)["results"][0]
        response = anonymous.get(first["api_url"])
        assert response.status_code == 200
        assert response.json() == first

    def test_every_record_is_found_by_its_key(self, curator_api):
        for record in self.get(curator_api, page_size=100)["results"]:
            assert curator_api.get(record["api_url"]).json() == record

    def test_the_browsable_api_shows_the_list_and_a_record(self, curator_api):
        first = self.get(curator_api)["results"][0]
        for url in (self.url, first["api_url"]):
            response = curator_api.get(url, HTTP_ACCEPT="text/html")
            assert response.status_code == 200 and b"<html" in response.content, url

    def test_unknown_key_is_a_json_404(self, anonymous):
        response = anonymous.get(f"{self.url}{'/'.join(['no-such-key'] * len(self.viewset.lookup.segments))}/")
        assert response.status_code == 404
        assert response.json()["detail"]

    def test_drafts_are_for_curators(self, anonymous, curator_api):
        if not hasattr(self.model, "publication_status"):
            # reference data has no drafts: the public sees every record
            assert self.get(anonymous, page_size=1000)["count"] == self.model.objects.count()
            return
        key = self.make_draft()
        assert key not in self.keys_of(self.get(anonymous, page_size=1000)["results"])
        assert anonymous.get(f"{self.url}{key}/").status_code == 404
        assert key in self.keys_of(self.get(curator_api, page_size=1000)["results"])
        assert curator_api.get(f"{self.url}{key}/").status_code == 200

    # -- filters, search, ordering, pages ------------------------------------------------------

    def test_filters_are_the_models_filterset(self, anonymous):
        for params in self.filters:
            expected = self.viewset.filterset_class(params, queryset=self.published()).qs
            assert expected.exists(), f"{params} selects nothing: choose a filter the seed data answers"
            data = self.get(anonymous, page_size=1000, **params)
            assert sorted(self.keys_of(data["results"])) == sorted(self.keys(expected)), params

    def test_repeated_parameters_mean_all_their_values(self, anonymous):
        """``?country=KAZ&country=RUS`` (how forms and generated clients send several values) is ``KAZ,RUS``."""
        for params in self.filters:
            for name, value in params.items():
                if "," not in value:
                    continue
                repeated = {**params, name: value.split(",")}
                expected = self.keys_of(self.get(anonymous, page_size=1000, **params)["results"])
                assert self.keys_of(self.get(anonymous, page_size=1000, **repeated)["results"]) == expected
                assert self.csv_rows(anonymous, **repeated) == self.csv_rows(anonymous, **params)

    def test_a_single_valued_filter_given_twice_is_refused(self, anonymous):
        # ``q``, the search every FilterSet has, takes one text: two cannot both be meant.
        for params in ({"q": ["a", "b"]}, {"q": ["a", "b"], "format": "csv"}):
            response = anonymous.get(self.url, params)
            assert response.status_code == 400, params
            assert "q" in response.json()

    def test_unknown_parameters_are_refused_by_name(self, anonymous):
        for params in ({"contry": "KAZ"}, {"contry": "KAZ", "format": "csv"}, {"page_sise": "5", "q": "x"}):
            response = anonymous.get(self.url, params)
            assert response.status_code == 400, params
            assert response["Content-Type"].startswith("application/json")
            message = str(response.json())
            assert next(iter(params)) in message and "q" not in response.json()

    def test_known_parameters_that_are_not_filters_are_accepted(self, anonymous):
        ordering = next(iter(self.viewset.ordering_fields))
        params = {"page": "1", "page_size": "5", "format": "json", "ordering": ordering, "search": "a", "lang": "en"}
        assert anonymous.get(self.url, params).status_code == 200

    def test_search(self, anonymous):
        assert self.search, "give the endpoint a word some of its records contain"
        expected = self.viewset.filterset_class({"q": self.search}, queryset=self.published()).qs
        data = self.get(anonymous, search=self.search, page_size=1000)
        assert data["count"] == expected.count() > 0

    def test_every_ordering_field_sorts(self, anonymous):
        assert self.viewset.ordering_fields
        for name, paths in self.viewset.ordering_fields.items():
            for sign in ("", "-"):
                data = self.get(anonymous, ordering=f"{sign}{name}", page_size=1000)
                expected = self.published().order_by(*(f"{sign}{path}" for path in paths), "pk")
                assert self.keys_of(data["results"]) == self.keys(expected), f"{sign}{name}"

    def test_pages(self, anonymous):
        total = self.published().count()
        first = self.get(anonymous, page_size=1)
        assert (first["count"], len(first["results"])) == (total, 1)
        if total > 1:
            assert self.keys_of(self.get(anonymous, page_size=1, page=2)["results"]) != self.keys_of(first["results"])
        assert len(self.get(anonymous, page_size=100_000)["results"]) == min(total, 1000)
        response = anonymous.get(self.url, {"page": 10_000})
        assert response.status_code == 404 and response.json()["detail"]

    # -- CSV -----------------------------------------------------------------------------------

    def csv_rows(self, client, **params):
        response = client.get(self.url, {"format": "csv", **params})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"].startswith("attachment;")
        return b"".join(response.streaming_content)

    def test_csv_lists_every_record_with_the_import_columns(self, anonymous):
        content = self.csv_rows(anonymous)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert set(rows[0]) == import_columns(self.model)
        assert len(rows) - 1 == self.published().count()

    def test_csv_goes_back_through_the_bulk_import_unchanged(self, curator_api):
        content = self.csv_rows(curator_api)
        upload = io.BytesIO(content)
        upload.name = "export.csv"
        response = curator_api.post(f"{self.url}bulk/?dry_run=1", {"file": upload}, format="multipart")
        assert response.status_code == 200, response.content
        assert response.json()["totals"]["new"] == 0

    # -- writes --------------------------------------------------------------------------------

    def test_create_change_delete(self, curator_api):
        response = curator_api.post(self.url, self.create)
        assert response.status_code == 201, response.content
        record = response.json()
        assert response["Location"] == record["api_url"]
        for name, value in self.create.items():
            if not isinstance(value, str) or not value.replace(".", "").isdigit():
                assert record[name] == value, name
        again = curator_api.post(self.url, self.create)
        assert again.status_code == 400 and "already exists" in again.json()["non_field_errors"][0]
        changed = curator_api.patch(record["api_url"], self.change)
        assert changed.status_code == 200, changed.content
        assert {name: changed.json()[name] for name in self.change} == self.change
        assert curator_api.get(record["api_url"]).json() == changed.json()
        assert curator_api.delete(record["api_url"]).status_code == 204
        assert curator_api.get(record["api_url"]).status_code == 404

    # -- queries -------------------------------------------------------------------------------

    def test_queries_do_not_grow_with_the_page(self, anonymous, partner_a, django_assert_max_num_queries):
        for client in (anonymous, partner_a):
            if client.user is not None:
                self.get(client, page_size=1)  # a token's first use of the minute writes its last-used time
            counts = []
            for size in (1, 1000):
                with django_assert_max_num_queries(MAX_QUERIES) as queries:
                    self.get(client, page_size=size)
                counts.append(len(queries))
            assert counts[0] == counts[1], (client.user, counts)
