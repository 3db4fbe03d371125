"""PodSpec, wherever it is: a Pod, a PodTemplate, or the template of a workload.

Ported from pkg/apis/core/validation/validation.go: ValidatePodSpec, ValidatePodCreate
and ValidatePodTemplateSpec. The parts live beside this module: volumes.py,
containers.py, scheduling.py. The object is seen as the API server sees it after
defaulting (protocol TCP, restartPolicy Always, dnsPolicy ClusterFirst, probe
thresholds, httpGet path "/" …), so an omitted field is never "required".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .containers import validate_containers, validate_init_containers, validate_resources, validate_seccomp
from .fields import (
    Errors,
    Key,
    Path,
    as_dict,
    as_list,
    as_str,
    duplicate,
    forbidden,
    inclusive_range_error,
    invalid,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_int,
    is_qualified_name,
    is_valid_ip,
    not_supported,
    parse_quantity,
    per_version,
    required,
)
from .metadata import name_is_dns_subdomain, validate_annotations, validate_labels, validate_object_meta
from .scheduling import validate_affinity, validate_dns_config, validate_tolerations, validate_topology_spread
from .volumes import validate_volumes

DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
RESTART_POLICIES = ["Always", "OnFailure", "Never"]


def _pod_security_context(sc: Any, path: Path, spec: dict[str, Any]) -> Errors:
    """validatePodSpecSecurityContext (hostNetwork lives in the spec in v1)."""
    if sc is None:
        return []
    sc = as_dict(sc)
    errs: Errors = []
    for name in ("fsGroup", "runAsUser", "runAsGroup"):
        value = sc.get(name)
        if is_int(value) and not 0 <= value <= 0xFFFFFFFF:
            errs.append(invalid((*path, name), value, inclusive_range_error(0, 0xFFFFFFFF)))
    for g, gid in enumerate(as_list(sc.get("supplementalGroups"))):
        if is_int(gid) and not 0 <= gid <= 0xFFFFFFFF:
            errs.append(invalid((*path, "supplementalGroups", g), gid, inclusive_range_error(0, 0xFFFFFFFF)))
    if sc.get("shareProcessNamespace") is True and spec.get("hostPID") is True:
        errs.append(invalid((*path, "shareProcessNamespace"), True, "ShareProcessNamespace and HostPID cannot both be enabled"))
    policy = sc.get("fsGroupChangePolicy")
    if policy is not None and policy not in ("Always", "OnRootMismatch"):
        errs.append(not_supported((*path, "fsGroupChangePolicy"), policy, ["Always", "OnRootMismatch"]))
    errs += validate_seccomp(sc.get("seccompProfile"), (*path, "seccompProfile"))
    seen: set[str] = set()
    for i, sysctl in enumerate(as_list(sc.get("sysctls"))):
        name = as_str(as_dict(sysctl).get("name"))
        if not name:
            errs.append(required((*path, "sysctls", i, "name")))
        elif name in seen:
            errs.append(duplicate((*path, "sysctls", i, "name"), name))
        elif spec.get("hostNetwork") is True and name.startswith("net."):
            errs.append(invalid((*path, "sysctls", i, "name"), name, "may not be specified when 'hostNetwork' is true"))
        seen.add(name)
    return errs


def _host_network_ports(spec: dict[str, Any], path: Path, is_pod: bool) -> Errors:
    """validatePodHostNetworkDeps: with hostNetwork, hostPort must equal containerPort.

    In a Pod an omitted hostPort is defaulted to containerPort first; in a template it stays 0.
    """
    if spec.get("hostNetwork") is not True:
        return []
    errs: Errors = []
    for c, container in enumerate(as_list(spec.get("containers"))):
        for p, port in enumerate(as_list(as_dict(container).get("ports"))):
            port = as_dict(port)
            host, cport = port.get("hostPort", 0), port.get("containerPort", 0)
            if host and host != cport:
                errs.append(invalid((*path, "containers", c, "ports", p, "hostPort"), host, "must match `containerPort` when `hostNetwork` is true"))
    return errs


def _quantity_text(value: Decimal) -> str:
    """A sum of quantities, printed close to Quantity.String(): binary suffixes for byte counts, millis for fractions."""
    if value != value.to_integral_value():
        return f"{int(value * 1000)}m"
    number = int(value)
    for suffix, power in (("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10)):
        if number >= 1 << power and number % (1 << power) == 0:
            return f"{number >> power}{suffix}"
    return str(number)


def _pod_resources(spec: dict[str, Any], path: Path, minor: int) -> Errors:
    """validatePodResources: PodLevelResources is beta (on) from 1.34; before, the field is dropped.

    Requests ≤ limits as for a container; each container's limit ≤ the Pod's; the Pod's
    explicit request ≥ the sum of the containers' requests (init containers can only
    raise that sum, so leaving them out never reports a Pod the server accepts).
    """
    if minor < 34 or spec.get("resources") is None:
        return []
    here = (*path, "resources")
    errs = validate_resources(spec["resources"], here, container=False)
    pod = {part: as_dict(as_dict(spec["resources"]).get(part)) for part in ("limits", "requests")}
    totals: dict[str, Decimal] = {}
    for i, container in enumerate(as_list(spec.get("containers"))):
        resources = as_dict(as_dict(container).get("resources"))
        limits, requests = as_dict(resources.get("limits")), as_dict(resources.get("requests"))
        for name, raw in limits.items():
            value, pod_limit = parse_quantity(raw), parse_quantity(pod["limits"].get(name))
            if value is not None and pod_limit is not None and value > pod_limit:
                detail = f"must be less than or equal to pod limits of {pod['limits'][name]}"
                errs.append(invalid((*here, "containers", i, Key(str(name)), "limits"), str(raw), detail))
        for name, raw in {**limits, **requests}.items():  # a request defaults to the limit
            value = parse_quantity(raw)
            if value is not None:
                totals[str(name)] = totals.get(str(name), Decimal(0)) + value
    for name, total in totals.items():
        pod_request = parse_quantity(pod["requests"].get(name))
        if pod_request is not None and total > pod_request:
            errs.append(invalid((*here, "requests", Key(name)), str(pod["requests"][name]),
                                f"must be greater than or equal to aggregate container requests of {_quantity_text(total)}"))
    return errs


def validate_pod_spec(spec: Any, path: Path, minor: int, is_pod: bool = False) -> Errors:
    """ValidatePodSpec."""
    spec = as_dict(spec)
    volumes, errs = validate_volumes(spec.get("volumes"), (*path, "volumes"))
    errs += validate_containers(spec, volumes, path, minor)
    errs += validate_init_containers(spec, volumes, path, minor)
    errs += _pod_resources(spec, path, minor)
    errs += _host_network_ports(spec, path, is_pod)
    restart = spec.get("restartPolicy", "Always")
    if restart not in RESTART_POLICIES:
        errs.append(not_supported((*path, "restartPolicy"), restart, RESTART_POLICIES))
    dns = spec.get("dnsPolicy", "ClusterFirst")
    if dns not in DNS_POLICIES:
        errs.append(not_supported((*path, "dnsPolicy"), dns, DNS_POLICIES))
    errs += validate_labels(spec.get("nodeSelector"), (*path, "nodeSelector"))
    errs += _pod_security_context(spec.get("securityContext"), (*path, "securityContext"), spec)
    for i, secret in enumerate(as_list(spec.get("imagePullSecrets"))):
        if set(as_dict(secret)) - {"name"}:
            errs.append(invalid((*path, "imagePullSecrets", i), secret, "only name may be set"))
    errs += validate_affinity(spec.get("affinity"), (*path, "affinity"))
    errs += validate_dns_config(spec, (*path, "dnsConfig"), minor)
    for i, gate in enumerate(as_list(spec.get("readinessGates"))):
        cond = as_str(as_dict(gate).get("conditionType"))
        errs += [invalid((*path, "readinessGates", i, "conditionType"), cond, m) for m in is_qualified_name(cond)]
    errs += validate_topology_spread(spec.get("topologySpreadConstraints"), (*path, "topologySpreadConstraints"))
    for field_name, check in (("serviceAccountName", name_is_dns_subdomain), ("nodeName", name_is_dns_subdomain), ("priorityClassName", name_is_dns_subdomain)):
        value = as_str(spec.get(field_name))
        if value:
            errs += [invalid((*path, field_name), value, m) for m in check(value, False)]
    deadline = spec.get("activeDeadlineSeconds")
    if is_int(deadline) and not 1 <= deadline <= 2**31 - 1:
        errs.append(invalid((*path, "activeDeadlineSeconds"), deadline, inclusive_range_error(1, 2**31 - 1)))
    for field_name in ("hostname", "subdomain"):
        value = as_str(spec.get(field_name))
        if value:
            errs += [invalid((*path, field_name), value, m) for m in is_dns1123_label(value)]
    errs += validate_tolerations(spec.get("tolerations"), (*path, "tolerations"))
    for i, alias in enumerate(as_list(spec.get("hostAliases"))):
        alias = as_dict(alias)
        errs += is_valid_ip((*path, "hostAliases", i, "ip"), alias.get("ip"))
        for j, host in enumerate(as_list(alias.get("hostnames"))):
            errs += [invalid((*path, "hostAliases", i, "hostnames", j), host, m) for m in is_dns1123_subdomain(as_str(host))]
    os_name = as_dict(spec.get("os")).get("name")
    if spec.get("os") is not None and os_name not in ("linux", "windows"):
        errs.append(not_supported((*path, "os"), os_name, ["linux", "windows"]))
    return errs


def validate_pod_template(template: Any, path: Path, minor: int) -> Errors:
    """ValidatePodTemplateSpec: labels, annotations, the spec, no ephemeral containers."""
    template = as_dict(template)
    meta = as_dict(template.get("metadata"))
    errs = validate_labels(meta.get("labels"), (*path, "labels"))
    errs += validate_annotations(meta.get("annotations"), (*path, "annotations"))
    errs += validate_pod_spec(template.get("spec"), (*path, "spec"), minor)
    if as_list(as_dict(template.get("spec")).get("ephemeralContainers")):
        errs.append(forbidden((*path, "spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
    return errs


def _pod(obj: dict[str, Any], minor: int) -> Errors:
    """ValidatePodCreate."""
    errs = validate_object_meta(obj, minor)
    spec = as_dict(obj.get("spec"))
    errs += validate_pod_spec(spec, ("spec",), minor, is_pod=True)
    for group in ("containers", "initContainers"):
        for i, container in enumerate(as_list(spec.get(group))):
            image = as_str(as_dict(container).get("image"))
            if image != image.strip():
                errs.append(invalid(("spec", group, i, "image"), image, "must not have leading or trailing whitespace"))
    if as_list(spec.get("ephemeralContainers")):
        errs.append(forbidden(("spec", "ephemeralContainers"), "cannot be set on create"))
    if not as_str(spec.get("serviceAccountName")) and not as_str(spec.get("serviceAccount")):
        pass  # the ServiceAccount admission plugin fills in "default"
    return errs


def validate(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    """A Pod, or a PodTemplate."""
    if obj.get("kind") == "PodTemplate":
        return per_version(versions, lambda minor: validate_object_meta(obj, minor) + validate_pod_template(obj.get("template"), ("template",), minor))
    return per_version(versions, lambda minor: _pod(obj, minor))
