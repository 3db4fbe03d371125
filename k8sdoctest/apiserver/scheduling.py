"""Where a Pod may run and how it resolves names: DNS config, tolerations, affinity, topology spread.

Ported from pkg/apis/core/validation/validation.go: validatePodDNSConfig,
ValidateTolerations, validateAffinity (node and pod affinity terms) and
validateTopologySpreadConstraints.
"""

from __future__ import annotations

from typing import Any

from .fields import (
    Errors,
    Path,
    as_dict,
    as_list,
    as_str,
    duplicate,
    forbidden,
    invalid,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_dns1123_subdomain_with_underscore,
    is_int,
    is_label_value,
    is_valid_ip,
    not_supported,
    required,
)
from .metadata import validate_label_name, validate_label_selector

TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
MAX_DNS_NAMESERVERS, MAX_DNS_SEARCH_PATHS, MAX_DNS_SEARCH_CHARS = 3, 32, 2048


def validate_dns_config(spec: dict[str, Any], path: Path, minor: int) -> Errors:
    """validatePodDNSConfig (relaxed search paths from 1.33, RelaxedDNSSearchValidation beta)."""
    config, policy = spec.get("dnsConfig"), spec.get("dnsPolicy", "ClusterFirst")
    if policy == "None":
        if config is None:
            return [required(path, "must provide `dnsConfig` when `dnsPolicy` is None")]
        if not as_list(as_dict(config).get("nameservers")):
            return [required((*path, "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")]
    if config is None:
        return []
    config = as_dict(config)
    errs: Errors = []
    servers, searches = as_list(config.get("nameservers")), [as_str(s) for s in as_list(config.get("searches"))]
    if len(servers) > MAX_DNS_NAMESERVERS:
        errs.append(invalid((*path, "nameservers"), servers, f"must not have more than {MAX_DNS_NAMESERVERS} nameservers"))
    for i, server in enumerate(servers):
        errs += is_valid_ip((*path, "nameservers", i), server)
    if len(searches) > MAX_DNS_SEARCH_PATHS:
        errs.append(invalid((*path, "searches"), searches, f"must not have more than {MAX_DNS_SEARCH_PATHS} search paths"))
    if len(" ".join(searches)) > MAX_DNS_SEARCH_CHARS:
        errs.append(invalid((*path, "searches"), searches, f"must not have more than {MAX_DNS_SEARCH_CHARS} characters (including spaces) in the search list"))
    for i, search in enumerate(searches):
        if minor >= 33:
            if search != ".":
                search = search.removesuffix(".")
                errs += [invalid((*path, "searches", i), search, m) for m in is_dns1123_subdomain_with_underscore(search)]
        else:
            search = search.removesuffix(".")
            errs += [invalid((*path, "searches", i), search, m) for m in is_dns1123_subdomain(search)]
    for i, option in enumerate(as_list(config.get("options"))):
        if not as_str(as_dict(option).get("name")):
            errs.append(required((*path, "options", i), "must not be empty"))
    return errs


def validate_tolerations(tolerations: Any, path: Path) -> Errors:
    """ValidateTolerations."""
    errs: Errors = []
    for i, tol in enumerate(as_list(tolerations)):
        tol = as_dict(tol)
        here = (*path, i)
        key, op, value, effect = as_str(tol.get("key")), tol.get("operator", ""), as_str(tol.get("value")), tol.get("effect", "")
        if key:
            errs += validate_label_name(key, (*here, "key"))
        if not key and op != "Exists":
            errs.append(invalid((*here, "operator"), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'))
        if tol.get("tolerationSeconds") is not None and effect != "NoExecute":
            errs.append(invalid((*here, "effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"))
        if op in ("Equal", ""):
            msgs = is_label_value(value)
            if msgs:
                errs.append(invalid((*here, "operator"), value, ";".join(msgs)))
        elif op == "Exists":
            if value:
                errs.append(invalid((*here, "operator"), value, "value must be empty when `operator` is 'Exists'"))
        else:
            errs.append(not_supported((*here, "operator"), op, ["Equal", "Exists"]))
        if effect and effect not in TAINT_EFFECTS:
            errs.append(not_supported((*here, "effect"), effect, TAINT_EFFECTS))
    return errs


def _node_selector_requirement(req: Any, path: Path, check_values: bool) -> Errors:
    """ValidateNodeSelectorRequirement."""
    req = as_dict(req)
    op, values = req.get("operator"), as_list(req.get("values"))
    errs: Errors = []
    if op in ("In", "NotIn"):
        if not values:
            errs.append(required((*path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"))
    elif op in ("Exists", "DoesNotExist"):
        if values:
            errs.append(forbidden((*path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
    elif op in ("Gt", "Lt"):
        if len(values) != 1:
            errs.append(required((*path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
    else:
        errs.append(invalid((*path, "operator"), op or "", "not a valid selector operator"))
    errs += validate_label_name(req.get("key", ""), (*path, "key"))
    if check_values:
        for i, value in enumerate(values):
            errs += [invalid((*path, "values", i), value, m) for m in is_label_value(str(value))]
    return errs


def _node_selector_term(term: Any, path: Path, check_values: bool) -> Errors:
    errs: Errors = []
    for j, req in enumerate(as_list(as_dict(term).get("matchExpressions"))):
        errs += _node_selector_requirement(req, (*path, "matchExpressions", j), check_values)
    for j, req in enumerate(as_list(as_dict(term).get("matchFields"))):
        req = as_dict(req)
        here = (*path, "matchFields", j)
        if req.get("operator") not in ("In", "NotIn"):
            errs.append(invalid((*here, "operator"), req.get("operator", ""), "not a valid selector operator"))
        elif len(as_list(req.get("values"))) != 1:
            errs.append(required((*here, "values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"))
        if req.get("key") != "metadata.name":
            errs.append(invalid((*here, "key"), req.get("key", ""), "not a valid field selector key"))
    return errs


def _pod_affinity_term(term: Any, path: Path) -> Errors:
    """validatePodAffinityTerm."""
    term = as_dict(term)
    errs = validate_label_selector(term.get("labelSelector"), (*path, "labelSelector"))
    errs += validate_label_selector(term.get("namespaceSelector"), (*path, "namespaceSelector"))
    for name in as_list(term.get("namespaces")):
        errs += [invalid((*path, "namespace"), name, m) for m in is_dns1123_label(as_str(name))]
    for key in ("matchLabelKeys", "mismatchLabelKeys"):
        keys = as_list(term.get(key))
        if keys and term.get("labelSelector") is None:
            errs.append(forbidden((*path, key), "must not be specified when labelSelector is not set"))
        for i, label in enumerate(keys):
            errs += validate_label_name(label, (*path, key, i))
    topology = as_str(term.get("topologyKey"))
    if not topology:
        errs.append(required((*path, "topologyKey"), "can not be empty"))
    return errs + validate_label_name(topology, (*path, "topologyKey"))


def validate_affinity(affinity: Any, path: Path) -> Errors:
    """validateAffinity."""
    affinity = as_dict(affinity)
    errs: Errors = []
    node = affinity.get("nodeAffinity")
    if node is not None:
        node, here = as_dict(node), (*path, "nodeAffinity")
        required_terms = node.get("requiredDuringSchedulingIgnoredDuringExecution")
        if required_terms is not None:
            terms = as_list(as_dict(required_terms).get("nodeSelectorTerms"))
            term_path = (*here, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
            if not terms:
                errs.append(required(term_path, "must have at least one node selector term"))
            for i, term in enumerate(terms):
                errs += _node_selector_term(term, (*term_path, i), True)
        for i, pref in enumerate(as_list(node.get("preferredDuringSchedulingIgnoredDuringExecution"))):
            pref, pref_path = as_dict(pref), (*here, "preferredDuringSchedulingIgnoredDuringExecution", i)
            weight = pref.get("weight", 0)
            if not is_int(weight) or not 0 < weight <= 100:
                errs.append(invalid((*pref_path, "weight"), weight, "must be in the range 1-100"))
            errs += _node_selector_term(pref.get("preference"), (*pref_path, "preference"), False)
    for kind in ("podAffinity", "podAntiAffinity"):
        block = affinity.get(kind)
        if block is None:
            continue
        block, here = as_dict(block), (*path, kind)
        for i, term in enumerate(as_list(block.get("requiredDuringSchedulingIgnoredDuringExecution"))):
            errs += _pod_affinity_term(term, (*here, "requiredDuringSchedulingIgnoredDuringExecution", i))
        for i, weighted in enumerate(as_list(block.get("preferredDuringSchedulingIgnoredDuringExecution"))):
            weighted, w_path = as_dict(weighted), (*here, "preferredDuringSchedulingIgnoredDuringExecution", i)
            weight = weighted.get("weight", 0)
            if not is_int(weight) or not 0 < weight <= 100:
                errs.append(invalid((*w_path, "weight"), weight, "must be in the range 1-100"))
            errs += _pod_affinity_term(weighted.get("podAffinityTerm"), (*w_path, "podAffinityTerm"))
    return errs


def validate_topology_spread(constraints: Any, path: Path) -> Errors:
    """validateTopologySpreadConstraints."""
    errs: Errors = []
    items = [as_dict(c) for c in as_list(constraints)]
    for i, c in enumerate(items):
        here = (*path, i)
        skew = c.get("maxSkew", 0)
        if not is_int(skew) or skew <= 0:
            errs.append(invalid((*here, "maxSkew"), skew, "must be greater than zero"))
        if not as_str(c.get("topologyKey")):
            errs.append(required((*here, "topologyKey"), "can not be empty"))
        action = c.get("whenUnsatisfiable", "")
        if action not in ("DoNotSchedule", "ScheduleAnyway"):
            errs.append(not_supported((*here, "whenUnsatisfiable"), action, ["DoNotSchedule", "ScheduleAnyway"]))
        for later in items[i + 1:]:
            if later.get("topologyKey") == c.get("topologyKey") and later.get("whenUnsatisfiable") == action:
                errs.append(duplicate((*here, "{topologyKey, whenUnsatisfiable}"), f"{{{c.get('topologyKey')}, {action}}}"))
                break
        domains = c.get("minDomains")
        if domains is not None:
            if not is_int(domains) or domains <= 0:
                errs.append(invalid((*here, "minDomains"), domains, "must be greater than zero"))
            if action != "DoNotSchedule":
                errs.append(invalid((*here, "minDomains"), domains, f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"))
        for policy in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            if c.get(policy) is not None and c[policy] not in ("Honor", "Ignore"):
                errs.append(not_supported((*here, policy), c[policy], ["Honor", "Ignore"]))
        keys = as_list(c.get("matchLabelKeys"))
        if keys and c.get("labelSelector") is None:
            errs.append(forbidden((*here, "matchLabelKeys"), "must not be specified when labelSelector is not set"))
        errs += validate_label_selector(c.get("labelSelector"), (*here, "labelSelector"))
    return errs
