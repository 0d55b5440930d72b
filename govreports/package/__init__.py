"""Stage 5, package: ParsedReports → the Frictionless data package and its downloads.

Out: ``datapackage.json``, ``data/*.csv`` (schemas from ``data/schema.yaml``,
the ``issues`` resource included) and the zip, xlsx and SQLite downloads, split
per year at national scale. Reads records only; never re-parses, never imports
``pages``, ``site`` or ``build``.
"""
