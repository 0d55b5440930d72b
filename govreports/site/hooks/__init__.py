"""MkDocs hooks registered by ``govreports.site.config.mkdocs_config`` (part of the render key)."""
