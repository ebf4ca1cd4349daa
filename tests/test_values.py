"""The one parser of amounts and the one parser of dates, on the forms the issue lists and
writers use (expected values read from the written forms)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cssgraph.read.normalise import clean, fold
from cssgraph.read.values import amount_at, find_amounts, find_dates

AMOUNTS = [
    "276 041,89 EUR",
    "276.041,89 EUR",
    "276041,89 EUR",
    "€ 276 041,89",
    "276 041,89 €",
    "EUR 276.041,89",
    "276 041,89 euros",
    "276.041,89 euro",
    "276\u00a0041,89\u00a0€",
]


@pytest.mark.parametrize("written", AMOUNTS)
def test_every_amount_form_reads_the_same(written):
    text = fold(clean(f"un montant de {written} pour 2018").text)  # as the reader sees it
    [found] = find_amounts(text)
    assert found.value == Decimal("276041.89")
    assert text[found.start : found.end] == fold(clean(written).text)


def test_amounts_without_currency_after_their_cue_and_numbers_that_are_no_amounts():
    text = fold("un montant de 276 041,89 pour 2018, en 2 exemplaires, le 1.487.2G3,54 EUR")
    assert [a.value for a in find_amounts(text)] == []  # "1.487.2G3,54" is cut by a typo: no amount
    assert amount_at(text, text.index("276")).value == Decimal("276041.89")
    assert amount_at(text, text.index("2 exemplaires")) is None


DATES = [
    "29/01/2019",
    "29.01.2019",
    "29-01-2019",
    "29 janvier 2019",
    "29 januari 2019",
    "29 jan. 2019",
    "29 janv. 2019",
    "29 Januari 2019",
]


@pytest.mark.parametrize("written", DATES)
def test_every_date_form_reads_the_same(written):
    [found] = find_dates(fold(f"signé le {written}."))
    assert found.value == date(2019, 1, 29)


def test_first_of_the_month_and_impossible_days():
    assert [
        d.value for d in find_dates(fold("entre en vigueur le 1er janvier 2018 et se termine le 31 décembre 2019"))
    ] == [date(2018, 1, 1), date(2019, 12, 31)]
    [impossible] = find_dates(fold("le 31 février 2019"))
    assert impossible.value is None and impossible.text == "31 fevrier 2019"
    assert find_dates(fold("les années 2018-2019 et l'article 12.3")) == []
