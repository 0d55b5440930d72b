"""What a downloaded page is: its file kind, its attachments, a login wall.

Pure functions of bytes (and the URL they came from); nothing here touches
the network. ``fetch`` uses them to decide whether a page is the report
itself, a shell around an attached PDF/DOCX/DOC/WPS file, or a login or
captcha page in place of the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

# kind → archive file extension (the build reads .html/.pdf/.docx/.txt).
EXTENSIONS = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "doc": ".doc",
              "wps": ".wps", "text": ".txt", "other": ".bin"}
ATTACHMENT_KINDS = ("pdf", "docx", "doc", "wps")  # also the order of preference
_EXT_KIND = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps"}
_ATTACHMENT_RE = re.compile(r"\.(pdf|docx|doc|wps)(?![a-z0-9])", re.IGNORECASE)
_REPORT_WORDS = ("报告", "法治政府", "法治建设")
_LOGIN_MARKERS = (
    "验证码", "滑动验证", "安全验证", "人机验证", "请先登录", "用户登录", "统一身份认证",
    "访问被拦截", "访问验证", "captcha", "请完成验证",
)


def kind_of(data: bytes, content_type: str | None, url: str) -> str:
    """The file kind from magic bytes first, then the Content-Type, then the URL."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or url_kind(url) == "docx" else "other"
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word 97 or WPS
        return "wps" if url_kind(url) == "wps" else "doc"
    media = (content_type or "").split(";")[0].strip().lower()
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in media or head.startswith((b"<!doctype", b"<html", b"<head", b"<meta")):
        return "html"
    if media.startswith("text/") or url_kind(url) == "text":
        return "text"
    return url_kind(url) or "other"


def url_kind(url: str) -> str | None:
    path = urlsplit(url).path.lower()
    if path.endswith(".txt"):
        return "text"
    return next((kind for ext, kind in _EXT_KIND.items() if path.endswith(ext)), None)


@dataclass(frozen=True)
class Attachment:
    url: str
    kind: str  # pdf / docx / doc / wps
    text: str  # the link text, if any


def find_attachments(html: bytes, base_url: str) -> list[Attachment]:
    """Links to report-like attachments, best first (names with 报告, then PDF > DOCX …)."""
    collector = _LinkCollector()
    collector.feed(decode_loosely(html))
    collector.close()
    seen: dict[str, Attachment] = {}
    for href, text in collector.links:
        kind = _attachment_kind(href, text)
        url = urljoin(base_url, href.strip())
        if kind and urlsplit(url).scheme in ("http", "https") and url not in seen:
            seen[url] = Attachment(url.split("#")[0], kind, text)
    return sorted(seen.values(), key=_rank)


def _attachment_kind(href: str, text: str) -> str | None:
    """The kind an href points to: its path, a ``file=`` viewer parameter or its link text."""
    split = urlsplit(href.strip())
    candidates = [unquote(split.path)]
    candidates += [v for values in parse_qs(split.query).values() for v in values]
    candidates.append(text)
    for candidate in candidates:
        match = _ATTACHMENT_RE.search(candidate.strip())
        if match:
            return match.group(1).lower()
    return None


def _rank(attachment: Attachment) -> tuple[int, int]:
    named = any(word in attachment.text or word in unquote(attachment.url) for word in _REPORT_WORDS)
    return (0 if named else 1, ATTACHMENT_KINDS.index(attachment.kind))


def looks_like_login(html: bytes) -> bool:
    """A login form, a captcha or a firewall challenge instead of content."""
    text = decode_loosely(html).lower()
    if re.search(r"<input[^>]+type\s*=\s*[\"']?password", text):
        return True
    return any(marker in text for marker in _LOGIN_MARKERS)


def decode_loosely(data: bytes) -> str:
    """Good enough to find links and markers: UTF-8, else GB18030 (a superset of GBK)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


class _LinkCollector(HTMLParser):
    """(href, text) of <a>, and src/data of <iframe>/<embed>/<object> (embedded viewers)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self._href, self._open = values["href"], []
        elif tag in ("iframe", "embed", "object"):
            source = values.get("src") or values.get("data")
            if source:
                self.links.append((source, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._href, " ".join("".join(self._open).split())))
            self._open = None
