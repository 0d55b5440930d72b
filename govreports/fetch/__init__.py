"""Stage 1, fetch: the rows of sources.csv → archived originals under reports/ with sidecars.

In: URLs (sources.csv). Out: original bytes and ``.meta.json`` provenance
(source and final URL, retrieval time, sha256). Network I/O lives here only.
Must not import ``package``, ``pages``, ``site`` or ``build``; it checks that a
download is a report through ``govreports.pipeline`` (ingest → parse), never by
re-implementing them.
"""
