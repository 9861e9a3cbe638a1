"""How a text is encoded and split into parts, as carriers do it: GSM-7 (160 characters in one
part, 153 per part of a longer message; the extension characters count twice) or UCS-2 (70, 67 per
part, counted in UTF-16 code units). Smart encoding replaces Unicode look-alikes with their GSM-7
kin first, so text pasted from a word processor still fits GSM-7."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The GSM 03.38 default alphabet and its extension table (written out here, one place).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")

# Look-alikes smart encoding replaces (typographic quotes, dashes, spaces, ellipsis, ...).
SMART = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\u2026": "...", "\u2022": "-", "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u02c6": "^", "\u02dc": "~", "\u200b": "", "\ufeff": "",
}  # fmt: skip

MAX_PARTS = 10
Requested = Literal["auto", "gsm7", "ucs2"]


@dataclass(frozen=True)
class Encoded:
    text: str  # as sent (after smart encoding)
    encoding: Literal["GSM-7", "UCS-2"]
    parts: int
    num_chars: int
    smart_encoding_applied: bool


def is_gsm(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def _gsm_units(text: str) -> int:
    return sum(2 if ch in GSM_EXTENSION else 1 for ch in text)


def _ucs2_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parts_of(units: int, single: int, multi: int) -> int:
    if units <= single:
        return 1
    return -(-units // multi)


def smart(text: str) -> str:
    return "".join(SMART.get(ch, ch) for ch in text)


def encode(text: str, requested: Requested, smart_encoding: bool) -> Encoded | None:
    """The text as it would be sent, or None when `gsm7` was asked for text GSM-7 cannot carry."""
    if requested == "ucs2":
        units = _ucs2_units(text)
        return Encoded(text, "UCS-2", parts_of(units, 70, 67), len(text), False)
    if not is_gsm(text) and smart_encoding and requested == "auto":
        replaced = smart(text)
        if replaced != text and is_gsm(replaced):
            units = _gsm_units(replaced)
            return Encoded(replaced, "GSM-7", parts_of(units, 160, 153), len(replaced), True)
    if is_gsm(text):
        return Encoded(text, "GSM-7", parts_of(_gsm_units(text), 160, 153), len(text), False)
    if requested == "gsm7":
        return None
    return Encoded(text, "UCS-2", parts_of(_ucs2_units(text), 70, 67), len(text), False)
