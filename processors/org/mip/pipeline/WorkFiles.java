package org.mip.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Temporary files of one exchange, in the work directory, deleted when the exchange completes
 * whatever its outcome. The work directory is where the raw bytes touch local disk: operators
 * put it on an encrypted volume (docs/OPERATIONS.md).
 */
public final class WorkFiles {
    private final Path dir;

    public WorkFiles(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path create(Exchange exchange, String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(dir, prefix, suffix);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange ex) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temp file is swept at the next start (see PipelineApplication)
                }
            }
        });
        return file;
    }
}
