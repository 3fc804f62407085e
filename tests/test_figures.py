"""Stated figures: casualty and detention counts, money and percentage amounts read without a parser."""

from __future__ import annotations

from importlib import resources

import pytest

from communique.errors import DataFileError
from communique.figures import Figure, FigureReader, StatedCount

OFFSET = 1000


@pytest.fixture(scope="module")
def reader() -> FigureReader:
    return FigureReader()


def only_count(reader: FigureReader, sentence: str) -> StatedCount:
    found = reader.counts(sentence, OFFSET)
    assert len(found) == 1, found
    return found[0]


def spans_ok(sentence: str, item: StatedCount | Figure) -> None:
    assert sentence[item.start - OFFSET:item.end - OFFSET] == item.text


# ---- counts -------------------------------------------------------------------------------------------------------

COUNTS = [
    # sentence, kind, value, at_least, approximate, phrase
    ("A car bomb outside the market killed at least 17 people on Sunday.",
     "killed", 17, True, False, "killed at least 17 people"),
    ("Officials said 17 people were killed when the bridge collapsed.",
     "killed", 17, False, False, "17 people were killed"),
    ("By the evening the death toll from the floods had risen to 31.",
     "killed", 31, False, False, "death toll from the floods had risen to 31"),
    ("Gunmen opened fire on the convoy, killing five civilians.",
     "killed", 5, False, False, "killing five civilians"),
    ("Three soldiers died in the ambush near the border.",
     "killed", 3, False, False, "Three soldiers died"),
    ("At least a dozen protesters were arrested outside parliament.",
     "arrested", 12, True, False, "At least a dozen protesters were arrested"),
    ("Riot police arrested dozens after the rally turned violent.",
     "arrested", 24, True, True, "arrested dozens"),
    ("Security forces detained more than 200 people in overnight raids.",
     "arrested", 200, True, False, "detained more than 200 people"),
    ("By Friday 1,200 were detained across the province.",
     "arrested", 1200, False, False, "1,200 were detained"),
    ("Nearly 300 students were rounded up on campus.",
     "arrested", 300, False, True, "Nearly 300 students were rounded up"),
    ("Some one hundred and twenty villagers were taken into custody.",
     "arrested", 120, False, True, "Some one hundred and twenty villagers were taken into custody"),
    ("The shelling wounded twenty-three others in the old town.",
     "wounded", 23, False, False, "wounded twenty-three others"),
    ("A hundred people were hurt in the stampede.",
     "wounded", 100, False, False, "A hundred people were hurt"),
    ("Hundreds of demonstrators were injured in the clashes.",
     "wounded", 200, True, True, "Hundreds of demonstrators were injured"),
    ("The rebels said the strike caused 14 civilian deaths.",
     "killed", 14, False, False, "14 civilian deaths"),
    ("The fire, which spread overnight, raised the death toll to 58.",
     "killed", 58, False, False, "raised the death toll to 58"),
    ("Two police officers were shot dead at a checkpoint.",
     "killed", 2, False, False, "Two police officers were shot dead"),
    ("In March, 12 miners lost their lives underground.",
     "killed", 12, False, False, "12 miners lost their lives"),
]


@pytest.mark.parametrize(("sentence", "kind", "value", "at_least", "approximate", "phrase"), COUNTS)
def test_one_count(reader, sentence, kind, value, at_least, approximate, phrase):
    c = only_count(reader, sentence)
    assert (c.kind, c.value, c.at_least, c.approximate) == (kind, value, at_least, approximate)
    assert c.text == phrase
    spans_ok(sentence, c)
    assert sentence.index(phrase) == c.start - OFFSET


def test_killed_and_wounded_in_one_sentence_are_both_kept(reader):
    s = "The blast killed 2 and wounded 3, police said."
    found = reader.counts(s, OFFSET)
    assert [(c.kind, c.value, c.text) for c in found] == [("killed", 2, "killed 2"), ("wounded", 3, "wounded 3")]
    for c in found:
        spans_ok(s, c)


def test_one_killed_and_forty_wounded(reader):
    s = "The explosion killed one man, wounding 40 others."
    found = reader.counts(s, OFFSET)
    assert [(c.kind, c.value, c.text) for c in found] == [("killed", 1, "killed one man"),
                                                          ("wounded", 40, "wounding 40 others")]
    for c in found:
        spans_ok(s, c)


def test_leaving_dead_and_injured(reader):
    s = "The lorry ploughed into the crowd, leaving two dead and five injured."
    found = reader.counts(s, OFFSET)
    assert [(c.kind, c.value, c.text) for c in found] == [("killed", 2, "two dead"), ("wounded", 5, "five injured")]
    for c in found:
        spans_ok(s, c)


def test_three_kinds_in_a_paragraph_in_text_order(reader):
    s = ("Militants killed four guards and injured 11 more. Later 30 suspects were arrested, and the number of "
         "injured stood at 15.")
    got = [(c.kind, c.value) for c in reader.counts(s)]
    assert got == [("killed", 4), ("wounded", 11), ("arrested", 30), ("wounded", 15)]


def test_a_number_counts_one_kind_only(reader):
    c = only_count(reader, "Police arrested five injured protesters at the hospital.")
    assert (c.kind, c.value) == ("arrested", 5)


@pytest.mark.parametrize("sentence", [
    "The minister was killed in the attack.",  # no number
    "A 17-year-old was killed by a stray bullet.",  # an age
    "A man aged 45 was arrested at the airport.",  # an age
    "The third person arrested was released on bail.",  # an ordinal
    "He was arrested in 2019 and detained for five days.",  # a year and a span of time
    "The two countries were hurt by the sanctions.",  # no people
    "The virus killed 5% of the herd.",  # a percentage
    "The frost killed $5 million worth of crops.",  # money
    "No one was hurt in the blast.",
    "On May 12 protesters were arrested.",  # a date, not twelve protesters
    "Turnout in 2024 was lower than in 2019.",
    "The convoy was attacked over five days.",
])
def test_no_count(reader, sentence):
    assert reader.counts(sentence) == []


def test_count_to_dict_is_plain(reader):
    c = only_count(reader, "Four journalists were detained.")
    assert c.to_dict() == {"kind": "arrested", "value": 4, "at_least": False, "approximate": False,
                           "text": "Four journalists were detained", "start": OFFSET, "end": OFFSET + 30}


# ---- figures ------------------------------------------------------------------------------------------------------

FIGURES = [
    # sentence, value, currency, scale_text, quantity, period, text
    ("Trade turnover between the two neighbours reached 73.8 million US dollars in 2022, the ministry said.",
     73_800_000.0, "USD", "million", "Trade turnover", "2022", "73.8 million US dollars"),
    ("The state bank agreed to lend $2.5bn for the new refinery.",
     2_500_000_000.0, "USD", "bn", None, None, "$2.5bn"),
    ("They signed a contract worth $2.5 billion on Monday.",
     2_500_000_000.0, "USD", "billion", "contract", None, "$2.5 billion"),
    ("Bilateral trade came to USD 300 million in the first half of 2024.",
     300_000_000.0, "USD", "million", "Bilateral trade", "first half of 2024", "USD 300 million"),
    ("Brussels pledged €40m in humanitarian aid for 2023.",
     40_000_000.0, "EUR", "m", "humanitarian aid", "2023", "€40m"),
    ("Chinese investment in the region totalled 1.2 trillion yuan in January-October 2023.",
     1.2e12, "CNY", "trillion", "investment", "January-October 2023", "1.2 trillion yuan"),
    ("The court imposed a fine of 5,000 tenge.",
     5000.0, "KZT", None, "fine", None, "5,000 tenge"),
    ("The shipyard won a contract worth 12 million euros last year.",
     12_000_000.0, "EUR", "million", "contract", None, "12 million euros"),
    ("Gas exports brought in 850 million roubles for 2023.",
     850_000_000.0, "RUB", "million", "Gas exports", "2023", "850 million roubles"),
    ("The loan of £300m will be repaid over ten years.",
     300_000_000.0, "GBP", "m", "loan", None, "£300m"),
    ("The cabinet approved Rs 500 crore for flood relief.",
     5_000_000_000.0, "INR", "crore", None, None, "Rs 500 crore"),
    ("Tokyo offered two billion yen in grants in fiscal year 2024.",
     2_000_000_000.0, "JPY", "billion", "grants", "fiscal year 2024", "two billion yen"),
]


@pytest.mark.parametrize(("sentence", "value", "currency", "scale", "quantity", "period", "text"), FIGURES)
def test_money(reader, sentence, value, currency, scale, quantity, period, text):
    found = reader.figures(sentence, OFFSET)
    assert len(found) == 1, found
    f = found[0]
    assert (f.kind, f.unit, f.currency, f.scale_text) == ("money", "currency", currency, scale)
    assert f.value == pytest.approx(value)
    assert (f.quantity, f.period, f.text) == (quantity, period, text)
    spans_ok(sentence, f)


PERCENTS = [
    ("Trade between the two states grew by 15 percent in 2023.", 15.0, "Trade", "2023", "grew by 15 percent"),
    ("Exports rose 3.4% last year.", 3.4, "Exports", None, "rose 3.4%"),
    ("Imports fell by 2.1 per cent in the first quarter of 2024.", -2.1, "Imports", "first quarter of 2024",
     "fell by 2.1 per cent"),
    ("They reported a 12 percent increase in foreign investment in 2022.", 12.0, "foreign investment", "2022",
     "12 percent increase"),
]


@pytest.mark.parametrize(("sentence", "value", "quantity", "period", "text"), PERCENTS)
def test_percent_change(reader, sentence, value, quantity, period, text):
    found = reader.figures(sentence, OFFSET)
    assert len(found) == 1, found
    f = found[0]
    assert (f.kind, f.unit, f.currency, f.scale_text) == ("percent", "percent", None, None)
    assert f.value == pytest.approx(value)
    assert (f.quantity, f.period, f.text) == (quantity, period, text)
    spans_ok(sentence, f)


def test_two_figures_each_take_the_nearest_quantity(reader):
    s = "Exports climbed to $5bn while imports fell to $3bn in 2021."
    found = reader.figures(s, OFFSET)
    assert [(f.value, f.quantity, f.period) for f in found] == [(5e9, "Exports", None), (3e9, "imports", "2021")]
    for f in found:
        spans_ok(s, f)


def test_a_symbol_and_a_name_for_one_amount_give_one_figure(reader):
    found = reader.figures("The fund set aside $5 million dollars for schools.")
    assert [(f.text, f.value) for f in found] == [("$5 million", 5e6)]


@pytest.mark.parametrize("sentence", [
    "The army has 5,000 soldiers in the north.",  # no currency
    "The truck carried 5,000 pounds of explosives.",  # a weight, not sterling
    "Support for the governor rose by 5 percent.",  # a percentage of no economic quantity
    "Trade grew by 15 percentage points.",  # points, not percent
    "The bombing killed 17 people in 2022.",  # a casualty count
    "The talks lasted five days in 2023.",
    "Inflation was high in 2022.",
])
def test_no_figure(reader, sentence):
    assert reader.figures(sentence) == []


def test_figure_to_dict_is_plain(reader):
    f = reader.figures("Aid reached $10m.")[0]
    assert f.to_dict() == {"kind": "money", "value": 10_000_000.0, "unit": "currency", "currency": "USD",
                           "scale_text": "m", "quantity": "Aid", "period": None, "text": "$10m", "start": 12,
                           "end": 16}


# ---- the data file and the reader ---------------------------------------------------------------------------------

def shipped_text() -> str:
    return (resources.files("communique") / "data" / "figures.yaml").read_text(encoding="utf-8")


def test_data_file_states_its_provenance():
    first = shipped_text().splitlines()[0]
    assert first.startswith("#") and "communique" in first + shipped_text().splitlines()[1]


def test_the_patterns_are_compiled_once_per_reader(reader):
    before = [id(p) for _, p, _ in reader._count_res] + [id(reader._money_after), id(reader._change_verb)]
    reader.counts("Two people were killed.")
    reader.figures("Exports rose 3%.")
    after = [id(p) for _, p, _ in reader._count_res] + [id(reader._money_after), id(reader._change_verb)]
    assert before == after


@pytest.mark.parametrize(("old", "new", "message"), [
    ("units: {one: 1,", "units: {one: 1,, ", "figures.yaml, line"),  # not YAML
    ("tens: {twenty: 20,", "tens: {twenty: twenty,", "'tens'"),
    ("toll_raising: [raising,", "toll_raising: [true,", "'toll_raising'"),
    ("  EUR: {before:", "  EURO: {before:", "ISO 4217"),
    ("  arrested:\n", "  detained:\n", "'counts'"),
])
def test_malformed_data_file(old, new, message):
    text = shipped_text()
    assert old in text
    with pytest.raises(DataFileError, match=message):
        FigureReader(text.replace(old, new, 1))


def test_data_file_that_is_not_a_mapping():
    with pytest.raises(DataFileError, match="mapping"):
        FigureReader("- just\n- a list\n")
