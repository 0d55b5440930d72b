"""Debian's Chromium for headless checks (tests and benchmarks); never a downloaded browser.

GOVREPORTS_CHROMIUM names another binary (e.g. /usr/bin/google-chrome on a
GitHub runner). The flags keep a sandboxed, offline machine quiet: no
background networking, no component updates, no sync.
"""

import os

CHROMIUM = os.environ.get("GOVREPORTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
