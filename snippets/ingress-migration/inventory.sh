#!/usr/bin/env bash
# 盘点集群中的 ingress-nginx：控制器、IngressClass、每个 Ingress 的注解（只读，需要 kubectl 与 jq）
set -euo pipefail

prefix="nginx.ingress.kubernetes.io/"

echo "== ingress-nginx 控制器 Pod =="
kubectl get pods --all-namespaces --selector app.kubernetes.io/name=ingress-nginx -o wide

echo "== 由 ingress-nginx 处理的 IngressClass（controller: k8s.io/ingress-nginx）=="
kubectl get ingressclasses -o json \
  | jq -r '.items[] | select(.spec.controller == "k8s.io/ingress-nginx")
      | [.metadata.name, (.metadata.annotations["ingressclass.kubernetes.io/is-default-class"] // "false")] | @tsv'

echo "== 每个 Ingress：名字空间、名称、类、ingress-nginx 注解 =="
ingresses="$(kubectl get ingresses --all-namespaces -o json)"
jq -r --arg p "$prefix" '.items[]
    | [.metadata.namespace, .metadata.name,
       (.spec.ingressClassName // .metadata.annotations["kubernetes.io/ingress.class"] // "<默认类>"),
       ([(.metadata.annotations // {}) | keys[] | select(startswith($p)) | ltrimstr($p)] | join(","))]
    | @tsv' <<<"$ingresses"

echo "== 注解使用次数（从多到少）=="
jq -r --arg p "$prefix" '.items[] | (.metadata.annotations // {}) | keys[] | select(startswith($p))' <<<"$ingresses" \
  | sort | uniq -c | sort -rn

echo "== 没有标准等价物、必须人工处理的注解（snippet、认证、限流、来源地址）=="
jq -r --arg p "$prefix" '.items[]
    | . as $i | (.metadata.annotations // {}) | keys[]
    | select(startswith($p))
    | select(test("snippet|auth-|limit-|allowlist-source-range|whitelist-source-range|denylist-source-range"))
    | "\($i.metadata.namespace)/\($i.metadata.name)\t\(.)"' <<<"$ingresses"

echo "== 控制器的全局配置（ConfigMap 中的设置同样需要迁移）=="
kubectl get configmaps --all-namespaces --selector app.kubernetes.io/name=ingress-nginx -o json \
  | jq -r '.items[] | "\(.metadata.namespace)/\(.metadata.name)\t\((.data // {}) | keys | join(","))"'

echo "== F5 NGINX Ingress Controller 的注解（nginx.org/*，另一个项目，不在本次迁移范围内）=="
jq -r '.items[] | select((.metadata.annotations // {}) | keys | any(startswith("nginx.org/") or startswith("nginx.com/")))
    | "\(.metadata.namespace)/\(.metadata.name)"' <<<"$ingresses"
