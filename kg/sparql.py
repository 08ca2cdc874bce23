"""SPARQL as users of RDF tools expect it: the graph's prefixes declared for them,
parameters bound by name, typed results, and a syntax error told in one line that
says where it is and, when it can, what was meant.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.model import KgError

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD_NS + "string"
LANG_STRING = RDF_NS + "langString"

# Every prefix a query on the graph may use without declaring it; a query's own
# PREFIX line wins. The same as the exports', with rdf and the places' namespaces.
PREFIXES = {
    "dkg": "https://w3id.org/diplomatic-kg/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": RDF_NS,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": XSD_NS,
}

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
KEYWORDS = (
    *FORMS, "WHERE", "PREFIX", "BASE", "DISTINCT", "REDUCED", "FROM", "NAMED", "GRAPH",
    "OPTIONAL", "FILTER", "UNION", "MINUS", "BIND", "VALUES", "SERVICE", "EXISTS", "NOT",
    "GROUP", "ORDER", "BY", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "AS", "COUNT",
    "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "STR", "LANG",
    "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "CONTAINS", "STRSTARTS",
    "STRENDS", "REGEX", "SUBSTR", "STRLEN", "LCASE", "UCASE", "COALESCE", "IF", "YEAR",
    "MONTH", "DAY", "NOW", "ISIRI", "ISLITERAL", "ISBLANK", "REPLACE", "CONCAT", "IN",
)  # fmt: skip
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_WORD = re.compile(r"[A-Za-z_]+")
_PREFIXED = re.compile(r"(?<![\w?$<\"'])([A-Za-z][\w.-]*)?:(?=[\w%\\])")
_OPTION = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\s][^,]*')
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.I)


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a query's answer, with its type: an IRI, a blank node or a literal."""

    kind: str  # "uri", "bnode", "literal" or "triple" (RDF-star)
    value: str
    datatype: str | None = None  # literals only; None for a language-tagged one
    language: str | None = None

    def nt(self) -> str:
        """The term as N-Triples writes it (also valid Turtle and SPARQL)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return self.value
        quoted = '"' + _escaped(self.value) + '"'
        if self.language:
            return f"{quoted}@{self.language}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{quoted}^^<{self.datatype}>"
        return quoted

    def json(self) -> dict[str, str]:
        """The term as the W3C SPARQL 1.1 JSON results format writes it."""
        if self.kind in ("uri", "bnode"):
            return {"type": self.kind, "value": self.value}
        if self.kind == "triple":
            return {"type": "literal", "value": self.value}
        found = {"type": "literal", "value": self.value}
        if self.language:
            found["xml:lang"] = self.language
        elif self.datatype and self.datatype != XSD_STRING:
            found["datatype"] = self.datatype
        return found


def _escaped(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        .replace("\t", "\\t")
    )  # fmt: skip


def term_of(term: object) -> Term | None:
    """A pyoxigraph term as a Term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Term("literal", term.value, None, term.language)
        return Term("literal", term.value, term.datatype.value)
    return Term("triple", str(term))


# ---------------------------------------------------------------- parameters
def parse_param(text: str) -> tuple[str, Term]:
    """`name=value` of --param as a variable's name and the term it is bound to.

    The value is read as SPARQL writes terms: <IRI>, a prefixed name (dkg:Backing),
    "text", "text"@en, a whole or decimal number, true or false, or a date
    (YYYY-MM-DD). Anything else is text: `--param country=GBR` binds "GBR".
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise KgError(f"--param {text!r}: give it as NAME=VALUE, e.g. --param from=2021-10-01")
    return name, _param_term(value.strip(), text)


def _param_term(value: str, text: str) -> Term:
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return Term("uri", value[1:-1])
    quoted = re.fullmatch(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?', value, re.S)
    if quoted:
        return Term("literal", quoted.group(1), None if quoted.group(2) else XSD_STRING,
                    quoted.group(2))  # fmt: skip
    prefixed = re.fullmatch(r"([A-Za-z][\w.-]*)?:([\w.-]*)", value)
    if prefixed:
        namespace = PREFIXES.get(prefixed.group(1) or "")
        if namespace is None:
            known = ", ".join(sorted(PREFIXES))
            raise KgError(f"--param {text!r}: unknown prefix {prefixed.group(1)!r} ({known})")
        return Term("uri", namespace + prefixed.group(2))
    if re.fullmatch(r"[+-]?\d+", value):
        return Term("literal", value, XSD_NS + "integer")
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return Term("literal", value, XSD_NS + "decimal")
    if value in ("true", "false"):
        return Term("literal", value, XSD_NS + "boolean")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise KgError(f"--param {text!r}: {value} is not a day of the calendar") from None
        return Term("literal", value, XSD_NS + "date")
    return Term("literal", value, XSD_STRING)


def bind_params(sparql: str, params: dict[str, Term]) -> str:
    """The query with each parameter bound by a VALUES line opening its WHERE pattern, so
    the value is there for every BIND and FILTER of it, as if written in the query.

    Each parameter must name a variable of the query: a misspelt name would bind nothing.
    """
    if not params:
        return sparql
    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}(?!\w)", sparql):
            raise KgError(f"--param {name}: the query has no variable ?{name}")
    opening = _pattern_start(sparql)
    if opening is None:
        raise KgError("--param: the query has no WHERE pattern to bind it in")
    values = " ".join(f"VALUES ?{name} {{ {term.nt()} }}" for name, term in params.items())
    # on the line of the brace, so the engine's line numbers stay the query's own
    return f"{sparql[: opening + 1]} {values} {sparql[opening + 1 :]}"


def _pattern_start(sparql: str) -> int | None:
    """Where the brace opening the query's WHERE pattern is (past a CONSTRUCT template)."""
    braces = [i for i, char in _code(sparql) if char == "{"]
    if not braces:
        return None
    form = _WORD.match(_without_prologue(sparql))
    if form is None or form.group().upper() != "CONSTRUCT":
        return braces[0]
    if re.search(r"WHERE\s*$", sparql[: braces[0]], re.I):
        # CONSTRUCT WHERE { ... }: the pattern is the template too, where VALUES cannot go
        raise KgError("--param: write the query as CONSTRUCT { ... } WHERE { ... } to bind it")
    template_end = _closing(sparql, braces[0])
    return next((i for i in braces if template_end is not None and i > template_end), None)


def _closing(sparql: str, opening: int) -> int | None:
    depth = 0
    for i, char in _code(sparql):
        if i < opening or char not in "{}":
            continue
        depth += 1 if char == "{" else -1
        if depth == 0:
            return i
    return None


def _code(sparql: str):
    """(offset, character) of the query outside comments, strings and IRIs."""
    i, size = 0, len(sparql)
    while i < size:
        char = sparql[i]
        if char == "#":
            i = sparql.find("\n", i)
            i = size if i < 0 else i
            continue
        if char in "\"'":
            quote = char * 3 if sparql.startswith(char * 3, i) else char
            i += len(quote)
            while i < size and not sparql.startswith(quote, i):
                i += 2 if sparql[i] == "\\" else 1
            i += len(quote)
            continue
        if char == "<":
            iri = re.match(r"<[^<>\"{}|^`\\\s]*>", sparql[i:])
            if iri:
                i += iri.end()
                continue
        yield i, char
        i += 1


# ---------------------------------------------------------------- errors
def syntax_message(error: str, sparql: str) -> str:
    """The query engine's syntax error as one line: where, what was expected, and a hint."""
    found = _POSITION.match(error.strip())
    if found is None:
        return f"query: {error.strip().splitlines()[0] if error.strip() else 'syntax error'}"
    line, column, expected = int(found.group(1)), int(found.group(2)), found.group(3)
    where = f"query: line {line}, column {column}"
    form = _misspelt_form(sparql)
    if form is not None:
        return f"{where}: {form}"
    if "Prefix not found" in expected:
        unknown = _unknown_prefix(sparql)
        if unknown is not None:
            known = ", ".join(sorted(PREFIXES))
            return f"{where}: unknown prefix {unknown!r} (declared for every query: {known})"
    hint = _misspelt_keyword(sparql, line, column)
    if hint is not None:
        return f"{where}: {hint}"
    if _at_end(sparql, line, column):
        return f"{where}: the query ends too soon: is a {{, ( or quotation mark left open?"
    return f"{where}: {_expected(expected)}"


def _misspelt_form(sparql: str) -> str | None:
    body = _without_prologue(sparql)
    word = _WORD.match(body)
    if word is None or word.group().upper() in FORMS:
        return None
    close = difflib.get_close_matches(word.group().upper(), FORMS, n=1, cutoff=0.6)
    if close:
        return f"{word.group()!r} is no query form: did you mean {close[0]}?"
    return f"{word.group()!r} is no query form: a query starts with {', '.join(FORMS)}"


def _without_prologue(sparql: str) -> str:
    text = re.sub(r"#[^\n]*", "", sparql)
    return re.sub(r"^\s*((PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", text, flags=re.I)


def _unknown_prefix(sparql: str) -> str | None:
    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)} | set(PREFIXES)
    text = re.sub(r"<[^>\s]*>|\"[^\"]*\"|'[^']*'|#[^\n]*", " ", sparql)
    for used in _PREFIXED.finditer(text):
        if (used.group(1) or "") not in declared:
            return f"{used.group(1) or ''}:"
    return None


def _misspelt_keyword(sparql: str, line: int, column: int) -> str | None:
    """A word near the error that is no keyword but close to one: 'did you mean FILTER?'"""
    lines = sparql.splitlines()
    if not 0 < line <= len(lines):
        return None
    before = lines[line - 1][: column + 1]
    for word in reversed(re.findall(r"(?<![?$:\w])[A-Za-z_]{3,}(?![\w:])", before)):
        if word.upper() in KEYWORDS:
            continue
        close = difflib.get_close_matches(word.upper(), KEYWORDS, n=1, cutoff=0.75)
        if close:
            return f"{word!r} is no SPARQL word: did you mean {close[0]}?"
    return None


def _at_end(sparql: str, line: int, column: int) -> bool:
    lines = sparql.rstrip().splitlines()
    return line > len(lines) or (line == len(lines) and column > len(lines[-1]))


def _expected(text: str) -> str:
    """The parser's "expected one of ..." without its character classes."""
    text = " ".join(text.split())
    head, sep, rest = text.partition("expected one of ")
    if not sep:
        return text
    options = [o for o in _OPTION.findall(rest) if not o.startswith("[")]
    shown = ", ".join(options[:6]) + (", ..." if len(options) > 6 else "")
    return f"{head}expected one of {shown}" if shown else "unexpected text"
