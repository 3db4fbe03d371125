# 只读：Service 的流量字段，以及 EndpointSlice 中每个端点的可用区、节点与路由提示
NS="${NS:-traffic-demo}"
SVC="${SVC:-web}"
kubectl -n "${NS}" get service "${SVC}" \
  -o jsonpath='{.spec.externalTrafficPolicy}{" "}{.spec.internalTrafficPolicy}{" "}{.spec.trafficDistribution}{"\n"}'
kubectl -n "${NS}" get endpointslices -l "kubernetes.io/service-name=${SVC}" \
  -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}{"\t"}{.zone}{"\t"}{.nodeName}{"\t"}{.conditions.ready}{"\t"}{.hints}{"\n"}{end}'
