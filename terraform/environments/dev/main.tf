# dev: Development: short retention, fast failure to the DLQs, buckets destroyable. Synthetic data only, never real PHI.

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      "mip:managed-by" = "terraform"
      "mip:stack"      = "medical-imaging-pipeline-dev"
    }
  }
}

module "pipeline" {
  source = "../../modules/pipeline"

  name        = var.name
  environment = "dev"
  tags        = var.tags

  oidc_provider_arn   = var.oidc_provider_arn
  oidc_provider_url   = var.oidc_provider_url
  k8s_namespace       = var.k8s_namespace
  k8s_service_account = var.k8s_service_account

  keda_namespace         = var.keda_namespace
  keda_service_account   = var.keda_service_account
  keda_operator_role_arn = var.keda_operator_role_arn

  audit_destination                = var.audit_destination
  raw_after                        = var.raw_after
  sftp_ingest_enabled              = var.sftp_ingest_enabled
  alarm_sns_topic_arn              = var.alarm_sns_topic_arn
  kms_key_administrator_arns       = var.kms_key_administrator_arns
  raw_uploader_principal_arns      = var.raw_uploader_principal_arns
  quarantine_reader_principal_arns = var.quarantine_reader_principal_arns

  raw_expiration_days                    = 3
  raw_noncurrent_version_expiration_days = 1
  quarantine_expiration_days             = 30
  noncurrent_version_expiration_days     = 7
  access_log_expiration_days             = 30
  max_receive_count                      = 3
  events_visibility_timeout_seconds      = 600
  kms_deletion_window_days               = 7
  force_destroy                          = true # dev holds synthetic test data only

  events_oldest_message_age_alarm_seconds = 900
}
