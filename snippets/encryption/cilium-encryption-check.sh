#!/usr/bin/env bash
# 只读检查：Cilium 报告的加密模式、各节点的 WireGuard 公钥与设备 MTU
set -euo pipefail

# WireGuard 时输出类似 Encryption: Wireguard [cilium_wg0 (Pubkey: ..., Port: 51871, Peers: 2)]
kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg status | grep Encryption

# IPsec 时查看使用中的密钥数与错误计数
kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg encrypt status

# 每个节点通过 CiliumNode 的注解发布自己的 WireGuard 公钥
kubectl get ciliumnodes \
  -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.metadata.annotations.network\.cilium\.io/wg-pub-key}{"\n"}{end}'

# WireGuard 设备 cilium_wg0 的 MTU：应等于物理网卡 MTU 减去 WireGuard 的开销
kubectl -n kube-system exec ds/cilium -c cilium-agent -- ip -o link show cilium_wg0
