package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.DeidRefusal;
import org.mip.deid.PixelStage;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.ProfileLoader;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.ValueElement;

/**
 * The profile's {@code scan-seconds}: a scan that uses more CPU than it allows refuses the instance,
 * saying how much it used, what it had read and which setting to raise; one within it is not touched
 * by it; and the clock is the scanning thread's CPU, not the wall (a loaded machine must give the same
 * answer as a calm one).
 */
class ScanBudgetTest {
    private static final int FRAMES = 6;
    private static final int SIDE = 64;

    @TempDir
    Path dir;

    /** A clock that moves one second each time the scan reads it, whatever the machine does. */
    private static LongSupplier oneSecondPerRead() {
        AtomicLong t = new AtomicLong();
        return () -> t.getAndAdd(1_000_000_000L);
    }

    private static Profile withSeconds(int seconds) {
        return ProfileLoader.loadString("burned-in: {scan-seconds: " + seconds + "}\n", "test.yaml");
    }

    /** A clean grey ultrasound cine (scanned: a risky modality), every frame read one by one. */
    private static DicomFile cine() throws Exception {
        Dataset ds = new Dataset();
        Synthetic.identify(ds, "1.2.840.10008.5.1.4.1.1.3.1", "2.25.77", "US", null);
        Synthetic.gray8(ds, FRAMES, SIDE, SIDE);
        byte[] pixels = new byte[FRAMES * SIDE * SIDE];
        Arrays.fill(pixels, (byte) 90);
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, pixels));
        return TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds);
    }

    private String scan(Profile profile) throws Exception {
        BurnedInTextStage stage = new BurnedInTextStage(new PixelRedactor(dir, PixelCodecs.STANDARD), ScanEngine.withoutOcr(),
                PixelCodecs.STANDARD, oneSecondPerRead());
        try (DicomFile file = cine()) {
            PixelStage.Plan plan = stage.plan(file, profile);
            return stage.apply(plan, file).code();
        }
    }

    @Test
    void aScanPastItsSecondsIsRefusedSayingWhatItReadAndWhatToRaise() {
        DeidRefusal refused = assertThrows(DeidRefusal.class, () -> scan(withSeconds(3)));
        assertEquals("BURNED_IN_SCAN_TOO_LONG", refused.code(), refused.getMessage());
        // read at the start, then once per frame: the fourth frame is the one past 3 s
        assertTrue(refused.getMessage().contains("more than the profile allows (scan-seconds: 3), after scanning 4 frame(s)"),
                refused.getMessage());
        assertEquals(4, refused.details().get("framesScanned"), refused.details().toString());
    }

    @Test
    void aScanWithinItsSecondsIsNotTouchedByThem() throws Exception {
        assertEquals("BURNED_IN_SCANNED_CLEAN", scan(withSeconds(FRAMES + 1)));
        assertEquals("BURNED_IN_SCANNED_CLEAN", scan(ProfileLoader.builtIn("basic")));
    }

    @Test
    void theClockIsTheThreadsCpuSoWaitingCostsNothing() throws Exception {
        ScanBudget budget = new ScanBudget(1, ScanBudget.threadCpu());
        Thread.sleep(1_300);
        assertFalse(budget.spent(), "1.3 s asleep spent " + budget.used() + " s of a 1 s budget");
        // work until the budget is spent: a thread's CPU cannot run ahead of the wall, so that takes at least 1 s
        long start = System.nanoTime();
        long x = 0;
        while (!budget.spent() && System.nanoTime() - start < 60_000_000_000L) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        assertTrue(budget.spent(), "a minute of work did not spend 1 s: " + budget.used() + " s (" + x + ")");
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "spent in less wall time than the budget's second");
    }
}
