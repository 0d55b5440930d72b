"""MkDocs hooks used by the site build (referenced from ``mkdocs.yml``)."""
