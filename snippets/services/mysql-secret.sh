# 先创建 MySQL root 密码的 Secret（随机生成，不要把密码写进清单）
kubectl create namespace database --dry-run=client -o yaml | kubectl apply -f -
kubectl create secret generic mysql-root -n database \
  --from-literal=password="$(openssl rand -base64 24)"
