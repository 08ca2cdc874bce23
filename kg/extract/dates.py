"""Find date expressions in news sentences and resolve them against the publication date.

Conventions (news wire style names the weekday even for the day of publication):
- a weekday means the most recent such day on or before publication in past
  context, the first one on or after publication in future context (same day
  counts both ways); "last Friday" / "next Friday" exclude the same day;
- a bare month ("in July") is the most recent such month on or before the
  publication month, or the first on or after it in future context;
- a day without a year ("Aug. 31") takes the latest year putting it on or before
  publication plus a 31-day grace (reports often name an event weeks ahead
  without a future verb), or the first on or after publication in future
  context; "Feb. 29" therefore lands on the nearest leap year in that direction;
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
from collections.abc import Callable

from kg.model import DateValue, Span

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
UNIT_DAYS = {"day": 1, "week": 7}
PAST_GRACE = dt.timedelta(days=31)

_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MON = rf"(?:{_FULL}|(?:{_ABBR})\.?)"  # a month that is followed by a day or year
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_DASH = r"\s*[-–]\s*"
_WD = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_ON = r"(?:[Oo]n\s+)?"
_IN = r"(?:[Ii]n\s+)?"

# Order matters: longer, more specific forms first; later matches overlapping an
# earlier one are dropped.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"{_ON}\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("range", re.compile(
        rf"{_ON}\b(?P<m>{_MON})\s+(?P<d>{_DAY}){_DASH}(?:(?P<m2>{_MON})\s+)?(?P<d2>{_DAY})\b"
        rf"(?:,?\s+(?P<y>{_YEAR})\b)?")),
    ("mdy", re.compile(rf"{_ON}\b(?P<m>{_MON})\s+(?P<d>{_DAY})\b(?:,?\s+(?P<y>{_YEAR})\b)?")),
    ("dmy", re.compile(rf"{_ON}\b(?P<d>{_DAY})\s+(?P<m>{_MON})(?:\s+(?P<y>{_YEAR}))?(?!\w)")),
    ("my", re.compile(rf"{_IN}\b(?:(?:early|mid|late)[-\s])?(?P<m>{_MON})\s+(?P<y>{_YEAR})\b")),
    ("month", re.compile(
        rf"\b(?:(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter)\s+"
        rf"(?:early\s+|late\s+|mid-)?|\b(?:[Ee]arly|[Ll]ate|[Mm]id)[-\s])(?P<m>{_FULL})\b")),
    ("rel_month", re.compile(rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<m>{_FULL})\b")),
    ("weekday", re.compile(rf"(?:\b(?P<rel>[Oo]n|[Ll]ast|[Nn]ext|[Tt]his)\s+)?\b(?P<wd>{_WD})\b")),
    ("season", re.compile(
        r"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<s>spring|summer|autumn|fall|winter)\b")),
    ("relative", re.compile(
        r"\b(?P<w>[Tt]oday|[Yy]esterday|[Tt]omorrow"
        r"|(?:(?:[Ee]arlier|[Ll]ater)\s+)?(?:[Ll]ast|[Nn]ext|[Tt]his)\s+(?:week|month|year))\b")),
    ("year", re.compile(
        rf"(?:\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter"
        rf"|[Oo]f)\s+)?(?<![\d$€£.,/-])\b(?P<y>{_YEAR})\b(?![\d%,.]\d|-\d|\s*%)")),
]  # fmt: skip

# Lowercase words that may follow a bare year without making it a quantity ("2019 people").
_YEAR_FOLLOWERS = {"and", "or", "to", "when", "after", "before", "until", "as", "but", "in", "the"}

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
    found: list[DateValue] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if kind == "year" and not _year_is_date(text, match):
                continue
            future = is_future_context(text, start)
            value = _resolve_match(kind, match, published, future)
            if value is None:
                continue
            taken.append((start, end))
            found.append(_with_span(value, match.group(0), base + start))
    return sorted(found, key=lambda v: v.span.start if v.span else 0)


def resolve(
    expression: str, published: dt.date | None, *, future: bool = False
) -> DateValue | None:
    """Resolve one date expression (the whole string) or None if it is not one."""
    text = expression.strip()
    for kind, pattern in PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        value = _resolve_match(kind, match, published, future)
        if value is not None:
            return value
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


def duration_days(text: str) -> int | None:
    """Days in the first "six-day" / "four-week" / "10-day" duration in `text`, or None."""
    match = re.search(
        r"\b(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")[-\s](?P<u>day|week)s?\b",
        text,
        re.IGNORECASE,
    )
    if match is None:
        return None
    raw = match.group("n").lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    return count * UNIT_DAYS[match.group("u").lower()]


# --- resolution of one matched form --------------------------------------------------------


def _resolve_match(
    kind: str, match: re.Match[str], published: dt.date | None, future: bool
) -> DateValue | None:
    handler = _HANDLERS[kind]
    try:
        return handler(match, published, future)
    except ValueError:  # an impossible day such as "Feb. 30" or "June 31"
        return None


def _with_span(value: DateValue, expression: str, start: int) -> DateValue:
    return DateValue(
        expression=expression,
        precision=value.precision,
        start=value.start,
        end=value.end,
        span=Span(start, start + len(expression)),
    )


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(raw: str) -> int:
    return int(re.sub(r"\D", "", raw))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


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


def _explicit_day(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    month, day = _month(m.group("m")), _day(m.group("d"))
    if m.group("y"):
        return DateValue(m.group(0), "day", dt.date(int(m.group("y")), month, day))
    dt.date(2000, month, day)  # validates the day (2000 is a leap year)
    if published is None:
        return DateValue(m.group(0), "day")
    return DateValue(m.group(0), "day", _pick_year(month, day, published, future))


def _iso(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    start = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return DateValue(m.group(0), "day", start)


def _range(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    first = _explicit_day(m, published, future)
    month2 = _month(m.group("m2")) if m.group("m2") else _month(m.group("m"))
    day2 = _day(m.group("d2"))
    if first.start is None:
        return first
    end = dt.date(first.start.year, month2, day2)
    if end < first.start:  # "Dec. 30-Jan. 2" crosses into the next year
        end = dt.date(first.start.year + 1, month2, day2)
    return DateValue(m.group(0), "day", first.start, end)


def _month_year(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    year, month = int(m.group("y")), _month(m.group("m"))
    return DateValue(m.group(0), "month", dt.date(year, month, 1))


def _month_value(expression: str, year: int, month: int) -> DateValue:
    return DateValue(expression, "month", dt.date(year, month, 1))


def _bare_month(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    month = _month(m.group("m"))
    if published is None:
        return DateValue(m.group(0), "month")
    year = published.year
    if future and month < published.month:
        year += 1
    elif not future and month > published.month:
        year -= 1
    return _month_value(m.group(0), year, month)


def _relative_month(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    month, rel = _month(m.group("m")), m.group("rel").lower()
    if published is None:
        return DateValue(m.group(0), "month")
    year = published.year
    if rel == "last" and month >= published.month:
        year -= 1
    elif rel == "next" and month <= published.month:
        year += 1
    return _month_value(m.group(0), year, month)


def _weekday(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    if published is None:
        return DateValue(m.group(0), "day")
    target = WEEKDAYS.index(m.group("wd").lower())
    rel = (m.group("rel") or "").lower()
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
    return DateValue(m.group(0), "day", published + dt.timedelta(days=delta))


def _season(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    if published is None:
        return DateValue(m.group(0), "month")
    first = SEASONS[m.group("s").lower()]
    starts = [dt.date(y, first, 1) for y in range(published.year - 2, published.year + 3)]
    spans = [(s, _last_day(*_add_months(s, 2))) for s in starts]
    rel = m.group("rel").lower()
    if rel == "last":
        start, end = max((p for p in spans if p[1] < published), key=lambda p: p[0])
    elif rel == "next":
        start, end = min((p for p in spans if p[0] > published), key=lambda p: p[0])
    else:
        holding = [p for p in spans if p[0] <= published <= p[1]]
        start, end = (
            holding[0] if holding else next(p for p in spans if p[0].year == published.year)
        )
    return DateValue(m.group(0), "month", start, end)


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _relative(m: re.Match[str], published: dt.date | None, future: bool) -> DateValue:
    words = " ".join(m.group("w").lower().split())
    unit = words.rsplit(" ", 1)[-1]
    precision = {"week": "week", "month": "month", "year": "year"}.get(unit, "day")
    if published is None:
        return DateValue(m.group(0), precision)
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}.get(words)
    if shift is not None:
        return DateValue(m.group(0), "day", published + dt.timedelta(days=shift))
    step = -1 if " last " in f" {words} " else 1 if " next " in f" {words} " else 0
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
        return DateValue(m.group(0), "week", monday, monday + dt.timedelta(days=6))
    if unit == "month":
        year, month = _add_months(published, step)
        return _month_value(m.group(0), year, month)
    year = published.year + step
    return DateValue(m.group(0), "year", dt.date(year, 1, 1))


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


_HANDLERS: dict[str, Callable[[re.Match[str], dt.date | None, bool], DateValue]] = {
    "iso": _iso,
    "range": _range,
    "mdy": _explicit_day,
    "dmy": _explicit_day,
    "my": _month_year,
    "month": _bare_month,
    "rel_month": _relative_month,
    "weekday": _weekday,
    "season": _season,
    "relative": _relative,
    "year": _year,
}
