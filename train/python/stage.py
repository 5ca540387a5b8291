"""Copies the licensed sources the network may learn from into one folder (photos/, logos/, fonts/), leaving out
every photo and logo that a benchmark set under --exclude was made from, so the dev-set numbers stay honest.
The folder (about 25 MB) is what a GPU run carries (train/README.md, "On a GPU")."""

import argparse
import glob
import json
import os
import shutil


def used_sources(roots):
    used = set()
    for root in roots:
        for meta in glob.glob(os.path.join(root, "**", "meta.jsonl"), recursive=True):
            with open(meta, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        m = json.loads(line)
                        for key in ("photo", "logo"):
                            if m.get(key):
                                used.add(os.path.basename(m[key]))
    return used


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", required=True)
    ap.add_argument("--logos", required=True)
    ap.add_argument("--fonts", required=True)
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    used = used_sources(a.exclude)
    counts = {}
    for kind, src, exts in (("photos", a.photos, (".jpg", ".jpeg", ".png")), ("logos", a.logos, (".png",)),
                            ("fonts", a.fonts, (".ttf", ".otf", ".ttc"))):
        dst = os.path.join(a.out, kind)
        os.makedirs(dst, exist_ok=True)
        kept = 0
        for p in sorted(glob.glob(os.path.join(src, "*"))):
            name = os.path.basename(p)
            if name.lower().endswith(exts) and (kind == "fonts" or name not in used):
                shutil.copy2(p, os.path.join(dst, name))
                kept += 1
        counts[kind] = kept
    print(f"staged {counts} into {a.out} ({len(used)} sources excluded by name)")


if __name__ == "__main__":
    main()
