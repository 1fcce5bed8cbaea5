"""A large import through the admin in a real browser, run by a real worker process (``manage.py db_worker``):
upload → the job page's progress bar, redrawn by its script → the preview, shown without a reload by the user →
confirm → the progress bar again → done, the records in the database and the success on the page.

The inline threshold is set to nothing, so a few hundred rows take the path of a million. The worker is started
only once the page is seen polling, and stopped before the confirmation, so that each step is seen whatever the
machine's speed. A script injected by Playwright (not the page's: the Content-Security-Policy stays as it is) logs
each load of a job page and each redraw of its counts to the tab's ``sessionStorage``, which outlives the reloads.
"""

import json

import pytest

from core.jobs.models import Job, JobState
from tests.jobs import start_worker, stop_worker, trade_csv
from trade.models import TradeRecord

from .conftest import ARTIFACTS, curator_checks_a_file

ROWS = 300
SCREEN_TIMEOUT_MS = 20_000
WATCH = """
(() => {
  const documentId = String(performance.timeOrigin);
  function log(entry) {
    const entries = JSON.parse(sessionStorage.getItem("jobLog") || "[]");
    entries.push(Object.assign({document: documentId}, entry));
    sessionStorage.setItem("jobLog", JSON.stringify(entries));
  }
  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector(".job-progress");
    if (!box) { return; }
    const seen = () => ({state: box.getAttribute("data-state"), rows: box.querySelector(".job-rows").textContent.trim(),
                         percent: box.querySelector(".job-bar").value});
    const how = performance.getEntriesByType("navigation")[0].type;  // "reload": location.reload()
    log(Object.assign({event: "load", how: how}, seen()));
    new MutationObserver(() => log(Object.assign({event: "redraw"}, seen())))
      .observe(box.querySelector(".job-rows"), {childList: true, characterData: true, subtree: true});
  });
})();
"""


def job_log(page):
    return json.loads(page.evaluate("sessionStorage.getItem('jobLog') || '[]'"))


def wait_for_redraw(page, state):
    """The page's script has fetched the status and redrawn the counts in place, the page not reloaded."""
    page.wait_for_function(
        """state => {
          const entries = JSON.parse(sessionStorage.getItem("jobLog") || "[]");
          const here = String(performance.timeOrigin);
          return entries.some(e => e.document === here && e.event === "redraw" && e.state === state);
        }""",
        arg=state,
        timeout=SCREEN_TIMEOUT_MS,
    )


@pytest.fixture
def workers(settings, tmp_path):
    settings.JOBS_INLINE_MAX_BYTES = 0  # every file goes to a worker
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    started = []

    def start():
        started.append(start_worker(settings))
        return started[-1]

    yield start
    for worker in started:
        stop_worker(worker)


def test_a_large_import_runs_as_a_job_with_its_progress_on_the_page(portal, page, workers, django_user_model, tmp_path):
    upload = tmp_path / "large-trade.csv"
    upload.write_bytes(trade_csv(ROWS, locator="browser-job"))
    records = TradeRecord.objects.filter(source_locator="browser-job")
    ARTIFACTS.mkdir(exist_ok=True)
    page.context.add_init_script(WATCH)
    page.set_default_timeout(SCREEN_TIMEOUT_MS)
    curator = curator_checks_a_file(portal, page, django_user_model, "job-curator", upload)

    # The upload answers at once with the job's page: queued, an empty bar, polled by the page's script.
    page.wait_for_url("**/admin/jobs/job/*/change/")
    job = Job.objects.get(user=curator)
    assert job.state == JobState.QUEUED and page.url.endswith(f"/admin/jobs/job/{job.pk}/change/")
    assert page.inner_text(".job-state") == "Queued" and page.inner_text(".job-phase") == "Check"
    assert page.get_attribute(".job-bar", "value") == "0" and page.inner_text(".job-rows") == "0 of ? rows"
    wait_for_redraw(page, "queued")
    page.screenshot(path=ARTIFACTS / "job-queued-1280.png")

    # A worker checks the file; the page follows by itself to the preview, nothing written yet.
    worker = workers()
    page.wait_for_selector(".import-new")
    assert page.inner_text(".job-state") == "Awaiting confirmation"
    assert page.inner_text(".import-new") == str(ROWS) and page.inner_text(".import-errors") == "0"
    assert page.get_attribute(".job-bar", "value") == "100" and page.inner_text(".job-rows") == f"{ROWS} of {ROWS} rows"
    assert not records.exists()
    page.screenshot(path=ARTIFACTS / "job-preview-1280.png")
    stop_worker(worker)

    # Confirm: the job's page again, its bar at the start of the import.
    page.click("input[name=confirm]")
    page.wait_for_url(f"**/admin/jobs/job/{job.pk}/change/")
    assert page.inner_text(".job-state") == "Queued" and page.inner_text(".job-phase") == "Import"
    assert page.get_attribute(".job-bar", "value") == "0" and not page.is_visible(".job-confirm")
    wait_for_redraw(page, "queued")
    page.screenshot(path=ARTIFACTS / "job-import-queued-1280.png")

    # Another worker imports it; the page shows the end by itself.
    workers()
    page.wait_for_selector(".job-state:text-is('Completed')")
    assert page.get_attribute(".job-bar", "value") == "100" and page.inner_text(".job-rows") == f"{ROWS} of {ROWS} rows"
    assert f"{ROWS} new, 0 updated" in page.inner_text(".import-summary")
    assert page.is_visible("text=The import in the history") and not page.is_visible(".job-cancel")
    page.screenshot(path=ARTIFACTS / "job-completed-1280.png")
    job.refresh_from_db()
    assert job.state == JobState.COMPLETED and job.runs == 2 and job.stored_name == ""
    assert records.count() == ROWS

    # Every job page the tab showed, in order: the test never reloaded; the preview and the end came by the
    # page's script, which reloads the page when the job's state changes.
    loads = [(entry["state"], entry["how"]) for entry in job_log(page) if entry["event"] == "load"]
    assert loads[0] == ("queued", "navigate") and loads[-1] == ("completed", "reload")
    assert ("awaiting", "reload") in loads and loads.index(("awaiting", "reload")) < loads.index(
        ("queued", "navigate"), 1
    )
