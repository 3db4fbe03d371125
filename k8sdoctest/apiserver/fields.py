"""Field errors as kube-apiserver prints them, and the format checks they share.

Ported from k8s.io/apimachinery/pkg/util/validation (field/errors.go,
validation.go, ip.go) and api/validate/content (kube.go): the same rules and
the same words, so a finding reads like `kubectl apply` output.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import versions as k8s_versions


class Key(str):
    """A map key in a field path: printed `labels[app]`, not `labels.app`."""


Path = tuple[Any, ...]


def render(path: Path) -> str:
    """`("spec", "ports", 0, "port")` → `spec.ports[0].port`, like field.Path.String()."""
    out = ""
    for step in path:
        if isinstance(step, Key) or isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def go_value(value: Any) -> str:
    """The bad value the way Go's ErrorBody prints it (%q for strings, %v for numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        body = ", ".join(f"{json.dumps(str(k))}:{json.dumps(v)}" for k, v in value.items())
        return "map[string]string{" + body + "}"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


OMIT = object()  # errors whose body does not print the value


@dataclass(frozen=True)
class FieldError:
    """One field.Error: `<field>: <Type>[: <value>][: <detail>]`."""

    type: str  # Go's ErrorType.String(): "Invalid value", "Required value", …
    path: Path
    value: Any = OMIT
    detail: str = ""
    versions: tuple[str, ...] = field(default=(), compare=False)
    at: Path | None = field(default=None, compare=False)  # a finer path for the line, where upstream reports the parent


    @property
    def field(self) -> str:
        return render(self.path)

    @property
    def data_path(self) -> list[Any]:
        """The path into the YAML document, for the line of the finding."""
        return [str(s) if isinstance(s, Key) else s for s in (self.at or self.path)]

    def body(self) -> str:
        text = self.type if self.value is OMIT else f"{self.type}: {go_value(self.value)}"
        return f"{text}: {self.detail}" if self.detail else text

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}"


def invalid(path: Path, value: Any, detail: str, at: Path | None = None) -> FieldError:
    return FieldError("Invalid value", path, value, detail, at=at)


def required(path: Path, detail: str = "") -> FieldError:
    return FieldError("Required value", path, OMIT, detail)


def forbidden(path: Path, detail: str) -> FieldError:
    return FieldError("Forbidden", path, OMIT, detail)


def duplicate(path: Path, value: Any) -> FieldError:
    return FieldError("Duplicate value", path, value)


def not_found(path: Path, value: Any, detail: str = "") -> FieldError:
    return FieldError("Not found", path, value, detail)


def not_supported(path: Path, value: Any, valid: Iterable[str]) -> FieldError:
    quoted = ", ".join(json.dumps(v) for v in valid)
    return FieldError("Unsupported value", path, value, f"supported values: {quoted}" if quoted else "")


def too_long(path: Path, limit: int) -> FieldError:
    return FieldError("Too long", path, OMIT, f"must have at most {limit} bytes")


def too_many(path: Path, actual: int, limit: int) -> FieldError:
    return FieldError("Too many", path, actual, f"must have at most {limit} items")


Errors = list[FieldError]


# --- running the rules once per claimed version -------------------------------------------------

def per_version(versions: Iterable[str], check: Callable[[int], Errors]) -> Errors:
    """Run `check(minor)` for every claimed version; an error remembers the versions that raise it.

    Most rules are the same in 1.25–1.37; the few that changed (feature gates that
    went beta, names that got stricter) read `minor` and say where they apply.
    """
    merged: dict[tuple[str, str], FieldError] = {}
    for version in versions:
        for err in check(k8s_versions.minor(version)):
            key = (err.field, err.body())
            old = merged.get(key)
            merged[key] = replace(err, versions=(*old.versions, version) if old else (version,))
    return list(merged.values())


# --- messages (k8s.io/apimachinery/pkg/util/validation/validation.go) ----------------------------

def max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """RegexError: keeps upstream's exact wording, double space after the first example included."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    listed = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {listed}regex used for validation is '{fmt}')"


def inclusive_range_error(lo: int, hi: int) -> str:
    return f"must be between {lo} and {hi}, inclusive"


EMPTY_ERROR = "must be non-empty"
IS_NEGATIVE = "must be greater than or equal to 0"

DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1123_LABEL_FMT_US = "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FMT_US = DNS1123_LABEL_FMT_US + "(\\." + DNS1123_LABEL_FMT_US + ")*"
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?"
CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+"
ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*"
PERCENT_FMT = "[0-9]+%"
HTTP_HEADER_FMT = "[-A-Za-z0-9]+"
HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"
WILDCARD_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT


def _full(fmt: str) -> re.Pattern[str]:
    return re.compile(f"^(?:{fmt})$")


_DNS1123_LABEL = _full(DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN = _full(DNS1123_SUBDOMAIN_FMT)
_DNS1123_SUBDOMAIN_US = _full(DNS1123_SUBDOMAIN_FMT_US)
_DNS1035_LABEL = _full(DNS1035_LABEL_FMT)
_LABEL_KEY = _full(LABEL_KEY_FMT)
_LABEL_VALUE = _full(LABEL_VALUE_FMT)
_CONFIG_MAP_KEY = _full(CONFIG_MAP_KEY_FMT)
_ENV_VAR_NAME = _full(ENV_VAR_NAME_FMT)
_PERCENT = _full(PERCENT_FMT)
_HTTP_HEADER = _full(HTTP_HEADER_FMT)
_HTTP_PATH = _full(HTTP_PATH_FMT)
_WILDCARD = _full(WILDCARD_FMT)


def is_dns1123_label(value: str) -> list[str]:
    """IsDNS1123Label."""
    errs = [max_len_error(63)] if len(value) > 63 else []
    if not _DNS1123_LABEL.match(value):
        if _DNS1123_SUBDOMAIN.match(value):
            errs.append("must not contain dots")
        else:
            msg = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                   "and must start and end with an alphanumeric character")
            errs.append(regex_error(msg, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str) -> list[str]:
    """IsDNS1123Subdomain."""
    errs = [max_len_error(253)] if len(value) > 253 else []
    if not _DNS1123_SUBDOMAIN.match(value):
        msg = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
               "and must start and end with an alphanumeric character")
        errs.append(regex_error(msg, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_dns1123_subdomain_with_underscore(value: str) -> list[str]:
    """IsDNS1123SubdomainWithUnderscore (relaxed DNS search paths)."""
    errs = [max_len_error(253)] if len(value) > 253 else []
    if not _DNS1123_SUBDOMAIN_US.match(value):
        msg = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', "
               "and must start and end with an alphanumeric character")
        errs.append(regex_error(msg, DNS1123_SUBDOMAIN_FMT_US, "example.com"))
    return errs


def is_dns1035_label(value: str) -> list[str]:
    """IsDNS1035Label."""
    errs = [max_len_error(63)] if len(value) > 63 else []
    if not _DNS1035_LABEL.match(value):
        msg = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, "
               "and end with an alphanumeric character")
        errs.append(regex_error(msg, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def is_wildcard_dns1123_subdomain(value: str) -> list[str]:
    """IsWildcardDNS1123Subdomain."""
    errs = [max_len_error(253)] if len(value) > 253 else []
    if not _WILDCARD.match(value):
        msg = ("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case "
               "alphanumeric characters, '-' or '.' and end with an alphanumeric character")
        errs.append(regex_error(msg, WILDCARD_FMT, "*.example.com"))
    return errs


_LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"


def is_qualified_name(value: str) -> list[str]:
    """content.IsLabelKey (a.k.a. IsQualifiedName): `[prefix/]name`."""
    parts = value.split("/")
    errs: list[str] = []
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part " + EMPTY_ERROR)
        else:
            errs += ["prefix part " + m for m in is_dns1123_subdomain(prefix)]
    else:
        return ["a valid label key " + regex_error(_LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    if not name:
        errs.append("name part " + EMPTY_ERROR)
    elif len(name) > 63:
        errs.append("name part " + max_len_error(63))
    if not _LABEL_KEY.match(name):
        errs.append("name part " + regex_error(_LABEL_KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"))
    return errs


def is_label_value(value: str) -> list[str]:
    """content.IsLabelValue."""
    errs = [max_len_error(63)] if len(value) > 63 else []
    if not _LABEL_VALUE.match(value):
        msg = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
               "and must start and end with an alphanumeric character")
        errs.append(regex_error(msg, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def is_valid_port_num(port: Any) -> list[str]:
    if isinstance(port, int) and not isinstance(port, bool) and 1 <= port <= 65535:
        return []
    return [inclusive_range_error(1, 65535)]


def is_valid_port_name(port: str) -> list[str]:
    """IsValidPortName: an IANA_SVC_NAME."""
    errs = [max_len_error(15)] if len(port) > 15 else []
    if not re.fullmatch(r"[-a-z0-9]+", port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def is_valid_percent(value: str) -> list[str]:
    if _PERCENT.match(value):
        return []
    return [regex_error("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, "1%", "93%")]


def is_http_header_name(value: str) -> list[str]:
    if _HTTP_HEADER.match(value):
        return []
    return [regex_error("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_FMT, "X-Header-Name")]


def _chdir_prefix(value: str) -> list[str]:
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    if value.startswith(".."):
        return ["must not start with '..'"]
    return []


def is_env_var_name(value: str) -> list[str]:
    """IsEnvVarName (the strict rule, before RelaxedEnvironmentVariableValidation)."""
    errs = []
    if not _ENV_VAR_NAME.match(value):
        msg = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit"
        errs.append(regex_error(msg, ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
    return errs + _chdir_prefix(value)


def is_relaxed_env_var_name(value: str) -> list[str]:
    """IsRelaxedEnvVarName: printable ASCII other than '='."""
    errs = ["environment variable name " + EMPTY_ERROR] if not value else []
    if any(ord(c) > 126 or ord(c) < 32 or c == "=" for c in value):
        errs.append("a valid environment variable name must consist only of printable ASCII characters other than '='")
    return errs


def is_config_map_key(value: str) -> list[str]:
    errs = [max_len_error(253)] if len(value) > 253 else []
    if not _CONFIG_MAP_KEY.match(value):
        msg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
        errs.append(regex_error(msg, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    return errs + _chdir_prefix(value)


def is_domain_prefixed_path(path: Path, value: str) -> Errors:
    """IsDomainPrefixedPath: `example.com/path` (IngressClass controller)."""
    if not value:
        return [required(path)]
    host, slash, rest = value.partition("/")
    if not slash or not host or not rest:
        return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    errs = [invalid(path, host, m) for m in is_dns1123_subdomain(host)]
    if not _HTTP_PATH.match(rest):
        errs.append(invalid(path, rest, regex_error("Invalid path", HTTP_PATH_FMT)))
    return errs


def is_path_segment_name(value: str) -> list[str]:
    """path.IsValidPathSegmentName (RBAC names, IngressClass parameters)."""
    if value in (".", ".."):
        return [f"may not be '{value}'"]
    return [f"may not contain '{c}'" for c in ("/", "%") if c in value]


# --- IPs and CIDRs (ip.go: ParseIPSloppy accepts leading zeros in IPv4) ---------------------------

def parse_ip_sloppy(value: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not isinstance(value, str) or not value:
        return None
    text = value
    if re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", value):
        text = ".".join(str(int(p)) for p in value.split("."))
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def parse_cidr_sloppy(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    if not isinstance(value, str) or "/" not in value:
        return None
    addr, _, bits = value.partition("/")
    ip = parse_ip_sloppy(addr)
    if ip is None or not bits.isdigit():
        return None
    try:
        return ipaddress.ip_network(f"{ip}/{int(bits)}", strict=False)
    except ValueError:
        return None


def is_valid_ip(path: Path, value: Any) -> Errors:
    if parse_ip_sloppy(value) is None:
        return [invalid(path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    return []


def is_valid_cidr(path: Path, value: Any) -> Errors:
    if parse_cidr_sloppy(value) is None:
        return [invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    return []


# --- quantities (resource.Quantity) ------------------------------------------------------------

QUANTITY_FMT = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
_SUFFIX = {
    "": 1, "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12,
    "P": 10**15, "E": 10**18, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60,
}
_QUANTITY = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$")


def parse_quantity(value: Any) -> Decimal | None:
    """A resource.Quantity as a number, or None when the API server cannot decode it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    found = _QUANTITY.match(value.strip())
    if not found:
        return None
    try:
        number = Decimal(found.group(1))
        if found.group(2):
            return number * (Decimal(10) ** int(found.group(2)[1:]))
        return number * Decimal(_SUFFIX[found.group(3) or ""])  # type: ignore[arg-type]
    except (InvalidOperation, ArithmeticError, ValueError):  # an exponent too large for any Quantity
        return None


def quantity_error(path: Path, value: Any) -> FieldError:
    """What the decoder says before validation runs (the object is rejected as a whole)."""
    return invalid(path, value, f"quantities must match the regular expression '{QUANTITY_FMT}'")


# --- small accessors: manifests are untyped, a wrong type is the schema check's business ----------

def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def hashable(value: Any) -> Any:
    """A set key for any decoded YAML value (a list or a map where a scalar belongs is the schema's finding, not a crash)."""
    return value if isinstance(value, (str, int, float, bool, type(None))) else json.dumps(value, sort_keys=True, default=str)


def nonnegative(path: Path, value: Any) -> Errors:
    """ValidateNonnegativeField."""
    return [invalid(path, value, IS_NEGATIVE)] if is_int(value) and value < 0 else []
