"""A curator brings a partner on board from the admin alone, and lets one go without losing anything."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from accounts.models import PartnerProfile
from alliances.models import Institution
from core.roles import PARTNER, role_of

ADD_URL = "/en/admin/accounts/partnerprofile/add/"


def signs_in(username, password):
    """Through the admin's login form, as a person would (the lock-out backend needs the request)."""
    browser = Client()
    browser.post("/en/admin/login/", {"username": username, "password": password})
    return browser.get("/en/admin/").status_code == 200


def invite(curator_client, **extra):
    institution = Institution.objects.get(slug="xi-an-jiaotong-university")
    data = {
        "username": "new-partner",
        "email": "partner@example.edu",
        "language": "zh-hans",
        "institution": institution.pk,
        "alliance": "",
        **extra,
    }
    return curator_client.post(ADD_URL, data)


@pytest.mark.django_db(transaction=False)
def test_one_step_invitation_sets_everything_and_mails_a_password_link_in_the_partners_language(
    curator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(curator_client)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new-partner")
    assert user.is_staff and user.groups.filter(name="Partners").exists() and not user.has_usable_password()
    assert user.partner_profile.institution.slug == "xi-an-jiaotong-university"
    assert role_of(user) == PARTNER
    (message,) = mail.outbox
    assert message.to == ["partner@example.edu"]
    assert message.subject == "您在“一带一路”合作门户的合作伙伴账户"  # the partner's language: Chinese
    assert "西安交通大学" in message.body
    link = re.search(r"https?://\S+/password/set/\S+/", message.body).group(0)
    # The partner follows the link and chooses a password; then they can sign in.
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert form_page.status_code == 200
    response = browser.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "a-long-partner-password", "new_password2": "a-long-partner-password"},
    )
    assert response.status_code == 302
    assert signs_in("new-partner", "a-long-partner-password")
    assert browser.get(link, follow=True).context["validlink"] is False  # the link works once


def test_an_organisation_is_required_and_only_one(curator_client):
    response = invite(curator_client, institution="")
    assert response.status_code == 200 and "one organisation" in response.content.decode()
    assert not User.objects.filter(username="new-partner").exists()


def test_the_partners_page_lists_partners_with_their_work(curator_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(curator_client)
    page = curator_client.get("/en/admin/accounts/partnerprofile/").content.decode()
    assert "new-partner" in page and "Xi" in page


def test_partners_cannot_reach_the_partners_page(client, django_user_model):
    from tests.api.conftest import partner

    user = partner("a-partner", "xi-an-jiaotong-university")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/en/admin/accounts/partnerprofile/").status_code == 403


def test_a_deactivated_partner_can_no_longer_sign_in_or_use_a_token_and_keeps_their_history(curator_client):
    from rest_framework.test import APIClient

    from tests.api.conftest import partner, token_client

    user = partner("leaving-partner", "xi-an-jiaotong-university")
    api = token_client(user)
    assert api.get("/api/v1/observations/").status_code == 200
    profile = PartnerProfile.objects.get(user=user)
    versions = profile.history.count()
    curator_client.post(
        "/en/admin/accounts/partnerprofile/", {"action": "deactivate", "_selected_action": [profile.pk]}
    )
    user.refresh_from_db()
    assert not user.is_active
    assert PartnerProfile.objects.filter(pk=profile.pk).exists() and profile.history.count() >= versions
    assert not signs_in("leaving-partner", "a-long-test-password")
    assert api.get("/api/v1/observations/").status_code == 401
    assert isinstance(api, APIClient)
