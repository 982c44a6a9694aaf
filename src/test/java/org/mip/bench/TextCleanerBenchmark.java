package org.mip.bench;

import java.util.List;
import java.util.Locale;
import org.mip.deid.text.PhiContext;
import org.mip.deid.text.TextCleaner;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.dict.ElementDictionary;

/**
 * What free-text cleaning costs per character, with a full context (a patient with names in three
 * component groups, IDs, dates, address, phone, institution): a study description, ROI names, an SR
 * report of 4 KB and 40 KB of one repeated token (the hostile case), in one thread, warm. Uses only
 * the public API that every version has, so the same class can be run against an older build of
 * {@code org.mip.deid.text} (put its classes first on the class path) for a ratio in the same go.
 *
 * <pre>
 * java -cp 'target/classes:target/test-classes:target/lib/*' org.mip.bench.TextCleanerBenchmark [SECONDS]
 * </pre>
 */
public final class TextCleanerBenchmark {
    private TextCleanerBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        ElementDictionary dict = ElementDictionary.standard();
        Dataset ds = new Dataset();
        ds.setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192");
        ds.setString(dict.tagOf("PatientName"), VR.PN, "Smith^John^Quentin=スミス^ジョン=すみす^じょん");
        ds.setString(dict.tagOf("OtherPatientNames"), VR.PN, "Smyth^Jon");
        ds.setString(dict.tagOf("PatientID"), VR.LO, "HX4471923");
        ds.setString(dict.tagOf("AccessionNumber"), VR.SH, "RAD24-00912");
        ds.setString(dict.tagOf("PatientBirthDate"), VR.DA, "19710203");
        ds.setString(dict.tagOf("StudyDate"), VR.DA, "20190304");
        ds.setString(dict.tagOf("PatientAddress"), VR.LO, "12 Baker Street, Marylebone, London, NW1 6XE");
        ds.setString(dict.tagOf("PatientTelephoneNumbers"), VR.SH, "+44 20 7946 0958");
        ds.setString(dict.tagOf("InstitutionName"), VR.LO, "St. Elsewhere General Hospital");
        ds.setString(dict.tagOf("ReferringPhysicianName"), VR.PN, "Hartley^Robert");
        ds.setString(dict.tagOf("OperatorsName"), VR.PN, "Nguyen^Thi^A");
        PhiContext ctx = PhiContext.of(ds);
        TextCleaner cleaner = TextCleaner.builder().retainPatientCharacteristics(true).build();

        String sentence = "CT chest 2.5 mm 120 kVp: nodule 5-10 mm RUL, seen by Dr. Hartley on 04/03/2019; "
                + "John Smith MRN HX4471923 call 555 1234 5678, case #2023-0456, CTDIvol 12.5 mGy. ";
        StringBuilder report = new StringBuilder();
        while (report.length() < 4096) {
            report.append(sentence);
        }
        List<String[]> cases = List.of(
                new String[] {"description (64 chars)", "CT CHEST W/O CONTRAST 5MM JS follow-up 2019 protocol RUL"},
                new String[] {"ROI name", "PTV_JS_7000"},
                new String[] {"SR report (4 KB)", report.toString()},
                new String[] {"hostile (40 KB, one token)", "1-".repeat(20_000)});
        System.out.println("text                          chars    us/text    us/char");
        for (String[] c : cases) {
            String text = c[1];
            long deadline = System.nanoTime() + (long) (seconds * 0.3e9);
            while (System.nanoTime() < deadline) {
                cleaner.clean(text, ctx); // warm-up
            }
            long n = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            int sink = 0;
            while (System.nanoTime() < end) {
                sink += cleaner.clean(text, ctx).length();
                n++;
            }
            double us = (System.nanoTime() - start) / 1e3 / n;
            System.out.printf(Locale.ROOT, "%-28s %6d %10.1f %10.3f%s%n", c[0], text.length(), us, us / text.length(),
                    sink == 42 ? " " : "");
        }
    }
}
