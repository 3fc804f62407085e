"""The shipped Correlates of War code table: cited, keyed by our country codes, one COW state per row."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

DATA = resources.files("communique") / "data"


def _comments(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("#")]


def _rows(name: str) -> list[dict[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t"))


@pytest.fixture(scope="module")
def cow() -> list[dict[str, str]]:
    return _rows("cow_codes.tsv")


@pytest.fixture(scope="module")
def country_codes() -> set[str]:
    return {row["code"] for row in _rows("countries.tsv")}


def test_header_comments_cite_the_cow_list():
    comments = _comments("cow_codes.tsv")
    assert comments and all(line.startswith("# ") for line in comments)
    text = " ".join(line[2:] for line in comments)
    assert "Correlates of War Project. 2017." in text
    assert "State System Membership List, v2016" in text
    assert "citation" in text
    assert "PSE" in text


def test_columns_and_row_count(cow):
    assert list(cow[0]) == ["code", "cow", "cow_abb", "name"]
    assert 185 <= len(cow) <= 200
    assert all(row["name"].strip() == row["name"] and row["name"] for row in cow)


def test_every_code_is_one_of_our_countries(cow, country_codes):
    codes = [row["code"] for row in cow]
    assert len(codes) == len(set(codes))
    assert set(codes) <= country_codes


def test_cow_numbers_are_unique_integers_in_range(cow):
    numbers = [row["cow"] for row in cow]
    assert all(re.fullmatch(r"[1-9][0-9]*", n) for n in numbers)
    values = [int(n) for n in numbers]
    assert all(2 <= v <= 999 for v in values)
    assert len(values) == len(set(values))


def test_cow_abbreviations_are_unique_three_capitals(cow):
    abbs = [row["cow_abb"] for row in cow]
    assert all(re.fullmatch(r"[A-Z]{3}", a) for a in abbs)
    assert len(abbs) == len(set(abbs))


@pytest.mark.parametrize(
    ("code", "number", "abb"),
    [
        ("USA", 2, "USA"),
        ("GBR", 200, "UKG"),
        ("DEU", 255, "GMY"),
        ("RUS", 365, "RUS"),
        ("SRB", 345, "YUG"),
        ("KAZ", 705, "KZK"),
        ("CHN", 710, "CHN"),
        ("ISR", 666, "ISR"),
        ("XKX", 347, "KOS"),
    ],
)
def test_spot_values(cow, code, number, abb):
    by_code = {row["code"]: row for row in cow}
    assert int(by_code[code]["cow"]) == number
    assert by_code[code]["cow_abb"] == abb


def test_nearly_all_our_countries_have_a_cow_code(cow, country_codes):
    covered = {row["code"] for row in cow} & country_codes
    assert len(covered) >= 185
    assert "PSE" not in covered
