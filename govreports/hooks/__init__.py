"""MkDocs hooks registered by ``govreports.site.mkdocs_config`` (part of the render key)."""
