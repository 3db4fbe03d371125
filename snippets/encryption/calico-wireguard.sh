#!/usr/bin/env bash
# Calico（Tigera Operator 安装）：为节点间的 Pod 流量开启 WireGuard，并按 WireGuard 的开销调整 MTU
set -euo pipefail

# IPv4 WireGuard；双栈集群再加上 "wireguardEnabledV6": true
kubectl patch felixconfiguration default --type=merge \
  -p '{"spec":{"wireguardEnabled":true}}'

# 物理网络 MTU 1500，IPv4 WireGuard 的头部 60 字节：1500 - 60 = 1440（只对新建的 Pod 生效）
kubectl patch installation.operator.tigera.io default --type=merge \
  -p '{"spec":{"calicoNetwork":{"mtu":1440}}}'
