"""Stage 3, parse: a Document → ``records.ParsedDocument``.

Reads the metadata (title, dates, 文号, 索引号), decides whether the page is a
report at all, finds the issuer and its division, and splits the body into
its outline. Pure functions; issues are collected as ``issues.Issue`` records.
Imports ``ingest`` at most; never ``extract``, ``package``, ``pages``, ``site`` or ``build``.
"""
