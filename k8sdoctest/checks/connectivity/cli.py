"""The command line: `python -m k8sdoctest.checks.connectivity PAGE…` exits 1 when a row does not match."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .page import check_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m k8sdoctest.checks.connectivity", description="Check a page's expected-connectivity table with NCA.")
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    failed = False
    for path in args.pages:
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            return 2
        page = check_page(path, args.root)
        if not page.results:
            print(f"{page.page}: no connectivity table (<!-- k8sdoctest: connectivity -->)")
        for result in page.results:
            print(("ok    " if result.ok else "FAIL  ") + result.message)
        for note in page.not_modelled:
            print(f"note  {page.page}: not modelled: {note}")
        failed |= not page.ok
    return 1 if failed else 0

