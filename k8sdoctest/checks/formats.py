"""String `format`s and `pattern`s of CRD schemas, checked as the API server checks them.

Formats: only those apiextensions supports (`pkg/apiserver/validation/formats.go`); any other
format (e.g. `idn-hostname`) is ignored, as the server ignores it. Names are compared with
dashes removed (go-openapi's normalisation: `date-time` is `datetime`).

Patterns: Go's regexp is RE2, not ECMA 262, so patterns are compiled with google-re2 and
matched unanchored (`regexp.MatchString`). Unicode classes such as `\\PC` and inline flags
such as `(?i)` therefore work as on the server.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import ipaddress
import re
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any

import re2

# formats.go: the formats of Kubernetes 1.0 on, and those added in 1.34.
FORMATS_1_0 = frozenset({
    "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5",
    "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password", "date", "duration",
    "datetime", "quantity",
})
FORMATS_1_34 = frozenset({"k8sshortname", "k8slongname"})


def supported(minors: tuple[int, ...]) -> frozenset[str]:
    """Formats enforced on at least one claimed minor: a value must pass on the strictest server."""
    return FORMATS_1_0 | FORMATS_1_34 if any(m >= 34 for m in minors) else FORMATS_1_0


def normalize(name: str) -> str:
    return name.replace("-", "")


# kube-openapi strfmt/default.go (RE2 syntax, so compiled with re2 as Go does).
_HOSTNAME = (
    r"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}"
    r"[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$"
)
_UUID = {
    "uuid": re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I),
    "uuid3": re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I),
    "uuid4": re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", re.I),
    "uuid5": re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", re.I),
}
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SHORT_NAME = re.compile(rf"^{_DNS_LABEL}$")
_LONG_NAME = re.compile(rf"^{_DNS_LABEL}(\.{_DNS_LABEL})*$")
_QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$")
_GO_DURATION = re.compile(r"^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$")
_UNIT_DURATION = re.compile(r"^(\d+)\s*(ns|us|µs|ms|s|m|h|d|w|[a-z]+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")
_MAC = re.compile(r"^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\2){4,18}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2,9}[0-9a-fA-F]{4}$")
_HEXCOLOR = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_BYTE_RANGE = r"\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*"
_RGB = re.compile(rf"^rgb\({_BYTE_RANGE},{_BYTE_RANGE},{_BYTE_RANGE}\)$")
_SSN = re.compile(r"^\d{3}[- ]?\d{2}[- ]?\d{4}$")
_BASE64 = re.compile(r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$")
_CARD = re.compile(r"^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}"
                   r"|(?:2131|1800|35\d{3})\d{11})$")


@functools.cache
def _hostname_pattern() -> re2._Regexp:
    return re2.compile(_HOSTNAME)  # ~100 ms with its Unicode classes: compiled when a hostname is first checked


def _hostname(s: str) -> bool:
    return bool(_hostname_pattern().search(s)) and len(s) <= 255 and all(len(p) <= 63 for p in s.split("."))


def _ip(s: str, version: int, marker: str) -> bool:
    # govalidator: net.ParseIP accepts it and the text has a '.' (IPv4) or a ':' (IPv6)
    try:
        ipaddress.ip_address(s)
    except ValueError:
        return False
    return marker in s and (version == 6 or ":" not in s or "." in s)


def _cidr(s: str) -> bool:
    if "/" not in s:
        return False
    try:
        ipaddress.ip_network(s, strict=False)
    except ValueError:
        return False
    return True


def _uri(s: str) -> bool:
    # net/url.ParseRequestURI: an absolute URI or an absolute path, no spaces or control characters
    return bool(re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/)", s)) and not re.search(r"[\s\x00-\x1f\x7f]", s)


def _email(s: str) -> bool:
    _, address = parseaddr(s)
    return "@" in address and not address.startswith("@") and not address.endswith("@")


def _date(s: str) -> bool:
    if not _DATE.match(s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def _duration(s: str) -> bool:
    return s == "0" or bool(_GO_DURATION.match(s) or _UNIT_DURATION.match(s))


def _byte(s: str) -> bool:
    if not _BASE64.match(s):
        return False
    try:
        base64.b64decode(s, validate=True)
    except binascii.Error:
        return False
    return True


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _creditcard(s: str) -> bool:
    digits = re.sub(r"[^0-9]", "", s)
    return bool(_CARD.match(digits)) and _luhn(digits)


def _isbn10(s: str) -> bool:
    s = re.sub(r"[\s-]", "", s)
    if not re.fullmatch(r"[0-9]{9}[0-9X]", s):
        return False
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(s))
    return total % 11 == 0


def _isbn13(s: str) -> bool:
    s = re.sub(r"[\s-]", "", s)
    if not re.fullmatch(r"[0-9]{13}", s):
        return False
    return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(s)) % 10 == 0


CHECKERS: dict[str, Callable[[str], Any]] = {
    "bsonobjectid": lambda s: bool(re.fullmatch(r"[0-9a-fA-F]{24}", s)),
    "uri": _uri,
    "email": _email,
    "hostname": _hostname,
    "ipv4": lambda s: _ip(s, 4, "."),
    "ipv6": lambda s: _ip(s, 6, ":"),
    "cidr": _cidr,
    "mac": lambda s: bool(_MAC.match(s)),
    **{name: rx.fullmatch for name, rx in _UUID.items()},
    "isbn": lambda s: _isbn10(s) or _isbn13(s),
    "isbn10": _isbn10,
    "isbn13": _isbn13,
    "creditcard": _creditcard,
    "ssn": lambda s: bool(_SSN.match(s)),
    "hexcolor": lambda s: bool(_HEXCOLOR.match(s)),
    "rgbcolor": lambda s: bool(_RGB.match(s)),
    "byte": _byte,
    "password": lambda s: True,
    "date": _date,
    "duration": _duration,
    "datetime": lambda s: bool(_DATETIME.match(s)),
    "quantity": lambda s: bool(_QUANTITY.match(s)),
    "k8sshortname": lambda s: len(s) <= 63 and bool(_SHORT_NAME.match(s)),
    "k8slongname": lambda s: len(s) <= 253 and bool(_LONG_NAME.match(s)),
}


def check_format(name: str, value: str) -> bool:
    checker = CHECKERS.get(normalize(name))
    return checker is None or bool(checker(value))


@functools.cache
def compile_pattern(pattern: str) -> Any:
    """The pattern as Go compiles it, or None when RE2 cannot (the server would refuse the CRD)."""
    try:
        return re2.compile(pattern)
    except re2.error:
        return None


class Pattern:
    """jsonschema-rs keyword `x-k8s-pattern`: an RE2 pattern, matched as Go's regexp.MatchString."""

    def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]) -> None:
        self.source = str(value)
        self.regex = compile_pattern(self.source)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and self.regex is not None and not self.regex.search(instance):
            raise ValueError(f"{instance!r} does not match the pattern {self.source!r}")


class Format:
    """jsonschema-rs keyword `x-k8s-format`: only the formats the API server checks (see `strict`)."""

    def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]) -> None:
        self.name = str(value)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not check_format(self.name, instance):
            raise ValueError(f"{instance!r} is not a valid {self.name}")
