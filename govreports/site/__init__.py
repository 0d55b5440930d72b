"""Stage 7, site: the MkDocs + Material configuration, the render hooks and the search index.

In: the pages' docs folder. Out: the static site, with our own bigram search
index (``search``) read by docs/.../search.js. May import ``pages`` (URLs,
navigation); never ``build``.
"""
