#!/usr/bin/env bash
# network-emergency-response.sh：Kubernetes 网络故障应急诊断脚本。
# 只读取集群状态；任何一步失败都记录下来并继续，不会中断整个诊断。
# --8<-- [start:setup]
set -uo pipefail

CLUSTER_NAME="${CLUSTER_NAME:-$(kubectl config current-context)}"
# 默认写到当前用户的目录，不需要 root
LOG_DIR="${LOG_DIR:-${HOME}/network-emergency-$(date +%Y%m%d-%H%M%S)}"
DNS_IMAGE="${DNS_IMAGE:-registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3}"
DEBUG_IMAGE="${DEBUG_IMAGE:-nicolaka/netshoot:v0.13}"

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
# --8<-- [end:setup]

# --8<-- [start:checks]
echo "[1/7] 基础状态..."
{
  step "节点" kubectl get nodes -o wide
  step "非 Running/Completed 的 Pod" \
    kubectl get pods -A --field-selector=status.phase!=Running,status.phase!=Succeeded -o wide
  echo "Service 总数：$(kubectl get svc -A --no-headers 2>/dev/null | wc -l)"
} > "${LOG_DIR}/basic-check.log" 2>&1

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
  # 有选择算符、却没有任何就绪端点的 Service（ExternalName 与无选择算符的 Service 不计）
  echo "无就绪端点的 Service:"
  kubectl get svc -A -o jsonpath='{range .items[?(@.spec.selector)]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
    while read -r ns svc; do
      ready=$(kubectl get endpointslices -n "${ns}" -l "kubernetes.io/service-name=${svc}" \
        -o jsonpath='{range .items[*].endpoints[?(@.conditions.ready==true)]}{.addresses[0]}{"\n"}{end}' 2>/dev/null | grep -c .)
      if [ "${ready}" -eq 0 ]; then
        echo "${ns}/${svc} - 无可用端点"
      fi
    done
} > "${LOG_DIR}/service-endpoints-check.log" 2>&1

echo "[6/7] 网络策略..."
{
  echo "NetworkPolicy 总数：$(kubectl get networkpolicy -A --no-headers 2>/dev/null | wc -l)"
  echo "各名字空间的策略数量："
  kubectl get networkpolicy -A --no-headers 2>/dev/null | awk '{print $1}' | sort | uniq -c
} > "${LOG_DIR}/networkpolicy-check.log" 2>&1

echo "[7/7] 节点 conntrack..."
{
  kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' |
    while read -r node; do
      echo "--- 节点：${node}"
      # </dev/null：不让 kubectl 吃掉 while 循环的标准输入；不加 -t：输出被重定向
      step "conntrack" kubectl debug "node/${node}" --profile=sysadmin --image="${DEBUG_IMAGE}" \
        -- cat /proc/sys/net/netfilter/nf_conntrack_count </dev/null
    done
  # 清理 kubectl debug 留下的 node-debugger Pod
  kubectl get pods -o name | grep '^pod/node-debugger-' | xargs -r kubectl delete --wait=false
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
  if [ "$(count 'CrashLoopBackOff\|Error' "${LOG_DIR}/basic-check.log")" -gt 5 ]; then
    echo "⚠️  大量 Pod 处于异常状态"
  fi
  echo "详细日志：${LOG_DIR}"
} > "${LOG_DIR}/diagnosis-report.txt"

cat "${LOG_DIR}/diagnosis-report.txt"
# --8<-- [end:report]
