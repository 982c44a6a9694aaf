terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Remote state: uncomment and fill in (or pass with `terraform init -backend-config=...`).
  # The state holds resource ARNs and names, no secrets; still keep it in an encrypted,
  # versioned bucket with locking.
  #
  # backend "s3" {
  #   bucket         = "example-terraform-state"
  #   key            = "medical-imaging-pipeline/prod/terraform.tfstate"
  #   region         = "eu-central-1"
  #   encrypt        = true
  #   dynamodb_table = "example-terraform-locks"
  # }
}
