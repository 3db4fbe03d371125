"""Workloads: Deployment, ReplicaSet, StatefulSet, DaemonSet (apps/v1), Job and CronJob (batch/v1).

Ported from pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec and the
rolling-update checks) and pkg/apis/batch/validation/validation.go (ValidateJob,
ValidateCronJob). Defaults applied first, as the API server does: replicas 1,
Deployment maxSurge/maxUnavailable 25%, DaemonSet maxUnavailable 1 and maxSurge 0,
StatefulSet OrderedReady and RollingUpdate, CronJob concurrencyPolicy Allow.
"""

from __future__ import annotations

import re
from typing import Any

from .config import validate_pvc_spec
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
    is_int,
    is_valid_percent,
    nonnegative,
    not_supported,
    per_version,
    required,
)
from .metadata import (
    selector_is_empty,
    selector_matches,
    validate_annotations,
    validate_label_selector,
    validate_labels,
    validate_object_meta,
)
from .pod import validate_pod_template


def _int_or_percent(value: Any) -> int:
    """getIntOrPercentValue: "25%" → 25, 3 → 3, anything else → 0."""
    if isinstance(value, str) and not is_valid_percent(value):
        return int(value[:-1])
    return value if is_int(value) else 0


def _positive_int_or_percent(value: Any, path: Path) -> Errors:
    """ValidatePositiveIntOrPercent."""
    if isinstance(value, str):
        return [invalid(path, value, m) for m in is_valid_percent(value)]
    return nonnegative(path, value)


def _not_more_than_100(value: Any, path: Path) -> Errors:
    if isinstance(value, str) and not is_valid_percent(value) and int(value[:-1]) > 100:
        return [invalid(path, value, "must not be greater than 100%")]
    return []


def _template_for_replicas(spec: dict[str, Any], path: Path, minor: int, kind: str) -> Errors:
    """ValidatePodTemplateSpecForReplicaSet: selector matches the labels, restartPolicy Always."""
    template = as_dict(spec.get("template"))
    here = (*path, "template")
    if not template:
        return [required(here)]
    errs: Errors = []
    labels = as_dict(template.get("metadata")).get("labels")
    if not selector_is_empty(spec.get("selector")) and not selector_matches(spec.get("selector"), labels):
        errs.append(invalid((*here, "metadata", "labels"), as_dict(labels), "`selector` does not match template `labels`"))
    errs += validate_pod_template(template, here, minor)
    errs += _restart_always(template, here)
    if as_dict(template.get("spec")).get("activeDeadlineSeconds") is not None:
        errs.append(forbidden((*here, "spec", "activeDeadlineSeconds"), f"activeDeadlineSeconds in {kind} is not Supported"))
    return errs


def _restart_always(template: dict[str, Any], path: Path) -> Errors:
    restart = as_dict(template.get("spec")).get("restartPolicy", "Always")
    return [] if restart == "Always" else [not_supported((*path, "spec", "restartPolicy"), restart, ["Always"])]


def _selector(spec: dict[str, Any], path: Path, kind: str) -> Errors:
    """A required, non-empty, valid selector."""
    if spec.get("selector") is None:
        return [required((*path, "selector"))]
    errs = validate_label_selector(spec["selector"], (*path, "selector"))
    if selector_is_empty(spec["selector"]):
        errs.append(invalid((*path, "selector"), spec["selector"], f"empty selector is invalid for {kind}"))
    return errs


def _deployment_strategy(strategy: Any, path: Path) -> Errors:
    """ValidateDeploymentStrategy + ValidateRollingUpdateDeployment, after SetDefaults_Deployment."""
    strategy = as_dict(strategy)
    kind = strategy.get("type", "RollingUpdate")
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            return [forbidden((*path, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
        return []
    if kind != "RollingUpdate":
        return [not_supported(path, strategy, ["Recreate", "RollingUpdate"])]
    rolling = as_dict(strategy.get("rollingUpdate"))
    unavailable, surge = rolling.get("maxUnavailable", "25%"), rolling.get("maxSurge", "25%")
    here = (*path, "rollingUpdate")
    errs = _positive_int_or_percent(unavailable, (*here, "maxUnavailable")) + _positive_int_or_percent(surge, (*here, "maxSurge"))
    if _int_or_percent(unavailable) == 0 and _int_or_percent(surge) == 0:
        errs.append(invalid((*here, "maxUnavailable"), unavailable, "may not be 0 when `maxSurge` is 0"))
    return errs + _not_more_than_100(unavailable, (*here, "maxUnavailable"))


def _deployment(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateDeployment."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    errs += nonnegative((*path, "replicas"), spec.get("replicas"))
    errs += _selector(spec, path, "deployment")
    errs += _template_for_replicas(spec, path, minor, "ReplicaSet")
    errs += _deployment_strategy(spec.get("strategy"), (*path, "strategy"))
    errs += nonnegative((*path, "minReadySeconds"), spec.get("minReadySeconds"))
    errs += nonnegative((*path, "revisionHistoryLimit"), spec.get("revisionHistoryLimit"))
    deadline = spec.get("progressDeadlineSeconds")
    if is_int(deadline):
        errs += nonnegative((*path, "progressDeadlineSeconds"), deadline)
        ready = spec.get("minReadySeconds", 0)
        if is_int(ready) and deadline <= ready:
            errs.append(invalid((*path, "progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds"))
    return errs


def _replica_set(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateReplicaSet."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    errs += nonnegative((*path, "replicas"), spec.get("replicas")) + nonnegative((*path, "minReadySeconds"), spec.get("minReadySeconds"))
    errs += _selector(spec, path, "deployment")  # sic: upstream's ReplicaSet message says "deployment"
    return errs + _template_for_replicas(spec, path, minor, "ReplicaSet")


def _daemon_set(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateDaemonSetSpec + ValidateDaemonSetUpdateStrategy."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    if spec.get("selector") is None:
        errs.append(required((*path, "selector")))  # the v1 schema requires it; decoding leaves nil
    else:
        errs += validate_label_selector(spec["selector"], (*path, "selector"))
        template = as_dict(spec.get("template"))
        labels = as_dict(template.get("metadata")).get("labels")
        if not selector_matches(spec["selector"], labels):
            errs.append(invalid((*path, "template", "metadata", "labels"), as_dict(labels), "`selector` does not match template `labels`"))
        if selector_is_empty(spec["selector"]):
            errs.append(invalid((*path, "selector"), spec["selector"], "empty selector is invalid for daemonset"))
    template = as_dict(spec.get("template"))
    errs += validate_pod_template(template, (*path, "template"), minor) + _restart_always(template, (*path, "template"))
    if as_dict(template.get("spec")).get("activeDeadlineSeconds") is not None:
        errs.append(forbidden((*path, "template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in DaemonSet is not Supported"))
    errs += nonnegative((*path, "minReadySeconds"), spec.get("minReadySeconds"))
    errs += nonnegative((*path, "revisionHistoryLimit"), spec.get("revisionHistoryLimit"))
    return errs + _daemon_set_strategy(spec.get("updateStrategy"), (*path, "updateStrategy"))


def _daemon_set_strategy(strategy: Any, path: Path) -> Errors:
    strategy = as_dict(strategy)
    kind = strategy.get("type", "RollingUpdate")
    if kind == "OnDelete":
        return []
    if kind != "RollingUpdate":
        return [not_supported(path, strategy, ["RollingUpdate", "OnDelete"])]
    rolling = as_dict(strategy.get("rollingUpdate"))
    unavailable, surge = rolling.get("maxUnavailable", 1), rolling.get("maxSurge", 0)
    here = (*path, "rollingUpdate")
    errs = _positive_int_or_percent(unavailable, (*here, "maxUnavailable")) + _positive_int_or_percent(surge, (*here, "maxSurge"))
    errs += _not_more_than_100(unavailable, (*here, "maxUnavailable")) + _not_more_than_100(surge, (*here, "maxSurge"))
    has_unavailable, has_surge = _int_or_percent(unavailable) != 0, _int_or_percent(surge) != 0
    if has_unavailable and has_surge:
        errs.append(invalid((*here, "maxSurge"), surge, "may not be set when maxUnavailable is non-zero"))
    elif not has_unavailable and not has_surge:
        errs.append(required((*here, "maxUnavailable"), "cannot be 0 when maxSurge is 0"))
    return errs


def _stateful_set(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateStatefulSetSpec. Upstream does not validate the Pod spec of the template
    (kubernetes#81147): the controller's Pod creation rejects it later, so neither do we."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    policy = spec.get("podManagementPolicy", "OrderedReady")
    if policy not in ("OrderedReady", "Parallel"):
        errs.append(invalid((*path, "podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'"))
    errs += _stateful_set_strategy(as_dict(spec.get("updateStrategy")), (*path, "updateStrategy"))
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    for key in ("whenDeleted", "whenScaled"):
        value = as_dict(retention).get(key, "Retain")
        if retention is not None and value not in ("Retain", "Delete"):
            errs.append(not_supported((*path, "persistentVolumeClaimRetentionPolicy", key), value, ["Retain", "Delete"]))
    errs += nonnegative((*path, "replicas"), spec.get("replicas")) + nonnegative((*path, "minReadySeconds"), spec.get("minReadySeconds"))
    errs += nonnegative((*path, "ordinals.start"), as_dict(spec.get("ordinals")).get("start"))
    errs += _selector(spec, path, "statefulset")
    template = as_dict(spec.get("template"))
    meta = as_dict(template.get("metadata"))
    if spec.get("selector") is not None and not selector_is_empty(spec["selector"]) and not selector_matches(spec["selector"], meta.get("labels")):
        errs.append(invalid((*path, "template", "metadata", "labels"), as_dict(meta.get("labels")), "`selector` does not match template `labels`"))
    errs += validate_labels(meta.get("labels"), (*path, "template", "labels"))
    errs += validate_annotations(meta.get("annotations"), (*path, "template", "annotations"))
    errs += _restart_always(template, (*path, "template"))
    if as_dict(template.get("spec")).get("activeDeadlineSeconds") is not None:
        errs.append(forbidden((*path, "template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"))
    service = as_str(spec.get("serviceName"))
    if service and minor >= 33:  # kubernetes#130233: serviceName becomes the Pods' subdomain
        errs += [invalid((*path, "serviceName"), service, m) for m in is_dns1123_label(service)]
    errs += _claim_templates(spec.get("volumeClaimTemplates"), (*path, "volumeClaimTemplates"), minor)
    return errs


def _stateful_set_strategy(strategy: dict[str, Any], path: Path) -> Errors:
    kind = strategy.get("type", "RollingUpdate")
    if kind == "OnDelete":
        if strategy.get("rollingUpdate") is not None:
            return [invalid((*path, "rollingUpdate"), strategy["rollingUpdate"], "only allowed for updateStrategy 'RollingUpdate'")]
        return []
    if kind != "RollingUpdate":
        return [invalid(path, strategy, "must be 'RollingUpdate' or 'OnDelete'")]
    rolling = as_dict(strategy.get("rollingUpdate"))
    return nonnegative((*path, "rollingUpdate", "partition"), rolling.get("partition"))


def _claim_templates(claims: Any, path: Path, minor: int) -> Errors:
    """The registry validates each volumeClaimTemplate as a PVC spec (ValidatePersistentVolumeClaimSpec)."""
    errs: Errors = []
    names: set[str] = set()
    for i, claim in enumerate(as_list(claims)):
        claim = as_dict(claim)
        name = as_str(as_dict(claim.get("metadata")).get("name"))
        if name in names:
            errs.append(duplicate((*path, i, "metadata", "name"), name))
        names.add(name)
        errs += validate_pvc_spec(claim.get("spec"), (*path, i, "spec"))
    return errs


# --- batch ---------------------------------------------------------------------------------------

def _job_spec(spec: dict[str, Any], path: Path, minor: int) -> Errors:
    """validateJobSpec (the part shared with a CronJob's jobTemplate)."""
    errs: Errors = []
    for name in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"):
        errs += nonnegative((*path, name), spec.get(name))
    mode = spec.get("completionMode", "NonIndexed")
    if mode not in ("NonIndexed", "Indexed"):
        errs.append(not_supported((*path, "completionMode"), mode, ["NonIndexed", "Indexed"]))
    if mode == "Indexed" and spec.get("completions") is None:
        errs.append(required((*path, "completions"), "when completion mode is Indexed"))
    template = as_dict(spec.get("template"))
    errs += validate_pod_template(template, (*path, "template"), minor)
    restart = as_dict(template.get("spec")).get("restartPolicy", "Always")
    if restart not in ("OnFailure", "Never"):
        errs.append(not_supported((*path, "template", "spec", "restartPolicy"), restart, ["OnFailure", "Never"]))
    return errs


def _job(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateJob: the selector is generated unless manualSelector is true."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor) + _job_spec(spec, path, minor)
    name = as_str(as_dict(obj.get("metadata")).get("name"))
    if len(name) > 63:  # generateSelector copies the name into the template's job-name label
        errs.append(invalid((*path, "template", "labels"), name, "must be no more than 63 characters"))
    if spec.get("manualSelector") is True:
        if spec.get("selector") is None:
            errs.append(required((*path, "selector")))
        else:
            errs += validate_label_selector(spec["selector"], (*path, "selector"))
            labels = as_dict(as_dict(spec.get("template")).get("metadata")).get("labels")
            if not selector_matches(spec["selector"], labels):
                errs.append(invalid((*path, "template", "metadata", "labels"), as_dict(labels), "`selector` does not match template `labels`"))
    elif spec.get("selector") is not None:
        errs.append(invalid((*path, "selector"), spec["selector"], "`selector` not auto-generated"))
    return errs


CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 6))
CRON_NAMES = {3: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 4: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]}
CRON_DESCRIPTORS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}


def cron_problem(schedule: str) -> str | None:
    """What robfig/cron's ParseStandard says about a schedule, for the common mistakes."""
    text = schedule.strip()
    if text.startswith(("TZ=", "CRON_TZ=")):
        text = text.split(None, 1)[1] if " " in text else ""
    if text.startswith("@"):
        if text in CRON_DESCRIPTORS or re.fullmatch(r"@every \d+[smh]", text):
            return None
        return f"unrecognized descriptor: {text}"
    fields = text.split()
    if len(fields) != 5:
        return f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]"
    for i, (part, (_name, low, high)) in enumerate(zip(fields, CRON_FIELDS, strict=True)):
        for item in part.split(","):
            problem = _cron_range(item, low, high, CRON_NAMES.get(i, []))
            if problem:
                return problem
    return None


def _cron_range(item: str, low: int, high: int, names: list[str]) -> str | None:
    span, _, step = item.partition("/")
    if step and not step.isdigit():
        return f"failed to parse int from {step}: strconv.Atoi: parsing {step!r}: invalid syntax"
    if span in ("*", "?"):
        return None
    bounds = span.split("-")
    if len(bounds) > 2:
        return f"too many hyphens: {span}"
    values = []
    for bound in bounds:
        if bound.lower() in names:
            values.append(names.index(bound.lower()) + (1 if low == 1 else 0))
        elif bound.isdigit():
            values.append(int(bound))
        else:
            return f"failed to parse int from {bound}: strconv.Atoi: parsing {bound!r}: invalid syntax"
    start, end = values[0], values[-1]
    if start < low:
        return f"beginning of range ({start}) below minimum ({low}): {span}"
    if end > high:
        return f"end of range ({end}) above maximum ({high}): {span}"
    if start > end:
        return f"beginning of range ({start}) beyond end of range ({end}): {span}"
    return None


TIME_ZONE_PART = re.compile(r"^[A-Za-z.\-_0-9+]{1,14}$")


def _time_zone(spec: dict[str, Any], path: Path) -> Errors:
    """validateTimeZone: IANA naming rules, not Local, and a zone the tz database knows."""
    if spec.get("timeZone") is None:
        return []
    zone = as_str(spec["timeZone"])
    for part in zone.split("/"):
        if part in (".", "..") or part.startswith("-") or not TIME_ZONE_PART.match(part):
            return [invalid(path, zone, f"unknown time zone {zone}")]
    if zone.lower() == "local":
        return [invalid(path, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")]
    import zoneinfo  # ~60 ms to import: only a CronJob with a timeZone needs it

    known = zoneinfo.available_timezones()
    if known and zone not in known and zone != "UTC":
        return [invalid(path, zone, f"unknown time zone {zone}")]
    return []


def _cron_job(obj: dict[str, Any], minor: int) -> Errors:
    """ValidateCronJob."""
    spec, path = as_dict(obj.get("spec")), ("spec",)
    errs = validate_object_meta(obj, minor)
    name = as_str(as_dict(obj.get("metadata")).get("name"))
    if len(name) > 52:  # the Jobs it creates append an 11-character suffix
        errs.append(invalid(("metadata", "name"), name, "must be no more than 52 characters"))
    schedule = as_str(spec.get("schedule"))
    if not schedule:
        errs.append(required((*path, "schedule")))
    else:
        if problem := cron_problem(schedule):
            errs.append(invalid((*path, "schedule"), schedule, problem))
        if "TZ" in schedule and minor >= 27:  # validateScheduleFormat on create, since 1.27 (kubernetes#116252)
            errs.append(invalid((*path, "schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
        elif "TZ" in schedule and spec.get("timeZone") is not None:  # 1.25–1.26: only together with the field
            errs.append(invalid((*path, "schedule"), schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"))
    errs += _time_zone(spec, (*path, "timeZone"))
    errs += nonnegative((*path, "startingDeadlineSeconds"), spec.get("startingDeadlineSeconds"))
    for name_ in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        errs += nonnegative((*path, name_), spec.get(name_))
    policy = spec.get("concurrencyPolicy", "Allow")
    if policy not in ("Allow", "Forbid", "Replace"):
        errs.append(not_supported((*path, "concurrencyPolicy"), policy, ["Allow", "Forbid", "Replace"]))
    template = as_dict(spec.get("jobTemplate"))
    job_spec, job_path = as_dict(template.get("spec")), (*path, "jobTemplate", "spec")
    errs += _job_spec(job_spec, job_path, minor)
    if job_spec.get("selector") is not None:
        errs.append(invalid((*job_path, "selector"), job_spec["selector"], "`selector` will be auto-generated"))
    if job_spec.get("manualSelector") is True:
        errs.append(not_supported((*job_path, "manualSelector"), True, ["nil", "false"]))
    return errs


RULES = {
    "Deployment": _deployment, "ReplicaSet": _replica_set, "DaemonSet": _daemon_set, "StatefulSet": _stateful_set,
    "Job": _job, "CronJob": _cron_job,
}


def validate(obj: dict[str, Any], versions: tuple[str, ...]) -> Errors:
    rule = RULES[as_str(obj.get("kind"))]
    return per_version(versions, lambda minor: rule(obj, minor))
