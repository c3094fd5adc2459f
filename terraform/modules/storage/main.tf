# An S3-compatible bucket (DigitalOcean Spaces) for town media, under <schema>/… per town.
variable "bucket_name" { type = string }
variable "region" { type = string }
variable "cors_origins" { type = list(string) }

resource "digitalocean_spaces_bucket" "media" {
  name   = var.bucket_name
  region = var.region
  acl    = "private"

  versioning {
    enabled = true
  }

  lifecycle_rule {
    id      = "old-versions"
    enabled = true

    noncurrent_version_expiration {
      days = 30
    }
  }
}

resource "digitalocean_spaces_bucket_cors_configuration" "media" {
  count  = length(var.cors_origins) > 0 ? 1 : 0
  bucket = digitalocean_spaces_bucket.media.id
  region = var.region

  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = var.cors_origins
    allowed_headers = ["*"]
    max_age_seconds = 3600
  }
}

output "bucket_name" {
  value = digitalocean_spaces_bucket.media.name
}

output "endpoint" {
  value = "https://${var.region}.digitaloceanspaces.com"
}
