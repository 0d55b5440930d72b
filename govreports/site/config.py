"""Stage ``site``: the MkDocs + Material configuration (rendered by ``govreports.build.site_step``,
then indexed for search by ``govreports.site.search.index_search``).

The configuration is generated (``mkdocs_config``) so the build directory and
the repository's top-level ``mkdocs.yml`` come from one definition; a test
checks that the committed file still matches it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from govreports.pages.write import NAV

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = ROOT / "docs" / "overrides"
HOOKS = Path(__file__).resolve().parent / "hooks"
SITE_NAME = "法治政府建设年度报告开放数据"
SITE_DESCRIPTION = "各地法治政府建设年度报告的全文检索、关键指标与开放数据下载。"


def mkdocs_config(
    docs_dir: str, site_dir: str, *, base: Path | None = None,
    site_url: str | None = None, synthetic: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """The MkDocs config; paths are relative to ``base`` (the config file's dir) if given."""

    def path(target: Path) -> str:
        return os.path.relpath(target, base) if base else str(target)

    config: dict[str, Any] = {
        "site_name": SITE_NAME,
        "site_description": SITE_DESCRIPTION,
        "docs_dir": docs_dir,
        "site_dir": site_dir,
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,  # no Google Fonts: the site makes no third-party requests
            "custom_dir": path(OVERRIDES),
            "logo": "assets/images/logo.svg",
            "favicon": "assets/images/logo.svg",
            "features": ["navigation.prune", "navigation.top"],
        },
        # no built-in search (one JSON index of every page): the site's own index, govreports/search.py
        "plugins": [],
        # generated raw-HTML pages skip Markdown (same output, most of the render time);
        # every HTML page is then minified (a few KB less per report page)
        "hooks": [path(HOOKS / "raw_html.py"), path(HOOKS / "minify.py")],
        "markdown_extensions": [],
        "extra_css": ["assets/stylesheets/extra.css"],
        "extra_javascript": [
            "assets/javascripts/tablesort.js",
            "assets/javascripts/gunzip.js",  # fetch + decompress, for the two below
            "assets/javascripts/search.js",
            "assets/javascripts/downloads.js",  # saves the report pages' .gz files decompressed
        ],
        "extra": {"generator": False, "synthetic": synthetic},
        "nav": NAV,
        # report and region pages are deliberately not in the nav (size per page ∝ 1)
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    if site_url:
        config["site_url"] = site_url
    return config


def write_config(path: Path, config: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
