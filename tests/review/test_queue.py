"""The curators' review queue: partners' drafts, by organisation and model, published or rejected with a reason."""

import pytest
from django.urls import reverse

from alliances.models import Institution
from core.choices import ChangedViaChoices
from core.imports.services import import_file
from trade.models import Observation

pytestmark = pytest.mark.django_db

QUEUE = reverse("review_queue")
A, B = "xi-an-jiaotong-university", "gansu-provincial-government"


def submit(user, institution, years, value=10):
    rows = "".join(
        f"international-students-in-china,{year},{value},{institution},bri-university-alliances,x\n" for year in years
    )
    content = ("indicator,year,value,reported_by,source,source_locator\n" + rows).encode()
    report = import_file(Observation, content, "o.csv", user=user)
    assert report.ok, [str(p) for p in report.problems]
    return list(Observation.objects.filter(year__in=years, reported_by__slug=institution).order_by("year"))


def selected(records):
    return [f"trade.observation:{record.pk}" for record in records]


def organisation(slug):
    return f"institution:{Institution.objects.get(slug=slug).pk}"


@pytest.fixture
def drafts(partner_a_user, partner_b_user):
    return submit(partner_a_user, A, [2031, 2032]), submit(partner_b_user, B, [2033])


def shown(response):
    return {row.pk for group in response.context["groups"] for row in group["rows"]}


def test_the_queue_lists_partners_drafts_filtered_by_organisation_and_model(curator_client, drafts):
    ours, theirs = drafts
    assert shown(curator_client.get(QUEUE)) >= {r.pk for r in ours + theirs}
    assert shown(curator_client.get(QUEUE, {"organisation": organisation(A)})) == {r.pk for r in ours}
    assert shown(curator_client.get(QUEUE, {"organisation": organisation(B), "model": "trade.observation"})) == {
        theirs[0].pk
    }
    assert shown(curator_client.get(QUEUE, {"model": "alliances.institution"})) == set()
    page = curator_client.get(QUEUE, {"organisation": organisation(A)}).content.decode()
    assert "partner-a" in page and "Xi" in page
    assert f'href="{QUEUE}"' in curator_client.get(reverse("admin:index")).content.decode()


def test_bulk_publish_is_recorded_in_history(curator_client, curator, drafts):
    ours, theirs = drafts
    response = curator_client.post(QUEUE, {"action": "publish", "selected": selected(ours)})
    assert response.status_code == 302
    for record in ours:
        record.refresh_from_db()
        assert record.publication_status == "published"
        latest = record.history.latest()
        assert (latest.history_user, latest.changed_via, latest.publication_status) == (
            curator,
            ChangedViaChoices.ADMIN,
            "published",
        )
    theirs[0].refresh_from_db()
    assert theirs[0].publication_status == "draft"
    assert shown(curator_client.get(QUEUE)).isdisjoint({r.pk for r in ours})


def test_bulk_reject_needs_a_reason_and_the_partner_reads_it(
    curator_client, drafts, partner_admin, partner_a_api, client
):
    ours, _theirs = drafts
    curator_client.post(QUEUE, {"action": "reject", "selected": selected(ours), "reason": ""})
    assert {r.publication_status for r in Observation.objects.filter(pk__in=[r.pk for r in ours])} == {"draft"}
    reason = "The figure is for 2030, not 2031: check the source."
    curator_client.post(QUEUE, {"action": "reject", "selected": selected(ours), "reason": reason})
    record = Observation.objects.get(pk=ours[0].pk)
    assert (record.publication_status, record.review_note) == ("rejected", reason)
    latest = record.history.latest()
    assert (latest.publication_status, latest.review_note, latest.changed_via) == ("rejected", reason, "admin")
    # the partner reads the reason on the record in the admin ...
    page = partner_admin.get(reverse("admin:trade_observation_change", args=[record.pk])).content.decode()
    assert reason in page
    # ... and in the API
    response = partner_a_api.get("/api/v1/observations/", {"year": 2031})
    assert [item["review_note"] for item in response.json()["results"]] == [reason]
    # the public sees nothing of it
    assert Observation.objects.published().filter(pk=record.pk).count() == 0
    partner_a_api.credentials()
    assert partner_a_api.get("/api/v1/observations/", {"year": 2031}).json()["results"] == []


def test_a_partner_resubmits_a_rejected_record_by_correcting_it(curator_client, partner_a_user, drafts):
    ours, _theirs = drafts
    curator_client.post(QUEUE, {"action": "reject", "selected": selected(ours[:1]), "reason": "Wrong year."})
    submit(partner_a_user, A, [2031])  # sent again unchanged: nothing changes
    assert Observation.objects.get(pk=ours[0].pk).publication_status == "rejected"
    submit(partner_a_user, A, [2031], value=11)  # corrected
    record = Observation.objects.get(pk=ours[0].pk)
    assert (record.publication_status, record.review_note) == ("draft", "")
    assert record.pk in shown(curator_client.get(QUEUE))


def test_partners_and_anonymous_cannot_use_the_queue(partner_admin, drafts):
    ours, _theirs = drafts
    assert partner_admin.get(QUEUE).status_code == 403
    assert partner_admin.post(QUEUE, {"action": "publish", "selected": selected(ours)}).status_code == 403
    assert Observation.objects.get(pk=ours[0].pk).publication_status == "draft"
    partner_admin.logout()
    assert partner_admin.get(QUEUE).status_code == 302


def test_the_queue_runs_a_bounded_number_of_queries(curator_client, partner_a_user, django_assert_max_num_queries):
    submit(partner_a_user, A, [2031, 2032])
    from accounts.review import queue_models

    # A fixed number per page, plus one per table the queue covers (every table with drafts to review).
    with django_assert_max_num_queries(10 + 2 * len(queue_models())) as few:
        curator_client.get(QUEUE)
    submit(partner_a_user, A, range(2040, 2080))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(shown(curator_client.get(QUEUE))) >= 42


def test_a_curators_draft_is_in_the_queue_too(curator_client, curator):
    """An API write without a status makes a draft; the queue lists it, so no draft waits unseen."""
    from rest_framework.test import APIClient

    from accounts.models import APIToken

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {APIToken.objects.issue(curator)}")
    body = {
        "slug": "curator-draft-indicator",
        "name_en": "Curator Draft Indicator",
        "unit_en": "x",
        "source": "bri-university-alliances",
        "source_locator": "x",
    }
    assert api.post("/api/v1/indicators/", body, format="json").status_code == 201
    assert "Curator Draft Indicator" in curator_client.get(QUEUE).content.decode()


def test_the_admin_index_counts_what_waits_for_curators(curator_client, partner_a_user):
    submit(partner_a_user, A, [2031, 2032])
    page = curator_client.get("/en/admin/").content.decode()
    assert 'id="review-waiting"' in page and "2 submissions wait for review" in page


def test_a_partner_home_lists_their_records_and_imports(client, partner_a_user):
    submit(partner_a_user, A, [2031])
    partner_a_user.is_staff = True
    partner_a_user.save()
    client.force_login(partner_a_user)
    page = client.get("/en/admin/").content.decode()
    assert 'id="partner-home"' in page and 'id="review-waiting"' not in page
