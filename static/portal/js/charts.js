/*
 * Draws every chart of the page with Apache ECharts.
 *
 * A chart is an element with data-chart="<id>", where <id> names a
 * <script type="application/json"> data island written by the server:
 *   {kind: "line"|"bar", title, unit, categories: [...], series: [{name, data: [...]}], locale: "EN"|"ZH"}
 * The same data is in the table beneath each chart, so the page reads fine without JavaScript.
 * No code runs inline: this file and echarts.min.js are the only scripts (ready for a strict CSP).
 */
(function () {
  "use strict";

  var PALETTE = ["#1d4e89", "#c0392b", "#1e8449", "#b9770e", "#6c3483", "#117a65", "#a93226", "#2e4053",
    "#7d6608", "#515a5a", "#1a5276", "#784212"];

  function readData(element) {
    var island = document.getElementById(element.getAttribute("data-chart"));
    return island ? JSON.parse(island.textContent) : null;
  }

  // On a narrow screen the legend wraps below the plot, every series visible (a scrolling legend hides some
  // behind arrows), and the unit above the plot stays clear of it.
  var NARROW = 480;

  function option(data, width) {
    var bar = data.kind === "bar";
    var narrow = width < NARROW;
    var legendRows = narrow ? Math.ceil(data.series.length / 2) : 0;
    return {
      color: PALETTE,
      aria: {enabled: true, label: {enabled: false}, decal: {show: bar}},  // the element's own label points to the table
      animation: false,
      // Drawn in the SVG itself: ECharts' HTML tooltip writes inline styles, which the CSP refuses.
      tooltip: {trigger: "axis", renderMode: "richText"},
      legend: narrow ? {type: "plain", bottom: 0, left: 0, itemGap: 8, width: "100%"} : {type: "scroll", top: 0},
      grid: {left: 8, right: 16, top: narrow ? 28 : 40, bottom: narrow ? 8 + legendRows * 24 : 8, containLabel: true},
      xAxis: {type: "category", data: data.categories, boundaryGap: bar, axisLabel: {hideOverlap: true}},
      yAxis: {type: "value", name: data.unit || "", nameTextStyle: {align: "left"}},
      series: data.series.map(function (series) {
        return {
          name: series.name,
          type: bar ? "bar" : "line",
          data: series.data,
          connectNulls: false,
          showSymbol: series.data.length < 40,
          emphasis: {focus: "series"}
        };
      })
    };
  }

  function draw(element) {
    var data = readData(element);
    if (!data || !window.echarts) {
      return;
    }
    var chart = window.echarts.init(element, null, {renderer: "svg", locale: data.locale || "EN"});
    chart.setOption(option(data, element.clientWidth));
    element.setAttribute("data-chart-ready", String(data.series.length));
    window.addEventListener("resize", function () {
      chart.setOption(option(data, element.clientWidth), {replaceMerge: ["series"]});
      chart.resize();
    });
  }

  // A table wider than its scroll box says so above it: phones show no scroll bar until one scrolls.
  function scrollCue(box) {
    var cue = document.createElement("p");
    cue.className = "table-scroll__cue";
    cue.textContent = box.getAttribute("data-scroll-cue");
    cue.hidden = true;
    box.parentNode.insertBefore(cue, box);
    function update() {
      cue.hidden = box.scrollWidth <= box.clientWidth + 1;
    }
    update();
    window.addEventListener("resize", update);
  }

  document.documentElement.classList.add("has-charts");
  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  Array.prototype.forEach.call(document.querySelectorAll(".table-scroll[data-scroll-cue]"), scrollCue);
})();
