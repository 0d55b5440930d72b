"""The orchestrator: runs ingest → parse → extract (in parallel, cached) → package → pages → site.

``run.build`` is ``govreports build``: it stages the output in a temporary
directory and swaps it in atomically, so a failed build leaves the previous
site. The only package allowed to import every stage.
"""
