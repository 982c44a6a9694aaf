package org.mip.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.infra.Hcl.HclParseException;
import org.mip.infra.Hcl.JsonEncoded;
import org.mip.infra.Hcl.Ref;
import org.mip.infra.TfModule.Block;

/** Every Terraform file parses; the parser front end reports broken files by name. */
class TerraformFilesTest {

    @Test
    void everyTerraformFileParses() throws Exception {
        List<Path> files = new ArrayList<>(TfModule.tfFiles(Terraform.ROOT));
        try (Stream<Path> examples = Files.walk(Terraform.ROOT)) {
            examples.filter(p -> p.getFileName().toString().endsWith(".tfvars.example")).forEach(files::add);
        }
        assertTrue(files.size() >= 14, "expected the module and two environments, found " + files);
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            try {
                Map<String, Object> root = Hcl.parse(file);
                if (root.isEmpty()) {
                    failures.add(file + ": parsed to nothing");
                }
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), () -> "unparseable Terraform:\n  " + String.join("\n  ", failures));
    }

    /**
     * Attributes the AWS provider (~> 6) deprecates: {@code data.aws_region.X.name} (use
     * {@code .region}). A deprecation warning on every plan hides the warnings that matter.
     */
    @Test
    void noDeprecatedProviderAttributes() throws Exception {
        java.util.regex.Pattern deprecated = java.util.regex.Pattern.compile("data\\.aws_region\\.[A-Za-z0-9_-]+\\.name\\b");
        List<String> found = new ArrayList<>();
        for (Path file : TfModule.tfFiles(Terraform.ROOT)) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (deprecated.matcher(lines.get(i)).find()) {
                    found.add(Terraform.ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(found.isEmpty(), () -> "deprecated data.aws_region name (use .region):\n  " + String.join("\n  ", found));
    }

    @Test
    void layoutIsOneModuleAndTwoEnvironments() {
        Map<Path, TfModule> modules = TfModule.loadTree(Terraform.ROOT);
        assertEquals(Set.of(Terraform.MODULE, Terraform.DEV, Terraform.PROD), modules.keySet());
        assertTrue(Files.isRegularFile(Terraform.ROOT.resolve("README.md")), "terraform/README.md");
        for (Path env : List.of(Terraform.DEV, Terraform.PROD)) {
            assertTrue(Files.isRegularFile(env.resolve("terraform.tfvars.example")), env + "/terraform.tfvars.example");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n",                        // unclosed block
        "resource \"aws_s3_bucket\" \"b\" \n  bucket = \"x\"\n}\n",                       // '}' without '{'
        "resource \"aws_s3_bucket\" \"b\" {\n  tags = [\"a\", \"b\"\n}\n",                 // '[' closed by '}'
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n",                           // '=' without a value
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"unterminated\n}\n",             // unterminated string
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"${var.x\"\n}\n",                // unclosed interpolation
        "resource \"aws_iam_policy\" \"p\" {\n  policy = <<EOT\n{}\n}\n",                 // heredoc never closed
        "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({ a = 1 }\n}\n",       // unclosed call
    })
    void aBrokenFileFailsWithItsName(String hcl) {
        HclParseException e = assertThrows(HclParseException.class, () -> Hcl.parse("environments/dev/broken.tf", hcl));
        assertTrue(e.getMessage().startsWith("environments/dev/broken.tf"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*broken\\.tf:\\d+: .*"), "names the line: " + e.getMessage());
    }

    @Test
    void aValidFileWithTrickyTextParses() {
        String hcl = """
                # a comment with an unbalanced { brace
                /* a block comment with ] and ( */
                locals {
                  literal  = "braces { and } and [ in a string, and an escaped $${x}"
                  template = "${var.a}-${jsonencode({ k = "v" })}"
                  compare  = var.a == "x" ? 1 : 0
                  forexpr  = { for k, v in var.m : k => v }
                }
                resource "aws_iam_policy" "p" {
                  policy = <<-EOT
                    {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{odd"}]}
                  EOT
                }
                """;
        Map<String, Object> root = Hcl.parse("tricky.tf", hcl);
        assertTrue(root.containsKey("locals") && root.containsKey("resource"), root.toString());
    }

    /** What hcl4j gives for the constructs the checks rely on (see {@link Hcl}). */
    @Test
    void hcl4jRepresentation() {
        TfModule m = TfModule.of("""
                resource "aws_sqs_queue" "q" {
                  redrive_policy = jsonencode({
                    deadLetterTargetArn = aws_sqs_queue.dlq.arn
                    maxReceiveCount     = 5
                  })
                }
                resource "aws_cloudwatch_metric_alarm" "a" {
                  for_each   = { one = aws_sqs_queue.q, two = aws_sqs_queue.dlq }
                  alarm_name = "${each.key}-alarm"
                  dimensions = { QueueName = each.value.name }
                  alarm_actions = [aws_sns_topic.t[0].arn, aws_sns_topic.m["k"].arn]
                }
                data "aws_iam_policy_document" "d" {
                  statement {
                    actions   = ["s3:GetObject"]
                    resources = ["${aws_s3_bucket.b.arn}/*"]
                  }
                  dynamic "statement" {
                    for_each = var.enabled ? [1] : []
                    content {
                      actions   = ["sns:Publish"]
                      resources = [aws_sns_topic.t[0].arn]
                    }
                  }
                }
                """);
        Block queue = m.resource("aws_sqs_queue", "q").orElseThrow();
        JsonEncoded redrive = assertInstanceOf(JsonEncoded.class, queue.get("redrive_policy"));
        assertEquals(Map.of("deadLetterTargetArn", new Ref("aws_sqs_queue.dlq.arn"), "maxReceiveCount", 5.0),
                redrive.value());

        Block alarm = m.resource("aws_cloudwatch_metric_alarm", "a").orElseThrow();
        assertEquals(List.of(new Ref("aws_sns_topic.t[0].arn"), new Ref("aws_sns_topic.m[\"k\"].arn")),
                alarm.get("alarm_actions"));
        List<Map<String, Object>> instances = TfModule.instances(alarm);
        assertEquals(2, instances.size());
        assertEquals("one-alarm", instances.get(0).get("alarm_name"));
        assertEquals(Map.of("QueueName", new Ref("aws_sqs_queue.dlq.name")), instances.get(1).get("dimensions"));

        List<Policies.Statement> statements = Policies.fromDocument(m.data("aws_iam_policy_document", "d").orElseThrow());
        assertEquals(2, statements.size(), "static and dynamic statement");
        assertEquals(List.of("aws_s3_bucket.b.arn/*"), statements.get(0).resources());
        assertEquals(List.of(new Ref("aws_sns_topic.t[0].arn")), statements.get(1).resources());
        assertFalse(statements.get(1).actions().isEmpty());
    }
}
