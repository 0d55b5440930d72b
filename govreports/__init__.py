"""govreports: annual reports on law-based government as open data."""

__version__ = "0.1.0"
# Bump when parse/extract output changes: cached parse results are keyed on it.
PARSER_VERSION = "3"
