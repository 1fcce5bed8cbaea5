/*
 * Draws every map of the page with Apache ECharts: an element with data-map="<id>" names a JSON data island
 *   {title, unit, years: [...], cells: [[x, y, iso3, name, url]], values: {year: {iso3: value}}, base, mapFile}
 * base "tiles": a boundary-neutral tile grid (one square per country); "approved": the deployer's map file.
 * The year is chosen with a range input (arrow keys, Home, End) and a play button; a country opens its profile.
 * A map with one column (years: ["all"], no year dimension) has no slider.
 * The same numbers are in the table beneath each map. No inline code (strict CSP).
 */
(function () {
  "use strict";

  function valuesOf(data, year) {
    return data.values[String(year)] || {};
  }

  function range(data) {
    var all = [];
    Object.keys(data.values).forEach(function (year) {
      Object.keys(data.values[year]).forEach(function (iso3) { all.push(data.values[year][iso3]); });
    });
    return [Math.min.apply(null, all.concat([0])), Math.max.apply(null, all.concat([1]))];
  }

  function tileOption(data, year) {
    var values = valuesOf(data, year);
    var width = 1, height = 1;
    data.cells.forEach(function (cell) { width = Math.max(width, cell[0] + 1); height = Math.max(height, cell[1] + 1); });
    var cells = data.cells.filter(function (cell) { return values[cell[2]] !== undefined; });
    var bounds = range(data);
    return {
      animation: false,
      aria: {enabled: true, label: {enabled: false}},
      tooltip: {formatter: function (p) {
        return p.data.name + (data.years.length > 1 ? " (" + year + ")" : "") + ": " + p.data.value[2] + " " + data.unit;
      }},
      grid: {left: 4, right: 4, top: 8, bottom: 56},
      xAxis: {type: "value", min: -0.5, max: width - 0.5, show: false},
      yAxis: {type: "value", min: -0.5, max: height - 0.5, inverse: true, show: false},
      visualMap: {min: bounds[0], max: bounds[1], calculable: false, orient: "horizontal", left: "center", bottom: 0,
        text: [String(bounds[1]) + " " + data.unit, String(bounds[0])], dimension: 2,
        inRange: {color: ["#dbe9f6", "#1d4e89"]}},
      series: [{
        type: "scatter", symbol: "rect", symbolSize: function () { return 0; },
        data: cells.map(function (cell) {
          return {name: cell[3], value: [cell[0], cell[1], values[cell[2]]], url: cell[4], iso3: cell[2]};
        }),
        label: {show: true, formatter: function (p) { return p.data.iso3; }, fontSize: 9}
      }]
    };
  }

  function approvedOption(data, year) {
    var values = valuesOf(data, year);
    var bounds = range(data);
    return {
      animation: false,
      tooltip: {},
      visualMap: {min: bounds[0], max: bounds[1], orient: "horizontal", left: "center", bottom: 0,
        text: [String(bounds[1]) + " " + data.unit, String(bounds[0])]},
      series: [{type: "map", map: "portal-approved", nameProperty: "iso3",
        data: data.cells.filter(function (c) { return values[c[2]] !== undefined; })
          .map(function (c) { return {name: c[2], value: values[c[2]], url: c[4]}; })}]
    };
  }

  function sizeSymbols(chart, element, data) {
    var width = 1, height = 1;
    data.cells.forEach(function (cell) { width = Math.max(width, cell[0] + 1); height = Math.max(height, cell[1] + 1); });
    var fit = Math.min(Math.floor((element.clientWidth - 8) / width), Math.floor((element.clientHeight - 64) / height));
    var size = Math.max(8, Math.min(fit, 72) - 2);  // a few countries: squares, not a wall
    chart.setOption({series: [{symbolSize: size}]});
  }

  function draw(element) {
    var island = document.getElementById(element.getAttribute("data-map"));
    if (!island || !window.echarts) {
      return;
    }
    var data = JSON.parse(island.textContent);
    var figure = element.closest("figure");
    var input = figure.querySelector(".map-year");
    var label = figure.querySelector(".map-year-label");
    var play = figure.querySelector(".map-play");
    var chart = window.echarts.init(element, null, {renderer: "svg", locale: data.locale || "EN"});
    var timer = null;
    var current = data.years[data.years.length - 1];

    function show(year) {
      chart.setOption(data.base === "approved" ? approvedOption(data, year) : tileOption(data, year), true);
      if (data.base !== "approved") {
        sizeSymbols(chart, element, data);
      }
      current = year;
      if (label) { label.textContent = String(year); }
      element.setAttribute("data-map-year", String(year));
    }

    function start() {
      var years = data.years;
      var index = years.indexOf(Number(input.value));
      if (index < 0 || index === years.length - 1) { index = -1; }
      timer = window.setInterval(function () {
        index += 1;
        if (index >= years.length) { stop(); return; }
        input.value = years[index];
        show(years[index]);
      }, 700);
      play.setAttribute("aria-pressed", "true");
    }

    function stop() {
      window.clearInterval(timer);
      timer = null;
      play.setAttribute("aria-pressed", "false");
    }

    if (input) {
      figure.querySelector(".map-controls").hidden = false;
      input.addEventListener("input", function () { show(Number(input.value)); });
      play.addEventListener("click", function () { if (timer) { stop(); } else { start(); } });
    }
    chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    window.addEventListener("resize", function () { chart.resize(); show(current); });
    if (data.base === "approved" && data.mapFile) {
      fetch(data.mapFile).then(function (r) { return r.json(); }).then(function (geo) {
        window.echarts.registerMap("portal-approved", geo);
        show(current);
      });
    } else {
      show(current);
    }
    element.setAttribute("data-map-ready", String(data.cells.length));
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), draw);
})();
