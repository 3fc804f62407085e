"""A synthetic news corpus for benchmarks: wire-style articles mixing event sentences and background prose."""

from __future__ import annotations

import random
from collections.abc import Iterator

COUNTRIES = ["France", "Germany", "Kenya", "Uganda", "Peru", "Chile", "Japan", "India", "Brazil", "Egypt",
             "Turkey", "Poland", "Canada", "Ghana", "Norway", "Vietnam", "Mexico", "Nigeria", "Serbia", "Kazakhstan"]
DEMONYMS = {"France": "French", "Germany": "German", "Kenya": "Kenyan", "Uganda": "Ugandan", "Peru": "Peruvian",
            "Chile": "Chilean", "Japan": "Japanese", "India": "Indian", "Brazil": "Brazilian", "Egypt": "Egyptian",
            "Turkey": "Turkish", "Poland": "Polish", "Canada": "Canadian", "Ghana": "Ghanaian", "Norway": "Norwegian",
            "Vietnam": "Vietnamese", "Mexico": "Mexican", "Nigeria": "Nigerian", "Serbia": "Serbian",
            "Kazakhstan": "Kazakh"}
EVENTS = [
    "The {a} foreign minister paid an official visit to {B} on {day}.",
    "{A} and {B} signed an agreement on trade and investment cooperation.",
    "{A} accused {B} of supporting armed groups along the border.",
    "The {a} government urged {B} to release the detained journalists.",
    "{A} threatened to impose sanctions on {B} over the dispute.",
    "Police in {A} arrested dozens of protesters outside parliament.",
    "The {a} president held talks with his {b} counterpart in the capital.",
    "{A} condemned the attack on the {b} embassy.",
    "Thousands of {a} workers demonstrated against the new labour law.",
    "{A} pledged to provide humanitarian aid to {B} after the floods.",
]
BACKGROUND = [
    "The two countries have maintained diplomatic relations since the early 1990s.",
    "Trade between them reached several billion dollars last year, according to official statistics.",
    "Analysts expect the talks to focus on energy, transport and agriculture.",
    "The region has seen rapid economic growth over the past decade.",
    "Officials declined to give further details about the schedule of the visit.",
    "The ministry published a statement on its website later in the evening.",
    "Local newspapers carried the story on their front pages the next morning.",
    "The capital hosted a large international conference on climate policy in the spring.",
    "Inflation slowed for the third consecutive month, the central bank said in its monthly report.",
    "Several schools and hospitals in the province were renovated with public funds.",
    "The weather service forecast heavy rain for the northern districts over the weekend.",
    "Tourism revenue rose by a fifth compared with the same period a year earlier.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def synthetic_articles(n: int, seed: int = 7) -> list[str]:
    """n articles of 10-16 sentences, about a third of them event sentences."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        lines = [f" date 2024-{1 + i % 12:02d}-{1 + i % 28:02d} Synthetic Wire"]
        for _ in range(rng.randint(10, 16)):
            if rng.random() < 0.33:
                tpl = rng.choice(EVENTS)
                lines.append(tpl.format(A=a, B=b, a=DEMONYMS[a], b=DEMONYMS[b], day=rng.choice(DAYS)))
            else:
                lines.append(rng.choice(BACKGROUND))
        out.append("\n".join(lines))
    return out


SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]
VARIED = [
    "{P} {Q}, who heads the {W} cooperative, said output rose by {n} percent.",
    "A spokesman for {W} Holdings put the cost of the project at {n} million.",
    "Residents of {W} reported power cuts lasting {n} hours.",
    "The {W} festival drew about {n} visitors, organisers said.",
    "Shares of {W} Group closed at {n}.{m} on Thursday.",
]


def made_up_word(rng: random.Random) -> str:
    """A pronounceable word no dictionary holds (a stand-in for the endless names of real news)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()


def varied_articles(seed: int = 7) -> Iterator[str]:
    """An endless stream of articles like synthetic_articles(), with new names and figures in every article, as
    real news has; the vocabulary a long run sees keeps growing, which a memory test needs."""
    rng = random.Random(seed)
    base = synthetic_articles(500, seed)
    i = 0
    while True:
        lines = base[i % len(base)].split("\n")
        for _ in range(rng.randint(2, 4)):
            extra = rng.choice(VARIED).format(P=made_up_word(rng), Q=made_up_word(rng), W=made_up_word(rng),
                                              n=rng.randint(2, 99_999), m=rng.randint(0, 99))
            lines.insert(rng.randint(1, len(lines)), extra)
        yield "\n".join(lines)
        i += 1
