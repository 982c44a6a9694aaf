# Optional SNS audit topic (audit_destination = "sns"): the application publishes audit
# events to the topic, which fans them out to the audit queue (and to whatever else
# subscribes later, e.g. a SIEM). Encrypted with the pipeline's CMK.

resource "aws_sns_topic" "audit" {
  count = local.sns_enabled ? 1 : 0

  name              = local.audit_topic_name
  kms_master_key_id = aws_kms_key.this.arn
  tags              = local.tags
}

# Replaces the default topic policy (which lets every principal of the account manage the
# topic); same-account access is then granted by IAM only (the pipeline role's sns:Publish).
resource "aws_sns_topic_policy" "audit" {
  count = local.sns_enabled ? 1 : 0

  arn = aws_sns_topic.audit[0].arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.audit[0].arn
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "audit_to_sqs" {
  count = local.sns_enabled ? 1 : 0

  topic_arn            = aws_sns_topic.audit[0].arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.audit.arn
  raw_message_delivery = true # consumers read the audit JSON as sent, not wrapped in an SNS envelope

  depends_on = [aws_sqs_queue_policy.audit]
}

# Only the audit topic may send to the audit queue.
resource "aws_sqs_queue_policy" "audit" {
  count = local.sns_enabled ? 1 : 0

  queue_url = aws_sqs_queue.audit.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowAuditTopicFanOut"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.audit.arn
        Condition = {
          ArnEquals    = { "aws:SourceArn" = aws_sns_topic.audit[0].arn }
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        }
      },
    ]
  })
}
