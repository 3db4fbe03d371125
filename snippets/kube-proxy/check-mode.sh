# 只读：每个节点的内核版本、kube-proxy 配置的模式与实际使用的代理器
kubectl get nodes -o custom-columns='NAME:.metadata.name,KERNEL:.status.nodeInfo.kernelVersion,OS:.status.nodeInfo.osImage'
kubectl -n kube-system get configmap kube-proxy -o jsonpath='{.data.config\.conf}' | grep -E '^(mode|nodePortAddresses):'
for pod in $(kubectl -n kube-system get pods -l k8s-app=kube-proxy -o name); do
  echo "== ${pod}"
  kubectl -n kube-system logs "${pod}" | grep -m1 -E 'Using (iptables|ipvs|nftables) Proxier'
done
