"""The model's two rule components, applied through tables.

Both give the model's annotations exactly (tested on every shipped text and on
sentences written for each kind of rule); they only stop redoing work.

The attribute ruler. The English model maps fine tags to parts of speech,
morphology and some lemmas with spaCy's `AttributeRuler`: about 180 token
patterns run by a `Matcher`, which tries every pattern at every token and then
sets each match through a `Span`. On news text that is a sixth of the model's own time. The
patterns are almost all one token with an exact tag or word, so here they are
filed under the tag, word or dependency their first token needs, each token
tries only the patterns filed under its own values, and the results are
written in one array.

The lemmatizer. spaCy's rule lemmatizer works token by token and keeps what it
found only for words it had to inflect: every singular noun or base verb is
worked out again each time it appears. Its answer depends only on the word,
its part of speech and its morphology, so the table keeps every answer by
those three and writes a doc's lemmas in one array.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc

RULER = "attribute_ruler"  # the model's components the tables replace
LEMMATIZER = "lemmatizer"
READ = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}  # FILED_BY first
READ_COLUMNS = tuple(READ.values())
COLUMN_OF = {name: column for column, name in enumerate(READ)}
WRITTEN = (TAG, DEP, POS, MORPH, LEMMA)  # what the ruler's rules set, as array columns
WRITTEN_COLUMN = {attr: column for column, attr in enumerate(WRITTEN)}
KEPT = 200_000  # answers each table keeps: a year of news has fewer distinct words
FILED_BY = ("LOWER", "TAG", "DEP")  # a rule is filed under the first of these it fixes

Test = Callable[[int], bool]  # one token attribute's value (a hash or a flag) -> passes


@dataclass(frozen=True, slots=True)
class Rule:
    """One of the ruler's patterns: a test per token, the attributes it sets on the
    token at `index`, and its place in the ruler (a later rule wins)."""

    order: int
    tokens: tuple[tuple[tuple[int, Test], ...], ...]  # per token: (column, test) pairs
    index: int  # 0 .. len(tokens) - 1
    values: dict[int, int]  # attribute id -> value, as the ruler stores them

    def matches_at(self, rows: list[tuple[int, ...]], start: int) -> bool:
        if start + len(self.tokens) > len(rows):
            return False
        return all(
            test(rows[start + offset][column])
            for offset, tests in enumerate(self.tokens)
            for column, test in tests
        )


class AttributeTable:
    """The ruler's rules, filed by the first token's tag, word or dependency."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.filed: dict[tuple[int, int], list[Rule]] = {}
        self.anywhere: list[Rule] = []  # rules whose first token fixes no filed value
        self._passing: dict[tuple[int, ...], list[Rule]] = {}
        for order, (entry, values) in enumerate(zip(ruler.patterns, ruler.attrs, strict=True)):
            for pattern in entry["patterns"]:
                index = _token_index(entry["index"], len(pattern))
                rule = Rule(order, _token_tests(pattern, strings), index, values)
                keys = list(_filing_keys(pattern[0], strings))
                for key in keys:
                    self.filed.setdefault(key, []).append(rule)
                if not keys:
                    self.anywhere.append(rule)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = list(map(tuple, doc.to_array(list(READ_COLUMNS)).tolist()))
        settings: list[tuple[int, int, Rule]] = []
        for start, row in enumerate(rows):
            for rule in self._first_token_passes(row):
                if len(rule.tokens) == 1 or rule.matches_at(rows, start):
                    settings.append((rule.order, start, rule))
        if not settings:
            return doc
        settings.sort(key=lambda setting: setting[:2])  # the ruler's order: later rules win
        written = doc.to_array(list(WRITTEN))
        for _, start, rule in settings:
            for attr, value in rule.values.items():
                written[start + rule.index, WRITTEN_COLUMN[attr]] = value
        return doc.from_array(list(WRITTEN), written)

    def _first_token_passes(self, row: tuple[int, ...]) -> list[Rule]:
        """The rules whose first token accepts a token with these values: the answer
        depends on the values alone, and news repeats them, so it is kept."""
        passing = self._passing.get(row)
        if passing is None:
            if len(self._passing) >= KEPT:
                self._passing.clear()
            passing = self._passing[row] = [
                rule
                for rule in self._candidates(row)
                if all(test(row[column]) for column, test in rule.tokens[0])
            ]
        return passing

    def _candidates(self, row: tuple[int, ...]) -> Iterator[Rule]:
        for column in range(len(FILED_BY)):
            yield from self.filed.get((column, row[column]), ())
        yield from self.anywhere


def _token_index(index: int, length: int) -> int:
    """The ruler's index of the token a pattern sets (-1: the last), from 0."""
    if not -length <= index < length:
        raise ValueError(f"attribute ruler index {index} is outside a {length}-token pattern")
    return index % length


def _filing_keys(spec: dict, strings: StringStore) -> Iterator[tuple[int, int]]:
    """(column, hash) keys of the first value among tag, word, dependency that the
    token's spec fixes exactly or to a list."""
    for column, name in enumerate(FILED_BY):
        wanted = spec.get(name)
        if isinstance(wanted, str):
            yield column, strings.add(wanted)
            return
        if isinstance(wanted, dict) and set(wanted) == {"IN"}:
            for value in wanted["IN"]:
                yield column, strings.add(value)
            return


def _token_tests(pattern: list[dict], strings: StringStore) -> tuple:
    return tuple(
        tuple((COLUMN_OF.get(name), _test(name, wanted, strings)) for name, wanted in spec.items())
        for spec in pattern
    )


def _test(name: str, wanted: object, strings: StringStore) -> Test:
    """A test on the attribute's array value, as spaCy's Matcher reads the spec."""
    if name not in READ:
        raise ValueError(f"attribute ruler pattern on {name}: not handled by the table")
    if isinstance(wanted, bool):
        return lambda value: bool(value) == wanted
    if isinstance(wanted, str):
        expected = strings.add(wanted)
        return lambda value: value == expected
    if isinstance(wanted, dict) and len(wanted) == 1:
        ((operator, operand),) = wanted.items()
        if operator == "IN":
            accepted = {strings.add(item) for item in operand}
            return lambda value: value in accepted
        if operator == "NOT_IN":
            refused = {strings.add(item) for item in operand}
            return lambda value: value not in refused
        if operator == "REGEX":
            return _regex_test(re.compile(operand), strings)
    raise ValueError(f"attribute ruler pattern {name}: {wanted!r} is not handled by the table")


def _regex_test(pattern: re.Pattern, strings: StringStore) -> Test:
    found: dict[int, bool] = {}

    def test(value: int) -> bool:
        if value not in found:
            if len(found) >= KEPT:
                found.clear()
            found[value] = pattern.search(strings[value]) is not None
        return found[value]

    return test


class LemmaTable:
    """The model's rule lemmatizer, its answers kept by word, part of speech and
    morphology."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = keys[:, 3].copy()
        overwrite = self.lemmatizer.overwrite
        for at, (orth, pos, morph, lemma) in enumerate(keys.tolist()):
            if lemma == 0 or overwrite:
                lemmas[at] = self._lemma(doc, at, (orth, pos, morph))
        return doc.from_array([LEMMA], lemmas)

    def _lemma(self, doc: Doc, at: int, key: tuple[int, int, int]) -> int:
        lemma = self._lemmas.get(key)
        if lemma is None:
            if len(self._lemmas) >= KEPT:
                self._lemmas.clear()
            written = self.lemmatizer.lemmatize(doc[at])[0]
            lemma = self._lemmas[key] = doc.vocab.strings.add(written)
        return lemma


@Language.factory("attribute_table", requires=["token.tag", "token.dep"])
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """The table made from the model's own ruler (which must still be in the pipeline)."""
    return AttributeTable(nlp.get_pipe(RULER))


@Language.factory("lemma_table", requires=["token.pos"], assigns=["token.lemma"])
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    """The table over the model's own lemmatizer (which must still be in the pipeline)."""
    return LemmaTable(nlp.get_pipe(LEMMATIZER))


def use_tables(nlp: Language) -> None:
    """Put each table where the model's component was."""
    for component, table in ((RULER, "attribute_table"), (LEMMATIZER, "lemma_table")):
        if component in nlp.pipe_names:
            nlp.add_pipe(table, before=component)
            nlp.remove_pipe(component)
