"""Oracle for PydicomJsonComparisonTest: pydicom's DICOM JSON of each file.

Usage: python3 pydicom_to_json.py OUT.json FILE...
Writes {"<file name>": {"dataset": {...}, "meta": {...} or null, "errors": [tags pydicom could not convert]}}
or {"<file name>": {"error": "..."}} when pydicom cannot read the file at all.
"""
import json
import logging
import os
import sys
import warnings

import pydicom

errors = []


class Collect(logging.Handler):
    def emit(self, record):
        message = record.getMessage()
        if message.startswith("Error while processing tag "):
            errors.append(message[len("Error while processing tag "):].strip())


logging.getLogger("pydicom").addHandler(Collect())
logging.getLogger("pydicom").propagate = False
warnings.simplefilter("ignore")

out = {}
for path in sys.argv[2:]:
    errors.clear()
    entry = {}
    try:
        ds = pydicom.dcmread(path, force=True)
        # No bulk data handler: pydicom writes every binary value as InlineBinary.
        entry["dataset"] = ds.to_json_dict(suppress_invalid_tags=True)
        meta = getattr(ds, "file_meta", None)
        entry["meta"] = meta.to_json_dict(suppress_invalid_tags=True) if meta is not None and len(meta) else None
        entry["errors"] = list(errors)
    except Exception as exc:  # the Java side decides whether that is expected
        entry["error"] = type(exc).__name__ + ": " + str(exc)
    out[os.path.basename(path)] = entry

with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(out, f)
print(pydicom.__version__)
