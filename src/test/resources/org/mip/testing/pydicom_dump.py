"""Prints pydicom's view of a DICOM file as JSON, for the Java cross-check (CrossCheckTest).

Usage: /usr/bin/python3 pydicom_dump.py FILE...

Output: {FILE: {"elements": [[path, vr, value, text], ...]} or {"error": "..."}, ...} where
  path  = "GGGGEEEE" steps joined by "/", an item index "[i]" after each sequence step, "{i}" for
          a pixel data fragment (0 = the Basic Offset Table);
  vr    = the VR as written in the file (explicit VR), else as pydicom infers it;
  value = raw value bytes as hex ("" when empty), "sha256:<hex>:<length>" above 256 bytes,
          "items=N" for a sequence, "fragments=N" for encapsulated pixel data;
  text  = pydicom's decoded text for text VRs (a list of strings), else null.
Values are the bytes pydicom read from the file: elements pydicom converts while reading (the file
meta group, DICOMDIR records) keep their raw form through a hook on DataElement_from_raw.
"""
import hashlib
import json
import struct
import sys

import pydicom
import pydicom.dataelem
import pydicom.dataset
from pydicom.dataelem import RawDataElement

RAW = {}  # id(DataElement) -> (DataElement, the RawDataElement it was converted from)
_from_raw = pydicom.dataelem.DataElement_from_raw


def _keep_raw(raw, encoding=None, dataset=None):
    elem = _from_raw(raw, encoding, dataset)
    RAW[id(elem)] = (elem, raw)
    return elem


pydicom.dataset.DataElement_from_raw = _keep_raw

TEXT_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
UNDEFINED = 0xFFFFFFFF


def bytes_value(b):
    if len(b) > 256:
        return "sha256:%s:%d" % (hashlib.sha256(b).hexdigest(), len(b))
    return b.hex()


def fragments(blob):
    """The items of encapsulated pixel data (always little endian), up to the sequence delimiter."""
    out, pos = [], 0
    while pos + 8 <= len(blob):
        group, elem, length = struct.unpack_from("<HHI", blob, pos)
        pos += 8
        if (group, elem) == (0xFFFE, 0xE0DD):
            break
        out.append(blob[pos:pos + length])
        pos += length
    return out


def text_of(elem):
    value = elem.value
    if value is None:
        return []
    if isinstance(value, (list, pydicom.multival.MultiValue)):
        return [str(v) for v in value]
    return [str(value)]


def walk(ds, prefix, out):
    for tag in sorted(ds.keys()):
        raw = ds.get_item(tag)
        elem = ds[tag]
        if not isinstance(raw, RawDataElement) and id(raw) in RAW:
            raw = RAW[id(raw)][1]
        path = prefix + "%08X" % int(tag)
        written_vr = raw.VR if isinstance(raw, RawDataElement) and raw.VR else elem.VR
        if elem.VR == "SQ":
            out.append([path, written_vr, "items=%d" % len(elem.value), None])
            for i, item in enumerate(elem.value):
                walk(item, "%s[%d]/" % (path, i), out)
            continue
        raw_bytes = raw.value if isinstance(raw, RawDataElement) else None
        undefined = (raw.length == UNDEFINED) if isinstance(raw, RawDataElement) else elem.is_undefined_length
        if undefined and raw_bytes is not None:
            frags = fragments(raw_bytes)
            out.append([path, written_vr, "fragments=%d" % len(frags), None])
            for i, frag in enumerate(frags):
                out.append(["%s{%d}" % (path, i), "OB", bytes_value(frag), None])
            continue
        if raw_bytes is None:
            raw_bytes = b""
        text = text_of(elem) if elem.VR in TEXT_VRS else None
        out.append([path, written_vr, bytes_value(raw_bytes or b""), text])


def dump(path):
    try:
        ds = pydicom.dcmread(path, force=True)
        out = []
        if getattr(ds, "file_meta", None) is not None:
            walk(ds.file_meta, "", out)
        walk(ds, "", out)
        return {"elements": out}
    except Exception as e:  # the Java side reports it
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main():
    json.dump({path: dump(path) for path in sys.argv[1:]}, sys.stdout)


if __name__ == "__main__":
    main()
