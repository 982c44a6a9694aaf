variable "aws_region" {
  description = "AWS region of the dev stack (same region as the EKS cluster)."
  type        = string
  default     = "eu-central-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-central-1."
  }
}

variable "name" {
  description = "Short deployment name, first part of every resource name."
  type        = string
  default     = "mip"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.name))
    error_message = "name must be 2-12 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags for every resource (cost centre, data classification, owner)."
  type        = map(string)
  default     = {}
}

variable "oidc_provider_arn" {
  description = "ARN of the dev EKS cluster's IAM OIDC provider."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be an IAM OIDC provider ARN."
  }
}

variable "oidc_provider_url" {
  description = "Issuer URL of the dev EKS cluster's OIDC provider (aws eks describe-cluster --query cluster.identity.oidc.issuer)."
  type        = string

  validation {
    condition     = can(regex("^(https://)?[a-z0-9.-]+(/[A-Za-z0-9._-]+)*$", var.oidc_provider_url))
    error_message = "oidc_provider_url must be an issuer host and path, optionally prefixed with https://."
  }
}

variable "k8s_namespace" {
  description = "Namespace the pipeline runs in."
  type        = string
  default     = "medical-imaging-pipeline"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.k8s_namespace))
    error_message = "k8s_namespace must be a DNS-1123 label."
  }
}

variable "k8s_service_account" {
  description = "Service account the pipeline pods run as."
  type        = string
  default     = "medical-imaging-pipeline"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.k8s_service_account))
    error_message = "k8s_service_account must be a DNS-1123 subdomain."
  }
}

variable "keda_namespace" {
  description = "Namespace of the KEDA operator of the dev cluster (its service account's web identity is trusted by the KEDA role)."
  type        = string
  default     = "keda"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.keda_namespace))
    error_message = "keda_namespace must be a DNS-1123 label."
  }
}

variable "keda_service_account" {
  description = "Service account of the KEDA operator."
  type        = string
  default     = "keda-operator"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.keda_service_account))
    error_message = "keda_service_account must be a DNS-1123 subdomain."
  }
}

variable "keda_operator_role_arn" {
  description = "IAM role of the KEDA operator, only if it has no IRSA web identity token (e.g. EKS Pod Identity): the KEDA role then also trusts it for sts:AssumeRole. null: web identity only."
  type        = string
  default     = null

  validation {
    condition     = var.keda_operator_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", var.keda_operator_role_arn))
    error_message = "keda_operator_role_arn must be null or an IAM role ARN."
  }
}

variable "audit_destination" {
  description = "\"sqs\": audit events go straight to the audit queue; \"sns\": to an audit topic that fans out to the queue."
  type        = string
  default     = "sqs"

  validation {
    condition     = contains(["sqs", "sns"], var.audit_destination)
    error_message = "audit_destination must be \"sqs\" or \"sns\"."
  }
}

variable "raw_after" {
  description = "\"delete\" (default) or \"archive\": what the pipeline does with a raw object once processed (mip.raw.after); archiving lets the role put objects under archive/ in the raw bucket."
  type        = string
  default     = "delete"

  validation {
    condition     = contains(["delete", "archive"], var.raw_after)
    error_message = "raw_after must be \"delete\" or \"archive\"."
  }
}

variable "sftp_ingest_enabled" {
  description = "Whether the pipeline takes files from an SFTP server into the raw bucket (mip.ingest.sftp.enabled); true lets the role put objects under sftp/ in the raw bucket."
  type        = bool
  default     = false
}

variable "alarm_sns_topic_arn" {
  description = "SNS topic for alarm notifications (on-call). null: alarms without actions."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_sns_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:.+$", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be null or an SNS topic ARN."
  }
}

variable "kms_key_administrator_arns" {
  description = "IAM principals that administer the KMS key; must include the principal running Terraform. Empty: the account root (IAM decides)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.kms_key_administrator_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "kms_key_administrator_arns must be IAM ARNs."
  }
}

variable "quarantine_reader_principal_arns" {
  description = "IAM principals of this account that read quarantined objects (mip review, re-queue); they get kms:Decrypt through S3 for the quarantine bucket."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.quarantine_reader_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "quarantine_reader_principal_arns must be IAM ARNs."
  }
}

variable "raw_uploader_principal_arns" {
  description = "IAM principals (also of hospital accounts) allowed to upload raw DICOM objects."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.raw_uploader_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:", arn))])
    error_message = "raw_uploader_principal_arns must be IAM ARNs."
  }
}
