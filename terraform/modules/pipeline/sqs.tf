# SQS: the s3-events queue (S3 ObjectCreated notifications of the raw bucket, on which the
# replicas compete) and the audit queue, each with a dead-letter queue.
#
# All four queues are encrypted with the pipeline's CMK. The S3 service (notifications) and,
# with audit_destination = "sns", the SNS service (fan-out) must use that key to write into
# the queues: the KMS key policy (kms.tf) grants them exactly that, for this raw bucket and
# this topic only.

# --- s3-events -----------------------------------------------------------------

resource "aws_sqs_queue" "s3_events_dlq" {
  name                              = "${var.name}-${var.environment}-s3-events-dlq"
  message_retention_seconds         = 1209600 # 14 days, the maximum: time to inspect and redrive
  kms_master_key_id                 = aws_kms_key.this.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags
}

resource "aws_sqs_queue" "s3_events" {
  name = "${var.name}-${var.environment}-s3-events"

  # Longer than the processing of one object; a replica that needs longer extends it
  # with ChangeMessageVisibility, one that crashes lets the message come back.
  visibility_timeout_seconds        = var.events_visibility_timeout_seconds
  message_retention_seconds         = var.events_message_retention_seconds
  receive_wait_time_seconds         = 20 # long polling
  kms_master_key_id                 = aws_kms_key.this.arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.s3_events_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = local.tags
}

resource "aws_sqs_queue_redrive_allow_policy" "s3_events_dlq" {
  queue_url = aws_sqs_queue.s3_events_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.s3_events.arn]
  })
}

# Only the raw bucket of this account may send to the s3-events queue.
resource "aws_sqs_queue_policy" "s3_events" {
  queue_url = aws_sqs_queue.s3_events.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowRawBucketNotifications"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.s3_events.arn
        Condition = {
          ArnEquals    = { "aws:SourceArn" = aws_s3_bucket.raw.arn }
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        }
      },
    ]
  })
}

# ObjectCreated covers Put, Post, Copy and CompleteMultipartUpload.
resource "aws_s3_bucket_notification" "raw" {
  bucket = aws_s3_bucket.raw.id

  queue {
    id        = "raw-object-created"
    queue_arn = aws_sqs_queue.s3_events.arn
    events    = ["s3:ObjectCreated:*"]
  }

  # S3 sends a test event when the configuration is saved: the queue policy and the key
  # policy must already let it in.
  depends_on = [aws_sqs_queue_policy.s3_events, aws_kms_key.this]
}

# --- audit -------------------------------------------------------------------

resource "aws_sqs_queue" "audit_dlq" {
  name                              = "${var.name}-${var.environment}-audit-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.this.arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = local.tags
}

resource "aws_sqs_queue" "audit" {
  name                              = "${var.name}-${var.environment}-audit"
  visibility_timeout_seconds        = var.audit_visibility_timeout_seconds
  message_retention_seconds         = 1209600 # audit events must outlive a consumer outage
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = aws_kms_key.this.arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.audit_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = local.tags
}

resource "aws_sqs_queue_redrive_allow_policy" "audit_dlq" {
  queue_url = aws_sqs_queue.audit_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.audit.arn]
  })
}
