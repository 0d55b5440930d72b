"""The report page and its per-report downloads (parse JSON, original), gzip-compressed.

The files beside a report page are stored compressed (the site must stay under
GitHub Pages' 1 GB at national scale): ``{rid}.json.gz`` and, for a text
original, ``original.<ext>.gz``; binary originals (PDF, DOCX) are copied as they
are. The page's links carry ``data-gr-gunzip`` (the name to save as) and
``data-gr-figures-csv`` (the figures CSV, built from the JSON); the site's
downloads.js fetches, decompresses and saves them. Without JavaScript the links
download the ``.gz`` files (the page says so).
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from govreports.pages import urls
from govreports.pages.corpus import Corpus, body_tag, current_code_of, report_label
from govreports.pages.download import report_json
from govreports.pages.fulltext import fulltext_html, outline_html
from govreports.pages.html import (
    block,
    esc,
    external_link,
    front_matter,
    link,
    number,
    rel,
    table,
)  # fmt: skip
from govreports.records import ParsedReport, Report

GZ = ".gz"
TEXT_ORIGINALS = {".txt", ".html", ".htm"}  # compressed; other originals are copied as is
NO_SCRIPT_NOTE = (
    '<p class="gr-muted">未启用 JavaScript 时，下载的 .gz 文件为 gzip 压缩格式，需先解压；'
    "“数值表”此时下载的是 JSON。</p>"
)


def original_name(path: Path) -> str:
    """Archived original's file name; HTML is renamed .txt so it can't run on our origin."""
    suffix = path.suffix.lower()
    return "original" + (suffix + ".txt" if suffix in (".html", ".htm") else suffix)


def compress(data: bytes) -> bytes:
    """Deterministic gzip (no timestamp): same input, same bytes (reuse links by content)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def data_file_name(report_id: str) -> str:
    """The report's parse JSON beside its page (search excerpts are cut from its body)."""
    return f"{report_id}.json{GZ}"


def write_report_files(parsed: ParsedReport, corpus: Corpus, page_dir: Path) -> list[str]:
    """Write the report's downloads next to its page; return their file names."""
    rid = parsed.report.report_id
    page_dir.mkdir(parents=True, exist_ok=True)
    names = [data_file_name(rid)]
    (page_dir / names[0]).write_bytes(compress(report_json(parsed).encode("utf-8")))
    source = corpus.originals.get(rid)
    if source is not None and source.is_file():
        name = original_name(source)
        if source.suffix.lower() in TEXT_ORIGINALS:
            name += GZ
            (page_dir / name).write_bytes(compress(source.read_bytes()))
        else:
            shutil.copyfile(source, page_dir / name)
        names.append(name)
    return names


def download_link(name: str, text: str) -> str:
    """A link to a file beside the page; a .gz one is saved decompressed by downloads.js."""
    if name.endswith(GZ):
        return link(name, text, **{"data-gr-gunzip": name.removesuffix(GZ)})
    return link(name, text)


def place_of(report: Report) -> str:
    return report.township or report.district or report.city or report.province or report.adcode or ""


def _renamed(corpus: Corpus, report: Report) -> str:
    """（今 郫都区） when the division has been renamed since the year reported on."""
    now = corpus.current_name(report)
    return f"（报告年度区划代码 <code>{esc(report.adcode)}</code>，今{esc(now)}）" if now else ""


def metadata_card(parsed: ParsedReport, corpus: Corpus, here: str, original: str | None) -> str:
    r = parsed.report
    government = current_code_of(r)
    rows = [
        ("发布机关", esc(r.issuer)),
        ("主体", f"{esc(corpus.body_name(r.body_id))}（{esc(body_tag(r))}）"),
        ("地区", link(rel(here, urls.region_url(government)), place_of(r)) + _renamed(corpus, r)
         if government else ""),
        ("年度", link(rel(here, urls.year_url(r.year)), r.year) if r.year else ""),
        ("文号", esc(r.doc_number)),
        ("成文日期", esc(r.written)),
        ("发布日期", esc(r.published)),
        ("索引号", esc(r.index_number)),
        ("发布机构", esc(r.publisher)),
        ("来源", external_link(r.source_url, r.source_site or r.source_url)),
        ("存档原件", download_link(original, "下载原件") if original else esc(r.source_file)),
        ("SHA-256", f"<code>{esc(r.source_sha256)}</code>" if r.source_sha256 else ""),
    ]  # fmt: skip
    return table(None, [(esc(k), v) for k, v in rows if v], "基本信息", "gr-card")


def indicators_table(parsed: ParsedReport, corpus: Corpus, here: str) -> str:
    rows = []
    for value in parsed.indicator_values:
        meta = corpus.indicator_rows.get(value.indicator, {})
        label = meta.get("label_zh") or value.indicator
        approx = "约" if value.approx else ""
        shown = f"{approx}{number(value.value)} {value.unit}".strip()
        rows.append((
            link(rel(here, urls.indicator_url(value.indicator)), label),
            link(f"#fig-{value.figure_id}", shown, title="在全文中查看原句"),
        ))  # fmt: skip
    if not rows:
        return "<p>未识别出关键指标。</p>"
    return table(["指标", "数值（点击查看原句）"], rows, "关键指标")


def downloads_list(names: list[str]) -> str:
    """The 下载 list: figures CSV (built from the JSON in the browser), JSON, original."""
    items = []
    for name in names:
        if name.startswith("original"):
            items.append(download_link(name, "存档原件"))
        else:
            csv_name = name.removesuffix(".json" + GZ) + "-figures.csv"
            items.append(link(name, "数值表 (CSV)", **{"data-gr-figures-csv": csv_name}))
            items.append(download_link(name, "完整解析结果 (JSON)"))
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>\n" + NO_SCRIPT_NOTE


def report_page(parsed: ParsedReport, corpus: Corpus, files: list[str]) -> str:
    r = parsed.report
    here = urls.report_url(r)
    original = next((n for n in files if n.startswith("original")), None)
    title = r.title or report_label(r)
    description = f"{report_label(r)}法治政府建设年度报告：基本信息、关键指标与全文。"
    figure_ids = {v.figure_id for v in parsed.indicator_values}
    html = block(
        f"<h1>{esc(title)}</h1>",
        metadata_card(parsed, corpus, here, original),
        '<h2 id="downloads">下载</h2>',
        downloads_list(files),
        '<h2 id="indicators">关键指标</h2>',
        indicators_table(parsed, corpus, here),
        '<h2 id="outline">目录</h2>',
        outline_html(parsed.sections),
        '<h2 id="fulltext">全文</h2>',
        f'<div class="gr-fulltext">\n{fulltext_html(parsed, figure_ids)}\n</div>',
    )
    return front_matter(report_label(r), description) + html
