#!/usr/bin/python3
"""Agreement of two libraries' stored embeddings of the same photos (e.g. one indexed with
--precision bf16, auto or int8, one with --precision fp32). Prints one JSON line: photos
compared; the min / median / mean cosine of each photo's two embeddings; and how much the two
libraries' search results agree: the mean and minimum overlap of their top-10 lists for
"find similar" from every photo (the photo itself left out), and for 200 seeded random unit
vectors as queries (stand-ins for text queries: with synthetic random weights no text means
anything, and random directions separate photos less than real queries do, so this is the
harder of the two).

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
    ma = np.stack([a[k] for k in common])
    mb = np.stack([b[k] for k in common])
    k = min(10, len(common) - 1)
    similar = [overlap(ma @ ma[i], mb @ mb[i], k, exclude=i) for i in range(len(common))]
    rng = np.random.default_rng(1)
    queries = rng.standard_normal((200, ma.shape[1])).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    random_queries = [overlap(ma @ q, mb @ q, k) for q in queries]
    print(json.dumps({"figure": "embedding_agreement", "photos": len(common), "min_cosine": float(cos.min()),
                      "median_cosine": float(np.median(cos)), "mean_cosine": float(cos.mean()),
                      "top_k": k,
                      "similar_top_k_overlap_mean": float(np.mean(similar)), "similar_top_k_overlap_min": float(np.min(similar)),
                      "random_query_top_k_overlap_mean": float(np.mean(random_queries)),
                      "random_query_top_k_overlap_min": float(np.min(random_queries))}))


def overlap(scores_a, scores_b, k, exclude=None):
    """Fraction of library A's top-k that is also in library B's top-k for the same query."""
    if exclude is not None:
        scores_a = scores_a.copy(); scores_b = scores_b.copy()
        scores_a[exclude] = scores_b[exclude] = -np.inf
    top_a = set(np.argsort(-scores_a)[:k])
    top_b = set(np.argsort(-scores_b)[:k])
    return len(top_a & top_b) / k


if __name__ == "__main__":
    main()
