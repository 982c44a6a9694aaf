# syntax=docker/dockerfile:1
#
# The production image of medical-imaging-pipeline: the application jar (with its routes as
# classpath:routes/*.yaml and the built-in de-identification profiles) and its runtime libraries
# WITHOUT the local-mode servers (S3Proxy, ElasticMQ, MINA SSHD). Build the artifacts first:
#
#   mvn -B -Pimage -DskipTests package        # target/medical-imaging-pipeline.jar + target/lib-prod/
#   docker build --build-arg VERSION=0.1.0 -t registry.example.com/mip/medical-imaging-pipeline:0.1.0 .
#
# Without a Docker daemon, the same image comes from Jib: mvn -B -Pimage -DskipTests package jib:build
# (pom.xml, profile "image"). docs/DEPLOYMENT.md, "Building the image".
#
# Runtime contract (the Kubernetes manifests in k8s/ follow it):
#   - runs as the fixed non-root UID/GID 65532 (distroless "nonroot"); needs no write access to
#     the image: the root filesystem can be read-only;
#   - writable: /tmp (JVM, java.io.tmpdir) and /var/lib/mip (mip.data-dir in aws mode; objects
#     being processed are staged in /var/lib/mip/work), both as emptyDir volumes;
#   - configuration from MIP_* environment variables (docs/CONFIGURATION.md), the
#     de-identification key from a mounted file named by MIP_DEID_KEY_FILE;
#   - ports 8080 (REST API) and 9876 (management: /observe/health/live, /observe/health/ready,
#     /observe/metrics).

# The same default as the Jib configuration (pom.xml property mip.image.base); pin a digest in
# production (BASE_IMAGE=gcr.io/distroless/java17-debian12:nonroot@sha256:...).
ARG BASE_IMAGE=gcr.io/distroless/java17-debian12:nonroot
FROM ${BASE_IMAGE}

# The OCI labels Jib writes too; VERSION is the tag being built (the same value as the tag).
ARG VERSION=dev
LABEL org.opencontainers.image.title="medical-imaging-pipeline" \
      org.opencontainers.image.version="${VERSION}"

WORKDIR /app

# Owned by root and not writable by the application user: the code cannot be changed at run time.
COPY --chown=0:0 target/lib-prod/ /app/lib/
COPY --chown=0:0 target/medical-imaging-pipeline.jar /app/medical-imaging-pipeline.jar

USER 65532:65532

# Defaults only; Kubernetes sets JAVA_TOOL_OPTIONS itself (k8s/, sized to the container's memory limit).
ENV MIP_MODE=aws \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"

EXPOSE 8080 9876

ENTRYPOINT ["java", "-cp", "/app/medical-imaging-pipeline.jar:/app/lib/*", "org.mip.cli.Main"]
CMD ["run"]
