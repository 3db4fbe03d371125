# 只读：Service 地址段、每个地址段已分配的地址数，以及某个 ClusterIP 属于哪个 Service
kubectl get servicecidrs
kubectl get servicecidr kubernetes -o jsonpath='{.spec.cidrs}{"\n"}'
kubectl get ipaddresses --no-headers | wc -l
IP="${IP:-10.96.0.10}"
kubectl get ipaddress "${IP}" -o jsonpath='{.spec.parentRef.resource}/{.spec.parentRef.namespace}/{.spec.parentRef.name}{"\n"}'
