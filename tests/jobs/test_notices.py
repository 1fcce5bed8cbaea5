"""Notices: in the admin (a count in the header, a list) and by e-mail in the recipient's language; e-mails
can be turned off; a curator's decision in the review queue tells the partners concerned."""

import pytest
from django.core import mail
from django.urls import reverse

from core.jobs import service as jobs
from core.notices.models import Notice, NoticeSettings
from core.notices.service import notify
from tests.review.test_queue import QUEUE, A, selected, submit
from trade.models import TradeRecord

from . import run_queued_jobs

pytestmark = pytest.mark.django_db
GOOD = b"partner,year,value,source,source_locator,publication_status\nNZL,2019,7.5,eurasian-practice-2022,x,published\n"


def test_a_job_tells_its_user_in_their_language(curator, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    NoticeSettings.objects.create(user=curator, language="zh-hans")
    job = jobs.create_job(TradeRecord, GOOD, "trade.csv", user=curator, via="api", confirm=False, language="en")
    jobs.start(job, inline=False)
    run_queued_jobs()
    (sent,) = mail.outbox
    assert sent.to == [curator.email] and sent.subject == "导入完成：trade.csv"
    assert f"/admin/jobs/job/{job.pk}/change/" in sent.body


def test_header_count_list_and_turning_emails_off(curator_client, curator):
    notify(curator, "job_failed", {"file": "a.csv", "model": "trade records", "reason": "Bad."})
    assert len(mail.outbox) == 1
    page = curator_client.get("/en/admin/").content.decode()
    assert 'class="notice-count">Notices (1)<' in page
    listing = curator_client.get(reverse("notices")).content.decode()
    assert "Import failed: a.csv" in listing
    assert 'class="notice-count">Notices (0)<' in curator_client.get("/en/admin/").content.decode()
    curator_client.post(reverse("notice_email_setting"), {"next": "/en/admin/"})  # the box unticked
    notify(curator, "job_failed", {"file": "b.csv", "model": "trade records", "reason": "Bad."})
    assert len(mail.outbox) == 1 and Notice.objects.filter(user=curator).count() == 2


def test_the_review_queue_tells_the_partner_in_their_language(curator_client, partner_a_user):
    partner_a_user.email = "partner@example.org"
    partner_a_user.save()
    NoticeSettings.objects.create(user=partner_a_user, language="zh-hans")
    ours = submit(partner_a_user, A, [2031, 2032])
    curator_client.post(QUEUE, {"action": "reject", "selected": selected(ours), "reason": "Wrong year."})
    (sent,) = mail.outbox
    assert sent.to == ["partner@example.org"] and "2" in sent.subject and "驳回" in sent.subject
    assert "Wrong year." in sent.body
    curator_client.post(QUEUE, {"action": "publish", "selected": selected(ours[:1])})  # rejected: not in the queue
    assert Notice.objects.filter(user=partner_a_user).count() == 1
