package org.mip.dicom.iod;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which PS3.3 IOD table each Storage SOP Class of the 2008 edition instantiates (PS3.4 Table B.5-1).
 * GDCM's XML holds the IOD tables but not this mapping (its Part4.xml lists a handful of classes
 * with no table), so the generator carries it here, one row per class, each checked against the
 * XML when generating: a table id the XML lacks fails the generator. Classes defined after 2008
 * (Comprehensive 3D SR, Enhanced PET, Breast Tomosynthesis...) are absent on purpose: for them
 * {@link ModuleTypes} knows nothing and the de-identifier keeps its input-driven rule.
 */
final class SopClassIods {
    private static final String S = "1.2.840.10008.5.1.4.1.1.";

    /** SOP Class UID → IOD table id in Part3.xml, in the order of PS3.4 Table B.5-1. */
    static final Map<String, String> BY_UID = build(
            S + "1", "A.2-1",              // Computed Radiography Image
            S + "1.1", "A.26-1",           // Digital X-Ray Image - For Presentation
            S + "1.1.1", "A.26-1",         // Digital X-Ray Image - For Processing
            S + "1.2", "A.27-1",           // Digital Mammography X-Ray Image - For Presentation
            S + "1.2.1", "A.27-1",         // Digital Mammography X-Ray Image - For Processing
            S + "1.3", "A.28-1",           // Digital Intra-Oral X-Ray Image - For Presentation
            S + "1.3.1", "A.28-1",         // Digital Intra-Oral X-Ray Image - For Processing
            S + "2", "A.3-1",              // CT Image
            S + "2.1", "A.38-1",           // Enhanced CT Image
            S + "3.1", "A.7-1",            // Ultrasound Multi-frame Image
            S + "4", "A.4-1",              // MR Image
            S + "4.1", "A.36-1",           // Enhanced MR Image
            S + "4.2", "A.36-3",           // MR Spectroscopy
            S + "6.1", "A.6-1",            // Ultrasound Image
            S + "7", "A.8-1",              // Secondary Capture Image
            S + "7.1", "A.8-2",            // Multi-frame Single Bit Secondary Capture Image
            S + "7.2", "A.8-3",            // Multi-frame Grayscale Byte Secondary Capture Image
            S + "7.3", "A.8-4",            // Multi-frame Grayscale Word Secondary Capture Image
            S + "7.4", "A.8-5",            // Multi-frame True Color Secondary Capture Image
            S + "9.1.1", "A.34.3-1",       // 12-lead ECG Waveform
            S + "9.1.2", "A.34.4-1",       // General ECG Waveform
            S + "9.1.3", "A.34.5-1",       // Ambulatory ECG Waveform
            S + "9.2.1", "A.34.6-1",       // Hemodynamic Waveform
            S + "9.3.1", "A.34.7-1",       // Cardiac Electrophysiology Waveform
            S + "9.4.1", "A.34.2-1",       // Basic Voice Audio Waveform
            S + "11.1", "A.33.1-1",        // Grayscale Softcopy Presentation State
            S + "11.2", "A.33.2-1",        // Color Softcopy Presentation State
            S + "11.3", "A.33.3-1",        // Pseudo-Color Softcopy Presentation State
            S + "11.4", "A.33.4-1",        // Blending Softcopy Presentation State
            S + "12.1", "A.14-1",          // X-Ray Angiographic Image
            S + "12.1.1", "A.47-1",        // Enhanced XA Image
            S + "12.2", "A.16-1",          // X-Ray Radiofluoroscopic Image
            S + "12.2.1", "A.48.-1",       // Enhanced XRF Image (the XML's table id has the stray dot)
            S + "13.1.1", "A.53-1",        // X-Ray 3D Angiographic Image
            S + "13.1.2", "A.54-1",        // X-Ray 3D Craniofacial Image
            S + "20", "A.5-1",             // Nuclear Medicine Image
            S + "66", "A.37-1",            // Raw Data
            S + "66.1", "A.39.1-1",        // Spatial Registration
            S + "66.2", "A.40-1",          // Spatial Fiducials
            S + "66.3", "A.39.2-1",        // Deformable Spatial Registration
            S + "66.4", "A.51-1",          // Segmentation
            S + "67", "A.46-1",            // Real World Value Mapping
            S + "77.1.1", "A.32.1-1",      // VL Endoscopic Image
            S + "77.1.1.1", "A.32.5-1",    // Video Endoscopic Image
            S + "77.1.2", "A.32.1-2",      // VL Microscopic Image
            S + "77.1.2.1", "A.32.6-1",    // Video Microscopic Image
            S + "77.1.3", "A.32.1-3",      // VL Slide-Coordinates Microscopic Image
            S + "77.1.4", "A.32.4-1",      // VL Photographic Image
            S + "77.1.4.1", "A.32.7-1",    // Video Photographic Image
            S + "77.1.5.1", "A.41-1",      // Ophthalmic Photography 8 Bit Image
            S + "77.1.5.2", "A.42-1",      // Ophthalmic Photography 16 Bit Image
            S + "77.1.5.3", "A.43-2",      // Stereometric Relationship
            S + "77.1.5.4", "A.52.3-1",    // Ophthalmic Tomography Image
            S + "88.11", "A.35.1-1",       // Basic Text SR
            S + "88.22", "A.35.2-1",       // Enhanced SR
            S + "88.33", "A.35.3-1",       // Comprehensive SR
            S + "88.40", "A.35.7-1",       // Procedure Log
            S + "88.50", "A.35.5-1",       // Mammography CAD SR
            S + "88.59", "A.35.4-1",       // Key Object Selection Document
            S + "88.65", "A.35.6-1",       // Chest CAD SR
            S + "88.67", "A.35.8-1",       // X-Ray Radiation Dose SR
            S + "104.1", "A.45.1-1",       // Encapsulated PDF
            S + "104.2", "A.45.2-1",       // Encapsulated CDA
            S + "128", "A.21.3-1",         // Positron Emission Tomography Image
            S + "481.1", "A.17.3-1",       // RT Image
            S + "481.2", "A.18.3-1",       // RT Dose
            S + "481.3", "A.19.3-1",       // RT Structure Set
            S + "481.4", "A.29.3-1",       // RT Beams Treatment Record
            S + "481.5", "A.20.3-1",       // RT Plan
            S + "481.6", "A.30.3-1",       // RT Brachy Treatment Record
            S + "481.7", "A.31.3-1",       // RT Treatment Summary Record
            S + "481.8", "A.49-1",         // RT Ion Plan
            S + "481.9", "A.50-1",         // RT Ion Beams Treatment Record
            "1.2.840.10008.5.1.4.38.1", "A.44.3-1"); // Hanging Protocol

    private SopClassIods() {
    }

    private static Map<String, String> build(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (m.put(pairs[i], pairs[i + 1]) != null) {
                throw new IllegalStateException("SOP class listed twice: " + pairs[i]);
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
