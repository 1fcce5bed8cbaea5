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

  function option(data) {
    var bar = data.kind === "bar";
    return {
      color: PALETTE,
      aria: {enabled: true, label: {enabled: false}, decal: {show: bar}},  // the element's own label points to the table
      animation: false,
      // Drawn in the SVG itself: ECharts' HTML tooltip writes inline styles, which the CSP refuses.
      tooltip: {trigger: "axis", renderMode: "richText"},
      legend: {type: "scroll", top: 0},
      grid: {left: 8, right: 16, top: 40, bottom: 8, containLabel: true},
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
    chart.setOption(option(data));
    element.setAttribute("data-chart-ready", String(data.series.length));
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  document.documentElement.classList.add("has-charts");
  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
})();
