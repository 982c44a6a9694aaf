"""pydicom as an oracle for org.mip.dicom.text.SpecificCharacterSet (test helper).

  pydicom_text.py dump FILE...   one JSON line per non-empty text element, at every depth:
                                 {"file", "path", "vr", "terms", "hex", "values"}
                                 terms: the (0008,0005) values in force (the item's own, else
                                 inherited); hex: the raw value bytes; values: pydicom's decoded
                                 values, read through its ordinary dcmread + Dataset.decode() path.
  pydicom_text.py charset-files  the paths of the chr*.dcm files bundled with pydicom, one a line.
  pydicom_text.py decode         reads JSON lines {"terms", "vr", "hex"} on stdin and answers each
                                 with {"values"}, decoded as dcmread would decode that raw element.
Values are lists (pydicom splits multi-valued elements); PN values are str(PersonName).
"""
import json
import sys
import warnings

import pydicom
from pydicom.charset import convert_encodings
from pydicom.dataelem import DataElement_from_raw, RawDataElement
from pydicom.tag import Tag

TEXT_VRS = {"SH", "LO", "ST", "LT", "PN", "UC", "UT"}
CHARSET = Tag(0x0008, 0x0005)


def values_of(value):
    if value is None:
        return []
    if isinstance(value, (list, pydicom.multival.MultiValue)):
        return [str(v) for v in value]
    return [str(value)]


def terms_of(ds, inherited):
    if CHARSET in ds:
        v = ds[CHARSET].value
        return [str(x) for x in v] if isinstance(v, pydicom.multival.MultiValue) else [str(v or "")]
    return inherited


def dump(path):
    raw_ds = pydicom.dcmread(path)
    dec_ds = pydicom.dcmread(path)
    dec_ds.decode()

    def walk(raw, dec, inherited, prefix):
        terms = terms_of(raw, inherited)
        for elem in dec:
            where = prefix + "%08X" % elem.tag
            if elem.VR == "SQ":
                for i, (ri, di) in enumerate(zip(raw[elem.tag].value, elem.value)):
                    walk(ri, di, terms, "%s[%d]/" % (where, i))
            elif elem.VR in TEXT_VRS:
                raw_value = raw.get_item(elem.tag).value
                if not raw_value:
                    continue
                print(json.dumps({"file": path, "path": where, "vr": elem.VR, "terms": terms,
                                  "hex": raw_value.hex(), "values": values_of(elem.value)}))

    walk(raw_ds, dec_ds, [], "")


def decode_stdin():
    for line in sys.stdin:
        if not line.strip():
            continue
        q = json.loads(line)
        raw = bytes.fromhex(q["hex"])
        elem = DataElement_from_raw(
            RawDataElement(Tag(0x00100010), q["vr"], len(raw), raw, 0, False, True),
            encoding=convert_encodings(q["terms"] or None))
        print(json.dumps({"values": values_of(elem.value)}), flush=True)


def main():
    warnings.simplefilter("ignore")  # pydicom warns on lenient decoding; the values speak
    if sys.argv[1] == "dump":
        for path in sys.argv[2:]:
            dump(path)
    elif sys.argv[1] == "charset-files":
        for path in sorted(pydicom.data.get_charset_files("chr*.dcm")):
            print(path)
    elif sys.argv[1] == "decode":
        decode_stdin()
    else:
        sys.exit("unknown command " + sys.argv[1])


if __name__ == "__main__":
    main()
