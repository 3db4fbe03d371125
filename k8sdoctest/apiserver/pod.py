"""PodSpec, wherever it is: a Pod, or the template of a workload.

Ported from pkg/apis/core/validation/validation.go: ValidatePodSpec, ValidateVolumes,
validateContainers/validateInitContainers/validateContainerCommon, the probe and
handler checks, validatePodDNSConfig, ValidateTolerations, validateAffinity and
validateTopologySpreadConstraints. The object is first seen as the API server sees
it after defaulting (protocol TCP, restartPolicy Always, dnsPolicy ClusterFirst,
probe thresholds, httpGet path "/" …), so an omitted field is never "required".
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
    is_dns1123_subdomain,
    is_dns1123_subdomain_with_underscore,
    is_env_var_name,
    is_http_header_name,
    is_int,
    is_label_value,
    is_qualified_name,
    is_relaxed_env_var_name,
    is_valid_ip,
    is_valid_port_name,
    is_valid_port_num,
    nonnegative,
    not_found,
    not_supported,
    parse_quantity,
    per_version,
    quantity_error,
    required,
)
from .metadata import (
    name_is_dns_subdomain,
    validate_annotations,
    validate_label_name,
    validate_label_selector,
    validate_labels,
    validate_object_meta,
)

PROTOCOLS = ["SCTP", "TCP", "UDP"]
FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive"
VOLUME_SOURCES = [
    "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker",
    "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap", "azureFile",
    "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "csi", "ephemeral", "image",
]
HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]
ENV_FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
                   "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"]
ENV_FIELD_SUBSCRIPTED = ("metadata.labels", "metadata.annotations")
ENV_RESOURCE_FIELDS = ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"]
STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
RESTART_POLICIES = ["Always", "OnFailure", "Never"]
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
MAX_DNS_NAMESERVERS, MAX_DNS_SEARCH_PATHS, MAX_DNS_SEARCH_CHARS = 3, 32, 2048


# --- volumes ------------------------------------------------------------------------------------

def _key_to_path(item: Any, path: Path) -> Errors:
    """validateKeyToPath."""
    item = as_dict(item)
    errs: Errors = []
    if not as_str(item.get("key")):
        errs.append(required((*path, "key")))
    target = as_str(item.get("path"))
    if not target:
        errs.append(required((*path, "path")))
    errs += _local_non_reserved_path(target, (*path, "path"))
    errs += _file_mode(item.get("mode"), (*path, "mode"))
    return errs


def _file_mode(mode: Any, path: Path) -> Errors:
    return [invalid(path, mode, FILE_MODE_ERROR)] if is_int(mode) and not 0 <= mode <= 0o777 else []


def _no_backsteps(target: str, path: Path) -> Errors:
    return [invalid(path, target, "must not contain '..'")] if ".." in target.replace("\\", "/").split("/") else []


def _local_descending_path(target: str, path: Path) -> Errors:
    errs = [invalid(path, target, "must be a relative path")] if target.startswith("/") else []
    return errs + _no_backsteps(target, path)


def _local_non_reserved_path(target: str, path: Path) -> Errors:
    """ValidateLocalNonReservedPath."""
    errs = _local_descending_path(target, path)
    if target.startswith("..") and not target.startswith("../"):
        errs.append(invalid(path, target, "must not start with '..'"))
    return errs


def _volume_source(volume: dict[str, Any], path: Path) -> Errors:
    """validateVolumeSource: exactly one source, and the fields each common source needs."""
    present = [s for s in VOLUME_SOURCES if volume.get(s) is not None]
    if not present:
        return [required(path, "must specify a volume type")]
    errs = [forbidden((*path, s), "may not specify more than 1 volume type") for s in present[1:]]
    source, body = present[0], as_dict(volume.get(present[0]))
    here = (*path, source)
    if source == "configMap" and not as_str(body.get("name")):
        errs.append(required((*here, "name")))
    if source == "secret" and not as_str(body.get("secretName")):
        errs.append(required((*here, "secretName")))
    if source == "persistentVolumeClaim" and not as_str(body.get("claimName")):
        errs.append(required((*here, "claimName")))
    if source == "hostPath":
        target = as_str(body.get("path"))
        errs += [required((*here, "path"))] if not target else _no_backsteps(target, (*here, "path"))
        if "type" in body and body["type"] not in HOST_PATH_TYPES:
            errs.append(not_supported((*here, "type"), body["type"], HOST_PATH_TYPES))
    if source == "nfs":
        if not as_str(body.get("server")):
            errs.append(required((*here, "server")))
        if not as_str(body.get("path")):
            errs.append(required((*here, "path")))
        if not as_str(body.get("path")).startswith("/"):
            errs.append(invalid((*here, "path"), as_str(body.get("path")), "must be an absolute path"))
    if source == "emptyDir" and "sizeLimit" in body:
        size = parse_quantity(body["sizeLimit"])
        if size is None:
            errs.append(quantity_error((*here, "sizeLimit"), body["sizeLimit"]))
        elif size < 0:
            errs.append(forbidden((*here, "sizeLimit"), "SizeLimit field must be a valid resource quantity"))
    if source == "csi" and not as_str(body.get("driver")):
        errs.append(required((*here, "driver")))
    if source == "ephemeral" and body.get("volumeClaimTemplate") is None:
        errs.append(required((*here, "volumeClaimTemplate")))
    if source in ("configMap", "secret", "downwardAPI", "projected"):
        errs += _file_mode(body.get("defaultMode"), (*here, "defaultMode"))
    if source in ("configMap", "secret"):
        for i, item in enumerate(as_list(body.get("items"))):
            errs += _key_to_path(item, (*here, "items", i))
    if source == "downwardAPI":
        for item in as_list(body.get("items")):
            errs += _downward_file(as_dict(item), here)
    if source == "projected":
        errs += _projected(body, here)
    return errs


def _downward_file(item: dict[str, Any], path: Path) -> Errors:
    """validateDownwardAPIVolumeFile (upstream reports these on the volume, not the item)."""
    target = as_str(item.get("path"))
    errs = [required((*path, "path"))] if not target else []
    errs += _local_non_reserved_path(target, (*path, "path"))
    if item.get("fieldRef") is not None and item.get("resourceFieldRef") is not None:
        errs.append(invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
    elif item.get("fieldRef") is None and item.get("resourceFieldRef") is None:
        errs.append(required(path, "one of fieldRef and resourceFieldRef is required"))
    return errs + _file_mode(item.get("mode"), (*path, "mode"))


def _projected(body: dict[str, Any], path: Path) -> Errors:
    """validateProjectionSources: one source per entry, no path twice, token ≥ 10 minutes."""
    errs: Errors = []
    seen: set[str] = set()
    for i, source in enumerate(as_list(body.get("sources"))):
        source = as_dict(source)
        here = (*path, "sources", i)
        kinds = [k for k in ("secret", "configMap", "downwardAPI", "serviceAccountToken", "clusterTrustBundle") if source.get(k) is not None]
        if len(kinds) > 1:
            errs.append(forbidden(here, "may not specify more than 1 volume type per source"))
        paths: list[str] = []
        for kind in ("secret", "configMap"):
            if source.get(kind) is not None:
                inner = as_dict(source[kind])
                if not as_str(inner.get("name")):
                    errs.append(required((*here, kind, "name")))
                for j, item in enumerate(as_list(inner.get("items"))):
                    errs += _key_to_path(item, (*here, kind, "items", j))
                    paths.append(as_str(as_dict(item).get("path")))
        token = source.get("serviceAccountToken")
        if token is not None:
            seconds = as_dict(token).get("expirationSeconds", 3600)
            if is_int(seconds) and seconds < 600:
                errs.append(invalid((*here, "serviceAccountToken", "expirationSeconds"), seconds, "may not specify a duration less than 10 minutes"))
            if is_int(seconds) and seconds > 1 << 32:
                errs.append(invalid((*here, "serviceAccountToken", "expirationSeconds"), seconds, "may not specify a duration larger than 2^32 seconds"))
            if not as_str(as_dict(token).get("path")):
                errs.append(required((*path, "path")))
        for target in paths:
            if target and target in seen:
                errs.append(invalid(path, target, "conflicting duplicate paths"))
            seen.add(target)
    return errs


def validate_volumes(volumes: Any, path: Path) -> tuple[dict[str, dict[str, Any]], Errors]:
    """ValidateVolumes: the usable volumes by name, and the errors."""
    errs: Errors = []
    usable: dict[str, dict[str, Any]] = {}
    for i, volume in enumerate(as_list(volumes)):
        volume = as_dict(volume)
        here = (*path, i)
        name = as_str(volume.get("name"))
        own = _volume_source(volume, here)
        if not name:
            own.append(required((*here, "name")))
        else:
            own += [invalid((*here, "name"), name, m) for m in is_dns1123_label(name)]
        if name in usable:
            own.append(duplicate((*here, "name"), name))
        if own:
            errs += own
        else:
            usable[name] = volume
    return usable, errs


# --- containers ---------------------------------------------------------------------------------

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


def validate_resources(resources: Any, path: Path) -> Errors:
    """validateResourceRequirements: names, quantities ≥ 0, integers for extended resources, requests ≤ limits."""
    resources = as_dict(resources)
    errs: Errors = []
    limits, requests = as_dict(resources.get("limits")), as_dict(resources.get("requests"))
    parsed: dict[str, dict[str, Any]] = {"limits": {}, "requests": {}}
    for part, values in (("limits", limits), ("requests", requests)):
        for name, raw in values.items():
            here = (*path, part, Key(str(name)))
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
    errs += _seccomp(sc.get("seccompProfile"), (*path, "seccompProfile"))
    if sc.get("allowPrivilegeEscalation") is False:
        if sc.get("privileged") is True:
            errs.append(invalid(path, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
        if "CAP_SYS_ADMIN" in as_list(as_dict(sc.get("capabilities")).get("add")):
            errs.append(invalid(path, sc, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"))
    return errs


def _seccomp(profile: Any, path: Path) -> Errors:
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


def _containers(spec: dict[str, Any], volumes: dict[str, dict[str, Any]], path: Path, minor: int) -> Errors:
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


def _init_containers(spec: dict[str, Any], volumes: dict[str, dict[str, Any]], path: Path, minor: int) -> Errors:
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


# --- pod-level fields ---------------------------------------------------------------------------

def _dns_config(spec: dict[str, Any], path: Path, minor: int) -> Errors:
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


def _affinity(affinity: Any, path: Path) -> Errors:
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


def _topology_spread(constraints: Any, path: Path) -> Errors:
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
    errs += _seccomp(sc.get("seccompProfile"), (*path, "seccompProfile"))
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


def validate_pod_spec(spec: Any, path: Path, minor: int, is_pod: bool = False) -> Errors:
    """ValidatePodSpec."""
    spec = as_dict(spec)
    volumes, errs = validate_volumes(spec.get("volumes"), (*path, "volumes"))
    errs += _containers(spec, volumes, path, minor)
    errs += _init_containers(spec, volumes, path, minor)
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
    errs += _affinity(spec.get("affinity"), (*path, "affinity"))
    errs += _dns_config(spec, (*path, "dnsConfig"), minor)
    for i, gate in enumerate(as_list(spec.get("readinessGates"))):
        cond = as_str(as_dict(gate).get("conditionType"))
        errs += [invalid((*path, "readinessGates", i, "conditionType"), cond, m) for m in is_qualified_name(cond)]
    errs += _topology_spread(spec.get("topologySpreadConstraints"), (*path, "topologySpreadConstraints"))
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
