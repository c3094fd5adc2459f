variable "name" { type = string }
variable "region" { type = string }
variable "vpc_uuid" { type = string }
variable "version_prefix" { type = string }
variable "node_size" { type = string }
variable "node_min" { type = number }
variable "node_max" { type = number }
variable "tags" { type = list(string) }

data "digitalocean_kubernetes_versions" "this" {
  version_prefix = var.version_prefix
}

resource "digitalocean_kubernetes_cluster" "this" {
  name          = "${var.name}-k8s"
  region        = var.region
  version       = data.digitalocean_kubernetes_versions.this.latest_version
  vpc_uuid      = var.vpc_uuid
  auto_upgrade  = true
  surge_upgrade = true
  ha            = true
  tags          = var.tags

  maintenance_policy {
    day        = "sunday"
    start_time = "03:00"
  }

  node_pool {
    name       = "${var.name}-default"
    size       = var.node_size
    auto_scale = true
    min_nodes  = var.node_min
    max_nodes  = var.node_max
    tags       = var.tags
  }
}

output "cluster_id" {
  value = digitalocean_kubernetes_cluster.this.id
}

output "kubeconfig" {
  value     = digitalocean_kubernetes_cluster.this.kube_config[0].raw_config
  sensitive = true
}
