"""Find date expressions in news sentences and resolve them against the publication date.

Conventions (news wire style names the weekday even for the day of publication):
- a weekday means the most recent such day on or before publication in past
  context, the first one on or after publication in future context (same day
  counts both ways); "last Friday" / "next Friday" exclude the same day; two
  weekdays ("Thursday and Friday") span from the first to the next such second;
- a bare month ("in July") is the most recent such month on or before the month
  after publication (a report does not tell of a month still to come as past),
  or the first on or after publication in future context; "since July" never looks ahead;
- a day without a year ("Aug. 31") takes the latest year putting it on or before
  publication plus a 31-day grace (reports often name an event weeks ahead
  without a future verb), or the first on or after publication in future
  context; "Feb. 29" therefore lands on the nearest leap year in that direction;
  "and" joins two days at most PAIR_DAYS apart ("Jan. 11 and 12"), else they are two dates;
- part of a month or year ("mid-March", "the end of 2019") and a time of day ("late
  on Tuesday") keep the precision of the month, year or day they qualify;
- a relative date glued to the explicit one it names ("next week, Jan. 11-12",
  "on Wednesday, Aug. 30") is one expression valued as the explicit date; a weekday
  glued to a week ("Thursday last week") is that weekday of that week;
- a single month or year has no `end`; its precision says how much `start` covers;
- a season is month precision at its first month (meteorological, northern
  hemisphere: spring March, summer June, autumn September, winter December)
  with `end` the season's last day;
- without a publication date, relative expressions keep their words, start None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from kg.lang import lines, mapping, table, words
from kg.model import DateValue, Span

MONTHS = mapping("months.csv", "name", "month", int)
WEEKDAYS = lines("weekdays.txt")
SEASONS = mapping("seasons.csv", "season", "month", int)
PAST_GRACE = dt.timedelta(days=31)
PAIR_DAYS = 6  # "Jan. 11 and 12" is one span; "May 3 and June 9" two dates
PHRASES = table("date_phrases.csv")
DAY_SHIFTS = {" ".join(r["phrase"].split()): int(r["days"]) for r in PHRASES if r["role"] == "day"}


def _words(role: str) -> str:
    """The lexicon's phrases of one role as an alternation, longest first.

    Only the first letter may be a capital: "USA TODAY" and "CBS This Morning" are names.
    """
    phrases = sorted((r["phrase"] for r in PHRASES if r["role"] == role), key=len, reverse=True)
    tails = [r"\s+".join(map(re.escape, p[1:].split(" "))) for p in phrases]
    forms = [f"[{p[0].upper()}{p[0]}]{tail}" for p, tail in zip(phrases, tails, strict=True)]
    return "(?:" + "|".join(forms) + ")"


def _names(form: str) -> str:
    """The month names of one form as an alternation, capitalised, in file order."""
    return "|".join(r["name"].capitalize() for r in table("months.csv") if r["form"] == form)


_FULL = _names("full")
_ABBR = _names("short")
_MON = rf"(?:{_FULL}|(?:{_ABBR})\.?)"  # a month that is followed by a day or year
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_DASH = r"\s*[-–]\s*"
_JOIN = rf"(?:{_DASH}|\s+(?P<j>and|to|through|until|till)\s+)"  # between the two ends of a span
_WD = "|".join(day.capitalize() for day in WEEKDAYS)
_ON = r"(?:[Oo]n\s+)?"
_FROM = r"(?:(?:[Oo]n|[Ff]rom|[Bb]etween)\s+)?"
_PREP = r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter|[Aa]t|[Tt]owards?)"
_PART = rf"\b(?:{_words('part')})(?:\s*-\s*|\s+)"
_TIME_BEFORE = rf"(?:\b{_words('before')}\s+)?"
_TIME_AFTER = rf"(?:\s+{_words('after')}\b)?"
_YEAR_TAIL = rf"(?:(?:,|\s+of)?\s+(?P<y>{_YEAR})\b|\s+(?:of\s+)?(?P<ry>last|this|next)\s+year\b)"

# Order matters: longer, more specific forms first; later matches overlapping an
# earlier one are dropped.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"{_ON}\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("range", re.compile(
        rf"{_TIME_BEFORE}{_FROM}\b(?P<m>{_MON})\s+(?P<d>{_DAY}){_JOIN}(?:(?P<m2>{_MON})\s+)?"
        rf"(?P<d2>{_DAY})\b{_YEAR_TAIL}?")),
    ("dmy_range", re.compile(
        rf"{_TIME_BEFORE}{_FROM}(?<![\d.,-])\b(?P<d>{_DAY})(?:\s+(?P<m>{_MON}))?{_JOIN}"
        rf"(?P<d2>{_DAY})\s+(?P<m2>{_MON})(?!\w){_YEAR_TAIL}?")),
    ("mdy", re.compile(rf"{_TIME_BEFORE}{_ON}\b(?P<m>{_MON})\s+(?P<d>{_DAY})\b{_YEAR_TAIL}?")),
    ("dmy", re.compile(
        rf"{_TIME_BEFORE}{_ON}\b(?P<d>{_DAY})\s+(?P<m>{_MON})(?!\w){_YEAR_TAIL}?")),
    ("my", re.compile(rf"(?:\b{_PREP}\s+)?(?:{_PART})?\b(?P<m>{_MON}){_YEAR_TAIL}")),
    ("part_year", re.compile(rf"(?:\b{_PREP}\s+)?{_PART}(?P<y>{_YEAR})\b(?![\d%,.]\d|-\d)")),
    ("month", re.compile(rf"(?:\b{_PREP}\s+)?{_PART}(?P<m>{_MON})(?!\w)")),
    ("month", re.compile(rf"\b{_PREP}\s+(?P<m>{_FULL})\b")),
    ("month", re.compile(rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<m>{_FULL})\b")),
    ("weekday", re.compile(
        rf"{_TIME_BEFORE}(?:\b(?P<rel>[Oo]n|[Ff]rom|[Bb]etween|[Ll]ast|[Nn]ext|[Tt]his)\s+)?"
        rf"\b(?P<wd>{_WD})\b(?:{_JOIN}(?P<wd2>{_WD})\b)?{_TIME_AFTER}")),
    ("season", re.compile(
        rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<s>{'|'.join(SEASONS)})\b")),
    ("day_word", re.compile(rf"\b(?P<w>{_words('day')})\b")),
    # "the end of the year": "the" stands for "this" only after a part ("Person of the Year").
    ("relative", re.compile(
        rf"(?:(?P<part>(?:\b{_PREP}\s+)?{_PART})|\b(?:[Ee]arlier|[Ll]ater)\s+)?"
        rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|(?(part)the|(?!)))\s+(?P<u>week|month|year)\b")),
    ("year", re.compile(
        rf"(?:\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter"
        rf"|[Oo]f)\s+)?(?<![\d$€£.,/-])\b(?P<y>{_YEAR})\b(?![\d%,.]\d|-\d|\s*%)")),
]  # fmt: skip

# What each kind of pattern cannot match without: a piece of it that must be in the sentence.
# A sentence is searched for each piece once, and a pattern only where its piece is found.
# Most sentences name no month, no weekday and no digit, and skip most patterns.
_NEEDS = {
    "iso": r"\d", "part_year": r"\d", "year": r"\d",
    "range": _MON, "dmy_range": _MON, "mdy": _MON, "dmy": _MON, "my": _MON, "month": _MON,
    "weekday": _WD, "season": "|".join(SEASONS), "day_word": _words("day"),
    "relative": r"week|month|year",
}  # fmt: skip
_CUES = [re.compile(_NEEDS[kind]) for kind, _ in PATTERNS]  # one a pattern, in their order
_YEAR_FOLLOWERS = words("year_followers.txt")
# Kinds that name a day outright: glued to a relative date, they say which day it is.
_EXPLICIT = {"iso", "range", "dmy_range", "mdy", "dmy"}
_GLUE = re.compile(r"\s*(?:,|\(|--|–|—)?\s*(?:on\s+)?", re.IGNORECASE)

_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|to be|starting|beginning|next|upcoming|due to|due in|plans? to"
    r"|planned|(?:is|are|was|were) set to|scheduled|expected to|going to|later this"
    r"|intends? to|aims? to|forthcoming)\b",
    re.IGNORECASE,
)
_PAST_JUST_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|added|stated|confirmed|reported|wrote)\s*(?:on\s+)?$",
    re.IGNORECASE,
)
_FUTURE_WINDOW = 100


def find_dates(text: str, published: dt.date | None, *, base: int = 0) -> list[DateValue]:
    """Every date expression in `text`, resolved; spans are offset by `base`."""
    found = [value for _, value in _scan(text, published, None)]
    return [replace(v, span=Span(v.span.start + base, v.span.end + base)) for v in found if v.span]


def find_sentence_dates(
    text: str, sentences: Iterable[tuple[int, int]], published: dt.date | None
) -> list[DateValue]:
    """Every date in `text`, each read within its sentence; spans are offsets into `text`.

    A sentence is the scope of a date expression: tense cues before a date and
    joined expressions ("Monday, Aug. 30") never reach across a sentence break.
    """
    return [
        value
        for start, end in sentences
        for value in find_dates(text[start:end], published, base=start)
    ]


def resolve(
    expression: str, published: dt.date | None, *, future: bool = False
) -> DateValue | None:
    """Resolve one date expression (the whole string) or None if it is not one."""
    text = expression.strip()
    found = _scan(text, published, future)
    if len(found) == 1 and found[0][1].expression == text:
        return found[0][1]
    return None


def is_future_context(text: str, position: int) -> bool:
    """Whether a date at `position` refers forward, judged from the words just before it."""
    before = text[max(0, position - _FUTURE_WINDOW) : position]
    if _PAST_JUST_BEFORE.search(before):
        return False
    cues = list(_FUTURE.finditer(before))
    if not cues:
        return False
    # A reporting verb after the cue ("will go, he said Monday") puts us back in the past.
    tail = before[cues[-1].end() :]
    return not re.search(r"\b(?:said|told|announced)\b", tail, re.IGNORECASE)


# --- scanning a text -----------------------------------------------------------------------


def _scan(text: str, published: dt.date | None, future: bool | None) -> list[tuple[str, DateValue]]:
    """(kind, value) of every date in `text` in order, spans local; `future` forces the tense."""
    found: list[tuple[str, DateValue]] = []
    present: dict[re.Pattern[str], bool] = {}
    for (kind, pattern), needed in zip(PATTERNS, _CUES, strict=True):
        if needed not in present:
            present[needed] = needed.search(text) is not None
        if not present[needed]:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < v.span.end and v.span.start < end for _, v in found if v.span):
                continue
            if kind == "year" and not _year_is_date(text, match):
                continue
            ahead = is_future_context(text, start) if future is None else future
            try:
                value = _HANDLERS[kind](match, published, ahead)
            except ValueError:  # an impossible day such as "Feb. 30" or "June 31"
                value = None
            except OverflowError:  # a day past the calendar's ends (published near 1 or 9999)
                value = None
            if value is not None:
                found.append((kind, _spanned(value, text, start, end)))
    found.sort(key=lambda item: item[1].span.start if item[1].span else 0)
    return _merge_neighbours(text, found)


def _merge_neighbours(text: str, found: list[tuple[str, DateValue]]) -> list[tuple[str, DateValue]]:
    """Join a relative date and the date right beside it that says which day it is."""
    merged: list[tuple[str, DateValue]] = []
    for kind, value in found:
        if merged:
            left = merged[-1][1]
            assert left.span is not None and value.span is not None
            glue = _GLUE.fullmatch(text, left.span.end, value.span.start)
            try:
                joined = _joined(merged[-1], (kind, value)) if glue else None
            except OverflowError:  # a week past the calendar's ends: two dates, not one
                joined = None
            if glue and joined:
                end = value.span.end
                if "(" in glue.group(0) and text.startswith(")", end):
                    end += 1  # "Friday (Sept. 2)": the bracket closes the expression
                merged[-1] = (joined[0], _spanned(joined[1], text, left.span.start, end))
                continue
        merged.append((kind, value))
    return merged


def _joined(
    left: tuple[str, DateValue], right: tuple[str, DateValue]
) -> tuple[str, DateValue] | None:
    """The value of two glued dates, or None when they are two dates."""
    pair = (left, right)
    explicit = next((p for p in pair if p[0] in _EXPLICIT), None)
    weekday = next((p for p in pair if p[0] == "weekday"), None)
    week = next((p for p in pair if p[0] == "relative" and p[1].precision == "week"), None)
    if explicit is not None and (weekday or week) is not None:
        return explicit
    day, monday = (weekday[1], week[1].start) if weekday and week else (None, None)
    if day is None or day.start is None or monday is None:
        return None
    shift = monday + dt.timedelta(days=day.start.weekday()) - day.start
    return "weekday", replace(day, start=day.start + shift, end=day.end and day.end + shift)


# --- resolution of one matched form --------------------------------------------------------


def _spanned(value: DateValue, text: str, start: int, end: int) -> DateValue:
    return replace(value, expression=text[start:end], span=Span(start, end))


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(raw: str) -> int:
    return int(re.sub(r"\D", "", raw))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _stated_year(m: re.Match[str], published: dt.date | None) -> int | None:
    """The year written out ("2019") or said from publication ("last year"), if any."""
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    if groups.get("ry") and published is not None:
        return published.year + {"last": -1, "this": 0, "next": 1}[groups["ry"].lower()]
    return None


def _pick_year(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    """The day-month in the year that puts it nearest publication in the right direction."""
    candidates = []
    for year in range(published.year - 8, published.year + 9):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # Feb. 29 outside leap years
            continue
    if future:
        return min((c for c in candidates if c >= published), default=None)
    return max((c for c in candidates if c <= published + PAST_GRACE), default=None)


def _day_value(
    m: re.Match[str], month: int, day: int, published: dt.date | None, future: bool
) -> DateValue:
    year = _stated_year(m, published)
    if year is not None:
        return DateValue(m.group(0), "day", dt.date(year, month, day))
    dt.date(2000, month, day)  # validates the day (2000 is a leap year)
    if published is None or m.groupdict().get("ry"):
        return DateValue(m.group(0), "day")
    return DateValue(m.group(0), "day", _pick_year(month, day, published, future))


def _explicit_day(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    return _day_value(m, _month(m.group("m")), _day(m.group("d")), published, future)


def _iso(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    start = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return DateValue(m.group(0), "day", start)


def _range(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue | None:
    """ "Nov. 16-17", "16-17 November", "Nov. 30 to Dec. 2", "January 11 and 12"."""
    first_month = _month(m.group("m") or m.group("m2"))
    last_month, last_day = _month(m.group("m2") or m.group("m")), _day(m.group("d2"))
    first = _day_value(m, first_month, _day(m.group("d")), published, future)
    if first.start is None:
        dt.date(2000, last_month, last_day)
        return first
    end = dt.date(first.start.year, last_month, last_day)
    if end < first.start:  # "Dec. 30-Jan. 2" crosses into the next year
        end = dt.date(first.start.year + 1, last_month, last_day)
    if m.group("j") == "and" and not 0 < (end - first.start).days <= PAIR_DAYS:
        return None
    return DateValue(m.group(0), "day", first.start, end)


def _month_year(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    year = _stated_year(m, published)
    if year is None:
        return DateValue(m.group(0), "month")
    return _month_value(m.group(0), year, _month(m.group("m")))


def _month_value(expression: str, year: int, month: int) -> DateValue:
    return DateValue(expression, "month", dt.date(year, month, 1))


def _bare_month(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    """A month without a year: "in May", "mid-May", "since May", "last May", "next May"."""
    month = _month(m.group("m"))
    if published is None:
        return DateValue(m.group(0), "month")
    here, rel = _index(published), (m.groupdict().get("rel") or "").lower()
    if rel == "this":
        index = published.year * 12 + month - 1
    elif rel == "next" or (future and rel != "last"):
        index = _earliest(here + 1 if rel == "next" else here, month)
    else:
        since = m.group(0).lower().startswith("since")
        index = _latest(here - 1 if rel == "last" else here if since else here + 1, month)
    return _month_value(m.group(0), *_year_month(index))


def _weekday_date(wd: str, rel: str, published: dt.date, future: bool) -> dt.date:
    target = WEEKDAYS.index(wd.lower())
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if rel == "last":
        delta = -(back or 7)
    elif rel == "next":
        delta = ahead or 7
    elif rel == "this":
        delta = target - published.weekday()
    else:
        delta = ahead if future else -back
    return published + dt.timedelta(days=delta)


def _weekday(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    """A weekday, or two ("Thursday and Friday"): up to the next such second day."""
    if published is None:
        return DateValue(m.group(0), "day")
    first = _weekday_date(m.group("wd"), (m.group("rel") or "").lower(), published, future)
    if not m.group("wd2"):
        return DateValue(m.group(0), "day", first)
    gap = (WEEKDAYS.index(m.group("wd2").lower()) - first.weekday()) % 7 or 7
    return DateValue(m.group(0), "day", first, first + dt.timedelta(days=gap))


def _season(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    if published is None:
        return DateValue(m.group(0), "month")
    first, here, rel = SEASONS[m.group("s").lower()], _index(published), m.group("rel").lower()
    if rel == "last":  # the latest one over before publication
        index = _latest(here - 3, first)
    elif rel == "next":
        index = _earliest(here + 1, first)
    else:  # the one under way, else this year's
        index = _latest(here, first)
        index = index if index + 2 >= here else published.year * 12 + first - 1
    start = dt.date(*_year_month(index), 1)
    return DateValue(m.group(0), "month", start, _last_day(*_year_month(index + 2)))


def _index(day: dt.date) -> int:  # months from year 0: month arithmetic on integers
    return day.year * 12 + day.month - 1


def _year_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _latest(limit: int, month: int) -> int:  # the last index <= limit in that month
    return limit - (limit - month + 1) % 12


def _earliest(first: int, month: int) -> int:  # the first index >= first in that month
    return first + (month - 1 - first) % 12


def _shifted(expression: str, unit: str, step: int, published: dt.date | None) -> DateValue:
    """The day, week (Monday..Sunday), month or year `step` units from publication."""
    if published is None:
        return DateValue(expression, unit)
    if unit == "day":
        return DateValue(expression, "day", published + dt.timedelta(days=step))
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
        return DateValue(expression, "week", monday, monday + dt.timedelta(days=6))
    if unit == "month":
        return _month_value(expression, *_year_month(_index(published) + step))
    return DateValue(expression, "year", dt.date(published.year + step, 1, 1))


def _relative(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    rel = m.group("rel").lower()  # "the" after a part counts as "this"
    step = {"last": -1, "next": 1}.get(rel, 0)
    return _shifted(m.group(0), m.group("u").lower(), step, published)


def _day_word(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    shift = DAY_SHIFTS[" ".join(m.group("w").lower().split())]
    return _shifted(m.group(0), "day", shift, published)


def _year(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    year = int(m.group("y"))
    return DateValue(m.group(0), "year", dt.date(year, 1, 1))


def _year_is_date(text: str, m: re.Match[str]) -> bool:
    """A bare 4-digit number is a year unless it reads as a quantity ("2019 people")."""
    if m.group("prep"):
        return True
    if re.search(r"[A-Za-z]\s*$", text[: m.start()]):  # "Resolution 2098", "the 2030 Agenda"
        return False
    follower = re.match(r"\s+([a-z]+)", text[m.end() :])
    return follower is None or follower.group(1) in _YEAR_FOLLOWERS


_HANDLERS: dict[str, Callable[[re.Match[str], dt.date | None, bool], DateValue | None]] = {
    "iso": _iso, "range": _range, "dmy_range": _range,
    "mdy": _explicit_day, "dmy": _explicit_day, "my": _month_year, "part_year": _year,
    "month": _bare_month, "weekday": _weekday,
    "season": _season, "day_word": _day_word,
    "relative": _relative, "year": _year,
}  # fmt: skip
