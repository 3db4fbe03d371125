"""One module per check. A check takes a block (and its parsed documents) and
returns a CheckResult, or None where it does not apply. Checks know nothing of
pytest, sybil or MkDocs."""
