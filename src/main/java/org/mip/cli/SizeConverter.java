package org.mip.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte sizes: 1048576, 512K, 500M, 2G (binary multiples; KB/KiB, MB/MiB, GB/GiB spellings accepted). */
public final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String s = value.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long factor = 1;
        if (s.endsWith("K")) {
            factor = 1L << 10;
        } else if (s.endsWith("M")) {
            factor = 1L << 20;
        } else if (s.endsWith("G")) {
            factor = 1L << 30;
        } else if (s.endsWith("T")) {
            factor = 1L << 40;
        }
        if (factor > 1) {
            s = s.substring(0, s.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a size (e.g. 1048576, 512K, 500M, 2G)");
        }
    }
}
