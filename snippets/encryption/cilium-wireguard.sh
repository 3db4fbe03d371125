#!/usr/bin/env bash
# Cilium：在已有的 Helm 发布上开启 WireGuard 透明加密（会滚动重启 cilium-agent）
set -euo pipefail

CILIUM_VERSION="${CILIUM_VERSION:-1.17.3}"

helm upgrade cilium cilium/cilium --version "${CILIUM_VERSION}" \
  --namespace kube-system \
  --reuse-values \
  --set encryption.enabled=true \
  --set encryption.type=wireguard
kubectl -n kube-system rollout status ds/cilium --timeout=10m
