#!/usr/bin/env python3
"""Writes the bundled Fashion-MNIST subset used by `./fathom` when no data is given.

Takes the first 6,000 training and the first 1,000 test images (and labels) of the full set that
Debian's `dataset-fashion-mnist` installs, and writes them as IDX gz files with the original names.

    /usr/bin/python3 tools/data/make_fashion_subset.py [SOURCE_DIR] [DEST_DIR]
"""
import gzip
import os
import struct
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
DST = sys.argv[2] if len(sys.argv) > 2 else "examples/src/main/resources/dev/fathom/examples/fashion-mnist"
COUNTS = {"train": 6000, "t10k": 1000}


def subset(name, count):
    with gzip.open(os.path.join(SRC, name), "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = list(struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim]))
    item = 1
    for d in dims[1:]:
        item *= d
    header_len = 4 + 4 * ndim
    body = data[header_len:header_len + count * item]
    dims[0] = count
    out = struct.pack(">I", magic) + struct.pack(">" + "I" * ndim, *dims) + body
    # mtime=0 keeps the output byte-identical across runs
    with open(os.path.join(DST, name), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as g:
            g.write(out)


os.makedirs(DST, exist_ok=True)
for prefix, count in COUNTS.items():
    subset(prefix + "-images-idx3-ubyte.gz", count)
    subset(prefix + "-labels-idx1-ubyte.gz", count)
print("wrote", DST)
