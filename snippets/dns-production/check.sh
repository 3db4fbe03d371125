# 只读：某个 Pod 实际使用的 resolv.conf、CoreDNS 的配置、副本与缓存命中情况
NS="${NS:-dns-demo}"
POD="${POD:-$(kubectl -n "${NS}" get pods -o jsonpath='{.items[0].metadata.name}')}"
kubectl -n "${NS}" exec "${POD}" -- cat /etc/resolv.conf
kubectl -n kube-system get configmap coredns -o jsonpath='{.data.Corefile}'
kubectl -n kube-system get deployment coredns -o wide
kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide
COREDNS=$(kubectl -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{.items[0].metadata.name}')
kubectl get --raw "/api/v1/namespaces/kube-system/pods/${COREDNS}:9153/proxy/metrics" \
  | grep -E '^coredns_cache_(hits|requests)_total'
