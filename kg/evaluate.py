"""Score an exported graph against a gold annotation (the seed-gold.json format).

Four areas, each as precision / recall / F1 with tp, fp and fn:

- **backers**: every exported statement is matched to the gold statement whose
  named backers it overlaps most (Jaccard, +0.5 when the deliverer agrees; the
  dates must agree to the month); then (statement, country) pairs are counted.
- **officials**: a person matches a gold official when the normalised gold
  name equals, or is contained in, one of its labels; affiliation accuracy is
  checked on the matches.
- **quote_speaker_pairs**: a quote matches a gold quote of the same article
  when the first 40 normalised characters of the gold text occur in it (or it
  occurs inside the gold text); the pair is right when the speaker is the
  gold speaker (an official's name, a country's ISO3, a gold statement via the
  statement match, or "ISO3 foreign ministry") or one of its alternatives.
- **event_dates**: per article, the set of event dates (cut to the stated
  precision) against the gold dates and the acceptable extra dates.

Gold items marked ``"required": false`` are neither required nor penalised.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import rdflib
from rdflib import RDF, RDFS
from rdflib.namespace import DCTERMS

from kg.model import KgError
from kg.vocab import DKG

ISO3 = re.compile(r"[A-Z]{3}")
QUOTE_PREFIX = 40
SINGLE_MARKS = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`"), "'")
DOUBLE_MARKS = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"')


# ---------------------------------------------------------------- helpers
def normalise(text: str) -> str:
    """Fold case, accents, quote marks and white space, so equal words compare equal."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.translate(SINGLE_MARKS).translate(DOUBLE_MARKS).replace("\u2026", "...")
    return " ".join(text.split()).strip('"').strip().casefold()


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _ratio(ok: int, total: int) -> float | None:
    return round(ok / total, 3) if total else None


def _required(entry: dict) -> bool:
    return entry.get("required", True) is not False


def article_key(name: str) -> str:
    """Gold names an article by the digits before "_" in its file name, else by its stem."""
    stem = re.sub(r"\.(txt|md|html?|json)$", "", name.rsplit("/", 1)[-1])
    digits = re.match(r"(\d{3})_", stem)
    return digits.group(1) if digits else stem


class _View:
    """Triple-pattern lookups over the export, keyed by node."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.g = graph

    def typed(self, cls: rdflib.URIRef) -> list[rdflib.term.Node]:
        return sorted(set(self.g.subjects(RDF.type, cls)), key=str)

    def strings(self, node: rdflib.term.Node, prop: rdflib.URIRef) -> set[str]:
        return {str(o) for o in self.g.objects(node, prop)}

    def isos(self, node: rdflib.term.Node, prop: rdflib.URIRef) -> set[str]:
        return {
            iso.upper() for o in self.g.objects(node, prop) for iso in self.strings(o, DKG.iso3)
        }

    def article_keys(self, node: rdflib.term.Node) -> list[str]:
        keys = set()
        for art in self.g.objects(node, DKG.mentionedIn):
            ident = self.strings(art, DCTERMS.identifier) or {str(art).rsplit("/", 1)[-1]}
            keys |= {article_key(i) for i in ident}
        return sorted(keys)


# ---------------------------------------------------------------- statements
def _dates_compatible(gold_date: str | None, dates: set[str]) -> bool:
    """Equal at the coarser of the two precisions, never finer than a month."""
    if not gold_date or not dates:
        return True
    return any(d[:n] == gold_date[:n] for d in dates for n in [min(len(d), len(gold_date), 7)])


def _best_gold(info: dict, gold_statements: list[dict]) -> str | None:
    best, best_score = None, 0.0
    for gs in gold_statements:
        named = set(gs["named_backers"])
        overlap = len(info["backers"] & named)
        if not overlap or not _dates_compatible(gs.get("date"), info["dates"]):
            continue
        score = overlap / len(info["backers"] | named)
        if gs.get("delivered_by") in info["leads"]:
            score += 0.5
        if score > best_score:
            best, best_score = gs["id"], score
    return best


def _statement_info(view: _View) -> dict[str, dict]:
    info = {}
    for s in view.typed(DKG.Statement):
        info[str(s)] = {
            "backers": view.isos(s, DKG.backedBy),
            "dates": view.strings(s, DKG.date),
            "leads": view.isos(s, DKG.deliveredBy),
            "stances": {
                (str(st).rsplit("#", 1)[-1].lower(), t)
                for st in view.g.objects(s, DKG.stance)
                for t in view.isos(s, DKG.target) or {""}
            },
            "counters": view.strings(s, DKG.counters),
            "counts": {int(float(n)) for n in view.strings(s, DKG.declaredBackerCount)},
            "minimums": {int(float(n)) for n in view.strings(s, DKG.declaredBackerMinimum)},
        }
    return info


def _attribute_checks(gold: dict, info: dict, match: dict[str, str]) -> dict[str, float | None]:
    """How often a matched statement carries the gold deliverer, stance, date and counter."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for gs in filter(_required, gold.get("statements", [])):
        nodes = [info[s] for s, gid in match.items() if gid == gs["id"]]
        checks = []
        exact, least = gs.get("declared_backers"), gs.get("declared_backers_min")
        if exact is not None or least is not None:
            checks.append(("declared_count", any(_count_ok(exact, least, n) for n in nodes)))
        if gs.get("delivered_by"):
            checks.append(("lead", any(gs["delivered_by"] in n["leads"] for n in nodes)))
        for target, stance in (gs.get("stance") or {}).items():
            checks.append(("stance", any((stance, target) in n["stances"] for n in nodes)))
        if gs.get("date"):
            day = gs["date"]
            same = any(d.startswith(day) or day.startswith(d) for n in nodes for d in n["dates"])
            checks.append(("date", same))
        if gs.get("counters"):
            answered = {s for s, gid in match.items() if gid == gs["counters"]}
            checks.append(("counters", any(n["counters"] & answered for n in nodes)))
        for name, ok in checks:
            tally[name][0] += ok
            tally[name][1] += 1
    names = ("declared_count", "lead", "stance", "date", "counters")
    return {f"{k}_accuracy": _ratio(*tally[k]) for k in names}


def _count_ok(exact: int | None, least: int | None, node: dict) -> bool:
    if exact is not None and exact in node["counts"]:
        return True
    return least is not None and (
        least in node["minimums"] or any(c >= least for c in node["counts"])
    )


def score_backers(gold: dict, view: _View) -> tuple[dict, dict[str, str]]:
    """Backer pairs, and which gold statement each exported statement stands for."""
    info = _statement_info(view)
    match = {s: gid for s, i in info.items() if (gid := _best_gold(i, gold.get("statements", [])))}
    named = {gs["id"]: set(gs["named_backers"]) for gs in gold.get("statements", [])}
    fp = 0
    found: dict[str, set[str]] = defaultdict(set)
    for s, i in info.items():
        gid = match.get(s)
        right = named[gid] & i["backers"] if gid else set()
        fp += len(i["backers"] - right)
        if gid:
            found[gid] |= right
    required = [gs["id"] for gs in gold.get("statements", []) if _required(gs)]
    tp = sum(len(found[gid]) for gid in required)
    fn = sum(len(named[gid] - found[gid]) for gid in required)
    return {"backers": prf(tp, fp, fn), **_attribute_checks(gold, info, match)}, match


# ---------------------------------------------------------------- officials
def score_officials(gold: dict, view: _View) -> dict:
    by_name = {normalise(o["name"]): o for o in gold.get("officials", [])}
    hits: dict[str, list] = defaultdict(list)
    fp = 0
    for person in view.typed(DKG.Official):
        labels = sorted(normalise(label) for label in view.strings(person, RDFS.label))
        if not labels:
            continue
        official = next(
            (
                o
                for label in labels
                for name, o in by_name.items()
                if name == label or name in label
            ),
            None,
        )
        if official is None:
            fp += 1
        else:
            hits[official["name"]].append(person)
    tp = fn = affiliated = 0
    for official in filter(_required, gold.get("officials", [])):
        people = hits.get(official["name"], [])
        if not people:
            fn += 1
            continue
        tp += 1
        affiliated += any(_affiliation_ok(official, view, p) for p in people)
    return {"officials": prf(tp, fp, fn), "affiliation_accuracy": _ratio(affiliated, tp)}


def _affiliation_ok(official: dict, view: _View, person: rdflib.term.Node) -> bool:
    if official.get("country"):
        return official["country"] in view.isos(person, DKG.represents)
    return any(
        (o, RDF.type, DKG.Organization) in view.g for o in view.g.objects(person, DKG.represents)
    )


# ---------------------------------------------------------------- quotes
def _speaker_matches(view: _View, speaker, want: str, match: dict[str, str], ids: set[str]) -> bool:
    labels = {normalise(label) for label in view.strings(speaker, RDFS.label)}
    if ISO3.fullmatch(want):
        return want in {i.upper() for i in view.strings(speaker, DKG.iso3)}
    if want in ids:
        return match.get(str(speaker)) == want
    if want.endswith("foreign ministry"):
        iso = want.split()[0]
        ministry = any("ministry" in label or "foreign" in label for label in labels)
        return ministry and iso in view.isos(speaker, DKG.represents)
    name = normalise(want)
    return any(name == label or name in label for label in labels)


def _find_gold_quote(text: str, candidates: list[dict], used: set[int]) -> int | None:
    t = normalise(text)
    for i, gq in enumerate(candidates):
        whole = normalise(gq["text"])
        if i in used or not whole:
            continue
        if whole[:QUOTE_PREFIX] in t or (len(t) >= 8 and t in whole):
            return i
    return None


def score_quotes(gold: dict, view: _View, match: dict[str, str]) -> dict:
    by_article: dict[str, list[dict]] = defaultdict(list)
    for gq in gold.get("quotes", []):
        by_article[gq["article"]].append(gq)
    ids = {gs["id"] for gs in gold.get("statements", [])}
    used: dict[str, set[int]] = defaultdict(set)
    tp_span = fp_span = tp_pair = wrong_speaker = right_required = checked = 0
    for quote in view.typed(DKG.Quote):
        speakers = sorted(view.g.objects(quote, DKG.speaker), key=str)
        for text in sorted(view.strings(quote, DKG.text)):
            for key in view.article_keys(quote):
                hit = _find_gold_quote(text, by_article.get(key, []), used[key])
                if hit is None:
                    fp_span += 1
                    continue
                used[key].add(hit)
                tp_span += 1
                gq = by_article[key][hit]
                wants = [gq["speaker"], *gq.get("alt_speakers", [])]
                ok = any(_speaker_matches(view, s, w, match, ids) for s in speakers for w in wants)
                tp_pair += ok
                wrong_speaker += not ok
                if _required(gq):
                    checked += 1
                    right_required += ok
    required = [(a, i) for a, qs in by_article.items() for i, gq in enumerate(qs) if _required(gq)]
    missed = sum(1 for a, i in required if i not in used[a])
    return {
        "quote_spans": prf(tp_span, fp_span, missed),
        # a quote found with the wrong speaker is a wrong pair and a missed pair at once
        "quote_speaker_pairs": prf(tp_pair, fp_span + wrong_speaker, missed + wrong_speaker),
        "speaker_accuracy": _ratio(right_required, checked),
    }


# ---------------------------------------------------------------- events
def _cut(date: str, precision: str | None) -> str:
    return date[: {"month": 7, "year": 4}.get((precision or "").lower(), len(date))]


def score_events(gold: dict, view: _View) -> dict:
    found: dict[str, set[str]] = defaultdict(set)
    for event in view.typed(DKG.Event):
        precisions = view.strings(event, DKG.datePrecision) or {""}
        for date in view.strings(event, DKG.date):
            for key in view.article_keys(event):
                found[key] |= {_cut(date, p) for p in precisions}
    tp = fn = 0
    for ge in filter(_required, gold.get("events", [])):
        hit = ge["date"] in found.get(ge["article"], set())
        tp += hit
        fn += not hit
    acceptable = gold.get("acceptable_dates", {})
    fp = 0
    for key, dates in found.items():
        allowed = {ge["date"] for ge in gold.get("events", []) if ge["article"] == key}
        fp += len(dates - allowed - set(acceptable.get(key, [])))
    return {"event_dates": prf(tp, fp, fn)}


# ---------------------------------------------------------------- blocs
def score_blocs(gold: dict, blocs: dict) -> dict:
    """Share of gold country pairs that a bloc report puts together or apart as the gold does."""
    got = {m.upper(): b.get("id") for b in blocs.get("blocs", []) for m in b.get("members", [])}
    want = {c: name for name, members in gold.get("blocs", {}).items() for c in members}
    countries = sorted(want)
    pairs = [(a, b) for i, a in enumerate(countries) for b in countries[i + 1 :]]
    same = sum(
        (want[a] == want[b]) == (a in got and b in got and got[a] == got[b]) for a, b in pairs
    )
    return {"bloc_pair_agreement": _ratio(same, len(pairs))}


# ---------------------------------------------------------------- entry points
def evaluate(gold: dict, graph: rdflib.Graph, *, blocs: dict | None = None) -> dict:
    """All scores of `graph` against `gold`; with `blocs` (kg.blocs.to_json output) also blocs."""
    if not isinstance(gold, dict):
        raise KgError("the gold annotation must be a JSON object (see seed-gold.json)")
    view = _View(graph)
    scores: dict = {"triples": len(graph)}
    backers, match = score_backers(gold, view)
    scores.update(backers)
    scores.update(score_officials(gold, view))
    scores.update(score_quotes(gold, view, match))
    scores.update(score_events(gold, view))
    if blocs is not None:
        scores.update(score_blocs(gold, blocs))
    return scores


def _lines(scores: dict) -> Iterable[str]:
    width = max((len(k) for k in scores), default=0) + 2
    for name, value in scores.items():
        if isinstance(value, dict):
            yield (
                f"{name:<{width}}P {value['precision']:.3f}  R {value['recall']:.3f}  "
                f"F1 {value['f1']:.3f}   (tp {value['tp']}, fp {value['fp']}, fn {value['fn']})"
            )
        else:
            yield f"{name:<{width}}{'-' if value is None else value}"


def format_table(scores: dict) -> str:
    """The scores as an aligned plain-text table, one area per line."""
    return "\n".join(_lines(scores))
