# LQ infrastructure on DigitalOcean: a private network, a Kubernetes cluster, a managed
# PostgreSQL (the towns' schemas), a managed Valkey (Redis protocol: Celery broker and cache),
# DNS for the bare and the wildcard domain, and a bucket for media and backups.
# The application is deployed into the cluster with the helm chart in ../helm/lq.

resource "digitalocean_vpc" "this" {
  name     = "${var.name}-vpc"
  region   = var.region
  ip_range = "10.20.0.0/16"
}

module "kubernetes" {
  source = "./modules/kubernetes"

  name           = var.name
  region         = var.region
  vpc_uuid       = digitalocean_vpc.this.id
  version_prefix = var.kubernetes_version_prefix
  node_size      = var.node_size
  node_min       = var.node_min
  node_max       = var.node_max
  tags           = var.tags
}

module "postgres" {
  source = "./modules/postgres"

  name               = var.name
  region             = var.region
  vpc_uuid           = digitalocean_vpc.this.id
  engine_version     = var.postgres_version
  size               = var.postgres_size
  node_count         = var.postgres_nodes
  kubernetes_cluster = module.kubernetes.cluster_id
  tags               = var.tags
}

module "redis" {
  source = "./modules/redis"

  name               = var.name
  region             = var.region
  vpc_uuid           = digitalocean_vpc.this.id
  size               = var.redis_size
  kubernetes_cluster = module.kubernetes.cluster_id
  tags               = var.tags
}

module "dns" {
  source = "./modules/dns"

  base_domain = var.base_domain
  manage_zone = var.manage_dns_zone
  ingress_ip  = var.ingress_ip
}

module "storage" {
  source = "./modules/storage"

  bucket_name  = var.media_bucket_name
  region       = var.region
  cors_origins = var.cors_origins
}
