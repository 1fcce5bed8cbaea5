"""A partner's journey in Chromium: a curator invites them, they choose a password, import a correction to
their published institution; the public keeps the published version until the curator accepts the diff."""

import re

from django.contrib.auth.models import Group
from django.core import mail

from alliances.models import Institution

SLUG = "xi-an-jiaotong-university"
PASSWORD = "a-long-partner-password"


def sign_in(page, portal, username, password, then):
    page.goto(f"{portal}/en/admin/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def public_name(browser, portal):
    """The institution's heading as a visitor sees it (a browser of their own, nothing cached for them)."""
    context = browser.new_context()
    visitor = context.new_page()
    response = visitor.goto(f"{portal}/en/institutions/{SLUG}/")
    status, heading = response.status, visitor.inner_text("h1")
    context.close()
    return status, heading


def test_invite_set_password_import_a_correction_and_accept_it(portal, page, browser, django_user_model, tmp_path):
    curator = django_user_model.objects.create_user("journey-curator", password="a-long-test-password", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    institution = Institution.objects.get(slug=SLUG)

    # The curator invites the partner in one step.
    sign_in(page, portal, "journey-curator", "a-long-test-password", "/en/admin/accounts/partnerprofile/add/")
    page.fill("#id_username", "journey-partner")
    page.fill("#id_email", "partner@example.edu")
    page.select_option("#id_language", "en")
    page.evaluate(  # the autocomplete's choice, as picking it from the list sets it
        "([pk, name]) => document.querySelector('#id_institution').add(new Option(name, pk, true, true))",
        [str(institution.pk), institution.name_en],
    )
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/accounts/partnerprofile/")
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/password/set/\S+/", message.body).group(0)

    # The partner chooses a password and signs in.
    partner_context = browser.new_context()
    partner = partner_context.new_page()
    partner.goto(link)
    partner.fill("#id_new_password1", PASSWORD)
    partner.fill("#id_new_password2", PASSWORD)
    partner.click("input[type=submit]")
    sign_in(partner, portal, "journey-partner", PASSWORD, "/en/admin/alliances/institution/import/")

    # They import a correction to their published institution.
    upload = tmp_path / "institution.csv"
    locator = institution.source_locator.replace('"', '""')
    upload.write_text(
        "slug,name_en,kind,country,source,source_locator\n"
        f'{SLUG},Xi\'an Jiaotong University (XJTU),university,CHN,bri-university-alliances,"{locator}"\n'
    )
    partner.set_input_files("#id_import_file", str(upload))
    partner.click("input[value='Check the file']")
    assert "awaits a curator's review" in partner.inner_text(".import-summary")
    partner.click("input[name=confirm]")
    partner.wait_for_url("**/admin/alliances/institution/")
    assert "awaits a curator's review" in partner.inner_text(".messagelist")
    partner_context.close()

    # The public still sees the published version.
    assert public_name(browser, portal) == (200, "Xi'an Jiaotong University")

    # The curator sees the diff and accepts it.
    page.goto(f"{portal}/en/admin/review/")
    change = page.locator(".pending-change")
    assert "Xi'an Jiaotong University (XJTU)" in change.inner_text()
    change.locator("input[type=checkbox]").check()
    page.select_option("#review-action", "publish")
    page.click("input[value=Apply]")
    assert "1 change accepted." in page.inner_text(".messagelist")
    assert public_name(browser, portal) == (200, "Xi'an Jiaotong University (XJTU)")
