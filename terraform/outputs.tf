output "kubernetes_cluster_id" {
  value = module.kubernetes.cluster_id
}

output "kubeconfig" {
  description = "terraform output -raw kubeconfig > ~/.kube/lq.yaml"
  value       = module.kubernetes.kubeconfig
  sensitive   = true
}

output "database_url" {
  description = "DATABASE_URL for the lq-secrets Secret (private network, TLS required)."
  value       = module.postgres.database_url
  sensitive   = true
}

output "redis_url" {
  description = "REDIS_URL for the lq-secrets Secret (private network, TLS)."
  value       = module.redis.redis_url
  sensitive   = true
}

output "media_bucket" {
  value = module.storage.bucket_name
}

output "media_endpoint" {
  value = module.storage.endpoint
}

output "dns_records" {
  value = module.dns.records
}
