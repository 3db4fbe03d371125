# iptables 模式的 kube-proxy：本地地址与 kube-dns 的 ClusterIP 同时由 node-cache 监听，
# Pod 无需修改 kubelet 的 clusterDNS 即可走本地缓存。
# IPVS / nftables 模式或 Cilium 替代 kube-proxy 时，还必须把 kubelet 的 clusterDNS 改为 169.254.20.10。
LOCAL_DNS=169.254.20.10
DNS_DOMAIN=cluster.local
KUBE_DNS=$(kubectl get svc kube-dns -n kube-system -o jsonpath='{.spec.clusterIP}')

sed -e "s/__PILLAR__LOCAL__DNS__/${LOCAL_DNS}/g" \
    -e "s/__PILLAR__DNS__DOMAIN__/${DNS_DOMAIN}/g" \
    -e "s/__PILLAR__DNS__SERVER__/${KUBE_DNS}/g" \
    snippets/dns/nodelocaldns.yaml | kubectl apply -f -
kubectl -n kube-system rollout status ds/node-local-dns --timeout=5m
