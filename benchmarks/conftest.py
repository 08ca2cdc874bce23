"""Without pytest-benchmark, a `benchmark` fixture that just calls the function once."""

from __future__ import annotations

import importlib.util

import pytest

if importlib.util.find_spec("pytest_benchmark") is None:

    @pytest.fixture()
    def benchmark():
        def run(function, *args, **kwargs):
            return function(*args, **kwargs)

        return run
