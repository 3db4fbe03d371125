# 只读：DNS 超时或 5 秒延迟时检查客户端配置、CoreDNS 与 NodeLocal DNSCache
NS="${NS:-default}"
POD="${POD:-$(kubectl -n "${NS}" get pods -o jsonpath='{.items[0].metadata.name}')}"

# 1. 客户端实际使用的 nameserver、search 与 options（ndots）
kubectl -n "${NS}" exec "${POD}" -- cat /etc/resolv.conf
kubectl -n "${NS}" get pod "${POD}" -o jsonpath='{.spec.dnsPolicy}{" "}{.spec.dnsConfig}{"\n"}'

# 2. CoreDNS：Pod、端点与最近的错误
kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide
kubectl -n kube-system get endpointslices -l kubernetes.io/service-name=kube-dns -o wide
kubectl -n kube-system logs -l k8s-app=kube-dns --tail=100 --prefix | grep -iE 'error|timeout|refused|i/o'

# 3. CoreDNS 是否资源不足（需要 metrics-server）与是否被限流
kubectl -n kube-system top pod -l k8s-app=kube-dns
kubectl -n kube-system get deployment coredns -o jsonpath='{.spec.template.spec.containers[0].resources}{"\n"}'

# 4. NodeLocal DNSCache 是否部署、是否每个节点都就绪
kubectl -n kube-system get daemonset node-local-dns -o wide

# 5. 节点上的 conntrack 插入失败需要在节点上查看（不是 kubectl 命令）：
#    conntrack -S | grep -o 'insert_failed=[0-9]*'
#    cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max
