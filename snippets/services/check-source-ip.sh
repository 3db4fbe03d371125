# 验证源 IP 保留：NodePort 是四层转发，不会添加 X-Forwarded-For 头；
# 查看后端访问日志中的对端地址（例如 nginx 的 $remote_addr）。
kubectl logs -n staging deploy/test-app --tail=20

# 查看每个端点所在的节点：externalTrafficPolicy: Local 时，
# 只有运行着就绪 Pod 的节点会接收 NodePort 流量，Pod 分布不均会导致负载不均。
kubectl get endpointslices -n staging -l kubernetes.io/service-name=test-service \
  -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}{"\t"}{.nodeName}{"\n"}{end}'
