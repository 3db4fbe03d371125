#!/usr/bin/env bash
# 并行运行期间：同一主机名分别经 ingress-nginx 与新 Gateway 请求，逐个路径比较状态码（只读）
set -euo pipefail

host="${1:-shop.example.com}"
paths=(/api/orders /api/health /api /unknown)

# 旧入口：ingress-nginx 控制器的 LoadBalancer Service（名字空间与名称按实际安装调整）
old_ip="$(kubectl get service --namespace ingress-nginx ingress-nginx-controller \
  -o jsonpath='{.status.loadBalancer.ingress[0].ip}')"
# 新入口：Gateway 状态中的地址
new_ip="$(kubectl get gateway --namespace production web -o jsonpath='{.status.addresses[0].value}')"

# 路由必须已被 Gateway 接受（Accepted）并解析了全部后端（ResolvedRefs）
kubectl get httproute --namespace production shop \
  -o jsonpath='{range .status.parents[*].conditions[*]}{.type}={.status}{"\n"}{end}'

for path in "${paths[@]}"; do
  old="$(curl -sk -o /dev/null -w '%{http_code}' --resolve "${host}:443:${old_ip}" "https://${host}${path}")"
  new="$(curl -sk -o /dev/null -w '%{http_code}' --resolve "${host}:443:${new_ip}" "https://${host}${path}")"
  mark="相同"
  [[ "$old" == "$new" ]] || mark="不同"
  printf '%-14s ingress-nginx=%s gateway=%s %s\n' "$path" "$old" "$new" "$mark"
done
