#!/usr/bin/env bash
# Cilium：IPsec 透明加密。密钥放在与 Cilium 相同名字空间的 Secret cilium-ipsec-keys 中
set -euo pipefail

CILIUM_VERSION="${CILIUM_VERSION:-1.17.3}"

# 格式：密钥 ID（带 + 表示按隧道派生密钥）、算法、十六进制 PSK、密钥位数
psk="$(dd if=/dev/urandom count=20 bs=1 2>/dev/null | xxd -p -c 64)"
kubectl create secret generic cilium-ipsec-keys --namespace kube-system \
  --from-literal=keys="3+ rfc4106(gcm(aes)) ${psk} 128"

helm upgrade cilium cilium/cilium --version "${CILIUM_VERSION}" \
  --namespace kube-system \
  --reuse-values \
  --set encryption.enabled=true \
  --set encryption.type=ipsec
kubectl -n kube-system rollout status ds/cilium --timeout=10m
