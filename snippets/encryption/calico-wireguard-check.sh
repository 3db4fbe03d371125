#!/usr/bin/env bash
# 只读检查：Felix 配置、每个节点发布的 WireGuard 公钥（没有公钥的节点之间不加密）
set -euo pipefail

kubectl get felixconfiguration default \
  -o jsonpath='wireguardEnabled={.spec.wireguardEnabled}{"\n"}'

kubectl get nodes \
  -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.metadata.annotations.projectcalico\.org/WireguardPublicKey}{"\n"}{end}'

kubectl get installation.operator.tigera.io default \
  -o jsonpath='mtu={.spec.calicoNetwork.mtu}{"\n"}'
