# Cilium 安装（Helm），替代 kube-proxy。请选用仍在维护的版本，并固定版本号。
CILIUM_VERSION="${CILIUM_VERSION:-1.17.3}"
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
