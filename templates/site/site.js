// whys site: search and filters over the archive, sorting and filtering for the tables, and
// overdue marks. No library and no network, so it works from file://. Record text only ever
// reaches the page through textContent and text nodes: the script never builds HTML from text.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v === null ? cell.textContent.trim() : v;
  }

  function sortBy(table, index, type, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var factor = direction === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = type === "number" ? (parseFloat(x) || 0) - (parseFloat(y) || 0)
                                    : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      return order * factor;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", next);
        sortBy(table, index, th.getAttribute("data-type") || "text", next);
      });
    });
  }

  function wireFilter(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) return;
    var count = document.getElementById(table.id + "-count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var shown = 0;
      var text = (form.elements.text ? form.elements.text.value : "").trim().toLowerCase();
      rows.forEach(function (row) {
        var ok = !text || text.split(/\s+/).every(function (word) {
          return (row.getAttribute("data-text") || "").indexOf(word) !== -1;
        });
        Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
          var want = select.value;
          if (!want) return;
          var have = row.getAttribute("data-" + select.name);
          if (select.name === "service") {
            have = row.getAttribute("data-services") || "";
            ok = ok && have.split(" ").indexOf(want) !== -1;
          } else {
            ok = ok && have === want;
          }
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " shown";
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }

  // Overdue against --today when the site was built with it, else against the reader's date.
  function markOverdue() {
    var today = document.body.getAttribute("data-today");
    if (!today) {
      var now = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
    Array.prototype.forEach.call(document.querySelectorAll("tr[data-due]"), function (row) {
      var due = row.getAttribute("data-due");
      if (!due || due >= today || row.classList.contains("overdue")) return;
      row.classList.add("overdue");
      var flag = document.createElement("span");
      flag.className = "overdue-flag";
      flag.textContent = "overdue";
      row.cells[4].appendChild(flag);
    });
  }


  // ---- Search and filters over the whole archive (index page) -------------------------
  // The index is many small script files under search/ (see src/render/search.rs): each
  // calls whysSearch(name, data). A query loads meta.js, one term file a word, the facet
  // files when a filter is set, and the result files of the results it shows.
  var loaded = {};
  var waiting = {};
  window.whysSearch = function (name, data) { loaded[name] = data; };

  function load(root, name) {
    if (loaded[name]) return Promise.resolve(loaded[name]);
    if (waiting[name]) return waiting[name];
    waiting[name] = new Promise(function (resolve) {
      var script = document.createElement("script");
      script.src = root + "search/" + fileOf(name) + ".js";
      // A missing file (no term with that prefix) is an empty shard, not an error.
      function done() { script.remove(); delete waiting[name]; resolve(loaded[name] || null); }
      script.onload = done;
      script.onerror = done;
      document.head.appendChild(script);
    });
    return waiting[name];
  }

  // The file of a shard name: letters and digits stay, anything else becomes _<hex>_, as
  // prefix_file_name does in Rust.
  function fileOf(name) {
    var out = "";
    Array.from(name).forEach(function (c) {
      out += /^[a-z0-9-]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    });
    return out;
  }

  // Words as the index has them: runs of letters and digits, lower-cased, 2 to 40 long.
  function wordsOf(text) {
    return (text.match(/[\p{L}\p{N}]+/gu) || []).map(function (w) { return w.toLowerCase(); })
      .filter(function (w) { var n = Array.from(w).length; return n >= 2 && n <= 40; });
  }

  function termShard(word) {
    var chars = Array.from(word);
    return "t-" + chars.slice(0, 3).join("");
  }

  // Document numbers holding a term beginning with `word`, ascending.
  function docsFor(word, shard) {
    if (!shard) return [];
    var exact = Array.from(word).length < 3;
    var seen = {};
    var all = [];
    Object.keys(shard).forEach(function (term) {
      if (exact ? term !== word : term.indexOf(word) !== 0) return;
      var n = 0;
      shard[term].forEach(function (gap) {
        n += gap;
        if (!seen[n]) { seen[n] = true; all.push(n); }
      });
    });
    return all.sort(function (a, b) { return a - b; });
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  var FILTERS = ["year", "severity", "impact", "service", "tag", "status", "open"];

  function readHash() {
    var state = {};
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    params.forEach(function (value, key) { state[key] = value; });
    return state;
  }

  function wireSearch(form) {
    var root = form.getAttribute("data-search") || "";
    var results = document.getElementById("results");
    var list = document.getElementById("results-list");
    var count = document.getElementById("results-count");
    var more = document.getElementById("results-more");
    var listing = document.getElementById("listing");
    var PAGE = 20;
    var current = [];
    var shown = 0;
    var words = [];
    var run = 0;

    function state() {
      var s = {};
      var q = form.elements.q.value.trim();
      if (q) s.q = q;
      FILTERS.forEach(function (name) {
        var el = form.elements[name];
        if (!el) return;
        var v = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value;
        if (v) s[name] = v;
      });
      return s;
    }

    function setState(s) {
      form.elements.q.value = s.q || "";
      FILTERS.forEach(function (name) {
        var el = form.elements[name];
        if (!el) return;
        if (el.type === "checkbox") el.checked = s[name] === "1";
        else el.value = s[name] || "";
      });
    }

    function snippet(text) {
      var p = document.createElement("p");
      p.className = "snippet";
      if (!words.length) { p.textContent = text.slice(0, 160); return p; }
      var escaped = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
      var re = new RegExp("(?<![\\p{L}\\p{N}])(?:" + escaped.join("|") + ")[\\p{L}\\p{N}]*", "giu");
      var first = text.search(re);
      var start = Math.max(0, first - 60);
      var piece = text.slice(start, start + 220);
      if (start > 0) p.appendChild(document.createTextNode("…"));
      var last = 0, m;
      re.lastIndex = 0;
      while ((m = re.exec(piece)) !== null) {
        p.appendChild(document.createTextNode(piece.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        p.appendChild(mark);
        last = m.index + m[0].length;
        if (m[0].length === 0) re.lastIndex++;
      }
      p.appendChild(document.createTextNode(piece.slice(last)));
      if (start + 220 < text.length) p.appendChild(document.createTextNode("…"));
      return p;
    }

    function showMore(token) {
      var meta = loaded.meta;
      var next = current.slice(shown, shown + PAGE);
      var shards = {};
      next.forEach(function (d) { shards["d-" + Math.floor(d / meta.docs_per_shard)] = true; });
      return Promise.all(Object.keys(shards).map(function (s) { return load(root, s); })).then(function () {
        if (token !== run) return;
        next.forEach(function (d) {
          var shard = loaded["d-" + Math.floor(d / meta.docs_per_shard)];
          var doc = shard && shard[d % meta.docs_per_shard];
          if (!doc) return;
          // [id, title, date, severity, status, href, text], all shown as text.
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.className = "result-title";
          a.href = root + doc[5];
          a.textContent = doc[1];
          var metaLine = document.createElement("div");
          metaLine.className = "result-meta";
          var sev = document.createElement("span");
          sev.className = "badge sev";
          sev.textContent = doc[3];
          var time = document.createElement("time");
          time.textContent = doc[2];
          time.setAttribute("datetime", doc[2]);
          metaLine.appendChild(time);
          metaLine.appendChild(document.createTextNode(" · "));
          metaLine.appendChild(sev);
          metaLine.appendChild(document.createTextNode(" · " + doc[4] + " · " + doc[0]));
          li.appendChild(a);
          li.appendChild(metaLine);
          li.appendChild(snippet(doc[6]));
          list.appendChild(li);
        });
        shown += next.length;
        more.hidden = shown >= current.length;
      });
    }

    function apply() {
      var s = state();
      var hash = new URLSearchParams(s).toString();
      if (hash !== location.hash.replace(/^#/, "")) history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
      var started = performance.now();
      var token = ++run;
      words = wordsOf(s.q || "");
      var filtering = FILTERS.some(function (f) { return s[f]; });
      if (!words.length && !filtering) {
        results.hidden = true;
        listing.hidden = false;
        results.removeAttribute("data-ms");
        return Promise.resolve();
      }
      return load(root, "meta").then(function (meta) {
        if (!meta) throw new Error("search/meta.js is missing: rebuild the site with whys site");
        if (!meta.has) {
          meta.has = {};
          meta.prefixes.forEach(function (p) { meta.has["t-" + p] = true; });
        }
        // A word whose prefix has no file matches nothing; its file is not asked for.
        var needs = words.filter(function (w) { return meta.has[termShard(w)]; })
          .map(function (w) { return load(root, termShard(w)); });
        if (filtering) {
          for (var i = 0; i * meta.facets_per_shard < meta.docs; i++) needs.push(load(root, "f-" + i));
        }
        return Promise.all(needs).then(function () {
          if (token !== run) return;
          var docs = null;
          var inTitle = null;
          words.forEach(function (w) {
            var shard = loaded[termShard(w)];
            var found = docsFor(w, shard && shard.t);
            docs = docs === null ? found : intersect(docs, found);
            var titled = docsFor(w, shard && shard.h);
            inTitle = inTitle === null ? titled : intersect(inTitle, titled);
          });
          if (docs === null) { docs = []; for (var d = 0; d < meta.docs; d++) docs.push(d); }
          if (filtering) {
            var want = {
              year: s.year ? meta.years.indexOf(s.year) : null,
              severity: s.severity ? meta.severities.indexOf(s.severity) : null,
              impact: s.impact ? meta.impacts.indexOf(s.impact) : null,
              status: s.status ? meta.statuses.indexOf(s.status) : null,
              service: s.service ? meta.services.indexOf(s.service) : null,
              tag: s.tag ? meta.tags.indexOf(s.tag) : null,
            };
            docs = docs.filter(function (d) {
              var f = loaded["f-" + Math.floor(d / meta.facets_per_shard)][d % meta.facets_per_shard];
              return (want.year === null || f[0] === want.year) &&
                (want.severity === null || f[1] === want.severity) &&
                (want.impact === null || f[2] === want.impact) &&
                (want.status === null || f[3] === want.status) &&
                (!s.open || f[4] === 1) &&
                (want.service === null || f[5].indexOf(want.service) !== -1) &&
                (want.tag === null || f[6].indexOf(want.tag) !== -1);
            });
          }
          // Titles holding every word first, then the rest; newest first within each
          // (documents are numbered in record-file order).
          var titled = {};
          (inTitle || []).forEach(function (d) { titled[d] = true; });
          var first = [], rest = [];
          for (var k = docs.length - 1; k >= 0; k--) (titled[docs[k]] ? first : rest).push(docs[k]);
          current = first.concat(rest);
          shown = 0;
          list.textContent = "";
          count.textContent = current.length + " incident" + (current.length === 1 ? "" : "s") + " match";
          listing.hidden = true;
          results.hidden = false;
          return showMore(token).then(function () {
            if (token === run) results.setAttribute("data-ms", String(Math.round(performance.now() - started)));
          });
        });
      });
    }

    var timer = null;
    function later() { clearTimeout(timer); timer = setTimeout(apply, 60); }
    form.hidden = false;
    setState(readHash());
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    more.addEventListener("click", function () { showMore(run); });
    window.addEventListener("hashchange", function () { setState(readHash()); apply(); });
    apply();
    // The first search should not wait for meta.js: load it while the reader starts typing.
    load(root, "meta");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-search]"), wireSearch);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), wireFilter);
  markOverdue();
})();
