"""Indicator pages: one indicator across all regions and years."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from govreports.pages import urls
from govreports.pages.chart import bar_chart
from govreports.pages.corpus import Corpus, display_place
from govreports.pages.html import block, esc, front_matter, link, number, rel, table
from govreports.records import IndicatorValue, ParsedReport

Page = tuple[str, str]
CHART_BARS = 20

METHOD = (
    "<p>抽取方法：先把正文中的每个“数值 + 单位”（如“52件”“100%”“1800余份”）识别为数值，"
    "记录其所在句子和位置；再按指标词表（<code>govreports/data/indicators.csv</code> "
    "及抽取规则）匹配句子中的关键词，把数值归入本指标。“约”表示原文带有“余、多、近、约、左右”等。"
    "每个数值都链接到原文句子，便于核对。</p>"
)


def values_of(corpus: Corpus, code: str) -> list[tuple[ParsedReport, IndicatorValue]]:
    """All (report, value) pairs of one indicator, largest value first."""
    return corpus.by_indicator.get(code, [])


def indicator_list_page(corpus: Corpus) -> Page:
    here = urls.INDICATORS
    counts = {code: len(values_of(corpus, code)) for code in corpus.indicator_rows}
    rows = [
        (link(rel(here, urls.indicator_url(code)), row.get("label_zh", code)),
         esc(row.get("unit")), esc(row.get("group")), str(counts[code]))
        for code, row in corpus.indicator_rows.items()
    ]  # fmt: skip
    html = block(
        "<h1>全部指标</h1>",
        table(["指标", "单位", "类别", "报告数"], rows, cls="gr-sortable"),
    )
    return here, front_matter("全部指标", "法治政府建设年度报告中可比较的指标一览。") + html


def indicator_page(corpus: Corpus, code: str, meta: Mapping[str, str]) -> Page:
    here = urls.indicator_url(code)
    label = meta.get("label_zh") or code
    pairs = values_of(corpus, code)
    rows = [
        (link(rel(here, urls.report_url(p.report)), display_place(p.report)),
         esc(p.report.year),
         link(rel(here, urls.report_url(p.report)) + f"#fig-{v.figure_id}",
              ("约" if v.approx else "") + number(v.value)),
         esc(v.unit))
        for p, v in pairs
    ]  # fmt: skip
    bars = [(f"{display_place(p.report)} {p.report.year}", float(v.value)) for p, v in pairs]
    html = block(
        f"<h1>{esc(label)}</h1>",
        f'<p lang="en">{esc(meta.get("label_en"))}</p>',
        f"<p>定义：{esc(meta.get('definition'))}</p>",
        f"<p>单位：{esc(meta.get('unit'))}；代码：<code>{esc(code)}</code>。</p>",
        METHOD,
        '<h2 id="chart">图表</h2>',
        bar_chart(f"{label}（前 {CHART_BARS} 名）", bars[:CHART_BARS], meta.get("unit", ""), "chart")
        if bars else "<p>暂无数据。</p>",
        '<h2 id="table">各地区、各年度数值</h2>',
        "<p>点击数值可在报告全文中查看原句；原句也在数据包的 indicator_values 表中。</p>" if rows else "",
        table(["地区", "年度", "数值", "单位"], rows, cls="gr-sortable")
        if rows else "<p>暂无数据。</p>",
    )  # fmt: skip
    description = f"{label}：各地区、各年度的数值、定义与抽取方法。"
    return here, front_matter(label, description) + html


def indicator_pages(corpus: Corpus) -> Iterator[Page]:
    yield indicator_list_page(corpus)
    for code, meta in corpus.indicator_rows.items():
        yield indicator_page(corpus, code, meta)
