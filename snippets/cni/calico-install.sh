# Calico 安装（Tigera Operator）。固定版本号，与 CRD 校验所用版本一致。
CALICO_VERSION="${CALICO_VERSION:-v3.32.1}"
BASE="https://raw.githubusercontent.com/projectcalico/calico/${CALICO_VERSION}/manifests"

kubectl create -f "${BASE}/operator-crds.yaml"
kubectl create -f "${BASE}/tigera-operator.yaml"
# custom-resources.yaml 中的 Installation 决定 Pod CIDR、封装方式（IPIP/VXLAN）等，
# 应用前按集群的 Pod CIDR 修改。
kubectl create -f "${BASE}/custom-resources.yaml"
kubectl wait --for=condition=Available tigerastatus/calico --timeout=10m
