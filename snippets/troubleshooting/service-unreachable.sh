# 只读：Service 不通时，从 Service、Pod、EndpointSlice 到数据面逐层检查
NS="${NS:-default}"
SVC="${SVC:-my-service}"

# 1. Service 的类型、端口映射与选择算符
kubectl -n "${NS}" get service "${SVC}" -o wide
kubectl -n "${NS}" get service "${SVC}" \
  -o jsonpath='{range .spec.ports[*]}{.name}{" "}{.port}{" -> "}{.targetPort}{"/"}{.protocol}{"\n"}{end}'

# 2. 选择算符实际选中的 Pod，以及它们的就绪状态
SELECTOR=$(kubectl -n "${NS}" get service "${SVC}" \
  -o go-template='{{range $k, $v := .spec.selector}}{{$k}}={{$v}},{{end}}')
kubectl -n "${NS}" get pods -l "${SELECTOR%,}" -o wide

# 3. EndpointSlice：地址、端口与 ready / serving / terminating 条件
kubectl -n "${NS}" get endpointslices -l "kubernetes.io/service-name=${SVC}" \
  -o jsonpath='{range .items[*]}{"ports: "}{.ports}{"\n"}{range .endpoints[*]}{.addresses[0]}{" ready="}{.conditions.ready}{" serving="}{.conditions.serving}{" terminating="}{.conditions.terminating}{" node="}{.nodeName}{"\n"}{end}{end}'

# 4. 容器声明的端口，与 targetPort 对比（命名端口必须与容器端口的 name 一致）
kubectl -n "${NS}" get pods -l "${SELECTOR%,}" \
  -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.spec.containers[*].ports}{"\n"}{end}'

# 5. 名字空间中的网络策略
kubectl -n "${NS}" get networkpolicies

# 6. 数据面：kube-proxy（或 Cilium）是否在运行、最近是否有同步错误
kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide
kubectl -n kube-system logs -l k8s-app=kube-proxy --tail=20 --prefix | grep -iE 'error|fail'
kubectl -n kube-system get pods -l k8s-app=cilium -o wide
