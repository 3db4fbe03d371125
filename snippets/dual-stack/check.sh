# 只读：节点的 Pod CIDR、Service 的地址族与 ClusterIP、每个地址族的 EndpointSlice
NS="${NS:-dual-stack-demo}"
kubectl get nodes -o custom-columns='NAME:.metadata.name,POD-CIDRS:.spec.podCIDRs,ADDRESSES:.status.addresses[*].address'
kubectl -n "${NS}" get services -o custom-columns='NAME:.metadata.name,POLICY:.spec.ipFamilyPolicy,FAMILIES:.spec.ipFamilies,CLUSTER-IPS:.spec.clusterIPs'
kubectl -n "${NS}" get endpointslices -o custom-columns='NAME:.metadata.name,SERVICE:.metadata.labels.kubernetes\.io/service-name,TYPE:.addressType,ADDRESSES:.endpoints[*].addresses[*]'
kubectl -n "${NS}" get pods -o custom-columns='NAME:.metadata.name,POD-IPS:.status.podIPs[*].ip'
