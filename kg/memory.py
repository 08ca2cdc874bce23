"""Hand memory the build has let go of back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def give_back() -> None:
    """Collect unreachable objects and return the heap's free pages to the system.

    glibc gives memory back on its own only from the top of its heap: once a stage
    has freed a large structure, one small allocation made after it (a SQLite page,
    a parser's buffer) would keep the whole freed span counted against the process
    while the stages after it add their own.
    """
    gc.collect()
    trim = _trim()
    if trim is not None:
        trim(0)
