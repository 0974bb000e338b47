"""Generate a deterministic corpus of deal articles, with its truth, for the scale benchmarks.

``python benchmarks/gen_corpus.py OUT --count 10000 --seed 1`` writes ``OUT/articles/articles-NNNN.jsonl``
(1,000 articles a file, about 350 words each) and ``OUT/truth.jsonl`` (one line per article: the
deals it reports, each ``signed``, ``hedged`` or ``negated``, and the details it misstates).
The same seed and count always give the same bytes; the first N articles of a larger run are
the articles of a run with count N, so quality at 1k and at 100k compare the same texts.

Names come from the project's gazetteers (firms with their country, products with their maker,
countries with their demonym); people are invented, each tied to one firm or ministry so they
recur across many articles. Deals recur too: a deal is told by up to three articles, at
different stages, and one report in eight misstates its value or date.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
PER_FILE = 1000

FIRST = [
    "Anna",
    "Marek",
    "Lucia",
    "Tomas",
    "Helena",
    "Jonas",
    "Maria",
    "Pavel",
    "Elena",
    "Kenji",
    "Sofia",
    "Rafael",
    "Ingrid",
    "Omar",
    "Laila",
    "Diego",
    "Mei",
    "Arjun",
    "Nadia",
    "Viktor",
    "Clara",
    "Hugo",
    "Ayla",
    "Bruno",
    "Irene",
    "Felix",
    "Rosa",
    "Karim",
    "Yuna",
    "Pedro",
]
LAST = [
    "Kowalczyk",
    "Varga",
    "Brennan",
    "Moreau",
    "Lindqvist",
    "Okafor",
    "Tanaka",
    "Herrera",
    "Novak",
    "Duarte",
    "Castell",
    "Petrov",
    "Haddad",
    "Sorensen",
    "Ferreira",
    "Kim",
    "Mendes",
    "Albright",
    "Rinaldi",
    "Yilmaz",
    "Osei",
    "Dvorak",
    "Ishikawa",
    "Bauer",
    "Quintero",
    "Nakamura",
    "Laurent",
    "Sandoval",
    "Holm",
    "Akande",
]
EXEC_TITLES = ("chief executive", "president", "managing director", "head of international sales")
GOV_TITLES = ("defence minister", "deputy defence minister", "head of procurement")

# Sentence templates. {buyer} a country, {buyer_adj} its demonym, {ministry} its ministry of defence,
# {seller} a firm, {product} a product of it, {n} a quantity, {value} "US$120 million", {date} "12 May 2023".
SIGNED = (
    "{ministry} signed a contract with {seller} for {n} {product} worth {value} on {date}.",
    "{seller} has signed a {value} contract with {buyer} to supply {n} {product}, the company said on {date}.",
    "On {date}, {buyer} and {seller} signed an agreement worth {value} for the delivery of {n} {product}.",
    "{seller} inked a deal with the {buyer_adj} government for {n} {product}, valued at {value}.",
    "The {buyer_adj} defence ministry awarded {seller} a {value} contract for {n} {product} on {date}.",
    "{buyer} concluded a framework agreement with {seller} covering {n} {product} on {date}.",
)
HEDGED = (
    "{buyer} is poised to sign a contract with {seller} for {n} {product}, officials said.",
    "{seller} could win an order from {buyer} for up to {n} {product} later this year.",
    "{buyer} aims to conclude a deal with {seller} for {product} before the end of the year.",
    "Sources say {seller} may sign an agreement with {buyer} on {product} as early as next month.",
    "{buyer} is expected to order {n} {product} from {seller}, according to people familiar with the talks.",
)
NEGATED = (
    "{buyer} did not sign the expected contract with {seller} for {product}, the ministry said.",
    "{seller} has yet to sign an agreement with {buyer} on the {product} programme.",
    "Talks between {buyer} and {seller} on {n} {product} ended without a contract.",
    "{buyer} has not signed any deal with {seller} for {product}, a spokesperson said.",
)
SIGNATORY = (
    "The document was signed by {person}, {title} of {org}.",
    "{person}, {title} of {org}, signed on behalf of the company.",
    "{person}, the {title} of {org}, attended the ceremony.",
)
FILLER = (
    "The programme forms part of a wider modernisation of the armed forces.",
    "Deliveries are scheduled to begin within three years, with local assembly to follow.",
    "Analysts noted that the budget for equipment has grown steadily since the review.",
    "The parliament's defence committee is due to discuss the financing next week.",
    "Industry observers expect further orders once the first batch enters service.",
    "The ministry did not disclose the schedule for training crews and maintenance staff.",
    "Local suppliers are expected to take a share of the work on spare parts and support.",
    "The announcement came during a visit by a delegation to the company's main plant.",
    "Officials described the talks as constructive and said technical details remain open.",
    "The contract includes training, logistics support and an initial stock of spare parts.",
    "Regional rivals have expanded their own fleets over the past decade.",
    "The new equipment will replace ageing systems bought in the 1980s.",
    "A second phase could follow once the first units have passed acceptance trials.",
    "Financing will come from the defence budget over the next five fiscal years.",
    "The company has been expanding its presence in the region through local partners.",
    "Opposition lawmakers questioned whether the price offered good value for taxpayers.",
    "Crews are expected to train abroad before the systems arrive at their home base.",
    "The order follows a competition in which three bidders submitted final offers.",
    "Maintenance will be carried out at a national depot under a separate arrangement.",
    "Defence spending in the region reached a record level last year, according to estimates.",
    "Union representatives welcomed the prospect of new work at the assembly line.",
    "The navy and the air force have both asked for additional funds in the coming budget.",
    "The tender was launched two years ago after a review of the country's security needs.",
    "Several smaller suppliers are bidding for subcontracts on electronics and software.",
    "Export credit guarantees are expected to cover part of the financing.",
)
CONTEXT = (
    "{seller} employs thousands of people at its plants in {seller_country}.",
    "{seller} has delivered similar systems to several customers in recent years.",
    "The {product} has been in service with the armed forces of {seller_country} for years.",
    "{buyer} last bought major equipment from a foreign supplier almost a decade ago.",
)
TITLES = (
    "{seller} wins {buyer_adj} order for {product}",
    "{buyer} moves ahead with {product} purchase",
    "{buyer_adj} {product} programme: what we know",
    "{seller} and {buyer}: talks on {product}",
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _gazetteer() -> tuple[list[dict], list[dict], dict[str, dict]]:
    """Firms that make a named product, the products, and countries by name."""
    companies = yaml.safe_load((DATA / "companies.yaml").read_text(encoding="utf-8"))
    products = yaml.safe_load((DATA / "products.yaml").read_text(encoding="utf-8"))
    countries = {c["name"]: c for c in yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))}
    makers = {p.get("manufacturer") for p in products}
    firms = [c for c in companies if c["name"] in makers and c.get("country") in countries]
    products = [p for p in products if p.get("manufacturer") in {f["name"] for f in firms}]
    return firms, products, countries


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


class World:
    """Firms, products, buyers and people, fixed by the seed."""

    def __init__(self, seed: int):
        rng = random.Random(seed)
        self.firms, products, countries = _gazetteer()
        self.products = {
            f["name"]: [p["name"] for p in products if p["manufacturer"] == f["name"]] for f in self.firms
        }
        sellers = {f["country"] for f in self.firms}
        self.buyers = sorted(c for c in countries if c not in sellers and countries[c].get("demonyms"))
        self.demonym = {c: countries[c]["demonyms"][0] for c in self.buyers}
        # A few executives per firm and officials per buyer, recurring across articles.
        self.executives = {
            f["name"]: [(_person(rng), rng.choice(EXEC_TITLES)) for _ in range(3)] for f in self.firms
        }
        self.officials = {b: [(_person(rng), rng.choice(GOV_TITLES)) for _ in range(2)] for b in self.buyers}


def _date(rng: random.Random) -> tuple[str, str]:
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return f"{year}-{month:02d}-{day:02d}", f"{day} {MONTHS[month - 1]} {year}"


def _deal(world: World, rng: random.Random, deal_id: int) -> dict:
    """One deal as it really was: the truth its reports tell, or misstate."""
    firm = rng.choice(world.firms)
    iso, text = _date(rng)
    return {
        "deal": deal_id,
        "buyer": rng.choice(world.buyers),
        "seller": firm["name"],
        "seller_country": firm["country"],
        "product": rng.choice(world.products[firm["name"]]),
        "n": rng.choice((2, 4, 6, 8, 12, 18, 24, 36, 48)),
        "value_musd": rng.choice((45, 80, 120, 250, 400, 650, 900, 1200, 2400)),
        "date": iso,
        "date_text": text,
    }


def _value_text(musd: int) -> str:
    return f"US${musd / 1000:g} billion" if musd >= 1000 else f"US${musd} million"


def _article(world: World, index: int, seed: int) -> tuple[dict, dict]:
    """Article ``index`` and its truth; each depends only on (seed, index)."""
    rng = random.Random(seed * 1_000_003 + index)
    # Deals recur: article i reports deal i // 3 with probability 1/2, else a deal of its own.
    deal_id = index // 3 if rng.random() < 0.5 else 10_000_000 + index
    deal = _deal(world, random.Random(seed * 7_919 + deal_id), deal_id)
    mode = rng.choices(("signed", "hedged", "negated"), weights=(6, 3, 1))[0]
    stated = dict(deal)
    misstated = []
    if mode == "signed" and rng.random() < 0.125:
        field = rng.choice(("value_musd", "date"))
        if field == "value_musd":
            stated["value_musd"] = deal["value_musd"] * rng.choice((2, 3))
        else:
            stated["date"], stated["date_text"] = _date(rng)
        misstated.append(field)
    slots = {
        "buyer": deal["buyer"],
        "buyer_adj": world.demonym[deal["buyer"]],
        "ministry": f"{world.demonym[deal['buyer']]} Ministry of Defence",
        "seller": deal["seller"],
        "product": deal["product"],
        "n": deal["n"],
        "value": _value_text(stated["value_musd"]),
        "date": stated["date_text"],
    }
    templates = {"signed": SIGNED, "hedged": HEDGED, "negated": NEGATED}[mode]
    sentences = [rng.choice(templates).format(**slots)]
    person = None
    if mode == "signed":
        person, title = rng.choice(world.executives[deal["seller"]])
        sentences.append(rng.choice(SIGNATORY).format(person=person, title=title, org=deal["seller"]))
    # A distractor: a different firm's hedged or negated deal with another buyer, in the same article.
    other = _deal(world, rng, -1)
    distractor_mode = rng.choice(("hedged", "negated"))
    other_slots = {
        **slots,
        "buyer": other["buyer"],
        "buyer_adj": world.demonym[other["buyer"]],
        "seller": other["seller"],
        "product": other["product"],
        "n": other["n"],
    }
    distractor = rng.choice(HEDGED if distractor_mode == "hedged" else NEGATED).format(**other_slots)
    official, gov_title = rng.choice(world.officials[deal["buyer"]])
    body = sentences + [
        f"{official}, {gov_title} of {deal['buyer']}, said the {deal['product']} would strengthen the country's defences.",
        *rng.sample(FILLER, 9),
        rng.choice(CONTEXT).format(**slots, seller_country=deal["seller_country"]),
        distractor,
        *rng.sample(FILLER, 8),
    ]
    paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    published = deal["date"] if mode == "signed" else _date(rng)[0]
    article_id = f"gen-{seed}-{index:07d}"
    record = {
        "id": article_id,
        "title": rng.choice(TITLES).format(**slots),
        "date": published,
        "url": f"https://news.example.org/{seed}/{index}",
        "text": "\n\n".join(paragraphs),
    }
    truth = {
        "id": article_id,
        "deals": [
            {
                **{k: deal[k] for k in ("deal", "buyer", "seller", "seller_country", "product", "date")},
                "value_musd": deal["value_musd"],
                "status": mode,
                "misstated": misstated,
                **({"signatory": person} if person else {}),
            },
            {k: other[k] for k in ("buyer", "seller", "product")} | {"status": distractor_mode},
        ],
    }
    return record, truth


def generate(out: Path, count: int, seed: int) -> None:
    """Write ``count`` articles and their truth under ``out``, streaming (flat memory)."""
    (out / "articles").mkdir(parents=True, exist_ok=True)
    world = World(seed)
    handle = None
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth_file:
        for index in range(count):
            if index % PER_FILE == 0:
                if handle:
                    handle.close()
                handle = (out / "articles" / f"articles-{index // PER_FILE:04d}.jsonl").open(
                    "w", encoding="utf-8"
                )
            record, truth = _article(world, index, seed)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            truth_file.write(json.dumps(truth, ensure_ascii=False) + "\n")
    if handle:
        handle.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
