"""Ingest: turn a raw report file (TXT, HTML, PDF, DOCX) into a ``Document``.

``read_document`` is the only function that touches disk.  The format is
sniffed from the content (magic bytes, markup); the suffix only names the
format a broken file claims.  Libraries raise all kinds of exceptions on
corrupt input, so each library call is wrapped and its failure becomes
``UnreadableInput``: a broken file must fail its own report, never the run.
"""

from __future__ import annotations

import codecs
import functools
import io
import logging
import re
import time
import zipfile
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import charset_normalizer
import docx
import lxml.etree
import lxml.html
import trafilatura
from docx.table import Table
from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from govreports.fsutil import sha256_bytes
from govreports.ingest.normalize import label_regex, looks_like_pdf_text, normalize
from govreports.records import Document, UnreadableInput
from govreports.sidecar import read_sidecar

log = logging.getLogger(__name__)

MIN_CHARS = 10  # fewer word characters than this after cleaning is "no text"
MAX_META_CHARS = 200  # a metadata row longer than this is article text
BOMS = {codecs.BOM_UTF8: "utf-8-sig", codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}
NOT_TEXT = {  # other binary formats fail decoding as "binary data"
    b"\xd0\xcf\x11\xe0": "legacy Word/Office file (.doc), not DOCX",
    b"\x89PNG": "image file (PNG), not a document",
    b"\xff\xd8\xff": "image file (JPEG), not a document",
    b"GIF8": "image file (GIF), not a document",
}
CLAIMED = {".pdf": "PDF", ".docx": "DOCX"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}
DECLARED = re.compile(
    rb"""<(?:meta[^>]+charset|\?xml[^>]+encoding)\s*=\s*["']?\s*([-\w:.]+)""", re.IGNORECASE
)
HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
CID_CODE = re.compile(r"\(cid:\d+\)")
TITLE_PARTS = re.compile(r"\s*(?:_|\||｜| - | — | – )\s*")
# Limits on what one file may cost to read; over a limit the file is refused, naming it.
MAX_PDF_PAGES = 500
MAX_PDF_SECONDS = 120.0  # checked between pages
MAX_DOCX_PART = 50 * 1024 * 1024  # decompressed bytes of one part (images included)
MAX_DOCX_XML_PART = 16 * 1024 * 1024  # an XML part is parsed into a tree: far less
MAX_DOCX_TOTAL = 200 * 1024 * 1024  # decompressed bytes of all parts
MAX_DOCX_PARTS = 5000
DOCX_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
UNICODE_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
TRAFILATURA: dict[str, Any] = {"include_tables": True, "favor_recall": True, "include_comments": False}


class Extracted(NamedTuple):
    text: str  # normalised
    media_type: str
    encoding: str | None = None
    title: str | None = None
    source_url: str | None = None


def read_document(path: str | Path) -> Document:
    """Read a report file; its ``<file>.meta.json`` sidecar supplies provenance."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"cannot read file: {exc.strerror or exc}") from exc
    document = document_from_bytes(data, str(path))
    sidecar = read_sidecar(path)
    document = replace(document, overrides=sidecar.overrides, synthetic=sidecar.synthetic)
    url = sidecar.source_url
    return replace(document, source_url=url, source_site=_host(url)) if url else document


def document_from_bytes(data: bytes, name: str) -> Document:
    """Decode, extract and normalise ``data``; ``name`` is recorded as the path."""
    if not data:
        raise UnreadableInput("empty file")
    found = _extract(data, PurePath(name).suffix.lower())
    if len(re.findall(r"\w", found.text)) < MIN_CHARS:
        raise UnreadableInput("no text after cleaning")
    return Document(
        path=name,
        text=found.text,
        sha256=sha256_bytes(data),
        media_type=found.media_type,
        encoding=found.encoding,
        title_hint=found.title,
        source_url=found.source_url,
        source_site=_host(found.source_url),
    )


def _extract(data: bytes, suffix: str) -> Extracted:
    if b"%PDF-" in data[:1024]:
        return _from_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _from_docx(data, suffix)
    for magic, reason in NOT_TEXT.items():
        if data.startswith(magic):
            raise UnreadableInput(reason)
    if suffix in CLAIMED and not any(map(data.startswith, BOMS)) and b"\0" in data[:1024]:
        raise UnreadableInput(f"corrupt {CLAIMED[suffix]} (no {CLAIMED[suffix]} signature)")
    text, encoding = _decode(data)
    if HTML_START.match(text) or (suffix in HTML_SUFFIXES and "<" in text):
        return _from_html(text, encoding)
    return Extracted(normalize(text, wrapped=looks_like_pdf_text(text)), "text", encoding)


def _decode(data: bytes) -> tuple[str, str]:
    """Text and codec: BOM, then declared charset, UTF-8, GB18030, detection."""
    for bom, codec in BOMS.items():
        if data.startswith(bom):
            return _checked(data.decode(codec, errors="replace")), codec
    if b"\0" in data:
        raise UnreadableInput("binary data (NUL bytes), not text")
    for codec in filter(None, (_declared(data), "utf-8")):
        try:
            return _checked(data.decode(codec)), codec
        except UnicodeDecodeError:
            continue
    codec = _fallback_codec(data)
    return _checked(data.decode(codec, errors="replace")), codec


def _declared(data: bytes) -> str | None:
    """The charset an HTML/XML head declares, widened to its superset."""
    match = DECLARED.search(data[:4096])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if codec in UNICODE_WIDE:  # impossible: the declaration itself is in ASCII bytes
        return None  # (with a BOM, the BOM decided before); the bytes decide
    return SUPERSETS.get(codec, codec)


def _fallback_codec(data: bytes) -> str:
    """GB18030 or Big5 if only one fits; if both (or neither) fit, detection decides."""
    valid = [codec for codec in ("gb18030", "big5hkscs") if _decodes(data, codec)]
    if len(valid) == 1:
        return valid[0]
    best = charset_normalizer.from_bytes(data, cp_isolation=valid or None).best()
    if best is None:
        raise UnreadableInput("binary data or unknown text encoding")
    return SUPERSETS.get(best.encoding, best.encoding)


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _checked(text: str) -> str:
    """Reject decoded 'text' with many control characters (binary junk)."""
    if len(CONTROL.findall(text)) > 0.01 * len(text):
        raise UnreadableInput("binary data, not text")
    return text


def _from_pdf(data: bytes) -> Extracted:
    try:
        text = _pdf_text(data)
    except UnreadableInput:
        raise
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise UnreadableInput("encrypted PDF") from exc
    except Exception as exc:  # pdfminer raises many types on corrupt files
        raise UnreadableInput(f"corrupt PDF ({type(exc).__name__})") from exc
    if not text.strip():
        raise UnreadableInput("scanned PDF without text layer")
    if len(CID_CODE.findall(text)) * 8 > len(text):
        raise UnreadableInput("PDF text layer without Unicode mapping (cid codes)")
    return Extracted(normalize(text, wrapped=True), "pdf")


def _pdf_text(data: bytes) -> str:
    """pdfminer's ``extract_text``, with a cap on pages and on time (checked between pages)."""
    deadline = time.monotonic() + MAX_PDF_SECONDS
    output = io.StringIO()
    manager = PDFResourceManager()
    with TextConverter(manager, output, laparams=LAParams()) as device:
        interpreter = PDFPageInterpreter(manager, device)
        pages = PDFPage.get_pages(io.BytesIO(data), maxpages=MAX_PDF_PAGES + 1)
        for number, page in enumerate(pages, start=1):
            if number > MAX_PDF_PAGES:
                raise UnreadableInput(f"PDF over the page limit (more than {MAX_PDF_PAGES} pages)")
            if time.monotonic() > deadline:
                raise UnreadableInput(f"PDF over the time limit ({MAX_PDF_SECONDS:g} s to read "
                                      f"{number - 1} pages)")  # fmt: skip
            interpreter.process_page(page)
    return output.getvalue()


def _from_docx(data: bytes, suffix: str) -> Extracted:
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        kind = "DOCX" if suffix == ".docx" else "ZIP archive"
        raise UnreadableInput(f"corrupt {kind} (bad zip)") from exc
    if "word/document.xml" not in {part.filename for part in parts}:
        raise UnreadableInput("ZIP archive that is not a DOCX")
    _check_docx_parts(parts)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [_docx_block_text(block) for block in document.iter_inner_content()]
        title = document.core_properties.title or None
    except NotImplementedError as exc:  # zipfile: a compression method it cannot undo
        raise UnreadableInput(f"DOCX uses an unsupported zip feature ({exc})") from exc
    except Exception as exc:  # python-docx/lxml raise many types on corrupt parts
        raise UnreadableInput(f"corrupt DOCX ({type(exc).__name__})") from exc
    return Extracted(normalize("\n".join(lines), wrapped=True), "docx", title=title)


def _check_docx_parts(parts: list[zipfile.ZipInfo]) -> None:
    """Refuse a DOCX before decompressing it: odd compression, too many or too large parts.

    ``file_size`` is what the zip declares; zipfile stops reading a part there
    (a part that decompresses to more fails its CRC check), so it bounds the
    memory python-docx can use.
    """
    if len(parts) > MAX_DOCX_PARTS:
        raise UnreadableInput(f"DOCX over the limit of {MAX_DOCX_PARTS} parts ({len(parts)})")
    total = 0
    for part in parts:
        if part.compress_type not in DOCX_COMPRESSION:
            raise UnreadableInput(f"DOCX uses an unsupported zip compression method "
                                  f"({part.compress_type}, in {part.filename})")  # fmt: skip
        if part.flag_bits & 0x1:
            raise UnreadableInput(f"encrypted DOCX part ({part.filename})")
        xml = part.filename.lower().endswith((".xml", ".rels"))
        cap = MAX_DOCX_XML_PART if xml else MAX_DOCX_PART
        if part.file_size > cap:
            raise UnreadableInput(f"DOCX part over the size limit ({part.filename}: "
                                  f"{_mb(part.file_size)} decompressed, limit {_mb(cap)})")
        total += part.file_size
        if total > MAX_DOCX_TOTAL:
            raise UnreadableInput(f"DOCX over the size limit (more than {_mb(MAX_DOCX_TOTAL)} "
                                  "decompressed)")  # fmt: skip


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _docx_block_text(block: object) -> str:
    """A paragraph's text, or a table as one line per row (merged cells once)."""
    if not isinstance(block, Table):
        return block.text  # type: ignore[attr-defined]
    rows = []
    for row in block.rows:
        cells = list(dict.fromkeys(row.cells))  # a merged cell repeats per grid column
        rows.append(" ".join(cell.text.strip() for cell in cells if cell.text.strip()))
    return "\n".join(rows)


def _from_html(markup: str, encoding: str) -> Extracted:
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)
    try:
        tree = lxml.html.fromstring(markup)
        lxml.etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
        body = trafilatura.extract(markup, **TRAFILATURA) or trafilatura.html2txt(markup)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise UnreadableInput(f"unparsable HTML ({type(exc).__name__})") from exc
    title, meta = _html_title(tree), _metadata_lines(tree)
    body_lines = [line for line in body.splitlines() if line.strip() and _cells(line) not in meta]
    if body_lines and title and body_lines[0].strip() == title:
        body_lines = body_lines[1:]
    text = normalize("\n".join(([title] if title else []) + meta + body_lines))
    title = normalize(title) or None if title else None
    return Extracted(text, "html", encoding, title, _html_url(tree))


@functools.cache
def _bare_label() -> re.Pattern[str]:
    return re.compile(rf"(?:{label_regex(2)})")


def _text_of(element: lxml.html.HtmlElement) -> str:
    """An element's text with its pieces spaced apart, no space before a colon.

    A bare label cell ("<th>发布日期</th><td>2025-03-17</td>") gets its colon,
    so that label and value stay apart once spaces between characters go.
    """
    pieces = [piece.strip() for piece in element.itertext() if piece.strip()]
    bare_label = _bare_label()
    text = " ".join(p + "：" if bare_label.fullmatch(p) else p for p in pieces)
    return re.sub(r"\s+([:：])", r"\1", re.sub(r"\s+", " ", text)).strip()


def _cells(line: str) -> str:
    """A trafilatura table row "| a | b |" as "a b"."""
    return " ".join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())


def _metadata_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """Text of the page's metadata rows (索引号, 发布时间 …) outside the article.

    A row is the element owning a text piece that starts with a header label
    and a colon (or is a bare label of 3+ characters, as in a two-column
    table), widened through inline parents and from a table cell to its row.
    """
    label_start = re.compile(rf"\s*(?:(?:{label_regex()})\s*[:：]|(?:{label_regex(3)})\s*$)")
    rows: dict[lxml.html.HtmlElement, None] = {}
    for element in tree.iter(lxml.etree.Element):  # elements only, no comments
        if element.text and label_start.match(element.text):
            rows[_row_of(element)] = None
        if element.tail and label_start.match(element.tail) and element.getparent() is not None:
            rows[_row_of(element.getparent())] = None
    texts = (_text_of(row) for row in rows)
    return list(dict.fromkeys(text for text in texts if 0 < len(text) <= MAX_META_CHARS))


def _row_of(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    inline = {"span", "a", "b", "strong", "em", "i", "font", "label", "small", "u", "th", "td"}
    while element.tag in inline and element.getparent() is not None:
        element = element.getparent()
    return element


def _html_title(tree: lxml.html.HtmlElement) -> str | None:
    """The article heading that the page title confirms, else the page title."""
    og_title = tree.xpath("string(//meta[@property='og:title']/@content)").strip()
    page = tree.findtext(".//title") or ""
    page_title = og_title or max(TITLE_PARTS.split(page.strip()), key=len, default="")
    headings = [_text_of(h) for h in tree.iter("h1", "h2")]
    for heading in headings:
        if heading and page_title and (heading in page_title or page_title in heading):
            return heading
    return page_title or next((h for h in headings if h), None)


def _html_url(tree: lxml.html.HtmlElement) -> str | None:
    urls = tree.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
    return next((url.strip() for url in urls if url.strip().startswith(("http:", "https:"))), None)


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None
