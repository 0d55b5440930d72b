/* The header search box: Pagefind's API (site/pagefind/{year}/, built by govreports/search.py),
   loaded on first focus; no third-party code. Results are built as DOM nodes:
   report text reaches the page only as text and <mark>. */
(() => {
  const root = document.querySelector("[data-gr-search]");
  if (!root) return;
  const input = root.querySelector("input");
  const panel = root.querySelector(".gr-search__panel");
  const list = root.querySelector(".gr-search__list");
  const status = root.querySelector(".gr-search__status");
  const selects = [...root.querySelectorAll("select[data-filter]")];
  const bundle = new URL(root.dataset.grSearch, location.href);
  const SHOWN = 10;
  let loading = null;

  // One Pagefind bundle per report year (pagefind/{year}/), listed newest first in
  // pagefind/years.json: the newest is the primary index, the others are merged into it,
  // so a query and the filters span every year.
  const options = { baseUrl: new URL("..", bundle).pathname, excerptLength: 40 };
  const load = () => loading ??= (async () => {
    const years = await (await fetch(new URL("years.json", bundle))).json();
    const shard = (year) => new URL(`${encodeURIComponent(year)}/`, bundle);
    const pf = await import(new URL("pagefind.js", shard(years[0])).href);
    await pf.options(options);
    await Promise.all(years.slice(1).map((year) => pf.mergeIndex(shard(year).pathname, options)));
    pf.filters().then(fillFilters);  // not awaited: the first query must not wait for them
    return pf;
  })();

  function fillFilters(filters) {
    for (const select of selects) {
      const counts = filters[select.dataset.filter] || {};
      for (const value of Object.keys(counts).sort().reverse()) {
        select.append(new Option(`${value}（${counts[value]}）`, value));
      }
    }
  }

  const clean = (text) => text.replace(/\u200b/g, "");

  function excerptNodes(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");  // inert document
    return [...doc.body.childNodes].map((node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(clean(node.textContent));
      const mark = document.createElement("mark");
      mark.textContent = clean(node.textContent);
      return mark;
    });
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "gr-search__result";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = clean(data.meta.title || data.url);
    const excerpt = document.createElement("p");
    excerpt.append(...excerptNodes(data.excerpt || ""));
    li.append(link, excerpt);
    return li;
  }

  const show = (open) => { panel.hidden = !open; };

  async function run() {
    const query = input.value.trim();
    const pf = await load();
    if (!query) { show(false); return; }
    const filters = Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.dataset.filter, s.value]));
    const found = await pf.debouncedSearch(query, { filters }, 60);
    if (found === null || query !== input.value.trim()) return;  // superseded by a newer query
    const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    list.replaceChildren(...data.map(item));
    const total = found.results.length;
    status.textContent = total ? `找到 ${total} 份报告${total > SHOWN ? `，显示前 ${SHOWN} 份` : ""}` : "没有找到匹配的报告";
    show(true);
  }

  function move(step) {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    const next = at + step;
    if (next < 0) input.focus();
    else if (links[next]) links[next].focus();
  }

  input.addEventListener("focus", () => load());
  input.addEventListener("click", () => { if (input.value.trim() && list.childElementCount) show(true); });
  input.addEventListener("input", (e) => { if (!e.isComposing) run(); });
  input.addEventListener("compositionend", run);
  selects.forEach((s) => s.addEventListener("change", run));
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { show(false); input.focus(); }
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); move(e.key === "ArrowDown" ? 1 : -1); }
  });
  document.addEventListener("click", (e) => { if (!root.contains(e.target)) show(false); });
})();
