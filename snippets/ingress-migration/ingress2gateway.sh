#!/usr/bin/env bash
# 用 ingress2gateway 1.0 把 ingress-nginx 的 Ingress 转换为 Gateway API 资源（只读取集群，不写入）
set -euo pipefail

# 安装（需要 Go）；也可以从 GitHub Releases 下载二进制，或 brew install ingress2gateway
go install github.com/kubernetes-sigs/ingress2gateway@v1.0.0

# 全部名字空间中 IngressClass 为 nginx 的 Ingress → 标准 Gateway API 资源
ingress2gateway print --providers=ingress-nginx --all-namespaces > gwapi-all.yaml

# 一个名字空间；IngressClass 不叫 nginx 时用 --ingressnginx-ingress-class 指定
ingress2gateway print --providers=ingress-nginx --namespace production \
  --ingressnginx-ingress-class nginx > gwapi-production.yaml

# 同时输出 Envoy Gateway 的扩展资源（例如限流用的 BackendTrafficPolicy）
ingress2gateway print --providers=ingress-nginx --namespace production \
  --emitter envoy-gateway > gwapi-production-envoy.yaml

# 不连接集群：转换 Git 仓库中的清单文件
ingress2gateway print --providers=ingress-nginx --input-file shop-ingress.yaml > gwapi-shop.yaml
