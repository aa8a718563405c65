/* miler: the few things the pages do in the browser. Everything works without it:
   the charts are an extra, uploads and moves fall back to plain forms. */
(function () {
  "use strict";
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  var MILE_KM = 1.609344;

  function paceLabel(seconds, unit) {
    if (seconds == null) return "";
    var m = Math.floor(seconds / 60), s = Math.round(seconds % 60);
    if (s === 60) { m += 1; s = 0; }
    return m + ":" + (s < 10 ? "0" : "") + s + "/" + unit;
  }

  function drawCharts(root) {
    if (typeof uPlot === "undefined") return;
    root.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var c = JSON.parse(source.textContent);
      var unit = el.dataset.units === "mi" ? "mi" : "km";
      var per = unit === "mi" ? MILE_KM : 1;
      var x = c.distance_km.map(function (d) { return d / per; });
      var pace = c.pace_s_per_km.map(function (p) { return p == null ? null : p * per; });
      var width = Math.max(280, el.clientWidth || 600);
      var opts = {
        width: width, height: 260,
        scales: { x: { time: false }, pace: { dir: -1 }, hr: {}, ele: {} },
        series: [
          { label: unit },
          { label: "pace", scale: "pace", stroke: "#0b5cad", width: 1.5, value: function (u, v) { return paceLabel(v, unit); } },
          { label: "HR (bpm)", scale: "hr", stroke: "#a4161a", width: 1 },
          { label: "elevation (m)", scale: "ele", stroke: "#4a5360", width: 1 }
        ],
        axes: [
          { label: "distance (" + unit + ")" },
          { scale: "pace", values: function (u, vals) { return vals.map(function (v) { return paceLabel(v, unit); }); }, size: 70 },
          { scale: "hr", side: 1, grid: { show: false } }
        ]
      };
      var data = [x, pace, c.heart_rate_bpm, c.elevation_m];
      new uPlot(opts, data, el);
      el.dataset.drawn = "1";
    });
  }

  function drawProgress(root) {
    if (typeof uPlot === "undefined") return;
    var source = root.querySelector ? root.querySelector("#progress-data") : null;
    if (!source) return;
    var d = JSON.parse(source.textContent);
    function clock(v) {
      if (v == null) return "";
      var m = Math.floor(v / 60), s = Math.round(v % 60);
      if (s === 60) { m += 1; s = 0; }
      return m + ":" + (s < 10 ? "0" : "") + s;
    }
    var charts = {
      fitness: function () {
        return [{
          scales: { x: { time: true } },
          series: [{},
            { label: "fitness (CTL)", stroke: "#0b5cad", width: 2 },
            { label: "fatigue (ATL)", stroke: "#a4161a", width: 1 },
            { label: "form (TSB)", stroke: "#1d6b34", width: 1, dash: [4, 3] }]
        }, [d.fitness.x, d.fitness.ctl, d.fitness.atl, d.fitness.tsb]];
      },
      mile: function () {
        return [{
          scales: { x: { time: true }, y: { dir: -1 } },
          series: [{},
            { label: "mile", stroke: "#0b5cad", width: 2, value: function (u, v) { return clock(v); } },
            { label: "fast end", stroke: "#7aa7d6", width: 1, dash: [4, 3], value: function (u, v) { return clock(v); } },
            { label: "slow end", stroke: "#7aa7d6", width: 1, dash: [4, 3], value: function (u, v) { return clock(v); } }],
          axes: [{}, { values: function (u, vals) { return vals.map(clock); }, size: 60 }]
        }, [d.mile.x, d.mile.time, d.mile.low, d.mile.high]];
      },
      weeks: function () {
        var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6] }) : undefined;
        return [{
          scales: { x: { time: true } },
          series: [{},
            { label: "done (min)", stroke: "#1d6b34", fill: "rgba(29,107,52,0.35)", paths: bars },
            { label: "planned (min)", stroke: "#0b5cad", width: 2, points: { show: true } }]
        }, [d.weeks.x, d.weeks.done, d.weeks.planned]];
      }
    };
    root.querySelectorAll(".chart[data-progress]").forEach(function (el) {
      var make = charts[el.dataset.progress];
      if (!make || el.dataset.drawn) return;
      var made = make();
      if (!made[1][0].length) return;
      made[0].width = Math.max(280, el.clientWidth || 600);
      made[0].height = 240;
      new uPlot(made[0], made[1], el);
      el.dataset.drawn = "1";
    });
  }

  function uploadOne(form, file, list) {
    var item = document.createElement("li");
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", "upload of " + file.name);
    item.textContent = file.name;
    item.appendChild(bar);
    list.appendChild(item);
    return new Promise(function (resolve) {
      // The form's own fields (the plan to match against...), with this one file.
      var body = new FormData(form);
      body.delete("files");
      body.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      xhr.setRequestHeader("HX-Request", "true");
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
      xhr.onload = function () {
        bar.value = 100;
        var done = document.createElement("span");
        var kept = /data-status="(imported|replaced)"/.test(xhr.responseText);
        var twice = /data-status="duplicate"/.test(xhr.responseText);
        var queued = /data-status="queued"/.test(xhr.responseText);
        done.textContent = kept ? " stored" : twice ? " already in your log" : queued ? " queued" : " failed";
        item.appendChild(done);
        var holder = document.createElement("div");
        if (xhr.status === 200 || xhr.status === 422) {
          holder.innerHTML = xhr.responseText;
        } else {
          var p = document.createElement("p");
          p.className = "error"; p.setAttribute("role", "alert");
          try { p.textContent = file.name + ": " + JSON.parse(xhr.responseText).detail; }
          catch (err) { p.textContent = file.name + ": the upload failed (" + xhr.status + ")"; }
          holder.appendChild(p);
        }
        document.getElementById("run-results").appendChild(holder);
        drawCharts(holder);
        resolve();
      };
      xhr.onerror = function () { item.appendChild(document.createTextNode(" failed")); resolve(); };
      xhr.send(body);
    });
  }

  function setUpUpload() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var input = form.querySelector('input[type="file"]');
    var list = document.getElementById("upload-progress");
    function send(files) {
      var chain = Promise.resolve();
      Array.prototype.forEach.call(files, function (f) {
        chain = chain.then(function () { return uploadOne(form, f, list); });
      });
    }
    form.addEventListener("submit", function (e) {
      if (!input.files.length) return;
      e.preventDefault();
      send(input.files);
    });
    ["dragenter", "dragover"].forEach(function (t) {
      form.addEventListener(t, function (e) { e.preventDefault(); form.classList.add("dragover"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      form.addEventListener(t, function () { form.classList.remove("dragover"); });
    });
    form.addEventListener("drop", function (e) { e.preventDefault(); send(e.dataTransfer.files); });
  }

  function setUpCalendar() {
    var cal = document.querySelector(".calendar[data-moves]");
    if (!cal || cal.dataset.ready) return;
    cal.dataset.ready = "1";
    var status = document.getElementById("move-status");
    var dragged = null;
    cal.addEventListener("dragstart", function (e) {
      var s = e.target.closest && e.target.closest("[data-session]");
      if (!s) return;
      dragged = s.dataset.session;
      e.dataTransfer.setData("text/plain", dragged);
    });
    cal.addEventListener("dragover", function (e) {
      var day = e.target.closest && e.target.closest("[data-date]");
      if (day && dragged) { e.preventDefault(); day.classList.add("drop-target"); }
    });
    cal.addEventListener("dragleave", function (e) {
      var day = e.target.closest && e.target.closest("[data-date]");
      if (day) day.classList.remove("drop-target");
    });
    cal.addEventListener("drop", function (e) {
      var day = e.target.closest && e.target.closest("[data-date]");
      if (!day || !dragged) return;
      e.preventDefault();
      day.classList.remove("drop-target");
      var body = new URLSearchParams({ date: day.dataset.date });
      fetch(cal.dataset.moves + encodeURIComponent(dragged) + "/move", {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf(), "Accept": "application/json" }
      }).then(function (r) {
        if (r.ok && r.redirected) { window.location.assign(r.url); return; }
        return r.json().then(function (j) {
          status.textContent = "Not moved: " + j.detail;
          status.hidden = false;
          status.focus();
        });
      }).catch(function () {
        status.textContent = "Not moved: the server could not be reached";
        status.hidden = false;
      });
      dragged = null;
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (b) {
      if (b.dataset.ready) return;
      b.dataset.ready = "1";
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpUpload();
    if (typeof htmx !== "undefined") {
      // htmx swaps in the next month or week (hx-boost): set up what it brought, and
      // move the focus to the new content for keyboard and screen-reader users.
      htmx.onLoad(function (content) {
        setUpPrint();
        drawCharts(content);
        drawProgress(content);
        setUpCalendar();
      });
      document.body.addEventListener("htmx:afterSettle", function () {
        var main = document.getElementById("main");
        if (main) main.focus();
      });
    } else {
      setUpPrint();
      drawCharts(document);
      drawProgress(document);
      setUpCalendar();
    }
  });
})();
