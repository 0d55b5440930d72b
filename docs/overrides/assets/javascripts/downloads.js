/* Per-report downloads (govreports/pages_report.py): the files beside a report page are
   gzip-compressed. A click on a[data-gr-gunzip] saves the file decompressed under that name;
   a[data-gr-figures-csv] (href: the report's .json.gz) saves the figures CSV, built from the
   JSON exactly as govreports/pages_download.py figures_csv() writes it. Without JavaScript
   (or DecompressionStream) the links download the .gz files. Nothing is put into the page. */
(function () {
  "use strict";
  // pages_download.CSV_FIELDS; report_id comes from the report, raw from the body if null.
  var CSV_FIELDS = ["report_id", "figure_id", "value", "unit", "approx", "kind", "raw", "subject",
    "section_id", "char_start", "char_end", "indicator"];

  function save(parts, name, type) {
    var url = URL.createObjectURL(new Blob(parts, { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // Python's float repr and JavaScript's Number#toString give the same shortest digits;
  // both are written out in positional notation (pages_download.plain_number).
  // toString uses an exponent only below 1e-6 and from 1e21 (at most 17 digits).
  function plainNumber(n) {
    if (n === 0) return "0";
    var text = String(n);
    var m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
    if (!m) return text;
    var digits = m[2] + (m[3] || ""), point = 1 + parseInt(m[4], 10);
    if (point <= 0) return m[1] + "0." + "0".repeat(-point) + digits;
    return m[1] + digits + "0".repeat(point - digits.length);
  }

  function cell(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "boolean") return value ? "true" : "false";
    var text = typeof value === "number" ? plainNumber(value) : String(value);
    // Python csv, QUOTE_MINIMAL with lineterminator "\r\n".
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function figuresCsv(data) {
    var body = data.body;
    // Offsets count code points (Python); index by code point only if the body needs it.
    var points = /[\uD800-\uDFFF]/.test(body) ? Array.from(body) : null;
    function slice(start, end) {
      return points ? points.slice(start, end).join("") : body.slice(start, end);
    }
    var cols = data.figures.fields;
    var lines = [CSV_FIELDS.map(cell).join(",")];
    data.figures.rows.forEach(function (row) {
      var figure = { report_id: data.report.report_id };
      cols.forEach(function (name, i) { figure[name] = row[i]; });
      if (figure.raw === null) figure.raw = slice(figure.char_start, figure.char_end);
      lines.push(CSV_FIELDS.map(function (name) { return cell(figure[name]); }).join(","));
    });
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }

  function download(link) {
    var href = link.href;
    return window.grFetchBytes(href).then(function (bytes) {  // gunzip.js
      var csvName = link.getAttribute("data-gr-figures-csv");
      if (csvName) {
        var data = JSON.parse(new TextDecoder("utf-8").decode(bytes));
        save([figuresCsv(data)], csvName, "text/csv;charset=utf-8");
      } else {
        save([bytes], link.getAttribute("data-gr-gunzip"), "application/octet-stream");
      }
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element &&
      event.target.closest("a[data-gr-gunzip], a[data-gr-figures-csv]");
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (typeof DecompressionStream === "undefined" || !window.fetch) return;  // the .gz itself
    event.preventDefault();
    download(link).catch(function (error) {
      console.error("download failed, fetching the compressed file:", error);
      window.location.href = link.href;
    });
  });
})();
