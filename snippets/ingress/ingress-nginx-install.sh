# 旧方案：ingress-nginx 已于 2026 年 3 月退役，仅供存量集群迁移前参考。
helm repo add ingress-nginx https://kubernetes.github.io/ingress-nginx
helm repo update
# global-allowed-response-headers：custom-headers 注解只能设置这里列出的响应头，
# 未列出的响应头会让引用它的 Ingress 的所有路径返回 503。Helm 的 --set 中逗号要写成 \,。
helm upgrade --install ingress-nginx ingress-nginx/ingress-nginx \
  --namespace ingress-nginx --create-namespace \
  --set controller.replicaCount=3 \
  --set controller.resources.requests.cpu=1000m \
  --set controller.resources.requests.memory=1Gi \
  --set controller.service.type=LoadBalancer \
  --set controller.service.externalTrafficPolicy=Local \
  --set controller.metrics.enabled=true \
  --set-string 'controller.podAnnotations.prometheus\.io/scrape=true' \
  --set-string 'controller.config.global-allowed-response-headers=X-Frame-Options\,X-Content-Type-Options\,Content-Security-Policy'
