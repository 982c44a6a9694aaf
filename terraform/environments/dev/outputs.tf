output "app_environment" {
  description = "MIP_* environment variables for the dev pipeline (ConfigMap data)."
  value       = module.pipeline.app_environment
}

output "service_account_role_arn" {
  description = "Role ARN for the eks.amazonaws.com/role-arn annotation of the pipeline's ServiceAccount."
  value       = module.pipeline.service_account_role_arn
}

output "keda_role_arn" {
  description = "Role ARN KEDA reads the s3-events queue depth with (podIdentity.roleArn of the TriggerAuthentication)."
  value       = module.pipeline.keda_role_arn
}

output "service_account_annotations" {
  description = "Annotations for the pipeline's ServiceAccount."
  value       = module.pipeline.service_account_annotations
}

output "kms_key_arn" {
  description = "Customer-managed KMS key ARN (uploaders that send SSE headers must name it)."
  value       = module.pipeline.kms_key_arn
}

output "raw_bucket_name" {
  description = "Where hospitals upload raw DICOM objects."
  value       = module.pipeline.raw_bucket_name
}

output "s3_events_queue_arn" {
  description = "ARN of the s3-events queue (the KEDA role's only resource)."
  value       = module.pipeline.s3_events_queue_arn
}

output "s3_events_dlq_url" {
  description = "Dead-letter queue of the s3-events queue (inspect and redrive)."
  value       = module.pipeline.s3_events_dlq_url
}

output "audit_dlq_url" {
  description = "Dead-letter queue of the audit queue."
  value       = module.pipeline.audit_dlq_url
}
