#!/usr/bin/python3
"""Agreement of two libraries' stored embeddings of the same photos (e.g. one indexed with
--precision bf16/auto, one with --precision fp32). Prints one JSON line: photos compared and
the min / median / mean cosine.

usage: tests/bench/compare_library_embeddings.py LIBRARY_A LIBRARY_B
needs: Debian's python3-numpy."""
import json
import sqlite3
import sys

import numpy as np


def embeddings(library):
    db = sqlite3.connect(f"file:{library}/library.sqlite?mode=ro", uri=True)
    rows = db.execute("SELECT p.path, e.vector FROM photos p JOIN embeddings e ON e.photo_id = p.id")
    return {path: np.frombuffer(vector, dtype=np.float32) for path, vector in rows}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = embeddings(sys.argv[1]), embeddings(sys.argv[2])
    common = sorted(set(a) & set(b))
    if not common:
        sys.exit("compare_library_embeddings.py: the libraries have no photo in common")
    cos = np.array([a[k] @ b[k] / (np.linalg.norm(a[k]) * np.linalg.norm(b[k])) for k in common])
    print(json.dumps({"figure": "embedding_agreement", "photos": len(common), "min_cosine": float(cos.min()),
                      "median_cosine": float(np.median(cos)), "mean_cosine": float(cos.mean())}))


if __name__ == "__main__":
    main()
