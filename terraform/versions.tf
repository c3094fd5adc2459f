terraform {
  required_version = ">= 1.5.0"

  required_providers {
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = "~> 2.50"
    }
  }

  # State holds database passwords: keep it in a private, versioned bucket, e.g.
  # backend "s3" { ... } against a Spaces bucket made by hand before the first apply.
}

provider "digitalocean" {
  # DIGITALOCEAN_TOKEN, SPACES_ACCESS_KEY_ID and SPACES_SECRET_ACCESS_KEY come from the
  # environment; nothing secret is written in these files.
}
