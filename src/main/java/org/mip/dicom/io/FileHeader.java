package org.mip.dicom.io;

import org.mip.dicom.TransferSyntax;
import org.mip.dicom.data.Dataset;

/**
 * What precedes the data set: the 128-byte preamble and the File Meta Information group, either
 * of which may be absent, and the transfer syntax the data set is read with.
 *
 * @param preamble             the 128 bytes before "DICM", or null for a file without preamble
 * @param meta                 group 0002, or null for a raw data set
 * @param transferSyntax       the syntax of the data set
 * @param transferSyntaxSniffed true when (0002,0010) was missing or unknown and the encoding was detected from the bytes
 */
public record FileHeader(byte[] preamble, Dataset meta, TransferSyntax transferSyntax, boolean transferSyntaxSniffed) {
}
