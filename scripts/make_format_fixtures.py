"""Generate the ingest format fixtures in ``tests/fixtures/formats/``.

Every fixture renders the bundled report ``reports/panzhihua-dongqu-2024.txt``
in another shape that real reports arrive in, so a test can check that each
format decodes to the same body and header lines:

* ``dongqu-gbk.txt`` / ``dongqu-utf8-bom.txt``: the plain copy re-encoded;
* ``dongqu.html`` (UTF-8, ``<meta charset>``) and ``dongqu-gbk.html`` (GBK,
  ``http-equiv`` content-type): a government article page with nav bar,
  breadcrumb, sidebar, metadata table, info bar, share links and footer;
* ``dongqu.docx``: title, header lines, metadata table, one paragraph each;
* ``dongqu.pdf``: drawn with reportlab's built-in CID font STSong-Light, text
  wrapped to the page width (lines break mid-sentence), page numbers;
* ``dongqu-pdf-artifacts.txt``: what a PDF text layer often looks like —
  Kangxi/CJK radical code points, spaces around digits, lines wrapped
  mid-sentence and a form feed with page numbers between pages.

It also writes the bad inputs in ``tests/fixtures/bad/`` that ingest must
reject with ``UnreadableInput``.

Run from the repository root: ``python scripts/make_format_fixtures.py``.
The output is committed; rerun only when changing the fixtures.
"""

from __future__ import annotations

import html
import io
import random
import re
import zipfile
from pathlib import Path

from docx import Document as DocxDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "panzhihua-dongqu-2024.txt"
OUT = ROOT / "tests" / "fixtures" / "formats"
BAD = ROOT / "tests" / "fixtures" / "bad"

TITLE = "攀枝花市东区人民政府 关于2024年度法治政府建设工作情况的报告"
INFO = "发布时间:2025-03-17 来源:攀枝花市东区人民政府办公室"
META = [  # (label, value) as in the page's 政府信息公开 metadata block
    ("索 引 号", "008320033/2025-00070"),
    ("发布机构", "攀枝花市东区人民政府办公室"),
    ("成文日期", "2025-02-28"),
    ("发布日期", "2025-03-17"),
    ("文 号", "攀东府〔2025〕9号"),
    ("公文种类", ""),
]
FONT = "STSong-Light"
NO_LINE_START = set(",。、;:!?)》”’〕")  # kinsoku: never start a line with these


def body_lines() -> list[str]:
    """The report's paragraphs after its 8 header lines (title, info, metadata)."""
    return REPORT.read_text(encoding="utf-8").splitlines()[8:]


def header_lines() -> list[str]:
    return [TITLE, INFO] + [f"{label}:{value}" for label, value in META]


def write_plain() -> None:
    text = REPORT.read_text(encoding="utf-8")
    (OUT / "dongqu-gbk.txt").write_bytes(text.encode("gb18030"))
    (OUT / "dongqu-utf8-bom.txt").write_bytes(text.encode("utf-8-sig"))


def html_page(charset_tag: str) -> str:
    meta_rows = "".join(
        f"<tr><td class='label'>{a}:</td><td>{html.escape(b)}</td>"
        f"<td class='label'>{c}:</td><td>{html.escape(d)}</td></tr>\n"
        for (a, b), (c, d) in zip(META[::2], META[1::2])
    )
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body_lines())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset_tag}
<title>{TITLE}_攀枝花市东区人民政府</title>
<meta property="og:title" content="{TITLE}">
<link rel="canonical" href="https://www.panzhihua.gov.cn/zwgk/fdzdgknr/fzzfjs/t20250317_4521.html">
<style>body {{ font-family: SimSun; }} .nav li {{ display: inline; }}</style>
<script>var _hmt = _hmt || []; document.write("<span>统计</span>");</script>
</head>
<body>
<div class="topbar"><a href="#">设为首页</a> | <a href="#">加入收藏</a> |
<a href="#">无障碍阅读</a> | <a href="#">长者版</a></div>
<div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li>
<li><a href="/zjdq">走进东区</a></li></ul></div>
<div class="breadcrumb">您当前的位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a>
&gt; <a href="/zwgk/fzzfjs">法治政府建设</a> &gt; 正文</div>
<div class="sidebar"><h3>相关链接</h3><ul>
<li><a href="/a1">东区召开区政府常务会议</a></li><li><a href="/a2">东区开展安全生产大检查</a></li>
<li><a href="/a3">关于征集2025年民生实事项目的公告</a></li></ul></div>
<div class="main">
<table class="xxgk_table">
{meta_rows}</table>
<h1>{TITLE}</h1>
<div class="info"><span>发布时间:2025-03-17</span>&nbsp;&nbsp;<span>来源:攀枝花市东区人民政府办公室</span>
<span>选择阅读字号:[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ]</span>
<span>阅读次数:<script>document.write(1024)</script></span></div>
<div class="TRS_Editor">
{paragraphs}
</div>
<div class="share">分享到:<a href="#">微信</a> <a href="#">微博</a>
<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">
<p>主办单位:攀枝花市东区人民政府办公室 承办单位:攀枝花市东区大数据中心</p>
<p>蜀ICP备05004263号 网站标识码:5104020001 川公网安备 51040202000010号</p>
</div>
<script>(function(){{ var s = document.createElement("script"); }})();</script>
</body>
</html>
"""


def write_html() -> None:
    page = html_page('<meta charset="utf-8">')
    (OUT / "dongqu.html").write_bytes(page.encode("utf-8"))
    tag = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
    (OUT / "dongqu-gbk.html").write_bytes(html_page(tag).encode("gbk"))


def write_docx() -> None:
    doc = DocxDocument()
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(INFO)
    table = doc.add_table(rows=3, cols=4)
    for row, ((a, b), (c, d)) in zip(table.rows, zip(META[::2], META[1::2])):
        for cell, text in zip(row.cells, (f"{a}:", b, f"{c}:", d)):
            cell.text = text
    for line in body_lines():
        doc.add_paragraph(line)
    doc.save(str(OUT / "dongqu.docx"))


def wrap(text: str, width: float, size: float, indent: float = 0) -> list[str]:
    """Greedy line breaking by glyph width, as a word processor does for Chinese."""
    lines, current, limit = [], "", width - indent
    for chunk in re.findall(r"[A-Za-z0-9.%]+|.", text):  # never break inside a number/word
        fits = pdfmetrics.stringWidth(current + chunk, FONT, size) <= limit
        if fits or chunk in NO_LINE_START or not current:
            current += chunk
            continue
        lines.append(current)
        current, limit = chunk, width
    return lines + [current] if current else lines


def write_pdf() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    size, margin, leading = 12, 72, 20
    page_width, page_height = A4
    width = page_width - 2 * margin
    canvas = Canvas(str(OUT / "dongqu.pdf"), pagesize=A4, invariant=True)
    canvas.setTitle(TITLE)
    y, page = page_height - margin, 1

    def new_page() -> None:
        nonlocal y, page
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(page_width / 2, margin / 2, f"- {page} -")
        canvas.showPage()
        y, page = page_height - margin, page + 1

    for number, text in enumerate(header_lines() + body_lines()):
        indent = 2 * size if number >= len(header_lines()) else 0
        for index, line in enumerate(wrap(text, width, size, indent)):
            if y < margin:
                new_page()
            canvas.setFont(FONT, size)
            canvas.drawString(margin + (indent if index == 0 else 0), y, line)
            y -= leading
    new_page()
    canvas.save()


def pdf_artifacts(lines: list[str]) -> list[str]:
    """Damage text the way PDF text layers do: radicals, spaced digits."""
    replacements = [
        ("人", "\u2f08"),  # KANGXI RADICAL MAN
        ("民", "\u2ea0"),  # CJK RADICAL CIVILIAN
        ("一", "\u2f00"),  # KANGXI RADICAL ONE
        ("长", "\u2ed3"),  # CJK RADICAL C-SIMPLIFIED LONG
        ("〔2025〕9号", "〔 2025 〕 9 号"),
        ("2024年", "2024 年"),
        ("985件", "985 件"),
        ("1356件", " 1356 件"),
    ]
    out = []
    for line in lines:
        for old, new in replacements:
            line = line.replace(old, new)
        out.append(line)
    return out


def write_pdf_artifacts() -> None:
    lines: list[str] = []
    for text in header_lines() + body_lines():
        lines += wrap(text, 451, 12)
    damaged = pdf_artifacts(lines)
    damaged.insert(40, "- 1 -\n\f")  # page break with page number in mid-paragraph
    text = "\n".join(damaged).replace("\n\f\n", "\n\f")
    (OUT / "dongqu-pdf-artifacts.txt").write_bytes(text.encode("utf-8"))


def write_bad() -> None:
    """Inputs that are not readable reports, one per failure class."""
    rng = random.Random(7)
    pdf = (OUT / "dongqu.pdf").read_bytes()
    docx_bytes = (OUT / "dongqu.docx").read_bytes()
    not_docx = io.BytesIO()
    with zipfile.ZipFile(not_docx, "w") as archive:
        archive.writestr("report.txt", "攀枝花市东区人民政府")
    broken_xml = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, zipfile.ZipFile(broken_xml, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(item, data[:300] if item.filename == "word/document.xml" else data)
    files = {
        "empty.txt": b"",
        "whitespace.txt": " \n\t\r\n\u3000\n".encode(),
        "random.bin": bytes(rng.randrange(256) for _ in range(4096)),
        "control-chars.txt": bytes(rng.choice(range(1, 9)) for _ in range(2048)),
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        "truncated.pdf": pdf[:700],
        "not-a-docx.zip": not_docx.getvalue(),
        "corrupt.docx": docx_bytes[:2000],
        "broken-xml.docx": broken_xml.getvalue(),
    }
    BAD.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (BAD / name).write_bytes(data)
    # a page with no text layer, as a scanned report has
    canvas = Canvas(str(BAD / "scanned.pdf"), pagesize=A4, invariant=True)
    canvas.rect(72, 72, 300, 400, fill=1)
    canvas.showPage()
    canvas.save()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    write_plain()
    write_html()
    write_docx()
    write_pdf()
    write_pdf_artifacts()
    write_bad()


if __name__ == "__main__":
    main()
