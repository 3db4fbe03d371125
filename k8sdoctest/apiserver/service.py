"""Service, Endpoints and EndpointSlice.

Ported from pkg/apis/core/validation/validation.go (ValidateService,
validateServicePort, ValidateServiceClusterIPsRelatedFields,
validateServiceExternalTrafficPolicy, ValidateEndpoints, ValidateNonSpecialIP) and
pkg/apis/discovery/validation/validation.go (ValidateEndpointSlice). The strategy's
PrepareForCreate runs first: clusterIPs is filled from clusterIP, and the defaults
(type ClusterIP, sessionAffinity None, internal/externalTrafficPolicy Cluster,
allocateLoadBalancerNodePorts true, protocol TCP, targetPort = port) are set.
"""

from __future__ import annotations

from typing import Any

from .fields import (
    Errors,
    Key,
    Path,
    as_dict,
    as_list,
    as_str,
    duplicate,
    forbidden,
    hashable,
    invalid,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_int,
    is_qualified_name,
    is_valid_cidr,
    is_valid_ip,
    is_valid_port_name,
    is_valid_port_num,
    not_supported,
    parse_ip_sloppy,
    per_version,
    required,
    too_many,
)
from .metadata import validate_labels, validate_object_meta

PROTOCOLS = ["SCTP", "TCP", "UDP"]
TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
NODE_PORT_RANGE = (30000, 32767)  # the default --service-node-port-range
MAX_AFFINITY_SECONDS = 86400  # core.MaxClientIPServiceAffinitySeconds
TOPOLOGY_MODE = "service.kubernetes.io/topology-mode"
TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints"


def traffic_distributions(minor: int) -> list[str] | None:
    """Accepted spec.trafficDistribution values; None where the field is dropped.

    1.30: alpha gate ServiceTrafficDistribution off, the field is silently dropped.
    1.31–1.33: PreferClose only (beta 1.31, GA 1.33).
    1.34+: PreferSameZone and PreferSameNode join (PreferSameTrafficDistribution beta).
    """
    if minor <= 30:
        return None
    if minor <= 33:
        return ["PreferClose"]
    return ["PreferClose", "PreferSameZone", "PreferSameNode"]


def _port_num_or_name(port: Any, path: Path) -> Errors:
    if isinstance(port, str):
        return [invalid(path, port, m) for m in is_valid_port_name(port)]
    return [invalid(path, port, m) for m in is_valid_port_num(port)]


def _service_port(port: dict[str, Any], require_name: bool, names: set[str], path: Path) -> Errors:
    """validateServicePort."""
    errs: Errors = []
    name = as_str(port.get("name"))
    if require_name and not name:
        errs.append(required((*path, "name")))
    elif name:
        errs += [invalid((*path, "name"), name, m) for m in is_dns1123_label(name)]
        if name in names:
            errs.append(duplicate((*path, "name"), name))
        names.add(name)
    number = port.get("port", 0)
    errs += [invalid((*path, "port"), number, m) for m in is_valid_port_num(number)]
    protocol = port.get("protocol", "TCP")
    if protocol not in PROTOCOLS:
        errs.append(not_supported((*path, "protocol"), protocol, PROTOCOLS))
    target = port.get("targetPort", number)
    if target in (0, ""):
        target = number  # SetDefaults_Service: an unset targetPort takes the port
    errs += _port_num_or_name(target, (*path, "targetPort"))
    app = port.get("appProtocol")
    if app is not None:
        errs += [invalid((*path, "appProtocol"), app, m) for m in is_qualified_name(as_str(app))]
    return errs


def _cluster_ips(spec: dict[str, Any], kind: str) -> list[Any]:
    """The clusterIPs after PrepareForCreate: clusterIP copied in when clusterIPs is unset."""
    ips = as_list(spec.get("clusterIPs"))
    if not ips and spec.get("clusterIP") not in (None, ""):
        ips = [spec["clusterIP"]]
    return ips


def _cluster_ip_fields(spec: dict[str, Any], kind: str, headless: bool) -> Errors:
    """ValidateServiceClusterIPsRelatedFields (+ the IP family rules the REST layer checks offline-decidably)."""
    if kind == "ExternalName":
        return []
    errs: Errors = []
    cluster_ip, ips = spec.get("clusterIP", ""), _cluster_ips(spec, kind)
    path = ("spec", "clusterIPs")
    if cluster_ip not in (None, "") and ips and ips[0] != cluster_ip:
        errs.append(invalid(path, ips, "first value must match `clusterIP`"))
    elif cluster_ip in (None, "") and as_list(spec.get("clusterIPs")):
        errs.append(invalid(path, ips, "must be empty when `clusterIP` is not specified"))
    families = as_list(spec.get("ipFamilies"))
    seen: set[Any] = set()
    for i, family in enumerate(families):
        if family not in ("IPv4", "IPv6"):
            errs.append(not_supported(("spec", "ipFamilies", i), family, ["IPv4", "IPv6"]))
        if hashable(family) in seen:
            errs.append(duplicate(("spec", "ipFamilies", i), family))
        seen.add(hashable(family))
    policy = spec.get("ipFamilyPolicy")
    if policy is not None and policy not in ("SingleStack", "PreferDualStack", "RequireDualStack"):
        errs.append(not_supported(("spec", "ipFamilyPolicy"), policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]))
    bad_ips = False
    for i, ip in enumerate(ips):
        if i == 0 and ip == "None":
            if len(ips) > 1:
                bad_ips = True
                errs.append(invalid(path, ips, "'None' must be the first and only value"))
            continue
        ip_errs = is_valid_ip((*path, i), ip)
        bad_ips = bad_ips or bool(ip_errs)
        errs += ip_errs
    if len(ips) > 2:
        errs.append(invalid(path, ips, "may only hold up to 2 values"))
    if bad_ips:
        return errs
    if len(ips) > 1:
        parsed = [parse_ip_sloppy(ip) for ip in ips]
        if len({p.version for p in parsed if p}) != len(parsed):
            errs.append(invalid(path, ips, "may specify no more than one IP for each IP family"))
    if not headless:
        for i, (ip, family) in enumerate(zip(ips, families, strict=False)):
            parsed_ip = parse_ip_sloppy(ip)
            if family == "IPv4" and parsed_ip and parsed_ip.version == 6:
                errs.append(invalid((*path, i), ip, f"expected an IPv4 value as indicated by `ipFamilies[{i}]`"))
            if family == "IPv6" and parsed_ip and parsed_ip.version == 4:
                errs.append(invalid((*path, i), ip, f"expected an IPv6 value as indicated by `ipFamilies[{i}]`"))
    if policy == "SingleStack" and (len(families) > 1 or len(ips) > 1):
        errs.append(invalid(("spec", "ipFamilyPolicy"), policy, "must be RequireDualStack or PreferDualStack when multiple IP families are specified"))
    return errs


def non_special_ip(ip: Any, path: Path) -> Errors:
    """ValidateNonSpecialIP."""
    parsed = parse_ip_sloppy(ip)
    if parsed is None:
        return [invalid(path, ip, "must be a valid IP address")]
    errs: Errors = []
    if parsed.is_unspecified:
        errs.append(invalid(path, ip, f"may not be unspecified ({ip})"))
    if parsed.is_loopback:
        errs.append(invalid(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
    if parsed.is_link_local:
        errs.append(invalid(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
    if parsed.is_multicast and (str(parsed).startswith("224.0.0.") or str(parsed).lower().startswith("ff02:")):
        errs.append(invalid(path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"))
    return errs


def _service(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateService."""
    spec, meta = as_dict(obj.get("spec")), as_dict(obj.get("metadata"))
    annotations = as_dict(meta.get("annotations"))
    errs = validate_object_meta(obj, minor)
    if TOPOLOGY_MODE in annotations and TOPOLOGY_HINTS in annotations and annotations[TOPOLOGY_MODE] != annotations[TOPOLOGY_HINTS]:
        detail = f"must match annotations[{TOPOLOGY_HINTS}] when both are specified"
        errs.append(invalid(("metadata", "annotations", Key(TOPOLOGY_MODE)), annotations[TOPOLOGY_MODE], detail))
    kind = spec.get("type", "ClusterIP")
    ips = _cluster_ips(spec, kind)
    headless = len(ips) == 1 and ips[0] == "None"
    ports = [as_dict(p) for p in as_list(spec.get("ports"))]
    if not ports and not headless and kind != "ExternalName":
        errs.append(required(("spec", "ports")))
    errs += _type_specific(spec, kind, headless, ips)
    names: set[str] = set()
    for i, port in enumerate(ports):
        errs += _service_port(port, len(ports) > 1, names, ("spec", "ports", i))
    if spec.get("selector") is not None:
        errs += validate_labels(spec["selector"], ("spec", "selector"))
    errs += _session_affinity(spec)
    errs += _cluster_ip_fields(spec, kind, headless)
    for i, ip in enumerate(as_list(spec.get("externalIPs"))):
        ip_errs = is_valid_ip(("spec", "externalIPs", i), ip)
        errs += ip_errs or non_special_ip(ip, ("spec", "externalIPs", i))
    if kind not in TYPES:
        errs.append(not_supported(("spec", "type"), kind, TYPES))
    errs += _ports_uniqueness(ports, kind)
    errs += _load_balancer_fields(spec, annotations, kind)
    errs += _traffic_policies(spec, kind, minor)
    return errs


def _type_specific(spec: dict[str, Any], kind: str, headless: bool, ips: list[Any]) -> Errors:
    if kind in ("LoadBalancer", "NodePort") and headless:
        return [invalid(("spec", "clusterIPs", 0), ips[0], f"may not be set to 'None' for {kind} services")]
    if kind != "ExternalName":
        return []
    errs: Errors = []
    if ips:
        errs.append(forbidden(("spec", "clusterIPs"), "may not be set for ExternalName services"))
    if as_list(spec.get("ipFamilies")):
        errs.append(forbidden(("spec", "ipFamilies"), "may not be set for ExternalName services"))
    if spec.get("ipFamilyPolicy") is not None:
        errs.append(forbidden(("spec", "ipFamilyPolicy"), "may not be set for ExternalName services"))
    cname = as_str(spec.get("externalName")).removesuffix(".")
    if cname:
        errs += [invalid(("spec", "externalName"), cname, m) for m in is_dns1123_subdomain(cname)]
    else:
        errs.append(required(("spec", "externalName")))
    return errs


def _session_affinity(spec: dict[str, Any]) -> Errors:
    affinity = spec.get("sessionAffinity", "None")
    config = spec.get("sessionAffinityConfig")
    path = ("spec", "sessionAffinityConfig")
    if affinity not in ("ClientIP", "None"):
        return [not_supported(("spec", "sessionAffinity"), affinity, ["ClientIP", "None"])]
    if affinity == "None":
        return [forbidden(path, "must not be set when session affinity is None")] if config is not None else []
    # ClientIP: SetDefaults_Service fills clientIP.timeoutSeconds = 10800 when the config is absent
    timeout = as_dict(as_dict(config).get("clientIP")).get("timeoutSeconds", 10800)
    if is_int(timeout) and not 0 < timeout <= MAX_AFFINITY_SECONDS:
        return [invalid((*path, "clientIP", "timeoutSeconds"), timeout, f"must be greater than 0 and less than {MAX_AFFINITY_SECONDS}")]
    return []


def _ports_uniqueness(ports: list[dict[str, Any]], kind: str) -> Errors:
    errs: Errors = []
    node_ports: set[tuple[Any, Any]] = set()
    pairs: set[tuple[Any, Any]] = set()
    for i, port in enumerate(ports):
        path, protocol = ("spec", "ports", i), port.get("protocol", "TCP")
        node_port = port.get("nodePort", 0)
        if kind == "ClusterIP" and node_port:
            errs.append(forbidden((*path, "nodePort"), "may not be used when `type` is 'ClusterIP'"))
        if node_port:
            if kind != "ClusterIP" and is_int(node_port) and not NODE_PORT_RANGE[0] <= node_port <= NODE_PORT_RANGE[1]:
                # the allocator's words (pkg/registry/core/service/portallocator), for the default --service-node-port-range
                errs.append(invalid((*path, "nodePort"), node_port, "provided port is not in the valid range. The range of valid ports is 30000-32767"))
            if (hashable(protocol), hashable(node_port)) in node_ports:
                errs.append(duplicate((*path, "nodePort"), node_port))
            node_ports.add((hashable(protocol), hashable(node_port)))
        pair = (hashable(protocol), hashable(port.get("port", 0)))
        if pair in pairs:
            errs.append(duplicate(path, {"port": pair[1], "protocol": pair[0]}))
        pairs.add(pair)
    return errs


def _load_balancer_fields(spec: dict[str, Any], annotations: dict[str, Any], kind: str) -> Errors:
    errs: Errors = []
    ranges = as_list(spec.get("loadBalancerSourceRanges"))
    if ranges:
        path = ("spec", "LoadBalancerSourceRanges")  # sic: upstream capitalises this path
        if kind != "LoadBalancer":
            errs.append(forbidden(path, "may only be used when `type` is 'LoadBalancer'"))
        for i, cidr in enumerate(ranges):
            errs += is_valid_cidr((*path, i), as_str(cidr).strip())
    elif "service.beta.kubernetes.io/load-balancer-source-ranges" in annotations:
        key = "service.beta.kubernetes.io/load-balancer-source-ranges"
        path = ("metadata", "annotations", Key(key))  # type: ignore[assignment]
        if kind != "LoadBalancer":
            errs.append(forbidden(path, "may only be used when `type` is 'LoadBalancer'"))
        value = as_str(annotations[key]).strip()
        for cidr in value.split(",") if value else []:
            errs += is_valid_cidr(path, cidr.strip())
    if spec.get("allocateLoadBalancerNodePorts") is not None and kind != "LoadBalancer":
        errs.append(forbidden(("spec", "allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"))
    lb_class = spec.get("loadBalancerClass")
    if lb_class is not None:
        if kind == "LoadBalancer":
            errs += [invalid(("spec", "loadBalancerClass"), lb_class, m) for m in is_qualified_name(as_str(lb_class))]
        else:
            errs.append(forbidden(("spec", "loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'"))
    return errs


def _traffic_policies(spec: dict[str, Any], kind: str, minor: int) -> Errors:
    """validateServiceExternalTrafficPolicy, …InternalTrafficFieldsValue, …TrafficDistribution."""
    errs: Errors = []
    external = kind in ("NodePort", "LoadBalancer") or bool(as_list(spec.get("externalIPs")))  # apiservice.ExternallyAccessible
    etp = spec.get("externalTrafficPolicy", "Cluster" if external else "")
    if not external and etp:
        errs.append(invalid(("spec", "externalTrafficPolicy"), etp, "may only be set for externally-accessible services"))
    elif external and etp not in ("Cluster", "Local"):
        errs.append(not_supported(("spec", "externalTrafficPolicy"), etp, ["Cluster", "Local"]))
    health = spec.get("healthCheckNodePort", 0)
    needs_health = kind == "LoadBalancer" and etp == "Local"
    if not needs_health and health:
        errs.append(invalid(("spec", "healthCheckNodePort"), health, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"))
    elif needs_health and health:
        errs += [invalid(("spec", "healthCheckNodePort"), health, m) for m in is_valid_port_num(health)]
    itp = spec.get("internalTrafficPolicy")
    if itp is not None and itp not in ("Cluster", "Local"):
        errs.append(not_supported(("spec", "internalTrafficPolicy"), itp, ["Cluster", "Local"]))
    distribution = spec.get("trafficDistribution")
    allowed = traffic_distributions(minor)
    if distribution is not None and allowed is not None and distribution not in allowed:
        errs.append(not_supported(("spec", "trafficDistribution"), distribution, allowed))
    return errs


def _endpoints(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateEndpoints / validateEndpointSubsets."""
    errs = validate_object_meta(obj, minor)
    for i, subset in enumerate(as_list(obj.get("subsets"))):
        subset, path = as_dict(subset), ("subsets", i)
        if not as_list(subset.get("addresses")) and not as_list(subset.get("notReadyAddresses")):
            errs.append(required(path, "must specify `addresses` or `notReadyAddresses`"))
        for group in ("addresses", "notReadyAddresses"):
            for j, address in enumerate(as_list(subset.get(group))):
                errs += _endpoint_address(as_dict(address), (*path, group, j))
        ports = as_list(subset.get("ports"))
        for j, port in enumerate(ports):
            port, here = as_dict(port), (*path, "ports", j)
            name = as_str(port.get("name"))
            if len(ports) > 1 and not name:
                errs.append(required((*here, "name")))
            elif name:
                errs += [invalid((*here, "name"), name, m) for m in is_dns1123_label(name)]
            errs += [invalid((*here, "port"), port.get("port", 0), m) for m in is_valid_port_num(port.get("port", 0))]
            if port.get("protocol", "TCP") not in PROTOCOLS:
                errs.append(not_supported((*here, "protocol"), port["protocol"], PROTOCOLS))
            if port.get("appProtocol") is not None:
                errs += [invalid((*here, "appProtocol"), port["appProtocol"], m) for m in is_qualified_name(as_str(port["appProtocol"]))]
    return errs


def _endpoint_address(address: dict[str, Any], path: Path) -> Errors:
    errs = is_valid_ip((*path, "ip"), address.get("ip"))
    hostname = as_str(address.get("hostname"))
    if hostname:
        errs += [invalid((*path, "hostname"), hostname, m) for m in is_dns1123_label(hostname)]
    node = address.get("nodeName")
    if node is not None:
        errs += [invalid((*path, "nodeName"), node, m) for m in is_dns1123_subdomain(as_str(node))]
    return errs + non_special_ip(address.get("ip"), (*path, "ip"))


def _endpoint_slice(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateEndpointSlice."""
    errs = validate_object_meta(obj, minor)
    address_type = obj.get("addressType", "")
    if not address_type:
        errs.append(required(("addressType",)))
    elif address_type not in ("IPv4", "IPv6", "FQDN"):
        errs.append(not_supported(("addressType",), address_type, ["FQDN", "IPv4", "IPv6"]))
    endpoints = as_list(obj.get("endpoints"))
    if len(endpoints) > 1000:
        return errs + [too_many(("endpoints",), len(endpoints), 1000)]
    for i, endpoint in enumerate(endpoints):
        endpoint, path = as_dict(endpoint), ("endpoints", i)
        addresses = as_list(endpoint.get("addresses"))
        if not addresses:
            errs.append(required((*path, "addresses"), "must contain at least 1 address"))
        elif len(addresses) > 100:
            errs.append(too_many((*path, "addresses"), len(addresses), 100))
        for j, address in enumerate(addresses):
            errs += _slice_address(address, address_type, (*path, "addresses", j))
        hostname = endpoint.get("hostname")
        if hostname is not None:
            errs += [invalid((*path, "hostname"), hostname, m) for m in is_dns1123_label(as_str(hostname))]
    names: set[str] = set()
    for i, port in enumerate(as_list(obj.get("ports"))):
        port, path = as_dict(port), ("ports", i)
        name = as_str(port.get("name"))
        if name:
            errs += [invalid((*path, "name"), name, m) for m in is_dns1123_label(name)]
        if name in names:
            errs.append(duplicate((*path, "name"), name))
        names.add(name)
        if port.get("protocol", "TCP") not in PROTOCOLS:
            errs.append(not_supported((*path, "protocol"), port["protocol"], PROTOCOLS))
        if port.get("appProtocol") is not None:
            errs += [invalid((*path, "appProtocol"), port["appProtocol"], m) for m in is_qualified_name(as_str(port["appProtocol"]))]
    return errs


def _slice_address(address: Any, address_type: str, path: Path) -> Errors:
    parsed = parse_ip_sloppy(address)
    if address_type == "IPv4":
        if parsed is None or parsed.version != 4:
            return [invalid(path, address, "must be a valid IPv4 address")]
        return non_special_ip(address, path)
    if address_type == "IPv6":
        if parsed is None or parsed.version != 6:
            return [invalid(path, address, "must be a valid IPv6 address")]
        return non_special_ip(address, path)
    if address_type == "FQDN":
        name = as_str(address).removesuffix(".")
        msgs = is_dns1123_subdomain(name)
        if msgs:
            return [invalid(path, name, ",".join(msgs))]
        if len(name.split(".")) < 2:
            return [invalid(path, name, "should be a domain with at least two segments separated by dots")]
    return []


RULES = {"Service": _service, "Endpoints": _endpoints, "EndpointSlice": _endpoint_slice}


def validate(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    rule = RULES[as_str(obj.get("kind"))]
    return per_version(versions, lambda minor: rule(obj, minor))
