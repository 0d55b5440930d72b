"""Stage 4, extract: a ParsedDocument → ``records.ParsedReport``.

Adds every stated figure (number, unit, sentence, offsets), the indicator
values mapped from them through the lexicon, and the report's keywords.
Pure functions of the body. Imports ``parse`` at most; never ``package``,
``pages``, ``site`` or ``build``.
"""
