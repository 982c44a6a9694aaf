# Inputs of the pipeline module. Every variable carries a description; numbers and
# strings carry validations so that a bad value fails at `terraform plan`, not in AWS.

# --- naming ------------------------------------------------------------------

variable "name" {
  description = "Short name of the deployment, first part of every resource name (lowercase letters, digits, hyphens; 2-12 chars)."
  type        = string
  default     = "mip"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.name))
    error_message = "name must be 2-12 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (e.g. dev, prod), second part of every resource name (lowercase letters and digits; 2-8 chars)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,7}$", var.environment))
    error_message = "environment must be 2-8 lowercase letters or digits, starting with a letter."
  }
}

variable "tags" {
  description = "Tags added to every resource that supports tags."
  type        = map(string)
  default     = {}
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete non-empty buckets. Keep false wherever real (PHI) data may exist."
  type        = bool
  default     = false
}

# --- KMS -------------------------------------------------------------------

variable "kms_deletion_window_days" {
  description = "Waiting period (7-30 days) before a scheduled deletion of the customer-managed KMS key takes effect."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30."
  }
}

variable "kms_key_administrator_arns" {
  description = "IAM principal ARNs allowed to administer (not use) the KMS key. Empty: the account root, i.e. IAM policies of this account decide who administers it."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.kms_key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "kms_key_administrator_arns must be IAM ARNs (arn:aws:iam::<account>:role/..., user/... or root)."
  }
}

# --- S3 access ---------------------------------------------------------------

variable "raw_uploader_principal_arns" {
  description = "IAM principals (roles/users/accounts, also in other accounts) that upload raw DICOM objects. They get s3:PutObject on the raw bucket and use of the KMS key through S3 for that bucket only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.raw_uploader_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "raw_uploader_principal_arns must be IAM ARNs."
  }
}

variable "quarantine_reader_principal_arns" {
  description = "IAM principals of this account (operators, reviewers) that read quarantined objects: `mip review s3://<quarantine>/<key>`, `aws s3 cp` for a re-queue (docs/OPERATIONS.md). They get kms:Decrypt through S3 for the quarantine bucket only; s3:GetObject on it comes from their own IAM policy. Empty: nobody but the pipeline can decrypt quarantined objects."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.quarantine_reader_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "quarantine_reader_principal_arns must be IAM ARNs."
  }
}

# --- S3 lifecycle --------------------------------------------------------------

variable "raw_expiration_days" {
  description = "Days after which objects still in the raw bucket expire (normally the pipeline deletes them right after processing)."
  type        = number
  default     = 7

  validation {
    condition     = var.raw_expiration_days >= 1 && var.raw_expiration_days <= 365 && floor(var.raw_expiration_days) == var.raw_expiration_days
    error_message = "raw_expiration_days must be a whole number between 1 and 365."
  }
}

variable "raw_noncurrent_version_expiration_days" {
  description = "Days a noncurrent (deleted or overwritten) version stays in the raw bucket. Raw objects carry PHI: keep this short."
  type        = number
  default     = 1

  validation {
    condition     = var.raw_noncurrent_version_expiration_days >= 1 && var.raw_noncurrent_version_expiration_days <= 90 && floor(var.raw_noncurrent_version_expiration_days) == var.raw_noncurrent_version_expiration_days
    error_message = "raw_noncurrent_version_expiration_days must be a whole number between 1 and 90."
  }
}

variable "quarantine_expiration_days" {
  description = "Days after which quarantined objects (and their .reason.json) expire."
  type        = number
  default     = 90

  validation {
    condition     = var.quarantine_expiration_days >= 1 && var.quarantine_expiration_days <= 3650 && floor(var.quarantine_expiration_days) == var.quarantine_expiration_days
    error_message = "quarantine_expiration_days must be a whole number between 1 and 3650."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days a noncurrent object version stays in the processed, quarantine and access-log buckets before it is permanently deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number between 1 and 3650."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted and their parts deleted (all buckets)."
  type        = number
  default     = 3

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && var.abort_incomplete_multipart_upload_days <= 30 && floor(var.abort_incomplete_multipart_upload_days) == var.abort_incomplete_multipart_upload_days
    error_message = "abort_incomplete_multipart_upload_days must be a whole number between 1 and 30."
  }
}

variable "access_log_expiration_days" {
  description = "Days S3 server access log objects are kept."
  type        = number
  default     = 365

  validation {
    condition     = var.access_log_expiration_days >= 1 && var.access_log_expiration_days <= 3650 && floor(var.access_log_expiration_days) == var.access_log_expiration_days
    error_message = "access_log_expiration_days must be a whole number between 1 and 3650."
  }
}

# --- SQS -------------------------------------------------------------------

variable "max_receive_count" {
  description = "Receives of one message before SQS moves it to the queue's dead-letter queue (s3-events and audit)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "events_visibility_timeout_seconds" {
  description = "Visibility timeout of the s3-events queue: longer than the processing of one object (download, de-identify, upload, audit, delete) of the largest expected size. Replicas may extend it with ChangeMessageVisibility."
  type        = number
  default     = 900

  validation {
    condition     = var.events_visibility_timeout_seconds >= 30 && var.events_visibility_timeout_seconds <= 43200
    error_message = "events_visibility_timeout_seconds must be between 30 and 43200 (12 hours, the SQS maximum)."
  }
}

variable "events_message_retention_seconds" {
  description = "How long an unprocessed S3 event stays in the s3-events queue (its DLQ keeps messages 14 days)."
  type        = number
  default     = 345600

  validation {
    condition     = var.events_message_retention_seconds >= 3600 && var.events_message_retention_seconds <= 1209600
    error_message = "events_message_retention_seconds must be between 3600 (1 hour) and 1209600 (14 days)."
  }
}

variable "audit_visibility_timeout_seconds" {
  description = "Visibility timeout of the audit queue, sized for whatever consumes audit events (SIEM forwarder, archiver)."
  type        = number
  default     = 60

  validation {
    condition     = var.audit_visibility_timeout_seconds >= 0 && var.audit_visibility_timeout_seconds <= 43200
    error_message = "audit_visibility_timeout_seconds must be between 0 and 43200."
  }
}

# --- audit -------------------------------------------------------------------

variable "audit_destination" {
  description = "Where the application sends audit events: \"sqs\" (straight to the audit queue) or \"sns\" (to an audit topic that fans out to the audit queue and any other subscriber)."
  type        = string
  default     = "sqs"

  validation {
    condition     = contains(["sqs", "sns"], var.audit_destination)
    error_message = "audit_destination must be \"sqs\" or \"sns\"."
  }
}

# --- raw objects after processing -------------------------------------------

variable "raw_after" {
  description = "What the application does with a raw object once its outcome is durable (its setting mip.raw.after, output in app_environment): \"delete\", or \"archive\" (copied under raw_archive_prefix in the raw bucket, then deleted; the pipeline role then may put objects under that prefix only)."
  type        = string
  default     = "delete"

  validation {
    condition     = contains(["delete", "archive"], var.raw_after)
    error_message = "raw_after must be \"delete\" or \"archive\"."
  }
}

variable "raw_archive_prefix" {
  description = "Key prefix of archived raw objects in the raw bucket (mip.raw.archive-prefix), with raw_after = \"archive\". Archived objects expire with the raw bucket's lifecycle (raw_expiration_days)."
  type        = string
  default     = "archive/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", var.raw_archive_prefix))
    error_message = "raw_archive_prefix must be one or more path segments ending with /, e.g. \"archive/\"."
  }
}

# --- SFTP ingest ----------------------------------------------------------------

variable "sftp_ingest_enabled" {
  description = "Whether the application takes files from an SFTP server into the raw bucket (its setting mip.ingest.sftp.enabled, output in app_environment). true: the pipeline role may put objects under sftp/ of the raw bucket (the key prefix of routes/ingest-sftp.yaml), and nowhere else in it."
  type        = bool
  default     = false
}

# --- Kubernetes service account (IRSA) --------------------------------------

variable "oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider (arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be an IAM OIDC provider ARN."
  }
}

variable "oidc_provider_url" {
  description = "Issuer URL of the EKS cluster's OIDC provider (with or without https://), e.g. https://oidc.eks.eu-central-1.amazonaws.com/id/EXAMPLE."
  type        = string

  validation {
    condition     = can(regex("^(https://)?[a-z0-9.-]+(/[A-Za-z0-9._-]+)*$", var.oidc_provider_url))
    error_message = "oidc_provider_url must be an issuer host and path, optionally prefixed with https://."
  }
}

variable "k8s_namespace" {
  description = "Kubernetes namespace of the pipeline's service account."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.k8s_namespace))
    error_message = "k8s_namespace must be a DNS-1123 label."
  }
}

variable "k8s_service_account" {
  description = "Name of the Kubernetes service account the pipeline pods run as (annotated with the role ARN)."
  type        = string
  default     = "medical-imaging-pipeline"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.k8s_service_account))
    error_message = "k8s_service_account must be a DNS-1123 subdomain."
  }
}

# --- KEDA (autoscaling on the s3-events queue) -------------------------------

variable "keda_namespace" {
  description = "Namespace of the KEDA operator. The KEDA role trusts the web identity token of <keda_namespace>/<keda_service_account> (the operator must run with IRSA)."
  type        = string
  default     = "keda"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.keda_namespace))
    error_message = "keda_namespace must be a DNS-1123 label."
  }
}

variable "keda_service_account" {
  description = "Service account of the KEDA operator (the Helm chart's default is keda-operator)."
  type        = string
  default     = "keda-operator"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.keda_service_account))
    error_message = "keda_service_account must be a DNS-1123 subdomain."
  }
}

variable "keda_operator_role_arn" {
  description = "Optional IAM role of the KEDA operator, for operators without an IRSA web identity token (e.g. on EKS Pod Identity): the KEDA role then also trusts this exact role for sts:AssumeRole, KEDA's fallback, and that role needs sts:AssumeRole on keda_role_arn. null: web identity only."
  type        = string
  default     = null

  validation {
    condition     = var.keda_operator_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", var.keda_operator_role_arn))
    error_message = "keda_operator_role_arn must be null or an IAM role ARN (arn:aws:iam::<account>:role/<name>), not an account or a wildcard."
  }
}

# --- alarms --------------------------------------------------------------------

variable "alarm_sns_topic_arn" {
  description = "SNS topic that receives alarm and OK notifications (e.g. the on-call topic). null: alarms are created without actions."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:.+$", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be null or an SNS topic ARN."
  }
}

variable "events_oldest_message_age_alarm_seconds" {
  description = "Alarm when the oldest message on the s3-events queue is older than this (the pipeline is stalled or too slow)."
  type        = number
  default     = 1800

  validation {
    condition     = var.events_oldest_message_age_alarm_seconds >= 60
    error_message = "events_oldest_message_age_alarm_seconds must be at least 60."
  }
}

variable "audit_oldest_message_age_alarm_seconds" {
  description = "Alarm when the oldest message on the audit queue is older than this (nobody is consuming audit events)."
  type        = number
  default     = 3600

  validation {
    condition     = var.audit_oldest_message_age_alarm_seconds >= 60
    error_message = "audit_oldest_message_age_alarm_seconds must be at least 60."
  }
}

variable "s3_5xx_errors_alarm_threshold" {
  description = "Alarm when a data bucket (raw, processed) returns more 5xx errors than this within 5 minutes (S3 request metrics)."
  type        = number
  default     = 5

  validation {
    condition     = var.s3_5xx_errors_alarm_threshold >= 0
    error_message = "s3_5xx_errors_alarm_threshold must not be negative."
  }
}
