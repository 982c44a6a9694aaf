# Outputs: the application's configuration (app_environment, one key per MIP_* variable the
# application reads), the same values one by one, the role ARN for the service account and the
# role ARN KEDA reads the queue depth with.

output "app_environment" {
  description = "Environment variables for the pipeline container (MIP_MODE=aws). Render into the Kubernetes ConfigMap; none of them is a secret."
  value = {
    MIP_MODE                 = "aws"
    MIP_AWS_REGION           = data.aws_region.current.region
    MIP_S3_RAW_BUCKET        = aws_s3_bucket.raw.bucket
    MIP_S3_PROCESSED_BUCKET  = aws_s3_bucket.processed.bucket
    MIP_S3_QUARANTINE_BUCKET = aws_s3_bucket.quarantine.bucket
    MIP_S3_KMS_KEY_ID        = aws_kms_key.this.arn
    MIP_SQS_EVENTS_QUEUE     = aws_sqs_queue.s3_events.name
    # the queues' owner: the aws2-sqs endpoints resolve the names with GetQueueUrl, not ListQueues
    MIP_SQS_QUEUE_OWNER_ACCOUNT_ID = data.aws_caller_identity.current.account_id
    MIP_AUDIT_DESTINATION          = var.audit_destination
    MIP_AUDIT_QUEUE                = aws_sqs_queue.audit.name
    MIP_AUDIT_TOPIC_ARN            = local.sns_enabled ? aws_sns_topic.audit[0].arn : ""
    # the role may archive raw objects only when the module knows it (raw_after)
    MIP_RAW_AFTER          = var.raw_after
    MIP_RAW_ARCHIVE_PREFIX = var.raw_archive_prefix
    # the role may put SFTP uploads into the raw bucket only when the module knows it
    MIP_INGEST_SFTP_ENABLED = tostring(var.sftp_ingest_enabled)
  }
}

output "service_account_role_arn" {
  description = "ARN of the IAM role for the pipeline's service account: annotate the ServiceAccount with eks.amazonaws.com/role-arn = this value."
  value       = aws_iam_role.app.arn
}

output "service_account_annotations" {
  description = "Annotations for the pipeline's Kubernetes ServiceAccount."
  value       = { "eks.amazonaws.com/role-arn" = aws_iam_role.app.arn }
}

output "keda_role_arn" {
  description = "ARN of the IAM role KEDA reads the depth of the s3-events queue with (sqs:GetQueueAttributes only): podIdentity.roleArn of the TriggerAuthentication."
  value       = aws_iam_role.keda.arn
}

output "kms_key_arn" {
  description = "ARN of the customer-managed KMS key (S3 SSE-KMS, SQS, SNS). Uploaders that set SSE headers must name this ARN."
  value       = aws_kms_key.this.arn
}

output "kms_key_alias" {
  description = "Alias of the customer-managed KMS key."
  value       = aws_kms_alias.this.name
}

output "raw_bucket_name" {
  description = "Raw bucket (input, PHI)."
  value       = aws_s3_bucket.raw.bucket
}

output "processed_bucket_name" {
  description = "Processed bucket (de-identified output and .json sidecars)."
  value       = aws_s3_bucket.processed.bucket
}

output "quarantine_bucket_name" {
  description = "Quarantine bucket (inputs set aside with <key>.reason.json)."
  value       = aws_s3_bucket.quarantine.bucket
}

output "access_log_bucket_name" {
  description = "Bucket receiving the S3 server access logs of the data buckets."
  value       = aws_s3_bucket.access_logs.bucket
}

output "s3_events_queue_url" {
  description = "URL of the s3-events queue (ObjectCreated notifications of the raw bucket)."
  value       = aws_sqs_queue.s3_events.url
}

output "s3_events_queue_arn" {
  description = "ARN of the s3-events queue (the resource of the KEDA role's sqs:GetQueueAttributes)."
  value       = aws_sqs_queue.s3_events.arn
}

output "s3_events_dlq_url" {
  description = "URL of the s3-events dead-letter queue."
  value       = aws_sqs_queue.s3_events_dlq.url
}

output "audit_queue_url" {
  description = "URL of the audit queue."
  value       = aws_sqs_queue.audit.url
}

output "audit_queue_arn" {
  description = "ARN of the audit queue."
  value       = aws_sqs_queue.audit.arn
}

output "audit_dlq_url" {
  description = "URL of the audit dead-letter queue."
  value       = aws_sqs_queue.audit_dlq.url
}

output "audit_topic_arn" {
  description = "ARN of the SNS audit topic, or null when audit_destination = \"sqs\"."
  value       = local.sns_enabled ? aws_sns_topic.audit[0].arn : null
}
