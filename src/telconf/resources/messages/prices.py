"""What a message part costs: a rate and a carrier fee in USD, by destination country and type
(SMS or MMS). The built-in table below, or a JSON file of the same shape given with
`--message-prices` (TELCONF_MESSAGE_PRICES); a country missing from the file costs what `*` says.

    {"US": {"SMS": {"rate": "0.0040", "carrier_fee": "0.0030"}, "MMS": {...}}, "*": {...}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

KINDS = ("SMS", "MMS")


@dataclass(frozen=True)
class Price:
    rate: Decimal
    carrier_fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.rate + self.carrier_fee


PriceTable = dict[str, dict[str, Price]]


def _price(rate: str, fee: str) -> Price:
    return Price(Decimal(rate), Decimal(fee))


DEFAULT: PriceTable = {
    "US": {"SMS": _price("0.0040", "0.0030"), "MMS": _price("0.0150", "0.0050")},
    "CA": {"SMS": _price("0.0040", "0.0000"), "MMS": _price("0.0150", "0.0000")},
    "*": {"SMS": _price("0.0500", "0.0000"), "MMS": _price("0.1000", "0.0000")},
}


def price_of(table: PriceTable, country: str | None, kind: str, parts: int) -> Price:
    """What `parts` parts of `kind` to `country` cost."""
    one = table.get(country or "*", table["*"])[kind]
    return Price(one.rate * parts, one.carrier_fee * parts)


def _amount(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(value) if isinstance(value, str) else Decimal("NaN")
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f'{where} must be a non-negative decimal string such as "0.0040", not {value!r}')
    return amount


def parse_prices(text: str, source: str = "the price table") -> PriceTable:
    """A price table from its JSON; ValueError naming the first mistake (a one-line message)."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{source} is not JSON: {exc}") from None
    if not isinstance(document, dict) or not document:
        raise ValueError(f'{source} must be an object of countries, e.g. {{"US": {{"SMS": {{...}}, "MMS": {{...}}}}}}')
    table: PriceTable = {"*": DEFAULT["*"]}
    for country, kinds in document.items():
        if country != "*" and not (len(country) == 2 and country.isascii() and country.isupper()):
            raise ValueError(f"{source}: {country!r} is not an ISO 3166-1 alpha-2 country code (or *)")
        if not isinstance(kinds, dict) or set(kinds) != set(KINDS):
            raise ValueError(f"{source}: {country} must give exactly SMS and MMS")
        entry = {}
        for kind in KINDS:
            price = kinds[kind]
            if not isinstance(price, dict) or set(price) != {"rate", "carrier_fee"}:
                raise ValueError(f'{source}: {country}.{kind} must be {{"rate": ..., "carrier_fee": ...}}')
            entry[kind] = Price(
                _amount(price["rate"], f"{source}: {country}.{kind}.rate"),
                _amount(price["carrier_fee"], f"{source}: {country}.{kind}.carrier_fee"),
            )
        table[country] = entry
    return table


def load_prices(path: str | None) -> PriceTable:
    if path is None:
        return DEFAULT
    try:
        with open(path, encoding="utf-8") as f:
            return parse_prices(f.read(), path)
    except OSError as exc:
        raise ValueError(f"cannot read the price table {path}: {exc.strerror or exc}") from None
