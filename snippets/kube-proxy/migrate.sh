# 把 kube-proxy 迁移到 nftables 模式：备份、修改配置、在一个节点上做金丝雀，再滚动到全部节点。
# 回滚时把 mode 改回原值并重复相同步骤；kube-proxy 启动时会清理另一种模式留下的规则。
NODE="${NODE:?请把 NODE 设为金丝雀节点的名称}"

kubectl -n kube-system get configmap kube-proxy -o yaml > kube-proxy-backup.yaml
# 在 config.conf 中把 mode 改为 "nftables"，并按本页的 nftables 配置调整
kubectl -n kube-system edit configmap kube-proxy

# 金丝雀：只重建一个节点上的 kube-proxy Pod，它会读取新配置
kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector "spec.nodeName=${NODE}"
kubectl -n kube-system wait pod -l k8s-app=kube-proxy --field-selector "spec.nodeName=${NODE}" \
  --for=condition=Ready --timeout=2m
POD=$(kubectl -n kube-system get pod -l k8s-app=kube-proxy --field-selector "spec.nodeName=${NODE}" -o name)
kubectl -n kube-system logs "${POD}" | grep -E 'Using nftables Proxier|error'

# 金丝雀节点上的 Service、NodePort 与 DNS 验证通过后，再滚动其余节点
kubectl -n kube-system rollout restart daemonset kube-proxy
kubectl -n kube-system rollout status daemonset kube-proxy --timeout=10m
