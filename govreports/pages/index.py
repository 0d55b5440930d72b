"""Ways in: home, province and year indexes, region pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from govreports.bodies import level_label
from govreports.pages import urls
from govreports.pages.chart import sparkline
from govreports.pages.corpus import Corpus, body_tag, current_code_of, display_place, report_label
from govreports.pages.html import block, esc, front_matter, link, number, rel, table
from govreports.records import ParsedReport, Region

Page = tuple[str, str]  # (site URL, Markdown)
NEWEST = 10


def report_list(reports: list[ParsedReport], here: str) -> str:
    items = "\n".join(
        f"<li>{link(rel(here, urls.report_url(p.report)), report_label(p.report))}"
        f' <span class="gr-tag">{esc(body_tag(p.report))}</span>'
        f'<br><span class="gr-muted">{esc(p.report.title)}</span></li>'
        for p in reports
    )
    return f'<ul class="gr-reports">\n{items}\n</ul>'


def _links(here: str, targets: list[tuple[str, str]]) -> str:
    items = "".join(f"<li>{link(rel(here, url), text)}</li>" for url, text in targets)
    return f'<ul class="gr-inline">{items}</ul>'


def provinces(corpus: Corpus) -> dict[str, list[str]]:
    """Province adcode → adcodes of regions with reports in it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for adcode in sorted(corpus.by_region):
        groups[urls.province_adcode(adcode)].append(adcode)
    return dict(sorted(groups.items()))


def province_targets(corpus: Corpus) -> list[tuple[str, str]]:
    return [(urls.province_url(code), _province_name(corpus, code)) for code in provinces(corpus)]


def _province_name(corpus: Corpus, code: str) -> str:
    region = corpus.regions.get(code)
    if region is not None:
        return region.name
    members = corpus.by_region.get(next(iter(provinces(corpus).get(code, [])), ""), [])
    return next((p.report.province for p in members if p.report.province), code)


def home_page(corpus: Corpus) -> Page:
    years = list(corpus.by_year)
    counts = (
        f"<p>目前收录 <strong>{len(corpus.reports)}</strong> 份报告，覆盖 "
        f"<strong>{len(corpus.by_region)}</strong> 个地区、<strong>{len(years)}</strong> 个年度。"
        "使用页面顶部的搜索框可全文检索（如“行政复议”“出庭应诉率”或地区名）。</p>"
    )
    html = block(
        "<h1>法治政府建设年度报告开放数据</h1>",
        "<p>本站把各地人民政府公开发布的《法治政府建设年度报告》整理为可检索的网页和开放数据："
        "每份报告的基本信息、关键指标（均链接到原文句子）和全文。</p>",
        counts,
        '<h2 id="newest">最新收录</h2>',
        report_list(corpus.newest(NEWEST), urls.HOME),
        '<h2 id="by-province">按省份浏览</h2>',
        _links(urls.HOME, province_targets(corpus)),
        '<h2 id="by-year">按年度浏览</h2>',
        _links(urls.HOME, [(urls.year_url(y), f"{y} 年度") for y in years]),
        '<h2 id="more">更多</h2>',
        _links(urls.HOME, [(urls.INDICATORS, "全部指标"), (urls.DATA, "下载数据"),
                           (urls.QUALITY, "数据质量"), (urls.ABOUT, "关于与方法")]),
    )  # fmt: skip
    description = "各地法治政府建设年度报告的全文检索、关键指标与开放数据下载。"
    return urls.HOME, front_matter("首页", description) + html


def province_pages(corpus: Corpus) -> Iterator[Page]:
    targets = province_targets(corpus)
    yield (
        urls.PROVINCES,
        front_matter("按省份浏览", "按省份浏览收录的报告。")
        + block("<h1>按省份浏览</h1>", _links(urls.PROVINCES, targets)),
    )
    for (here, name), members in zip(targets, provinces(corpus).values(), strict=True):
        regions = [(urls.region_url(code), corpus.region_name(code)) for code in members]
        reports = [p for code in members for p in corpus.by_region[code]]
        html = block(
            f"<h1>{esc(name)}</h1>",
            '<h2 id="regions">地区</h2>', _links(here, regions),
            '<h2 id="reports">报告</h2>', report_list(reports, here),
        )  # fmt: skip
        yield here, front_matter(name, f"{name}各地区的法治政府建设年度报告。") + html


def year_pages(corpus: Corpus) -> Iterator[Page]:
    years = [(urls.year_url(y), f"{y} 年度") for y in corpus.by_year]
    yield (
        urls.YEARS,
        front_matter("按年度浏览", "按年度浏览收录的报告。")
        + block("<h1>按年度浏览</h1>", _links(urls.YEARS, years)),
    )
    for year, reports in corpus.by_year.items():
        here = urls.year_url(year)
        html = block(f"<h1>{year} 年度报告</h1>", report_list(reports, here))
        yield here, front_matter(f"{year} 年度", f"{year} 年度法治政府建设年度报告。") + html


GROUPS = (("department", "部门"), ("zone", "园区"), ("township", "乡镇街道"))


def region_pages(corpus: Corpus) -> Iterator[Page]:
    """A page per government: its own reports year by year and their indicators; its
    departments', zones' and townships' reports listed apart, grouped, never in its series."""
    townships = _townships_by_parent(corpus)
    for adcode, reports in corpus.by_region.items():
        here = urls.region_url(adcode)
        own = [p for p in reports if p.report.body_id == adcode]
        others = [p for p in reports if p.report.body_id != adcode]
        place = _place_name(corpus, adcode, reports)
        html = block(
            f"<h1>{esc(place)}</h1>",
            _region_facts(corpus, adcode, here),
            '<h2 id="reports">本级政府各年度报告</h2>',
            report_list(list(reversed(own)), here) if own else "<p>暂未收录本级政府的报告。</p>",
            '<h2 id="indicators">指标历年变化</h2>',
            region_indicator_table(corpus, own, here),
            _other_bodies(corpus, others, townships.get(adcode, []), here),
        )
        yield here, front_matter(place or adcode, f"{place}历年法治政府建设年度报告与指标。") + html
    for adcode, reports in corpus.renamed.items():
        here = urls.region_url(adcode)
        current = current_code_of(reports[-1].report)
        name = corpus.region_name(adcode)
        now = corpus.region_name(current)
        html = block(
            f"<h1>{esc(name)}</h1>",
            f"<p>行政区划代码 <code>{esc(adcode)}</code>。{esc(name)}已更名或撤并，现为 "
            f"{link(rel(here, urls.region_url(current)), now)}（<code>{esc(current)}</code>），"
            "其历年报告见该页。</p>",
            f'<h2 id="reports">以“{esc(name)}”名义发布的报告</h2>',
            report_list(list(reversed(reports)), here),
        )  # fmt: skip
        yield here, front_matter(name, f"{name}（现{now}）的法治政府建设年度报告。") + html


def _place_name(corpus: Corpus, adcode: str, reports: list[ParsedReport]) -> str:
    """省 市 区 (乡镇) of the government, by today's name."""
    region = corpus.regions.get(adcode)
    if region is None:
        own = [p for p in reports if p.report.body_id == adcode]
        return display_place((own or reports)[-1].report)
    parts: list[str] = []
    for part in (region.province, region.city, _county_name(corpus, region), region.name):
        if part and part not in parts:
            parts.append(part)
    return "".join(parts)


def _county_name(corpus: Corpus, region: Region) -> str | None:
    if region.level != "township" or not region.parent:
        return None
    parent = corpus.regions.get(region.parent)
    return parent.name if parent else None


def _region_facts(corpus: Corpus, adcode: str, here: str) -> str:
    region = corpus.regions.get(adcode)
    facts = [f"行政区划代码 <code>{esc(adcode)}</code>"]
    if region is not None:
        facts.append(f"级别：{esc(level_label(region.level))}")
        parent = corpus.regions.get(region.parent or "")
        if parent is not None:
            target = urls.region_url(parent.adcode)
            shown = link(rel(here, target), parent.name) if parent.adcode in corpus.by_region \
                else esc(parent.name)
            facts.append(f"上级：{shown}")
    former = sorted({(p.report.adcode, corpus.region_name(p.report.adcode))
                     for p in corpus.by_region.get(adcode, [])
                     if p.report.adcode and p.report.adcode != adcode
                     and len(p.report.adcode) == len(adcode)})  # fmt: skip
    if former:
        names = "、".join(f"{esc(name)}（<code>{esc(code)}</code>）" for code, name in former)
        facts.append(f"曾用名：{names}，更名前的报告也列在本页")
    return "<p>" + "；".join(facts) + "。</p>"


def _townships_by_parent(corpus: Corpus) -> dict[str, list[str]]:
    """Government code → codes of township pages under it (townships with their own code)."""
    found: dict[str, list[str]] = defaultdict(list)
    for code in corpus.by_region:
        region = corpus.regions.get(code)
        if region is not None and region.level == "township" and region.parent:
            found[region.parent].append(code)
    return found


def _group_of(parsed: ParsedReport) -> str:
    kind = parsed.report.body_kind
    return "township" if kind == "government" else kind


def _other_bodies(
    corpus: Corpus, others: list[ParsedReport], townships: list[str], here: str
) -> str:
    """部门 / 园区 / 乡镇街道: each body with links to its reports, newest first."""
    if not others and not townships:
        return ""
    parts = ['<h2 id="bodies">所属部门、园区和乡镇街道的报告</h2>',
             "<p>以下报告由本级政府的部门、园区或下辖乡镇街道发布，不计入上面的本级政府序列。</p>"]
    for group, label in GROUPS:
        bodies: dict[str, list[ParsedReport]] = defaultdict(list)
        for parsed in others:
            if _group_of(parsed) == group:
                bodies[parsed.report.body_id].append(parsed)
        items = [_body_item(corpus, body_id, reports, here) for body_id, reports in sorted(bodies.items())]
        if group == "township":
            items += [_township_item(corpus, code, here) for code in sorted(townships)]
        if items:
            parts.append(f'<h3 id="{group}">{label}</h3>')
            parts.append('<ul class="gr-bodies">' + "".join(items) + "</ul>")
    return "\n".join(parts)


def _body_item(corpus: Corpus, body_id: str, reports: list[ParsedReport], here: str) -> str:
    years = "、".join(link(rel(here, urls.report_url(p.report)), f"{p.report.year or '年度不详'}")
                     for p in reversed(reports))  # fmt: skip
    return f"<li>{esc(corpus.body_name(body_id))}：{years}</li>"


def _township_item(corpus: Corpus, code: str, here: str) -> str:
    reports = [p for p in corpus.by_region.get(code, []) if p.report.body_id == code]
    name = corpus.region_name(code)
    years = "、".join(link(rel(here, urls.report_url(p.report)), f"{p.report.year or '年度不详'}")
                     for p in reversed(reports))  # fmt: skip
    page = link(rel(here, urls.region_url(code)), name)
    return f"<li>{page}{'：' + years if years else ''}</li>"


def region_indicator_table(corpus: Corpus, reports: list[ParsedReport], here: str) -> str:
    """Indicators (rows) × years (columns), with a sparkline per indicator."""
    years = sorted({p.report.year for p in reports if p.report.year})
    cells: dict[str, dict[int, str]] = defaultdict(dict)
    points: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for parsed in reports:
        year = parsed.report.year
        if year is None:
            continue
        for v in parsed.indicator_values:
            href = rel(here, urls.report_url(parsed.report)) + f"#fig-{v.figure_id}"
            cells[v.indicator][year] = link(href, f"{number(v.value)} {v.unit}")
            points[v.indicator].append((year, float(v.value)))
    if not cells:
        return "<p>尚未识别出指标。</p>"
    rows = []
    for code in sorted(cells):
        label = corpus.indicator_rows.get(code, {}).get("label_zh", code)
        trend = sparkline(f"{label}历年变化", sorted(points[code]))
        rows.append((link(rel(here, urls.indicator_url(code)), label),
                     *(cells[code].get(y, "") for y in years), trend))  # fmt: skip
    return table(["指标", *(f"{y}" for y in years), "趋势"], rows, cls="gr-wide")
