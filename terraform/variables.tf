variable "name" {
  description = "Prefix of every resource (one LQ installation, e.g. lq-prod)."
  type        = string
  default     = "lq-prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name: lower-case letters, digits and hyphens, 2-31 characters."
  }
}

variable "region" {
  description = "Region of every resource; an EU region keeps residents' data in the EU."
  type        = string
  default     = "fra1"
}

variable "base_domain" {
  description = "Towns live on <slug>.<base_domain>, the operator site on the bare domain."
  type        = string
}

variable "manage_dns_zone" {
  description = "Create the DNS zone of base_domain here (false: it exists already)."
  type        = bool
  default     = true
}

variable "ingress_ip" {
  description = "Public IP of the cluster's ingress load balancer; empty until ingress-nginx is installed (then apply again)."
  type        = string
  default     = ""
}

variable "kubernetes_version_prefix" {
  description = "Minor version of Kubernetes to track, e.g. \"1.31.\"."
  type        = string
  default     = "1.31."
}

variable "node_size" {
  description = "Droplet size of the Kubernetes nodes."
  type        = string
  default     = "s-4vcpu-8gb"
}

variable "node_min" {
  type    = number
  default = 2
}

variable "node_max" {
  type    = number
  default = 6
}

variable "postgres_version" {
  type    = string
  default = "16"
}

variable "postgres_size" {
  description = "One PostgreSQL cluster is one cell of up to ~1,000 towns (ARCHITECTURE.md, Scale)."
  type        = string
  default     = "db-s-4vcpu-8gb"
}

variable "postgres_nodes" {
  description = "1 primary plus standbys (2 = one standby for failover)."
  type        = number
  default     = 2
}

variable "redis_size" {
  type    = string
  default = "db-s-1vcpu-2gb"
}

variable "media_bucket_name" {
  description = "Name of the object storage bucket for town media (globally unique)."
  type        = string
}

variable "cors_origins" {
  description = "Origins allowed to read media directly from the bucket."
  type        = list(string)
  default     = []
}

variable "tags" {
  type    = list(string)
  default = ["lq"]
}
