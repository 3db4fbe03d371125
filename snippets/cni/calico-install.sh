# Calico 安装（Tigera Operator）。固定版本号。
CALICO_VERSION="${CALICO_VERSION:-v3.32.1}"
# 集群的 Pod CIDR（kubeadm 的 networking.podSubnet）；上游 custom-resources.yaml 写死了 192.168.0.0/16
POD_CIDR="${POD_CIDR:?请设置 POD_CIDR，例如 10.244.0.0/16}"
BASE="https://raw.githubusercontent.com/projectcalico/calico/${CALICO_VERSION}/manifests"

kubectl create -f "${BASE}/operator-crds.yaml"
kubectl create -f "${BASE}/tigera-operator.yaml"
# custom-resources.yaml 中的 Installation 决定 IP 池的 CIDR 与封装方式（IPIP/VXLAN）：
# 先下载，改成集群的 Pod CIDR，检查封装方式，再创建。
curl -fsSLo custom-resources.yaml "${BASE}/custom-resources.yaml"
sed -i "s#192.168.0.0/16#${POD_CIDR}#" custom-resources.yaml
grep -n -A4 'ipPools' custom-resources.yaml
kubectl create -f ./custom-resources.yaml
kubectl wait --for=condition=Available tigerastatus/calico --timeout=10m
