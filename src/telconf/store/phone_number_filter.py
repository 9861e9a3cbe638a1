"""What a phone-number list asks for (`PhoneNumberFilter`, the sort), and which `list_counts` keys
its total and its version depend on (`dependencies`): the list planner (phone_number_lists.py)
and the exports read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .list_counts import ALL, Key, stored

# Sort name -> (column, direction). The id breaks ties so the order is total and stable.
SORT_COLUMNS = {
    None: ("created_at", "DESC"),
    "purchased_at": ("purchased_at", "ASC"),
    "phone_number": ("phone_number", "ASC"),
    "connection_name": ("connection_name", "ASC"),  # numbers without a connection first
    "usage_payment_method": ("usage_payment_method", "ASC"),
    "phone_number_desc": ("phone_number", "DESC"),  # the messaging list's sort[phone_number]=desc
}
PAYMENT_METHODS = ("pay-per-minute", "channel")


@dataclass(frozen=True)
class PhoneNumberFilter:
    """A validated set of list filters; None means "not filtered on this"."""

    tag: str | None = None
    phone_number_digits: str | None = None
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    connection_id: str | None = None
    connection_name: tuple[str, str] | None = None  # (operator, value)
    usage_payment_method: str | None = None
    billing_group_id: str | None = None  # "null" selects numbers without one
    emergency_address_id: str | None = None
    customer_reference: str | None = None
    number_types: tuple[str, ...] = ()
    source_type: str | None = None
    without_tags: bool = False
    messaging_profile_id: str | None = None
    has_bundle: bool | None = None
    phone_numbers: tuple[str, ...] = ()  # exact E.164 numbers
    phone_number_contains: str | None = None  # a substring of the E.164 text
    nothing: bool = False  # a filter that can match nothing (e.g. non-digits in phone_number)

    def signature(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self.__dataclass_fields__)


@dataclass
class _Column:
    """One filter on a phone_numbers column: the values it takes and the counts key of each."""

    column: str
    values: tuple[str | None, ...]
    dim: str  # its counted dimension


def columns_of(f: PhoneNumberFilter) -> list[_Column]:
    out: list[_Column] = []
    multi: tuple[tuple[str, str, tuple[str, ...]], ...] = (
        ("status", "status", f.statuses),
        ("country_iso_alpha2", "country", f.countries),
        ("phone_number_type", "type", f.number_types),
    )
    for column, dim, values in multi:
        if values:
            out.append(_Column(column, values, dim))
    single: tuple[tuple[str, str, str | None], ...] = (
        ("connection_id", "connection", f.connection_id),
        ("usage_payment_method", "payment", f.usage_payment_method),
        ("source_type", "source", f.source_type),
        ("messaging_profile_id", "profile", f.messaging_profile_id),
    )
    for column, dim, value in single:
        if value is not None:
            out.append(_Column(column, (value,), dim))
    nullables = (("billing_group_id", f.billing_group_id), ("emergency_address_id", f.emergency_address_id))
    for column, nullable in nullables:
        if nullable is not None:
            dim = column.removesuffix("_id")
            out.append(_Column(column, (None if nullable == "null" else nullable,), dim))
    return out


def dependencies(f: PhoneNumberFilter, sort: str | None) -> tuple[list[Key], list[Key] | None, bool]:
    """The counts keys a list depends on; those whose sum is its exact total (None when the
    filters span more than one dimension, or one that is not counted); and whether the list is
    volatile: filtered on a column whose changes are not recorded (customer reference, bundle:
    PATCHed constantly, so recording them would tax every write), so nothing of it is remembered."""
    keys: list[Key] = []
    exact: list[list[Key]] = []
    stamped = volatile = False
    if f.customer_reference is not None:
        stamped = volatile = True
    for c in columns_of(f):
        these = [(c.dim, stored(v)) for v in c.values]
        keys += these
        exact.append(these)
    if f.tag is not None:
        keys.append(("tag", stored(f.tag)))
        exact.append([keys[-1]])
    if f.without_tags:
        keys.append(("untagged", stored("yes")))
        exact.append([keys[-1]])
    if f.connection_name is not None:
        stamped = True
        keys.append(("connection_name", ""))
    if f.has_bundle is not None:
        stamped = volatile = True
    phone = bool(f.phone_numbers or f.phone_number_contains is not None or f.phone_number_digits is not None)
    column = SORT_COLUMNS[sort][0]
    if column == "connection_name":
        keys.append(("connection_name", ""))
    elif column == "usage_payment_method":
        keys += [("payment", stored(m)) for m in PAYMENT_METHODS]
    keys.append((ALL, ""))  # also what the plans weigh a filter's matches against
    total = exact[0] if len(exact) == 1 and not stamped and not phone else None
    if not exact and not stamped and not phone:
        total = [(ALL, "")]
    return sorted(set(keys)), total, volatile
