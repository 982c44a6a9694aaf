# IAM roles (IRSA): the pipeline's Kubernetes service account (aws_iam_role.app) and KEDA's
# queue-depth reader (aws_iam_role.keda).
#
# Pipeline role: least privilege, no wildcard actions, every resource an exact ARN (objects:
# "<bucket ARN>/*"). Every grant is a call the application makes, recorded while the tests run the
# pipeline and the REST API in AWS mode and evaluated against this policy
# (src/test/java/org/mip/infra/IamCoverageTest; docs/DEPLOYMENT.md lists the calls):
# - raw bucket: ListBucket (HeadBucket of the readiness check and of Camel's S3 endpoints,
#   ListObjectsV2 of the poller), GetObject (the fetch, the source of the quarantine copy of an
#   object too large to read, the poller's probe; HeadObject of that copy), DeleteObject (letting
#   go of a raw object).
#   With raw_after = "archive", PutObject under raw_archive_prefix only (the archive copy; above
#   5 GiB a multipart copy, UploadPartCopy).
#   With sftp_ingest_enabled, PutObject under sftp/ only (routes/ingest-sftp.yaml moves each
#   SFTP upload there, one PutObject per file, multipart above mip.s3.part-size-mb).
#   No s3:GetObjectVersion: the pipeline reads the current version of the key it was notified
#   about (or found by polling); noncurrent raw versions hold PHI until the lifecycle rule removes
#   them and no pipeline path needs them. No s3:DeleteObjectVersion either: the pipeline's delete
#   leaves a delete marker, the lifecycle rule removes the data later, so a compromised pod cannot
#   destroy the only copy of an input.
# - processed: ListBucket (HeadBucket; the REST API's study listing and the lookup of a link batch's
#   keys, ListObjectsV2; no s3:prefix condition: HeadBucket and a "*" caller's study scan list
#   without a prefix), PutObject
#   (objects and sidecars, multipart for large ones), GetObject (HeadObject of the REST API, and the
#   presigned GET links, which S3 authorises as this role), DeleteObject (the unpublish compensation
#   of publish.yaml: an object whose audit event could not be sent is taken back).
# - quarantine: ListBucket (HeadBucket), PutObject (objects, reasons, the CopyObject and
#   UploadPartCopy target).
# - s3:AbortMultipartUpload wherever the pipeline writes in parts (processed, quarantine, and the
#   raw bucket's archive and sftp/ prefixes): Camel's S3 producer and the multipart copy
#   (org.mip.pipeline.S3ObjectCopy) abort an upload that failed (the lifecycle rule is the backstop).
# - KMS on the CMK: GenerateDataKey (writing SSE-KMS objects, sending to the encrypted queue,
#   publishing to the encrypted topic), Decrypt (reading objects, multipart uploads, receiving and
#   sending messages). No Encrypt, no DescribeKey: nothing calls them. The key policy (kms.tf) is
#   what grants them (it names this role) and limits them to S3, SQS and SNS (kms:ViaService).
# - SQS: consume the s3-events queue; send to the audit queue only with audit_destination = "sqs".
#   GetQueueUrl: the aws2-sqs endpoints are given the queue's owner account
#   (mip.sqs.queue-owner-account-id) and resolve the queue name with GetQueueUrl (without it
#   Camel would call ListQueues); the readiness check resolves them the same way. No
#   GetQueueAttributes: nothing in the pipeline reads them (KEDA does, with its own role).
#   SNS Publish on the audit topic only with audit_destination = "sns".
# - Trusted by the pipeline's service account only. KEDA does not use this role: it would
#   give the autoscaler read and delete access to buckets full of PHI.
#
# KEDA role: sqs:GetQueueAttributes on the s3-events queue, nothing else. That is the only
# call KEDA's aws-sqs-queue scaler makes (it is given the queue URL, so no GetQueueUrl). No
# KMS permission: SSE-KMS protects message bodies, which only SendMessage (GenerateDataKey)
# and ReceiveMessage (Decrypt) touch; the queue's attributes are readable without the key,
# and the key policy (kms.tf) does not name this role. The TriggerAuthentication of the
# overlays names it (podIdentity.provider aws, roleArn = output keda_role_arn). KEDA (>= 2.13)
# obtains it in one of two ways (pkg/scalers/aws/aws_config_cache.go, keda.sh "AWS (IRSA) Pod
# Identity Webhook"):
# - first sts:AssumeRoleWithWebIdentity with the web identity token of its operator's own
#   service account (present when the operator runs with IRSA): trusted below for
#   system:serviceaccount:<keda_namespace>:<keda_service_account>, audience sts.amazonaws.com;
# - if that fails (no token, e.g. an operator on EKS Pod Identity), sts:AssumeRole with the
#   operator's own credentials: trusted only when keda_operator_role_arn names that role
#   (which then needs sts:AssumeRole on this role in its own permissions).

resource "aws_iam_role" "app" {
  name                 = "${var.name}-${var.environment}-pipeline"
  description          = "medical-imaging-pipeline ${var.environment}: service account ${var.k8s_namespace}/${var.k8s_service_account} (IRSA)"
  assume_role_policy   = data.aws_iam_policy_document.app_trust.json
  max_session_duration = 3600
  tags                 = local.tags
}

data "aws_iam_policy_document" "app_trust" {
  statement {
    sid     = "EksServiceAccount"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:sub"
      values   = ["system:serviceaccount:${var.k8s_namespace}:${var.k8s_service_account}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "pipeline-least-privilege"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}

data "aws_iam_policy_document" "app" {
  statement {
    sid       = "RawBucketList"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.raw.arn]
  }

  statement {
    sid    = "RawObjectsReadAndDelete"
    effect = "Allow"
    actions = [
      "s3:DeleteObject",
      "s3:GetObject",
    ]
    resources = ["${aws_s3_bucket.raw.arn}/*"]
  }

  # mip.raw.after = archive: the CopyObject of each raw object to <raw_archive_prefix><key> writes
  # into the raw bucket, under that prefix only.
  dynamic "statement" {
    for_each = local.archive_enabled ? ["archive"] : []
    content {
      sid       = "RawObjectsArchive"
      effect    = "Allow"
      actions   = ["s3:AbortMultipartUpload", "s3:PutObject"]
      resources = ["${aws_s3_bucket.raw.arn}/${var.raw_archive_prefix}*"]
    }
  }

  # mip.ingest.sftp.enabled: the ingest-sftp route puts each upload to sftp/<day>/<id>/<name> of
  # the raw bucket, under that prefix only. Without the grant the route fails with AccessDenied.
  dynamic "statement" {
    for_each = var.sftp_ingest_enabled ? ["sftp"] : []
    content {
      sid       = "RawObjectsSftpIngest"
      effect    = "Allow"
      actions   = ["s3:AbortMultipartUpload", "s3:PutObject"]
      resources = ["${aws_s3_bucket.raw.arn}/${local.sftp_ingest_prefix}*"]
    }
  }

  statement {
    sid       = "ProcessedBucketList"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.processed.arn]
  }

  statement {
    sid    = "ProcessedObjectsWriteReadAndUnpublish"
    effect = "Allow"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:PutObject",
    ]
    resources = ["${aws_s3_bucket.processed.arn}/*"]
  }

  statement {
    sid       = "QuarantineBucketList"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.quarantine.arn]
  }

  statement {
    sid    = "QuarantineObjectsWrite"
    effect = "Allow"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:PutObject",
    ]
    resources = ["${aws_s3_bucket.quarantine.arn}/*"]
  }

  statement {
    sid    = "PipelineKey"
    effect = "Allow"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = [aws_kms_key.this.arn]
  }

  statement {
    sid    = "ConsumeS3Events"
    effect = "Allow"
    actions = [
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueUrl",
      "sqs:ReceiveMessage",
    ]
    resources = [aws_sqs_queue.s3_events.arn]
  }

  dynamic "statement" {
    for_each = local.sns_enabled ? [] : ["sqs"]
    content {
      sid    = "SendAuditEventsToQueue"
      effect = "Allow"
      actions = [
        "sqs:GetQueueUrl",
        "sqs:SendMessage",
      ]
      resources = [aws_sqs_queue.audit.arn]
    }
  }

  dynamic "statement" {
    for_each = local.sns_enabled ? ["sns"] : []
    content {
      sid       = "PublishAuditEventsToTopic"
      effect    = "Allow"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.audit[0].arn]
    }
  }
}

# --- KEDA: reads the depth of the s3-events queue, nothing else ----------------------

resource "aws_iam_role" "keda" {
  name                 = "${var.name}-${var.environment}-keda"
  description          = "medical-imaging-pipeline ${var.environment}: KEDA (${var.keda_namespace}/${var.keda_service_account}) reads the depth of the s3-events queue"
  assume_role_policy   = data.aws_iam_policy_document.keda_trust.json
  max_session_duration = 3600
  tags                 = local.tags
}

data "aws_iam_policy_document" "keda_trust" {
  statement {
    sid     = "KedaOperatorWebIdentity"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:sub"
      values   = ["system:serviceaccount:${var.keda_namespace}:${var.keda_service_account}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }

  # KEDA's fallback (AssumeRole with the operator's own role), only when that role is named.
  dynamic "statement" {
    for_each = var.keda_operator_role_arn == null ? [] : ["operator-role"]
    content {
      sid     = "KedaOperatorRole"
      effect  = "Allow"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = [var.keda_operator_role_arn]
      }
    }
  }
}

resource "aws_iam_role_policy" "keda" {
  name   = "keda-read-s3-events-queue-depth"
  role   = aws_iam_role.keda.id
  policy = data.aws_iam_policy_document.keda.json
}

data "aws_iam_policy_document" "keda" {
  statement {
    sid       = "ReadS3EventsQueueDepth"
    effect    = "Allow"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.s3_events.arn]
  }
}
