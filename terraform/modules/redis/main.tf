# Celery's broker and Django's cache. DigitalOcean's managed Redis is now Valkey, which
# speaks the Redis protocol (the application's redis:// / rediss:// URL works unchanged).
variable "name" { type = string }
variable "region" { type = string }
variable "vpc_uuid" { type = string }
variable "size" { type = string }
variable "kubernetes_cluster" { type = string }
variable "tags" { type = list(string) }

resource "digitalocean_database_cluster" "this" {
  name                 = "${var.name}-valkey"
  engine               = "valkey"
  version              = "8"
  size                 = var.size
  region               = var.region
  node_count           = 1
  private_network_uuid = var.vpc_uuid
  tags                 = var.tags
}

# A broker must never drop queued tasks to make room.
resource "digitalocean_database_valkey_config" "this" {
  cluster_id              = digitalocean_database_cluster.this.id
  valkey_maxmemory_policy = "noeviction"
}

resource "digitalocean_database_firewall" "this" {
  cluster_id = digitalocean_database_cluster.this.id

  rule {
    type  = "k8s"
    value = var.kubernetes_cluster
  }
}

output "redis_url" {
  # The managed service requires TLS; /0 is the database number the application uses.
  value = format(
    "rediss://%s:%s@%s:%d/0",
    digitalocean_database_cluster.this.user,
    urlencode(digitalocean_database_cluster.this.password),
    digitalocean_database_cluster.this.private_host,
    digitalocean_database_cluster.this.port,
  )
  sensitive = true
}
