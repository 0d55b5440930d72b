"""Stage 4, extract: a ParsedDocument → ``records.ParsedReport``.

Adds every stated figure (number, unit, sentence, offsets), the indicator
values mapped from them through the lexicon, and the report's keywords.
Pure functions of the body; numbers are read by the shared
``govreports.numbers``. Imports ``parse`` at most; never ``package``,
``pages``, ``site`` or ``build``.
"""
