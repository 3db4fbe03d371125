# 步骤 3：观察监控指标，逐步提升权重：10% -> 30% -> 50% -> 100%
kubectl annotate ingress production-canary -n production --overwrite \
  nginx.ingress.kubernetes.io/canary-weight=30

# 步骤 4：先把主 Ingress 切到 v2，再删除金丝雀 Ingress，
# 顺序反过来会有一段时间把全部流量送回 v1。
kubectl patch ingress production -n production --type=json \
  -p '[{"op":"replace","path":"/spec/rules/0/http/paths/0/backend/service/name","value":"backend-v2"}]'
kubectl delete ingress production-canary -n production
