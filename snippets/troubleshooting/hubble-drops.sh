# 只读（Cilium + Hubble）：直接查看被策略丢弃的流量及其原因
NS="${NS:-default}"
hubble observe --namespace "${NS}" --verdict DROPPED --last 50
hubble observe --namespace "${NS}" --type policy-verdict --last 50
