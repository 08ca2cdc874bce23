"""One node per real thing: the same statement, official and quote across two articles."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from kg.graph import date_literal
from kg.model import DateValue
from kg.nlp import parse_article
from kg.pipeline import build_graph, extract_article
from kg.resolve import quote_digest, quote_words, resolve, resolve_in_order
from kg.store import union_graph
from kg.vocab import DKG
from tests.conftest import make_article

FIRST = (
    "Canada's UN Ambassador Bob Rae delivered a joint statement on behalf of 40 countries "
    "including Germany, Japan and Australia on Tuesday, condemning Russia.\n\n"
    "“We will not be silent,” Rae said."
)
SECOND = (
    "Forty countries led by Canada criticised Russia at the United Nations on Tuesday.\n\n"
    "Signatories included Germany, Japan and Norway.\n\n"
    "“We will not be silent,” Canada's UN Ambassador Bob Rae said."
)


def extract_texts(texts, published: str = "2022-10-13"):
    """Each (article id, text) pair read and extracted as one article."""
    out = []
    for article_id, text in texts:
        article = make_article(text, published, article_id)
        out.append(extract_article(article, parse_article(article)))
    return out


def extractions():
    return extract_texts((("a1", FIRST), ("a2", SECOND)))


def test_statement_reported_twice_is_one_node():
    resolution = resolve(extractions())
    assert len(resolution.statements) == 1
    node = resolution.statements[0]
    assert set(node.articles) == {"a1", "a2"}


def test_statements_aimed_at_different_states_stay_apart():
    texts = (
        ("b1", "Canada, Norway and Japan signed a joint statement criticising Iran."),
        ("b2", "Canada, Norway and Japan signed a joint statement criticising Belarus."),
    )
    found = extract_texts(texts)
    assert len(resolve(found).statements) == 2


def test_a_declaration_listing_the_count_another_report_gives_is_that_statement():
    texts = (
        ("d1", "Four countries including Canada urged Belarus on Friday to free the detainees."),
        ("d2", "The declaration was issued on Friday by Canada, Chile, Peru and Japan."),
    )  # fmt: skip
    found = extract_texts(texts)
    assert len(resolve(found).statements) == 1
    other = (texts[0], ("d3", "The declaration was issued on Friday by Canada, Chile and Peru."))
    assert len(resolve(extract_texts(other)).statements) == 2


def test_votes_with_the_same_usual_opponents_but_other_tallies_stay_apart():
    texts = (
        ("v1", "The Assembly adopted a resolution by 100 votes to 11.\n\n"
               "Cuba, Syria, Belarus and Nicaragua voted against."),
        ("v2", "The Council adopted a resolution by 22 votes to 11.\n\n"
               "Cuba, Syria, Belarus and Eritrea voted against."),
    )  # fmt: skip
    found = extract_texts(texts)
    assert len(resolve(found).statements) == 2


def test_graph_merges_backers_and_keeps_provenance_per_article():
    graph = union_graph(build_graph(extractions()))
    statements = list(graph.subjects(RDF.type, DKG.Statement))
    assert len(statements) == 1
    statement = statements[0]
    backers = {str(graph.value(c, DKG.iso3)) for c in graph.objects(statement, DKG.backedBy)}
    assert {"CAN", "DEU", "JPN", "AUS", "NOR"} <= backers
    assert len(set(graph.objects(statement, DKG.mentionedIn))) == 2


def test_official_and_quote_are_one_node_each():
    graph = union_graph(build_graph(extractions()))
    officials = [o for o in graph.subjects(RDF.type, DKG.Official)]
    assert [str(graph.value(o, DKG.title) or "") for o in officials].count("UN Ambassador") == 1
    quotes = list(graph.subjects(RDF.type, DKG.Quote))
    assert len(quotes) == 1
    assert len(set(graph.objects(quotes[0], DKG.mentionedIn))) == 2


def test_quote_words_ignore_marks_and_spacing():
    assert quote_words("“We will  not be silent,”") == quote_words('"We will not be silent,"')
    assert quote_digest("It’s fine.") == quote_digest("It's fine")


def test_date_literal_types_follow_precision():
    day = DateValue("on Tuesday", "day", dt.date(2019, 10, 29))
    month = DateValue("in July", "month", dt.date(2019, 7, 1))
    year = DateValue("in 2019", "year", dt.date(2019, 1, 1))

    def typed(lexical: str, datatype) -> ox.Literal:
        return ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))

    assert date_literal(day) == typed("2019-10-29", XSD.date)
    assert date_literal(month) == typed("2019-07", XSD.gYearMonth)
    assert date_literal(year) == typed("2019", XSD.gYear)


def _official(name, country=None, organization=None):
    from kg.model import OfficialMention, Span

    return OfficialMention(
        key=name, name=name, span=Span(0, len(name)), country=country, organization=organization
    )


def _with_officials(article_id, *officials):
    from kg.model import Extraction

    return Extraction(article=make_article("x", article_id=article_id), officials=list(officials))


def test_officials_share_a_node_by_name_and_side():
    resolution = resolve(
        [
            _with_officials("a1", _official("Zhang Jun", "CHN"), _official("Wang Yi", "CHN")),
            _with_officials("a2", _official("Zhang Jun", "CHN"), _official("Wang Wenbin", "CHN")),
            _with_officials("a3", _official("Zhang", "CHN")),
        ]
    )
    names = sorted(node.name for node in resolution.officials)
    assert names == ["Wang Wenbin", "Wang Yi", "Zhang Jun"]
    zhang = next(n for n in resolution.officials if n.name == "Zhang Jun")
    assert _articles_of(resolution, resolution.officials_in, zhang.slug) == {"a1", "a2", "a3"}
    assert (zhang.mentions, zhang.last_article) == (3, "a3")


def test_same_name_speaking_for_different_states_stays_apart():
    resolution = resolve(
        [
            _with_officials("a1", _official("John Smith", "GBR")),
            _with_officials("a2", _official("John Smith", "USA")),
        ]
    )
    assert len(resolution.officials) == 2


def test_lone_surname_shared_by_two_people_is_not_merged():
    resolution = resolve(
        [
            _with_officials("a1", _official("Wang Yi", "CHN"), _official("Wang Wenbin", "CHN")),
            _with_officials("a2", _official("Wang", "CHN")),
        ]
    )
    assert sorted(n.name for n in resolution.officials) == ["Wang", "Wang Wenbin", "Wang Yi"]


VOTE_A = (
    "The UN General Assembly on Wednesday voted 141-5 to demand that Russia withdraw from "
    "Ukraine, with 35 abstentions.\n\nRussia, Belarus, North Korea, Eritrea and Syria voted against."
)
VOTE_B = (
    "A resolution demanding that Russia withdraw its troops from Ukraine was adopted by the "
    "General Assembly on Wednesday by 141 votes to 5, with 35 abstentions.\n\nChina, India and "
    "South Africa abstained, while Belarus and Syria joined Russia in voting no."
)


def test_one_vote_reported_by_two_outlets_in_different_words_is_one_node():
    extractions = []
    for article_id, text, published in (("va", VOTE_A, "2022-03-02"), ("vb", VOTE_B, "2022-03-03")):
        article = make_article(text, published, article_id)
        extractions.append(extract_article(article, parse_article(article)))
    graph = union_graph(build_graph(extractions))
    (vote,) = list(graph.subjects(RDF.type, DKG.Statement))
    against = {str(graph.value(c, DKG.iso3)) for c in graph.objects(vote, DKG.votedAgainst)}
    abstained = {str(graph.value(c, DKG.iso3)) for c in graph.objects(vote, DKG.abstainedOn)}
    assert against == {"RUS", "BLR", "PRK", "ERI", "SYR"}
    assert abstained == {"CHN", "IND", "ZAF"}
    assert int(graph.value(vote, DKG.declaredBackerCount)) == 141
    assert int(graph.value(vote, DKG.declaredAgainstCount)) == 5
    assert int(graph.value(vote, DKG.declaredAbstentionCount)) == 35
    assert str(graph.value(vote, DKG.date)) == "2022-03-02"


def test_statement_links_to_the_event_it_was_made_at_once_for_both_reports():
    graph = union_graph(build_graph(extractions()))
    (statement,) = list(graph.subjects(RDF.type, DKG.Statement))
    events = list(graph.objects(statement, DKG.atEvent))
    assert len(events) == 1
    (event,) = events
    assert str(graph.value(event, DKG.date)) == "2022-10-11"
    assert len(set(graph.objects(event, DKG.mentionedIn))) == 2


def test_backing_records_name_their_rule_in_the_graph():
    article = make_article("The letter was signed by Germany, Chile and Japan.", "2022-10-13", "r1")
    graph = union_graph(build_graph([extract_article(article, parse_article(article))]))
    rules = {str(o) for o in graph.objects(None, DKG.extractedBy)}
    assert rules == {"agent-of-backing-verb"}


def test_a_bare_report_of_a_text_joins_the_report_that_names_its_backers():
    texts = (
        ("c1", "More than 50 countries back the genocide case against Israel."),
        ("c2", "Chile and Peru back South Africa's genocide case against Israel."),
    )
    found = extract_texts(texts, "2024-01-10")
    assert len(resolve(found).statements) == 1


def test_one_body_s_texts_aimed_the_same_way_are_its_one_communique():
    texts = (
        ("e1", "Southern leaders, with Zambia at their head, threatened sanctions against "
               "Lesotho.\n\nAfter an emergency meeting of the heads of the Southern African "
               "Development Community, a statement said: “We act.”"),
        ("e2", "Leaders of the Southern African Development Community met in Gaborone.\n\n"
               "They called for the full restoration of constitutional order in Lesotho.\n\n"
               "The summit was attended by Presidents Ana Ruiz of Malawi and Li Wei of Angola."),
    )  # fmt: skip
    (node,) = resolve(extract_texts(texts)).statements
    assert set(node.articles) == {"e1", "e2"}


def test_each_mention_is_told_which_node_it_joined():
    """The writer finds a mention's node by its article and place: every mention has one,
    and that node counts the mention's article."""
    made = extractions()
    res = resolve(made)
    kinds = (
        ("statements", res.statements_in, res.statements, "slug"),
        ("officials", res.officials_in, res.officials, "slug"),
        ("quotes", res.quotes_in, res.quotes, "digest"),
        ("events", res.events_in, res.events, "slug"),
    )
    for ex in made:
        article = ex.article.id
        for part, placed, nodes, key in kinds:
            found = placed(article)
            assert len(found) == len(getattr(ex, part))
            for name in found:
                (node,) = [n for n in nodes if getattr(n, key) == name]
                last = node.articles[-1] if part == "statements" else node.last_article
                assert last >= article  # articles come in order: the node's last is no earlier
    assert sum(n.mentions for n in res.quotes) == sum(len(ex.quotes) for ex in made) == 2
    assert sum(n.mentions for n in res.officials) == 2
    assert sum(n.mentions for n in res.events) == 2


def _articles_of(res, placed, name: str) -> set[str]:
    """The articles whose mentions the resolution placed on that node."""
    return {article for article in res.placed if name in placed(article)}


def _contents(res) -> tuple:
    """Every node and placement of a resolution, as plain values."""
    placed = {a: (res.placed[a], res.statements_in(a)) for a in res.placed}
    nodes = (res.statements, res.officials, res.quotes, res.events)
    return (*map(list, nodes), res.organizations, placed)


def test_resolving_in_order_from_a_reader_is_resolving_the_list():
    made = extractions()
    in_order = resolve_in_order(lambda: iter(sorted(made, key=lambda e: e.article.id)))
    assert _contents(in_order) == _contents(resolve(list(reversed(made))))


def test_nodes_kept_in_a_scratch_file_are_the_nodes_kept_in_memory(tmp_path):
    from kg import shelf

    made = sorted(extractions(), key=lambda e: e.article.id)
    in_memory = resolve_in_order(lambda: made)
    with mock.patch.object(shelf, "HELD", 1):  # every node goes to the file and back
        on_disk = resolve_in_order(lambda: made, shelf.Shelves(tmp_path / "scratch.sqlite"))
    assert _contents(on_disk) == _contents(in_memory)
    on_disk.clear()
