"""Safe HTML building blocks for the generated Markdown pages.

Report text is untrusted. Everything taken from a report is emitted inside
raw block-level HTML (Markdown does not process the inside of an HTML block,
so ``**x**``, ``[x](javascript:…)`` and ``{: attr}`` stay text) and passed
through :func:`esc` first. MkDocs does not run Jinja over page content, and
front matter is written as JSON strings with ``<>&"'`` replaced (see
:func:`plain`) because Material prints ``page.title`` and ``description``
into the page without escaping them.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
from collections.abc import Iterable, Sequence
from urllib.parse import quote, urlsplit

# Material inserts the front-matter title/description unescaped (and
# ``striptags`` un-escapes entities), so these characters must not reach it.
_PLAIN = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\n": " "})


_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "{}[]*_`|~"})


def esc(text: object) -> str:
    """Escape any value for HTML text or a quoted attribute; None → ''.

    Markdown/Jinja punctuation becomes character references too: the browser
    shows the same text, but no later Markdown or template pass can act on it.
    """
    return html.escape("" if text is None else str(text), quote=True).translate(_INERT)


def attr(value: object) -> str:
    """Escape for a quoted attribute value (no Markdown can reach attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def plain(text: object, limit: int = 160) -> str:
    """Untrusted text made safe for titles and meta descriptions."""
    value = ("" if text is None else str(text)).translate(_PLAIN).strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def front_matter(title: str, description: str) -> str:
    """YAML front matter; JSON strings are valid YAML and can't inject keys."""
    fields = {"title": plain(title), "description": plain(description)}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=True)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def web_url(url: str | None) -> str | None:
    """``url`` as an absolute http(s) URL with characters no URL may hold percent-encoded
    (``"<>`` spaces and control characters, 中文 too), else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return quote(url.strip(), safe=URL_SAFE)
    return None


URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"  # reserved and unreserved URL characters, kept as they are


def rel(from_url: str, to_url: str) -> str:
    """Relative link between two site URLs (``a/b/`` style, no leading slash)."""
    start = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    target = posixpath.relpath(to_url or ".", start or ".")
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target in (".", "./") else target


def link(href: str, text: object, **attrs: str) -> str:
    extra = "".join(f' {name.rstrip("_")}="{attr(value)}"' for name, value in attrs.items())
    return f'<a href="{attr(href)}"{extra}>{esc(text)}</a>'


def external_link(url: str | None, text: object) -> str:
    """A link only if ``url`` is http(s); otherwise the escaped text/url."""
    safe = web_url(url)
    if safe is None:
        return esc(text if text else url)
    return link(safe, text, rel="nofollow noopener")


def table(
    headers: Sequence[str] | None, rows: Iterable[Sequence[str]], caption: str = "", cls: str = ""
) -> str:
    """A table of already-escaped cells; the first cell of a row is its header.

    The class goes on a wrapper: Material styles only tables without a class.
    """
    head = "".join(f'<th scope="col">{h}</th>' for h in headers or ())
    body = "\n".join(
        f'<tr><th scope="row">{row[0]}</th>' + "".join(f"<td>{c}</td>" for c in row[1:]) + "</tr>"
        for row in rows
    )
    cap = f"<caption>{caption}</caption>" if caption else ""
    thead = f"<thead><tr>{head}</tr></thead>" if head else ""
    html_table = f"<table>{cap}{thead}<tbody>\n{body}\n</tbody></table>"
    return f'<div class="{cls}">{html_table}</div>' if cls else html_table


def block(*parts: str) -> str:
    """Wrap HTML in a ``div`` block separated by blank lines from Markdown."""
    inner = "\n".join(part for part in parts if part)
    return f"<div>\n{inner}\n</div>\n\n"


def number(value: float | None) -> str:
    """Format a figure value without float noise: 12913.27, 100, 1.5.

    Never raises: an int too large for a float (parse never yields one, see
    ``numbers.MAX_QUANTITY``) is written in full up to Python's int→str limit,
    beyond that by its digit count; inf and nan as such.
    """
    if value is None:
        return ""
    if isinstance(value, int):
        if value.bit_length() > 10_000:  # over 3,000 digits: str() may refuse it
            return f"({value.bit_length() * 3 // 10}+ digits)"
        return f"{value:,}"
    if not math.isfinite(value):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")
