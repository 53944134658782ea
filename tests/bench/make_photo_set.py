#!/usr/bin/python3
"""Render a deterministic set of camera-like JPEGs from real photographs.

Called by make_photo_set.sh, which unpacks the source packages into SRC_ROOT.

    make_photo_set.py SRC_ROOT OUT_DIR [--count N] [--jobs J] [--seed S]

Every output file is a pure function of (source photo, seed, index) and of the
Pillow/libjpeg/NumPy versions: photo i draws all of its choices from its own
random.Random, seeded with a SHA-256 of "clipdesk-photoset/<seed>/<i>", so N=100
gives exactly the first 100 files of N=1000.

What a photo gets (see PLAN_TABLES below for the weights):
  source       a camera photograph (Debian wallpaper packages, 1280-2560 px) or a
               computer-vision sample photo (OpenCV, scikit-image; 450-1411 px)
  framing      an aspect ratio (4:3, 3:2, 16:9, 1:1, 2:1), a crop window covering
               50-100 % of what the source allows, anywhere in the source
  size         long side 640-4000 px; most are phone-sized (3000-4000 px)
  development  small brightness / contrast / saturation changes, and sensor-like
               grain (luma noise plus weaker chroma noise) so file sizes look like
               a camera's, not like a smooth upscale
  orientation  landscape; portrait stored sideways with EXIF orientation 6 or 8;
               upside-down with orientation 3; portrait stored upright (1)
  EXIF         Make/Model/DateTimeOriginal/Orientation, or no EXIF at all
  JPEG         quality 70-97, chroma 4:2:0 / 4:2:2 / 4:4:4, baseline or progressive,
               optimised Huffman tables or not

Writes OUT_DIR/photo_00000.jpg ... and OUT_DIR/manifest.tsv (one row per file:
its choices, size and SHA-256) and prints a JSON summary with one digest over
all files. Needs only Debian's python3-pil and python3-numpy.
"""

import argparse
import hashlib
import io
import json
import multiprocessing
import os
import random
import sys

import numpy as np
from PIL import Image, ImageEnhance

# Camera photographs: KDE Plasma wallpapers (photographic ones only) and MATE's
# "nature" backgrounds. Paths are relative to SRC_ROOT.
KDE = "usr/share/wallpapers/{}/contents/images/2560x1600.jpg"
MATE = "usr/share/backgrounds/mate/nature/{}.jpg"
CAMERA = [KDE.format(n) for n in (
    "BytheWater", "ColdRipple", "ColorfulCups", "DarkestHour", "EveningGlow", "FallenLeaf",
    "Grey", "Kite", "OneStandsOut", "Path", "summer_1am")] + [MATE.format(n) for n in (
    "Aqua", "Blinds", "Dune", "FreshFlower", "Garden", "GreenMeadow", "LadyBird", "RainDrops",
    "Storm", "TwoWings", "Wood", "YellowFlower")]

# Everyday scenes at lower resolution: OpenCV's samples and documentation photos,
# scikit-image's data set (people, animals, food, streets, objects, text, science).
CV = "usr/share/doc/opencv-doc/examples/data/{}"
CVDOC = "usr/share/doc/opencv-doc/opencv4/html/{}"
CVTEXT = "usr/share/doc/opencv-doc/examples/text/{}"
SKI = "usr/lib/python3/dist-packages/skimage/data/{}"
SAMPLE = [CV.format(n) for n in (
    "aero1.jpg", "aero3.jpg", "aloeL.jpg", "apple.jpg", "baboon.jpg", "board.jpg", "building.jpg",
    "butterfly.jpg", "fruits.jpg", "home.jpg", "leuvenA.jpg", "messi5.jpg", "orange.jpg",
    "squirrel_cls.jpg", "stuff.jpg", "ela_original.jpg", "licenseplate_motion.jpg", "left.jpg",
    "rubberwhale1.png", "graf1.png", "starry_night.jpg")] + [CVDOC.format(n) for n in (
    "detect_test1.jpg", "detect_test2.jpg", "pexels_double_decker_bus.jpg", "yolo.jpg",
    "realsense.jpg", "230501201_1.jpg")] + [CVTEXT.format(f"scenetext0{k}.jpg") for k in range(1, 7)] + [
    SKI.format(n) for n in (
    "astronaut.png", "coffee.png", "chelsea.png", "motorcycle_left.png", "rocket.jpg", "retina.jpg",
    "camera.png", "coins.png", "hubble_deep_field.jpg")]

# (weight, value) tables; changing any of them changes the set.
PLAN_TABLES = {
    "pool": [(55, "camera"), (45, "sample")],
    "aspect": [(55, (4, 3)), (12, (3, 2)), (16, (16, 9)), (12, (1, 1)), (5, (2, 1))],
    # long side ranges in pixels: phone 12 MP, phone 8 MP, large, medium, small
    "long_side": [(40, (3968, 4000)), (10, (3200, 3264)), (15, (2400, 3199)), (20, (1200, 2399)), (15, (640, 1199))],
    # (displayed pose, EXIF orientation of the stored pixels)
    "pose": [(57, ("landscape", 1)), (22, ("portrait", 6)), (5, ("portrait", 8)), (3, ("landscape", 3)),
             (13, ("portrait", 1))],
    "quality": [(4, 70), (6, 75), (10, 80), (10, 85), (12, 88), (18, 90), (16, 92), (14, 95), (10, 97)],
    "subsampling": [(80, "4:2:0"), (8, "4:2:2"), (12, "4:4:4")],
    "camera": [(30, ("Clipdesk", "PhoneCam 12")), (25, ("Clipdesk", "PhoneCam 8")),
               (20, ("Synthetic", "Mirrorless 24")), (25, ("Synthetic", "Compact 16"))],
}
P_PROGRESSIVE = 0.12
P_OPTIMIZE = 0.30
P_NO_EXIF = 0.10
SUBSAMPLING_CODE = {"4:4:4": 0, "4:2:2": 1, "4:2:0": 2}
ROTATE_FOR_STORAGE = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
                      8: Image.Transpose.ROTATE_270}
NOISE_TILE = 521  # prime, so the repeated noise tile never lines up with 8x8 JPEG blocks


def weighted(rng, table):
    total = sum(w for w, _ in table)
    x = rng.uniform(0, total)
    for w, value in table:
        if x < w:
            return value
        x -= w
    return table[-1][1]


def photo_rng(seed, index):
    digest = hashlib.sha256(f"clipdesk-photoset/{seed}/{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def plan(seed, index):
    rng = photo_rng(seed, index)
    pool = CAMERA if weighted(rng, PLAN_TABLES["pool"]) == "camera" else SAMPLE
    pose, orientation = weighted(rng, PLAN_TABLES["pose"])
    exif = rng.random() >= P_NO_EXIF
    return {
        "index": index,
        "source": rng.choice(pool),
        "aspect": weighted(rng, PLAN_TABLES["aspect"]),
        "long_side": rng.randint(*weighted(rng, PLAN_TABLES["long_side"])),
        "pose": pose,
        "orientation": orientation if exif else 1,  # without a tag the pixels are stored as displayed
        "exif": exif,
        "cover": rng.uniform(0.5, 1.0),
        "offset": (rng.random(), rng.random()),
        "brightness": rng.uniform(0.9, 1.1),
        "contrast": rng.uniform(0.9, 1.12),
        "saturation": rng.uniform(0.85, 1.2),
        "grain": rng.uniform(0.8, 3.5),
        "noise_seed": rng.getrandbits(63),
        "quality": weighted(rng, PLAN_TABLES["quality"]),
        "subsampling": weighted(rng, PLAN_TABLES["subsampling"]),
        "progressive": rng.random() < P_PROGRESSIVE,
        "optimize": rng.random() < P_OPTIMIZE,
        "camera": weighted(rng, PLAN_TABLES["camera"]),
        "datetime": "20{:02d}:{:02d}:{:02d} {:02d}:{:02d}:{:02d}".format(
            rng.randint(15, 24), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
            rng.randint(0, 59)),
    }


def frame(p, source_size):
    """Crop box in the source and the displayed (width, height)."""
    aw, ah = p["aspect"]
    ratio = aw / ah if p["pose"] == "landscape" else ah / aw  # displayed width / height
    sw, sh = source_size
    cw = min(sw, sh * ratio) * p["cover"]
    ch = cw / ratio
    x0 = (sw - cw) * p["offset"][0]
    y0 = (sh - ch) * p["offset"][1]
    long_side = p["long_side"]
    size = (long_side, max(1, round(long_side / ratio))) if ratio >= 1 else (max(1, round(long_side * ratio)), long_side)
    return (x0, y0, x0 + cw, y0 + ch), size


def add_grain(image, p):
    """Sensor-like noise: one luma field plus weaker per-channel noise, from a seeded tile."""
    tile = np.random.default_rng(p["noise_seed"]).standard_normal((NOISE_TILE, NOISE_TILE, 4), dtype=np.float32)
    tile = (tile[..., :1] + 0.4 * tile[..., 1:]) * p["grain"]
    w, h = image.size
    reps = (-(-h // NOISE_TILE), -(-w // NOISE_TILE), 1)
    pixels = np.asarray(image, dtype=np.float32) + np.tile(tile, reps)[:h, :w]
    return Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8), "RGB")


def render(job):
    p, src_root, out_dir = job
    with Image.open(os.path.join(src_root, p["source"])) as src:
        src = src.convert("RGB")  # grey or palette sources become colour JPEGs, as a camera writes
        box, size = frame(p, src.size)
        resample = Image.Resampling.LANCZOS if size[0] < box[2] - box[0] else Image.Resampling.BICUBIC
        shown = src.resize(size, resample, box=box)
    shown = ImageEnhance.Brightness(shown).enhance(p["brightness"])
    shown = ImageEnhance.Contrast(shown).enhance(p["contrast"])
    shown = ImageEnhance.Color(shown).enhance(p["saturation"])
    shown = add_grain(shown, p)
    rotate = ROTATE_FOR_STORAGE[p["orientation"]]
    stored = shown.transpose(rotate) if rotate is not None else shown
    options = {"quality": p["quality"], "subsampling": SUBSAMPLING_CODE[p["subsampling"]],
               "progressive": p["progressive"], "optimize": p["optimize"]}
    if p["exif"]:
        exif = Image.Exif()
        exif[0x010F] = p["camera"][0]       # Make
        exif[0x0110] = p["camera"][1]       # Model
        exif[0x0112] = p["orientation"]     # Orientation
        exif[0x0132] = p["datetime"]        # DateTime
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    name = f"photo_{p['index']:05d}.jpg"
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)
    return {
        "file": name, "source": p["source"].rsplit("/", 1)[-1] if "wallpapers" not in p["source"]
        else p["source"].split("/")[3], "stored_w": stored.size[0], "stored_h": stored.size[1],
        "orientation": p["orientation"] if p["exif"] else "-", "quality": p["quality"],
        "subsampling": p["subsampling"], "progressive": int(p["progressive"]), "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src_root")
    ap.add_argument("out_dir")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--seed", default="1")
    args = ap.parse_args()

    missing = [s for s in CAMERA + SAMPLE if not os.path.isfile(os.path.join(args.src_root, s))]
    if missing:
        sys.exit(f"make_photo_set.py: {len(missing)} source photos missing under {args.src_root}, e.g. {missing[0]}")
    os.makedirs(args.out_dir, exist_ok=True)
    jobs = [(plan(args.seed, i), args.src_root, args.out_dir) for i in range(args.count)]
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            rows = pool.map(render, jobs, chunksize=2)
    else:
        rows = [render(j) for j in jobs]

    columns = list(rows[0].keys()) if rows else []
    digest = hashlib.sha256()
    with open(os.path.join(args.out_dir, "manifest.tsv"), "w") as f:
        f.write("\t".join(columns) + "\n")
        for r in rows:
            f.write("\t".join(str(r[c]) for c in columns) + "\n")
            digest.update(f"{r['file']} {r['sha256']}\n".encode())
    megapixels = [r["stored_w"] * r["stored_h"] / 1e6 for r in rows]
    print(json.dumps({
        "photos": len(rows), "out_dir": args.out_dir, "seed": args.seed,
        "bytes": sum(r["bytes"] for r in rows),
        "mean_megapixels": round(sum(megapixels) / max(1, len(rows)), 2),
        "long_side_min": min((max(r["stored_w"], r["stored_h"]) for r in rows), default=0),
        "long_side_max": max((max(r["stored_w"], r["stored_h"]) for r in rows), default=0),
        "progressive": sum(r["progressive"] for r in rows),
        "orientations": {str(o): sum(1 for r in rows if str(r["orientation"]) == str(o)) for o in ("-", 1, 3, 6, 8)},
        "digest": digest.hexdigest(),
        "pillow": Image.__version__, "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
