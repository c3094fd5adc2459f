# The operator site on the bare domain and every town on a subdomain: one wildcard record,
# so a new town needs no DNS change.
variable "base_domain" { type = string }
variable "manage_zone" { type = bool }
variable "ingress_ip" {
  description = "Empty: no records yet (the load balancer does not exist before the ingress)."
  type        = string
}

resource "digitalocean_domain" "this" {
  count = var.manage_zone ? 1 : 0
  name  = var.base_domain
}

locals {
  zone  = var.manage_zone ? digitalocean_domain.this[0].name : var.base_domain
  names = var.ingress_ip == "" ? [] : ["@", "*"]
}

resource "digitalocean_record" "ingress" {
  for_each = toset(local.names)

  domain = local.zone
  type   = "A"
  name   = each.value
  value  = var.ingress_ip
  ttl    = 300
}

# Only this account's ACME DNS-01 solver may issue certificates for the domain.
resource "digitalocean_record" "caa" {
  domain = local.zone
  type   = "CAA"
  name   = "@"
  value  = "letsencrypt.org."
  flags  = 0
  tag    = "issue"
  ttl    = 3600
}

resource "digitalocean_record" "caa_wildcard" {
  domain = local.zone
  type   = "CAA"
  name   = "@"
  value  = "letsencrypt.org."
  flags  = 0
  tag    = "issuewild"
  ttl    = 3600
}

output "records" {
  value = [for name in local.names : name == "@" ? var.base_domain : "${name}.${var.base_domain}"]
}
