/* The header search box over the site's own bigram index (site/search/, built by
   govreports/search.py, whose module docstring describes the files). A query matches the
   reports that contain every pair of adjacent word characters in it; they are ranked by
   BM25 weights, newest first on a tie. Titles appear as soon as they are known; excerpts
   are cut from each report's data file afterwards. Results are built as DOM nodes:
   report text reaches the page only as text and <mark>. No third-party code. */
(() => {
  const root = document.querySelector("[data-gr-search]");
  if (!root) return;
  const input = root.querySelector("input");
  const panel = root.querySelector(".gr-search__panel");
  const list = root.querySelector(".gr-search__list");
  const status = root.querySelector(".gr-search__status");
  const selects = [...root.querySelectorAll("select[data-filter]")];
  const base = new URL(root.dataset.grSearch, location.href);  // site/search/
  const site = new URL("..", base);
  const FACETS = ["province", "year", "level", "kind"];
  const SHOWN = 10;
  const EXCERPT = 40;  // characters around the first match
  const cache = new Map();  // URL → promise of its (decompressed) bytes
  let meta = null;
  let generation = 0;

  function bytes(url) {  // gunzip.js
    if (!cache.has(url.href)) cache.set(url.href, window.grFetchBytes(url));
    return cache.get(url.href);
  }
  const json = async (url) => JSON.parse(new TextDecoder().decode(await bytes(url)));

  const load = () => meta ??= (async () => {
    const index = await json(new URL("index.json", base));
    fillFilters(index.facets);
    return index;
  })();

  function fillFilters(facets) {
    for (const select of selects) {
      for (const [value, count] of facets[select.dataset.filter] || []) {
        select.append(new Option(`${value}（${count}）`, value));
      }
    }
  }

  // The same rules as govreports.search.pairs: NFKC, lower case, pairs of word characters.
  const isWord = (cp) => (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff)
    || (cp >= 0x20000 && cp <= 0x323af) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a);

  function pairsOf(query) {
    const found = new Map();
    let previous = null;
    for (const ch of query.normalize("NFKC").toLowerCase()) {
      const cp = ch.codePointAt(0);
      if (!isWord(cp)) { previous = null; continue; }
      if (previous !== null) found.set(`${previous},${cp}`, [previous, cp]);
      previous = cp;
    }
    return [...found.values()];
  }

  function shardOf(first, second, shards) {  // govreports.search.shard_of
    let h = (Math.imul(first, 0x9e3779b1) ^ second) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return ((h ^ (h >>> 16)) >>> 0) % shards;
  }

  async function postings([first, second], index) {
    const data = await bytes(new URL(`t/${shardOf(first, second, index.shards)}.gz`, base));
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let at = 4;
    for (let t = view.getUint32(0, true); t > 0; t--) {
      const df = view.getUint32(at + 8, true);
      const size = view.getUint32(at + 12, true);
      const match = view.getUint32(at, true) === first && view.getUint32(at + 4, true) === second;
      at += 16;
      if (match) {
        const docs = new Uint32Array(df);
        let doc = 0, value = 0, shift = 0, n = 0;
        for (let i = at; i < at + size; i++) {
          value += (data[i] & 0x7f) * 2 ** shift;
          shift += 7;
          if (data[i] < 0x80) { doc += value; docs[n++] = doc; value = 0; shift = 0; }
        }
        return { docs, weights: data.subarray(at + size, at + size + df) };
      }
      at += size + df;
    }
    return { docs: new Uint32Array(0), weights: new Uint8Array(0) };
  }

  async function matches(query, filters, index) {
    const keys = pairsOf(query);
    if (!keys.length || !index.docs) return [];
    const [lists, facets] = await Promise.all([
      Promise.all(keys.map((key) => postings(key, index))),
      filters.length ? bytes(new URL("facets.gz", base)) : null,
    ]);
    const score = new Float64Array(index.docs);
    const hits = new Uint8Array(index.docs);
    for (const { docs, weights } of lists) {
      const idf = Math.log(1 + (index.docs - docs.length + 0.5) / (docs.length + 0.5));
      docs.forEach((doc, i) => { score[doc] += idf * weights[i] / 255; hits[doc]++; });
    }
    const wanted = filters.map(([name, value]) =>
      [FACETS.indexOf(name) * index.docs, (index.facets[name] || []).findIndex(([v]) => v === value)]);
    if (wanted.some(([, code]) => code < 0)) return [];  // a value no report has
    const found = [];
    for (let doc = 0; doc < index.docs; doc++) {
      if (hits[doc] === keys.length && wanted.every(([offset, code]) => facets[offset + doc] === code)) {
        found.push(doc);
      }
    }
    return found.sort((a, b) => score[b] - score[a] || a - b);
  }

  async function describe(doc, index) {
    const rows = await json(new URL(`d/${Math.floor(doc / index.chunk)}.gz`, base));
    const [url, title, label, data] = rows[doc % index.chunk];
    return { url: new URL(url, site), title, label, data: new URL(data, new URL(url, site)) };
  }

  const clean = (text) => text.replace(/\s+/g, " ");

  function excerptNodes(body, query) {
    const needles = [query, ...pairsOf(query).map(([a, b]) => String.fromCodePoint(a, b))];
    const lower = body.toLowerCase();
    let at = -1, length = 0;
    for (const needle of needles) {
      at = lower.indexOf(needle.toLowerCase());
      if (at >= 0) { length = needle.length; break; }
    }
    if (at < 0) return [document.createTextNode(clean(body.slice(0, EXCERPT * 2)) + "…")];
    const start = Math.max(0, at - EXCERPT), end = Math.min(body.length, at + length + EXCERPT);
    const mark = document.createElement("mark");
    mark.textContent = body.slice(at, at + length);
    return [
      document.createTextNode((start > 0 ? "…" : "") + clean(body.slice(start, at))),
      mark,
      document.createTextNode(clean(body.slice(at + length, end)) + (end < body.length ? "…" : "")),
    ];
  }

  function item(result) {
    const li = document.createElement("li");
    li.className = "gr-search__result";
    const link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.title;
    const where = document.createElement("span");
    where.className = "gr-search__where";
    where.textContent = result.label;
    const excerpt = document.createElement("p");
    li.append(link, where, excerpt);
    return [li, excerpt];
  }

  async function fillExcerpt(paragraph, result, query) {
    try {
      const report = await json(result.data);
      paragraph.replaceChildren(...excerptNodes(report.body || "", query));
    } catch {
      paragraph.remove();  // the report's data file is missing: the title is still shown
    }
  }

  const show = (open) => { panel.hidden = !open; };

  async function run() {
    const query = input.value.trim();
    const mine = ++generation;
    const index = await load();
    if (mine !== generation) return;  // superseded by a newer query
    if (!query) { show(false); return; }
    if (!pairsOf(query).length) {
      list.replaceChildren();
      status.textContent = "请至少输入两个连续的汉字、字母或数字";
      show(true);
      return;
    }
    const filters = selects.filter((s) => s.value).map((s) => [s.dataset.filter, s.value]);
    const found = await matches(query, filters, index);
    const results = await Promise.all(found.slice(0, SHOWN).map((doc) => describe(doc, index)));
    if (mine !== generation) return;
    const items = results.map(item);
    list.replaceChildren(...items.map(([li]) => li));
    const total = found.length;
    status.textContent = total ? `找到 ${total} 份报告${total > SHOWN ? `，显示前 ${SHOWN} 份` : ""}` : "没有找到匹配的报告";
    show(true);
    items.forEach(([, paragraph], i) => fillExcerpt(paragraph, results[i], query));
  }

  let timer = 0;
  const schedule = () => { clearTimeout(timer); timer = setTimeout(run, 60); };

  function move(step) {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    const next = at + step;
    if (next < 0) input.focus();
    else if (links[next]) links[next].focus();
  }

  input.addEventListener("focus", () => load());
  input.addEventListener("click", () => { if (input.value.trim() && list.childElementCount) show(true); });
  input.addEventListener("input", (e) => { if (!e.isComposing) schedule(); });
  input.addEventListener("compositionend", schedule);
  selects.forEach((s) => s.addEventListener("change", run));
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { show(false); input.focus(); }
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); move(e.key === "ArrowDown" ? 1 : -1); }
  });
  document.addEventListener("click", (e) => { if (!root.contains(e.target)) show(false); });
})();
