# 旧方案：ingress-nginx 已于 2026 年 3 月停止维护，仅供存量集群迁移前参考。
helm repo add ingress-nginx https://kubernetes.github.io/ingress-nginx
helm repo update
helm upgrade --install ingress-nginx ingress-nginx/ingress-nginx \
  --namespace ingress-nginx --create-namespace \
  --set controller.replicaCount=3 \
  --set controller.resources.requests.cpu=1000m \
  --set controller.resources.requests.memory=1Gi \
  --set controller.service.type=LoadBalancer \
  --set controller.service.externalTrafficPolicy=Local \
  --set controller.metrics.enabled=true \
  --set-string 'controller.podAnnotations.prometheus\.io/scrape=true'
