"""The orchestrator: runs ingest → parse → extract (in parallel, cached) → package → pages → site.

``run.build`` is ``govreports build``: it locks the output folder, parses each
report in a worker process under per-report limits (time, memory, input
size), stages the output in a temporary directory and swaps it in with
rollback, so a failed build leaves the previous site. The only package
allowed to import every stage.
"""
