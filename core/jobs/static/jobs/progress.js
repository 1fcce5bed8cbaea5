// The job page's progress bar: asks the job's status URL every second and redraws it; reloads the page
// when the state changes (the preview or the report is then on it). Without JavaScript, "Refresh" does it.
(function () {
  "use strict";
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_match, name) { return String(values[name]); });
  }
  function start() {
    var box = document.querySelector(".job-progress[data-status-url]");
    if (!box) { return; }
    var state = box.getAttribute("data-state");
    var bar = box.querySelector(".job-bar");
    function show(status) {
      if (status.state !== state) { window.location.reload(); return; }
      bar.value = status.percent;
      bar.textContent = status.percent + "%";
      box.querySelector(".job-rows").textContent = fill(box.getAttribute("data-rows-text"),
        {done: status.rows_done, total: status.rows_total === null ? "?" : status.rows_total});
      box.querySelector(".job-rate").textContent = status.rate ?
        fill(box.getAttribute("data-rate-text"), {rate: status.rate}) : "";
      box.querySelector(".job-left").textContent = status.seconds_left !== null ?
        fill(box.getAttribute("data-left-text"), {seconds: status.seconds_left}) : "";
      if (!status.finished && status.state !== "awaiting") { window.setTimeout(poll, 1000); }
    }
    function poll() {
      fetch(box.getAttribute("data-status-url"), {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.json(); })
        .then(show)
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    if (state !== "awaiting" && ["completed", "failed", "cancelled", "expired"].indexOf(state) < 0) {
      window.setTimeout(poll, 500);
    }
  }
  document.addEventListener("DOMContentLoaded", start);
}());
