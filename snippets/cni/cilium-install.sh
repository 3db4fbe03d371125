# Cilium 安装（Helm），替代 kube-proxy。
# 版本号必须显式指定：选用仍在维护的次版本（最新的三个）中的最新补丁版本，
# 并确认它的 Kubernetes 兼容范围包含集群版本。查看可用版本：
#   helm search repo cilium/cilium --versions
CILIUM_VERSION="${CILIUM_VERSION:?请设置 CILIUM_VERSION，例如 1.20 的最新补丁版本}"
# API Server 的地址与端口：kube-proxy 不存在时，Cilium 需要它们才能连上 API Server
API_SERVER_IP="${API_SERVER_IP:?请设置 API_SERVER_IP}"
API_SERVER_PORT="${API_SERVER_PORT:-6443}"

helm repo add cilium https://helm.cilium.io/
helm repo update
helm upgrade --install cilium cilium/cilium --version "${CILIUM_VERSION}" \
  --namespace kube-system \
  --set kubeProxyReplacement=true \
  --set k8sServiceHost="${API_SERVER_IP}" \
  --set k8sServicePort="${API_SERVER_PORT}" \
  --set hubble.relay.enabled=true \
  --set hubble.ui.enabled=true
kubectl -n kube-system rollout status ds/cilium --timeout=5m
