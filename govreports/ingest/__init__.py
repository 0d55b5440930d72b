"""Stage 2, ingest: a file's bytes → ``records.Document`` (decoded text, page chrome stripped).

In: a path or bytes of .txt/.html/.pdf/.docx plus its sidecar. Out: one
Document with the header lines kept (parse reads metadata from them).
Imports only shared modules (records, datafiles, chinese, fsutil, sidecar).
"""
