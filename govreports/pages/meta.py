"""Data, quality and about pages, and the Atom feed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from govreports.issues import Issue, issue_codes
from govreports.pages import urls
from govreports.pages.corpus import Corpus, body_tag, published_key, report_label
from govreports.pages.html import block, esc, front_matter, link, rel, table
from govreports.pages.text import ABOUT_HTML

Page = tuple[str, str]
FEED_ENTRIES = 50


def jsonld_script(data: object) -> str:
    """JSON-LD that can't close its <script>: '<', '>' and '&' are \\u-escaped."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def data_page(corpus: Corpus) -> Page:
    here = urls.DATA
    files = [
        (link(rel(here, d.url), d.url.rsplit("/", 1)[-1]), esc(d.label), _megabytes(d.size))
        for d in corpus.downloads
    ]
    split = any(d.url.count("/") > 1 and "/data/" not in d.url for d in corpus.downloads)
    dictionary = [
        (esc(f"{row.get('resource')}.{row.get('field')}"), esc(row.get("type")),
         esc(row.get("title")), esc(row.get("description")), esc(row.get("constraints")))
        for row in corpus.dictionary
    ]  # fmt: skip
    html = block(
        "<h1>下载数据</h1>",
        "<p>全部数据以 Frictionless 数据包发布（UTF-8 CSV + <code>datapackage.json</code>），"
        "另有 Excel 工作簿和 SQLite 数据库。列名为英文，表头含义见下方数据字典。"
        "数据库不含章节全文（sections.text），工作簿另不含各数值的原句（figures.sentence）；"
        "两者均见 CSV 与各报告页面，指标值表（indicator_values）保留原句。"
        "每份报告的页面另可下载该报告的数值表（CSV）、完整解析结果（JSON）和存档原件。</p>",
        BODIES_NOTE,
        SPLIT_NOTE if split else "",
        READING_NOTE,
        '<h2 id="files">文件</h2>',
        table(["文件", "内容", "大小"], files) if files else "<p>本次构建未生成数据文件。</p>",
        '<h2 id="dictionary">数据字典</h2>',
        table(["字段", "类型", "中文名", "说明", "约束"], dictionary, cls="gr-wide"),
        jsonld_script(corpus.jsonld) if corpus.jsonld else "",
    )
    return here, front_matter("下载数据", "数据包、CSV、Excel、SQLite 下载与数据字典。") + html


BODIES_NOTE = (
    "<p>报告主体（bodies 表）是发布报告的一级政府，或其部门、园区：政府的主体编号即其现行行政区划代码"
    "（更名前后为同一序列，如 郫县 510124 → 郫都区 510117），部门、园区另加拼音缩写（如 "
    "<code>510402-sfj</code>）；报告编号为 <code>主体编号-年度</code>。reports.adcode 是报告年度有效的"
    "区划代码（乡镇街道为九位），级别（level）是主体所属政府的级别：省级、市级、县级或乡级。"
    "行政区划表（regions）含各区划的上级（parent）、启用与停用年份及继任代码。</p>"
)

READING_NOTE = (
    "<p>用 pandas 读取时请把编号列读作文本，否则 <code>2.10</code> 这样的章节编号会变成数字："
    "<code>pd.read_csv(path, dtype={&quot;report_id&quot;: str, &quot;body_id&quot;: str, &quot;adcode&quot;: str, "
    "&quot;section_id&quot;: str, &quot;parent_id&quot;: str})</code>；"
    "或用 <code>frictionless</code> 按 <code>datapackage.json</code> 的类型读取。"
    "在 Excel 中请打开 .xlsx 工作簿（CSV 为无 BOM 的 UTF-8）。</p>"
)

SPLIT_NOTE = (
    "<p>数据量较大，按报告年度分包：每个年度包（zip）都是结构相同、可单独验证的完整数据包。"
    "“全部年度”文件为摘要（行政区划、报告主体、报告、指标、指标值、关键词、问题；不含章节与数值明细）。"
    "SQLite 数据库以 zip 压缩发布，解压后即可打开。</p>"
)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 100_000 else f"{size / 1e3:,.0f} KB"


def quality_page(corpus: Corpus) -> Page:
    """The ``issues`` resource as a page: counts per code, the inputs left out, the
    findings per report and those about the division table's sources."""
    here = urls.QUALITY
    by_id = {p.report.report_id: p.report for p in corpus.reports}
    issues = corpus.published_issues
    about_reports = [(by_id[i.report_id], i) for i in issues if i.report_id in by_id]
    failed = [i for i in issues if i.report_id is None and i.severity == "error"]
    divisions = [i for i in issues if i.report_id is None and i.severity != "error"]
    html = block(
        "<h1>数据质量</h1>",
        f"<p>成功解析 {len(corpus.reports)} 份，未能发布 {len(corpus.failures)} 份。"
        "本页即数据包中的 <code>issues</code> 表。</p>",
        '<h2 id="codes">问题类型</h2>',
        table(["问题", "严重程度", "代码", "条数"], _issue_counts(issues)),
        '<h2 id="failed">未能发布的文件</h2>',
        table(["问题", "依据"], [(esc(i.message), esc(i.evidence)) for i in failed]) if failed else "<p>无。</p>",
        '<h2 id="reports">各报告的问题</h2>',
        table(["报告", "严重程度", "字段", "说明", "依据"],
              [(link(rel(here, urls.report_url(report)), report_label(report)), SEVERITY_ZH[i.severity],
                esc(i.field or ""), esc(i.message), esc(i.evidence or "")) for report, i in about_reports],
              cls="gr-sortable gr-wide") if about_reports else "<p>无。</p>",
        '<h2 id="divisions">行政区划表的数据来源</h2>',
        table(["说明", "依据"], [(esc(i.message), esc(i.evidence or "")) for i in divisions], cls="gr-wide")
        if divisions else "<p>本站各行政区划在区划表各数据来源中说法一致。</p>",
    )  # fmt: skip
    return here, front_matter(
        "数据质量", "解析与抽取中发现的数据质量问题（issues 表），以及未能发布的文件。"
    ) + html


SEVERITY_ZH = {"info": "提示", "warning": "警告", "error": "错误"}


def _issue_counts(found: Sequence[Issue]) -> list[tuple[str, str, str, str]]:
    counts = Counter(issue.code for issue in found)
    codes = issue_codes()
    return [(esc(codes[code]["title"]), SEVERITY_ZH[codes[code]["severity"]],
             f'<code title="{esc(codes[code]["meaning"])}">{esc(code)}</code>', str(count))
            for code, count in sorted(counts.items())]  # fmt: skip


def about_page(corpus: Corpus) -> Page:
    return urls.ABOUT, front_matter("关于", "方法、局限、引用方式、许可与如何补充报告。") + block(
        ABOUT_HTML
    )


def feed_xml(corpus: Corpus, now: datetime | None = None) -> str:
    """Atom feed of reports, newest first; every text is XML-escaped.

    The feed's ``updated`` is its newest entry's, so an unchanged corpus gives
    an unchanged feed (and the incremental build has nothing to re-render).
    """
    base = corpus.site_url or ""
    newest = sorted(corpus.reports, key=published_key, reverse=True)[:FEED_ENTRIES]
    entries = [_entry(p, base) for p in newest]
    updated = (now.strftime("%Y-%m-%dT%H:%M:%SZ") if now else
               f"{_entry_day(newest[0].report) if newest else '1970-01-01'}T00:00:00Z")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh"'
        f"{' xml:base=' + quoteattr(base) if base else ''}>\n"
        "<title>法治政府建设年度报告：新收录</title>\n"
        "<id>urn:govreports:feed</id>\n"
        f"<updated>{updated}</updated>\n"
        '<link rel="self" href="feed.xml"/>\n<link href="./"/>\n'
        "<author><name>govreports</name></author>\n" + "".join(entries) + "</feed>\n"
    )


def _entry_day(report) -> str:
    return report.published or (f"{report.year + 1}-01-01" if report.year else "1970-01-01")


def _entry(parsed, base: str) -> str:
    r = parsed.report
    day = _entry_day(r)
    summary = f"{report_label(r)}（{body_tag(r)}）：{len(parsed.indicator_values)} 项指标。"
    return (
        "<entry>"
        f"<title>{xml_escape(r.title or report_label(r))}</title>"
        f"<id>urn:govreports:report:{xml_escape(r.report_id)}</id>"
        f"<link href={quoteattr(urls.report_url(r))}/>"
        f"<updated>{xml_escape(day)}T00:00:00Z</updated>"
        f"<summary>{xml_escape(summary)}</summary>"
        "</entry>\n"
    )
