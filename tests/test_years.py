from __future__ import annotations

import pytest

from budgetmodel._years import format_year, parse_year, year_labels


@pytest.mark.parametrize(
    "value", ["2014-15", "2014/15", "2014-2015", "2014/2015", 2014, "2014", " 2014 - 15 ", 2014.0]
)
def test_spellings_of_2014_15(value: object) -> None:
    assert parse_year(value) == 2014
    assert format_year(parse_year(value)) == "2014-15"


@pytest.mark.parametrize(
    "value", ["2014-16", "2014/2016", "14-15", "FY2014", True, None, 2014.5, "1850-51"]
)
def test_not_financial_years(value: object) -> None:
    with pytest.raises(ValueError):
        parse_year(value)


def test_century_turn_and_labels() -> None:
    assert parse_year("1999-00") == 1999
    assert year_labels(2018, 1) == ["2018-19", "2019-20"]
    with pytest.raises(ValueError):
        year_labels(2018, 16)
