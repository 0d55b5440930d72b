"""Hostile and broken input to ingest: refused in one line, never a crash or a blow-up.

Every input is built here from the clean fixtures (tests/fixtures/formats/).
"""

from __future__ import annotations

import io
import resource
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from govreports.ingest import read
from govreports.ingest.read import document_from_bytes
from govreports.records import UnreadableInput

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
DOCX = (FORMATS / "dongqu.docx").read_bytes()
HTML = (FORMATS / "dongqu.html").read_bytes()
ROOT = Path(__file__).resolve().parent.parent


def rezip(data: bytes, extra: dict[str, bytes] | None = None,
          method: int = zipfile.ZIP_DEFLATED) -> bytes:  # fmt: skip
    """The DOCX ``data`` written again, with ``extra`` parts added (or replaced)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            if info.filename not in (extra or {}):
                target.writestr(info.filename, source.read(info.filename))
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def with_method(data: bytes, method: int) -> bytes:
    """Claim compression ``method`` for every part (local headers and central directory)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = patched.find(signature)
        while start != -1:
            patched[start + offset:start + offset + 2] = struct.pack("<H", method)
            start = patched.find(signature, start + 4)
    return bytes(patched)


def refused(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableInput) as error:
        document_from_bytes(data, name)
    reason = str(error.value)
    assert reason and "\n" not in reason
    return reason


def test_the_clean_docx_still_reads():
    assert "行政复议" in document_from_bytes(rezip(DOCX), "ok.docx").text


def test_unsupported_zip_compression_is_refused_not_a_crash():
    reason = refused(with_method(rezip(DOCX), 9), "deflate64.docx")  # 9: Deflate64
    assert "unsupported zip compression method" in reason


def test_a_docx_part_over_its_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(read, "MAX_DOCX_PART", 1_000_000)
    bomb = rezip(DOCX, {"word/media/image1.png": b"\0" * 2_000_000})
    assert len(bomb) < 60_000  # a small file ...
    reason = refused(bomb, "bomb.docx")  # ... that would decompress to far more
    assert "word/media/image1.png" in reason and "size limit" in reason


def test_an_xml_part_has_a_lower_limit(monkeypatch):
    monkeypatch.setattr(read, "MAX_DOCX_XML_PART", 500_000)
    reason = refused(rezip(DOCX, {"word/footer9.xml": b"<w/>" * 200_000}), "xml.docx")
    assert "word/footer9.xml" in reason


def test_the_total_decompressed_size_is_limited(monkeypatch):
    monkeypatch.setattr(read, "MAX_DOCX_TOTAL", 1_000_000)
    parts = {f"word/media/image{n}.png": b"\0" * 400_000 for n in range(4)}
    assert "DOCX over the size limit" in refused(rezip(DOCX, parts), "many.docx")


def test_too_many_parts_are_refused(monkeypatch):
    monkeypatch.setattr(read, "MAX_DOCX_PARTS", 50)
    parts = {f"customXml/item{n}.xml": b"<a/>" for n in range(60)}
    assert "parts" in refused(rezip(DOCX, parts), "parts.docx")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_a_zip_bomb_docx_stays_small_in_memory(tmp_path):
    """The real limits, in a fresh process: 400 MB of zeros in a 0.4 MB DOCX."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(io.BytesIO(DOCX)) as source, zipfile.ZipFile(bomb, "w",
                                                                       zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info.filename))
        with out.open("word/media/image1.png", "w") as part:
            for _ in range(400):
                part.write(b"\0" * 1024 * 1024)
    assert bomb.stat().st_size < 1_000_000
    code = ("import resource, sys; from govreports.ingest.read import read_document\n"
            "from govreports.records import UnreadableInput\n"
            "try:\n    read_document(sys.argv[1])\n"
            "except UnreadableInput as e:\n    print(e)\n"
            "status = open('/proc/self/status').read()\n"
            "print(next(l.split()[1] for l in status.splitlines() if l.startswith('VmHWM:')))")
    # (not ru_maxrss: through vfork + exec it keeps this pytest process's own peak)
    result = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True,
                            text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True,
                            timeout=120)  # fmt: skip
    reason, peak_kb = result.stdout.splitlines()
    assert "size limit" in reason
    assert int(peak_kb) < 250 * 1024, f"peak RSS {int(peak_kb) // 1024} MB"


def pdf(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)
    for number in range(pages):
        canvas.drawString(72, 720, f"Page {number + 1} of the annual report on law-based government")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_a_pdf_within_the_page_limit_reads(monkeypatch):
    monkeypatch.setattr(read, "MAX_PDF_PAGES", 5)
    assert "Page 5" in document_from_bytes(pdf(5), "five.pdf").text


def test_a_pdf_over_the_page_limit_is_refused_naming_it(monkeypatch):
    monkeypatch.setattr(read, "MAX_PDF_PAGES", 5)
    assert refused(pdf(6), "six.pdf") == "PDF over the page limit (more than 5 pages)"


def test_a_pdf_over_the_time_limit_is_refused_naming_it(monkeypatch):
    monkeypatch.setattr(read, "MAX_PDF_SECONDS", -1.0)
    assert refused(pdf(2), "slow.pdf").startswith("PDF over the time limit")


@pytest.mark.parametrize("padding", [b"", b" "])  # an even length decodes as UTF-16 "text"
def test_utf16_declared_on_a_utf8_page_is_read_as_utf8(padding):
    page = HTML.replace(b'charset="utf-8"', b'charset="utf-16"') + padding
    assert b"utf-16" in page and b"utf-8" not in page.lower()
    document = document_from_bytes(page, "page.html")
    assert document.encoding == "utf-8"
    assert "攀枝花市东区" in document.text


def test_a_real_utf16_page_with_bom_still_reads():
    text = HTML.decode("utf-8").replace("utf-8", "utf-16")
    document = document_from_bytes(text.encode("utf-16"), "page16.html")
    assert "攀枝花市东区" in document.text


def test_xxe_is_not_expanded(tmp_path):
    """What held: an external entity in a DOCX part is never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-XXE-CONTENT", encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO(DOCX)) as source:
        body = source.read("word/document.xml").decode("utf-8")
    doctype = f'<!DOCTYPE w [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    body = body.replace("?>", "?>" + doctype, 1).replace("<w:t>", "<w:t>&xxe;", 1)
    try:
        text = document_from_bytes(rezip(DOCX, {"word/document.xml": body.encode()}), "x.docx").text
    except UnreadableInput:
        return
    assert "SECRET-XXE-CONTENT" not in text


def test_resource_module_is_available():  # the memory test above needs ru_maxrss
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
