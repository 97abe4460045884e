"""Temporal expressions in a sentence, resolved against the article's publication date.

We find the expressions ourselves (a general date search reads "on Feb. 15" as "on Feb") and
resolve each one with calendar arithmetic.

Time-zone rule: an incident's date is the **local calendar date at its site**. A text that gives
the local day ("early Monday in the area", "2 a.m. local time") is taken as written; a clock time
in another zone ("6 p.m. ET Thursday", "18:00 in Washington") is converted to the site's zone (the
site country's first IANA zone) once the site is known, see :func:`to_site_date`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mapper.models import TimePrecision

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:tember|t?\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        ("month_day", rf"\b{_MONTH} (?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,? {_YEAR})?"),
        ("day_month", rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)? (?:of )?{_MONTH}(?:,? {_YEAR})?"),
        ("month_year", rf"\b(?:(?i:in|since|during|early|late|mid-?|last|this|of) ){_MONTH}(?: {_YEAR})?\b"),  # noqa: E501
        ("month_year", rf"\b{_MONTH} {_YEAR}\b"),
        ("year", rf"\b(?i:in|during|since|of) (?:(?i:early|late|mid-?) ?)?{_YEAR}\b"),
        ("weekday", rf"\b(?:(?P<part>early|late) )?{_WEEKDAY}(?:'s|’s)?\b"),
        ("ago", r"\b(?P<count>a|an|one|two|three|four|five|six|\d+) "
                r"(?P<unit>day|week|month|year)s? ago\b"),
        ("relative", r"\b(?P<rel>yesterday|today|tonight|last night|earlier this month|this month|"
                     r"last month|last week|this week|earlier this week|last year|this year|"
                     r"overnight)\b"),
    )
)  # fmt: skip
_LOCAL_CUE = re.compile(
    r"^(?:(?!\bor\b)[^.;,]){0,25}?\b(?:in the area|local time|locally|there)\b", re.I
)
_CLOCK = re.compile(
    r"\b(?P<hour>[012]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?\s*"
    r"(?P<zone>ET|EST|EDT|GMT|UTC|Eastern(?: [Tt]ime)?|in Washington|Washington time|local time)\b"
)
_ZONES: dict[str, tzinfo] = {
    "gmt": UTC,
    "utc": UTC,
}


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A resolved temporal expression: ``text[start:end]`` covers ``first``..``last``."""

    start: int
    end: int
    first: date
    last: date
    precision: TimePrecision
    local: bool = False
    """The text says this is the date at the site ("early Monday in the area")."""


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A clock time in a named zone that is not the site's ("6 p.m. ET")."""

    start: int
    end: int
    hour: int
    minute: int
    zone: str


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date) -> int:
    """The year of a month (and day) written without one: the latest not far after publication."""
    candidate = _safe_date(published.year, month, min(day, 28))
    if candidate is not None and candidate > published + timedelta(days=31):
        return published.year - 1
    return published.year


def _month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _resolve(
    kind: str, m: re.Match[str], published: date | None, text_after: str = ""
) -> DateExpression | None:
    span = m.span()
    groups = m.groupdict()
    year_text = groups.get("year")
    if kind == "iso":
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return DateExpression(*span, d, d, "day") if d else None
    if kind in {"month_day", "day_month"}:
        month, day = _month(m["month"]), int(m["day"])
        if year_text:
            year = int(year_text)
        elif published:
            year = _year_for(month, day, published)
        else:
            return None
        d = _safe_date(year, month, day)
        return DateExpression(*span, d, d, "day") if d else None
    if kind == "month_year":
        if m["month"] == "May" and not year_text and not m.group(0)[0].islower():
            return None  # the modal verb
        month = _month(m["month"])
        if year_text:
            year = int(year_text)
        elif published:
            year = _year_for(month, 1, published)
        else:
            return None
        first, last = _month_range(year, month)
        return DateExpression(*span, first, last, "month")
    if kind == "year":
        year = int(m["year"])
        return DateExpression(*span, date(year, 1, 1), date(year, 12, 31), "year")
    if published is None:
        return None
    if kind == "weekday":
        back = (published.weekday() - _WEEKDAYS[m["weekday"].lower()]) % 7
        if back == 6 and _LOCAL_CUE.search(text_after):
            # The site's day can be the publisher's tomorrow ("Sunday ET, early Monday there").
            back = -1
        d = published - timedelta(days=back)
        return DateExpression(*span, d, d, "day")
    if kind == "ago":
        count = _COUNTS.get(m["count"].lower()) or int(m["count"])
        unit_days = {"day": 1, "week": 7, "month": 30, "year": 365}[m["unit"].lower()]
        centre = published - timedelta(days=count * unit_days)
        half = {"day": 0, "week": 2, "month": 10, "year": 120}[m["unit"].lower()]
        precision: TimePrecision = "day" if m["unit"].lower() == "day" else "week"
        if m["unit"].lower() in {"month", "year"}:
            precision = "month" if m["unit"].lower() == "month" else "year"
        return DateExpression(
            *span, centre - timedelta(days=half), centre + timedelta(days=half), precision
        )
    rel = m["rel"].lower()
    if rel in {"today", "tonight"}:
        return DateExpression(*span, published, published, "day")
    if rel == "overnight":
        return DateExpression(*span, published - timedelta(days=1), published, "day")
    if rel in {"yesterday", "last night"}:
        d = published - timedelta(days=1)
        return DateExpression(*span, d, d, "day")
    if rel in {"this week", "earlier this week"}:
        return DateExpression(*span, published - timedelta(days=6), published, "week")
    if rel == "last week":
        d = published - timedelta(days=published.weekday() + 7)
        return DateExpression(*span, d, d + timedelta(days=6), "week")
    if rel in {"earlier this month", "this month"}:
        return DateExpression(*span, published.replace(day=1), published, "month")
    if rel == "last month":
        last = published.replace(day=1) - timedelta(days=1)
        return DateExpression(*span, last.replace(day=1), last, "month")
    if rel == "last year":
        y = published.year - 1
        return DateExpression(*span, date(y, 1, 1), date(y, 12, 31), "year")
    return DateExpression(*span, date(published.year, 1, 1), published, "year")


def find_dates(text: str, published: date | None) -> list[DateExpression]:
    """Every temporal expression of ``text`` that resolves, by position, longest first on overlap.

    Without a publication date only expressions that carry their year resolve.
    """
    found: list[DateExpression] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            expression = _resolve(kind, match, published, text[match.end() :])
            if expression is None:
                continue
            if _LOCAL_CUE.search(text[expression.end :]):
                expression = DateExpression(
                    expression.start,
                    expression.end,
                    expression.first,
                    expression.last,
                    expression.precision,
                    local=True,
                )
            found.append(expression)
    found.sort(key=lambda e: e.start)
    return found


def find_clock_times(text: str) -> list[ClockTime]:
    """Clock times with a zone ("6 p.m. ET", "18:00 in Washington"), local ones excluded."""
    times = []
    for m in _CLOCK.finditer(text):
        hour = int(m["hour"])
        ampm = (m["ampm"] or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23:
            continue
        zone = m["zone"].lower()
        if zone == "local time":
            continue
        times.append(ClockTime(m.start(), m.end(), hour, int(m["minute"] or 0), zone))
    return times


def _zone(name: str) -> tzinfo | None:
    if name in _ZONES:
        return _ZONES[name]
    try:
        return ZoneInfo("America/New_York")  # ET, Eastern time, Washington
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata missing
        return None


def site_zone(country_code: str) -> tzinfo | None:
    """The site country's first IANA time zone, ``None`` when unknown."""
    if not country_code:
        return None
    try:
        import pytz

        zones = pytz.country_timezones.get(country_code.upper(), [])
        return ZoneInfo(zones[0]) if zones else None
    except (ImportError, ZoneInfoNotFoundError, KeyError):
        return None


def to_site_date(day: date, clock: ClockTime, country_code: str) -> date:
    """The local date at the site of a clock time written in another zone on ``day``."""
    source, target = _zone(clock.zone), site_zone(country_code)
    if source is None or target is None:
        return day
    moment = datetime(day.year, day.month, day.day, clock.hour, clock.minute, tzinfo=source)
    return moment.astimezone(target).date()
