"""The annotation layer: what several extractors read, found once per document and kept on it.

Each component below stores one annotation on the `Doc`; extractors read it
(`doc._.countries`, `doc.spans["name_runs"]`, ...) and never call the finders
themselves. The article's publication date and title are set on the `Doc`
before the pipeline runs (kg/nlp.py).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.bodies import find_organizations
from kg.extract.countries import find_states_and_groups, state_matcher
from kg.extract.dates import find_sentence_dates
from kg.extract.marks import find_raw_quotes, paragraphs
from kg.extract.speakers import name_runs
from kg.model import DateValue

# What the article gives the pipeline (None for a bare text), then what the components find.
ARTICLE_FIELDS = ("published", "title")
ANNOTATIONS = ("countries", "groups", "organizations", "paragraphs", "raw_quotes", "dates")
NAME_RUNS = "name_runs"  # the doc.spans key of capitalised name runs (kg/extract/speakers.py)

for _name in (*ARTICLE_FIELDS, *ANNOTATIONS):
    if not Doc.has_extension(_name):
        # None, not an empty list: a doc that skipped the pipeline fails loudly when read
        Doc.set_extension(_name, default=None)


@Language.factory("state_mentions", assigns=["doc._.countries", "doc._.groups"])
def make_state_annotator(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Countries (CountryMention) and groups of states (GroupMention), matched on the
    tokens this pipeline makes."""
    matcher = state_matcher(nlp)

    def annotate_states(doc: Doc) -> Doc:
        doc._.countries, doc._.groups = find_states_and_groups(doc, matcher)
        return doc

    return annotate_states


@Language.component("organization_mentions", assigns=["doc._.organizations"])
def annotate_organizations(doc: Doc) -> Doc:
    """Organisations named in the text (OrganizationMention)."""
    doc._.organizations = find_organizations(doc)
    return doc


@Language.component("paragraph_lines", assigns=["doc._.paragraphs"])
def annotate_paragraphs(doc: Doc) -> Doc:
    """(start, end) of every paragraph: news paragraphs are lines."""
    doc._.paragraphs = paragraphs(doc.text)
    return doc


@Language.component("quote_marks", requires=["doc._.paragraphs"], assigns=["doc._.raw_quotes"])
def annotate_quote_marks(doc: Doc) -> Doc:
    """Spans between paired quote marks (RawQuote), a headline's single marks included."""
    doc._.raw_quotes = find_raw_quotes(doc.text, doc._.title, doc._.paragraphs)
    return doc


@Language.component("sentence_dates", requires=["doc.sents"], assigns=["doc._.dates"])
def annotate_dates(doc: Doc) -> Doc:
    """Every date (DateValue), resolved against the publication date, in text order."""
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    doc._.dates = find_sentence_dates(doc.text, sentences, doc._.published)
    return doc


@Language.component("name_runs")
def annotate_name_runs(doc: Doc) -> Doc:
    """Runs of capitalised proper nouns: the candidates for people's names."""
    bodies = [(o.span.start, o.span.end) for o in doc._.organizations if o.span is not None]
    doc.spans[NAME_RUNS] = name_runs(doc, bodies)
    return doc


PIPES = (
    "state_mentions",
    "organization_mentions",
    "paragraph_lines",
    "quote_marks",
    "sentence_dates",
    "name_runs",
)


def add_annotations(nlp: Language) -> None:
    """Append the annotation components: they read the finished parse and entities."""
    for pipe in PIPES:
        nlp.add_pipe(pipe, last=True)


def person_name_runs(doc: Doc) -> list[SpacySpan]:
    """The name runs in text order, as a list the readers may scan more than once."""
    return list(doc.spans[NAME_RUNS])


def quoted_ranges(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the words inside double quote marks.

    A headline's single marks count only where quotes are attributed: elsewhere
    the words they hold stay the headline's.
    """
    return [(quote.start, quote.end) for quote in doc._.raw_quotes if not quote.single]


def dates_in(sent: SpacySpan) -> list[DateValue]:
    """The doc's dates that stand in one sentence."""
    start, end = sent.start_char, sent.end_char
    return [d for d in sent.doc._.dates if d.span is not None and start <= d.span.start < end]
