# 只读：MTU 黑洞排查。比较节点网卡、Pod 网卡与隧道设备的 MTU，并用禁止分片的 ping 测试路径 MTU
NS="${NS:-default}"
POD="${POD:-$(kubectl -n "${NS}" get pods -o jsonpath='{.items[0].metadata.name}')}"
TARGET="${TARGET:-10.244.1.10}"   # 另一个节点上的 Pod IP
SIZE="${SIZE:-1422}"              # 载荷大小；加上 28 字节的 IP 与 ICMP 头即为测试的包大小

# 1. Pod 网卡的 MTU
kubectl -n "${NS}" exec "${POD}" -- cat /sys/class/net/eth0/mtu

# 2. CNI 配置的 MTU：Calico（operator 安装）与 Cilium
kubectl get installations.operator.tigera.io default -o jsonpath='{.spec.calicoNetwork.mtu}{"\n"}'
kubectl -n kube-system exec ds/cilium -c cilium-agent -- ip -o link show cilium_host

# 3. 禁止分片的 ping：小包通、大包不通即为 MTU 问题（需要镜像中有 ping）
kubectl -n "${NS}" exec "${POD}" -- ping -c 3 -M "do" -s "${SIZE}" "${TARGET}"
