from datetime import date

from mapper.dates import find_clock_times, find_dates, to_site_date

FRIDAY = date(2021, 2, 26)


def _first(text: str, published: date | None = FRIDAY) -> tuple[date, date, str]:
    found = find_dates(text, published)
    assert found, text
    return found[0].first, found[0].last, found[0].precision


def test_month_abbreviation_with_day_is_one_day() -> None:
    assert _first("A series of rocket attacks on Feb. 15 in Erbil") == (
        date(2021, 2, 15),
        date(2021, 2, 15),
        "day",
    )


def test_weekday_is_the_latest_such_day_up_to_publication() -> None:
    assert _first("The strike, which occurred Thursday")[0] == date(2021, 2, 25)
    assert _first("on Friday")[0] == FRIDAY


def test_relative_and_month_expressions() -> None:
    assert _first("rocket attacks earlier this month") == (
        date(2021, 2, 1),
        FRIDAY,
        "month",
    )
    assert _first("the US drone strike in Baghdad in January 2020") == (
        date(2020, 1, 1),
        date(2020, 1, 31),
        "month",
    )
    assert _first("last year")[2] == "year"
    assert _first("a week ago")[2] == "week"


def test_local_day_after_a_foreign_clock_time() -> None:
    found = find_dates(
        "around 6 p.m. Eastern time Sunday, or early Monday in the area.", date(2021, 6, 27)
    )
    local = [d for d in found if d.local]
    assert [d.first for d in local] == [date(2021, 6, 28)]


def test_clock_time_converts_to_the_site_date() -> None:
    clock = find_clock_times("at around 6 p.m. ET")[0]
    assert to_site_date(date(2021, 2, 25), clock, "SY") == date(2021, 2, 26)
    assert to_site_date(date(2021, 2, 25), clock, "") == date(2021, 2, 25)


def test_without_publication_date_only_explicit_dates_resolve() -> None:
    assert find_dates("on Thursday", None) == []
    assert _first("On 3 March 2021, a car bomb exploded", None)[0] == date(2021, 3, 3)


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("The strike may have killed", FRIDAY) == []
