#!/usr/bin/env bash
# network-emergency-response.sh：Kubernetes 网络故障应急诊断脚本。
# 不修改集群配置，但会创建临时 Pod：两个 DNS 测试 Pod（kubectl run --rm），
# 以及设置了 NODES 时每个指定节点上一个特权调试 Pod（用完即删）。
# 任何一步失败都记录下来并继续，不会中断整个诊断。
# --8<-- [start:setup]
set -uo pipefail

CLUSTER_NAME="${CLUSTER_NAME:-$(kubectl config current-context)}"
# 默认写到当前用户的目录，不需要 root
LOG_DIR="${LOG_DIR:-${HOME}/network-emergency-$(date +%Y%m%d-%H%M%S)}"
DNS_IMAGE="${DNS_IMAGE:-registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3}"
DEBUG_IMAGE="${DEBUG_IMAGE:-nicolaka/netshoot:v0.13}"
# 要读取 conntrack 计数的节点（空格分隔）；默认不在任何节点上创建调试 Pod
NODES="${NODES:-}"

mkdir -p "${LOG_DIR}"
echo "=== Kubernetes 网络紧急诊断 ==="
echo "集群：${CLUSTER_NAME}"
echo "时间：$(date)"
echo "日志目录：${LOG_DIR}"

# 运行一个诊断步骤：失败时在日志中注明，然后继续
step() {
  local title="$1"
  shift
  echo "--- ${title}"
  "$@" || echo "(失败，退出码 $?: $*)"
}

# 在节点上运行一条命令：--attach=true 等命令结束并显示输出；
# 然后只删除这次创建的 node-debugger Pod（名字取自 kubectl debug 的输出）
debug_node() {
  local node="$1" out pod
  shift
  out=$(kubectl debug "node/${node}" --profile=sysadmin --image="${DEBUG_IMAGE}" --attach=true -- "$@" 2>&1 </dev/null)
  printf '%s\n' "${out}"
  pod=$(printf '%s\n' "${out}" | sed -n 's/^Creating debugging pod \([^ ]*\) .*/\1/p')
  if [ -n "${pod}" ]; then
    kubectl delete pod "${pod}" --wait=false
  fi
}
# --8<-- [end:setup]

# --8<-- [start:checks]
# 异常的 Pod：阶段不是 Running/Succeeded，或者有容器处于等待状态。
# CrashLoopBackOff 的 Pod 阶段仍是 Running，只能从容器状态看出来。
abnormal_pods() {
  kubectl get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}{" "}{.status.phase}{" "}{.status.containerStatuses[*].state.waiting.reason}{"\n"}{end}' |
    awk '$2 != "Succeeded" && ($2 != "Running" || NF > 2)'
}

echo "[1/7] 基础状态..."
{
  step "节点" kubectl get nodes -o wide
  echo "Service 总数：$(kubectl get svc -A --no-headers 2>/dev/null | wc -l)"
} > "${LOG_DIR}/basic-check.log" 2>&1
abnormal_pods > "${LOG_DIR}/abnormal-pods.log" 2>&1

echo "[2/7] CNI 插件..."
{
  # 以 Operator 安装的 Calico 在 calico-system 名字空间；清单安装的在 kube-system
  step "Calico" kubectl get pods -A -l k8s-app=calico-node -o wide
  step "Cilium" kubectl get pods -n kube-system -l k8s-app=cilium -o wide
  if kubectl get ds cilium -n kube-system >/dev/null 2>&1; then
    step "Cilium 状态" kubectl exec -n kube-system ds/cilium -- cilium-dbg status --brief
  fi
} > "${LOG_DIR}/cni-status.log" 2>&1

echo "[3/7] kube-proxy..."
{
  if kubectl get ds kube-proxy -n kube-system >/dev/null 2>&1; then
    step "kube-proxy Pod" kubectl get pods -n kube-system -l k8s-app=kube-proxy -o wide
    step "kube-proxy 模式" kubectl get cm kube-proxy -n kube-system -o jsonpath='{.data.config\.conf}'
    step "kube-proxy 日志" kubectl logs -n kube-system -l k8s-app=kube-proxy --tail=50
  else
    echo "没有 kube-proxy DaemonSet（例如 Cilium 替代了 kube-proxy）"
  fi
} > "${LOG_DIR}/kube-proxy-status.log" 2>&1

echo "[4/7] DNS..."
{
  step "CoreDNS Pod" kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide
  step "Corefile" kubectl get cm coredns -n kube-system -o jsonpath='{.data.Corefile}'
  step "集群内解析" kubectl run "dns-test-$$" --rm -i --restart=Never --image="${DNS_IMAGE}" \
    -- nslookup kubernetes.default.svc.cluster.local
  step "外部解析" kubectl run "dns-test2-$$" --rm -i --restart=Never --image="${DNS_IMAGE}" \
    -- nslookup kubernetes.io
} > "${LOG_DIR}/dns-check.log" 2>&1

echo "[5/7] Service 与端点..."
{
  # 有选择算符、却没有任何就绪端点的 Service（ExternalName 与无选择算符的 Service 不计）。
  # Service 与 EndpointSlice 各列一次，在本地比较：大集群中不必为每个 Service 调一次 API。
  echo "无就绪端点的 Service:"
  comm -23 \
    <(kubectl get svc -A -o jsonpath='{range .items[?(@.spec.selector)]}{.metadata.namespace}/{.metadata.name}{"\n"}{end}' | sort -u) \
    <(kubectl get endpointslices -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.labels.kubernetes\.io/service-name}{" "}{.endpoints[?(@.conditions.ready==true)].addresses[0]}{"\n"}{end}' |
      awk 'NF > 1 {print $1}' | sort -u) |
    sed 's/$/ - 无可用端点/'
} > "${LOG_DIR}/service-endpoints-check.log" 2>&1

echo "[6/7] 网络策略..."
{
  echo "NetworkPolicy 总数：$(kubectl get networkpolicy -A --no-headers 2>/dev/null | wc -l)"
  echo "各名字空间的策略数量："
  kubectl get networkpolicy -A --no-headers 2>/dev/null | awk '{print $1}' | sort | uniq -c
} > "${LOG_DIR}/networkpolicy-check.log" 2>&1

echo "[7/7] 节点 conntrack..."
{
  if [ -z "${NODES}" ]; then
    echo "未设置 NODES，跳过。装有 node-exporter 时可直接查询 node_nf_conntrack_entries / node_nf_conntrack_entries_limit。"
  fi
  # 只检查可疑节点：每个节点都会拉取调试镜像并运行一个特权 Pod
  for node in ${NODES}; do
    echo "--- 节点：${node}"
    step "conntrack 条目数与上限" debug_node "${node}" \
      cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max
  done
} > "${LOG_DIR}/performance-metrics.log" 2>&1
# --8<-- [end:checks]

# --8<-- [start:report]
# 计数：grep -c 在没有匹配时输出 0 并返回 1，因此只取它的输出
count() { grep -c "$1" "$2" 2>/dev/null; }

{
  echo "========== Kubernetes 网络诊断报告 =========="
  echo "集群：${CLUSTER_NAME}"
  echo "时间：$(date)"
  echo "节点数：$(kubectl get nodes --no-headers 2>/dev/null | wc -l)"
  echo "无端点的 Service 数：$(count '无可用端点' "${LOG_DIR}/service-endpoints-check.log")"
  if [ "$(count 'SERVFAIL\|NXDOMAIN\|失败' "${LOG_DIR}/dns-check.log")" -gt 0 ]; then
    echo "⚠️  DNS 解析存在问题"
  fi
  echo "异常 Pod 数：$(count . "${LOG_DIR}/abnormal-pods.log")"
  if [ "$(count . "${LOG_DIR}/abnormal-pods.log")" -gt 5 ]; then
    echo "⚠️  大量 Pod 处于异常状态"
  fi
  echo "详细日志：${LOG_DIR}"
} > "${LOG_DIR}/diagnosis-report.txt"

cat "${LOG_DIR}/diagnosis-report.txt"
# --8<-- [end:report]
