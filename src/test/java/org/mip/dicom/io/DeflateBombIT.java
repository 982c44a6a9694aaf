package org.mip.dicom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.testing.Tools;

/**
 * The default {@link ReadOptions#maxInflatedBytes()} (2 GiB) stops a deflate bomb too: a Deflated
 * Explicit VR LE stream of ~12 MiB that inflates to 12 GiB of zeros (three 4095 MiB OB values),
 * consumed token by token (values skipped, as a streaming transform does), in a JVM with a 64 MiB
 * heap. Inflating 2 GiB takes ~5 s of CPU, hence an integration test ({@code mvn verify}); the
 * same bomb under a lowered limit is in {@link HostileInputTest}.
 */
class DeflateBombIT {

    @Test
    void defaultInflateLimitStopsABomb() {
        long t0 = System.nanoTime();
        Tools.Result r = ForkedJvm.run(300, List.of("-Xmx64m"), HostileMain.class, "bomb-default-limit");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("deflate bomb, default limit: " + r.out().trim() + " (" + ms + " ms with JVM start)");
        assertEquals(0, r.exit(), r.out() + r.stderr());
        assertTrue(r.out().startsWith("bomb-default-limit=INFLATE_FAILED "), r.out());
    }
}
