"""Stage 6, pages: a Corpus (reports, regions, downloads) → Markdown/HTML pages for MkDocs.

One module per page kind plus the shared html, url and chart helpers. Every
text from a report goes through ``html.esc``. Reads records and the package's
descriptions; never parses (``pages`` never imports ``ingest``, ``parse`` or
``extract``) and never imports ``site`` or ``build``.
"""
