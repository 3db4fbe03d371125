"""NetworkPolicy, Ingress and IngressClass (networking.k8s.io/v1).

Ported from pkg/apis/networking/validation/validation.go: ValidateNetworkPolicySpec,
ValidateNetworkPolicyPort/Peer, ValidateIPBlock, ValidateIngressSpec and its rule,
path and backend checks, validateIngressClassSpec.
"""

from __future__ import annotations

from typing import Any

from .fields import (
    Errors,
    Path,
    as_dict,
    as_list,
    as_str,
    forbidden,
    invalid,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_domain_prefixed_path,
    is_int,
    is_path_segment_name,
    is_valid_cidr,
    is_valid_port_name,
    is_valid_port_num,
    is_wildcard_dns1123_subdomain,
    not_supported,
    parse_cidr_sloppy,
    parse_ip_sloppy,
    per_version,
    required,
    too_long,
)
from .metadata import name_is_dns1035_label, name_is_dns_subdomain, validate_label_selector, validate_object_meta

PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]
INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"]
INVALID_PATH_SUFFIXES = ["/..", "/."]


# --- NetworkPolicy ------------------------------------------------------------------------------

def _policy_port(port: dict[str, Any], path: Path) -> Errors:
    """ValidateNetworkPolicyPort."""
    errs: Errors = []
    protocol = port.get("protocol")
    if protocol is not None and protocol not in ("TCP", "UDP", "SCTP"):
        errs.append(not_supported((*path, "protocol"), protocol, ["TCP", "UDP", "SCTP"]))
    number, end = port.get("port"), port.get("endPort")
    if number is None:
        if end is not None:
            errs.append(invalid((*path, "endPort"), end, "may not be specified when `port` is not specified"))
    elif isinstance(number, str):
        if end is not None:
            errs.append(invalid((*path, "endPort"), end, "may not be specified when `port` is non-numeric"))
        errs += [invalid((*path, "port"), number, m) for m in is_valid_port_name(number)]
    else:
        errs += [invalid((*path, "port"), number, m) for m in is_valid_port_num(number)]
        if end is not None:
            if is_int(end) and is_int(number) and end < number:
                errs.append(invalid((*path, "endPort"), end, "must be greater than or equal to `port`"))
            errs += [invalid((*path, "endPort"), end, m) for m in is_valid_port_num(end)]
    return errs


def _ip_block(block: dict[str, Any], path: Path) -> Errors:
    """ValidateIPBlock: each `except` a strict subset of `cidr`."""
    cidr = as_str(block.get("cidr"))
    if not cidr:
        return [required((*path, "cidr"))]
    errs = is_valid_cidr((*path, "cidr"), cidr)
    network = parse_cidr_sloppy(cidr)
    if network is None:
        return errs
    for i, text in enumerate(as_list(block.get("except"))):
        here = (*path, "except", i)
        errs += is_valid_cidr(here, text)
        inner = parse_cidr_sloppy(text)
        if inner is None:
            continue
        inner_ip = parse_ip_sloppy(as_str(text).split("/")[0])
        if inner.version != network.version or inner_ip not in network or network.prefixlen >= inner.prefixlen:
            errs.append(invalid(here, text, "must be a strict subset of `cidr`"))
    return errs


def _peer(peer: dict[str, Any], path: Path) -> Errors:
    """ValidateNetworkPolicyPeer: at least one peer kind; ipBlock stands alone."""
    errs: Errors = []
    count = 0
    for key in ("podSelector", "namespaceSelector"):
        if peer.get(key) is not None:
            count += 1
            errs += validate_label_selector(peer[key], (*path, key))
    if peer.get("ipBlock") is not None:
        count += 1
        errs += _ip_block(as_dict(peer["ipBlock"]), (*path, "ipBlock"))
    if count == 0:
        errs.append(required(path, "must specify a peer"))
    elif count > 1 and peer.get("ipBlock") is not None:
        errs.append(forbidden(path, "may not specify both ipBlock and another peer"))
    return errs


def _network_policy(obj: dict[str, Any], minor: int) -> Errors:
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    errs += validate_label_selector(spec.get("podSelector"), (*path, "podSelector"))
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(as_list(spec.get(direction))):
            rule, here = as_dict(rule), (*path, direction, i)
            for j, port in enumerate(as_list(rule.get("ports"))):
                errs += _policy_port(as_dict(port), (*here, "ports", j))
            for j, peer in enumerate(as_list(rule.get(peers))):
                errs += _peer(as_dict(peer), (*here, peers, j))
    types = as_list(spec.get("policyTypes"))
    if len(types) > 2:
        return errs + [invalid((*path, "policyTypes"), types, "may not specify more than two policyTypes")]
    for i, kind in enumerate(types):
        if kind not in ("Ingress", "Egress"):
            errs.append(not_supported((*path, "policyTypes", i), kind, ["Ingress", "Egress"]))
    return errs


# --- Ingress ------------------------------------------------------------------------------------

def _backend(backend: dict[str, Any], path: Path) -> Errors:
    """validateIngressBackend: exactly one of service or resource; service port by name or number."""
    has_resource, has_service = backend.get("resource") is not None, backend.get("service") is not None
    if has_resource and has_service:
        return [invalid(path, "", "cannot set both resource and service backends")]
    if has_resource:
        return _typed_reference(as_dict(backend["resource"]), (*path, "resource"))
    if not has_service:
        return [invalid(path, "", "resource or service backend is required")]
    service = as_dict(backend["service"])
    errs: Errors = []
    name = as_str(service.get("name"))
    if not name:
        errs.append(required((*path, "service", "name")))
    else:
        # RelaxedServiceNameValidation (alpha 1.34) is off by default: Service names are DNS-1035 labels
        errs += [invalid((*path, "service", "name"), name, m) for m in name_is_dns1035_label(name, False)]
    port = as_dict(service.get("port"))
    port_name, number = as_str(port.get("name")), port.get("number", 0)
    if port_name and number:
        errs.append(invalid(path, "", "cannot set both port name & port number"))
    elif port_name:
        errs += [invalid((*path, "service", "port", "name"), port_name, m) for m in is_valid_port_name(port_name)]
    elif number:
        errs += [invalid((*path, "service", "port", "number"), number, m) for m in is_valid_port_num(number)]
    else:
        errs.append(required(path, "port name or number is required"))
    return errs


def _typed_reference(ref: dict[str, Any], path: Path) -> Errors:
    errs: Errors = []
    if ref.get("apiGroup") is not None:
        errs += [invalid((*path, "apiGroup"), ref["apiGroup"], m) for m in is_dns1123_subdomain(as_str(ref["apiGroup"]))]
    for key in ("kind", "name"):
        value = as_str(ref.get(key))
        if not value:
            errs.append(required((*path, key)))
        else:
            errs += [invalid((*path, key), value, m) for m in is_path_segment_name(value)]
    return errs


def _http_path(item: dict[str, Any], path: Path) -> Errors:
    """validateHTTPIngressPath: the path's syntax depends on pathType."""
    kind = item.get("pathType")
    if kind is None:
        return [required((*path, "pathType"), "pathType must be specified")]
    value = as_str(item.get("path"))
    errs: Errors = []
    if kind in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errs.append(invalid((*path, "path"), value, "must be an absolute path"))
        if value:
            errs += [invalid((*path, "path"), value, f"must not contain '{s}'") for s in INVALID_PATH_SEQUENCES if s in value]
            errs += [invalid((*path, "path"), value, f"cannot end with '{s}'") for s in INVALID_PATH_SUFFIXES if value.endswith(s)]
    elif kind == "ImplementationSpecific":
        if value and not value.startswith("/"):
            errs.append(invalid((*path, "path"), value, "must be an absolute path"))
    else:
        errs.append(not_supported((*path, "pathType"), kind, PATH_TYPES))
    return errs + _backend(as_dict(item.get("backend")), (*path, "backend"))


def _host(host: str, path: Path) -> Errors:
    errs: Errors = []
    if parse_ip_sloppy(host) is not None:
        errs.append(invalid(path, host, "must be a DNS name, not an IP address"))
    check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
    return errs + [invalid(path, host, m) for m in check(host)]


def _ingress(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateIngressCreate."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    rules = as_list(spec.get("rules"))
    if not rules and spec.get("defaultBackend") is None:
        errs.append(invalid(path, rules, "either `defaultBackend` or `rules` must be specified"))
    if spec.get("defaultBackend") is not None:
        errs += _backend(as_dict(spec["defaultBackend"]), (*path, "defaultBackend"))
    for i, rule in enumerate(rules):
        rule, here = as_dict(rule), (*path, "rules", i)
        host = as_str(rule.get("host"))
        if host:
            errs += _host(host, (*here, "host"))
        http = rule.get("http")
        if http is not None:
            paths = as_list(as_dict(http).get("paths"))
            if not paths:
                errs.append(required((*here, "http", "paths")))
            for j, item in enumerate(paths):
                errs += _http_path(as_dict(item), (*here, "http", "paths", j))
    for i, tls in enumerate(as_list(spec.get("tls"))):
        tls, here = as_dict(tls), (*path, "tls", i)
        for j, host in enumerate(as_list(tls.get("hosts"))):
            host = as_str(host)
            check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
            errs += [invalid((*here, "hosts", j), host, m) for m in check(host)]
        secret = as_str(tls.get("secretName"))
        if secret:
            errs += [invalid((*here, "secretName"), secret, m) for m in name_is_dns_subdomain(secret, False)]
    class_name = spec.get("ingressClassName")
    if class_name is not None:
        errs += [invalid((*path, "ingressClassName"), class_name, m) for m in name_is_dns_subdomain(as_str(class_name), False)]
    annotation = as_dict(as_dict(obj.get("metadata")).get("annotations")).get("kubernetes.io/ingress.class")
    if annotation is not None and class_name is not None and annotation != class_name:
        errs.append(invalid(("annotations", "kubernetes.io/ingress.class"), annotation, "must match `ingressClassName` when both are specified"))
    return errs


def _ingress_class(obj: dict[str, Any], minor: int) -> Errors:
    """validateIngressClassSpec + validateIngressClassParametersReference."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    controller = as_str(spec.get("controller"))
    if not controller:
        errs.append(required((*path, "controller")))
    else:
        if len(controller) > 250:
            errs.append(too_long((*path, "controller"), 250))
        errs += is_domain_prefixed_path((*path, "controller"), controller)
    params = spec.get("parameters")
    if params is None:
        return errs
    params, here = as_dict(params), (*path, "parameters")
    if params.get("apiGroup") is not None:
        errs += [invalid((*here, "apiGroup"), params["apiGroup"], m) for m in is_dns1123_subdomain(as_str(params["apiGroup"]))]
    for key in ("kind", "name"):
        value = as_str(params.get(key))
        errs += [required((*here, key))] if not value else [invalid((*here, key), value, m) for m in is_path_segment_name(value)]
    scope = params.get("scope", "Cluster")  # SetDefaults_IngressClass
    if scope not in ("Cluster", "Namespace"):
        return errs + [not_supported((*here, "scope"), scope, ["Cluster", "Namespace"])]
    namespace = params.get("namespace")
    if scope == "Namespace":
        if namespace is None:
            errs.append(required((*here, "namespace"), "`parameters.scope` is set to 'Namespace'"))
        else:
            errs += [invalid((*here, "namespace"), namespace, m) for m in is_dns1123_label(as_str(namespace))]
    elif namespace is not None:
        errs.append(forbidden((*here, "namespace"), "`parameters.scope` is set to 'Cluster'"))
    return errs


RULES = {"NetworkPolicy": _network_policy, "Ingress": _ingress, "IngressClass": _ingress_class}


def validate(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    rule = RULES[as_str(obj.get("kind"))]
    return per_version(versions, lambda minor: rule(obj, minor))
