# Shared lookups and names for the pipeline module.
#
# Names are derived here once so that policies can refer to a resource's ARN
# before the resource exists (the KMS key policy names the raw bucket and the
# audit topic, which in turn are encrypted with that key).

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  # e.g. "mip-prod"; bucket names add the account and region to be globally unique.
  prefix        = "${var.name}-${var.environment}"
  bucket_suffix = "${data.aws_caller_identity.current.account_id}-${data.aws_region.current.region}"

  raw_bucket_name        = "${var.name}-${var.environment}-raw-${local.bucket_suffix}"
  processed_bucket_name  = "${var.name}-${var.environment}-processed-${local.bucket_suffix}"
  quarantine_bucket_name = "${var.name}-${var.environment}-quarantine-${local.bucket_suffix}"
  log_bucket_name        = "${var.name}-${var.environment}-access-logs-${local.bucket_suffix}"

  raw_bucket_arn        = "arn:${data.aws_partition.current.partition}:s3:::${local.raw_bucket_name}"
  quarantine_bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${local.quarantine_bucket_name}"
  audit_topic_name      = "${var.name}-${var.environment}-audit"
  audit_topic_arn       = "arn:${data.aws_partition.current.partition}:sns:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:${local.audit_topic_name}"

  sns_enabled = var.audit_destination == "sns"

  # mip.raw.after = archive copies each raw object under this prefix of the raw bucket
  archive_enabled = var.raw_after == "archive"

  # mip.ingest.sftp.enabled: routes/ingest-sftp.yaml puts each upload to sftp/<day>/<id>/<name>
  # of the raw bucket (change the route's prefix and this one together)
  sftp_ingest_prefix = "sftp/"

  # IRSA: the IAM condition keys are "<issuer host/path>:sub" and ":aud", without the scheme.
  oidc_provider_host = trimprefix(var.oidc_provider_url, "https://")

  alarm_actions = var.alarm_sns_topic_arn == null ? [] : [var.alarm_sns_topic_arn]

  tags = merge(var.tags, {
    "app.kubernetes.io/part-of" = "medical-imaging-pipeline"
    "mip:environment"           = var.environment
  })
}
