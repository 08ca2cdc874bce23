"""diplomatic-kg: a knowledge graph of who stands where, built from diplomatic news.

The Python API: `kg.build(paths)`, `kg.extract(text, published=...)`,
`kg.load(path)`, `kg.query(graph, sparql, **params)`, `kg.blocs(graph)`,
`kg.country(iso3)`. They are imported when first used, so `import kg` (and every
command of the `kg` program) starts without loading spaCy or rdflib.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
__all__ = ["KgError", "blocs", "build", "country", "extract", "load", "query"]


def __getattr__(name: str) -> Any:
    if name == "KgError":
        from kg.model import KgError

        return KgError
    if name in ("extract", "blocs"):
        # the package and the module of those names: callable, as the API's calls
        return importlib.import_module(f"kg.{name}")
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
