# CloudWatch alarms. Actions (alarm and OK) go to var.alarm_sns_topic_arn when it is set.
#
# - a dead-letter queue that is not empty means an input or an audit event was given up on
#   after max_receive_count attempts: someone must look (and redrive);
# - an old message on s3-events means the pipeline is stalled or cannot keep up;
# - 5xx errors of the raw and processed buckets come from S3 request metrics
#   (aws_s3_bucket_metric "EntireBucket" in s3.tf), which S3 publishes only when configured.

resource "aws_cloudwatch_metric_alarm" "s3_events_dlq_not_empty" {
  alarm_name          = "${local.prefix}-s3-events-dlq-not-empty"
  alarm_description   = "S3 events were moved to the dead-letter queue after ${var.max_receive_count} failed receives. Inspect ${aws_sqs_queue.s3_events_dlq.name} and redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.s3_events_dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "audit_dlq_not_empty" {
  alarm_name          = "${local.prefix}-audit-dlq-not-empty"
  alarm_description   = "Audit events were moved to the dead-letter queue after ${var.max_receive_count} failed receives. Inspect ${aws_sqs_queue.audit_dlq.name} and redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.audit_dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "s3_events_oldest_message_age" {
  alarm_name          = "${local.prefix}-s3-events-oldest-message-age"
  alarm_description   = "The oldest S3 event waiting on ${aws_sqs_queue.s3_events.name} is older than ${var.events_oldest_message_age_alarm_seconds}s: the pipeline is stalled or under-scaled."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.s3_events.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.events_oldest_message_age_alarm_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "audit_oldest_message_age" {
  alarm_name          = "${local.prefix}-audit-oldest-message-age"
  alarm_description   = "The oldest audit event waiting on ${aws_sqs_queue.audit.name} is older than ${var.audit_oldest_message_age_alarm_seconds}s: nobody consumes audit events."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.audit.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.audit_oldest_message_age_alarm_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "bucket_5xx_errors" {
  for_each = {
    raw       = aws_s3_bucket_metric.raw
    processed = aws_s3_bucket_metric.processed
  }

  alarm_name          = "${local.prefix}-s3-${each.key}-5xx-errors"
  alarm_description   = "The ${each.key} bucket returned more than ${var.s3_5xx_errors_alarm_threshold} server errors (5xx) in 5 minutes."
  namespace           = "AWS/S3"
  metric_name         = "5xxErrors"
  dimensions          = { BucketName = each.value.bucket, FilterId = each.value.name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.s3_5xx_errors_alarm_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = local.tags
}
