# One customer-managed key (CMK) encrypts the data buckets, the queues and the audit topic.
#
# The key policy is the only place that grants use of the key: it does NOT contain the
# usual "Enable IAM User Permissions" statement (kms:* for the account root), so no IAM
# policy in the account can grant decryption of PHI on its own.
#
# Resource = "*" in a key policy means "this key" (a key policy is attached to exactly one
# key); AWS requires that form, and it is the only place this module uses "*" as a resource.

resource "aws_kms_key" "this" {
  description             = "medical-imaging-pipeline ${var.environment}: S3 data buckets, SQS queues, SNS audit topic"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.kms.json
  tags                    = local.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-${var.environment}-pipeline"
  target_key_id = aws_kms_key.this.key_id
}

data "aws_iam_policy_document" "kms" {
  # Administration only: no Encrypt/Decrypt/GenerateDataKey here. With the account root
  # as principal (the default), IAM policies of this account decide who may administer.
  statement {
    sid    = "KeyAdministration"
    effect = "Allow"
    principals {
      type        = "AWS"
      identifiers = local.kms_admin_principals
    }
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListKeyPolicies",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]
    resources = ["*"]
  }

  # The pipeline's service-account role, only through the services it uses.
  statement {
    sid    = "PipelineUseThroughServices"
    effect = "Allow"
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn]
    }
    # GenerateDataKey to write, Decrypt to read (and to complete multipart uploads, and to send
    # to an encrypted queue); the pipeline never calls Encrypt or DescribeKey.
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values = [
        "s3.${data.aws_region.current.region}.amazonaws.com",
        "sqs.${data.aws_region.current.region}.amazonaws.com",
        "sns.${data.aws_region.current.region}.amazonaws.com",
      ]
    }
  }

  # S3 event notifications are delivered to the KMS-encrypted s3-events queue by the S3
  # service itself: it needs a data key, and only for events of the raw bucket.
  statement {
    sid    = "S3EventNotificationsToEncryptedQueue"
    effect = "Allow"
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.raw_bucket_arn]
    }
  }

  # Senders of raw objects: SSE-KMS uploads need a data key (and Decrypt for multipart
  # uploads), only through S3 and only for the raw bucket (with an S3 Bucket Key the
  # encryption context is the bucket ARN).
  dynamic "statement" {
    for_each = length(var.raw_uploader_principal_arns) > 0 ? ["uploaders"] : []
    content {
      sid    = "RawUploadersEncryptThroughS3"
      effect = "Allow"
      principals {
        type        = "AWS"
        identifiers = var.raw_uploader_principal_arns
      }
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = ["*"]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${data.aws_region.current.region}.amazonaws.com"]
      }
      condition {
        test     = "StringLike"
        variable = "kms:EncryptionContext:aws:s3:arn"
        values   = [local.raw_bucket_arn, "${local.raw_bucket_arn}/*"]
      }
    }
  }

  # Readers of quarantined objects (operators reviewing why an input was set aside, or copying it
  # back for a re-queue): Decrypt only, only through S3 and only for the quarantine bucket. Their
  # s3:GetObject comes from their own IAM policies; without this statement nobody but the pipeline
  # could read a quarantined object, as this key policy delegates nothing to IAM.
  dynamic "statement" {
    for_each = length(var.quarantine_reader_principal_arns) > 0 ? ["quarantine-readers"] : []
    content {
      sid    = "QuarantineReadersDecryptThroughS3"
      effect = "Allow"
      principals {
        type        = "AWS"
        identifiers = var.quarantine_reader_principal_arns
      }
      actions   = ["kms:Decrypt"]
      resources = ["*"]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${data.aws_region.current.region}.amazonaws.com"]
      }
      condition {
        test     = "StringLike"
        variable = "kms:EncryptionContext:aws:s3:arn"
        values   = [local.quarantine_bucket_arn, "${local.quarantine_bucket_arn}/*"]
      }
    }
  }

  # With audit_destination = "sns", the SNS service delivers from the audit topic to the
  # KMS-encrypted audit queue.
  dynamic "statement" {
    for_each = local.sns_enabled ? ["sns"] : []
    content {
      sid    = "SnsAuditTopicToEncryptedQueue"
      effect = "Allow"
      principals {
        type        = "Service"
        identifiers = ["sns.amazonaws.com"]
      }
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = ["*"]
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }
      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [local.audit_topic_arn]
      }
    }
  }
}

locals {
  kms_admin_principals = length(var.kms_key_administrator_arns) > 0 ? var.kms_key_administrator_arns : ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
}
