# 只读：滚动更新期间出现 502/503/504 时检查探针、preStop、宽限期与端点的状态变化
NS="${NS:-default}"
DEPLOY="${DEPLOY:-web}"
SVC="${SVC:-${DEPLOY}}"

# 1. 就绪探针、preStop 与终止宽限期
kubectl -n "${NS}" get deployment "${DEPLOY}" \
  -o jsonpath='{range .spec.template.spec.containers[*]}{.name}{"\n  readinessProbe: "}{.readinessProbe}{"\n  preStop: "}{.lifecycle.preStop}{"\n"}{end}{"terminationGracePeriodSeconds: "}{.spec.template.spec.terminationGracePeriodSeconds}{"\n"}'

# 2. 滚动更新策略与 minReadySeconds
kubectl -n "${NS}" get deployment "${DEPLOY}" \
  -o jsonpath='{.spec.strategy}{"\n"}{"minReadySeconds: "}{.spec.minReadySeconds}{"\n"}'

# 3. 更新进行中时观察端点：终止中的 Pod 应当 ready=false、terminating=true
kubectl -n "${NS}" get endpointslices -l "kubernetes.io/service-name=${SVC}" --watch \
  -o jsonpath='{range .items[*].endpoints[*]}{.targetRef.name}{" ready="}{.conditions.ready}{" serving="}{.conditions.serving}{" terminating="}{.conditions.terminating}{"\n"}{end}'
