"""The raw-HTML hook (govreports/site/hooks/raw_html.py) renders exactly what Markdown would.

Both sides are compared before minification (govreports/site/hooks/minify.py), which
would hide differences in whitespace.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from govreports.build.run import BuildResult
from govreports.pages.html import block, esc, front_matter
from govreports.site.config import HOOKS, mkdocs_config, write_config
from govreports.site.hooks.raw_html import single_div_block

# Markdown's own stash placeholder, other placeholder-like text, and whitespace it normalises
LOOKALIKES = "\x02wzxhzdk:0\x03 <p>\x02wzxhzdk:1\x03</p> wzxhzdk:0 a\tb\r\nc  \n \n</div>"


def render(docs: Path, out: Path, *, fast: bool, minify: bool = False) -> dict[str, bytes]:
    """Every file MkDocs renders from ``docs``, with or without each hook."""
    config = mkdocs_config(str(docs), str(out / "site"))
    hooks = {"raw_html.py": fast, "minify.py": minify}
    assert sorted(Path(hook).name for hook in config["hooks"]) == sorted(hooks)
    config["hooks"] = [str(HOOKS / name) for name, used in hooks.items() if used]
    write_config(out / "mkdocs.yml", config)
    mkdocs_build(load_config(str(out / "mkdocs.yml")))
    site = out / "site"
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")}


def test_fast_path_is_byte_identical_on_the_built_site(built: BuildResult, tmp_path: Path) -> None:
    docs = built.site_dir.parent / "build" / "docs"
    fast = render(docs, tmp_path / "fast", fast=True)
    slow = render(docs, tmp_path / "slow", fast=False)
    assert len(fast) >= 12 and fast.keys() == slow.keys()
    for name in fast:
        assert fast[name] == slow[name], name


def test_placeholder_lookalikes_in_report_text_stay_text(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    page = front_matter("t", "d") + block(f'<p id="x">{esc(LOOKALIKES)}</p>', "<div>\n</div>")
    (docs / "index.md").write_text(page, encoding="utf-8")
    (docs / "md.md").write_text(page + "**not raw**\n", encoding="utf-8")  # not one block
    fast = render(docs, tmp_path / "fast", fast=True)
    slow = render(docs, tmp_path / "slow", fast=False)
    assert fast == slow
    html = fast["index.html"].decode()
    assert "wzxhzdk:0" in html and "&lt;p&gt;" in html and "<strong>" not in html
    assert "<strong>not raw</strong>" in fast["md/index.html"].decode()


def test_single_div_block() -> None:
    assert single_div_block('<div a="1">\n<div>x</div>\n</div>')
    assert not single_div_block("<div>x</div>\n<div>y</div>")
    assert not single_div_block("<div>x</div>\n\n**y**")
    assert not single_div_block("<divx>y</divx>")
    assert not single_div_block("text <div>x</div>")
