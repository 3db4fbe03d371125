# 只读（Cilium + Hubble）：直接查看被策略丢弃的流量及其原因
# k8sdoctest: skip="live: 只读诊断命令，需要针对出现症状的集群与对象运行"
NS="${NS:-default}"
hubble observe --namespace "${NS}" --verdict DROPPED --last 50
hubble observe --namespace "${NS}" --type policy-verdict --last 50
