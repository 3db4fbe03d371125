"""Kubernetes minor versions and the ranges that pages and blocks claim."""

from __future__ import annotations

import re

OLDEST = 25
NEWEST = 37
ALL: tuple[str, ...] = tuple(f"1.{m}" for m in range(OLDEST, NEWEST + 1))

_ONE = re.compile(r"^v?1\.(\d+)$")
_RANGE = re.compile(r"^v?1\.(\d+)\s*[-–]\s*v?1\.(\d+)$")


class VersionError(ValueError):
    """A version or range that cannot be used."""


def minor(version: str) -> int:
    return int(version.split(".")[1])


def parse_range(spec: str | int | float) -> tuple[str, ...]:
    """`1.25-1.37` or `1.32` → the supported minor versions it covers."""
    text = str(spec).strip()
    one = _ONE.match(text)
    both = _RANGE.match(text)
    if one:
        low = high = int(one.group(1))
    elif both:
        low, high = int(both.group(1)), int(both.group(2))
    else:
        raise VersionError(f"not a Kubernetes version or range: {text!r} (use 1.32 or 1.25-1.37)")
    if low > high:
        raise VersionError(f"empty range {text!r}: {low} > {high}")
    if low < OLDEST or high > NEWEST:
        raise VersionError(f"{text!r} is outside the supported 1.{OLDEST}-1.{NEWEST}")
    return tuple(f"1.{m}" for m in range(low, high + 1))


def describe(versions: tuple[str, ...] | list[str]) -> str:
    """Compact text for a set of versions: `1.25–1.37`, `1.31`, `1.25–1.29, 1.33`."""
    nums = sorted({minor(v) for v in versions})
    if not nums:
        return "none"
    runs: list[list[int]] = [[nums[0], nums[0]]]
    for n in nums[1:]:
        if n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"1.{a}" if a == b else f"1.{a}–1.{b}" for a, b in runs)
