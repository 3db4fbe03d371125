"""The static report plus the live reports of a CI matrix: live results join their block by sha256."""

from __future__ import annotations

import copy

from ..verify import verdict
from .records import Report, claims_of, counts, finding_of, ran, to_result


def merge(reports: list[Report]) -> Report:
    base = copy.deepcopy(reports[0])
    index = {(b["page"], b["sha256"]): b for b in base["blocks"]}
    for other in reports[1:]:
        for block in other["blocks"]:
            target = index.get((block["page"], block["sha256"]))
            if target is None:
                continue  # a different text: the live run verified another version of the block
            have = {(c["name"], c["cni"], c["k8s"]) for c in target["checks"]}
            target["checks"] += [c for c in block["checks"] if c["tier"] == "live" and (c["name"], c["cni"], c["k8s"]) not in have]
        for tier, state in other.get("tiers", {}).items():
            if tier.startswith("live:"):
                base["tiers"][tier] = state
    for block in base["blocks"]:
        if ran(block["checks"], "live"):
            block["not_run"] = [n for n in block["not_run"] if n["check"] != "live"]
        problems = [finding_of(p) for p in block["problems"]]
        status, summary = verdict(claims_of(block), problems, [to_result(c) for c in block["checks"]])
        block["status"], block["summary"] = status, summary
    if any(t.startswith("live:") for t in base["tiers"]):
        base["tiers"].pop("live", None)
    base["counts"] = counts(base["blocks"])
    return base
