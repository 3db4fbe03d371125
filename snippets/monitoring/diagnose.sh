# --8<-- [start:endpoints]
# 1. 查看 Service 的端点（Endpoints API 自 1.33 起弃用，改看 EndpointSlice）
kubectl get endpointslices -A
# --8<-- [end:endpoints]

# --8<-- [start:dns]
# 2. 测试 DNS 解析（-i 而不加 -t：在脚本与 CI 中也能运行）
kubectl run dns-debug --rm -i --restart=Never \
  --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 -- \
  nslookup backend-service.production.svc.cluster.local
# --8<-- [end:dns]

# --8<-- [start:curl]
# 3. 测试网络连通性
kubectl run curl-debug --rm -i --restart=Never --image=nicolaka/netshoot:v0.13 -- \
  curl -sv --max-time 5 http://backend-service.production.svc.cluster.local
# --8<-- [end:curl]
