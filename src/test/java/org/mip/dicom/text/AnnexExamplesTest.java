package org.mip.dicom.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mip.dicom.text.Bytes.ESC;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.dicom.VR;

/**
 * The worked examples of PS3.5 Annexes H (Japanese), I (Korean), J (Chinese, UTF-8 and GB18030) and
 * K (Chinese, GB 2312): their bytes decode to the strings the standard shows, and encoding those
 * strings gives back the very same bytes.
 */
class AnnexExamplesTest {

    static Stream<Arguments> examples() {
        return Stream.of(
            Arguments.of("H.3-1", "\\ISO 2022 IR 87", VR.PN,
                "Yamada^Tarou=山田^太郎=やまだ^たろう",
                Bytes.of("Yamada^Tarou=", ESC, "$B;3ED", ESC, "(B^", ESC, "$BB@O:", ESC, "(B=",
                    ESC, "$B$d$^$@", ESC, "(B^", ESC, "$B$?$m$&", ESC, "(B")),
            Arguments.of("H.3-2", "ISO 2022 IR 13\\ISO 2022 IR 87", VR.PN,
                "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
                Bytes.of(0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3, "=", ESC, "$B;3ED", ESC, "(J^",
                    ESC, "$BB@O:", ESC, "(J=", ESC, "$B$d$^$@", ESC, "(J^", ESC, "$B$?$m$&", ESC, "(J")),
            Arguments.of("I.2-1", "\\ISO 2022 IR 149", VR.PN,
                "Hong^Gildong=洪^吉洞=홍^길동",
                Bytes.of("Hong^Gildong=", ESC, "$)C", 0xFB, 0xF3, "^", ESC, "$)C", 0xD1, 0xCE, 0xD4, 0xD7,
                    "=", ESC, "$)C", 0xC8, 0xAB, "^", ESC, "$)C", 0xB1, 0xE6, 0xB5, 0xBF)),
            // Korean designates G1 at the head of each line that needs it.
            Arguments.of("I.3-1", "\\ISO 2022 IR 149", VR.LT,
                "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line",
                Bytes.of(ESC, "$)CThe first line includes ", 0xC7, 0xD1, 0xB1, 0xDB, ".\r\n",
                    ESC, "$)CThe second line includes ", 0xC7, 0xD1, 0xB1, 0xDB, ", too.\r\n",
                    "The third line")),
            Arguments.of("J.1-1", "ISO_IR 192", VR.PN,
                "Wang^XiaoDong=王^小東=",
                Bytes.of("Wang^XiaoDong=", 0xE7, 0x8E, 0x8B, "^", 0xE5, 0xB0, 0x8F, 0xE6, 0x9D, 0xB1, "=")),
            Arguments.of("J.2-1", "ISO_IR 192", VR.LT,
                "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n",
                Bytes.of("The first line includes", 0xE4, 0xB8, 0xAD, 0xE6, 0x96, 0x87, ".\r\n",
                    "The second line includes", 0xE4, 0xB8, 0xAD, 0xE6, 0x96, 0x87, ", too.\r\n",
                    "The third line.\r\n")),
            Arguments.of("J.3-1", "GB18030", VR.PN,
                "Wang^XiaoDong=王^小东=",
                Bytes.of("Wang^XiaoDong=", 0xCD, 0xF5, "^", 0xD0, 0xA1, 0xB6, 0xAB, "=")),
            Arguments.of("J.4-1", "GB18030", VR.LT,
                "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n",
                Bytes.of("The first line includes", 0xD6, 0xD0, 0xCE, 0xC4, ".\r\n",
                    "The second line includes", 0xD6, 0xD0, 0xCE, 0xC4, ", too.\r\n", "The third line.\r\n")),
            Arguments.of("K.2-1", "\\ISO 2022 IR 58", VR.PN,
                "Zhang^XiaoDong=张^小东=",
                Bytes.of("Zhang^XiaoDong=", ESC, "$)A", 0xD5, 0xC5, "^", ESC, "$)A", 0xD0, 0xA1, 0xB6, 0xAB, "=")),
            // Unlike Annex I, Annex K designates G1 right before the first Chinese character.
            Arguments.of("K.3-1", "\\ISO 2022 IR 58", VR.LT,
                "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n",
                Bytes.of("1.", ESC, "$)A", 0xB5, 0xDA, 0xD2, 0xBB, 0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3,
                    "\r\n2.", ESC, "$)A", 0xB5, 0xDA, 0xB6, 0xFE, 0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3,
                    "\r\n3.", ESC, "$)A", 0xB5, 0xDA, 0xC8, 0xFD, 0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3,
                    "\r\n")),
            // Not an Annex example: pydicom's JIS X 0212 test (鷗 is only in JIS X 0212, 外 only in 0208).
            Arguments.of("pydicom IR 159", "ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159", VR.PN,
                "Mori^Ogai=森^鷗外=もり^おうがい",
                Bytes.of("Mori^Ogai=", ESC, "$B?9", ESC, "(B^", ESC, "$(Dl?", ESC, "$B30", ESC, "(B=",
                    ESC, "$B$b$j", ESC, "(B^", ESC, "$B$*$&$,$$", ESC, "(B")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void decodesToTheStandardsString(String example, String charset, VR vr, String text, byte[] bytes) {
        assertEquals(text, SpecificCharacterSet.of(charset).decode(bytes, vr));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void encodesToTheStandardsBytes(String example, String charset, VR vr, String text, byte[] bytes) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(charset);
        assertEquals(Bytes.hex(bytes), Bytes.hex(cs.encode(text, vr)));
        assertEquals(true, cs.canEncode(text));
    }
}
