#!/usr/bin/env bash
# 在 default 名字空间中临时启动一个 Pod，尝试访问两个元数据地址；策略生效时两次都超时
set -uo pipefail

kubectl run metadata-check --namespace default --rm -i --restart=Never \
  --image=curlimages/curl:8.11.1 --command -- \
  sh -c 'curl -sS -m 3 http://169.254.169.254/ ; curl -sS -m 3 http://100.100.100.200/latest/meta-data/'
