"""The extractors: each reads one parsed article and returns its mentions
(kg.extract.article runs them all on one article)."""

import sys
import types


class _Callable(types.ModuleType):
    """`kg.extract(text, published=...)` is the Python API's call (extract_text), while
    kg.extract stays the extractors' package."""

    def __call__(self, *args, **kwargs):
        from kg.extract.article import extract_text

        return extract_text(*args, **kwargs)


sys.modules[__name__].__class__ = _Callable
