# One managed PostgreSQL cluster: the public schema, the template schema and every town's
# schema. Connections go straight to the server: never put a transaction-mode pooler in
# front of django-tenants (a SET search_path must stay with its session).
variable "name" { type = string }
variable "region" { type = string }
variable "vpc_uuid" { type = string }
variable "engine_version" { type = string }
variable "size" { type = string }
variable "node_count" { type = number }
variable "kubernetes_cluster" {
  description = "ID of the Kubernetes cluster allowed to connect."
  type        = string
}
variable "tags" { type = list(string) }

resource "digitalocean_database_cluster" "this" {
  name                 = "${var.name}-pg"
  engine               = "pg"
  version              = var.engine_version
  size                 = var.size
  region               = var.region
  node_count           = var.node_count
  private_network_uuid = var.vpc_uuid
  tags                 = var.tags

  maintenance_window {
    day  = "sunday"
    hour = "02:00:00"
  }
}

resource "digitalocean_database_db" "lq" {
  cluster_id = digitalocean_database_cluster.this.id
  name       = "lq"
}

resource "digitalocean_database_user" "lq" {
  cluster_id = digitalocean_database_cluster.this.id
  name       = "lq"
}

# Only the cluster's nodes may connect.
resource "digitalocean_database_firewall" "this" {
  cluster_id = digitalocean_database_cluster.this.id

  rule {
    type  = "k8s"
    value = var.kubernetes_cluster
  }
}

output "cluster_id" {
  value = digitalocean_database_cluster.this.id
}

output "database_url" {
  value = format(
    "postgresql://%s:%s@%s:%d/%s?sslmode=require",
    digitalocean_database_user.lq.name,
    urlencode(digitalocean_database_user.lq.password),
    digitalocean_database_cluster.this.private_host,
    digitalocean_database_cluster.this.port,
    digitalocean_database_db.lq.name,
  )
  sensitive = true
}
