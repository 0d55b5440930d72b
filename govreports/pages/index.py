"""Ways in: home, province and year indexes, region pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from govreports.pages import urls
from govreports.pages.chart import sparkline
from govreports.pages.corpus import Corpus, display_place, report_label
from govreports.pages.html import block, esc, front_matter, link, number, rel, table
from govreports.records import ParsedReport

Page = tuple[str, str]  # (site URL, Markdown)
NEWEST = 10


def report_list(reports: list[ParsedReport], here: str) -> str:
    items = "\n".join(
        f"<li>{link(rel(here, urls.report_url(p.report)), report_label(p.report))}"
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


def region_pages(corpus: Corpus) -> Iterator[Page]:
    for adcode, reports in corpus.by_region.items():
        here = urls.region_url(adcode)
        name = corpus.region_name(adcode)
        place = display_place(reports[-1].report)
        html = block(
            f"<h1>{esc(place)}</h1>",
            f"<p>行政区划代码 <code>{esc(adcode)}</code>。</p>",
            '<h2 id="reports">各年度报告</h2>',
            report_list(list(reversed(reports)), here),
            '<h2 id="indicators">指标历年变化</h2>',
            region_indicator_table(corpus, reports, here),
        )
        yield here, front_matter(place or name, f"{place}历年法治政府建设年度报告与指标。") + html


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
