"""Containers: validateContainers, validateInitContainers and validateContainerCommon.

Ported from pkg/apis/core/validation/validation.go: ports, env and envFrom, volume
mounts, resources (validateResourceRequirements), probes and lifecycle handlers,
the container security context. Defaults are applied first (protocol TCP,
imagePullPolicy, terminationMessagePolicy, probe thresholds, httpGet scheme).
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
    inclusive_range_error,
    invalid,
    is_config_map_key,
    is_dns1123_label,
    is_env_var_name,
    is_http_header_name,
    is_int,
    is_qualified_name,
    is_relaxed_env_var_name,
    is_valid_port_name,
    is_valid_port_num,
    nonnegative,
    not_found,
    not_supported,
    parse_quantity,
    quantity_error,
    required,
)
from .metadata import name_is_dns_subdomain
from .volumes import _local_descending_path

PROTOCOLS = ["SCTP", "TCP", "UDP"]
ENV_FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
                   "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"]
ENV_FIELD_SUBSCRIPTED = ("metadata.labels", "metadata.annotations")
ENV_RESOURCE_FIELDS = ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"]
STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]


def _container_ports(ports: Any, path: Path) -> Errors:
    """validateContainerPorts."""
    errs: Errors = []
    names: set[str] = set()
    for i, port in enumerate(as_list(ports)):
        port = as_dict(port)
        here = (*path, i)
        name = as_str(port.get("name"))
        if name:
            msgs = is_valid_port_name(name)
            if msgs:
                errs += [invalid((*here, "name"), name, m) for m in msgs]
            elif name in names:
                errs.append(duplicate((*here, "name"), name))
            names.add(name)
        number = port.get("containerPort", 0)
        if number == 0:
            errs.append(required((*here, "containerPort")))
        else:
            errs += [invalid((*here, "containerPort"), number, m) for m in is_valid_port_num(number)]
        host = port.get("hostPort", 0)
        if host != 0:
            errs += [invalid((*here, "hostPort"), host, m) for m in is_valid_port_num(host)]
        protocol = port.get("protocol", "TCP")
        if protocol not in PROTOCOLS:
            errs.append(not_supported((*here, "protocol"), protocol, PROTOCOLS))
    return errs


def _field_ref(ref: dict[str, Any], path: Path) -> Errors:
    """validateObjectFieldSelector for env (apiVersion is defaulted to v1)."""
    field_path = as_str(ref.get("fieldPath"))
    if not field_path:
        return [required((*path, "fieldPath"))]
    base, bracket, rest = field_path.partition("[")
    if bracket:
        if base not in ENV_FIELD_SUBSCRIPTED:
            return [invalid(path, base, "does not support subscript")]
        key = rest.rstrip("]").strip("'")
        return [invalid(path, key, m) for m in is_qualified_name(key.lower() if base == "metadata.annotations" else key)]
    if field_path not in ENV_FIELD_PATHS:
        return [not_supported((*path, "fieldPath"), field_path, ENV_FIELD_PATHS)]
    return []


def _key_selector(ref: dict[str, Any], path: Path) -> Errors:
    """validateConfigMapKeySelector / validateSecretKeySelector."""
    name = as_str(ref.get("name"))
    errs = [invalid((*path, "name"), name, m) for m in name_is_dns_subdomain(name, False)]
    key = as_str(ref.get("key"))
    if not key:
        errs.append(required((*path, "key")))
    else:
        errs += [invalid((*path, "key"), key, m) for m in is_config_map_key(key)]
    return errs


def _env(env: Any, path: Path, minor: int) -> Errors:
    """ValidateEnv: names (relaxed from 1.32, when RelaxedEnvironmentVariableValidation went beta) and valueFrom."""
    errs: Errors = []
    check_name = is_relaxed_env_var_name if minor >= 32 else is_env_var_name
    for i, var in enumerate(as_list(env)):
        var = as_dict(var)
        here = (*path, i)
        name = as_str(var.get("name"))
        if not name:
            errs.append(required((*here, "name")))
        else:
            errs += [invalid((*here, "name"), name, m) for m in check_name(name)]
        errs += _value_from(var, (*here, "valueFrom"))
    return errs


def _value_from(var: dict[str, Any], path: Path) -> Errors:
    """validateEnvVarValueFrom: exactly one source, and no `value` beside it."""
    source = var.get("valueFrom")
    if source is None:
        return []
    source = as_dict(source)
    errs: Errors = []
    kinds = [k for k in ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef") if source.get(k) is not None]
    if "fieldRef" in kinds:
        errs += _field_ref(as_dict(source["fieldRef"]), (*path, "fieldRef"))
    if "resourceFieldRef" in kinds:
        resource = as_str(as_dict(source["resourceFieldRef"]).get("resource"))
        if not resource:
            errs.append(required((*path, "resourceFieldRef", "resource")))
        elif resource not in ENV_RESOURCE_FIELDS and not resource.startswith(("requests.hugepages-", "limits.hugepages-")):
            errs.append(not_supported((*path, "resourceFieldRef", "resource"), resource, ENV_RESOURCE_FIELDS))
    for kind in ("configMapKeyRef", "secretKeyRef"):
        if kind in kinds:
            errs += _key_selector(as_dict(source[kind]), (*path, kind))
    if not kinds:
        errs.append(invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
    elif as_str(var.get("value")):
        errs.append(invalid(path, "", "may not be specified when `value` is not empty"))
    elif len(kinds) > 1:
        errs.append(invalid(path, "", "may not have more than one field specified at a time"))
    return errs


def _env_from(env_from: Any, path: Path, minor: int) -> Errors:
    """ValidateEnvFrom."""
    errs: Errors = []
    check_name = is_relaxed_env_var_name if minor >= 32 else is_env_var_name
    for i, source in enumerate(as_list(env_from)):
        source = as_dict(source)
        here = (*path, i)
        prefix = as_str(source.get("prefix"))
        if prefix:
            errs += [invalid((*here, "prefix"), prefix, m) for m in check_name(prefix)]
        kinds = [k for k in ("configMapRef", "secretRef") if source.get(k) is not None]
        for kind in kinds:
            name = as_str(as_dict(source[kind]).get("name"))
            if not name:
                errs.append(required((*here, kind, "name")))
            else:
                errs += [invalid((*here, kind, "name"), name, m) for m in name_is_dns_subdomain(name, True)]
        if not kinds:
            errs.append(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
        elif len(kinds) > 1:
            errs.append(invalid(path, "", "may not have more than one field specified at a time"))
    return errs


def _volume_mounts(container: dict[str, Any], volumes: dict[str, dict[str, Any]], path: Path) -> Errors:
    """ValidateVolumeMounts: a mount names a defined volume, mount paths are unique."""
    errs: Errors = []
    seen: set[str] = set()
    privileged = as_dict(container.get("securityContext")).get("privileged") is True
    for i, mount in enumerate(as_list(container.get("volumeMounts"))):
        mount = as_dict(mount)
        here = (*path, i)
        name, target = as_str(mount.get("name")), as_str(mount.get("mountPath"))
        if not name:
            errs.append(required((*here, "name")))
        if name not in volumes:
            errs.append(not_found((*here, "name"), name))
        if not target:
            errs.append(required((*here, "mountPath")))
        if target in seen:
            errs.append(invalid((*here, "mountPath"), target, "must be unique"))
        seen.add(target)
        sub, sub_expr = as_str(mount.get("subPath")), as_str(mount.get("subPathExpr"))
        if sub:
            errs += _local_descending_path(sub, (*path, "subPath"))
        if sub_expr:
            if sub:
                errs.append(invalid((*here, "subPathExpr"), sub_expr, "subPathExpr and subPath are mutually exclusive"))
            errs += _local_descending_path(sub_expr, (*path, "subPathExpr"))
        propagation = mount.get("mountPropagation")
        if propagation is not None:
            allowed = ["Bidirectional", "HostToContainer", "None"]
            if propagation not in allowed:
                errs.append(not_supported((*path, "mountPropagation"), propagation, allowed))
            if propagation == "Bidirectional" and not privileged:
                errs.append(forbidden((*path, "mountPropagation"), "Bidirectional mount propagation is available only to privileged containers"))
    return errs


# helper.IsStandardResourceName: the unprefixed names validateResourceName accepts
STANDARD_RESOURCES = {
    "cpu", "memory", "ephemeral-storage", "storage", "pods", "services", "replicationcontrollers", "resourcequotas", "secrets",
    "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
}


def _is_native(name: str) -> bool:
    # helper.IsNativeResource: unprefixed, or in the kubernetes.io namespace
    return "/" not in name or "kubernetes.io/" in name


def _resource_name(name: str, path: Path) -> Errors:
    """validateContainerResourceName (validateResourceName first)."""
    errs = [invalid(path, name, m) for m in is_qualified_name(name)]
    if errs:
        return errs
    if "/" not in name:
        if name not in STANDARD_RESOURCES and not name.startswith("hugepages-"):
            errs.append(invalid(path, name, "must be a standard resource type or fully qualified"))
        if name not in STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            errs.append(invalid(path, name, "must be a standard resource for containers"))
    elif not _is_native(name) and (name.startswith("requests.") or is_qualified_name("requests." + name)):
        errs.append(invalid(path, name, "doesn't follow extended resource name standard"))
    return errs


def _overcommit_allowed(name: str) -> bool:
    # helper.IsOvercommitAllowed: native resources except hugepages
    return _is_native(name) and not name.startswith("hugepages-")


def validate_resources(resources: Any, path: Path, container: bool = True) -> Errors:
    """validateResourceRequirements: names, quantities ≥ 0, integers for extended resources, requests ≤ limits.

    `container=False` for pod-level resources, whose names are not checked here (validatePodResourceName).
    """
    resources = as_dict(resources)
    errs: Errors = []
    limits, requests = as_dict(resources.get("limits")), as_dict(resources.get("requests"))
    parsed: dict[str, dict[str, Any]] = {"limits": {}, "requests": {}}
    for part, values in (("limits", limits), ("requests", requests)):
        for name, raw in values.items():
            here = (*path, part, Key(str(name)))
            if container:
                errs += _resource_name(str(name), here)
            value = parse_quantity(raw)
            if value is None:
                errs.append(quantity_error(here, raw))
                continue
            parsed[part][str(name)] = value
            if value < 0:
                errs.append(invalid(here, str(raw), "must be greater than or equal to 0"))
            if not _overcommit_allowed(str(name)) and not str(name).startswith("hugepages-") and value != value.to_integral_value():
                errs.append(invalid(here, str(raw), "must be an integer"))
    for name, value in parsed["requests"].items():
        limit = parsed["limits"].get(name)
        if limit is not None:
            if value != limit and not _overcommit_allowed(name):
                errs.append(invalid((*path, "requests"), str(requests[name]), f"must be equal to {name} limit of {limits[name]}"))
            elif value > limit:
                errs.append(invalid((*path, "requests"), str(requests[name]), f"must be less than or equal to {name} limit of {limits[name]}"))
        elif name not in limits and not _overcommit_allowed(name):
            errs.append(required((*path, "limits"), "Limit must be set for non overcommitable resources"))
    return errs


def _port_num_or_name(port: Any, path: Path) -> Errors:
    """ValidatePortNumOrName."""
    if isinstance(port, str):
        return [invalid(path, port, m) for m in is_valid_port_name(port)]
    return [invalid(path, port, m) for m in is_valid_port_num(port)]


def _sleep(sleep: dict[str, Any], path: Path, grace: Any, minor: int) -> Errors:
    """validateSleepAction: PodLifecycleSleepAction is beta from 1.30 (the field is dropped before);
    zero seconds are allowed from 1.33 (AllowPodLifecycleSleepActionZeroValue beta)."""
    seconds = sleep.get("seconds", 0)
    if minor < 30 or not is_int(seconds) or not is_int(grace):
        return []
    if minor >= 33:
        if not 0 <= seconds <= grace:
            return [invalid(path, seconds, f"must be non-negative and less than terminationGracePeriodSeconds ({grace})")]
    elif not 0 < seconds <= grace:
        return [invalid(path, seconds, f"must be greater than 0 and less than terminationGracePeriodSeconds ({grace})")]
    return []


def _handler(handler: dict[str, Any], path: Path, kinds: tuple[str, ...], grace: Any = 30, minor: int = 34) -> Errors:
    """validateHandler: exactly one handler type."""
    present = [k for k in kinds if handler.get(k) is not None]
    if not present:
        return [required(path, "must specify a handler type")]
    errs = [forbidden((*path, k), "may not specify more than 1 handler type") for k in present[1:]]
    kind, body = present[0], as_dict(handler.get(present[0]))
    if kind == "exec" and not as_list(body.get("command")):
        errs.append(required((*path, "exec", "command")))
    if kind == "httpGet":
        errs += _port_num_or_name(body.get("port"), (*path, "httpGet", "port"))
        scheme = body.get("scheme", "HTTP")
        if scheme not in ("HTTP", "HTTPS"):
            errs.append(not_supported((*path, "httpGet", "scheme"), scheme, ["HTTP", "HTTPS"]))
        for header in as_list(body.get("httpHeaders")):
            name = as_str(as_dict(header).get("name"))
            errs += [invalid((*path, "httpGet", "httpHeaders"), name, m) for m in is_http_header_name(name)]
    if kind == "tcpSocket":
        errs += _port_num_or_name(body.get("port"), (*path, "tcpSocket", "port"))
    if kind == "grpc":
        errs += _port_num_or_name(body.get("port", 0), (*path, "grpc", "port"))
    if kind == "sleep":
        errs += _sleep(body, (*path, "sleep"), grace, minor)
    return errs
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")


def _probe(probe: Any, path: Path, kind: str) -> Errors:
    """validateProbe plus the liveness/startup/readiness specifics."""
    if probe is None:
        return []
    probe = as_dict(probe)
    errs = _handler(probe, path, PROBE_HANDLERS)
    for name in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"):
        errs += nonnegative((*path, name), probe.get(name))
    grace = probe.get("terminationGracePeriodSeconds")
    if is_int(grace) and grace <= 0:
        errs.append(invalid((*path, "terminationGracePeriodSeconds"), grace, "must be greater than 0"))
    success = probe.get("successThreshold", 1) or 1  # 0 is defaulted to 1
    if kind in ("livenessProbe", "startupProbe") and success != 1:
        errs.append(invalid((*path, "successThreshold"), success, "must be 1"))
    if kind == "readinessProbe" and grace is not None:
        errs.append(invalid((*path, "terminationGracePeriodSeconds"), grace, "must not be set for readinessProbes"))
    return errs


def _lifecycle(lifecycle: Any, path: Path, grace: Any, minor: int) -> Errors:
    errs: Errors = []
    for hook in ("postStart", "preStop"):
        handler = as_dict(lifecycle).get(hook)
        if handler is not None:
            errs += _handler(as_dict(handler), (*path, hook), LIFECYCLE_HANDLERS, grace, minor)
    return errs


def _security_context(sc: Any, path: Path) -> Errors:
    """ValidateSecurityContext (container)."""
    if sc is None:
        return []
    sc = as_dict(sc)
    errs: Errors = []
    for name in ("runAsUser", "runAsGroup"):
        value = sc.get(name)
        if is_int(value) and not 0 <= value <= 0xFFFFFFFF:
            errs.append(invalid((*path, name), value, inclusive_range_error(0, 0xFFFFFFFF)))
    proc = sc.get("procMount")
    if proc is not None and proc not in ("Default", "Unmasked"):
        errs.append(not_supported((*path, "procMount"), proc, ["Default", "Unmasked"]))
    errs += validate_seccomp(sc.get("seccompProfile"), (*path, "seccompProfile"))
    if sc.get("allowPrivilegeEscalation") is False:
        if sc.get("privileged") is True:
            errs.append(invalid(path, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
        if "CAP_SYS_ADMIN" in as_list(as_dict(sc.get("capabilities")).get("add")):
            errs.append(invalid(path, sc, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"))
    return errs


def validate_seccomp(profile: Any, path: Path) -> Errors:
    """validateSeccompProfileField."""
    if profile is None:
        return []
    profile = as_dict(profile)
    kind = profile.get("type", "")
    allowed = ["Localhost", "RuntimeDefault", "Unconfined"]
    if kind == "":
        errs = [required((*path, "type"), "type is required when seccompProfile is set")]
    elif kind not in allowed:
        errs = [not_supported((*path, "type"), kind, allowed)]
    else:
        errs = []
    if kind == "Localhost" and profile.get("localhostProfile") is None:
        errs.append(required((*path, "localhostProfile"), "must be set when seccomp type is Localhost"))
    if kind != "Localhost" and profile.get("localhostProfile") is not None:
        errs.append(invalid((*path, "localhostProfile"), profile, "can only be set when seccomp type is Localhost"))
    return errs


def _container_common(container: dict[str, Any], volumes: dict[str, dict[str, Any]], path: Path, minor: int) -> Errors:
    """validateContainerCommon."""
    errs: Errors = []
    name = as_str(container.get("name"))
    if not name:
        errs.append(required((*path, "name")))
    else:
        errs += [invalid((*path, "name"), name, m) for m in is_dns1123_label(name)]
    if not as_str(container.get("image")):
        errs.append(required((*path, "image")))
    policy = container.get("terminationMessagePolicy", "File")
    if policy not in ("File", "FallbackToLogsOnError"):
        errs.append(not_supported((*path, "terminationMessagePolicy"), policy, ["File", "FallbackToLogsOnError"]))
    pull = container.get("imagePullPolicy", "IfNotPresent")
    if pull not in PULL_POLICIES:
        errs.append(not_supported((*path, "imagePullPolicy"), pull, PULL_POLICIES))
    errs += _container_ports(container.get("ports"), (*path, "ports"))
    errs += _env(container.get("env"), (*path, "env"), minor)
    errs += _env_from(container.get("envFrom"), (*path, "envFrom"), minor)
    errs += _volume_mounts(container, volumes, (*path, "volumeMounts"))
    errs += validate_resources(container.get("resources"), (*path, "resources"))
    errs += _security_context(container.get("securityContext"), (*path, "securityContext"))
    return errs


def _host_ports(containers: list[Any], path: Path) -> Errors:
    """AccumulateUniqueHostPorts: one protocol/hostIP/hostPort once."""
    errs: Errors = []
    seen: set[str] = set()
    for c, container in enumerate(containers):
        for p, port in enumerate(as_list(as_dict(container).get("ports"))):
            port = as_dict(port)
            host = port.get("hostPort", 0)
            if not host:
                continue
            key = f"{port.get('protocol', 'TCP')}/{port.get('hostIP', '')}/{host}"
            if key in seen:
                errs.append(duplicate((*path, c, "ports", p, "hostPort"), key))
            seen.add(key)
    return errs


def validate_containers(spec: dict[str, Any], volumes: dict[str, dict[str, Any]], path: Path, minor: int) -> Errors:
    """validateContainers."""
    containers = as_list(spec.get("containers"))
    if not containers:
        return [required((*path, "containers"))]
    errs: Errors = []
    names: set[str] = set()
    for i, container in enumerate(containers):
        container = as_dict(container)
        here = (*path, "containers", i)
        errs += _container_common(container, volumes, here, minor)
        name = as_str(container.get("name"))
        if name in names:
            errs.append(duplicate((*here, "name"), name))
        names.add(name)
        if container.get("lifecycle") is not None:
            errs += _lifecycle(container["lifecycle"], (*here, "lifecycle"), spec.get("terminationGracePeriodSeconds", 30), minor)
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            errs += _probe(container.get(probe), (*here, probe), probe)
        if container.get("restartPolicy") is not None:
            errs.append(forbidden((*here, "restartPolicy"), "may not be set for non-init containers"))
    return errs + _host_ports(containers, (*path, "containers"))


def validate_init_containers(spec: dict[str, Any], volumes: dict[str, dict[str, Any]], path: Path, minor: int) -> Errors:
    """validateInitContainers: sidecars (restartPolicy: Always, beta in 1.29) may have probes and hooks."""
    errs: Errors = []
    names = {as_str(as_dict(c).get("name")) for c in as_list(spec.get("containers"))}
    for i, container in enumerate(as_list(spec.get("initContainers"))):
        container = as_dict(container)
        here = (*path, "initContainers", i)
        errs += _container_common(container, volumes, here, minor)
        restart = container.get("restartPolicy") if minor >= 29 else None  # before 1.29 the field is dropped
        if restart is not None and restart != "Always":
            errs.append(not_supported((*here, "restartPolicy"), restart, ["Always"]))
        name = as_str(container.get("name"))
        if name in names:
            errs.append(duplicate((*here, "name"), name))
        elif name:
            names.add(name)
        errs += _host_ports([container], (*path, "initContainers"))
        if restart == "Always":
            if container.get("lifecycle") is not None:
                errs += _lifecycle(container["lifecycle"], (*here, "lifecycle"), spec.get("terminationGracePeriodSeconds", 30), minor)
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                errs += _probe(container.get(probe), (*here, probe), probe)
        else:
            for key in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                if container.get(key) is not None:
                    errs.append(forbidden((*here, key), "may not be set for init containers without restartPolicy=Always"))
    return errs
