# 只读：网络策略拦截过多时，找出选中 Pod 的策略、被引用的标签与集群级策略
NS="${NS:-default}"
POD="${POD:-$(kubectl -n "${NS}" get pods -o jsonpath='{.items[0].metadata.name}')}"

# 1. 名字空间中的策略：选中哪些 Pod、限制哪个方向
kubectl -n "${NS}" get networkpolicies \
  -o custom-columns='NAME:.metadata.name,POD-SELECTOR:.spec.podSelector.matchLabels,TYPES:.spec.policyTypes'

# 2. 策略引用的标签：Pod 与名字空间的实际标签
kubectl -n "${NS}" get pod "${POD}" --show-labels
kubectl get namespaces --show-labels

# 3. 规则细节（出站规则是否放行了 kube-system 中 CoreDNS 的 UDP/TCP 53）
kubectl -n "${NS}" describe networkpolicies
kubectl -n kube-system get pods -l k8s-app=kube-dns --show-labels

# 4. CNI 的集群级策略同样生效
kubectl get globalnetworkpolicies.crd.projectcalico.org
kubectl get ciliumclusterwidenetworkpolicies
