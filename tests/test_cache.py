"""The cache key follows every source that decides an extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.extract.annotations
import kg.extract.countries
import kg.nlp
from kg.cache import extractor_sources


@pytest.mark.parametrize("module", [kg.nlp, kg.extract.annotations, kg.extract.countries])
def test_the_parser_and_its_annotations_are_extractor_sources(module):
    assert Path(module.__file__).resolve() in {path.resolve() for path in extractor_sources()}
